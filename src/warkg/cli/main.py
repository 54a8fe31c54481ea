"""The `warkg` command: validate, fmt, version.

`main(argv)` runs in-process and returns the exit code, so tests call it directly.
Exit codes: 0 ok, 1 validation failed or files not canonical, 2 usage or input error,
130 interrupted (see `warkg.cli.launch`, the console script, for Ctrl-C during imports).
Bad input is reported as one line, `warkg: <message>`, on standard error.
"""

from __future__ import annotations

import gc
import importlib
import logging
import sys
from collections.abc import Sequence
from pathlib import Path

import click

from warkg import paths
from warkg.cli import choices
from warkg.cli.load import load
from warkg.cli.query import COMMANDS as QUERY_COMMANDS
from warkg.errors import InputError
from warkg.version import package_version

# Only click and these small modules are imported with the command line: each command
# imports what it needs when it runs, and `serve` and `wikidata` are only imported when
# named (see `_Group`), so `warkg --help` does not pay for rdflib, pySHACL, the SPARQL
# parser, the server or the Wikidata modules (tests/cli/test_cold_start.py checks it).

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2


# Commands defined in modules of their own, imported only when named: the module and
# attribute, and the first paragraph of the command's help, which `warkg --help` lists
# (a test checks it matches the command's own).
LAZY_COMMANDS = {
    "build": (
        "warkg.cli.build:build",
        "Build the graph of articles from their text, wikitext or a dump (default: the "
        "shipped snapshot, with the shipped curation).",
    ),
    "serve": (
        "warkg.cli.serve:serve",
        "Serve the graph read-only over HTTP: a SPARQL 1.1 endpoint (/sparql), the stored "
        "queries (/queries), the whole graph (/graph.ttl) and pages to browse claims and "
        "their sources (/). Stops on Ctrl-C.",
    ),
    "wikidata": (
        "warkg.cli.wikidata:wikidata",
        "Check, export and compare against Wikidata; reconcile and accept to find links.",
    ),
}


class _Group(click.Group):
    """The `warkg` group, with `LAZY_COMMANDS` imported only when one is run or asked
    for by name; the command list in `warkg --help` shows their help without them."""

    _listing = False

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*self.commands, *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        if cmd_name not in self.commands and cmd_name in LAZY_COMMANDS:
            target, summary = LAZY_COMMANDS[cmd_name]
            if self._listing:  # only the one-line help is needed: not worth an import
                return click.Command(cmd_name, help=summary)
            module, _, attribute = target.partition(":")
            self.add_command(getattr(importlib.import_module(module), attribute), cmd_name)
        return super().get_command(ctx, cmd_name)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        self._listing = True
        try:
            super().format_commands(ctx, formatter)
        finally:
            self._listing = False


def _print_version(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if value and not ctx.resilient_parsing:
        click.echo(package_version())
        ctx.exit(EXIT_OK)


@click.group(
    cls=_Group,
    help="A provenance knowledge graph of the Second Nagorno-Karabakh War.",
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--version",
    is_flag=True,
    expose_value=False,
    is_eager=True,
    callback=_print_version,
    help="Print the package version and exit (as `warkg version`).",
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
    from warkg.rdf import loading, locations
    from warkg.validation import api as validation
    from warkg.validation import reports

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
        # What is loaded lives until the command ends: left out of garbage collection,
        # it is not traversed again and again while pySHACL makes its many small objects
        # (a tenth of the time at 1M triples).
        gc.freeze()
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
@click.option("--force", is_flag=True, help="Rewrite files even if that drops their comments.")
@click.argument("files", nargs=-1, type=click.Path(path_type=Path))
def fmt(check: bool, force: bool, files: tuple[Path, ...]) -> int:
    """Rewrite Turtle files in canonical form (default: ontology/, triples/, shapes/).

    Canonical form cannot keep comments: a file with comments is refused (exit 2)
    unless --force is given."""
    from warkg.rdf import canonical as formatting
    from warkg.rdf import loading
    from warkg.rdf.turtle_comments import first_comment

    targets = loading.expand(files) if files else formatting.default_targets()
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
    click.echo(package_version())
    return EXIT_OK


for _command in (*QUERY_COMMANDS, load):
    cli.add_command(_command)


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
        # Point to the help of the command that refused the input, not the group's.
        ctx = getattr(error, "ctx", None)
        where = ctx.command_path if ctx is not None and ctx.command_path else "warkg"
        click.echo(f"warkg: {_one_line(error.format_message())} (see {where} --help)", err=True)
        return EXIT_INPUT
    except click.Abort:
        click.echo("warkg: interrupted", err=True)
        return 130
    except OSError as error:
        where = f"{paths.display_path(error.filename)}: " if error.filename else ""
        click.echo(f"warkg: {where}{error.strerror or error}", err=True)
        return EXIT_INPUT
    return result if isinstance(result, int) else EXIT_OK
