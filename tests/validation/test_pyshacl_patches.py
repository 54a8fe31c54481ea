"""What the modules in `validation/pyshacl_patches` rely on in the libraries they reach
into, pinned: each checks at import that what it reads or replaces exists (`require`),
and here each is shown to answer as the library does."""

from __future__ import annotations

from rdflib import Graph, Namespace

from warkg.validation import census
from warkg.validation.pyshacl_patches import focus

EX = Namespace("http://example.org/")

_DATA = """
@prefix ex: <http://example.org/> .
ex:a ex:p 1, 2 ; ex:q "x"@en .
ex:b ex:p 3 ; ex:q "y" .
ex:c ex:r ex:a .
"""


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
