"""Content negotiation and the answer formats the endpoint writes.

SELECT and ASK results are written by `warkg.results` (SPARQL JSON, XML, CSV, TSV, and
the table and Markdown people read). Graphs (CONSTRUCT, DESCRIBE, the whole-graph download)
are written by pyoxigraph's serialisers, whichever engine produced the triples, so both
backends give byte-identical Turtle, N-Triples and JSON-LD.

A client picks a format with the Accept header (q-values honoured) or, overriding it,
with a `format` parameter (`?format=csv`), which is easier to type in a browser.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

import pyoxigraph

from warkg.rdf.namespaces import PREFIXES
from warkg.results.formats import format_result
from warkg.results.json import to_json
from warkg.results.model import Result
from warkg.results.xml import format_xml, format_xml_boolean


class HttpError(Exception):
    """A request that gets an error status and a one-line message."""

    def __init__(self, status: int, message: str) -> None:
        self.status = status
        self.message = " ".join(message.split())
        super().__init__(self.message)


def too_large(limit: int) -> HttpError:
    """The one refusal of a request over --max-request-bytes, wherever it is found (the
    connection guard, the endpoint, the pages)."""
    return HttpError(
        413, f"request larger than {limit} bytes, the server's limit (--max-request-bytes)"
    )


@dataclass(frozen=True)
class Format:
    """An answer format: its name for `?format=`, its media type, other media types
    that select it in an Accept header, and other names clients send in `format`
    (SPARQLWrapper sends `turtle`, `xml`, `rdf+xml`, `json-ld`, ...)."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()

    def named(self, value: str) -> bool:
        """Whether `format=value` asks for this format (a name or a media type)."""
        return value in (self.name, *self.names, self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


JSON = Format("json", "application/sparql-results+json", ("application/json",), ("srj",))
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",))
CSV = Format("csv", "text/csv")
TSV = Format("tsv", "text/tab-separated-values")
TABLE = Format("table", "text/plain")
MARKDOWN = Format("markdown", "text/markdown")
TURTLE = Format("ttl", "text/turtle", ("application/x-turtle",), ("turtle", "n3"))
NTRIPLES = Format("nt", "application/n-triples", ("text/plain",), ("ntriples", "n-triples"))
JSONLD = Format("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json"))
RDFXML = Format("rdf", "application/rdf+xml", (), ("rdf+xml", "rdfxml", "xml"))

# In order of preference: the first is the answer to `Accept: */*` or no Accept at all.
RESULT_FORMATS = (JSON, XML, CSV, TSV)
"""For SELECT and ASK, by Accept header or `format`."""
TEXT_FORMATS = (TABLE, MARKDOWN)
"""For SELECT only, by `format` only (text/plain would otherwise win for curl users)."""
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
"""For CONSTRUCT, DESCRIBE, the service description and the graph download."""

_RDF_FORMATS = {
    "ttl": pyoxigraph.RdfFormat.TURTLE,
    "nt": pyoxigraph.RdfFormat.N_TRIPLES,
    "jsonld": pyoxigraph.RdfFormat.JSON_LD,
    "rdf": pyoxigraph.RdfFormat.RDF_XML,
}


# ---- negotiation ------------------------------------------------------------------------


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """`(type/subtype, q)` for each media range of an Accept header; malformed q is 0."""
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                try:
                    quality = max(0.0, min(1.0, float(value)))
                except ValueError:
                    quality = 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The q the client gives `fmt`: that of its most specific matching range. A range
    `type/*` matches the format's own media type only, not its aliases (`text/*` means
    CSV, not SPARQL XML by way of `text/xml`)."""
    best_specificity, quality = -1, 0.0
    for media_type in (fmt.media_type, *fmt.aliases):
        kind = media_type.split("/")[0]
        for media, q in ranges:
            if media == media_type:
                specificity = 2
            elif media == f"{kind}/*" and media_type == fmt.media_type:
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if specificity > best_specificity or (specificity == best_specificity and q > quality):
                best_specificity, quality = specificity, q
    return quality


def negotiate(
    offered: Iterable[Format],
    accept: str | None,
    requested: str | Iterable[str] | None = None,
    by_name_only: Iterable[Format] = (),
) -> Format:
    """The format to answer in: the one named by `requested` (`?format=`, which clients
    such as SPARQLWrapper add on their own, sometimes twice), else the one the Accept
    header prefers (ties go to the first offered), else the first offered.

    A `format` value that names no format offered here is ignored (content negotiation
    decides), as other endpoints do; values naming two different formats are a 400.
    406 if Accept admits none."""
    offered = tuple(offered)
    named = offered + tuple(by_name_only)
    values = [requested] if isinstance(requested, str) else list(requested or ())
    chosen: list[Format] = []
    for value in values:
        wanted = value.split(";")[0].strip().lower()
        fmt = next((f for f in named if f.named(wanted)), None)
        if fmt is not None and fmt not in chosen:
            chosen.append(fmt)
    if len(chosen) > 1:
        shown = " and ".join(repr(v) for v in values)
        raise HttpError(400, f"parameter 'format' given as {shown}, which disagree; give one")
    if chosen:
        return chosen[0]
    if not accept or not accept.strip():
        return offered[0]
    ranges = _media_ranges(accept)
    best, best_quality = None, 0.0
    for fmt in offered:
        quality = _quality(fmt, ranges)
        if quality > best_quality:
            best, best_quality = fmt, quality
    if best is None:
        types = ", ".join(f.media_type for f in offered)
        raise HttpError(406, f"cannot answer in any type the Accept header allows; types: {types}")
    return best


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
    """Triples in `fmt` (one of GRAPH_FORMATS), sorted so the output is stable; Turtle
    uses those of our prefixes it needs, and `prefixes`."""
    ordered = sorted(triples, key=lambda t: (str(t.subject), str(t.predicate), str(t.object)))
    used = {**_used_prefixes(ordered), **(prefixes or {})} if fmt is TURTLE else None
    return pyoxigraph.serialize(ordered, format=_RDF_FORMATS[fmt.name], prefixes=used)
