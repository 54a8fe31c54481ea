"""`warkg wikidata ...`: check, export and compare against Wikidata; reconcile and accept
to find links.

The group lives here, not in warkg.cli.main, so the Wikidata commands stay one module's
job; warkg.cli.main only registers it. Exit codes follow the rest of the tool: 0 ok,
1 the check found mismatches or missing items, 2 bad input or an endpoint that could
not be used (one line on stderr, `warkg: ...`, printed by warkg.cli.main).
"""

from __future__ import annotations

from pathlib import Path

import click
from rdflib import Graph

from warkg import paths
from warkg.errors import InputError
from warkg.rdf import loading
from warkg.rdf.canonical import write_atomically
from warkg.wikidata import accept as accepting
from warkg.wikidata import alignment, project
from warkg.wikidata import check as checking
from warkg.wikidata import compare as comparing
from warkg.wikidata import export as exporting
from warkg.wikidata import reconcile as reconciling
from warkg.wikidata.api import DEFAULT_API, DEFAULT_MAXLAG, SearchApi
from warkg.wikidata.cache import Cache, default_directory
from warkg.wikidata.client import DEFAULT_ENDPOINT, DEFAULT_TIMEOUT, SparqlClient
from warkg.wikidata.figures import war_figures
from warkg.wikidata.qualifiers import qualifiers_from_options

EXIT_OK, EXIT_FAILED = 0, 1

_data_option = click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Turtle file or directory of them (repeatable; default: the shipped triples/).",
)
_endpoint_option = click.option(
    "--endpoint",
    default=DEFAULT_ENDPOINT,
    show_default=True,
    help="SPARQL endpoint URL serving Wikidata-shaped RDF.",
)
_timeout_option = click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=DEFAULT_TIMEOUT,
    show_default=True,
    help="Seconds to wait for each answer.",
)
_ids_option = click.option(
    "--ids",
    "ids_files",
    multiple=True,
    type=click.Path(path_type=Path, dir_okay=False),
    help="Project file of ids you verified (TOML; repeatable) [default: ./warkg-ids.toml "
    "if present, after the shipped empty one].",
)
_item_option = click.option(
    "--item",
    help="QID of the war's Wikidata item (needed: the war's id is not verified).",
)


def _graph(data_paths: tuple[Path, ...]) -> Graph:
    """The data plus the ontology (for the labels of measures and exactness)."""
    graph = loading.load_files(data_paths or [paths.triples_dir()])
    graph += loading.load_ontology()
    return graph


def _write(path: Path, text: str) -> None:
    """Write a file we produce; one line naming it if that is impossible."""
    try:
        if path.exists():
            write_atomically(path, text.encode("utf-8"))
        else:
            path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None


@click.group(
    name="wikidata",
    help="Check, export and compare against Wikidata; reconcile and accept to find links.",
)
def wikidata() -> None:
    pass


@wikidata.command()
@_endpoint_option
@_timeout_option
@_ids_option
@_data_option
def check(
    endpoint: str, timeout: float, ids_files: tuple[Path, ...], data_paths: tuple[Path, ...]
) -> int:
    """Report verified links whose item's English label differs from the label recorded
    in the link (warkg:checkedLabel; in the shipped data, the verified list's entity name,
    not a label read from Wikidata).

    The ids of the project file (--ids, or ./warkg-ids.toml) are checked the same way
    against the labels recorded with them. All items are asked for in one query. Exit 0
    if every label matches, 1 if any differs or is missing, 2 if the endpoint cannot be
    used."""
    links = alignment.verified_links(_graph(data_paths))
    ids = project.load(ids_files)
    client = SparqlClient(endpoint, timeout=timeout)
    results = checking.check_links(links, client)
    for result in results:
        if result.status != "match":
            click.echo(result.line())
    click.echo(checking.summary(results))
    entries = [(v.key, v.id, v.label) for v in ids.all()]
    id_results = checking.check_ids(entries, client)
    for id_result in id_results:
        click.echo(id_result.line())
    if entries:
        matching = sum(r.status == "match" for r in id_results)
        click.echo(
            f"{len(entries)} project-file ids checked against their recorded labels "
            f"({', '.join(str(f) for f in ids.files[1:])}): {matching} match"
        )
    good = all(r.status == "match" for r in [*results, *id_results])
    return EXIT_OK if good else EXIT_FAILED


@wikidata.command()
@_item_option
@click.option(
    "--claimant-property",
    metavar="PID",
    help="Qualifier for whose figure it is, a property you have verified (none is); its "
    "value is the claimant's verified item. Without it, no figure with a claimant is written.",
)
@click.option(
    "--population-property",
    metavar="PID",
    help="Qualifier for whom a figure counts, a property you have verified (none is). "
    "Without it, no figure that counts a population is written.",
)
@click.option(
    "--population-item",
    "population_items",
    metavar="pop:NAME=QID",
    multiple=True,
    help="The item you have verified for one population, as stderr names it (repeatable); "
    "a figure whose population has none is not written.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the QuickStatements here instead of standard output.",
)
@_ids_option
@_data_option
def export(
    item: str | None,
    claimant_property: str | None,
    population_property: str | None,
    population_items: tuple[str, ...],
    output: Path | None,
    ids_files: tuple[Path, ...],
    data_paths: tuple[Path, ...],
) -> int:
    """Write QuickStatements (v1) for our referenced casualty figures on the war item.

    A figure is written only with qualifiers saying whose figure it is and whom it
    counts, from properties and items you give: none is verified, so by default nothing
    is written. Claims that cannot be expressed are listed on stderr, one line each with
    the reason; so are the choices made (e.g. 'wounded' written as number of injured)."""
    graph = _graph(data_paths)
    qid = alignment.war_item(graph, item)
    populations = {f.population_iri for f in war_figures(graph) if f.population_iri is not None}
    ids = project.load(ids_files)
    claimant_property, population_property, population_items, used = project.merge(
        ids, claimant_property, population_property, population_items, populations
    )
    qualifiers = qualifiers_from_options(
        claimant_property, population_property, population_items, populations
    )
    for note in used:
        click.echo(f"note: {note}", err=True)
    result = exporting.quickstatements(graph, qid, qualifiers)
    if output is None:
        click.echo(result.text(), nl=False)
    elif output.exists():
        write_atomically(output, result.text().encode("utf-8"))
    else:
        output.write_text(result.text(), encoding="utf-8")
    for line in result.stderr_lines():
        click.echo(line, err=True)
    return EXIT_OK


@wikidata.command()
@_endpoint_option
@_item_option
@_timeout_option
@_data_option
def compare(endpoint: str, item: str | None, timeout: float, data_paths: tuple[Path, ...]) -> int:
    """Our figures for the war beside the Wikidata item's P1120/P1339/P1446 statements
    (values, qualifiers, rank, references), tab-separated."""
    graph = _graph(data_paths)
    qid = alignment.war_item(graph, item)
    client = SparqlClient(endpoint, timeout=timeout)
    for line in comparing.compare_lines(graph, client, qid):
        click.echo(line)
    return EXIT_OK


@wikidata.command()
@click.option(
    "--api",
    default=DEFAULT_API,
    show_default=True,
    help="MediaWiki API URL answering wbsearchentities.",
)
@_endpoint_option
@click.option(
    "--output",
    "-o",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Write the review file (TSV) here instead of standard output.",
)
@click.option(
    "--limit",
    type=click.IntRange(1, 50),
    default=5,
    show_default=True,
    help="Candidates written per entity at most.",
)
@click.option("--rejected", is_flag=True, help="Also write candidates of a wrong type (score 0).")
@click.option(
    "--cache-dir",
    type=click.Path(path_type=Path, file_okay=False),
    help="Where answers are cached [default: $WARKG_CACHE_DIR or ~/.cache/warkg/wikidata].",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor write the cache.")
@click.option(
    "--maxlag",
    type=click.IntRange(1, 60),
    default=DEFAULT_MAXLAG,
    show_default=True,
    help="The API's maxlag: seconds of replication lag at which it asks us to wait.",
)
@_timeout_option
@_data_option
def reconcile(
    api: str,
    endpoint: str,
    output: Path | None,
    limit: int,
    rejected: bool,
    cache_dir: Path | None,
    no_cache: bool,
    maxlag: int,
    timeout: float,
    data_paths: tuple[Path, ...],
) -> int:
    """Find candidate Wikidata items for every entity whose link is not verified, and
    write them for review (TSV: entity, entity_label, candidate, label, description,
    type, score, evidence, accept). Writes no link: mark the rows to link with `yes` in
    the accept column and run `warkg wikidata accept FILE`.

    Exit 0 when the file is written (even with no candidates), 2 if a service fails."""
    graph = _graph(data_paths)
    cache = None if no_cache else Cache(cache_dir or default_directory())
    search = SearchApi(api, maxlag=maxlag, timeout=timeout, cache=cache)
    sparql = SparqlClient(endpoint, timeout=timeout, cache=cache)
    entities = reconciling.entities_to_reconcile(graph)
    reconciler = reconciling.Reconciler(search, sparql, limit=limit, rejected=rejected)
    rows = reconciler.rows(entities)
    text = reconciling.review_tsv(rows)
    if output is None:
        click.echo(text, nl=False)
    else:
        _write(output, text)
    with_rows = len({row.entity.iri for row in rows})
    click.echo(
        f"{len(entities)} entities without a verified link; {len(rows)} candidates written "
        f"for {with_rows} of them; {reconciler.rejected_count} rejected for their type"
        f"{' (written with score 0)' if rejected else ''}; requests: {search.requests_sent} "
        f"search, {sparql.requests_sent} SPARQL"
        + (f"; cache: {cache.hits} answers reused" if cache is not None else ""),
        err=True,
    )
    return EXIT_OK


@wikidata.command()
@click.argument("review", type=click.Path(path_type=Path, dir_okay=False))
@_endpoint_option
@_timeout_option
@click.option(
    "--links",
    "links_path",
    type=click.Path(path_type=Path, dir_okay=False),
    help="The link records file to update [default: the data's wikidata-links.ttl].",
)
@click.option("--dry-run", is_flag=True, help="Re-check and report; write nothing.")
@_data_option
def accept(
    review: Path,
    endpoint: str,
    timeout: float,
    links_path: Path | None,
    dry_run: bool,
    data_paths: tuple[Path, ...],
) -> int:
    """Turn the rows of REVIEW (a file from `warkg wikidata reconcile`) whose accept
    column says yes into verified link records, each after a live re-check at the
    endpoint: the item's English label read then, the date, and the method.

    Exit 0 if every accepted row was linked, 1 if any was refused (the others are still
    written), 2 for a malformed review file or an endpoint that cannot be used."""
    rows = accepting.read_review(review)
    data_files = loading.expand(data_paths or [paths.triples_dir()])
    if links_path is None:
        named = [f for f in data_files if f.name == "wikidata-links.ttl"]
        if len(named) != 1:
            raise InputError("the data has no single wikidata-links.ttl; name it with --links")
        links_path = named[0]
    extra = [] if links_path.resolve() in {f.resolve() for f in data_files} else [links_path]
    data = loading.load_files([*data_files, *extra, paths.ontology_dir()])
    links = loading.load_files([links_path])
    if not rows:
        click.echo(f"{review}: no row accepted (write yes in the accept column); nothing to do")
        return EXIT_OK
    client = SparqlClient(endpoint, timeout=timeout)  # live: never the cache
    outcomes = accepting.accept_rows(rows, data, links, client, review)
    for outcome in outcomes:
        click.echo(outcome.line())
    linked = [o for o in outcomes if o.refused is None]
    if linked and not dry_run:
        accepting.write_links(links_path, links)
    written = "not written (--dry-run)" if dry_run else f"written to {links_path}"
    click.echo(
        f"{len(outcomes)} accepted rows: {len(linked)} linked, "
        f"{len(outcomes) - len(linked)} refused; " + (written if linked else "nothing written")
    )
    return EXIT_OK if len(linked) == len(outcomes) else EXIT_FAILED
