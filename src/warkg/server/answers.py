"""Answers written in a negotiated format: SELECT results, an ASK boolean, triples.

SELECT and ASK results are written by `warkg.results` (SPARQL JSON, XML, CSV, TSV, and
the table and Markdown people read). Graphs (CONSTRUCT, DESCRIBE, the whole-graph download,
every resource's description) are written by pyoxigraph's serialisers, whichever engine
produced the triples, so both engines give byte-identical Turtle, N-Triples, JSON-LD
and RDF/XML. Runs in the workers, and in the server for the service description.
"""

from __future__ import annotations

import json
from collections.abc import Iterable

import pyoxigraph

from warkg.rdf.namespaces import PREFIXES
from warkg.results.formats import format_result
from warkg.results.json import to_json
from warkg.results.model import Result
from warkg.results.xml import format_xml, format_xml_boolean
from warkg.server.http.media import JSON, N3, NQUADS, TRIG, TURTLE, XML, Format

_RDF_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdf": pyoxigraph.RdfFormat.RDF_XML,
    "n3": pyoxigraph.RdfFormat.N3,
    "nq": pyoxigraph.RdfFormat.N_QUADS,
    "trig": pyoxigraph.RdfFormat.TRIG,
}
_PREFIXED = (TURTLE, N3, TRIG)
_QUADS = (NQUADS, TRIG)


# ---- SELECT and ASK ---------------------------------------------------------------------


def write_result(result: Result, fmt: Format) -> bytes:
    """SELECT results in `fmt` (one of RESULT_FORMATS or TEXT_FORMATS).

    JSON is the library's (`to_json`) on one line: the command line indents it
    for people, but an indented dump takes Python's pure-Python encoder, which cost a
    third of a worker's time per request under load (benchmarks/load.py)."""
    if fmt is XML:
        return format_xml(result).encode("utf-8")
    if fmt is JSON:
        return (json.dumps(to_json(result), ensure_ascii=False) + "\n").encode("utf-8")
    return format_result(result, fmt.name).encode("utf-8")


def write_boolean(answer: bool, fmt: Format) -> bytes:
    """An ASK answer: SPARQL JSON or XML; CSV and TSV, which define no boolean form,
    get the word `true` or `false` on a line, as Oxigraph writes it."""
    word = "true" if answer else "false"
    if fmt is JSON:
        return (json.dumps({"head": {}, "boolean": answer}) + "\n").encode()
    if fmt is XML:
        return format_xml_boolean(answer).encode()
    return f"{word}\n".encode()


# ---- graphs -----------------------------------------------------------------------------


_NAMESPACE_PREFIX = {namespace: prefix for prefix, namespace in PREFIXES.items()}


def _used_prefixes(triples: Iterable[pyoxigraph.Triple]) -> dict[str, str]:
    """Those of our prefixes whose namespace some IRI of `triples` is directly in (an
    IRI up to its last / or #), so a small answer is not headed by 29 @prefix lines."""
    used = {}
    for triple in triples:
        for term in (triple.subject, triple.predicate, triple.object):
            if isinstance(term, pyoxigraph.Literal):
                term = term.datatype
            if isinstance(term, pyoxigraph.NamedNode):
                iri = term.value
                namespace = iri[: max(iri.rfind("/"), iri.rfind("#")) + 1]
                if namespace in _NAMESPACE_PREFIX:
                    used[_NAMESPACE_PREFIX[namespace]] = namespace
    return dict(sorted(used.items()))


def write_graph(
    triples: Iterable[pyoxigraph.Triple], fmt: Format, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in `fmt` (one of CONSTRUCT_FORMATS), sorted so the output is stable;
    Turtle, N3 and TriG use those of our prefixes they need, and `prefixes`. N-Quads and
    TriG hold the triples in the default graph."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    used = {**_used_prefixes(ordered), **(prefixes or {})} if fmt in _PREFIXED else None
    written: list = ordered
    if fmt in _QUADS:
        written = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in ordered]
    return pyoxigraph.serialize(written, format=_RDF_FORMATS[fmt.name], prefixes=used)
