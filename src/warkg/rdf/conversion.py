"""Terms between rdflib and pyoxigraph, and aligned as Oxigraph reports them, so a query
gives equal answers on every engine."""

from __future__ import annotations

import functools

import pyoxigraph
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node

from warkg.errors import InputError

# Oxigraph keeps a literal's primitive datatype only ("05"^^xsd:positiveInteger is stored
# as "5"^^xsd:integer), so every backend reports terms that way, for equal results.
_INTEGER_SUBTYPES = frozenset(
    XSD[name]
    for name in (
        *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"),
        *("long", "int", "short", "byte"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
)


def align(term: Node | None) -> Node | None:
    """`term` as Oxigraph reports it: integer subtypes as canonical xsd:integer,
    xsd:dateTimeStamp as xsd:dateTime; anything else unchanged."""
    if isinstance(term, Literal) and term.datatype is not None:
        if term.datatype in _INTEGER_SUBTYPES or term.datatype == XSD.integer:
            try:
                return Literal(str(int(str(term))), datatype=XSD.integer)
            except ValueError:  # ill-typed: leave it as it is
                return term
        if term.datatype == XSD.dateTimeStamp:
            return Literal(str(term), datatype=XSD.dateTime)
    return term


def to_oxigraph(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(term.datatype))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


class UnsupportedTerm(InputError):
    """An answer holds a term warkg's results cannot carry: an RDF 1.2 triple term
    (rdflib, and so every engine's rows, holds RDF 1.1 terms only). Refused in one
    line: 422 at the endpoint, exit code 2 on the command line (docs/decisions.md)."""


def triple_term(term: pyoxigraph.Triple) -> str:
    """A triple term as RDF 1.2 N-Triples writes it, cut to a length a message can hold."""
    text = f"<<( {term} )>>"
    return text if len(text) <= 160 else text[:150] + "... )>>"


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (xsd:string literals plain, as rdflib reads
    Turtle); UnsupportedTerm for an RDF 1.2 triple term."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    if isinstance(term, pyoxigraph.Triple):
        raise UnsupportedTerm(
            f"the answer holds an RDF 1.2 triple term, {triple_term(term)}, which warkg's "
            "query results do not support (RDF 1.1 terms only)"
        )
    raise TypeError(f"unsupported term from pyoxigraph: {term!r}")


@functools.lru_cache(maxsize=50_000)
def from_oxigraph(term: object) -> Node | None:
    """A pyoxigraph term as every backend reports it (rdflib, `align`ed). Kept, because
    the same terms of the data come back in answer after answer, and building an rdflib
    Literal costs more than evaluating a small query; terms are immutable."""
    return align(to_rdflib(term))
