"""The project's prefixes, declared once.

Turtle files, stored queries and Python code all use these; a test checks that every
prefix a Turtle file declares agrees with this table, so an IRI cannot drift.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

BASE = "https://w3id.org/warkg/"

WARKG = Namespace(BASE + "ontology/")
ID = Namespace(BASE + "id/")
AGENT = Namespace(BASE + "id/agent/")
PLACE = Namespace(BASE + "id/place/")
EVENT = Namespace(BASE + "id/event/")
CLAIM = Namespace(BASE + "id/claim/")
REF = Namespace(BASE + "id/reference/")
WORK = Namespace(BASE + "id/work/")
NOTE = Namespace(BASE + "id/footnote/")
SECTION = Namespace(BASE + "id/section/")
POP = Namespace(BASE + "id/population/")
CONCEPT = Namespace(BASE + "id/concept/")
WDLINK = Namespace(BASE + "id/wikidata-link/")
WSH = Namespace(BASE + "shapes/")

CITO = Namespace("http://purl.org/spar/cito/")
FABIO = Namespace("http://purl.org/spar/fabio/")
VANN = Namespace("http://purl.org/vocab/vann/")
WIKIBASE = Namespace("http://wikiba.se/ontology#")
WD = Namespace("http://www.wikidata.org/entity/")
WDT = Namespace("http://www.wikidata.org/prop/direct/")
CC = Namespace("http://creativecommons.org/ns#")

PREFIXES: dict[str, str] = {
    "warkg": str(WARKG),
    "id": str(ID),
    "agent": str(AGENT),
    "place": str(PLACE),
    "event": str(EVENT),
    "claim": str(CLAIM),
    "ref": str(REF),
    "work": str(WORK),
    "note": str(NOTE),
    "section": str(SECTION),
    "pop": str(POP),
    "concept": str(CONCEPT),
    "wdlink": str(WDLINK),
    "wsh": str(WSH),
    "cito": str(CITO),
    "fabio": str(FABIO),
    "vann": str(VANN),
    "wikibase": str(WIKIBASE),
    "wd": str(WD),
    "wdt": str(WDT),
    "cc": str(CC),
    "dcterms": str(DCTERMS),
    "owl": str(OWL),
    "prov": str(PROV),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "sh": str(SH),
    "skos": str(SKOS),
    "xsd": str(XSD),
}


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes so serialisations read the same whichever file they came from."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for ad-hoc queries that rely on our prefixes."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
