"""SPARQL constraints checked only where they can fire: focus nodes narrowed by pyoxigraph.

pySHACL runs a SPARQL-based constraint once for every focus node of its shape, with
`$this` pre-bound, through rdflib's evaluator: `wsh:DerivationShape`, which compares a
claim's `prov:wasDerivedFrom` links with its reference links, costs about 4 ms a claim
that way, a fifth of the time at 100k triples, and reports nothing for all but a few.
Run once with `$this` free, the same SELECT answers in pyoxigraph in milliseconds,
and its `?this` answers include every focus node that can give a result. `narrow` hands
pySHACL a copy of the shapes in which such a shape's targets are replaced by its focus
nodes that are among those answers (`sh:targetNode`). pySHACL then validates those
nodes exactly as before, and the nodes left out are nodes for which it would have
reported nothing.

That inclusion is a property of the query, which no check of its text can establish
in general (a `$this` bound by BIND or used only in a FILTER would break it), so it is
taken only for constraints marked `wsh:narrowable true` by the person who wrote them,
and only where the shape says nothing else (its other constraints would lose their
focus nodes). Literals are handed to pyoxigraph as opaque tokens, one per distinct
rdflib literal, because pyoxigraph would rewrite typed literals canonically
(`"01"^^xsd:integer` as `"1"`) and so join two literals rdflib keeps apart: the mark
also promises that the query treats terms as opaque (joins and IRI comparisons, no
literal functions), for which the tokens change nothing. `tests/test_fast_paths.py`
compares the narrowed run with plain pySHACL on the shipped data, every mutation and
hostile literals.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import BNode, Node

from warkg import sparql
from warkg.errors import InputError
from warkg.namespaces import WSH
from warkg.shacl_targets import copy_shapes, plain_select

_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_SAYS_NOTHING_ELSE = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description}
)
_TOKEN = pyoxigraph.NamedNode("urn:warkg:opaque-literal")


def narrow(data: Graph, shapes: Graph, targets: Mapping[Node, Iterable[Node]]) -> Graph:
    """`shapes`, or a copy in which each narrowable shape targets only the focus nodes
    (of `targets`, pySHACL's focus nodes per shape) its SELECTs answer. Neither graph is
    changed."""
    narrowable = {
        shape: texts for shape in targets if (texts := _narrowable(shapes, shape)) is not None
    }
    if not narrowable:
        return shapes
    try:
        store = _opaque_store(data)
    except (TypeError, ValueError):  # a term pyoxigraph cannot hold: no narrowing
        return shapes
    kept: dict[Node, list[Node]] = {}
    for shape, texts in narrowable.items():
        answers: set[Node] = set()
        for text in texts:
            found = _this_answers(store, text)
            if found is None:
                break
            answers |= found
        else:
            kept[shape] = [node for node in targets[shape] if node in answers]
    if not kept:
        return shapes
    narrowed = copy_shapes(shapes)
    for shape, nodes in kept.items():
        for target in _TARGETS:
            narrowed.remove((shape, target, None))
        for node in nodes:
            narrowed.add((shape, SH.targetNode, node))
    return narrowed


def _narrowable(shapes: Graph, shape: Node) -> list[str] | None:
    """The SELECTs of `shape`'s SPARQL constraints, if the shape says nothing but them
    and its targets and every one is marked and plain; else None."""
    allowed = _SAYS_NOTHING_ELSE | {SH.sparql, *_TARGETS}
    if (shape, RDF.type, SH.NodeShape) not in shapes:
        return None
    if any(predicate not in allowed for predicate in shapes.predicates(shape, None)):
        return None
    texts = []
    for constraint in shapes.objects(shape, SH.sparql):
        if (constraint, WSH.narrowable, Literal(True)) not in shapes:
            return None
        text = plain_select(shapes, constraint)
        if text is None:
            return None
        texts.append(text)
    return texts or None


def _opaque_store(data: Graph) -> pyoxigraph.Store:
    tokens: dict[Literal, pyoxigraph.Literal] = {}

    def term(node: Node):
        if isinstance(node, URIRef):
            return pyoxigraph.NamedNode(str(node))
        if isinstance(node, BNode):
            return pyoxigraph.BlankNode(str(node))
        if isinstance(node, Literal):
            token = tokens.get(node)
            if token is None:
                token = tokens[node] = pyoxigraph.Literal(str(len(tokens)), datatype=_TOKEN)
            return token
        raise TypeError(f"not an RDF term: {node!r}")

    store = pyoxigraph.Store()
    store.bulk_extend(pyoxigraph.Quad(term(s), term(p), term(o)) for s, p, o in data)
    return store


def _this_answers(store: pyoxigraph.Store, text: str) -> set[Node] | None:
    """The IRIs and blank nodes the SELECT binds to ?this, or None where pySHACL should
    check every focus node itself."""
    try:
        solutions = store.query(sparql.expand(text).text)
    except (InputError, SyntaxError, OSError, RuntimeError, ValueError):
        return None
    if not isinstance(solutions, pyoxigraph.QuerySolutions) or "this" not in {
        variable.value for variable in solutions.variables
    }:
        return None
    answers: set[Node] = set()
    for solution in solutions:
        this = solution["this"]
        if isinstance(this, pyoxigraph.NamedNode):
            answers.add(URIRef(this.value))
        elif isinstance(this, pyoxigraph.BlankNode):
            answers.add(BNode(this.value))
        else:
            return None  # a literal focus node: leave the shape as it is
    return answers
