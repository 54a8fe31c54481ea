"""Dereferenceable IRIs: what `https://w3id.org/warkg/id/...` and `.../ontology/...`
answer when a program asks for RDF instead of a page.

A resource's description is its triples in both directions (what it says, and what
says something about it), as a Linked Data client expects to find them when it follows
a link either way. A claim's description also carries its references, the works they
cite and their authorships, and the footnotes it cites: a claim is only worth as much as
its provenance, and a client should not need four more requests to see it.

Runs in a worker (it queries the data); the server only picks the route.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph
from rdflib import URIRef
from rdflib.term import Node

from warkg.engines.base import Backend
from warkg.rdf.conversion import to_oxigraph
from warkg.rdf.namespaces import BASE, WARKG
from warkg.server.answers import write_graph
from warkg.server.http.media import Format
from warkg.server.pages import query_files

ONTOLOGY = str(WARKG)

# What a claim's description carries beyond its own triples: these objects' own triples,
# followed again from what they reach (reference -> work -> authorship).
_FOLLOW = frozenset(
    str(WARKG[name]) for name in ("hasReference", "citesWork", "hasAuthorship", "citesFootnote")
)

Triple = tuple[Node, Node, Node]


def iri_of(path: str) -> str | None:
    """The graph IRI a server path stands for (`/id/agent/armenia`); None for a path
    outside the namespace."""
    if path.startswith(("/id/", "/ontology/")):
        return BASE + path[1:]
    return None


def path_of(iri: str) -> str | None:
    """The server path of a graph IRI, None for an IRI outside the namespace."""
    if iri.startswith(BASE + "id/") or iri.startswith(ONTOLOGY):
        return "/" + iri[len(BASE) :]
    return None


def exists(backend: Backend, iri: str) -> bool:
    """Whether the graph says anything with or about `iri`."""
    return bool(query_files.select(backend, "mentioned", {"x": URIRef(iri)}).rows)


def outgoing(backend: Backend, iri: str) -> list[Triple]:
    node = URIRef(iri)
    rows = query_files.select(backend, "outgoing", {"x": node}).rows
    return [(node, r["p"], r["o"]) for r in rows]


def incoming(backend: Backend, iri: str) -> list[Triple]:
    node = URIRef(iri)
    rows = query_files.select(backend, "incoming", {"x": node}).rows
    return [(r["s"], r["p"], node) for r in rows]


def describe(backend: Backend, iri: str) -> list[Triple]:
    """The triples of `iri` both ways, and the provenance reached from it (see module)."""
    found = [*outgoing(backend, iri), *incoming(backend, iri)]
    seen, queue = {iri}, [o for _, p, o in found if str(p) in _FOLLOW and str(o) != iri]
    while queue:
        node = str(queue.pop())
        if node in seen:
            continue
        seen.add(node)
        more = outgoing(backend, node)
        found += more
        queue += [o for _, p, o in more if str(p) in _FOLLOW and isinstance(o, URIRef)]
    if iri == ONTOLOGY:
        for row in query_files.select(backend, "ontology-terms").rows:
            found += outgoing(backend, str(row["term"]))
    return list(dict.fromkeys(found))


def write_rdf(triples: Iterable[Triple], fmt: Format) -> bytes:
    """`triples` (rdflib terms) in one of GRAPH_FORMATS; stable order, our prefixes
    where Turtle uses them."""
    return write_graph(
        [pyoxigraph.Triple(*(to_oxigraph(t) for t in triple)) for triple in triples], fmt
    )


def valid(iri: str) -> bool:
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return False
    return True
