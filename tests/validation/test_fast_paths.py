"""The command line's fast paths give the same answers as the reference paths.

benchmarks/run.py made the command line default to pyoxigraph (not rdflib) for queries,
load `--data` files straight into pyoxigraph, reason with reasonable (not owlrl) unless
the graph needs owlrl, cache prepared SPARQL, and let pySHACL parse each SPARQL
constraint once. Each is kept only because it gives identical results, which these
tests check on the shipped data. Tests done elsewhere are not repeated: every stored
query on every backend against its expected file (test_stored_queries.py) and the two
reasoners' closures (test_reasoning.py, which pins their difference to schema-level
families).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from unittest import mock

import pytest
from rdflib import Graph, Literal, URIRef, plugin
from rdflib.namespace import OWL, SH
from rdflib.plugins.sparql import processor
from rdflib.query import Processor

from tests.support.reference_reports import plain_reports
from tests.validation.test_shapes_on_broken_data import BROKEN as SHAPE_CASES
from tests.wikidata.test_wikidata_alignment import BROKEN as ALIGNMENT_CASES
from warkg import open_graph, paths
from warkg.catalogue.run import execute, list_queries
from warkg.cli import main as cli
from warkg.cli import query as query_commands
from warkg.engines.oxigraph import OxigraphBackend
from warkg.rdf import loading
from warkg.rdf.namespaces import WSH
from warkg.rdf.terms import shorten_term
from warkg.reasoning import closure as reasoning
from warkg.results.model import Result
from warkg.sparql import checks as sparql
from warkg.validation import (
    api as validation,
)
from warkg.validation import (
    census as shacl_census,
)
from warkg.validation import (
    parallel as shacl_parallel,
)
from warkg.validation import (
    targets as shacl_targets,
)

QUERIES = list_queries()
NAMES = [query.name for query in QUERIES]


def test_queries_found() -> None:
    assert len(QUERIES) == 13


def _rows(result: Result) -> list[tuple[str, ...]]:
    return sorted(
        tuple("" if row[v] is None else row[v].n3() for v in result.variables)
        for row in result.rows
    )


def _cli_json(capsys: pytest.CaptureFixture[str], *args: str) -> dict:
    code = cli.main(["query", *args, "-f", "json"])
    out, err = capsys.readouterr()
    assert code in (0, 1), err
    return json.loads(out)


# ---- the default backend ----------------------------------------------------------------


def test_default_backend_is_oxigraph() -> None:
    assert query_commands.DEFAULT_BACKEND == "oxigraph"


@pytest.mark.parametrize("name", NAMES)
def test_default_backend_prints_what_rdflib_prints(
    capsys: pytest.CaptureFixture[str], name: str
) -> None:
    by_default = _cli_json(capsys, name)
    by_reference = _cli_json(capsys, name, "--backend", "rdflib")
    assert by_default["head"] == by_reference["head"]
    key = lambda binding: json.dumps(binding, sort_keys=True)  # noqa: E731
    assert sorted(by_default["results"]["bindings"], key=key) == sorted(
        by_reference["results"]["bindings"], key=key
    )


@pytest.fixture(scope="module")
def data_copy(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped triples/ in a folder of their own, to pass as --data."""
    folder = tmp_path_factory.mktemp("data") / "triples"
    shutil.copytree(paths.triples_dir(), folder)
    return folder


@pytest.mark.parametrize("name", NAMES)
def test_data_loaded_straight_into_oxigraph_gives_the_same_rows(
    data_copy: Path, name: str, rdflib_backend
) -> None:
    """`--data` on oxigraph skips rdflib: Turtle goes straight into pyoxigraph."""
    query = next(q for q in QUERIES if q.name == name)
    with mock.patch.object(loading, "load_files", side_effect=AssertionError):
        direct = query_commands._open("oxigraph", None, (data_copy,), False, None, 10.0)
    assert isinstance(direct, OxigraphBackend)
    assert _rows(execute(direct, query, {})) == _rows(execute(rdflib_backend, query, {}))


def test_data_syntax_error_still_has_a_position(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a ex:b ex:c ;\n", encoding="utf-8")
    code = cli.main(["query", "casualty-figures", "--data", str(bad)])
    _, err = capsys.readouterr()
    assert code == 2
    assert err.startswith(f"warkg: {paths.display_path(bad)}:3:1: bad syntax"), err


# ---- the default reasoner -----------------------------------------------------------------


def test_auto_engine_picks_reasonable_for_the_shipped_ontology(
    ontology_graph: Graph, data_graph: Graph
) -> None:
    assert query_commands.DEFAULT_REASONER == "auto"
    assert reasoning.auto_engine(ontology_graph + data_graph) == "reasonable"


def test_auto_engine_falls_back_to_owlrl() -> None:
    """reasonable would silently skip a property chain; auto leaves it to owlrl."""
    graph = Graph()
    graph.parse(
        data="""
        @prefix owl: <http://www.w3.org/2002/07/owl#> .
        @prefix ex: <http://example.org/> .
        ex:uncle owl:propertyChainAxiom ( ex:parent ex:brother ) .
        ex:a ex:parent ex:b . ex:b ex:brother ex:c .
        """,
        format="turtle",
    )
    assert (None, OWL.propertyChainAxiom, None) in graph
    assert reasoning.auto_engine(graph) == "owlrl"
    closure = reasoning.reason(graph, engine="auto")
    ex = "http://example.org/"
    assert (URIRef(ex + "a"), URIRef(ex + "uncle"), URIRef(ex + "c")) in closure


@pytest.fixture(scope="module")
def reasoned_backends():
    """The shipped data's closure: the command line's default (auto, on oxigraph) and
    the reference (owlrl, on rdflib)."""
    return open_graph("oxigraph", reason="auto"), open_graph("rdflib", reason="owlrl")


@pytest.mark.parametrize("name", NAMES)
def test_stored_queries_over_the_closure_agree(reasoned_backends, name: str) -> None:
    fast, reference = reasoned_backends
    query = next(q for q in QUERIES if q.name == name)
    assert _rows(execute(fast, query, {})) == _rows(execute(reference, query, {}))


# ---- caches ------------------------------------------------------------------------------


def test_prepared_queries_are_reused_and_errors_are_not_cached() -> None:
    text = "SELECT ?s WHERE { ?s ?p ?o }"
    assert sparql.prepare(text, "q") is sparql.prepare(text, "q")
    for _ in range(2):
        with pytest.raises(Exception, match="q:1"):
            sparql.prepare("SELECT ?s WHERE {", "q")


def test_parameters_still_bind_per_run(rdflib_backend, oxigraph_backend) -> None:
    """A cached prepared query runs again with other bindings (rdflib initBindings)."""
    query = next(q for q in QUERIES if q.name == "reference-supports")
    for backend in (rdflib_backend, oxigraph_backend):
        first = _rows(execute(backend, query, {"reference": 10}))
        second = _rows(execute(backend, query, {"reference": 57}))
        assert first and second and first != second
        assert _rows(execute(backend, query, {"reference": 10})) == first


def _broken_where_sparql_looks(data_graph: Graph) -> Graph:
    """A fact claim without its plain triple (FactClaimShape), a duplicate reference
    number and an undeclared term."""
    from rdflib.namespace import XSD

    from warkg.rdf.namespaces import CLAIM, EVENT, REF, WARKG

    broken = Graph()
    broken += data_graph
    broken.remove((EVENT["second-nagorno-karabakh-war"], WARKG.endDate, None))
    broken.remove((REF["58"], WARKG.referenceNumber, None))
    broken.add((REF["58"], WARKG.referenceNumber, Literal("57", datatype=XSD.positiveInteger)))
    broken.add((CLAIM["armenia-artsakh-servicemen-killed"], WARKG.confidence, Literal("high")))
    return broken


def _variant_graph(case: tuple, data_graph: Graph, ontology_graph: Graph) -> Graph:
    broken = Graph()
    broken += data_graph
    broken += ontology_graph
    case[1](broken)
    return broken


@pytest.fixture(scope="module")
def plain(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> dict[str, tuple[Graph, validation.ValidationReport]]:
    """Each graph the tests below validate, with plain pySHACL's report on it (the
    reference), computed two at a time in other processes (`reference_reports`)."""
    graphs: dict[str, tuple[Graph, Graph | None]] = {
        "shipped": (data_graph, ontology_graph),
        "broken-where-sparql-looks": (_broken_where_sparql_looks(data_graph), ontology_graph),
    }
    for case in VARIANTS:
        graphs[case[0]] = (_variant_graph(case, data_graph, ontology_graph), None)
    reports = plain_reports(graphs, shapes_graph)
    return {name: (graphs[name][0], reports[name]) for name in graphs}


def test_shacl_query_cache_changes_no_result_on_the_shipped_data(
    plain: dict, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    original = processor.SPARQLProcessor.query
    graph, uncached = plain["shipped"]
    cached = validation.validate(graph, shapes_graph, ontology_graph)
    assert cached == uncached
    assert cached.conforms
    assert processor.SPARQLProcessor.query is original
    assert plugin.get("sparql", Processor) is processor.SPARQLProcessor  # the patch is undone


def test_shacl_query_cache_changes_no_result_on_broken_data(
    plain: dict, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    """Broken where the SPARQL constraints look (`_broken_where_sparql_looks`)."""
    broken, uncached = plain["broken-where-sparql-looks"]
    cached = validation.validate(broken, shapes_graph, ontology_graph)
    assert cached == uncached
    shapes = {result.source_shape for result in cached.results}
    assert {
        "wsh:FactClaimShape",
        "wsh:ReferenceNumberShape",
        "wsh:UsedTermShape-declared",
    } <= shapes


# Broken variants from the two shape test modules whose failing shape is one that the
# accelerated path changes (a target answered by pyoxigraph), and three that it does not.
ACCELERATED_SHAPES = (
    "wsh:UsedTermShape",
    "wsh:OntologyTermShape",
    "wsh:OntologyNamespaceTermShape",
    "wsh:VerifiedWikidataLinkShape",
    "wsh:UnverifiedWikidataLinkShape",
)
VARIANTS = [
    case
    for case in [*SHAPE_CASES, *ALIGNMENT_CASES]
    if case[2][0].startswith(ACCELERATED_SHAPES)
    or case[0] in ("claim-with-no-reference", "negative-count", "malformed-date")
]


def test_accelerated_variants_found() -> None:
    assert [case[0] for case in VARIANTS] == [
        "claim-with-no-reference",
        "negative-count",
        "malformed-date",
        "term-not-in-the-ontology",
        "class-not-in-the-ontology",
        "ontology-term-without-definition",
        "class-declared-without-definition-or-isDefinedBy",
        "class-declared-without-isDefinedBy",
        "verified-record-without-label",
        "verified-record-without-its-exact-match",
        "unverified-record-names-an-item",
    ]


@pytest.mark.parametrize("case", VARIANTS, ids=[case[0] for case in VARIANTS])
def test_accelerated_validation_reports_what_plain_pyshacl_reports(
    case: tuple, plain: dict, shapes_graph: Graph
) -> None:
    name, _, (shape, focus, _) = case
    broken, reference = plain[name]
    fast = validation.validate(broken, shapes_graph)
    assert fast == reference
    assert any(r.source_shape == shape and r.focus == focus for r in fast.results)


def test_proven_plain_targets_are_answered_by_pyoxigraph(
    data_graph: Graph, shapes_graph: Graph
) -> None:
    """The shipped shapes' five SPARQL targets are in the fragment pyoxigraph answers as
    rdflib does (validation.fragment) and become sh:targetNode lists, with no mark read;
    a target outside it (a literal constant, STR of what may be a blank node), or one
    whose answers include a literal, is left to pySHACL."""
    replaced = shacl_targets.materialise(data_graph, shapes_graph)
    targeted = {s for s, _ in shapes_graph.subject_objects(SH.target)}
    assert {shorten_term(s) for s in targeted} == {
        "wsh:UsedTermShape",
        "wsh:OntologyTermShape",
        "wsh:OntologyNamespaceTermShape",
        "wsh:VerifiedWikidataLinkShape",
        "wsh:UnverifiedWikidataLinkShape",
        "wsh:StructuredReferenceShape",
    }
    assert (None, WSH.literalIndependent, None) not in shapes_graph
    for shape in targeted:
        assert (shape, SH.target, None) not in replaced
    verified = set(replaced.objects(WSH.VerifiedWikidataLinkShape, SH.targetNode))
    assert len(verified) == 13
    target = next(shapes_graph.objects(WSH.UsedTermShape, SH.target))
    for select in (
        "SELECT ?this WHERE { ?this rdfs:label 'x' }",  # a literal constant
        "SELECT ?this WHERE { ?this ?p ?o FILTER(STRSTARTS(STR(?this), 'h')) }",  # no isIRI
        "SELECT ?this WHERE { ?s rdfs:label ?this }",  # answers are literals
    ):
        changed = Graph()
        changed += shapes_graph
        changed.set((target, SH.select, Literal(select)))
        answered = shacl_targets.materialise(data_graph, changed)
        assert (WSH.UsedTermShape, SH.target, target) in answered, select


def test_own_data_validates_the_graph_as_it_is_and_leaves_it_unchanged(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    """The command line hands its one loaded graph to pySHACL without a copy: the same
    results as the copying path, and the graph is not written to."""
    graph = Graph()
    graph += data_graph
    graph += ontology_graph
    graph.remove((URIRef("https://w3id.org/warkg/id/reference/57"), None, None))
    before = set(graph)
    owned = validation.validate(graph, shapes_graph, own_data=True)
    assert set(graph) == before
    assert owned == validation.validate(graph, shapes_graph)
    assert not owned.conforms
    # The ontology, given with own_data, only tells the data's nodes from its own.
    assert validation.validate(graph, shapes_graph, ontology_graph, own_data=True) == owned


@pytest.mark.parametrize(
    "case",
    [case for case in VARIANTS if case[0] in ("claim-with-no-reference", "negative-count",
                                              "unverified-record-names-an-item")],
    ids=lambda case: case[0],
)  # fmt: skip
def test_shapes_shared_out_among_processes_report_what_one_process_reports(
    case: tuple, data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    """Large graphs are validated by forked workers, a shape at a time (shacl_parallel);
    forced here on the shipped graph, broken three ways."""
    _, mutate, (shape, focus, _) = case
    broken = Graph()
    broken += data_graph
    broken += ontology_graph
    mutate(broken)
    shared = validation.validate(broken, shapes_graph, workers=2)
    assert shared == validation.validate(broken, shapes_graph, workers=1)
    assert any(r.source_shape == shape and r.focus == focus for r in shared.results)


def test_every_shape_with_focus_nodes_is_shared_out(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    """Our shapes, their SPARQL targets answered (`shacl_targets`), hold nothing the
    shared-out path is not proven for, so a large graph really is validated by workers."""
    graph = Graph()
    graph += data_graph
    graph += ontology_graph
    checked = shacl_targets.materialise(graph, shapes_graph)
    found = shacl_census.take(checked, graph)
    assert shacl_parallel.unsafe(checked, list(found.focus)) is None
    assert shacl_parallel.unsafe(shapes_graph, list(found.focus)) == "a shape has an sh:target"
    targeted = shacl_parallel.largest_first(found.focus)
    assert targeted[0] == WSH.TypedNodeShape  # the most focus nodes
    assert {WSH.ClaimShape, WSH.UsedTermShape, WSH.ReferenceShape} <= set(targeted)
    alone = shacl_parallel.only(checked, WSH.ClaimShape)
    assert set(alone.subjects(SH.targetClass, None)) == {WSH.ClaimShape}
    assert (WSH.ReferenceShape, SH.property, None) in alone  # still there to refer to
    assert dict(alone.namespaces()) == dict(checked.namespaces())  # prefixes kept
    report = validation.validate(graph, shapes_graph, workers=2)
    assert report.shared_out
