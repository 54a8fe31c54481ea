"""Linking the graph to Wikidata: verified alignment, a label check against a SPARQL
endpoint, QuickStatements export, and a side-by-side comparison.

Importing this package sends nothing anywhere; only `SparqlClient.select` does.
"""

from __future__ import annotations

from warkg.wikidata.alignment import Link, parse_qid, read_links, verified_links, war_item
from warkg.wikidata.check import CheckResult, check_links
from warkg.wikidata.client import DEFAULT_ENDPOINT, EndpointError, SparqlClient
from warkg.wikidata.compare import compare_lines
from warkg.wikidata.export import Export, quickstatements
from warkg.wikidata.figures import Figure, war_figures
from warkg.wikidata.qualifiers import Qualifiers, qualifiers_from_options

__all__ = [
    "DEFAULT_ENDPOINT",
    "CheckResult",
    "EndpointError",
    "Export",
    "Figure",
    "Link",
    "Qualifiers",
    "SparqlClient",
    "check_links",
    "compare_lines",
    "parse_qid",
    "qualifiers_from_options",
    "quickstatements",
    "read_links",
    "verified_links",
    "war_figures",
    "war_item",
]
