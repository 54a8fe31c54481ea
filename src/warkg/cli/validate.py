"""`warkg validate` and `warkg fmt`: the commands a data repository's CI runs.

Neither acts on anything the user did not name or is not in the current folder: with no
path they take the Turtle under the current folder (`rdf.discovery`), and exit 2 naming
what to pass when there is none. warkg's own data is validated only when named, or with
`--bundled`.
"""

from __future__ import annotations

import gc
from pathlib import Path

import click

from warkg import paths
from warkg.cli import choices
from warkg.errors import InputError

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


def _discovered(excluded: list[Path], what: str) -> list[Path]:
    """The Turtle files under the current folder, less `excluded` (the shapes and
    ontology files, which are not data); InputError saying what to name if none."""
    from warkg.rdf.discovery import turtle_files_under

    leave_out = {path.resolve() for path in excluded}
    found = [p for p in turtle_files_under(Path(".")) if p.resolve() not in leave_out]
    if not found:
        raise InputError(
            f"no Turtle file (*.ttl) under the current folder ({Path.cwd()}); name the files "
            f"or folders to {what}" + (" (or give --bundled)" if what == "validate" else "")
        )
    return found


@click.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Turtle file or folder of them, like FILES (repeatable).",
)
@click.option(
    "--bundled",
    is_flag=True,
    help="Validate the data shipped with warkg (its triples/) instead of FILES.",
)
@click.option(
    "--shapes",
    "shape_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="SHACL shapes file or folder (repeatable; default: the shipped shapes/).",
)
@click.option(
    "--ontology",
    "ontology_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Ontology file or folder (repeatable; default: the shipped ontology/).",
)
@click.option(
    "--fail-on",
    type=click.Choice(choices.FAIL_ON),
    default=None,
    help="The least severe result that fails the run (exit 1) [default: violation].",
)
@click.option("--strict", is_flag=True, help="The same as --fail-on warning.")
@click.option(
    "--format",
    "report_format",
    type=click.Choice(choices.REPORT_FORMATS),
    default="text",
    show_default=True,
    help="Report format: text for people; json, junit, sarif or github annotations for CI.",
)
@click.option(
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to this file and only the summary line to standard output.",
)
def validate(
    files: tuple[Path, ...],
    data_paths: tuple[Path, ...],
    bundled: bool,
    shape_paths: tuple[Path, ...],
    ontology_paths: tuple[Path, ...],
    fail_on: str | None,
    strict: bool,
    report_format: str,
    output: Path | None,
) -> int:
    """Check Turtle FILES (files or folders; default: every *.ttl under the current
    folder, git-ignored ones left out) together against the ontology and the SHACL
    shapes. Each result names the file and line of the triple at fault."""
    from warkg.rdf import loading, locations
    from warkg.validation import api as validation
    from warkg.validation import model, report_formats, reports

    level = fail_on or ("warning" if strict else "violation")
    try:
        if strict and fail_on not in (None, "warning"):
            raise InputError(f"--strict means --fail-on warning, not --fail-on {fail_on}")
        named = [*files, *data_paths]
        if bundled and named:
            raise InputError("name the files to validate or give --bundled, not both")
        ontology_files = loading.expand(ontology_paths or [paths.ontology_dir()])
        shape_files = loading.expand(shape_paths or [paths.shapes_dir()])
        if bundled:
            data_files = paths.triples_files()
        elif named:
            data_files = loading.expand(named)
        else:
            data_files = _discovered([*ontology_files, *shape_files], "validate")
        ontology = loading.load_files(ontology_files, as_written=True)
        # One graph, handed to pySHACL as it is: no copy of it is made. Literals stay
        # as written (SHACL compares terms as the files write them).
        graph = loading.load_files(data_files, as_written=True)
        if len(graph) == 0:
            names = ", ".join(paths.display_path(path) for path in data_files)
            raise InputError(f"{names}: no triple to validate")
        graph += ontology
        shapes = loading.load_files(shape_files, as_written=True)
        # What is loaded lives until the command ends: left out of garbage collection,
        # it is not traversed again and again while pySHACL makes its many small objects.
        gc.freeze()
        # The ontology only tells its nodes from the data's, unless the data is it.
        is_ontology = {path.resolve() for path in ontology_files}
        own = None if all(path.resolve() in is_ontology for path in data_files) else ontology
        report = validation.validate(graph, shapes, own, fail_on=level, own_data=True)
    except InputError as error:
        if report_format == "github":  # so the bad line is annotated on the pull request
            click.echo(report_formats.github_input_error(error))
        raise
    # Data before ontology: a node described in both is placed where the data has it.
    # Only results need places: a conforming run skips indexing.
    index = locations.LocationIndex.from_files(
        [*data_files, *ontology_files] if report.results else [], reports.wanted(report)
    )
    summary = model.summary(report, graph, graph)
    located = reports.build(report, index, graph, summary)
    rendered = report_formats.render(located, report_format)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")
        click.echo(summary)
    return EXIT_OK if report.passed else EXIT_FAILED


@click.command()
@click.option("--check", is_flag=True, help="Only report files that are not canonical.")
@click.option("--force", is_flag=True, help="Rewrite files even if that drops their comments.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def fmt(check: bool, force: bool, files: tuple[Path, ...]) -> int:
    """Rewrite Turtle FILES (files or folders; default: every *.ttl under the current
    folder, git-ignored ones left out) in canonical form, naming each file rewritten.

    Canonical form cannot keep comments: a file with comments is refused (exit 2)
    unless --force is given."""
    from warkg.rdf import canonical as formatting
    from warkg.rdf import loading
    from warkg.rdf.turtle_comments import first_comment
    from warkg.validation.reports import report_path

    targets = loading.expand(files) if files else _discovered([], "format")
    changed = errors = 0
    for path in targets:
        try:
            if not check and not force:
                _, text = loading.read_turtle(path)
                comment = first_comment(text)
                if comment is not None and not formatting.canonicalise(path).is_canonical:
                    raise InputError.at(
                        paths.display_path(path),
                        *comment,
                        "has comments, which canonical form would drop; not rewritten "
                        "(--force rewrites it without them)",
                    )
            if formatting.format_file(path, check=check):
                changed += 1
                verb = "would reformat" if check else "reformatted"
                click.echo(f"{verb}: {report_path(path)}")
        except InputError as error:
            errors += 1
            click.echo(f"warkg: {error}", err=True)
    if errors:
        return EXIT_INPUT
    if check:
        click.echo(f"{changed} of {len(targets)} files not canonical")
        return EXIT_FAILED if changed else EXIT_OK
    click.echo(f"{changed} of {len(targets)} files reformatted")
    return EXIT_OK
