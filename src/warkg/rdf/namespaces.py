"""The project's prefixes as rdflib Namespaces, declared once (in `warkg.rdf.prefixes`).

Turtle files, stored queries and Python code all use these; a test checks that every
prefix a Turtle file declares agrees with this table, so an IRI cannot drift.
"""

from __future__ import annotations

from rdflib import Graph, Namespace
from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

# The table itself lives in warkg.rdf.prefixes (no rdflib there); rdflib's own namespaces
# (DCTERMS, OWL, ...) agree with it (tests/cli/test_cold_start.py).
from warkg.rdf.prefixes import BASE, PREFIXES

__all__ = [
    "AGENT",
    "BASE",
    "CC",
    "CITO",
    "CLAIM",
    "CONCEPT",
    "DCTERMS",
    "EVENT",
    "FABIO",
    "ID",
    "NOTE",
    "OWL",
    "PLACE",
    "POP",
    "PREFIXES",
    "PROV",
    "RDF",
    "RDFS",
    "REF",
    "SECTION",
    "SH",
    "SKOS",
    "VANN",
    "WARKG",
    "WD",
    "WDLINK",
    "WDT",
    "WIKIBASE",
    "WORK",
    "WSH",
    "XSD",
    "bind_prefixes",
    "sparql_prologue",
]

WARKG = Namespace(PREFIXES["warkg"])
ID = Namespace(PREFIXES["id"])
AGENT = Namespace(PREFIXES["agent"])
PLACE = Namespace(PREFIXES["place"])
EVENT = Namespace(PREFIXES["event"])
CLAIM = Namespace(PREFIXES["claim"])
REF = Namespace(PREFIXES["ref"])
WORK = Namespace(PREFIXES["work"])
NOTE = Namespace(PREFIXES["note"])
SECTION = Namespace(PREFIXES["section"])
POP = Namespace(PREFIXES["pop"])
CONCEPT = Namespace(PREFIXES["concept"])
WDLINK = Namespace(PREFIXES["wdlink"])
WSH = Namespace(PREFIXES["wsh"])
CITO = Namespace(PREFIXES["cito"])
FABIO = Namespace(PREFIXES["fabio"])
VANN = Namespace(PREFIXES["vann"])
WIKIBASE = Namespace(PREFIXES["wikibase"])
WD = Namespace(PREFIXES["wd"])
WDT = Namespace(PREFIXES["wdt"])
CC = Namespace(PREFIXES["cc"])


def bind_prefixes(graph: Graph) -> Graph:
    """Bind our prefixes so serialisations read the same whichever file they came from."""
    for prefix, namespace in PREFIXES.items():
        graph.bind(prefix, namespace, override=True, replace=True)
    return graph


def sparql_prologue() -> str:
    """PREFIX lines for ad-hoc queries that rely on our prefixes."""
    return "".join(f"PREFIX {prefix}: <{ns}>\n" for prefix, ns in PREFIXES.items())
