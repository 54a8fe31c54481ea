"""Linking the graph to Wikidata: verified alignment, a label check against a SPARQL
endpoint, QuickStatements export, a side-by-side comparison, and finding links:
candidates for review (reconcile) and reviewed rows made verified records (accept).

Importing this package sends nothing anywhere; only `SparqlClient.select` and
`SearchApi.call` do.
"""

from __future__ import annotations

from warkg.wikidata.accept import accept_rows, read_review
from warkg.wikidata.alignment import Link, parse_qid, read_links, verified_links, war_item
from warkg.wikidata.api import SearchApi
from warkg.wikidata.cache import Cache
from warkg.wikidata.check import CheckResult, check_links
from warkg.wikidata.client import DEFAULT_ENDPOINT, EndpointError, SparqlClient
from warkg.wikidata.compare import compare_lines
from warkg.wikidata.export import Export, quickstatements
from warkg.wikidata.figures import Figure, war_figures
from warkg.wikidata.project import ProjectIds
from warkg.wikidata.qualifiers import Qualifiers, qualifiers_from_options
from warkg.wikidata.reconcile import Reconciler, entities_to_reconcile, review_tsv

__all__ = [
    "DEFAULT_ENDPOINT",
    "Cache",
    "CheckResult",
    "EndpointError",
    "Export",
    "Figure",
    "Link",
    "ProjectIds",
    "Qualifiers",
    "Reconciler",
    "SearchApi",
    "SparqlClient",
    "accept_rows",
    "check_links",
    "compare_lines",
    "entities_to_reconcile",
    "parse_qid",
    "qualifiers_from_options",
    "quickstatements",
    "read_links",
    "read_review",
    "review_tsv",
    "verified_links",
    "war_figures",
    "war_item",
]
