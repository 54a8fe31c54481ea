"""Shapes checked and prepared before pySHACL sees them.

- SPARQL that would fetch remote data (SERVICE, FROM) is refused: rdflib would run it.
- A node shape that requires itself of the same focus node is refused: SHACL leaves
  recursion undefined (3.4.4), and pySHACL backs out with a warning and lets the data
  conform.
- `sh:prefixes` declarations are followed through `owl:imports` (SHACL 5.2.1), which
  pySHACL 0.40 does not do.
- Literals typed xsd:string are written as simple literals, which RDF 1.1 makes the same
  term; rdflib keeps them apart, so `sh:in ("a"^^xsd:string)` would miss `"a"`. The data
  is loaded so (`rdf.loading`, `as_written`); graphs given to `validation.api` are copied
  so.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from rdflib import Graph, Literal
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH, XSD
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from warkg.errors import InputError
from warkg.sparql import checks as sparql
from warkg.sparql import scan as sparql_scan
from warkg.validation.engine import shape_name
from warkg.validation.targets import copy_shapes


def _walk(node: object) -> Iterator[str]:
    """Names of the nodes in an rdflib SPARQL parse tree."""
    name = getattr(node, "name", None)
    if isinstance(name, str):
        yield name
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, Iterable) and not isinstance(node, str):  # lists, ParseResults
        for child in node:
            yield from _walk(child)


def refuse_remote_sparql(shapes: Graph) -> None:
    """InputError if any SPARQL in the shapes uses SERVICE or FROM (remote fetches).

    A text is parsed only if, with its codepoint escapes expanded as rdflib expands them
    before parsing, it names SERVICE or FROM outside its IRIs, strings and comments
    (`sparql.scan.may_name_remote`, one linear pass): without one it cannot hold either
    clause, and rdflib's parse is slow. A text that does not parse is reported by
    pySHACL when it loads it."""
    for predicate in (SH.select, SH.ask, SH.construct):
        for shape, text in shapes.subject_objects(predicate):
            where = f"shape {shape_name(shapes, shape)}"
            try:
                expanded = sparql.expand(str(text)).text
            except InputError as error:
                raise InputError(f"{where}: its SPARQL does not parse: {error}") from None
            if not sparql_scan.may_name_remote(expanded):
                continue
            try:
                tree = parseQuery(str(text))
            except Exception as error:
                raise InputError(f"{where}: its SPARQL does not parse: {error}") from None
            names = set(_walk(tree))
            if "ServiceGraphPattern" in names or "DatasetClause" in names:
                raise InputError(
                    f"{where}: its SPARQL uses SERVICE or FROM, which would fetch remote "
                    "data; refused"
                )


def recursion(shapes: Graph) -> str | None:
    """Name a node shape that requires itself of the same focus node (through sh:node,
    sh:not, sh:and, sh:or, sh:xone), or None."""
    edges: dict[Node, set[Node]] = {}
    for predicate in (SH.node, SH["not"]):
        for shape, other in shapes.subject_objects(predicate):
            edges.setdefault(shape, set()).add(other)
    for predicate in (SH["and"], SH["or"], SH.xone):
        for shape, members in shapes.subject_objects(predicate):
            edges.setdefault(shape, set()).update(Collection(shapes, members))
    # Only node shapes: a property shape passes its value nodes on, not its focus node,
    # and recursion over the data's values ends where the data does (shacl-shacl).
    edges = {
        shape: others for shape, others in edges.items() if (shape, SH.path, None) not in shapes
    }
    for start in sorted(edges, key=str):
        seen: set[Node] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node == start:
                return (
                    f"shape {shape_name(shapes, start)} requires itself of the same focus "
                    "node (sh:node, sh:not, sh:and, sh:or or sh:xone); SHACL leaves recursive "
                    "shapes undefined (section 3.4.4)"
                )
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
    return None


def prepared(shapes: Graph) -> Graph:
    """`shapes`, or a copy with the prefixes of owl:imports declared and xsd:string
    literals written as simple literals (module docstring)."""
    added = []
    for holder in set(shapes.objects(None, SH.prefixes)):
        own = set(shapes.objects(holder, SH.declare))
        for imported in shapes.transitive_objects(holder, OWL.imports):
            for declaration in shapes.objects(imported, SH.declare):
                if declaration not in own:
                    own.add(declaration)
                    added.append((holder, SH.declare, declaration))
    typed = [t for t in shapes if isinstance(t[2], Literal) and t[2].datatype == XSD.string]
    if not added and not typed:
        return shapes
    copied = copy_shapes(shapes)
    for triple in added:
        copied.add(triple)
    for subject, predicate, literal in typed:
        copied.remove((subject, predicate, literal))
        copied.add((subject, predicate, simple(literal)))
    return copied


def simple(term: Node) -> Node:
    """A literal typed xsd:string as the simple literal RDF 1.1 makes it; others as they are."""
    if isinstance(term, Literal) and term.datatype == XSD.string:
        return Literal(str(term))
    return term
