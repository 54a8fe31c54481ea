"""A graph of several articles: the shipped article (rendered text, with its curation) and
the American Revolutionary War (from the dump) built into one N-Quads file, one named
graph each, then queried (the war as a parameter, this war the default) and served."""

from __future__ import annotations

import json
import urllib.parse
from pathlib import Path

import pytest

from tests.support.serving import request, warkg_server
from warkg import paths
from warkg.build.pipeline import shipped_curation_path
from warkg.cli.main import main

ARW = "event:american-revolutionary-war"


@pytest.fixture(scope="module")
def two_articles(dump_path: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    target = tmp_path_factory.mktemp("two") / "articles.nq"
    curation = str(shipped_curation_path())
    args = [str(paths.article_path()), str(dump_path), "--curation", curation]
    code = main(["build", *args, "--quiet", "-o", str(target)])
    assert code == 0
    return target


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = main(list(args))
    out, _ = capsys.readouterr()
    return code, out


def test_one_named_graph_per_article(two_articles: Path) -> None:
    graphs = {line.rsplit(" ", 2)[1] for line in two_articles.read_text("utf-8").splitlines()}
    assert graphs == {
        "<https://w3id.org/warkg/id/graph/american-revolutionary-war>",
        "<https://w3id.org/warkg/id/graph/second-nagorno-karabakh-war>",
    }


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_queries_default_to_this_war(
    two_articles: Path, capsys: pytest.CaptureFixture[str], backend: str
) -> None:
    for query in ("casualty-figures", "belligerents", "timeline", "sources-by-language"):
        _, alone = run(capsys, "query", query, "-b", backend, "-f", "csv")
        code, both = run(
            capsys, "query", query, "--data", str(two_articles), "-b", backend, "-f", "csv"
        )
        assert code == 0
        assert both == alone, query


def test_the_other_war_by_parameter(two_articles: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["--data", str(two_articles), "-p", f"war={ARW}", "-f", "json"]
    code, out = run(capsys, "query", "belligerents", *args)
    assert code == 0
    rows = json.loads(out)["results"]["bindings"]
    assert len(rows) == 13  # 9 in combatant1, 4 in combatant2
    names = sorted(row["belligerent"]["value"] for row in rows)
    assert names.count("Native Americans") == 2  # one on each side
    code, out = run(capsys, "query", "sources-by-language", *args)
    [row] = json.loads(out)["results"]["bindings"]
    assert row["count"]["value"] == "45"  # the 45 citation templates; no language stated


def test_the_server_serves_both_articles(two_articles: Path) -> None:
    query = (
        "SELECT (COUNT(DISTINCT ?a) AS ?n) "
        "WHERE { ?a a <https://w3id.org/warkg/ontology/ArticleSnapshot> }"
    )
    with warkg_server("--data", str(two_articles)) as server:
        answer = request(
            f"{server.sparql}?{urllib.parse.urlencode({'query': query})}",
            headers={"Accept": "application/sparql-results+json"},
        )
        assert answer.status == 200
        assert json.loads(answer.body)["results"]["bindings"][0]["n"]["value"] == "2"
        page = request(
            f"{server.url}/queries/belligerents?war={urllib.parse.quote(ARW)}&format=json"
        )
        assert page.status == 200
        assert len(json.loads(page.body)["results"]["bindings"]) == 13


def test_the_shapes_validate_both_articles(
    two_articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Each article numbers its own reference list: ref:57 and the American Revolutionary
    War's 57 are two references in two lists (wsh:ReferenceNumberShape-unique)."""
    code, out = run(capsys, "validate", str(two_articles))
    assert code == 0, out
    assert out.startswith("conforms: 165 claims, 284 references (")  # 97 + 68, 91 + 193


def test_every_casualty_figure_of_the_other_war(
    two_articles: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Figures the rules have no population for are listed with the words saying what
    they count; a range has no amount."""
    args = ["--data", str(two_articles), "-p", f"war={ARW}", "-f", "json"]
    code, out = run(capsys, "query", "casualty-figures", *args)
    assert code == 0
    rows = {row["statedAs"]["value"]: row for row in json.loads(out)["results"]["bindings"]}
    assert len(rows) == 15
    navy = rows["1,243"]
    assert (navy["population"]["value"], navy["amount"]["value"]) == (
        "navy killed in battle",
        "1243",
    )
    assert navy["references"]["value"] == "20"
    assert "amount" not in rows["25,000\u201370,000"]
