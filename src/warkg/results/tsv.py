"""The `tsv` format: SPARQL 1.1 Query Results TSV."""

from __future__ import annotations

from warkg.rdf.terms import ntriples
from warkg.results.model import Result


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` header, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        terms = [row.get(v) for v in result.variables]
        lines.append("\t".join("" if t is None else ntriples(t) for t in terms))
    return "\n".join(lines) + "\n"
