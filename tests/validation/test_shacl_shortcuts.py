"""The two validation short cuts that skip work pySHACL would do for nothing.

`shacl_speedups` stops an `sh:or` at the first member a value conforms to, and
`shacl_narrowing` checks a marked SPARQL constraint only on the focus nodes pyoxigraph
says it can fire on. Both must report exactly what plain pySHACL reports: the W3C and
DASH suites (tests/validation/test_shacl_suite.py) and every mutation of our data
(tests/validation/test_shape_mutations.py) compare them with plain pySHACL; these tests pin the
cases those corpora do not reach: hostile literals, badly written members, unmarked
and mixed shapes, and that the short cuts are really taken on our shapes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, Literal
from rdflib.namespace import PROV, SH, XSD

from tests.support.reference_reports import plain_reports
from warkg.errors import InputError
from warkg.rdf.namespaces import CLAIM, REF, WARKG, WSH
from warkg.rdf.terms import shorten_term
from warkg.validation import api as validation
from warkg.validation import census as shacl_census
from warkg.validation import narrowing as shacl_narrowing

PREFIXES = """
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix ex: <http://example.org/> .
"""


def _graph(text: str) -> Graph:
    return Graph().parse(data=PREFIXES + text, format="turtle")


def _both(data: Graph, shapes: Graph, ontology: Graph | None = None):
    fast = validation.validate(data, shapes, ontology)
    plain = validation.validate(data, shapes, ontology, accelerate=False)
    return fast, plain


def _mixed(data_graph: Graph, ontology_graph: Graph) -> Graph:
    graph = Graph()
    graph += data_graph
    graph += ontology_graph
    return graph


def _derivation_focus(data: Graph, shapes: Graph) -> tuple[int, set]:
    """How many focus nodes wsh:DerivationShape has, and which it keeps once narrowed
    besides the first, which is always kept."""
    census = shacl_census.take(shapes, data)
    narrowed = shacl_narrowing.narrow(data, shapes, census.targets)
    kept = set(narrowed.objects(WSH.DerivationShape, SH.targetNode))
    first = census.targets[WSH.DerivationShape][0]
    assert first in kept
    assert (WSH.DerivationShape, SH.targetSubjectsOf, None) not in narrowed
    return census.focus[WSH.DerivationShape], kept - {first}


def test_derivation_shape_is_narrowed_to_nothing_on_the_shipped_data(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    total, kept = _derivation_focus(_mixed(data_graph, ontology_graph), shapes_graph)
    assert total == 68  # the 97 claims less the 29 the article cites nothing for
    assert kept == set()


def _out_of_step(data_graph: Graph, ontology_graph: Graph) -> Graph:
    """Two claims whose derivation links and references disagree."""
    graph = _mixed(data_graph, ontology_graph)
    graph.remove((CLAIM["armenia-artsakh-servicemen-killed"], PROV.wasDerivedFrom, REF["57"]))
    graph.add((CLAIM["azerbaijan-servicemen-killed"], PROV.wasDerivedFrom, REF["1"]))
    return graph


def _apart_in_rdflib(data_graph: Graph, ontology_graph: Graph) -> Graph:
    """pyoxigraph writes "01"^^xsd:integer as "1"; as stores of the same literal the two
    links would match there and not in rdflib, whose report is the reference."""
    graph = _mixed(data_graph, ontology_graph)
    claim = CLAIM["armenia-artsakh-servicemen-killed"]
    graph.add((claim, WARKG.hasReference, Literal("01", datatype=XSD.integer, normalize=False)))
    graph.add((claim, PROV.wasDerivedFrom, Literal("1", datatype=XSD.integer)))
    return graph


@pytest.fixture(scope="module")
def plain(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> dict[str, tuple[Graph, validation.ValidationReport]]:
    """The two graphs below with plain pySHACL's reports, made side by side in other
    processes (`reference_reports`)."""
    graphs = {
        "out-of-step": _out_of_step(data_graph, ontology_graph),
        "apart-in-rdflib": _apart_in_rdflib(data_graph, ontology_graph),
    }
    reports = plain_reports(graphs, shapes_graph)
    return {name: (graph, reports[name]) for name, graph in graphs.items()}


def test_derivation_shape_is_narrowed_to_the_claims_out_of_step(
    plain: dict, shapes_graph: Graph
) -> None:
    graph, reference = plain["out-of-step"]
    killed = CLAIM["armenia-artsakh-servicemen-killed"]
    _, kept = _derivation_focus(graph, shapes_graph)
    assert kept == {killed, CLAIM["azerbaijan-servicemen-killed"]}
    fast = validation.validate(graph, shapes_graph)
    assert fast == reference
    fired = {(r.focus, r.value) for r in fast.results if r.source_shape == "wsh:DerivationShape"}
    assert fired == {
        ("claim:armenia-artsakh-servicemen-killed", "ref:57"),
        ("claim:azerbaijan-servicemen-killed", "ref:1"),
    }


def test_literals_rdflib_keeps_apart_are_not_joined_by_pyoxigraph(
    plain: dict, shapes_graph: Graph
) -> None:
    """`_apart_in_rdflib`: "01" and "1" as xsd:integer stay two values."""
    graph, reference = plain["apart-in-rdflib"]
    _, kept = _derivation_focus(graph, shapes_graph)
    assert kept == {CLAIM["armenia-artsakh-servicemen-killed"]}
    fast = validation.validate(graph, shapes_graph)
    assert fast == reference
    values = {str(r.value) for r in fast.results if r.source_shape == "wsh:DerivationShape"}
    assert values == {'"01"^^xsd:integer', '"1"^^xsd:integer'}


def test_only_proven_constraints_of_shapes_that_say_nothing_else_are_narrowed(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    """The shipped wsh:DerivationShape and wsh:ReferenceNumberShape are narrowed on the
    proof of their queries alone (the old mark is not read); a shape that says more, or a
    query outside the fragment (here with a literal constant), is left for pySHACL."""
    graph = _mixed(data_graph, ontology_graph)
    census = shacl_census.take(shapes_graph, graph)
    narrowed = shacl_narrowing.narrow(graph, shapes_graph, census.targets)
    assert narrowed is not shapes_graph
    assert (WSH.DerivationShape, SH.targetNode, None) in narrowed
    assert (WSH.ReferenceNumberShape, SH.targetNode, None) in narrowed
    more = Graph()
    more += shapes_graph
    more.add((WSH.DerivationShape, SH.property, WSH.IntegerShape))
    kept = shacl_narrowing.narrow(graph, more, census.targets)
    assert (WSH.DerivationShape, SH.targetNode, None) not in kept
    literal = Graph()
    literal += shapes_graph
    [text] = literal.objects(WSH["DerivationShape-inStep"], SH.select)
    literal.set(
        (
            WSH["DerivationShape-inStep"],
            SH.select,
            Literal(
                str(text).replace("$this ?path ?value .", '$this ?path ?value . ?value ?x "y" .', 1)
            ),
        )
    )
    untouched = shacl_narrowing.narrow(graph, literal, census.targets)
    assert (WSH.DerivationShape, SH.targetNode, None) not in untouched
    assert set(untouched.objects(WSH.DerivationShape, SH.targetSubjectsOf)) == set(
        shapes_graph.objects(WSH.DerivationShape, SH.targetSubjectsOf)
    )
    assert (None, WSH.narrowable, None) not in shapes_graph


INTEGERS = _graph(
    """
ex:S a sh:NodeShape ; sh:targetNode ex:a, ex:b ;
    sh:property [ sh:path ex:n ; sh:or ( ex:Int ex:Pos ex:Bad ) ] .
ex:Int a sh:NodeShape ; sh:datatype xsd:integer .
ex:Pos a sh:NodeShape ; sh:datatype xsd:positiveInteger .
"""
)


def test_an_or_stops_at_the_first_member_only_after_every_member_loaded() -> None:
    """A member pySHACL cannot load raises on the first value even when an earlier member
    fits every value: the short cut checks every member for the first value."""
    data = _graph('ex:a ex:n 1 . ex:b ex:n "2"^^xsd:positiveInteger .')
    shapes = Graph()
    shapes += INTEGERS
    bad = "ex:Bad a sh:NodeShape ; sh:datatype xsd:byte, xsd:int ."
    shapes.parse(data=PREFIXES + bad, format="turtle")
    for accelerate in (True, False):
        with pytest.raises(InputError, match="must have at most one sh:datatype"):
            validation.validate(data, shapes, accelerate=accelerate)


def test_an_or_reports_what_plain_pyshacl_reports() -> None:
    data = _graph(
        'ex:a ex:n 1, "x", 2.5 . ex:b ex:n "2"^^xsd:positiveInteger, "0"^^xsd:positiveInteger .'
    )
    shapes = Graph()
    shapes += INTEGERS
    shapes.parse(data=PREFIXES + "ex:Bad a sh:NodeShape ; sh:datatype xsd:byte .", format="turtle")
    fast, plain = _both(data, shapes)
    assert fast == plain
    assert sorted(r.value for r in fast.results) == [
        '"0"^^xsd:positiveInteger',
        '"2.5"^^xsd:decimal',
        '"x"',
    ]


def test_a_constraint_pyshacl_refuses_is_refused_on_a_narrowed_shape(
    data_graph: Graph, shapes_graph: Graph
) -> None:
    """SHACL forbids VALUES in a SPARQL constraint; pySHACL says so only when it runs the
    query. Narrowed to the claims out of step, none on the shipped data, the shape would
    never run it: the first focus node is kept so that it does."""
    shapes = Graph()
    shapes += shapes_graph
    select = shapes.value(WSH["DerivationShape-inStep"], SH.select)
    shapes.set(
        (
            WSH["DerivationShape-inStep"],
            SH.select,
            Literal(
                str(select).replace(
                    "$this ?path ?value .", "VALUES ?x { 1 } $this ?path ?value .", 1
                )
            ),
        )
    )
    for accelerate in (True, False):
        with pytest.raises(InputError, match="must not contain a VALUES clause"):
            validation.validate(data_graph, shapes, accelerate=accelerate)


def test_the_integer_shape_takes_the_short_cut(shapes_graph: Graph) -> None:
    """wsh:IntegerShape's members are datatype-only shapes, listed most common first."""
    from warkg.validation.pyshacl_patches.speedups import _SIMPLE

    members = list(shapes_graph.items(shapes_graph.value(WSH.IntegerShape, SH["or"])))
    assert [shorten_term(m) for m in members[:3]] == [
        "wsh:IntegerShape-positiveInteger",
        "wsh:IntegerShape-nonNegativeInteger",
        "wsh:IntegerShape-integer",
    ]
    assert len(members) == 13
    for member in members:
        assert set(shapes_graph.predicates(member, None)) <= _SIMPLE


def test_the_or_short_cut_is_undone_after_validation() -> None:
    from pyshacl.constraints.core.logical_constraints import OrConstraintComponent

    original = OrConstraintComponent._evaluate_or_constraint
    data = _graph("ex:a ex:n 1 .")
    validation.validate(data, INTEGERS + _graph("ex:Bad a sh:NodeShape ."))
    assert OrConstraintComponent._evaluate_or_constraint is original


# Generated shapes and data for the short cuts: values of many kinds, ill-typed and
# non-canonical literals among them, shared between focus nodes (where the property
# shapes must fall back to pySHACL's loop), and sh:or lists of simple and not-simple
# members, with and without a member pySHACL cannot load.
VALUES = [
    "1",
    '"01"^^xsd:integer',
    '"2"^^xsd:positiveInteger',
    '"0"^^xsd:positiveInteger',
    '"-3"^^xsd:nonNegativeInteger',
    "2.5",
    '"x"',
    '"x"@en',
    "true",
    '"2020-02-30"^^xsd:date',
    "ex:o1",
    "ex:o2",
    "[]",
]
MEMBERS = [
    "sh:datatype xsd:integer",
    "sh:datatype xsd:positiveInteger",
    "sh:datatype xsd:string",
    "sh:nodeKind sh:IRI",
    "sh:nodeKind sh:Literal",
    "sh:in ( 1 ex:o1 )",
    "sh:hasValue ex:o2",
    "sh:class ex:C",
    "sh:minInclusive 0",  # not simple: the whole sh:or runs pySHACL's loop
]
PROPERTY_CHECKS = [
    "sh:minCount 1",
    "sh:maxCount 1",
    "sh:datatype xsd:integer",
    "sh:nodeKind sh:IRI",
]


@settings(max_examples=60, deadline=None, database=None)
@given(
    values=st.lists(st.lists(st.sampled_from(VALUES), max_size=3), min_size=1, max_size=4),
    members=st.lists(st.sampled_from(MEMBERS), min_size=1, max_size=4),
    checks=st.lists(st.sampled_from(PROPERTY_CHECKS), max_size=2, unique=True),
    shared=st.booleans(),
)
def test_generated_shapes_give_plain_pyshacls_results(
    values: list[list[str]], members: list[str], checks: list[str], shared: bool
) -> None:
    """Random values (ill-typed, non-canonical, tagged, IRIs, blank nodes) under an sh:or
    of random members, beside a property shape whose value node the focus nodes share:
    the accelerated path reports what plain pySHACL reports, or fails as it fails. It
    fails if the sh:or short cut skips a member that can fit, or if property shapes are
    batched over a shared value node (both checked by hand when this was written)."""
    data = ["ex:o1 a ex:C ; ex:r 1 ."]  # ex:r: fires the nested sh:maxCount 0 on ex:o1
    for i, node_values in enumerate(values):
        data.append(f"ex:f{i} a ex:T .")
        for value in node_values:
            data.append(f"ex:f{i} ex:p {value} .")
        if shared:  # a value node two focus nodes share
            data.append(f"ex:f{i} ex:q ex:o1 .")
    or_list = " ".join(f"[ a sh:NodeShape ; {member} ]" for member in members)
    extra = " ; ".join(checks)
    shapes = f"""
ex:S a sh:NodeShape ; sh:targetClass ex:T ;
    sh:property [ sh:path ex:p ; sh:or ( {or_list} ) {"; " + extra if extra else ""} ] ,
        [ sh:path ex:q ; sh:property [ sh:path ex:r ; sh:maxCount 0 ] ; sh:nodeKind sh:IRI ] .
"""
    data_graph = _graph("\n".join(data))
    shapes_graph = _graph(shapes)
    outcomes = []
    for accelerate in (True, False):
        try:
            outcomes.append(validation.validate(data_graph, shapes_graph, accelerate=accelerate))
        except InputError as error:
            outcomes.append(str(error))
    fast, plain = outcomes
    assert fast == plain
