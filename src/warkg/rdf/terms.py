"""RDF terms as people and formats write them, for rdflib and pyoxigraph terms alike.

Rows hold rdflib terms, or, from `warkg.catalogue.quick` (the command line's way to a
stored query without rdflib), pyoxigraph terms of the datatypes it keeps; everything
here reads the two alike (`parts`), which tests/catalogue/test_quick_query.py checks
term by term. This module does not import rdflib: a command that never made an rdflib
term never pays for it.
"""

from __future__ import annotations

import re
import sys
from typing import TYPE_CHECKING

import pyoxigraph

from warkg.rdf.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib.term import Node

_XSD = PREFIXES["xsd"]


_XSD_STRING = _XSD + "string"
_NUMERIC = {
    _XSD + name
    for name in (
        *("integer", "decimal", "double", "float", "positiveInteger", "nonNegativeInteger"),
        *("negativeInteger", "nonPositiveInteger", "long", "int", "short", "byte"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
}


# Longest namespace first, so claim:x wins over id:claim/x.
_NAMESPACES = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda item: -len(item[0]))

# Turtle's (and SPARQL's) PN_LOCAL without PLX: no `\` escapes and no %-encodings, so
# the name reads back as the same IRI in Turtle, SPARQL and a person's copy alike. The
# empty local name is allowed (`warkg:` is the ontology, as our canonical Turtle writes it).
# Two cuts from the grammar's PN_CHARS_BASE, so pyoxigraph reads every name back too: no
# U+FFF0-FFFD (not IRI characters, RFC 3987), nothing beyond the BMP (pyoxigraph 0.5's
# SPARQL parser refuses it in a prefixed name), and at most one '.' (its SPARQL parser
# refuses `p:a.b.c`, which Turtle and rdflib read). tests/rdf/test_terms.py reads names back.
_PN_CHARS_U = (
    "A-Za-z_\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u02ff\u0370-\u037d\u037f-\u1fff"
    "\u200c-\u200d\u2070-\u218f\u2c00-\u2fef\u3001-\ud7ff\uf900-\ufdcf\ufdf0-\uffef"
)
_PN_CHARS = _PN_CHARS_U + "\\-0-9\u00b7\u0300-\u036f\u203f-\u2040"
_PN_LOCAL = re.compile(f"(?:[{_PN_CHARS_U}:0-9](?:[{_PN_CHARS}.:]*[{_PN_CHARS}:])?)?")


def term_kind(term: object) -> str | None:
    """ "uri", "bnode" or "literal" for an rdflib or a pyoxigraph term, else None."""
    if isinstance(term, pyoxigraph.Literal):
        return "literal"
    if isinstance(term, pyoxigraph.NamedNode):
        return "uri"
    if isinstance(term, pyoxigraph.BlankNode):
        return "bnode"
    rdflib_term = sys.modules.get("rdflib.term")  # not imported: no rdflib term exists
    if rdflib_term is not None:
        if isinstance(term, rdflib_term.URIRef):
            return "uri"
        if isinstance(term, rdflib_term.BNode):
            return "bnode"
        if isinstance(term, rdflib_term.Literal):
            return "literal"
    return None


def parts(term: object) -> tuple[str, str, str | None, str | None]:
    """(kind, text, datatype, language) of an rdflib or a pyoxigraph term: kind "uri",
    "bnode" or "literal"; text the IRI, the blank node's label or the lexical form;
    datatype None for a simple literal (xsd:string, as RDF 1.1 has it) or a language-
    tagged one. TypeError for anything else."""
    kind = term_kind(term)
    if kind is None:
        raise TypeError(f"not an RDF term: {term!r}")
    if isinstance(term, pyoxigraph.Literal):
        language = term.language or None
        datatype = term.datatype.value
        simple = language is not None or datatype == _XSD_STRING
        return kind, term.value, None if simple else datatype, language
    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
        return kind, term.value, None, None
    if kind == "literal":
        datatype = term.datatype  # type: ignore[attr-defined]
        simple = datatype is None or str(datatype) == _XSD_STRING
        return kind, str(term), None if simple else str(datatype), term.language or None  # type: ignore[attr-defined]
    return kind, str(term), None, None


def prefixed_name(iri: str) -> str | None:
    """The one rule for shortening an IRI: `claim:armenians-displaced`, by the longest
    of our namespaces that leaves a Turtle-valid local name (see _PN_LOCAL), else None.
    Every shortened IRI warkg prints (tables, reports, messages, pages) comes from here."""
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if _PN_LOCAL.fullmatch(local) and local.count(".") <= 1:
                return f"{prefix}:{local}"
    return None


def shorten(iri: str) -> str:
    """`prefixed_name`, else the IRI as Turtle writes it: `<iri>`."""
    return prefixed_name(iri) or f"<{iri}>"


def display(term: Node | None) -> str:
    """A term as a person reads it: shortened IRI, a literal's text, empty if unbound."""
    if term is None:
        return ""
    kind = term_kind(term)
    if kind is None:
        return str(term)
    _, text, _, _ = parts(term)
    if kind == "uri":
        return shorten(text)
    if kind == "bnode":
        return f"_:{text}"
    return text


def display_compact(term: Node | None) -> str:
    """`display`, and a literal that is a list of IRIs (what GROUP_CONCAT of IRIs
    gives: items separated by spaces) with each IRI of our namespaces shortened, as an
    IRI cell is; any other text is left as it is."""
    text = display(term)
    if term_kind(term) != "literal" or "://" not in text:
        return text
    items = text.split(" ")
    if not all(_IRI_ITEM.match(item) for item in items):
        return text
    return " ".join(_shortened_or_kept(item) for item in items)


_IRI_ITEM = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:[^\s<>\"{}|^`\\]+$")


def _shortened_or_kept(iri: str) -> str:
    return prefixed_name(iri) or iri


def _escape_nt(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def ntriples(term: Node) -> str:
    """A term in N-Triples syntax (RDF 1.1: xsd:string literals carry no datatype)."""
    kind, text, datatype, language = parts(term)
    if kind == "uri":
        return f"<{text}>"
    if kind == "bnode":
        return f"_:{text}"
    quoted = f'"{_escape_nt(text)}"'
    if language:
        return f"{quoted}@{language}"
    if datatype is not None:
        return f"{quoted}^^<{datatype}>"
    return quoted


def is_numeric(term: Node | None) -> bool:
    if term_kind(term) != "literal":
        return False
    _, _, datatype, _ = parts(term)
    return datatype in _NUMERIC


def shorten_term(term: Node) -> str:
    """A term as Turtle, IRIs shortened by `shorten` (validation reports and the
    Wikidata tools' messages)."""
    kind = term_kind(term)
    if kind == "uri":
        return shorten(str(term))
    if kind == "literal":
        return term.n3()  # type: ignore[union-attr]
    return f"_:{term}"
