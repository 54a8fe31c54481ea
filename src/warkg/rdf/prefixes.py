"""The project's prefixes as plain strings, in a module that imports nothing of ours.

`warkg.rdf.namespaces` builds its rdflib Namespaces from this table, so it stays the one
place an IRI is written; this module exists so that a command that never touches rdflib
(`warkg query NAME`, see `warkg.catalogue.quick`) can shorten IRIs and declare prefixes
without importing it.
"""

from __future__ import annotations

import functools

BASE = "https://w3id.org/warkg/"

PREFIXES: dict[str, str] = {
    "warkg": "https://w3id.org/warkg/ontology/",
    "id": "https://w3id.org/warkg/id/",
    "agent": "https://w3id.org/warkg/id/agent/",
    "place": "https://w3id.org/warkg/id/place/",
    "event": "https://w3id.org/warkg/id/event/",
    "claim": "https://w3id.org/warkg/id/claim/",
    "ref": "https://w3id.org/warkg/id/reference/",
    "work": "https://w3id.org/warkg/id/work/",
    "note": "https://w3id.org/warkg/id/footnote/",
    "section": "https://w3id.org/warkg/id/section/",
    "pop": "https://w3id.org/warkg/id/population/",
    "concept": "https://w3id.org/warkg/id/concept/",
    "wdlink": "https://w3id.org/warkg/id/wikidata-link/",
    "wsh": "https://w3id.org/warkg/shapes/",
    "cito": "http://purl.org/spar/cito/",
    "fabio": "http://purl.org/spar/fabio/",
    "vann": "http://purl.org/vocab/vann/",
    "wikibase": "http://wikiba.se/ontology#",
    "wd": "http://www.wikidata.org/entity/",
    "wdt": "http://www.wikidata.org/prop/direct/",
    "cc": "http://creativecommons.org/ns#",
    "dcterms": "http://purl.org/dc/terms/",
    "owl": "http://www.w3.org/2002/07/owl#",
    "prov": "http://www.w3.org/ns/prov#",
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "sh": "http://www.w3.org/ns/shacl#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
}


_NEEDLES = tuple((label + ":", label, namespace) for label, namespace in PREFIXES.items())


@functools.lru_cache(maxsize=256)
def used_in(text: str) -> dict[str, str]:
    """Those of our prefixes that the query `text` can use: each whose label is written
    before a colon somewhere in it (a prefixed name always is). An engine handed only
    these reads the same names as one handed them all; pyoxigraph parses every prefix it
    is given, on every query, which cost more than the rest of a small lookup's parse.
    Kept per text (clients send the same queries again): read the dict, never change it."""
    return {label: namespace for needle, label, namespace in _NEEDLES if needle in text}
