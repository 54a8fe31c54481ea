"""The SPARQL the pages run (`server/pages/queries/*.rq`), checked as the stored queries
are: each file has its `#+` header, parses, is a SELECT whose parameters are variables
it projects, runs on both embedded engines, and is named by the code that runs it (no
file unused, no name without a file)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from warkg.catalogue.stored import PARAM_TYPES, parse_query_file
from warkg.server.pages import query_files
from warkg.sparql import checks as sparql

PAGES = Path(query_files.__file__).parent
NAMES = query_files.names()


def test_page_queries_found() -> None:
    assert len(NAMES) == 35


@pytest.mark.parametrize("name", NAMES)
def test_header_and_query(name: str) -> None:
    query = parse_query_file(PAGES / "queries" / f"{name}.rq", use_index=False)
    assert query.summary.endswith(".")
    prepared = sparql.prepare(query.text, name)
    assert prepared.form == "SELECT"
    for param in query.params:
        assert param.type in PARAM_TYPES
        assert param.name in prepared.variables, (name, param.name)


@pytest.mark.parametrize("name", NAMES)
def test_runs_on_both_engines(name: str, rdflib_backend, oxigraph_backend) -> None:
    ours = query_files.select(oxigraph_backend, name)
    reference = query_files.select(rdflib_backend, name)
    assert ours.variables == reference.variables
    assert len(ours.rows) == len(reference.rows), name


def test_every_file_is_used_and_every_name_has_a_file() -> None:
    code = "\n".join(path.read_text(encoding="utf-8") for path in PAGES.glob("*.py"))
    named = set(re.findall(r'query_files\.select\(\s*\w+,\s*"([a-z0-9-]+)"', code))
    named |= set(re.findall(r'_counts\(backend, "([a-z0-9-]+)"', code))
    assert named == set(NAMES)
