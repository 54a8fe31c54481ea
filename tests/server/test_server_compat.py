"""What clients send, accepted: `format` names and media types (repeated when they
agree, ignored when unknown), RDF/XML for graphs, HEAD, `Vary: Accept`, `text/*`; and
what they must not get: U+FFFD for bad UTF-8, the Host header in any URL, a 500 for a
long number. Absolute URLs come from --base-url, and relative IRIs in a query resolve
against it.
"""

from __future__ import annotations

import http.client
import urllib.parse

import pyoxigraph
import pytest

from tests.support.serving import RunningServer, request, warkg_server
from warkg.cli import main as cli

BASE = "https://kg.example.org/warkg/"
ASK = "ASK { ref:57 warkg:citesWork ?work }"
DESCRIBE = "DESCRIBE ref:57"
SELECT = "SELECT ?work WHERE { ref:57 warkg:citesWork ?work }"
LONG_NUMBER = "9" * 4301


@pytest.fixture(scope="module")
def server() -> RunningServer:
    with warkg_server("--workers", "1", "--base-url", BASE) as running:
        yield running


def _get(server: RunningServer, query: str, *formats: str, accept: str | None = None):
    params = [("query", query), *(("format", f) for f in formats)]
    headers = {"Accept": accept} if accept else {}
    return request(f"{server.sparql}?{urllib.parse.urlencode(params)}", headers=headers)


@pytest.mark.parametrize(
    ("query", "names", "content_type"),
    [
        (SELECT, ["json"], "application/sparql-results+json"),
        (SELECT, ["xml"], "application/sparql-results+xml"),
        (SELECT, ["csv"], "text/csv"),
        (SELECT, ["tsv", "tsv"], "text/tab-separated-values"),
        (SELECT, ["application/sparql-results+xml"], "application/sparql-results+xml"),
        (SELECT, ["xml", "application/sparql-results+xml"], "application/sparql-results+xml"),
        (DESCRIBE, ["turtle"], "text/turtle"),
        (DESCRIBE, ["xml"], "application/rdf+xml"),
        (DESCRIBE, ["rdf+xml", "rdf+xml"], "application/rdf+xml"),
        (DESCRIBE, ["json-ld", "json-ld"], "application/ld+json"),
        (DESCRIBE, ["json"], "application/ld+json"),
        (DESCRIBE, ["text/turtle"], "text/turtle"),
        (DESCRIBE, ["nt"], "application/n-triples"),
    ],
)
def test_format_names_and_media_types(
    server: RunningServer, query: str, names: list[str], content_type: str
) -> None:
    answer = _get(server, query, *names)
    assert answer.status == 200, answer.text
    assert answer.headers["content-type"] == f"{content_type}; charset=utf-8"


def test_an_unknown_format_leaves_the_choice_to_the_accept_header(server: RunningServer) -> None:
    answer = _get(server, ASK, "yaml", accept="text/csv")
    assert (answer.status, answer.headers["content-type"], answer.text) == (
        200,
        "text/csv; charset=utf-8",
        "true\n",
    )
    assert (
        _get(server, ASK, "yaml")
        .headers["content-type"]
        .startswith("application/sparql-results+json")
    )


def test_rdf_xml_holds_the_same_triples_as_turtle(server: RunningServer) -> None:
    xml = _get(server, DESCRIBE, accept="application/rdf+xml")
    turtle = _get(server, DESCRIBE, accept="text/turtle")
    parsed_xml = set(pyoxigraph.parse(xml.body, pyoxigraph.RdfFormat.RDF_XML))
    parsed_turtle = set(pyoxigraph.parse(turtle.body, pyoxigraph.RdfFormat.TURTLE))
    assert parsed_xml == parsed_turtle
    assert len(parsed_xml) > 5


def test_text_wildcard_is_csv_for_results_and_turtle_for_graphs(server: RunningServer) -> None:
    assert _get(server, SELECT, accept="text/*").headers["content-type"].startswith("text/csv")
    assert _get(server, DESCRIBE, accept="text/*").headers["content-type"].startswith("text/turtle")


def test_head_answers_like_get_without_a_body(server: RunningServer) -> None:
    url = f"{server.sparql}?{urllib.parse.urlencode({'query': ASK})}"
    head = request(url, method="HEAD")
    get = request(url)
    assert (head.status, head.body) == (200, b"")
    assert head.headers["content-type"] == get.headers["content-type"]
    assert request(server.sparql, method="HEAD").status == 200  # the service description


def test_vary_accept_on_negotiated_answers(server: RunningServer) -> None:
    for url in (f"{server.sparql}?query=ASK%7B%7D", f"{server.url}/graph", server.sparql):
        assert request(url).headers["vary"] == "Accept"


@pytest.mark.parametrize(
    ("send", "message"),
    [
        (
            lambda s: request(
                s.sparql,
                data=b"query=ASK%7B%7D%FF",
                headers={"Content-Type": "application/x-www-form-urlencoded"},
            ),
            "the form is not UTF-8 (percent-encoded bytes)",
        ),
        (
            lambda s: request(f"{s.sparql}?query=ASK%7B%7D%FF"),
            "the query string is not UTF-8 (percent-encoded bytes)",
        ),
        (
            lambda s: request(f"{s.url}/queries/claimant-claims?claimant=%C3"),
            "the query string is not UTF-8 (percent-encoded bytes)",
        ),
    ],
)
def test_bad_utf8_is_a_400_not_a_replacement_character(server: RunningServer, send, message):
    answer = send(server)
    assert (answer.status, answer.text) == (400, message + "\n")


def test_the_base_url_not_the_host_header_is_written(server: RunningServer) -> None:
    port = int(server.url.rsplit(":", 1)[1])
    for host in ("evil.example", "exa%mple", "[::1", ""):
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        connection.putrequest("GET", "/sparql", skip_host=True)
        connection.putheader("Host", host)
        connection.putheader("Accept", "application/n-triples")
        connection.endheaders()
        answer = connection.getresponse()
        body = answer.read().decode()
        connection.close()
        assert answer.status == 200, (host, body)
        assert f"<{BASE}sparql> <http://www.w3.org/ns/sparql-service-description#endpoint>" in body
        assert f"<{BASE}graph.nt>" in body
        assert "evil" not in body and "exa%mple" not in body
    assert not [line for line in server.stderr if "Traceback" in line]


def test_relative_iris_resolve_against_the_base_url(server: RunningServer) -> None:
    """W3C protocol test query_content_type_construct: `<s>` has a base to resolve to."""
    answer = _get(server, "CONSTRUCT { <s> <p> 1 } WHERE {}", accept="application/n-triples")
    assert (answer.status, answer.text) == (
        200,
        f'<{BASE}s> <{BASE}p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .\n',
    )


def test_a_4301_digit_number_is_a_400_or_no_such_page(server: RunningServer) -> None:
    answer = request(f"{server.url}/queries/reference-supports?reference={LONG_NUMBER}")
    assert (answer.status, answer.text) == (
        400,
        "parameter 'reference' expects xsd:positiveInteger of at most 1000 digits, "
        "got 4301 digits\n",
    )
    page = request(f"{server.url}/references/{LONG_NUMBER}")
    assert page.status == 404
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert not [line for line in server.stderr if "Traceback" in line]


def test_a_4301_digit_parameter_on_the_command_line_is_one_line(capsys) -> None:
    code = cli.main(["query", "reference-supports", "--param", f"reference={LONG_NUMBER}"])
    assert code == 2
    assert capsys.readouterr().err == (
        "warkg: parameter 'reference' expects xsd:positiveInteger of at most 1000 digits, "
        "got 4301 digits\n"
    )


@pytest.mark.parametrize("value", ["ftp://x/", "http://", "not a url", "http://h/?q=1"])
def test_a_bad_base_url_is_a_usage_error(capsys, value: str) -> None:
    assert cli.main(["serve", "--base-url", value]) == 2
    assert "--base-url" in capsys.readouterr().err
