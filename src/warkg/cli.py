"""The `warkg` command: validate, fmt, version.

`main(argv)` runs in-process and returns the exit code, so tests call it directly.
Exit codes: 0 ok, 1 validation failed or files not canonical, 2 usage or input error.
Bad input is reported as one line, `warkg: <message>`, on standard error.
"""

from __future__ import annotations

import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from warkg import __version__, formatting, loading, locations, paths, reports, validation
from warkg.errors import InputError
from warkg.query_commands import COMMANDS as QUERY_COMMANDS
from warkg.server.command import serve
from warkg.wikidata.cli import wikidata

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


@click.group(
    help="A provenance knowledge graph of the Second Nagorno-Karabakh War.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
def cli() -> None:
    pass


@cli.command()
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
@click.option("--strict", is_flag=True, help="Fail on warnings as well as violations.")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Turtle file or directory of them, like FILES (repeatable).",
)
@click.option(
    "--shapes",
    "shape_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="SHACL shapes file or directory (repeatable; default: the shipped shapes/).",
)
@click.option(
    "--ontology",
    "ontology_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Ontology file or directory (repeatable; default: the shipped ontology/).",
)
@click.option(
    "--format",
    "report_format",
    type=click.Choice(reports.FORMATS),
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
    strict: bool,
    data_paths: tuple[Path, ...],
    shape_paths: tuple[Path, ...],
    ontology_paths: tuple[Path, ...],
    report_format: str,
    output: Path | None,
) -> int:
    """Check Turtle FILES (files or folders; default: the shipped triples/) against the
    ontology and the SHACL shapes. Each result names the file and line of its focus node.
    """
    try:
        ontology_files = loading.expand(ontology_paths or [paths.ontology_dir()])
        data_files = loading.expand([*files, *data_paths] or [paths.triples_dir()])
        # One graph, handed to pySHACL as it is: no copy of it is made. Literals stay
        # as written (SHACL compares terms as the files write them).
        graph = loading.load_files(data_files, as_written=True)
        if len(graph) == 0:
            names = ", ".join(paths.display_path(path) for path in data_files)
            raise InputError(f"{names}: no triple to validate")
        for path in ontology_files:
            loading.parse_into(graph, path, as_written=True)
        shapes = loading.load_files(shape_paths or [paths.shapes_dir()], as_written=True)
        report = validation.validate(graph, shapes, strict=strict, own_data=True)
    except InputError as error:
        if report_format == "github":  # so the bad line is annotated on the pull request
            click.echo(reports.github_input_error(error))
        raise
    # Data before ontology: a node described in both is placed where the data has it.
    # Only results need places: a conforming run skips indexing (a tenth of its time).
    index = locations.LocationIndex.from_files(
        [*data_files, *ontology_files] if report.results else []
    )
    summary = validation.summary(report, graph, graph)
    located = reports.build(report, index, graph, summary, strict=strict)
    rendered = reports.render(located, report_format)
    if output is None:
        click.echo(rendered, nl=False)
    else:
        output.write_text(rendered, encoding="utf-8")
        click.echo(summary)
    return EXIT_OK if report.passed else EXIT_FAILED


@cli.command()
@click.option("--check", is_flag=True, help="Only report files that are not canonical.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def fmt(check: bool, files: tuple[Path, ...]) -> int:
    """Rewrite Turtle files in canonical form (default: ontology/, triples/, shapes/)."""
    targets = loading.expand(files) if files else formatting.default_targets()
    changed = errors = 0
    for path in targets:
        try:
            if formatting.format_file(path, check=check):
                changed += 1
                verb = "would reformat" if check else "reformatted"
                click.echo(f"{verb}: {paths.display_path(path)}")
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


@cli.command()
def version() -> int:
    """Print the package version."""
    click.echo(__version__)
    return EXIT_OK


for _command in QUERY_COMMANDS:  # queries, query, sparql, load
    cli.add_command(_command)
cli.add_command(wikidata)
cli.add_command(serve)


def _one_line(text: str) -> str:
    return " ".join(text.split())


def main(argv: Sequence[str] | None = None) -> int:
    """Run the CLI; return the exit code instead of exiting (the console script exits)."""
    args = list(sys.argv[1:] if argv is None else argv)
    # rdflib logs a full traceback for each ill-typed literal; SHACL reports those.
    logging.getLogger("rdflib").setLevel(logging.ERROR)
    try:
        result = cli.main(args=args, prog_name="warkg", standalone_mode=False)
    except InputError as error:
        click.echo(f"warkg: {error}", err=True)
        return EXIT_INPUT
    except click.exceptions.NoArgsIsHelpError as error:
        click.echo(error.ctx.get_help() if error.ctx else "", err=True)
        return EXIT_INPUT
    except click.ClickException as error:
        click.echo(f"warkg: {_one_line(error.format_message())} (see warkg --help)", err=True)
        return EXIT_INPUT
    except click.Abort:
        click.echo("warkg: interrupted", err=True)
        return 130
    except OSError as error:
        where = f"{paths.display_path(error.filename)}: " if error.filename else ""
        click.echo(f"warkg: {where}{error.strerror or error}", err=True)
        return EXIT_INPUT
    return result if isinstance(result, int) else EXIT_OK
