"""SPARQL constraints checked only where they can fire.

pySHACL runs a SPARQL-based constraint once for every focus node of its shape, with
`$this` pre-bound, through rdflib's evaluator, and for most focus nodes it reports
nothing. `narrow` hands pySHACL a copy of the shapes in which such a shape's targets are
replaced by the focus nodes that can give a result (`sh:targetNode`), found once:

- by pyoxigraph: the same SELECT run once with `$this` free, its `?this` answers. That
  they include every focus node that can give a result is a property of the query,
  taken only where `fragment.narrowable` proves it on the query's algebra: `?this` bound
  by a pattern in every solution (not by BIND, not only inside OPTIONAL), and answers
  that cannot depend on what a literal says, since literals are in pyoxigraph as opaque
  tokens (`targets.DataStore`). A mark on the shape (`wsh:narrowable`) is not read. The
  first focus node is kept too, so that pySHACL still runs, and refuses, a constraint
  it would refuse;
- by `evidence.may_fire`, for the shipped evidence-marker constraints.

pySHACL then validates those nodes exactly as before; the nodes left out are nodes for
which it would have reported nothing. Only shapes that say nothing else are narrowed
(their other constraints would lose their focus nodes). tests/validation/
test_differential.py compares the narrowed run with the plain one on generated shapes
and data, and tests/validation/test_fast_paths.py on the shipped data and every mutation.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pyoxigraph
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH
from rdflib.term import BNode, Node

from warkg.errors import InputError
from warkg.sparql import checks as sparql
from warkg.validation import evidence, fragment
from warkg.validation.targets import DataStore, copy_shapes, plain_select

_TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf)
_SAYS_NOTHING_ELSE = frozenset(
    {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description}
)


def narrow(
    data: Graph,
    shapes: Graph,
    targets: Mapping[Node, Iterable[Node]],
    store: DataStore | None = None,
) -> Graph:
    """`shapes`, or a copy in which each narrowable shape targets only the focus nodes
    (of `targets`, pySHACL's focus nodes per shape) its SELECTs can fire on (`store`:
    `data` in pyoxigraph, if the caller has one to share). Neither graph is changed."""
    store = store or DataStore(data)
    kept: dict[Node, list[Node]] = {}
    for shape, nodes in targets.items():
        focus = list(nodes)
        answers = _answers(data, shapes, shape, focus, store)
        if answers is not None:
            # The first focus node is kept whatever the answers: pySHACL checks a
            # constraint's text (no VALUES, no MINUS, ...) only when it runs it, and a
            # shape narrowed to nothing would let a constraint it refuses pass unseen.
            # (Not for the shipped evidence constraints, which pySHACL accepts.)
            first = not evidence.applies(shapes, shapes.objects(shape, SH.sparql))
            kept[shape] = [
                node for i, node in enumerate(focus) if (first and i == 0) or node in answers
            ]
    if not kept:
        return shapes
    narrowed = copy_shapes(shapes)
    for shape, nodes in kept.items():
        for target in _TARGETS:
            narrowed.remove((shape, target, None))
        for node in nodes:
            narrowed.add((shape, SH.targetNode, node))
    return narrowed


def _answers(
    data: Graph, shapes: Graph, shape: Node, focus: list[Node], store: DataStore
) -> set[Node] | None:
    """The focus nodes `shape`'s SPARQL constraints can fire on, or None where the shape
    is not narrowed: pyoxigraph's `?this` answers for proven queries, `evidence.may_fire`
    for the shipped evidence-marker constraints."""
    if not _says_nothing_else(shapes, shape):
        return None
    texts = _narrowable(shapes, shape)
    if texts is not None:
        oxigraph = store.get()
        if oxigraph is None:  # a term pyoxigraph cannot hold
            return None
        answers: set[Node] = set()
        for text in texts:
            found = _this_answers(oxigraph, text)
            if found is None:
                return None
            answers |= found
        return answers
    if evidence.applies(shapes, shapes.objects(shape, SH.sparql)):
        return {node for node in focus if evidence.may_fire(data, node)}
    return None


def _says_nothing_else(shapes: Graph, shape: Node) -> bool:
    """A node shape with SPARQL constraints, targets, and only words for people."""
    allowed = _SAYS_NOTHING_ELSE | {SH.sparql, *_TARGETS}
    return (shape, RDF.type, SH.NodeShape) in shapes and all(
        predicate in allowed for predicate in shapes.predicates(shape, None)
    )


def _narrowable(shapes: Graph, shape: Node) -> list[str] | None:
    """The SELECTs of `shape`'s SPARQL constraints, if every one is plain and proven
    narrowable; else None."""
    texts = []
    for constraint in shapes.objects(shape, SH.sparql):
        text = plain_select(shapes, constraint)
        if text is None or not fragment.narrowable(text):
            return None
        texts.append(text)
    return texts or None


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
