"""SHACL-AF SPARQL targets answered once by pyoxigraph, before pySHACL runs.

pySHACL evaluates a `sh:SPARQLTarget`'s SELECT with rdflib, whose evaluator is slow on
each solution: `wsh:UsedTermShape`'s target (every term the data uses) scans every
triple three times, costing more than all the other shapes together; pyoxigraph answers
the same SELECT many times faster (figures in docs/decisions.md). So `materialise` runs
each such SELECT on a pyoxigraph copy of the data graph and hands pySHACL a copy of the
shapes in which that target is replaced by the nodes it selects (`sh:targetNode`), which
SHACL defines to mean the same thing.

The copy does not hold the literals rdflib holds: a pyoxigraph store writes typed
literals canonically (`"01"^^xsd:integer` as `"1"`, integer subtypes as xsd:integer), so
each distinct rdflib literal goes in as an opaque token of its own (`DataStore`), which
keeps literals apart exactly when rdflib does and keeps them literals, but hides their
lexical form, datatype and language. So a target is replaced only if its SELECT is in the
fragment of SPARQL where that cannot change the answers and pyoxigraph evaluates as
rdflib does (`fragment.literal_blind`: no literal constants in patterns, no paths that
may have length zero, only term tests in filters...), decided on the query's algebra; a
mark on the shape (`wsh:literalIndependent`) is not read: a person's promise about a
query is not a proof. A target must also be plain: one `sh:select`, no pre-bound `$shapesGraph` or
`$currentShape`, prefixes from `sh:prefixes`/`sh:declare`, answers that are IRIs or blank
nodes; anything else is left for pySHACL to evaluate.

The caller has already refused SPARQL that would reach the network
(`preflight.refuse_remote_sparql`, which reads the text as rdflib does); pyoxigraph runs
the text with its codepoint escapes expanded (`sparql.expand`), so it runs the query that
was checked. tests/validation/test_differential.py compares both paths on generated
shapes and data, and tests/validation/test_fast_paths.py on the shipped data and on
every broken variant.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator

import pyoxigraph
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from warkg.errors import InputError
from warkg.rdf.conversion import to_rdflib
from warkg.sparql import checks as sparql
from warkg.validation import fragment

_PRE_BOUND = ("$shapesGraph", "?shapesGraph", "$currentShape", "?currentShape")


class DataStore:
    """The data graph in a pyoxigraph store, built on first use and shared by the fast
    paths of one validation run (building it is most of their cost at 1M triples).
    Literals go in as opaque tokens (see the module's docstring)."""

    TOKEN = pyoxigraph.NamedNode("urn:warkg:opaque-literal")

    def __init__(self, data: Graph) -> None:
        self._data = data
        self._store: pyoxigraph.Store | None = None
        self._unusable = False

    def get(self) -> pyoxigraph.Store | None:
        """The store, or None if the graph holds a term pyoxigraph cannot (a literal
        subject or a malformed IRI, which only a graph built in memory can hold)."""
        if self._store is None and not self._unusable:
            try:
                self._store = self._build()
            except (TypeError, ValueError):
                self._unusable = True
        return self._store

    def _build(self) -> pyoxigraph.Store:
        terms: dict[Node, object] = {}

        def convert(node: Node) -> object:
            if isinstance(node, URIRef):
                term = pyoxigraph.NamedNode(str(node))
            elif isinstance(node, BNode):
                term = pyoxigraph.BlankNode(str(node))
            elif isinstance(node, Literal):
                term = pyoxigraph.Literal(str(len(terms)), datatype=self.TOKEN)
            else:
                raise TypeError(f"not an RDF term: {node!r}")
            terms[node] = term
            return term

        def quads() -> Iterator[pyoxigraph.Quad]:
            known = terms.get
            for s, p, o in self._data:
                yield pyoxigraph.Quad(
                    known(s) or convert(s), known(p) or convert(p), known(o) or convert(o)
                )

        store = pyoxigraph.Store()
        collecting = gc.isenabled()
        gc.disable()  # a million new terms would start collections that find no garbage
        try:
            store.bulk_extend(quads())
        finally:
            if collecting:
                gc.enable()
        return store


def materialise(data: Graph, shapes: Graph, store: DataStore | None = None) -> Graph:
    """`shapes`, or a copy of it in which each plain SPARQL target is replaced by the
    `sh:targetNode`s it selects in `data` (`store`: `data` in pyoxigraph, if the caller
    has one to share). Neither graph is changed."""
    plain = [
        (shape, target, text)
        for shape, target in shapes.subject_objects(SH.target)
        if (text := _plain_select(shapes, target)) is not None
    ]
    if not plain:
        return shapes
    store = (store or DataStore(data)).get()
    if store is None:  # pySHACL evaluates every target
        return shapes
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
    """The target's SELECT with its PREFIX lines, or None unless it is plain and in the
    fragment pyoxigraph answers as rdflib does (`fragment.literal_blind`)."""
    if (target, RDF.type, SH.SPARQLTarget) not in shapes:
        return None
    text = plain_select(shapes, target)
    return text if text is not None and fragment.literal_blind(text) else None


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
