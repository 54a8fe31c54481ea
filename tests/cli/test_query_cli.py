"""The query commands: queries, query, sparql, load. Exit codes and exact one-line errors.

Commands run in-process through `cli.main`; the first command of the README and standard
input run once each as a real process. Remote tests use the session's Oxigraph server
or ports on 127.0.0.1 that the test opens itself.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib.namespace import XSD

from tests.support.loopback import Listener, free_port, silent_listener, trickle_server
from warkg import format_result, open_graph, run_query, run_sparql
from warkg.cli import main as cli
from warkg.rdf.loading import shipped_graph

QUERY_COUNT = 13
RUN_WARKG = [sys.executable, "-c", "import sys; from warkg.cli.main import main; sys.exit(main())"]


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


# ---- warkg queries ------------------------------------------------------------------------


def test_queries_lists_every_query(capsys) -> None:
    code, out, err = run(capsys, "queries")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    names = [line.split()[0] for line in lines if line and not line.startswith(" ")]
    assert len(names) == QUERY_COUNT + 1  # and the closing count line
    assert names[:2] == ["belligerents", "casualty-figures"]
    assert lines[-1] == f"{QUERY_COUNT} stored queries; `warkg queries NAME` describes one."
    pad = " " * len("claims-without-provenance-violation")
    assert f"{pad}    param reference (xsd:positiveInteger, default 10)" in lines
    assert f"{pad}    param claim (iri, default claim:armenians-displaced)" in lines
    assert any(
        line.startswith("casualty-figures ") and "Casualty figures" in line for line in lines
    )


def test_queries_describes_one(capsys) -> None:
    code, out, _ = run(capsys, "queries", "reference-supports")
    assert code == 0
    assert out == (
        "reference-supports\n\nEverything a given reference supports.\n\n"
        "The claims the article cites one reference for, with the article text each encodes and\n"
        "the section it comes from; kind is the claim's most specific class.\n\n"
        "Parameters:\n"
        "  reference (xsd:positiveInteger, default 10)\n"
        "    The reference's number in the article's reference list (1-91).\n"
        "  war (iri, default event:second-nagorno-karabakh-war)\n"
        "    The war whose article the rows come from, as an IRI, a prefixed name or a bare\n"
        "    slug.\n\n"
        "Example: warkg query reference-supports --param reference=10 "
        "--param war=event:second-nagorno-karabakh-war\n"
    )


# ---- warkg query ----------------------------------------------------------------------------


def test_the_docs_state_the_defaults_the_code_has() -> None:
    """The command line's and the library's default engine and reasoner, as the
    explanation of the engines describes them."""
    import inspect

    from warkg.cli import query as query_commands

    docs = Path(__file__).resolve().parents[2] / "docs" / "explanation" / "engines.md"
    text = " ".join(docs.read_text(encoding="utf-8").split())
    backend, reasoner = query_commands.DEFAULT_BACKEND, query_commands.DEFAULT_REASONER
    assert (backend, reasoner) == ("oxigraph", "auto")
    signature = inspect.signature(open_graph).parameters
    assert signature["backend"].default == backend
    assert "`oxigraph`: pyoxigraph's in-memory store, embedded. The default of the " in text
    assert "command line and of the library" in text
    assert "`auto` (the default) uses `reasonable`" in text


def test_readme_first_command() -> None:
    """`warkg query casualty-figures`, as a real process: a table of the 26 figures."""
    done = subprocess.run(
        [*RUN_WARKG, "query", "casualty-figures"], capture_output=True, text=True, timeout=120
    )
    assert (done.returncode, done.stderr) == (0, "")
    lines = done.stdout.splitlines()
    assert lines[0].split() == [
        "claim",
        "claimant",
        "population",
        "measure",
        "statedAs",
        "exactness",
        "references",
        "footnotes",
    ]
    assert lines[-2:] == [
        "(26 rows)",
        "(amount, lowerBound left out as they repeat other columns: --all-columns)",
    ]
    assert len(lines) == 26 + 4
    rows = {line.split()[0]: line.split() for line in lines[2:-2]}
    assert rows["claim:azerbaijan-servicemen-killed"][-3:] == ["2,906", "exact", "b"]
    assert rows["claim:armenia-artsakh-servicemen-wounded-and-sick"][-3:] == [
        "~11,000",
        "approximate",
        "59",
    ]
    assert rows["claim:armenians-displaced"][-5:] == ["100,000", "exact", "72", "73", "74"]


@pytest.mark.parametrize("fmt", ["csv", "tsv", "json", "markdown", "table"])
def test_query_formats_match_the_library(capsys, rdflib_backend, fmt: str) -> None:
    code, out, err = run(
        capsys, "query", "claimant-claims", "-p", "claimant=agent:armenia", "-f", fmt
    )
    assert (code, err) == (0, "")
    expected = run_query(rdflib_backend, "claimant-claims", claimant="agent:armenia")
    assert out == format_result(expected, fmt)


def test_query_on_every_backend_prints_the_same(capsys, oxigraph_endpoint: str) -> None:
    outputs = set()
    for args in (["-b", "rdflib"], ["-b", "oxigraph"], ["--endpoint", oxigraph_endpoint]):
        code, out, err = run(capsys, "query", "reference-supports", "-p", "reference=57", *args)
        assert (code, err) == (0, "")
        outputs.add(out)
    assert len(outputs) == 1
    assert "claim:armenia-artsakh-servicemen-killed" in outputs.pop()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["query", "casualties"],
            "no stored query named 'casualties' (did you mean casualty-figures?); available: "
            "belligerents, casualty-figures, "
            "claim-references, claimant-claims, claims-without-provenance-violation, "
            "conflicting-figures, reference-supports, side-by-side-figures, sources-by-language, "
            "sources-by-publisher, timeline, uncited-claims, uncited-references",
        ),
        (
            ["query", "reference-supports", "-p", "reference=abc"],
            "parameter 'reference' expects xsd:positiveInteger, got 'abc'",
        ),
        (
            ["query", "reference-supports", "--param", "reference=57 } ; DROP ALL ; SELECT * {"],
            "parameter 'reference' expects xsd:positiveInteger, got '57 } ; DROP ALL ; SELECT * {'",
        ),
        (
            ["query", "claim-references", "-p", "claim=claim:x> ?p ?o } #"],
            "parameter 'claim' expects iri (a full IRI, a prefixed name such as "
            "claim:armenians-displaced, or a slug), got 'claim:x> ?p ?o } #'",
        ),
        (
            ["query", "reference-supports", "-p", "number=10"],
            "query 'reference-supports' has no parameter 'number'; "
            "its parameters: reference (xsd:positiveInteger, default 10), "
            "war (iri, default event:second-nagorno-karabakh-war)",
        ),
        (["query", "reference-supports", "-p", "10"], "--param expects NAME=VALUE, got '10'"),
        (
            ["query", "reference-supports", "-p", "reference=1", "-p", "reference=2"],
            "parameter 'reference' given twice",
        ),
        (
            ["query", "casualty-figures", "-b", "remote"],
            "the remote backend needs an endpoint URL (--endpoint URL)",
        ),
        (
            ["query", "casualty-figures", "-b", "oxigraph", "--endpoint", "http://127.0.0.1:9/q"],
            "an endpoint URL only applies to the remote backend, not oxigraph",
        ),
        (
            ["query", "casualty-figures", "--endpoint", "http://127.0.0.1:9/q", "--reason"],
            "--reason needs an embedded backend; to query inferred triples on an endpoint, "
            "load them with `warkg load --reason --endpoint URL`",
        ),
        (
            ["query", "casualty-figures", "--endpoint", "file:///etc/passwd"],
            "the SPARQL endpoint must be an http:// or https:// URL, got 'file:///etc/passwd'",
        ),
        (
            ["query", "casualty-figures", "-f", "xml"],
            "Invalid value for '--format' / '-f': 'xml' is not one of 'table', 'csv', 'tsv', "
            "'json', 'markdown'. (see warkg query --help)",
        ),
    ],
)
def test_query_errors(capsys, args: list[str], message: str) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out, err) == (2, "", f"warkg: {message}\n")


NEEDS_A_CLAIM = """\
#+ summary: The references of one claim, which must be named.
#+ description: >
#+   A query with a required parameter (no default), which no shipped query has.
#+ list_columns: []
#+ params:
#+   - name: claim
#+     type: iri
#+     description: The claim.
SELECT ?claim ?number WHERE { ?claim warkg:hasReference/warkg:referenceNumber ?number }
ORDER BY ?number
"""


def test_a_missing_required_parameter_names_it(
    capsys, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest
) -> None:
    """Every shipped query has defaults and the command line has no option for another
    queries folder, so the query list is pointed at a temporary one here (and the
    catalogue, read once per process, forgotten before and after)."""
    from warkg import paths
    from warkg.catalogue import stored as stored_queries

    (tmp_path / "needs-claim.rq").write_text(NEEDS_A_CLAIM, encoding="utf-8")
    monkeypatch.setattr(paths, "query_files", lambda: [tmp_path / "needs-claim.rq"])
    stored_queries.forget()
    request.addfinalizer(stored_queries.forget)
    assert run(capsys, "query", "needs-claim") == (
        2,
        "",
        "warkg: query 'needs-claim' needs parameter 'claim' (iri); "
        "give it with --param claim=VALUE\n",
    )
    assert run(
        capsys, "query", "needs-claim", "-p", "claim=claim:armenians-displaced", "-f", "csv"
    ) == (
        0,
        "claim,number\r\n"
        + "".join(
            f"https://w3id.org/warkg/id/claim/armenians-displaced,{n}\r\n" for n in (72, 73, 74)
        ),
        "",
    )


def test_unreachable_endpoint_fails_fast(capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}/query"  # nothing listens there
    started = time.monotonic()
    code, out, err = run(capsys, "query", "casualty-figures", "--endpoint", url, "--timeout", "3")
    assert time.monotonic() - started < 3
    assert (code, out, err) == (
        2,
        "",
        f"warkg: cannot reach SPARQL endpoint {url}: connection refused\n",
    )


def test_hanging_endpoint_times_out(capsys) -> None:
    with silent_listener() as url:
        started = time.monotonic()
        code, out, err = run(
            capsys, "query", "casualty-figures", "--endpoint", url, "--timeout", "0.5"
        )
        elapsed = time.monotonic() - started
    assert 0.5 <= elapsed < 5
    assert (code, out, err) == (
        2,
        "",
        f"warkg: SPARQL endpoint {url}: no complete answer within 0.5 s\n",
    )


def test_a_trickling_endpoint_is_cut_off_at_the_timeout(capsys) -> None:
    """A server that sends a byte every 0.5 s never lets one read time out; --timeout
    bounds the whole request (it used to take 84 s at --timeout 2)."""
    with trickle_server(interval=0.5) as url:
        started = time.monotonic()
        code, out, err = run(
            capsys, "query", "casualty-figures", "--endpoint", url, "--timeout", "2"
        )
        elapsed = time.monotonic() - started
    assert 2 <= elapsed < 3.5
    assert (code, out, err) == (
        2,
        "",
        f"warkg: SPARQL endpoint {url}: no complete answer within 2 s\n",
    )


def test_the_wikidata_client_is_cut_off_at_its_timeout_too() -> None:
    """The same deadline (warkg.engines.deadline) bounds the Wikidata client, which uses requests
    (a trickle kept SparqlClient(timeout=1) busy for 9 s)."""
    from warkg.wikidata.client import EndpointError, SparqlClient

    with trickle_server(interval=0.3) as url:
        started = time.monotonic()
        with pytest.raises(EndpointError) as caught:
            SparqlClient(url, timeout=1, max_retries=0).select("ASK {}")
        elapsed = time.monotonic() - started
    assert 1 <= elapsed < 2.5
    assert caught.value.message == f"{url}: no answer within 1 s"


def test_load_to_a_trickling_endpoint_is_cut_off_at_the_timeout(capsys) -> None:
    with trickle_server(interval=0.5) as url:
        started = time.monotonic()
        code, out, err = run(capsys, "load", "--endpoint", url, "--timeout", "1.5")
        elapsed = time.monotonic() - started
    assert 1.5 <= elapsed < 3
    # The first request asks the endpoint what store it is (warkg.engines.upload.identify).
    assert (code, out, err) == (
        2,
        "",
        f"warkg: SPARQL endpoint {url}: no complete answer within 1.5 s\n",
    )


def _answer(bindings: object, variables: object = ("s",)) -> bytes:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": bindings}}).encode()


@pytest.mark.parametrize(
    ("answer", "problem"),
    [
        (_answer([{"s": {"type": "uri"}}]), "results.bindings[0].s has no string value"),
        (_answer(["http://example.org/s"]), "results.bindings[0] is not an object"),
        (
            _answer([{"s": {"type": "literal", "value": "1", "datatype": "not an iri"}}]),
            "results.bindings[0].s: datatype 'not an iri' is not an IRI",
        ),
        (
            _answer([{"s": {"type": "uri", "value": "no scheme"}}]),
            "results.bindings[0].s: IRI 'no scheme' is not an IRI",
        ),
        (
            _answer([{"x": {"type": "uri", "value": "http://example.org/s"}}], ["x"]),
            "it answers variables ?x, the query selects ?s",
        ),
        (
            _answer(
                [
                    {
                        "s": {"type": "uri", "value": "http://e/"},
                        "o": {"type": "uri", "value": "http://e/"},
                    }
                ]
            ),
            "results.bindings[0] binds ?o, which head.vars does not list",
        ),
        (
            _answer([{"s": {"type": "literal", "value": "x", "xml:lang": "not a tag"}}]),
            "results.bindings[0].s has xml:lang 'not a tag', not a language tag",
        ),
        (
            _answer([{"s": {"type": "triple", "value": "x"}}]),  # SPARQL 1.2
            "results.bindings[0].s is an RDF 1.2 triple term, which warkg's query results do "
            "not support (RDF 1.1 terms only)",
        ),
        (b"[1, 2]", "the answer is not a JSON object"),
        (b'{"head": {"vars": ["s"]}}', "no results.bindings list"),
        (b"<html>busy</html>", "Expecting value: line 1 column 1 (char 0)"),
    ],
)
def test_a_malformed_answer_is_one_line_naming_the_endpoint(
    capsys, tmp_path: Path, answer: bytes, problem: str
) -> None:
    query = _query_file(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }")
    with Listener(answer=answer) as server:
        url = f"{server.url}/query"
        code, out, err = run(capsys, "sparql", str(query), "--endpoint", url)
    assert (code, out) == (2, "")
    assert err == (
        f"warkg: SPARQL endpoint {url} did not answer with SPARQL results JSON: {problem}\n"
    )


def test_a_well_formed_remote_answer_is_read(capsys, tmp_path: Path) -> None:
    """The control for the test above: the same listener with a good answer."""
    query = _query_file(tmp_path, "SELECT ?s WHERE { ?s ?p ?o }")
    good = _answer([{"s": {"type": "literal", "value": "7", "datatype": str(XSD.integer)}}])
    with Listener(answer=good) as server:
        code, out, err = run(
            capsys, "sparql", str(query), "--endpoint", f"{server.url}/q", "-f", "tsv"
        )
    assert (code, out, err) == (0, f'?s\n"7"^^<{XSD.integer}>\n', "")


# ---- warkg sparql ---------------------------------------------------------------------------


def _query_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "query.rq"
    path.write_text(text, encoding="utf-8")
    return path


# Line 8 of a query whose FILTER lacks its right-hand operand: the first thing that cannot
# be read is the `)` at column 32 (rdflib's own error said 8:3, "Expected SelectQuery").
DANGLING_AND = """\
PREFIX warkg: <https://w3id.org/warkg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>

SELECT ?claim ?amount
WHERE {
  ?claim warkg:measure/rdfs:label ?measure ;
         warkg:quantityAmount ?amount .
  FILTER(?measure = "killed" &&)
}
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            DANGLING_AND,
            "9:2: syntax error (pyoxigraph): expected one of CEIL, LANG, RAND, SHA1, UUID, YEAR",
        ),
        (
            "SELECT ?x WHERE {\n  ?x ?p ?o .\n}\nLIMT 5\n",
            "4:7: syntax error (pyoxigraph): expected one of HAVING, OFFSET, OPTIONAL, VALUES",
        ),
        (
            "SELECT ?x\nWHERE { ?x a\n  nope:Thing }\n",
            "3:13: syntax error (pyoxigraph): Prefix not found",
        ),
        ("SELEC ?x WHERE { ?x ?p ?o }", "1:10: syntax error (pyoxigraph): expected CONSTRUCT"),
        ("SELECT * WHERE { ?s ?p  }", "1:26: syntax error (pyoxigraph): expected OPTIONAL"),
        (
            "SELECT ?s WHERE { ?s ?p ?o } ORDER BY",
            '1:38: syntax error (pyoxigraph): expected one of "$", "(", ":", "<", "?"',
        ),
        ('SELECT ?s WHERE {\n  ?s ?p "open\n}', "2:9: syntax error: a string that does not end"),
        (
            "PREFIX ex <http://e/>\nSELECT * {}",
            '1:10: syntax error (pyoxigraph): expected one of ".", ":", CONSTRUCT',
        ),
        # positions count the text as written, before escapes are expanded
        (
            'SELECT * WHERE { BIND("\\u00e9\\u00e9" AS ?x) ?s ?p }',
            "1:52: syntax error (pyoxigraph): expected one of LATERAL, SERVICE",
        ),
        # pyoxigraph (the default backend) gives the verdict (the linear-time scan in
        # front of it checks no syntax), its message trimmed to one line
        (
            "SELECT ?x WHERE { ?x ?p ?o }\nGROUP BY ?y\n",
            "2:12: syntax error (pyoxigraph): The SELECT contains a variable that is unbound",
        ),
    ],
)
def test_sparql_syntax_error_has_line_and_column(
    capsys, tmp_path: Path, text: str, message: str
) -> None:
    path = _query_file(tmp_path, text)
    code, out, err = run(capsys, "sparql", str(path))
    assert (code, out, err) == (2, "", f"warkg: {path}:{message}\n")


def test_a_syntax_error_pyoxigraph_alone_finds_is_one_line() -> None:
    """pyoxigraph's own message is an `expected one of` list thousands of characters
    long; the library cuts it to the tokens a person can use."""
    from warkg.sparql import checks as sparql

    prepared = sparql.prepare("SELECT * WHERE { ?s ?p ?o } LIMIT 1", "q")
    error = sparql.oxigraph_error(
        SyntaxError(
            "error at 1:30: expected one of HAVING, OFFSET, OPTIONAL, VALUES, "
            "LIMIT, ORDER, GROUP, ['0'..='9'], [_]"
        ),
        prepared.source,
        "q",
    )
    assert str(error) == (
        "q:1:30: syntax error (pyoxigraph): expected one of HAVING, OFFSET, OPTIONAL, "
        "VALUES, LIMIT, ORDER, ..."
    )


def test_sparql_runs_with_our_prefixes(capsys, tmp_path: Path) -> None:
    path = _query_file(
        tmp_path,
        "SELECT ?n WHERE { claim:armenians-displaced warkg:hasReference/warkg:referenceNumber ?n }"
        " ORDER BY ?n",
    )
    code, out, err = run(capsys, "sparql", str(path), "-f", "csv")
    assert (code, out, err) == (0, "n\r\n72\r\n73\r\n74\r\n", "")


def test_sparql_from_standard_input() -> None:
    done = subprocess.run(
        [*RUN_WARKG, "sparql", "-", "-f", "tsv", "-b", "oxigraph"],
        input="SELECT ?t WHERE { ref:57 warkg:citesWork/dcterms:title ?t }",
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert done.stdout == (
        "?t\n\"Prime Minister Nikol Pashinyan's speech at the National Assembly during the "
        'discussion of the performance report of the Government Action Plan for 2021"\n'
    )


def test_sparql_missing_file(capsys, tmp_path: Path) -> None:
    missing = tmp_path / "nope.rq"
    assert run(capsys, "sparql", str(missing)) == (2, "", f"warkg: {missing}: no such file\n")


# ---- --reason -------------------------------------------------------------------------------

INVERSE = "SELECT ?claim WHERE { ref:10 warkg:supportsClaim ?claim } ORDER BY ?claim"


def test_reason_answers_what_only_inference_knows(capsys, tmp_path: Path, rdflib_backend) -> None:
    """warkg:supportsClaim is only stated as the inverse of warkg:hasReference."""
    assert len(run_sparql(rdflib_backend, INVERSE)) == 0
    path = _query_file(tmp_path, INVERSE)
    code, out, err = run(capsys, "sparql", str(path), "--reason", "-f", "csv")
    assert (code, err) == (0, "")
    assert out.split("\r\n")[1:3] == [
        "https://w3id.org/warkg/id/claim/lachin-corridor-connects",
        "https://w3id.org/warkg/id/claim/peacekeepers-along-lachin-corridor",
    ]
    assert out.count("\r\n") == 8 + 1


def test_reason_on_oxigraph(oxigraph_backend) -> None:
    assert len(run_sparql(oxigraph_backend, INVERSE)) == 0
    reasoned = open_graph("oxigraph", reason="reasonable")  # the fast engine, same closure
    assert len(run_sparql(reasoned, INVERSE)) == 8
    assert len(run_sparql(oxigraph_backend, INVERSE)) == 0  # the shared store is untouched


# ---- warkg load -----------------------------------------------------------------------------


def test_load_into_the_server(capsys, oxigraph_endpoint: str, remote_backend) -> None:
    store = oxigraph_endpoint.removesuffix("query") + "store?default"
    code, out, err = run(capsys, "load", "--endpoint", oxigraph_endpoint)
    n = len(shipped_graph())
    assert (code, err) == (0, "")
    # The session's server already held the data (the fixture loaded it): replaced.
    assert re.fullmatch(
        rf"loaded {n} triples into the default graph of Oxigraph/[0-9.]+ at "
        rf"{re.escape(store)} with the Graph Store Protocol; "
        rf"it held {n} triples before and holds {n} now\n",
        out,
    )
    count = run_sparql(remote_backend, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert int(count.rows[0]["n"]) == len(shipped_graph())


def test_load_to_a_closed_port(capsys) -> None:
    base = f"http://127.0.0.1:{free_port()}"
    code, out, err = run(capsys, "load", "--endpoint", f"{base}/query", "--timeout", "2")
    assert (code, out) == (2, "")
    assert err == f"warkg: cannot reach SPARQL endpoint {base}/query: connection refused\n"


# ---- --data and violation checks ----------------------------------------------------------

LOST_PROVENANCE = """\
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix claim: <https://w3id.org/warkg/id/claim/> .
claim:orphan a warkg:CasualtyClaim ; rdfs:label "a figure with no source"@en .
claim:marked a warkg:FactClaim ; warkg:articleGivesNoCitation true .
"""


def test_violation_query_passes_on_the_shipped_data(capsys) -> None:
    code, out, err = run(capsys, "query", "claims-without-provenance-violation")
    assert (code, out, err) == (0, "claim  label\n-----  -----\n(0 rows)\n", "")


@pytest.mark.parametrize("backend_name", ["rdflib", "oxigraph"])
def test_violation_query_fails_on_bad_data(capsys, tmp_path: Path, backend_name: str) -> None:
    data = tmp_path / "claims.ttl"
    data.write_text(LOST_PROVENANCE, encoding="utf-8")
    args = ["query", "claims-without-provenance-violation", "--data", str(data), "-f", "csv"]
    code, out, err = run(capsys, *args, "-b", backend_name)
    assert (code, err) == (1, "")
    assert (
        out == "claim,label\r\nhttps://w3id.org/warkg/id/claim/orphan,a figure with no source\r\n"
    )


def test_data_errors(capsys, tmp_path: Path, oxigraph_endpoint: str) -> None:
    bad = tmp_path / "bad.ttl"
    bad.write_text("@prefix claim: <https://w3id.org/warkg/id/claim/> .\nclaim:a claim:b\n")
    code, out, err = run(capsys, "query", "casualty-figures", "--data", str(bad))
    assert (code, out) == (2, "")
    assert err.startswith(f"warkg: {bad}:3:1: bad syntax: ")
    code, out, err = run(
        capsys, "query", "casualty-figures", "--data", str(bad), "--endpoint", oxigraph_endpoint
    )
    assert (code, out, err) == (
        2,
        "",
        "warkg: --data needs an embedded backend (rdflib or oxigraph); "
        "an endpoint queries the data it holds\n",
    )


# ---- the table fits the terminal ---------------------------------------------------------


@pytest.mark.parametrize("width", [80, 100, 120])
def test_main_table_fits_the_width(capsys, width: int) -> None:
    """`warkg query casualty-figures` was 194 characters wide whatever the terminal."""
    code, out, err = run(capsys, "query", "casualty-figures", "--width", str(width))
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert max(len(line) for line in lines[:-1]) <= width
    assert lines[0].split()[0] == "claim"
    assert "amount" not in "".join(lines[:-1])
    assert len(lines) == 26 + 4


def test_main_table_keeps_max_width(capsys) -> None:
    code, out, _ = run(capsys, "query", "casualty-figures", "--width", "100")
    assert code == 0
    assert max(len(line) for line in out.splitlines()[:-1]) == 100
    # the claim column drops its prefix before it is cut
    assert out.splitlines()[2].startswith("armenia-")
    # --max-width 0 still means: never cut
    code, out, _ = run(capsys, "query", "casualty-figures", "--max-width", "0")
    assert "claim:armenia-artsakh-servicemen-wounded-and-sick" in out


def test_all_columns_on_request_and_in_every_machine_format(capsys) -> None:
    code, out, _ = run(capsys, "query", "casualty-figures", "--all-columns", "--width", "0")
    assert code == 0
    header = out.splitlines()[0].split()
    assert header[4:8] == ["amount", "statedAs", "exactness", "lowerBound"]
    assert "left out" not in out
    code, out, _ = run(capsys, "query", "casualty-figures", "-f", "csv")
    assert out.splitlines()[0] == (
        "war,claim,claimant,population,measure,amount,statedAs,exactness,lowerBound,"
        "references,footnotes"
    )


@pytest.mark.parametrize("engine", ["oxigraph", "rdflib"])
def test_sparql_scans_the_text_once(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys, engine: str
) -> None:
    """The command checks the query before it loads any data and hands the checked query
    to the engine, which does not scan it again."""
    from warkg.sparql import checks
    from warkg.sparql import scan as sparql_scan

    calls = []
    scan = sparql_scan.scan

    def counted(*args, **kwargs):
        calls.append(args[0])
        return scan(*args, **kwargs)

    monkeypatch.setattr(sparql_scan, "scan", counted)
    checks.check.cache_clear()
    query = tmp_path / "once.rq"
    query.write_text("SELECT ?label WHERE { ref:57 rdfs:label ?label } # once\n", "utf-8")
    assert cli.main(["sparql", str(query), "--backend", engine, "-f", "csv"]) == 0
    assert capsys.readouterr().out == "label\r\nReference 57\r\n"
    assert len(calls) == 1
