"""Writing and checking queries/index.json: every check of `warkg.sparql.proven` run on
every shipped query.

    python -m warkg.catalogue.index --write   # after editing a query in queries/
    python -m warkg.catalogue.index --check   # exit 1 if the index is stale
"""

from __future__ import annotations

import json
import sys
from typing import Any

import pyoxigraph
from rdflib import Graph

from warkg import paths
from warkg.catalogue import stored as stored_queries
from warkg.catalogue.stored import StoredQuery
from warkg.errors import InputError
from warkg.rdf.namespaces import PREFIXES
from warkg.sparql import checks as sparql
from warkg.sparql.proven import FORMAT, digest, index_path


def entry(query: StoredQuery) -> dict[str, Any]:
    """Every check `warkg.sparql.proven` lists, on one query read with YAML; the index
    entry. InputError (one line, naming the query) for the first check that fails."""
    name = f"queries/{query.name}.rq"
    prepared = sparql.prepare(query.text, name)
    if prepared.form != "SELECT":
        raise InputError(f"{name}: a stored query must be a SELECT, not {prepared.form}")
    if prepared.text != query.text:
        raise InputError(f"{name}: write characters, not \\u escapes or lone carriage returns")
    for param in query.params:
        if param.name not in prepared.variables:
            raise InputError(f"{name}: parameter {param.name!r} is not a projected variable")
    for column in query.list_columns:
        if column not in prepared.variables:
            raise InputError(f"{name}: list column {column!r} is not a projected variable")
    try:
        answer = pyoxigraph.Store().query(query.text, prefixes=PREFIXES)
        oxigraph_variables = tuple(v.value for v in answer.variables)
    except SyntaxError as error:
        raise prepared.oxigraph_error(error, name) from None
    if set(oxigraph_variables) != set(prepared.variables):
        raise InputError(f"{name}: rdflib and pyoxigraph disagree on the SELECT variables")
    list(Graph().query(prepared.query))
    return {
        "sha256": digest(query.text),
        "summary": query.summary,
        "description": query.description,
        "list_columns": list(query.list_columns),
        "params": [
            {"name": p.name, "type": p.type, "description": p.description, "default": p.default}
            for p in query.params
        ],
        "form": prepared.form,
        "variables": list(prepared.variables),
        "has_values_clause": prepared.has_values_clause,
    }


def build() -> dict[str, Any]:
    """The index of the shipped queries as they are now, every query read with YAML and
    checked (`entry`)."""

    queries = {}
    for path in paths.query_files():
        queries[path.stem] = entry(stored_queries.parse_query_file(path, use_index=False))
    return {
        "format": FORMAT,
        "about": (
            "Written by `python -m warkg.catalogue.index --write`; see warkg/catalogue/index.py."
        ),
        "queries": queries,
    }


def render(index: dict[str, Any]) -> str:
    return json.dumps(index, indent=2, ensure_ascii=False) + "\n"


def main(argv: list[str] | None = None) -> int:
    """`--write` the index, or `--check` it (exit 1 when stale, 2 when a check fails)."""

    args = sys.argv[1:] if argv is None else argv
    if args not in (["--write"], ["--check"]):
        print("usage: python -m warkg.catalogue.index --write | --check", file=sys.stderr)
        return 2
    try:
        text = render(build())
    except InputError as error:
        print(f"warkg: {error}", file=sys.stderr)
        return 2
    where = paths.display_path(index_path())
    if args == ["--write"]:
        index_path().write_text(text, encoding="utf-8")
        print(f"wrote {where}")
        return 0
    try:
        current = index_path().read_text(encoding="utf-8")
    except OSError:
        current = None
    if current != text:
        print(f"{where} is stale: run python -m warkg.catalogue.index --write", file=sys.stderr)
        return 1
    print(f"{where} is current")
    return 0


if __name__ == "__main__":
    sys.exit(main())
