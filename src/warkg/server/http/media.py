"""Every media type the server speaks, defined once: the answer formats (their names for
`?format=`, their media types, and the other media types and names that select them)
and the groups offered in each place.

In order of preference within a group: the first is the answer to `Accept: */*` or to no
Accept at all. Where the specifications leave room, a media type selects what Oxigraph's
server answers with it (`text/plain`: N-Triples for a graph, CSV for results;
`application/xml`: SPARQL XML results, or RDF/XML for a graph).
"""

from __future__ import annotations

from dataclasses import dataclass


def media_type(content_type: str) -> str:
    """The media type a Content-Type header names, without its parameters, lowercased."""
    return content_type.split(";")[0].strip().lower()


@dataclass(frozen=True, eq=False)
class Format:
    """An answer format: its name for `?format=`, its media type, other media types that
    select it (in an Accept header or `format`), other names clients send in `format`
    (SPARQLWrapper sends `turtle`, `xml`, `rdf+xml`, `json-ld`, ...), and media types
    that select it in an Accept header only.

    Each format is defined once, here, so formats are compared (and hashed) as objects,
    not field by field: negotiation keeps its verdicts keyed by the formats offered."""

    name: str
    media_type: str
    aliases: tuple[str, ...] = ()
    names: tuple[str, ...] = ()
    accepted: tuple[str, ...] = ()

    def named(self, value: str) -> bool:
        """Whether `format=value` asks for this format (a name or a media type)."""
        return value in (self.name, *self.names, self.media_type, *self.aliases)

    @property
    def content_type(self) -> str:
        return f"{self.media_type}; charset=utf-8"


# SPARQL results
JSON = Format("json", "application/sparql-results+json", ("application/json",), ("srj",))
XML = Format("xml", "application/sparql-results+xml", ("application/xml", "text/xml"), ("srx",))
CSV = Format("csv", "text/csv", accepted=("text/plain",))
TSV = Format("tsv", "text/tab-separated-values")
TEXT = Format("table", "text/plain")
"""Plain text: every error's one line, and SELECT results as a table (`format=table`)."""
TABLE = TEXT
MARKDOWN = Format("markdown", "text/markdown")

# RDF
TURTLE = Format("ttl", "text/turtle", ("application/x-turtle",), ("turtle", "n3"))
NTRIPLES = Format("nt", "application/n-triples", ("text/plain",), ("ntriples", "n-triples"))
JSONLD = Format("jsonld", "application/ld+json", ("application/json",), ("json-ld", "json"))
RDFXML = Format(
    "rdf", "application/rdf+xml", ("application/xml", "text/xml"), ("rdf+xml", "rdfxml", "xml")
)
N3 = Format("n3", "text/n3", ("text/rdf+n3",))
NQUADS = Format("nq", "application/n-quads", (), ("nquads", "n-quads"))
TRIG = Format("trig", "application/trig")

# Everything else the server writes
HTML = Format("html", "text/html", ("application/xhtml+xml",))
PLAIN_JSON = Format("json", "application/json")
CSS = Format("css", "text/css")
SVG = Format("svg", "image/svg+xml")

RESULT_FORMATS = (JSON, XML, CSV, TSV)
"""For SELECT and ASK, by Accept header or `format`."""
TEXT_FORMATS = (TABLE, MARKDOWN)
"""For SELECT only, by `format` only (text/plain would otherwise win for curl users)."""
GRAPH_FORMATS = (TURTLE, NTRIPLES, JSONLD, RDFXML)
"""For the graph download, the service description and every resource's description."""
CONSTRUCT_FORMATS = (*GRAPH_FORMATS, N3, NQUADS, TRIG)
"""For CONSTRUCT and DESCRIBE: also the formats Oxigraph's server answers in."""
RESOURCE_FORMATS = (HTML, *GRAPH_FORMATS)
"""For a resource of the graph: HTML first, so a request without Accept (or with `*/*`
only) gets the page."""
