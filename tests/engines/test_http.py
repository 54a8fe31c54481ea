"""The one HTTP client every request warkg sends goes through (`warkg.engines.http`),
against small servers on 127.0.0.1: what a store says when it refuses an upload before
reading it, the User-Agent, and the one-line errors. (The time limit for the whole
exchange is tested against trickling servers in tests/cli/test_query_cli.py and
tests/wikidata/test_wikidata_client.py.)"""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from tests.support.loopback import free_port, refuse_connections_off_loopback
from warkg.engines import http
from warkg.errors import InputError


@pytest.fixture(autouse=True)
def _loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    refuse_connections_off_loopback(monkeypatch)


@contextmanager
def one_answer(reply: bytes, heard: list[bytes]) -> Iterator[str]:
    """A server on 127.0.0.1 for one request: it reads the request's headers (into
    `heard`), never its body, sends `reply` and closes, as Virtuoso does to an upload
    it refuses; its URL."""
    server = socket.create_server(("127.0.0.1", 0))

    def answer() -> None:
        connection, _ = server.accept()
        with connection:
            received = b""
            while b"\r\n\r\n" not in received:
                received += connection.recv(4096)
            heard.append(received)
            connection.sendall(reply)
            connection.shutdown(socket.SHUT_RDWR)

    thread = threading.Thread(target=answer, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.getsockname()[1]}/sparql-graph-crud?graph=urn%3Ag"
    finally:
        thread.join(timeout=10)
        server.close()


REFUSAL = (
    b"HTTP/1.1 403 Forbidden\r\nServer: Refuser/1.0\r\nContent-Length: 37\r\n"
    b"Connection: close\r\n\r\nSPARQL_UPDATE not granted to SPARQL\n\n"
)


def test_a_refused_upload_reports_what_the_store_said() -> None:
    """The body (8 MB) is far larger than the socket buffers: sending fails with a broken
    pipe or a reset, but the store's answer is there and is what the user reads."""
    with one_answer(REFUSAL, []) as url, pytest.raises(InputError) as raised:
        http.exchange(
            url,
            "Graph Store Protocol endpoint",
            method="PUT",
            body=b"<urn:s> <urn:p> <urn:o> .\n" * 320_000,
            headers={"Content-Type": "text/turtle"},
            timeout=20,
        )
    assert str(raised.value) == (
        f"Graph Store Protocol endpoint {url} (Refuser/1.0) answered PUT with 403 Forbidden: "
        "SPARQL_UPDATE not granted to SPARQL"
    )


def test_every_request_says_what_sent_it() -> None:
    heard: list[bytes] = []
    reply = b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n"
    with one_answer(reply, heard) as url:
        assert http.exchange(url, "SPARQL endpoint", method="GET", timeout=10).status == 204
    lines = heard[0].decode("latin-1").split("\r\n")
    agent = next(line.split(": ", 1)[1] for line in lines if line.lower().startswith("user-agent:"))
    assert agent == http.user_agent()
    assert agent.startswith("warkg/") and "(https://w3id.org/warkg;" in agent


def test_a_closed_port_is_one_line() -> None:
    url = f"http://127.0.0.1:{free_port()}/query"
    with pytest.raises(InputError) as raised:
        http.exchange(url, "SPARQL endpoint", method="GET", timeout=5)
    assert str(raised.value) == f"cannot reach SPARQL endpoint {url}: connection refused"
