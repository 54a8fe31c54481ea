"""`warkg load`: the ontology and triples (or given files) into a triplestore."""

from __future__ import annotations

from pathlib import Path

import click

from warkg import paths
from warkg.cli import choices, options
from warkg.errors import InputError


@click.command("load")
@click.option("--endpoint", required=True, metavar="URL", help="SPARQL 1.1 query endpoint.")
@click.option(
    "--graph",
    "graph_iri",
    metavar="IRI",
    help="Load into this named graph [default: the default graph; Virtuoso needs one].",
)
@click.option(
    "--gsp",
    "gsp_url",
    metavar="URL",
    help="Graph Store Protocol URL [default: where the store's layout puts it: Oxigraph "
    "/store, Fuseki /DATASET/data, Virtuoso /sparql-graph-crud].",
)
@click.option(
    "--update",
    "update_url",
    metavar="URL",
    help="Load with SPARQL Update INSERT DATA at this URL instead of the Graph Store Protocol.",
)
@click.option("--append", is_flag=True, help="Add to the graph (POST), not replace it (PUT).")
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Upload these files or folders (Turtle, or the N-Quads `warkg build` writes for "
    "several articles, as one graph) with the shipped ontology, instead of the shipped "
    "triples/ (repeatable).",
)
@click.option("--reason", is_flag=True, help="Upload the OWL 2 RL closure as well.")
@options.REASONER
@options.METHOD
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=choices.DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="HTTP timeout for each request.",
)
def load(
    endpoint: str,
    graph_iri: str | None,
    gsp_url: str | None,
    update_url: str | None,
    append: bool,
    data_paths: tuple[Path, ...],
    reason: bool,
    reasoner: str | None,
    method: str,
    timeout: float,
) -> int:
    """Upload the ontology and triples into a triplestore (Graph Store Protocol, or SPARQL
    Update), and report what the store counts in the graph before and after."""
    if gsp_url and update_url:
        raise InputError("give --gsp URL or --update URL, not both")
    from warkg.engines.upload import load_remote
    from warkg.rdf import loading

    engine = reasoner or (options.DEFAULT_REASONER if reason else False)
    graph = loading.load_files([paths.ontology_dir(), *data_paths]) if data_paths else None
    report = load_remote(
        endpoint,
        graph,
        gsp_url=gsp_url,
        update_url=update_url,
        target_graph=graph_iri,
        replace=not append,
        reason=engine,
        method=method,
        timeout=timeout,
    )
    click.echo(report.message())
    return 0
