"""The SPARQL client's manners, against tiny HTTP servers on 127.0.0.1.

Each server is scripted: it answers the queued responses in order (status, headers,
body) and records every request it got, so the tests see the retries, the waits and
the User-Agent, not only the outcome. Nothing leaves the loopback interface: a guard
makes any other connection fail the test.
"""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import UTC, datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

import pytest

from tests.support.loopback import refuse_connections_off_loopback, silent_listener
from warkg import __version__
from warkg.cli import main as cli
from warkg.errors import InputError
from warkg.wikidata.client import (
    USER_AGENT,
    EndpointError,
    SparqlClient,
    Term,
    parse_results,
    parse_retry_after,
)

Answer = tuple[int, dict[str, str], bytes]


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that is not to 127.0.0.1, so no test reaches the internet
    (not even the default endpoint, should a test forget --endpoint)."""
    refuse_connections_off_loopback(monkeypatch)


def test_the_guard_refuses_a_connection_off_loopback() -> None:
    """The guard itself: a connection to another address fails before any packet."""
    with (
        socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock,
        pytest.raises(AssertionError, match="a test tried to connect to"),
    ):
        sock.connect(("192.0.2.1", 80))  # TEST-NET-1, never routed


def results(rows: list[dict[str, dict[str, str]]], variables: list[str]) -> bytes:
    return json.dumps({"head": {"vars": variables}, "results": {"bindings": rows}}).encode()


LABELS = results(
    [
        {
            "item": {"type": "uri", "value": "http://www.wikidata.org/entity/Q227"},
            "label": {"type": "literal", "value": "Azerbaijan", "xml:lang": "en"},
        }
    ],
    ["item", "label", "redirect"],
)
JSON = {"Content-Type": "application/sparql-results+json"}


class Scripted:
    """An HTTP server on 127.0.0.1 answering queued responses, then 500s."""

    def __init__(self, answers: list[Answer]) -> None:
        self.answers = list(answers)
        self.requests: list[dict[str, object]] = []
        scripted = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                parts = urlsplit(self.path)
                scripted.requests.append(
                    {
                        "path": parts.path,
                        "query": parse_qs(parts.query).get("query", [""])[0],
                        "user-agent": self.headers.get("User-Agent"),
                        "accept": self.headers.get("Accept"),
                    }
                )
                status, headers, body = (
                    scripted.answers.pop(0) if scripted.answers else (500, {}, b"no more")
                )
                self.send_response(status)
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/sparql"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )


@contextmanager
def scripted(*answers: Answer) -> Iterator[Scripted]:
    server = Scripted(list(answers))
    server.thread.start()
    try:
        yield server
    finally:
        server.server.shutdown()
        server.server.server_close()


class Waits(list):
    """A stand-in for time.sleep that records the waits instead of sleeping."""

    def __call__(self, seconds: float) -> None:
        self.append(seconds)


def test_429_with_retry_after_is_retried_and_the_result_used() -> None:
    waits = Waits()
    with scripted((429, {"Retry-After": "1"}, b"slow down"), (200, JSON, LABELS)) as server:
        client = SparqlClient(server.url, timeout=5, sleep=waits)
        rows = client.select("SELECT * WHERE { ?s ?p ?o }")
    assert rows == [
        {
            "item": Term("uri", "http://www.wikidata.org/entity/Q227"),
            "label": Term("literal", "Azerbaijan", lang="en"),
        }
    ]
    assert waits == [1.0]
    assert len(server.requests) == 2
    assert server.requests[0] == server.requests[1]


def test_the_check_command_waits_out_a_429_and_uses_the_answer(
    capsys: pytest.CaptureFixture[str], tmp_path
) -> None:
    """End to end with a real one-second wait: one link, one 429, then its label."""
    data = tmp_path / "links.ttl"
    data.write_text(
        "@prefix warkg: <https://w3id.org/warkg/ontology/> .\n"
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        "<https://w3id.org/warkg/id/wikidata-link/azerbaijan>"
        " warkg:linksEntity <https://w3id.org/warkg/id/agent/azerbaijan> ;\n"
        "  warkg:linkStatus warkg:verified ;\n"
        "  warkg:linksItem <http://www.wikidata.org/entity/Q227> ;\n"
        '  warkg:checkedLabel "Azerbaijan"@en ; warkg:checkDate "2026-11-25"^^xsd:date .\n',
        encoding="utf-8",
    )
    with scripted((429, {"Retry-After": "1"}, b""), (200, JSON, LABELS)) as server:
        code = cli.main(["wikidata", "check", "--endpoint", server.url, "--data", str(data)])
    out, err = capsys.readouterr()
    assert (code, out, err) == (
        0,
        "1 verified link checked against its recorded label (warkg:checkedLabel): 1 match, "
        "0 mismatch, 0 missing, 0 redirected\n",
        "",
    )
    assert len(server.requests) == 2
    assert "VALUES ?item { wd:Q227 }" in str(server.requests[1]["query"])


def test_user_agent_names_the_tool_and_a_contact() -> None:
    with scripted((200, JSON, LABELS)) as server:
        SparqlClient(server.url, timeout=5).select("ASK {}")
    agent = str(server.requests[0]["user-agent"])
    assert agent.startswith(f"warkg/{__version__} (https://w3id.org/warkg; ")
    assert agent.startswith(USER_AGENT + " python-requests/")
    assert server.requests[0]["accept"] == "application/sparql-results+json"


def test_retries_are_bounded() -> None:
    waits = Waits()
    busy = (429, {"Retry-After": "2"}, b"")
    with scripted(busy, busy, busy, busy, (200, JSON, LABELS)) as server:
        client = SparqlClient(server.url, timeout=5, max_retries=3, sleep=waits)
        with pytest.raises(EndpointError) as caught:
            client.select("ASK {}")
    assert caught.value.message == f"{server.url}: still HTTP 429 after 3 retries; try again later"
    assert waits == [2.0, 2.0, 2.0]
    assert len(server.requests) == 4


def test_total_wait_is_bounded() -> None:
    waits = Waits()
    with scripted((429, {"Retry-After": "40"}, b""), (429, {"Retry-After": "40"}, b"")) as server:
        client = SparqlClient(server.url, timeout=5, max_total_wait=60, sleep=waits)
        with pytest.raises(EndpointError) as caught:
            client.select("ASK {}")
    assert caught.value.message == (
        f"{server.url}: HTTP 429 asks to wait 40 s, more than the 20 s left of the 60 s budget; "
        "try again later"
    )
    assert waits == [40.0]


def test_429_without_retry_after_waits_a_default() -> None:
    waits = Waits()
    with scripted((429, {}, b""), (200, JSON, LABELS)) as server:
        SparqlClient(server.url, timeout=5, sleep=waits).select("ASK {}")
    assert waits == [5.0]


def test_503_with_retry_after_is_retried_and_without_it_fails() -> None:
    waits = Waits()
    with scripted((503, {"Retry-After": "0"}, b""), (200, JSON, LABELS)) as server:
        assert len(SparqlClient(server.url, timeout=5, sleep=waits).select("ASK {}")) == 1
    assert waits == [0.0]
    with scripted((503, {}, b"")) as server, pytest.raises(EndpointError) as caught:
        SparqlClient(server.url, timeout=5, sleep=waits).select("ASK {}")
    assert caught.value.message == f"{server.url}: HTTP 503 (service unavailable)"


@pytest.mark.parametrize(
    ("answer", "message"),
    [
        ((500, {}, b"Internal\n error"), "HTTP 500: Internal error"),
        ((400, {}, b""), "HTTP 400"),
        ((200, JSON, b"<html>"), "the answer is not SPARQL JSON results"),
        ((200, JSON, b'{"boolean": true}'), "the answer is not SPARQL JSON results"),
        ((200, JSON, b"\xff\xfe"), "the answer is not SPARQL JSON results"),
    ],
    ids=["server-error", "bad-request", "html", "ask-result", "not-utf8"],
)
def test_bad_answers_are_one_line_errors(answer: Answer, message: str) -> None:
    with scripted(answer) as server, pytest.raises(EndpointError) as caught:
        SparqlClient(server.url, timeout=5).select("ASK {}")
    assert caught.value.message.startswith(f"{server.url}: {message}")
    assert "\n" not in caught.value.message


def test_an_endpoint_that_never_answers_times_out() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/sparql"
        with pytest.raises(EndpointError) as caught:
            SparqlClient(url, timeout=0.3).select("ASK {}")
    assert caught.value.message == f"{url}: no answer within 0.3 s"


@pytest.mark.parametrize(
    "command",
    [["check"], ["compare", "--item", "Q999999901"]],
    ids=["check", "compare"],
)
def test_the_timeout_option_bounds_a_command_against_a_silent_endpoint(
    command: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    """End to end through the CLI: a loopback port that accepts and never answers. The
    command stops with the one-line message and exit 2, in about --timeout seconds
    (plus loading the graph), not the 30 s default."""
    with silent_listener() as url:
        started = time.monotonic()
        code = cli.main(["wikidata", *command, "--endpoint", url, "--timeout", "0.5"])
        elapsed = time.monotonic() - started
    out, err = capsys.readouterr()
    assert (code, out, err) == (2, "", f"warkg: {url}: no answer within 0.5 s\n")
    assert 0.5 <= elapsed < 8, elapsed


def test_a_closed_port_is_a_connection_error() -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}/sparql"
    with pytest.raises(EndpointError) as caught:
        SparqlClient(url, timeout=2).select("ASK {}")
    assert caught.value.message == f"cannot reach SPARQL endpoint {url}: connection refused"


@pytest.mark.parametrize("endpoint", ["ftp://example.org/sparql", "query.wikidata.org", ""])
def test_endpoint_must_be_http(endpoint: str) -> None:
    with pytest.raises(InputError, match="is not an http\\(s\\) URL"):
        SparqlClient(endpoint)


def test_endpoint_error_is_an_input_error() -> None:
    """So the CLI reports it as one line with exit code 2."""
    assert issubclass(EndpointError, InputError)


@pytest.mark.parametrize(
    ("header", "seconds"),
    [
        ("1", 1.0),
        (" 120 ", 120.0),
        ("Wed, 25 Nov 2026 12:00:30 GMT", 30.0),
        ("Wed, 25 Nov 2026 11:00:00 GMT", 0.0),
        ("soon", None),
        (None, None),
    ],
)
def test_parse_retry_after(header: str | None, seconds: float | None) -> None:
    now = datetime(2026, 11, 25, 12, 0, 0, tzinfo=UTC)
    assert parse_retry_after(header, now) == seconds


def test_parse_results_reads_typed_literals() -> None:
    rows = parse_results(
        {
            "head": {"vars": ["n"]},
            "results": {
                "bindings": [
                    {
                        "n": {
                            "type": "typed-literal",
                            "value": "3825",
                            "datatype": "http://www.w3.org/2001/XMLSchema#decimal",
                        }
                    }
                ]
            },
        }
    )
    assert rows == [
        {"n": Term("literal", "3825", datatype="http://www.w3.org/2001/XMLSchema#decimal")}
    ]


@pytest.mark.parametrize(
    "payload",
    [[], {"results": []}, {"results": {"bindings": [1]}}, {"results": {"bindings": [{"x": {}}]}}],
)
def test_parse_results_refuses_what_is_not_a_result(payload: object) -> None:
    with pytest.raises(ValueError):
        parse_results(payload)


def test_importing_the_commands_loads_no_http_library() -> None:
    """`requests` is imported only when a query is sent, so other commands stay fast."""
    code = "import sys, warkg.cli.main, warkg.wikidata; print('requests' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout == "False\n"
