"""The `warkg` command: validate, fmt, version.

`main(argv)` runs in-process and returns the exit code, so tests call it directly.
Exit codes: 0 ok, 1 validation failed or files not canonical, 2 usage or input error,
130 interrupted (see `warkg.cli.launch`, the console script, for Ctrl-C during imports).
Bad input is reported as one line, `warkg: <message>`, on standard error.
"""

from __future__ import annotations

import importlib
import logging
import sys
from collections.abc import Sequence

import click

from warkg import paths
from warkg.cli.load import load
from warkg.cli.query import COMMANDS as QUERY_COMMANDS
from warkg.cli.validate import fmt, validate
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


# What each optional dependency is installed with (pyproject.toml's extras): a command
# that needs one says which extra to install instead of a traceback.
EXTRAS = {
    "starlette": "serve",
    "uvicorn": "serve",
    "httptools": "serve",
    "uvloop": "serve",
    "jinja2": "serve",
    "reasonable": "reason",
}


def _missing_extra(error: ModuleNotFoundError, args: Sequence[str]) -> str | None:
    """`serve needs the serve extra: pip install 'warkg[serve]' (starlette is not
    installed)`, or None if the missing module is not one of an extra's."""
    module = (error.name or "").partition(".")[0]
    extra = EXTRAS.get(module)
    if extra is None:
        return None
    command = next((a for a in args if not a.startswith("-")), "this command")
    return (
        f"{command} needs the {extra} extra: pip install 'warkg[{extra}]' "
        f"({module} is not installed)"
    )


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
def version() -> int:
    """Print the package version."""
    click.echo(package_version())
    return EXIT_OK


for _command in (validate, fmt, *QUERY_COMMANDS, load):
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
    except ModuleNotFoundError as error:
        message = _missing_extra(error, args)
        if message is None:
            raise
        click.echo(f"warkg: {message}", err=True)
        return EXIT_INPUT
    except OSError as error:
        where = f"{paths.display_path(error.filename)}: " if error.filename else ""
        click.echo(f"warkg: {where}{error.strerror or error}", err=True)
        return EXIT_INPUT
    return result if isinstance(result, int) else EXIT_OK
