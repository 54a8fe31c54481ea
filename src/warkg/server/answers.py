"""Answers written in a negotiated format: SELECT results, an ASK boolean, triples.

SELECT and ASK results are written by `warkg.results` (SPARQL JSON, XML, CSV, TSV, and
the table and Markdown people read). Graphs (CONSTRUCT, DESCRIBE, the whole-graph download,
every resource's description) are written by pyoxigraph's serialisers, whichever engine
produced the triples, so both engines give byte-identical Turtle, N-Triples, JSON-LD
and RDF/XML. Runs in the workers, and in the server for the service description.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable

import pyoxigraph

from warkg.engines.oxigraph import Solutions
from warkg.rdf.conversion import from_oxigraph, triple_term
from warkg.rdf.namespaces import PREFIXES
from warkg.results.formats import format_result
from warkg.results.json import json_term, to_json
from warkg.results.model import Result
from warkg.results.xml import format_xml, format_xml_boolean
from warkg.server.http.errors import HttpError
from warkg.server.http.media import JSON, JSONLD, N3, NQUADS, TRIG, TURTLE, XML, Format

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
_RDF_1_1_ONLY = {JSONLD: "JSON-LD", N3: "N3"}
"""Graph formats with no RDF 1.2 triple term: pyoxigraph writes the others' RDF 1.2
forms (Turtle, N-Triples, N-Quads, TriG, RDF/XML, each read back as written)."""


# ---- SELECT and ASK ---------------------------------------------------------------------


def write_result(result: Result, fmt: Format) -> bytes:
    """SELECT results in `fmt` (one of RESULT_FORMATS or TEXT_FORMATS).

    JSON is the library's (`to_json`) on one line: the command line indents it
    for people, but an indented dump takes Python's pure-Python encoder, a large part of
    a worker's time per request (figures in docs/decisions.md)."""
    if fmt is XML:
        return format_xml(result).encode("utf-8")
    if fmt is JSON:
        return (json.dumps(to_json(result), ensure_ascii=False) + "\n").encode("utf-8")
    return format_result(result, fmt.name).encode("utf-8")


def write_json_solutions(solutions: Solutions) -> bytes:
    """A SELECT answer in SPARQL JSON written straight from pyoxigraph's terms: the same
    bytes as `write_result(solutions.result(), JSON)` (each binding is what `to_json`
    writes for the term the engines report, `from_oxigraph`, joined as `json.dumps`
    joins them), without building an rdflib term, a dict and a Result per row. The
    rows pass the row limit and raise the engine's errors as `result` does."""
    head, keys = json_shape(solutions.variables)
    columns = tuple(zip(solutions.positions, keys, strict=True))
    kept = BINDINGS

    def row(solution: pyoxigraph.QuerySolution) -> str:
        written = []
        for position, key in columns:
            term = solution[position]
            if term is not None:
                written.append(key + (kept.get(term) or binding(term)))
        return "{" + ", ".join(written) + "}"

    return (head + ", ".join(solutions.rows(row)) + "]}}\n").encode()


@functools.lru_cache(maxsize=256)
def json_shape(variables: tuple[str, ...]) -> tuple[str, tuple[str, ...]]:
    """The SPARQL JSON up to the first row, and each variable's key, as `json.dumps`
    writes them."""
    names = json.dumps(list(variables), ensure_ascii=False)
    head = f'{{"head": {{"vars": {names}}}, "results": {{"bindings": ['
    return head, tuple(json.dumps(v, ensure_ascii=False) + ": " for v in variables)


BINDINGS: dict[object, str] = {}
BINDINGS_KEPT = 16_384
"""How many terms' bindings a worker keeps written (the same terms of the data come back
in answer after answer); a binding longer than KEPT_LENGTH is written each time."""
KEPT_LENGTH = 1024


def binding(term: object) -> str:
    """One pyoxigraph term's SPARQL JSON binding, as `to_json` writes the engines' term."""
    written = json.dumps(json_term(from_oxigraph(term)), ensure_ascii=False)
    if len(written) <= KEPT_LENGTH:
        if len(BINDINGS) >= BINDINGS_KEPT:
            BINDINGS.clear()
        BINDINGS[term] = written
    return written


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


def _refuse_triple_terms(triples: Iterable[pyoxigraph.Triple], fmt: Format) -> None:
    """422 for an RDF 1.2 triple term in a format that has none (`_RDF_1_1_ONLY`)."""
    for triple in triples:
        if isinstance(triple.object, pyoxigraph.Triple):
            raise HttpError(
                422,
                f"the answer holds an RDF 1.2 triple term, {triple_term(triple.object)}, "
                f"which {_RDF_1_1_ONLY[fmt]} cannot carry; ask for Turtle, N-Triples, "
                "N-Quads, TriG or RDF/XML",
            )


def write_graph(
    triples: Iterable[pyoxigraph.Triple], fmt: Format, prefixes: dict[str, str] | None = None
) -> bytes:
    """Triples in `fmt` (one of CONSTRUCT_FORMATS), sorted so the output is stable;
    Turtle, N3 and TriG use those of our prefixes they need, and `prefixes`. N-Quads and
    TriG hold the triples in the default graph."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    if fmt in _RDF_1_1_ONLY:
        _refuse_triple_terms(ordered, fmt)
    used = {**_used_prefixes(ordered), **(prefixes or {})} if fmt in _PREFIXED else None
    written: list = ordered
    if fmt in _QUADS:
        written = [pyoxigraph.Quad(t.subject, t.predicate, t.object) for t in ordered]
    return pyoxigraph.serialize(written, format=_RDF_FORMATS[fmt.name], prefixes=used)
