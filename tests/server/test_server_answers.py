"""Large answers: bounded in bytes, streamed to the client as it reads, and dropped when
it stops reading, so clients that never read cannot grow the server's memory.

A 700-byte query can make a 64 MiB answer (each BIND doubling a string); the server used
to hold a whole answer in its main process for every client that did not read it
(16 such clients: 1 GiB).
"""

from __future__ import annotations

import contextlib
import json
import os
import socket
import time
import urllib.parse

import pytest

from tests.support.serving import RunningServer, request, warkg_server

MAX_ANSWER_BYTES = 12 * 1024 * 1024
SEND_TIMEOUT = 4.0
CLIENTS = 12


def doubling(times: int) -> str:
    """A SELECT whose one value is 8 characters doubled `times` times."""
    binds = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(times))
    return f'SELECT ?a{times} WHERE {{ BIND("abcdefgh" AS ?a0) {binds} }}'


@pytest.fixture(scope="module")
def server() -> RunningServer:
    with warkg_server(
        *("--workers", "2", "--max-answer-bytes", str(MAX_ANSWER_BYTES), "--timeout", "90"),
        *("--send-timeout", str(SEND_TIMEOUT), "--max-connections", str(CLIENTS + 20)),
    ) as running:
        yield running


def _url(server: RunningServer, query: str) -> str:
    return f"{server.sparql}?{urllib.parse.urlencode({'query': query, 'format': 'csv'})}"


def _rss_mib(pid: int) -> float:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    raise AssertionError("no VmRSS")


def _open_answers(pid: int) -> int:
    """How many answer files (`worker.spool`) the server has open."""
    count = 0
    for entry in os.listdir(f"/proc/{pid}/fd"):
        with contextlib.suppress(OSError):
            count += "/answer-" in os.readlink(f"/proc/{pid}/fd/{entry}")
    return count


def test_an_answer_over_the_limit_is_refused_in_one_line(server: RunningServer) -> None:
    answer = request(_url(server, doubling(21)))  # 16 MiB of text
    assert answer.status == 422
    assert answer.text == (
        f"the answer has more than {MAX_ANSWER_BYTES} bytes, the server's limit "
        "(--max-answer-bytes); add a LIMIT or narrow the query\n"
    )


def test_a_large_answer_arrives_whole(server: RunningServer) -> None:
    answer = request(_url(server, doubling(20)))  # 8 MiB
    assert answer.status == 200
    assert answer.headers["content-length"] == str(len(answer.body))
    assert answer.body == b"a20\r\n" + b"abcdefgh" * 2**20 + b"\r\n"


def test_clients_that_never_read_do_not_grow_the_server(server: RunningServer) -> None:
    """12 clients ask for 8 MiB each and read nothing: the main process does not grow
    by their 96 MiB (it used to hold every answer whole), and once the send timeout
    drops them, the answers' files are closed. (100 clients: benchmarks/stalled_clients.py.)
    """
    pid = server.process.pid
    target = _url(server, doubling(20)).removeprefix(server.url)
    port = int(server.url.rsplit(":", 1)[1])
    held = []
    start = peak = _rss_mib(pid)
    most_open = 0
    try:
        for _ in range(CLIENTS):
            sock = socket.create_connection(("127.0.0.1", port), timeout=5)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            held.append(sock)
        deadline = last_open = time.monotonic() + 120
        while time.monotonic() < deadline:
            peak, now_open = max(peak, _rss_mib(pid)), _open_answers(pid)
            most_open = max(most_open, now_open)
            if now_open:
                last_open = time.monotonic()
            elif most_open and time.monotonic() - last_open > SEND_TIMEOUT:
                break  # every stalled answer dropped after the send timeout
            time.sleep(0.1)
        assert most_open >= 4, "the answers were never held open at once"
        assert _open_answers(pid) == 0
        assert peak < start + 64, f"{start:.0f} MiB before, {peak:.0f} MiB at most"
    finally:
        for sock in held:
            sock.close()
    answer = request(_url(server, "ASK { ?s ?p ?o }"))
    assert (answer.status, answer.text) == (200, "true\n")
    assert not [line for line in server.stderr if "Traceback" in line]


def test_small_answers_still_come_whole_from_the_pipe(server: RunningServer) -> None:
    answer = request(f"{server.url}/queries/reference-supports?reference=57")
    assert answer.status == 200
    assert len(json.loads(answer.body)["results"]["bindings"]) == 1
