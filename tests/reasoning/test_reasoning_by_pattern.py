"""reasonable asked once per kind of triple (`warkg.reasoning.by_pattern`) gives the
graph that reasonable run on the whole graph gives, or is not used.

The comparison is always of the whole result of `reason()`: the same graph with the
pattern path on (as shipped) and off (`by_pattern=False`, reasonable on every triple).
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from tests.reasoning.test_reasoning import _toy
from warkg.rdf import loading
from warkg.reasoning import by_pattern as reasoning_by_pattern
from warkg.reasoning import closure as reasoning
from warkg.reasoning.closure import is_noise

ROOT = Path(__file__).resolve().parents[2]
EX = Namespace("http://example.org/")


def _closure(graph: Graph, *, by_pattern: bool) -> set[tuple[Node, Node, Node]]:
    inferred = reasoning._reasonable_inferred(graph, by_pattern=by_pattern)
    return set(graph) | {t for t in inferred if not is_noise(t)}


def _same_both_ways(graph: Graph) -> set[tuple[Node, Node, Node]]:
    fast = _closure(graph, by_pattern=True)
    whole = _closure(graph, by_pattern=False)
    assert fast - whole == set()
    assert whole - fast == set()
    return fast


def test_shipped_data_takes_the_pattern_path_and_gets_the_same_graph(
    ontology_graph: Graph, data_graph: Graph
) -> None:
    graph = ontology_graph + data_graph
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is not None
    closure = _same_both_ways(graph)
    assert len(graph) == 5182
    assert len(closure) == 6039
    assert set(reasoning.reason(graph, engine="reasonable")) == closure


def test_a_synthetic_graph_gets_the_same_graph(tmp_path: Path) -> None:
    out = tmp_path / "synth.nt"
    subprocess.run(
        [
            sys.executable,
            str(ROOT / "benchmarks" / "generate.py"),
            "--triples",
            "10000",
            "--out",
            str(out),
        ],
        check=True,
        capture_output=True,
    )
    graph = loading.load_ontology()
    graph.parse(out, format="nt")
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is not None
    closure = _same_both_ways(graph)
    assert len(closure) - len(graph) == 2096


def test_a_non_canonical_literal_is_inferred_as_written() -> None:
    """reasonable's answer is built with rdflib's Literal, which by default rewrites
    "01"^^xsd:integer as "1": the whole-graph path used to add `ex:s ex:q "1"` and even
    `ex:s ex:p "1"`, triples nobody stated. Both paths now keep the spelling."""
    graph = Graph()
    odd = Literal("01", datatype=XSD.integer, normalize=False)
    graph.add((EX.p, RDFS.subPropertyOf, EX.q))
    graph.add((EX.s, EX.p, odd))
    for by_pattern in (True, False):
        closure = _closure(graph, by_pattern=by_pattern)
        about_s = {t for t in closure - set(graph) if t[0] == EX.s}
        assert about_s == {(EX.s, EX.q, odd)}
        assert str(next(iter(about_s))[2]) == "01"


@pytest.mark.parametrize(
    "turtle",
    [
        "ex:a owl:sameAs ex:b . ex:a a ex:C .",
        "ex:p a owl:TransitiveProperty . ex:a ex:p ex:b . ex:b ex:p ex:c .",
        "ex:p a owl:FunctionalProperty . ex:a ex:p ex:b , ex:c .",
        "ex:p a owl:SymmetricProperty . ex:a ex:p ex:b .",
        "ex:C owl:equivalentClass [ owl:onProperty ex:p ; owl:someValuesFrom ex:D ] .",
        "ex:C owl:intersectionOf ( ex:D ex:E ) .",
        "ex:p rdfs:subPropertyOf rdfs:subClassOf . ex:a ex:p ex:b .",
        "ex:p rdfs:subPropertyOf owl:sameAs . ex:a ex:p ex:b .",
        "ex:p rdfs:range owl:TransitiveProperty . ex:a ex:p ex:q .",
        "ex:C owl:equivalentClass owl:Thing . ex:a a ex:D .",
        "owl:Thing rdfs:subClassOf ex:C . ex:a a ex:D .",
        "ex:C rdfs:subClassOf [ a ex:D ] .",
        "ex:a a [ a ex:D ] .",
        "ex:a a owl:Restriction .",
        "ex:a rdf:first ex:b .",
    ],
)
def test_every_construct_outside_the_fragment_takes_the_whole_graph_path(turtle: str) -> None:
    graph = _toy("@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .\n" + turtle)
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is None


def test_a_literal_subject_takes_the_whole_graph_path() -> None:
    graph = Graph()
    graph.add((Literal("x"), EX.p, EX.o))  # rdflib allows it; RDF 1.1 does not
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is None


# Graphs built inside the fragment: every schema axiom the fragment allows, on a small
# vocabulary so that cycles, self-inverses and shared super-classes are common, with
# annotation properties and reserved terms in data positions, blank nodes, and literals
# plain, tagged, typed, non-canonical and ill-typed.
CLASSES = [EX.C0, EX.C1, EX.C2, EX.C3]
PROPERTIES = [EX.p0, EX.p1, EX.p2, RDFS.label, RDFS.comment]
CLASS_TARGETS = [*CLASSES, OWL.Thing, RDFS.Resource]
NODES: list[Node] = [
    EX.i0,
    EX.i1,
    EX.i2,
    BNode("b0"),
    BNode("b1"),
    EX.C0,
    EX.p1,
    RDF.type,
    OWL.Thing,
]
LITERALS: list[Node] = [
    Literal("x"),
    Literal("x", lang="en"),
    Literal("x", lang="hy"),
    Literal("x", datatype=XSD.string),
    Literal("01", datatype=XSD.integer, normalize=False),
    Literal("1", datatype=XSD.integer),
    Literal("2020-09-27", datatype=XSD.date),
    Literal("abc", datatype=XSD.integer, normalize=False),  # ill-typed
    Literal("<b>x</b>", datatype=RDF.XMLLiteral, normalize=False),
    Literal("x", datatype=URIRef("http://example.org/unknown-datatype")),
]

schema_axiom = st.one_of(
    st.tuples(st.sampled_from(CLASSES), st.just(RDFS.subClassOf), st.sampled_from(CLASS_TARGETS)),
    st.tuples(st.sampled_from(CLASSES), st.just(OWL.equivalentClass), st.sampled_from(CLASSES)),
    st.tuples(
        st.sampled_from(PROPERTIES),
        st.sampled_from([RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf]),
        st.sampled_from(PROPERTIES),
    ),
    st.tuples(st.sampled_from(PROPERTIES), st.just(RDFS.domain), st.sampled_from(CLASS_TARGETS)),
    st.tuples(
        st.sampled_from(PROPERTIES),
        st.just(RDFS.range),
        st.sampled_from([*CLASS_TARGETS, RDFS.Literal, XSD.string]),
    ),
    st.tuples(
        st.sampled_from([*CLASSES, *PROPERTIES]),
        st.just(RDF.type),
        st.sampled_from(
            [OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty]
        ),
    ),
)
data_triple = st.one_of(
    st.tuples(st.sampled_from(NODES), st.just(RDF.type), st.sampled_from(CLASSES)),
    st.tuples(
        st.sampled_from(NODES),
        st.sampled_from(PROPERTIES),
        st.sampled_from(NODES + LITERALS),
    ),
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(schema=st.lists(schema_axiom, max_size=8), data=st.lists(data_triple, max_size=10))
def test_any_graph_inside_the_fragment_gets_the_same_graph(
    schema: list[tuple[Node, Node, Node]], data: list[tuple[Node, Node, Node]]
) -> None:
    graph = Graph()
    for triple in schema + data:
        graph.add(triple)
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is not None
    _same_both_ways(graph)


outside = st.one_of(
    st.tuples(st.sampled_from(NODES[:3]), st.just(OWL.sameAs), st.sampled_from(NODES[:3])),
    st.tuples(
        st.sampled_from(PROPERTIES[:3]),
        st.just(RDF.type),
        st.sampled_from([OWL.TransitiveProperty, OWL.SymmetricProperty, OWL.FunctionalProperty]),
    ),
    st.tuples(st.sampled_from(PROPERTIES[:3]), st.just(RDFS.subPropertyOf), st.just(RDF.type)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    schema=st.lists(schema_axiom, max_size=6),
    data=st.lists(data_triple, max_size=8),
    odd=st.lists(outside, min_size=1, max_size=2),
)
def test_a_graph_leaving_the_fragment_is_reasoned_whole(
    schema: list[tuple[Node, Node, Node]],
    data: list[tuple[Node, Node, Node]],
    odd: list[tuple[Node, Node, Node]],
) -> None:
    graph = Graph()
    for triple in schema + data + odd:
        graph.add(triple)
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is None
    assert set(reasoning.reason(graph, engine="reasonable")) == _closure(graph, by_pattern=False)


def test_in_place_on_the_pattern_path_adds_what_a_copy_gets(
    ontology_graph: Graph, data_graph: Graph
) -> None:
    copy = reasoning.reason(ontology_graph + data_graph, engine="reasonable")
    graph = ontology_graph + data_graph
    assert reasoning.reason(graph, engine="reasonable", in_place=True) is graph
    assert set(graph) == set(copy)
    assert URIRef("https://w3id.org/warkg/ontology/Claim") in set(graph.objects(None, RDF.type))


def test_nodes_named_like_the_examples_do_not_confuse_the_patterns() -> None:
    """The example nodes carry a random token. With fixed names (as first written), a
    class named like the first example's subject had its schema triples taken for
    conclusions about that example: `ex:a rdfs:subClassOf ex:D` was added."""
    graph = Graph()
    graph.add((EX.a, EX.p, EX.b))
    for name in ("urn:x-warkg-reasoning-by-pattern:s0", "urn:x-warkg:warkgexamples0"):
        graph.add((URIRef(name), RDFS.subClassOf, EX.D))
    assert reasoning_by_pattern.reasonable_output(graph, is_noise) is not None
    closure = _same_both_ways(graph)
    assert (EX.a, RDFS.subClassOf, EX.D) not in closure
