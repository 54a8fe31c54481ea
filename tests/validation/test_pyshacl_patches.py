"""What the modules in `validation/pyshacl_patches` rely on in the libraries they reach
into, pinned: each checks at import that what it reads or replaces exists (`require`),
and here each is shown to answer as the library does. That the patches as a whole change
no validation result is tests/validation/test_fast_paths.py's job (accelerated against
plain pySHACL, on the shipped data and broken variants)."""

from __future__ import annotations

import inspect

import pytest
from rdflib import Graph, Literal, Namespace, plugin
from rdflib.plugins.sparql import processor
from rdflib.query import Processor

from warkg.validation import census
from warkg.validation.pyshacl_patches import focus, speedups
from warkg.validation.pyshacl_patches.require import require

EX = Namespace("http://example.org/")

_DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:p 1, 2 ; ex:q "x"@en .
ex:b ex:p 3 ; ex:q "y" .
ex:c ex:r ex:a .
"""

# (text, initBindings, initNs, base): the ways pySHACL and warkg call Graph.query.
_QUERIES = [
    ("SELECT ?s ?o WHERE { ?s ex:p ?o }", {}, {"ex": EX}, None),
    ("SELECT ?o WHERE { $this ex:p ?o }", {"this": EX.a}, {"ex": EX}, None),
    ("SELECT ?o WHERE { $this ex:p ?o }", {"this": EX.b}, {"ex": EX}, None),
    ("ASK { $this ex:q ?v FILTER(lang(?v) = 'en') }", {"this": EX.a}, {"ex": EX}, None),
    ("ASK { $this ex:q ?v FILTER(lang(?v) = 'en') }", {"this": EX.b}, {"ex": EX}, None),
    ("SELECT ?s WHERE { ?s ex:r ?x }", {"x": EX.a}, {"ex": EX}, None),
    ("SELECT ?s WHERE { ?s ex:p ?o }", {}, {"ex": Namespace("http://other.example/")}, None),
    ("SELECT ?s WHERE { ?s <p> ?o }", {}, {}, "http://example.org/"),
    ("SELECT ?s WHERE { ?s <p> ?o }", {}, {}, "http://other.example/"),
    ("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", {"p": EX.p}, {}, None),
]


def test_rdflib_sparql_processor_query_is_called_as_the_patch_calls_it() -> None:
    parameters = list(inspect.signature(processor.SPARQLProcessor.query).parameters)
    assert parameters == ["self", "strOrQuery", "initBindings", "initNs", "base", "DEBUG"]
    assert list(inspect.signature(processor.prepareQuery).parameters) == [
        "queryString",
        "initNs",
        "base",
    ]
    assert plugin.get("sparql", Processor) is processor.SPARQLProcessor


def _answers(graph: Graph) -> list:
    out = []
    for text, bindings, namespaces, base in _QUERIES:
        result = graph.query(text, initBindings=bindings, initNs=namespaces, base=base)
        out.append(result.askAnswer if result.type == "ASK" else sorted(map(tuple, result)))
    return out


def test_prepared_queries_answer_as_rdflib_does() -> None:
    graph = Graph().parse(data=_DATA, format="turtle")
    plain = _answers(graph)
    assert plain[1] == [(Literal(1),), (Literal(2),)] and plain[2] == [(Literal(3),)]
    assert plain[3] is True and plain[4] is False
    assert plain[6] == [] and plain[7] == [(EX.a,), (EX.a,), (EX.b,)]
    with speedups._prepared_queries():
        assert plugin.get("sparql", Processor) is speedups.PreparingProcessor
        assert _answers(graph) == plain
        assert _answers(graph) == plain  # the second time from the kept queries
        assert len(speedups.PreparingProcessor.prepared) == len(
            {(t, b, tuple(sorted(n.items()))) for t, _, n, b in _QUERIES}
        )
    assert plugin.get("sparql", Processor) is processor.SPARQLProcessor
    assert not speedups.PreparingProcessor.prepared


def test_a_query_that_does_not_parse_fails_every_time_and_is_not_kept() -> None:
    graph = Graph()
    with speedups._prepared_queries():
        for _ in range(2):
            with pytest.raises(Exception, match="Expected"):
                graph.query("SELECT ?s WHERE {")
        assert not speedups.PreparingProcessor.prepared


def test_focus_nodes_are_pyshacls() -> None:
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:P a sh:NodeShape ; sh:targetSubjectsOf ex:p .
        ex:Q a sh:NodeShape ; sh:targetNode ex:c, ex:z .
        ex:Off a sh:NodeShape ; sh:targetSubjectsOf ex:q ; sh:deactivated true .
        ex:Unmatched a sh:NodeShape ; sh:targetClass ex:Nothing .
        """,
        format="turtle",
    )
    data = Graph().parse(data=_DATA, format="turtle")
    found = {
        shape: nodes if nodes is None else set(nodes)
        for shape, nodes in focus.focus_nodes(shapes, data)
    }
    assert found == {EX.P: {EX.a, EX.b}, EX.Q: {EX.c, EX.z}, EX.Off: None, EX.Unmatched: set()}
    taken = census.take(shapes, data)
    assert (taken.shapes, taken.nodes) == (4, 4)
    assert taken.focus == {EX.P: 2, EX.Q: 2}


def test_a_module_refuses_a_library_without_what_it_reaches_for() -> None:
    with pytest.raises(ImportError, match=r"warkg patches rdflib's SPARQLProcessor\.gone, "):
        require(processor.SPARQLProcessor, "gone")
