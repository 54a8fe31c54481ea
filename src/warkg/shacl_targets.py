"""SHACL-AF SPARQL targets answered once by pyoxigraph, before pySHACL runs.

pySHACL evaluates a `sh:SPARQLTarget`'s SELECT with rdflib, whose evaluator spends tens of
microseconds on each solution: `wsh:UsedTermShape`'s target (every term the data uses)
scans every triple three times and was 0.6 s of the 1.35 s that validating the shipped
data took, more than all the other shapes together. pyoxigraph answers the same SELECT in
milliseconds. So `materialise` runs each such SELECT on a pyoxigraph copy of the data
graph and hands pySHACL a copy of the shapes in which that target is replaced by the
nodes it selects (`sh:targetNode`), which SHACL defines to mean the same thing.

Only targets marked `wsh:literalIndependent true` are replaced, because pyoxigraph and
rdflib do not hold the same literals: pyoxigraph writes typed literals canonically
(`"01"^^xsd:integer` as `"1"`, `"-5"^^xsd:nonNegativeInteger` as an xsd:integer), rdflib
keeps them as written, so a SELECT that looks at a literal's lexical form or datatype
could answer differently. The mark is a person's judgement about one query, which no
check of the text can make for us; shapes from elsewhere carry no mark and run exactly as
pySHACL runs them. A marked target must also be plain: one `sh:select`, no pre-bound
`$shapesGraph` or `$currentShape`, prefixes from `sh:prefixes`/`sh:declare`, answers that
are IRIs or blank nodes; anything else is left for pySHACL to evaluate as before.

The caller has already refused SPARQL that would reach the network
(`validation.refuse_remote_sparql`, which reads the text as rdflib does); pyoxigraph runs
the text with its codepoint escapes expanded (`sparql.expand`), so it runs the query that
was checked. `tests/test_fast_paths.py` compares both paths on the
shipped data and on every broken variant.
"""

from __future__ import annotations

import pyoxigraph
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from warkg import sparql
from warkg.backends import to_oxigraph, to_rdflib
from warkg.errors import InputError
from warkg.namespaces import WSH

_PRE_BOUND = ("$shapesGraph", "?shapesGraph", "$currentShape", "?currentShape")


def materialise(data: Graph, shapes: Graph) -> Graph:
    """`shapes`, or a copy of it in which each plain SPARQL target is replaced by the
    `sh:targetNode`s it selects in `data`. Neither graph is changed."""
    plain = [
        (shape, target, text)
        for shape, target in shapes.subject_objects(SH.target)
        if (text := _plain_select(shapes, target)) is not None
    ]
    if not plain:
        return shapes
    try:
        store = _store(data)
    except (TypeError, ValueError):  # a literal subject or a malformed IRI, which only
        return shapes  # a graph built in memory can hold: pySHACL evaluates every target
    replaced = copy_shapes(shapes)
    for shape, target, text in plain:
        nodes = _select(store, text)
        if nodes is None:
            continue  # left for pySHACL
        replaced.remove((shape, SH.target, target))
        for node in nodes:
            replaced.add((shape, SH.targetNode, node))
    return replaced


def copy_shapes(graph: Graph) -> Graph:
    """A copy of `graph` with exactly its prefix bindings: pySHACL names terms in its
    messages through the shapes graph's prefixes, so a copy without them, or with
    rdflib's default ones, would change the messages."""
    copied = Graph(bind_namespaces="none")
    for prefix, namespace in graph.namespaces():
        copied.bind(prefix, namespace, override=True, replace=True)
    copied += graph
    return copied


def _plain_select(shapes: Graph, target: Node) -> str | None:
    """The target's SELECT with its PREFIX lines, or None if it is not a plain target."""
    if (target, RDF.type, SH.SPARQLTarget) not in shapes or (
        target,
        WSH.literalIndependent,
        Literal(True),
    ) not in shapes:
        return None
    return plain_select(shapes, target)


def plain_select(shapes: Graph, node: Node) -> str | None:
    """The one `sh:select` of a SPARQL target or constraint with the PREFIX lines its
    `sh:prefixes` declare, or None if it has more or less than one, pre-binds
    `$shapesGraph`/`$currentShape`, or declares a prefix incompletely."""
    selects = list(shapes.objects(node, SH.select))
    if len(selects) != 1 or any(name in str(selects[0]) for name in _PRE_BOUND):
        return None
    prologue = []
    for declarations in shapes.objects(node, SH.prefixes):
        for declaration in shapes.objects(declarations, SH.declare):
            prefix = shapes.value(declaration, SH.prefix)
            namespace = shapes.value(declaration, SH.namespace)
            if prefix is None or namespace is None:
                return None
            prologue.append(f"PREFIX {prefix}: <{namespace}>")
    return "\n".join([*prologue, str(selects[0])])


def _store(data: Graph) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    store.bulk_extend(
        pyoxigraph.Quad(to_oxigraph(s), to_oxigraph(p), to_oxigraph(o)) for s, p, o in data
    )
    return store


def _select(store: pyoxigraph.Store, text: str) -> list[URIRef | BNode] | None:
    """The `?this` answers, or None where pySHACL should evaluate the target itself."""
    try:
        solutions = store.query(sparql.expand(text).text)
    except (InputError, SyntaxError, OSError, RuntimeError, ValueError):
        return None  # pySHACL reports it as it would have
    if not isinstance(solutions, pyoxigraph.QuerySolutions) or "this" not in {
        variable.value for variable in solutions.variables
    }:
        return None
    nodes = [to_rdflib(solution["this"]) for solution in solutions]
    if not all(isinstance(node, URIRef | BNode) for node in nodes):
        return None
    return list(dict.fromkeys(nodes))
