"""Data read back from a store still validates: the shapes check what an integer means
(its value range), not which integer subtype a store kept.

Oxigraph (embedded and server) stores xsd:positiveInteger and xsd:nonNegativeInteger
values as xsd:integer; with shapes that asked for the subtype, the shipped data dumped
from pyoxigraph gave 261 violations.
"""

from __future__ import annotations

from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal
from rdflib.namespace import XSD

from warkg import paths
from warkg.cli import main as cli
from warkg.engines.oxigraph import oxigraph_store_of_files
from warkg.rdf.namespaces import CLAIM, REF, WARKG
from warkg.validation.api import validate

KILLED = CLAIM["armenia-artsakh-servicemen-killed"]


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The shipped triples loaded into pyoxigraph and dumped again as Turtle."""
    store = oxigraph_store_of_files(paths.triples_files())
    dump = tmp_path_factory.mktemp("roundtrip") / "dump.ttl"
    dump.write_bytes(
        store.dump(format=pyoxigraph.RdfFormat.TURTLE, from_graph=pyoxigraph.DefaultGraph())
    )
    return dump


def test_the_store_really_kept_only_xsd_integer(dumped: Path) -> None:
    """The premise: the shipped files type these values as subtypes; the dump does not."""
    shipped = "".join(p.read_text(encoding="utf-8") for p in paths.triples_files())
    assert shipped.count("xsd:positiveInteger") + shipped.count("xsd:nonNegativeInteger") > 0
    text = dumped.read_text(encoding="utf-8")
    assert "positiveInteger" not in text
    assert "nonNegativeInteger" not in text
    graph = Graph().parse(dumped)
    datatypes = {o.datatype for o in graph.objects(None, WARKG.referenceNumber)}
    assert datatypes == {XSD.integer}


def test_validate_passes_on_what_pyoxigraph_gives_back(
    dumped: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["validate", str(dumped)]) == 0
    assert (
        capsys.readouterr().out
        == "conforms: 97 claims, 91 references (173 shapes, 814 focus nodes checked)\n"
    )


def _with(graph: Graph, subject, predicate, value: Literal) -> Graph:
    changed = Graph()
    for triple in graph:
        changed.add(triple)
    changed.remove((subject, predicate, None))
    changed.add((subject, predicate, value))
    return changed


# (name, subject, predicate, value, shape that must catch it)
OUT_OF_RANGE_OR_NOT_INTEGER = [
    (
        "reference-number-zero",
        REF["57"],
        WARKG.referenceNumber,
        Literal(0),
        "wsh:ReferenceShape-number",
    ),
    (
        "reference-number-decimal",
        REF["57"],
        WARKG.referenceNumber,
        Literal("57.0", datatype=XSD.decimal),
        "wsh:ReferenceShape-number",
    ),
    (
        "negative-amount",
        KILLED,
        WARKG.quantityAmount,
        Literal(-3825),
        "wsh:QuantityClaimShape-amount",
    ),
    (
        "amount-as-a-string",
        KILLED,
        WARKG.quantityAmount,
        Literal("3825"),
        "wsh:QuantityClaimShape-amount",
    ),
]


@pytest.mark.parametrize(
    "case", OUT_OF_RANGE_OR_NOT_INTEGER, ids=[c[0] for c in OUT_OF_RANGE_OR_NOT_INTEGER]
)
def test_what_the_data_means_is_still_checked(
    case: tuple, data_graph: Graph, ontology_graph: Graph, shapes_graph: Graph
) -> None:
    """Any integer type is accepted, but the value range and integer-ness are not lost."""
    _, subject, predicate, value, shape = case
    report = validate(_with(data_graph, subject, predicate, value), shapes_graph, ontology_graph)
    focus = subject.n3(data_graph.namespace_manager)
    hits = [r for r in report.results if r.source_shape == shape and r.focus == focus]
    assert hits, [r.line() for r in report.results]


def test_an_integer_subtype_in_range_is_accepted(
    data_graph: Graph, ontology_graph: Graph, shapes_graph: Graph
) -> None:
    """xsd:int, a type derived from xsd:integer, passes as xsd:integer does."""
    changed = _with(data_graph, REF["57"], WARKG.referenceNumber, Literal("57", datatype=XSD.int))
    assert validate(changed, shapes_graph, ontology_graph).conforms
