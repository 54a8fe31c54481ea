"""The query commands of `warkg`: queries, query, sparql (`load` is in `warkg.cli.load`).

`warkg.cli.main` adds them to the `warkg` group. Errors are raised as InputError, which
`main` prints as one line with exit 2.
"""

from __future__ import annotations

import os
import sys
import textwrap
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import click

from warkg import paths
from warkg.cli import choices, options
from warkg.cli.options import DEFAULT_BACKEND, DEFAULT_REASONER
from warkg.errors import InputError

if TYPE_CHECKING:
    from warkg.results.model import Result

# The engines, rdflib and the query catalogue are imported inside each command, when it
# runs: `warkg --help` imports this module and must stay cheap (see warkg.cli.main).

_BACKEND_HELP = (
    "Where to run: oxigraph (default), rdflib (the reference), or remote (default with --endpoint)."
)


_GRAPH_QUERY = click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Query this named graph of the endpoint as the default graph (default-graph-uri).",
)


def _backend_options(command):
    """The options `query` and `sparql` share, in the order --help shows them."""
    decorators = [
        click.option(
            "--format",
            "-f",
            "fmt",
            type=click.Choice(choices.RESULT_FORMATS),
            default="table",
            show_default=True,
            help="Output format (csv, tsv and json follow the SPARQL 1.1 results specs).",
        ),
        click.option("--backend", "-b", type=click.Choice(choices.BACKENDS), help=_BACKEND_HELP),
        click.option(
            "--data",
            "data_paths",
            multiple=True,
            type=click.Path(path_type=Path),
            help="Query these Turtle files or folders (repeatable; default: the shipped "
            "triples/), with the shipped ontology. Embedded backends only.",
        ),
        click.option("--endpoint", metavar="URL", help="SPARQL 1.1 query endpoint (remote)."),
        options.METHOD,
        _GRAPH_QUERY,
        click.option("--reason", is_flag=True, help="Query the OWL 2 RL closure (embedded)."),
        options.REASONER,
        click.option(
            "--allow-remote",
            is_flag=True,
            help="Let the query use SERVICE and FROM (refused by default).",
        ),
        click.option(
            "--timeout",
            type=click.FloatRange(min=0, min_open=True),
            metavar="SECONDS",
            help="Time limit: for the query on an embedded engine [default: "
            f"{choices.EMBEDDED_TIMEOUT:g}; then exit code 3], for each HTTP request to an "
            f"endpoint [default: {choices.DEFAULT_TIMEOUT:g}].",
        ),
        click.option(
            "--max-width",
            type=click.IntRange(min=0),
            metavar="CHARACTERS",
            help="Table format: cut text longer than this [default: none, only what the "
            "terminal's width needs] (0: never cut, not even to fit).",
        ),
        click.option(
            "--width",
            type=click.IntRange(min=0),
            metavar="COLUMNS",
            help="Table format: cut the widest columns until the table fits this many "
            "characters [default: the terminal's width; none when not a terminal].",
        ),
        click.option(
            "--all-columns",
            is_flag=True,
            help="Table format: also show columns that repeat another (amount beside "
            "statedAs, lowerBound).",
        ),
    ]
    for option in reversed(decorators):
        command = option(command)
    return command


def _open(
    backend: str | None,
    endpoint: str | None,
    data_paths: tuple[Path, ...],
    reason: bool,
    reasoner: str | None,
    timeout: float | None,
    method: str = "auto",
    graph_iri: str | None = None,
):
    from warkg.engines.opening import open_graph
    from warkg.engines.oxigraph import OxigraphBackend, oxigraph_store_of_files
    from warkg.rdf import loading

    chosen = backend or ("remote" if endpoint else DEFAULT_BACKEND)
    if chosen != "remote" and (graph_iri or method != "auto"):
        option = "--graph" if graph_iri else "--method"
        raise InputError(f"{option} applies to the remote backend only (--endpoint URL)")
    engine = reasoner or (DEFAULT_REASONER if reason else False)
    graph = None
    if data_paths:
        if chosen == "remote":
            raise InputError(
                "--data needs an embedded backend (rdflib or oxigraph); "
                "an endpoint queries the data it holds"
            )
        sources = [paths.ontology_dir(), *data_paths]
        if chosen == "oxigraph" and not engine and not endpoint:
            # Straight into pyoxigraph, not through an rdflib graph (far faster to load).
            store = oxigraph_store_of_files(loading.expand(sources))
            return OxigraphBackend(store)
        graph = loading.load_files(sources)
    remote = {"method": method, "named_graph": graph_iri} if chosen == "remote" else {}
    http_timeout = timeout or choices.DEFAULT_TIMEOUT
    return open_graph(
        chosen,
        endpoint,
        engine,
        graph=graph,
        timeout=http_timeout,
        owned=graph is not None,
        **remote,
    )


EXIT_TIMEOUT = 3


@contextmanager
def _time_limit(seconds: float | None, embedded: bool) -> Iterator[None]:
    """Stop the command with one line and EXIT_TIMEOUT when an embedded engine's query
    runs past `seconds`. Neither engine can cancel a query in progress, and pyoxigraph
    evaluates it without holding the GIL, so a timer thread ends the process itself:
    the command has written nothing yet (the answer is written after the limit)."""
    if not embedded:
        yield
        return
    limit = seconds or choices.EMBEDDED_TIMEOUT

    def stop() -> None:
        sys.stderr.write(
            f"warkg: the query ran past --timeout {limit:g} s and was stopped "
            "(give a larger --timeout if it should run longer)\n"
        )
        sys.stderr.flush()
        os._exit(EXIT_TIMEOUT)

    timer = threading.Timer(limit, stop)
    timer.daemon = True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()


def _warn(lines: list[str]) -> None:
    for line in lines:
        click.echo(line, err=True)


def _write(
    result: Result, fmt: str, max_width: int | None, width: int | None, all_columns: bool
) -> None:
    """Write `result`; a table leaves out repeated columns (unless `all_columns`) and
    fits the terminal (or `width`), and says what it left out."""
    from warkg.results.formats import format_result
    from warkg.results.table import omitted_columns, terminal_width, without

    omitted = [] if fmt != "table" or all_columns else omitted_columns(result.variables)
    fit = terminal_width() if width is None else width
    click.echo(format_result(without(result, omitted), fmt, max_width=max_width, fit=fit), nl=False)
    if omitted:
        click.echo(f"({', '.join(omitted)} left out as they repeat other columns: --all-columns)")


def _parse_params(pairs: tuple[str, ...]) -> dict[str, str]:
    params: dict[str, str] = {}
    for pair in pairs:
        name, equals, value = pair.partition("=")
        name = name.strip()
        if not equals or not name:
            raise InputError(f"--param expects NAME=VALUE, got {pair!r}")
        if name in params:
            raise InputError(f"parameter {name!r} given twice")
        params[name] = value
    return params


@click.command("queries")
@click.argument("name", required=False)
def queries(name: str | None) -> int:
    """List the stored queries, or describe one."""
    from warkg.catalogue import stored as stored_queries

    if name:
        query = stored_queries.get_query(name)
        lines = [query.name, "", *textwrap.wrap(query.summary, 88), ""]
        lines += [*textwrap.wrap(query.description, 88), ""]
        if query.params:
            lines.append("Parameters:")
            for param in query.params:
                lines.append(f"  {param.describe()}")
                lines += textwrap.wrap(
                    param.description, 84, initial_indent="    ", subsequent_indent="    "
                )
            example = " ".join(f"--param {p.name}={p.default or 'VALUE'}" for p in query.params)
            lines += ["", f"Example: warkg query {query.name} {example}"]
        else:
            lines += ["No parameters.", "", f"Example: warkg query {query.name}"]
        click.echo("\n".join(lines))
        return 0
    found = stored_queries.list_queries()
    width = max((len(q.name) for q in found), default=0)
    for query in found:
        click.echo(f"{query.name.ljust(width)}  {query.summary}")
        for param in query.params:
            click.echo(f"{'':{width}}    param {param.describe()}")
    click.echo(f"\n{len(found)} stored queries; `warkg queries NAME` describes one.")
    return 0


@click.command("query")
@click.argument("name")
@click.option(
    "--param",
    "-p",
    "params",
    multiple=True,
    metavar="NAME=VALUE",
    help="A parameter value (repeatable); see `warkg queries NAME`.",
)
@_backend_options
def query(
    name: str,
    params: tuple[str, ...],
    fmt: str,
    backend: str | None,
    data_paths: tuple[Path, ...],
    endpoint: str | None,
    method: str,
    graph_iri: str | None,
    reason: bool,
    reasoner: str | None,
    allow_remote: bool,
    timeout: float | None,
    max_width: int | None,
    width: int | None,
    all_columns: bool,
) -> int:
    """Run the stored query NAME (`warkg queries` lists them).

    Exit code 1 when a `*-violation` query returns rows."""
    from warkg.catalogue import explain
    from warkg.catalogue import quick as quick_query
    from warkg.catalogue import run as querying
    from warkg.catalogue import stored as stored_queries

    stored = stored_queries.get_query(name)
    values = _parse_params(params)
    quick = (
        method == "auto"
        and not graph_iri
        and quick_query.applies(backend, endpoint, data_paths, reason, reasoner, DEFAULT_BACKEND)
    )
    # Bad parameters fail before any data is loaded.
    bind = stored_queries.bind_oxigraph if quick else stored_queries.bind
    bound = bind(stored, values)
    remote = bool(endpoint) or backend == "remote"
    graph = store = None
    with _time_limit(timeout, embedded=not remote):
        if quick and (store := quick_query.shipped_store()) is not None:
            result = quick_query.run(stored, bound, store)  # the same rows, no rdflib
        else:
            result = None
    if result is None:
        graph = _open(backend, endpoint, data_paths, reason, reasoner, timeout, method, graph_iri)
        with _time_limit(timeout, embedded=not remote):
            result = querying.execute(graph, stored, values, allow_remote=allow_remote)
    _write(result, fmt, max_width, width, all_columns)
    if not remote:
        lookup = explain.for_store(store) if graph is None else explain.for_backend(graph)
        _warn(explain.parameter_warnings(lookup, values, bound))
    # A check in the ODK style: any row of a *-violation query is a failure.
    return 1 if stored.name.endswith("-violation") and result.rows else 0


@click.command("sparql")
@click.argument("file", type=click.Path(path_type=Path, allow_dash=True))
@_backend_options
def sparql(
    file: Path,
    fmt: str,
    backend: str | None,
    data_paths: tuple[Path, ...],
    endpoint: str | None,
    method: str,
    graph_iri: str | None,
    reason: bool,
    reasoner: str | None,
    allow_remote: bool,
    timeout: float | None,
    max_width: int | None,
    width: int | None,
    all_columns: bool,
) -> int:
    """Run an ad-hoc SELECT query from FILE, or standard input with `-`.

    Our prefixes (claim:, ref:, warkg:, ...) are predeclared. Queries are read-only."""
    from warkg.catalogue import run as querying

    if str(file) == "-":
        name, text = "<stdin>", click.get_text_stream("stdin").read()
    else:
        name = paths.display_path(file)
        try:
            text = file.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise InputError(f"{name}: no such file") from None
        except IsADirectoryError:
            raise InputError(f"{name}: is a directory, not a query file") from None
        except UnicodeDecodeError:
            raise InputError(f"{name}: not UTF-8") from None
    from warkg.sparql import checks  # check before loading any data (linear time)

    checked = checks.check(text, name, allow_remote=allow_remote)
    graph = _open(backend, endpoint, data_paths, reason, reasoner, timeout, method, graph_iri)
    remote = graph.name == "remote"
    with _time_limit(timeout, embedded=not remote):
        result = querying.run_sparql(graph, checked, name=name, allow_remote=allow_remote)
    _write(result, fmt, max_width, width, all_columns)
    if not remote:
        from warkg.catalogue import explain

        _warn(explain.query_warnings(explain.for_backend(graph), checked.text))
    return 0


COMMANDS = (queries, query, sparql)
