"""`--access-log`: one line per request, in the Common Log Format or as JSON lines, to a
file or to standard output; the client as `--trusted-proxy` tells it."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.serving import in_process
from warkg.server.http.clients import ClientAddresses, networks

COMMON = re.compile(
    r"^(?P<client>\S+) - - \[(?P<when>\d\d/\w{3}/\d{4}:\d\d:\d\d:\d\d [+-]\d{4})\] "
    r'"(?P<request>[^"]*)" (?P<status>\d{3}) (?P<bytes>\d+|-)$'
)
REQUESTS = [
    ("GET", "/static/warkg.css", 200),
    ("GET", "/sparql?query=ASK%7B%7D", 200),
    ("GET", "/no/such/page", 404),
    ("POST", "/sparql", 415),
]


def _send(client) -> list:
    answers = []
    for method, path, status in REQUESTS:
        answer = client.request(method, path, headers={"User-Agent": "log-test/1"})
        assert answer.status_code == status, path
        answers.append(answer)
    return answers


def test_common_log_format_to_a_file(tmp_path: Path) -> None:
    log = tmp_path / "access.log"
    with in_process(tmp_path / "serve", access_log=str(log)) as client:
        answers = _send(client)
    lines = log.read_text(encoding="utf-8").splitlines()
    assert len(lines) == len(REQUESTS)
    for line, (method, path, status), answer in zip(lines, REQUESTS, answers, strict=True):
        match = COMMON.match(line)
        assert match, line
        assert match["client"] == "127.0.0.1"
        assert match["request"] == f"{method} {path} HTTP/1.1"
        assert int(match["status"]) == status
        assert int(match["bytes"]) == len(answer.content)


def test_json_lines_to_standard_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with in_process(tmp_path, access_log="-", access_log_format="json") as client:
        answers = _send(client)
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [(r["method"], r["target"], r["status"]) for r in records] == REQUESTS
    for record, answer in zip(records, answers, strict=True):
        assert record["bytes"] == len(answer.content)
        assert record["protocol"] == "HTTP/1.1"
        assert record["user_agent"] == "log-test/1"
        assert record["duration_ms"] >= 0
        assert record["time"].endswith("+00:00")


def test_the_client_behind_a_trusted_proxy(tmp_path: Path) -> None:
    """The rightmost address X-Forwarded-For gives that is not a trusted proxy; from an
    untrusted peer, the header is ignored."""
    log = tmp_path / "access.log"
    forwarded = {"X-Forwarded-For": "203.0.113.9, 198.51.100.7, 10.0.0.2"}
    with in_process(tmp_path / "a", access_log=str(log), trusted_proxies=("127.0.0.1",)) as client:
        client.get("/static/warkg.css", headers=forwarded)
        client.get("/static/warkg.css")
    assert [line.split(" ")[0] for line in log.read_text().splitlines()] == [
        "10.0.0.2",
        "127.0.0.1",
    ]

    addresses = ClientAddresses(networks(["10.0.0.0/8", "127.0.0.1"]))
    scope = {
        "client": ("127.0.0.1", 5000),
        "headers": [(b"x-forwarded-for", b"203.0.113.9, 198.51.100.7, 10.0.0.2")],
    }
    assert addresses.of(scope) == "198.51.100.7"
    assert addresses.of({**scope, "client": ("192.0.2.1", 5000)}) == "192.0.2.1"
    assert addresses.of({**scope, "headers": [(b"x-forwarded-for", b"10.0.0.3")]}) == "127.0.0.1"
    assert addresses.of({**scope, "headers": [(b"x-forwarded-for", b"nonsense")]}) == "127.0.0.1"
