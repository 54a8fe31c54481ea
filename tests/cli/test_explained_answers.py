"""Answers that explain themselves: a name that occurs nowhere in the graph gets a
warning naming it (and the close names that do occur), a mistyped query or parameter
name a "did you mean"; the rows and the exit code stay as they were. And a query that
runs too long on an embedded engine ends at --timeout with one line and exit code 3."""

from __future__ import annotations

import subprocess
import sys
import time

import pytest

from warkg.cli import main as cli

EMPTY_CLAIMANT_TABLE = (
    "claimant  claim  label  asStated  measure  statedAs  stance  references\n"
    "--------  -----  -----  --------  -------  --------  ------  ----------\n"
    "(0 rows)\n"
)


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_claimant_that_is_not_in_the_graph_is_named(capsys, backend: str) -> None:
    code, out, err = run(
        capsys, "query", "claimant-claims", "-p", "claimant=agent:nobody", "-b", backend
    )
    assert (code, out) == (0, EMPTY_CLAIMANT_TABLE)
    assert err == (
        "warning: --param claimant=agent:nobody: agent:nobody occurs nowhere in the graph, "
        "so nothing can match it\n"
    )


def test_a_mistyped_claimant_gets_the_close_name(capsys) -> None:
    code, out, err = run(capsys, "query", "claimant-claims", "-p", "claimant=armenai")
    assert (code, out) == (0, EMPTY_CLAIMANT_TABLE)
    assert err == (
        "warning: --param claimant=armenai: agent:armenai occurs nowhere in the graph, "
        "so nothing can match it; did you mean agent:armenia?\n"
    )


def test_a_reference_number_out_of_range_is_named(capsys) -> None:
    code, out, err = run(capsys, "query", "reference-supports", "-p", "reference=999")
    assert code == 0
    assert out.endswith("(0 rows)\n")
    assert err == (
        "warning: --param reference=999: 999 occurs nowhere in the graph, so nothing can match it\n"
    )


def test_values_that_occur_get_no_warning(capsys) -> None:
    code, out, err = run(capsys, "query", "reference-supports", "-p", "reference=57")
    assert (code, err) == (0, "")
    assert out.endswith("(1 row)\n")


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_a_mistyped_property_in_ad_hoc_sparql_is_named(
    capsys, monkeypatch, tmp_path, backend: str
) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "SELECT ?claim WHERE { ?claim a warkg:CasualtyClaim ; warkg:claimnt agent:armenia }",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "sparql", str(query), "-b", backend)
    assert (code, out) == (0, "claim\n-----\n(0 rows)\n")
    assert err.startswith(
        "warning: warkg:claimnt occurs nowhere in the graph, so nothing can match it; "
        "did you mean warkg:claimant"
    )
    assert err.count("\n") == 1  # warkg:CasualtyClaim and agent:armenia occur


def test_own_prefixes_and_full_iris_are_checked_too(capsys, tmp_path) -> None:
    query = tmp_path / "q.rq"
    query.write_text(
        "PREFIX ex: <http://example.org/>\n"
        "SELECT ?s WHERE { ?s ex:p <https://w3id.org/warkg/id/agent/armenia> ; "
        "<http://purl.org/dc/terms/titel> ?t . FILTER(DATATYPE(?t) = xsd:string) }",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "sparql", str(query))
    assert code == 0
    assert err.splitlines() == [
        "warning: <http://example.org/p> occurs nowhere in the graph, so nothing can match it",
        "warning: dcterms:titel occurs nowhere in the graph, so nothing can match it; "
        "did you mean dcterms:title?",
    ]


def test_a_mistyped_query_name_gets_a_suggestion(capsys) -> None:
    code, _, err = run(capsys, "query", "casualty-figure")
    assert code == 2
    assert err.startswith(
        "warkg: no stored query named 'casualty-figure' (did you mean casualty-figures?); "
        "available: belligerents, "
    )


def test_a_mistyped_parameter_name_gets_a_suggestion(capsys) -> None:
    code, _, err = run(capsys, "query", "claimant-claims", "-p", "claimnt=armenia")
    assert code == 2
    assert err == (
        "warkg: query 'claimant-claims' has no parameter 'claimnt' (did you mean claimant?); "
        "its parameters: claimant (iri, default agent:azerbaijan), "
        "war (iri, default event:second-nagorno-karabakh-war)\n"
    )


CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


@pytest.mark.parametrize("backend", ["oxigraph", "rdflib"])
def test_an_embedded_cross_join_ends_at_the_timeout(backend: str) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "warkg", "sparql", "-", "--timeout", "2", "-b", backend],
        input=CROSS_JOIN,
        capture_output=True,
        text=True,
        timeout=300,
    )
    elapsed = time.monotonic() - started
    assert (done.returncode, done.stdout) == (3, "")
    assert done.stderr == (
        "warkg: the query ran past --timeout 2 s and was stopped "
        "(give a larger --timeout if it should run longer)\n"
    )
    # Loading the data comes on top of the 2 s; a busy machine may add some more.
    assert elapsed < 30


def test_a_stored_query_within_its_time_is_answered(capsys) -> None:
    code, out, err = run(capsys, "query", "casualty-figures", "--timeout", "60")
    assert (code, err) == (0, "")
    assert "(26 rows)" in out
