"""Values as people read them in the `table` and `markdown` formats: IRIs compacted
wherever the table prints them (lists made by GROUP_CONCAT too), and text cut only when
the table would not fit otherwise."""

from __future__ import annotations

import pytest
from rdflib import Literal, URIRef

from warkg.cli import main as cli
from warkg.results.formats import format_result
from warkg.results.model import Result

CLAIM = "https://w3id.org/warkg/id/claim/"
TITLE = (
    "Prime Minister Nikol Pashinyan's speech at the National Assembly during the "
    "discussion of the performance report of the Government Action Plan for 2021"
)
LISTS = Result(
    ("claims", "urls", "mixed"),
    [
        {
            "claims": Literal(f"{CLAIM}a {CLAIM}b"),
            "urls": Literal("https://example.org/a https://example.org/b"),
            "mixed": Literal(f"{CLAIM}a and more"),
        }
    ],
)


def test_a_list_of_iris_is_compacted_in_tables_and_markdown() -> None:
    table = format_result(LISTS, "table")
    assert table.splitlines()[2].split("  ")[0] == "claim:a claim:b"
    assert "https://example.org/a https://example.org/b" in table  # no prefix: as written
    assert f"{CLAIM}a and more" in table  # not a list of IRIs: text as written
    assert "| claim:a claim:b |" in format_result(LISTS, "markdown")


def test_machine_formats_keep_full_iris() -> None:
    assert f"{CLAIM}a {CLAIM}b" in format_result(LISTS, "csv")
    assert f"{CLAIM}a {CLAIM}b" in format_result(LISTS, "json")


def test_an_iri_cell_is_compacted_too() -> None:
    result = Result(("claim",), [{"claim": URIRef(CLAIM + "x")}])
    assert format_result(result, "table").splitlines()[2] == "claim:x"


def run(capsys, *args: str) -> str:
    assert cli.main(list(args)) == 0
    return capsys.readouterr().out


@pytest.mark.parametrize("width", [None, "400"])
def test_a_title_is_not_cut_while_the_table_fits(capsys, width) -> None:
    args = ["query", "claim-references", "-p", "claim=armenia-artsakh-servicemen-killed"]
    out = run(capsys, *args, *(["--width", width] if width else []))
    assert TITLE in out


def test_a_title_is_cut_only_as_much_as_the_width_needs(capsys) -> None:
    args = ["query", "claim-references", "-p", "claim=armenia-artsakh-servicemen-killed"]
    out = run(capsys, *args, "--width", "250")
    assert max(len(line) for line in out.splitlines()) <= 250
    assert TITLE not in out
    assert "Prime Minister Nikol Pashinyan's speech" in out


def test_group_concat_of_iris_from_the_command_line(capsys, tmp_path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        'SELECT (GROUP_CONCAT(STR(?claim); SEPARATOR=" ") AS ?claims) '
        "WHERE { ?claim warkg:hasReference ref:58 }",
        encoding="utf-8",
    )
    out = run(capsys, "sparql", str(query))
    assert sorted(out.splitlines()[2].split()) == [
        "claim:armenia-artsakh-servicemen-missing",
        "claim:armenian-civilians-missing",
    ]
