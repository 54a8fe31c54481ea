"""The `csv` format: SPARQL 1.1 Query Results CSV."""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from warkg.rdf.terms import parts, term_kind
from warkg.results.model import Result

if TYPE_CHECKING:
    from rdflib.term import Node


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    kind = term_kind(term)
    if kind is None:
        return str(term)
    _, text, _, _ = parts(term)
    return f"_:{text}" if kind == "bnode" else text


def format_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, RFC 4180 quoting, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return out.getvalue()
