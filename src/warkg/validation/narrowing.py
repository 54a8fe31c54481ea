"""SPARQL constraints checked only where they can fire: focus nodes narrowed by pyoxigraph.

pySHACL runs a SPARQL-based constraint once for every focus node of its shape, with
`$this` pre-bound, through rdflib's evaluator: `wsh:DerivationShape`, which compares a
claim's `prov:wasDerivedFrom` links with its reference links, costs about 4 ms a claim
that way, a fifth of the time at 100k triples, and reports nothing for all but a few.
Run once with `$this` free, the same SELECT answers in pyoxigraph in milliseconds,
and its `?this` answers include every focus node that can give a result. `narrow` hands
pySHACL a copy of the shapes in which such a shape's targets are replaced by its focus
nodes that are among those answers (`sh:targetNode`), and its first focus node, so that
pySHACL still runs, and refuses, a constraint it would refuse. pySHACL then validates
those nodes exactly as before, and the nodes left out are nodes for which it would have
reported nothing.

That inclusion is a property of the query, which no check of its text can establish
in general (a `$this` bound by BIND or used only in a FILTER would break it), so it is
taken only for constraints marked `wsh:narrowable true` by the person who wrote them,
and only where the shape says nothing else (its other constraints would lose their
focus nodes). Literals are in pyoxigraph as opaque tokens, one per distinct rdflib
literal (`shacl_targets.DataStore`), because a store would rewrite typed literals
canonically (`"01"^^xsd:integer` as `"1"`) and so join two literals rdflib keeps apart: the mark
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

from warkg.errors import InputError
from warkg.rdf.namespaces import WSH
from warkg.sparql import checks as sparql
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
    (of `targets`, pySHACL's focus nodes per shape) its SELECTs answer (`store`: `data`
    in pyoxigraph, if the caller has one to share). Neither graph is changed."""
    narrowable = {
        shape: texts for shape in targets if (texts := _narrowable(shapes, shape)) is not None
    }
    if not narrowable:
        return shapes
    oxigraph = (store or DataStore(data)).get()
    if oxigraph is None:  # a term pyoxigraph cannot hold: no narrowing
        return shapes
    kept: dict[Node, list[Node]] = {}
    for shape, texts in narrowable.items():
        answers: set[Node] = set()
        for text in texts:
            found = _this_answers(oxigraph, text)
            if found is None:
                break
            answers |= found
        else:
            focus = list(targets[shape])
            # The first focus node is kept whatever the answers: pySHACL checks a
            # constraint's text (no VALUES, no MINUS, ...) only when it runs it, and a
            # shape narrowed to nothing would let a constraint it refuses pass unseen.
            kept[shape] = [node for i, node in enumerate(focus) if i == 0 or node in answers]
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
