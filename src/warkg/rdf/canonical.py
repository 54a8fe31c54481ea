"""Canonical Turtle: what rdflib's `longturtle` writes once our prefixes are bound.

One fixed form keeps diffs small and reviewable. A file is rewritten only if its
canonical text, read back by pyoxigraph, gives exactly the same RDF graph (compared with
`rdflib.compare.isomorphic`, blank nodes up to renaming) as the file did. Comparing
pyoxigraph's parses rather than rdflib's matters: rdflib normalises literals as it
reads (`"01"^^xsd:integer` becomes `1`), so it would call such a rewrite lossless.
Comments are not part of the graph and do not survive.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.compare import isomorphic

from warkg import paths
from warkg.errors import InputError
from warkg.rdf.loading import new_graph, parse_turtle, read_turtle
from warkg.rdf.namespaces import bind_prefixes


def canonical_turtle(graph: Graph) -> str:
    """The canonical serialisation of `graph` (its own prefixes overridden by ours)."""
    return bind_prefixes(graph).serialize(format="longturtle")


def _exact_graph(data: bytes) -> Graph:
    """`data` parsed by pyoxigraph into an rdflib graph that keeps every term exactly:
    literals become opaque strings of their N-Triples form, so no lexical form, datatype
    or language tag can be normalised away before the comparison."""
    graph = Graph(bind_namespaces="none")

    def term(node: object) -> URIRef | BNode | Literal:
        if isinstance(node, pyoxigraph.NamedNode):
            return URIRef(node.value)
        if isinstance(node, pyoxigraph.BlankNode):
            return BNode(node.value)
        return Literal(str(node))

    for quad in pyoxigraph.parse(input=data, format=pyoxigraph.RdfFormat.TURTLE):
        graph.add((term(quad.subject), term(quad.predicate), term(quad.object)))
    return graph


def _first_change(before: bytes, after: bytes) -> str:
    """`; e.g. it would drop <triple>` for the first ground triple lost, else ''."""
    kept = set(_exact_graph(after))
    for triple in sorted(_exact_graph(before)):
        if triple not in kept and not any(isinstance(t, BNode) for t in triple):
            subject, predicate, obj = (str(t) if isinstance(t, Literal) else t.n3() for t in triple)
            return f"; e.g. it would drop {subject} {predicate} {obj} (write it as rdflib does)"
    return ""


@dataclass(frozen=True)
class Formatted:
    """A file's current bytes and its canonical bytes."""

    path: Path
    original: bytes
    canonical: bytes

    @property
    def is_canonical(self) -> bool:
        return self.original == self.canonical


def canonicalise(path: str | Path) -> Formatted:
    """Compute a file's canonical form without writing anything.

    InputError if the file is missing or malformed, or if the canonical form would not
    hold exactly the same triples (then the file must be fixed by hand)."""
    path = Path(path)
    name = paths.display_path(path)
    data, text = read_turtle(path)
    graph = parse_turtle(new_graph(), data, text, name)  # errors as loading reports them
    canonical = canonical_turtle(graph).encode("utf-8")
    if canonical != data:
        try:
            same = isomorphic(_exact_graph(data), _exact_graph(canonical))
        except SyntaxError as error:
            raise InputError(
                f"{name}: refusing to rewrite: rdflib's canonical form does not parse: {error}"
            ) from None
        if not same:
            raise InputError(
                f"{name}: refusing to rewrite: the canonical form would change the graph"
                f"{_first_change(data, canonical)}"
            )
    return Formatted(path, data, canonical)


def write_atomically(path: Path, content: bytes) -> None:
    """Replace `path` with `content` via a temporary file in the same folder, so a crash
    leaves either the old file or the new one, never half of either."""
    mode = path.stat().st_mode & 0o7777
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(content)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp_name, mode)
        os.replace(tmp_name, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp_name)
        raise


def format_file(path: str | Path, *, check: bool = False) -> bool:
    """Make one file canonical (or with `check`, only report); True if it was not."""
    result = canonicalise(path)
    if result.is_canonical:
        return False
    if not check:
        write_atomically(result.path, result.canonical)
    return True


def default_targets() -> list[Path]:
    """Every shipped Turtle file: ontology/, triples/ and shapes/."""
    return paths.ontology_files() + paths.triples_files() + paths.shapes_files()
