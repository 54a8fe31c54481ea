"""The direct lane (`http.direct`: a query POSTed as application/sparql-query answered by
the connection itself, without the ASGI application) gives each client the same bytes,
in the same order, with the connection ended at the same point, and the server log the
same lines, as the application gives the same requests without the lane; on a seeded
generator of connections: the requests the lane takes and every near miss (other
methods, paths, versions, content types and their spellings, Content-Length missing,
doubled or over the limit, chunked and other transfer codings, Expect: 100-continue,
Connection: close), bodies that are not UTF-8, empty, over the limit, in pieces, late
past --body-timeout or never finished, pipelined requests, clients that leave before
the answer, and every kind of reply a pool gives (plain, with headers of its own, an
answer in a file, a status without a body, an unexpected error); with and without a
trusted proxy.

Each connection is played twice on one event loop, on a transport that records what
is written (tests/server/test_joined_writes.py), through the real application with the
worker pools replaced by one that shows the job it was given.
"""

from __future__ import annotations

import asyncio
import logging
import random
from pathlib import Path

import pytest
from uvicorn.config import Config
from uvicorn.server import ServerState as UvicornState

from tests.support.pools import Echo
from tests.support.transports import Recording
from warkg.server.app import create_app
from warkg.server.config import Limits, ServerConfig
from warkg.server.endpoints import sparql
from warkg.server.http.clients import ClientAddresses, networks
from warkg.server.http.connections import ConnectionPolicy, protocol_class
from warkg.server.snapshot import Snapshot
from warkg.server.state import ServerState
from warkg.server.workers.jobs import Reply
from warkg.server.workers.queries import SparqlJob

LIMIT = 2048
BODY_TIMEOUT = 0.05
POLICY = ConnectionPolicy(100, 10.0, 30.0, max_request_bytes=LIMIT)
SELECT = "SELECT ?p ?o WHERE { <https://w3id.org/warkg/id/reference/57> ?p ?o }"
DATE = [(b"date", b"Tue, 08 Dec 2026 06:00:00 GMT")]


class Pool(Echo):
    """Echo's replies, and for some queries a job that takes a while, a refusal without
    headers, or an error no pool should raise; a page's job shown by its kind."""

    def __init__(self, spool_dir: Path) -> None:
        super().__init__(spool_dir)
        self.direct = 0
        """Requests the direct lane answered."""

    async def run(self, job: SparqlJob, lane: str, client: str = "") -> Reply:
        if not isinstance(job, SparqlJob):  # a page's job
            return Reply(200, "text/html", f"{type(job).__name__} {lane} {client}".encode())
        if "slow" in job.text:
            for _ in range(6):
                await asyncio.sleep(0)
        if "boom" in job.text:
            raise RuntimeError("the pool failed")
        if "refused" in job.text:
            return Reply(400, "text/plain", b"refused\n")
        return await super().run(job, lane, client)


class Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(f"{record.name} {record.levelname} {record.getMessage()}")


def _protocol(tmp_path: Path, lane: bool, settings: dict):
    config = ServerConfig(
        limits=Limits(max_request_bytes=LIMIT), body_timeout=BODY_TIMEOUT, **settings
    )
    pool = Pool(tmp_path)
    state = ServerState(config, pool, pool, Snapshot(tmp_path / "none.nt", {}, 42))  # type: ignore[arg-type]
    direct = None
    if lane:
        addresses = ClientAddresses(networks(config.trusted_proxies))
        direct = sparql.direct_endpoint(state, addresses)
        answer = direct.answer

        async def counted(body: bytes, accept: str | None, client: str) -> Reply:
            pool.direct += 1
            return await answer(body, accept, client)

        direct.answer = counted
    uvicorn_config = Config(
        app=create_app(config, state),
        lifespan="off",
        log_config=None,
        log_level="warning",
        access_log=False,
        server_header=False,
        date_header=False,
        proxy_headers=False,
        http="httptools",
    )
    uvicorn_config.load()
    cls = protocol_class(POLICY, direct=direct)
    server_state = UvicornState()
    server_state.default_headers = list(DATE)
    return cls(config=uvicorn_config, server_state=server_state, app_state={}), pool


async def play(tmp_path: Path, lane: bool, settings: dict, case: tuple) -> tuple[list, list, int]:
    pieces, pauses, leave_after = case
    protocol, pool = _protocol(tmp_path, lane, settings)
    handler = Lines()
    loggers = [logging.getLogger(name) for name in ("uvicorn.error", "warkg.server")]
    for logger in loggers:
        logger.addHandler(handler)
    try:
        transport = Recording()
        protocol.connection_made(transport)
        for number, (piece, pause) in enumerate(zip(pieces, pauses, strict=True)):
            if transport.closing or number == leave_after:
                break
            protocol.data_received(piece)
            if pause == "late":
                await asyncio.sleep(BODY_TIMEOUT * 2)
            for _ in range(pause if isinstance(pause, int) else 0):
                await asyncio.sleep(0)
        for _ in range(60):
            await asyncio.sleep(0)
        transport.events.append(("lost", None))
        protocol.connection_lost(None)
        for _ in range(10):
            await asyncio.sleep(0)
    finally:
        for logger in loggers:
            logger.removeHandler(handler)
    lines = [line.split("\n")[0] for line in handler.lines]
    return transport.seen(), lines, pool.direct


BODIES = [
    SELECT.encode(),
    SELECT.encode(),
    b"slow " + SELECT.encode(),
    b"ASK {}",
    b"",
    b"  \n",
    b"busy",
    b"large",
    b"nothing",
    b"refused",
    b"boom",
    "\u00e9 \u2603".encode(),
    b"\xff\xfe",
    b"x" * (LIMIT + 1),
]


def request(rng: random.Random) -> bytes:
    """One request: half of them what the lane takes, the rest near misses."""
    if rng.random() < 0.5:
        body = rng.choice(BODIES)
        accept = rng.choice([b"", b"Accept: */*\r\n", b"Accept: text/csv\r\n"])
        return (
            b"POST /sparql HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/sparql-query"
            b"\r\n%sContent-Length: %d\r\n\r\n%s" % (accept, len(body), body)
        )
    method = rng.choice([b"POST"] * 8 + [b"GET", b"HEAD", b"PUT"])
    path = rng.choice([b"/sparql"] * 8 + [b"/sparql?format=csv", b"/sparql/", b"/SPARQL", b"/"])
    if method != b"POST" and path.startswith(b"/sparql"):  # not the description (its
        path += b"&" if b"?" in path else b"?"  # blank node's name, and so its size, varies)
        path += b"query=ASK+%7B%7D"
    version = rng.choice([b"HTTP/1.1"] * 9 + [b"HTTP/1.0"])
    headers = [(b"Host", b"127.0.0.1")]
    body = rng.choice(BODIES)
    kind = rng.choice(
        [b"application/sparql-query"] * 6
        + [
            b"Application/SPARQL-Query",
            b"application/sparql-query; charset=utf-8",
            b" application/sparql-query ;",
            b"application/sparql-update",
            b"application/x-www-form-urlencoded",
            None,
        ]
    )
    if kind is not None:
        headers.append((rng.choice([b"Content-Type", b"content-type"]), kind))
    if rng.random() < 0.05:
        headers.append((b"Content-Type", b"text/plain"))
    if rng.random() < 0.8:
        accept = rng.choice([b"application/sparql-results+json", b"*/*", b"text/csv", b"x/y;q=0"])
        headers.append((b"Accept", accept))
    if rng.random() < 0.1:
        headers.append((b"Accept", b"text/tab-separated-values"))
    if rng.random() < 0.2:
        headers.append(
            (b"X-Forwarded-For", rng.choice([b"10.0.0.9", b"10.0.0.9, 127.0.0.1", b"junk"]))
        )
    if rng.random() < 0.05:
        headers.append((b"Expect", b"100-continue"))
    if rng.random() < 0.08:
        headers.append((b"Connection", rng.choice([b"close", b"keep-alive", b"Close"])))
    chunked = rng.random() < 0.08
    if chunked:
        headers.append((b"Transfer-Encoding", rng.choice([b"chunked", b"gzip, chunked"])))
        encoded = b"%x\r\n%s\r\n0\r\n\r\n" % (len(body), body) if body else b"0\r\n\r\n"
        if rng.random() < 0.3:  # both: a request smuggler's mark
            headers.append((b"Content-Length", str(len(encoded)).encode()))
    else:
        encoded = body
        if method in (b"POST", b"PUT") and rng.random() < 0.97:
            length = str(len(body)).encode()
            headers.append((b"Content-Length", rng.choice([length] * 12 + [b"0" + length])))
            if rng.random() < 0.03:
                headers.append((b"Content-Length", length))
    head = b" ".join((method, path, version)) + b"\r\n"
    head += b"".join(name + b": " + value + b"\r\n" for name, value in headers)
    return head + b"\r\n" + encoded


def slow_body(rng: random.Random) -> tuple:
    """A request whose body stops halfway: the rest comes after --body-timeout, or
    never (the client leaves), or a request follows it."""
    body = rng.choice([SELECT.encode(), b"slow " + SELECT.encode(), b"busy ASK {}"])
    kind = rng.choice([b"application/sparql-query", b"application/x-www-form-urlencoded"])
    head = b"POST /sparql HTTP/1.1\r\nContent-Type: %s\r\nContent-Length: %d\r\n\r\n" % (
        kind,
        len(body),
    )
    half = rng.randrange(0, len(body))
    pieces = [head + body[:half], body[half:]]
    if rng.random() < 0.5:
        pieces[1] += request(rng)
    return pieces, [rng.choice(["late", 3]), rng.choice([0, 10])], rng.choice([None, 1])


def connection(rng: random.Random) -> tuple:
    """One to three requests on a connection, cut into pieces at random with pauses
    between them (some longer than --body-timeout), and sometimes a client that leaves
    before it has sent everything."""
    if rng.random() < 0.06:
        return slow_body(rng)
    data = b"".join(request(rng) for _ in range(rng.choice([1, 1, 1, 2, 3])))
    cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.choice([0, 0, 1, 2, 3]))))
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    pauses = [
        rng.choice([0, 0, 1, 3, 10, "late"] if rng.random() < 0.1 else [0, 0, 1, 3, 10])
        for _ in pieces
    ]
    leave_after = rng.randrange(len(pieces)) if rng.random() < 0.08 else None
    return pieces, pauses, leave_after


SETTINGS = [{}, {"trusted_proxies": ("127.0.0.1/32",)}]


@pytest.mark.parametrize("settings", SETTINGS, ids=["direct", "behind-a-proxy"])
def test_the_direct_lane_answers_as_the_application_does(tmp_path: Path, settings: dict) -> None:
    rng = random.Random(2512)
    cases = [connection(rng) for _ in range(400)]
    taken = 0

    async def compare() -> None:
        nonlocal taken
        for number, case in enumerate(cases):
            with_lane, with_lane_log, jobs = await play(tmp_path, True, settings, case)
            without, without_log, _ = await play(tmp_path, False, settings, case)
            assert with_lane == without, f"case {number}: {case}"
            assert with_lane_log == without_log, f"case {number}: {case}"
            taken += jobs

    asyncio.run(compare())
    # not vacuous: the lane answered most of the requests it may take
    assert taken > 200
