"""A response's head is written with its body (`joined_writes.JoinedWrites`), and a
request line that came whole and short is not read a second time (`_line_to_read`): the
client gets the same bytes, in the same order, with the connection ended (closed,
half-closed, aborted) at the same point, as when uvicorn writes the head on its own and
every line is read, on a seeded
generator of connections: requests in pieces and pipelined, GET, HEAD and POST, bodies
with `Expect: 100-continue`, answers with and without Content-Length, streamed in
chunks (one that begins like a status line), empty (204, 304), an application that
fails before or after its answer began, `Connection: close`, and what the connection
policy refuses itself (a head too large, a URL too long for the parser with a query
string too long or not, a malformed request).

Each connection is played twice on one event loop, on a transport that records what is
written, through the protocol as it is and as it was (`join_writes` off, every line
read); when the connection is lost, everything must have been written (no head is left
waiting for a body).
"""

from __future__ import annotations

import asyncio
import random

from uvicorn.config import Config
from uvicorn.server import ServerState

from tests.support.transports import Recording
from warkg.server.http.connections import URL_LIMIT, ConnectionPolicy, protocol_class

POLICY = ConnectionPolicy(100, 10.0, 30.0, max_request_bytes=1024)


async def app(scope, receive, send) -> None:
    if scope["type"] != "http":
        return
    path = scope["path"]
    if scope["method"] == "POST":
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
    if path == "/fail-before":
        raise RuntimeError("failed before the answer")
    if path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": []})
        for chunk in (b"first", b"HTTP/1.1 200 OK\r\n\r\n", b""):
            await asyncio.sleep(0)
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": b"last"})
        return
    if path == "/stream-length":
        body = [b"HTTP/1.1 200 OK\r\n", b"x" * 10]
        length = str(sum(map(len, body))).encode()
        await send(
            {"type": "http.response.start", "status": 200, "headers": [(b"content-length", length)]}
        )
        await send({"type": "http.response.body", "body": body[0], "more_body": True})
        await asyncio.sleep(0)
        await send({"type": "http.response.body", "body": body[1]})
        return
    status = {"/empty": 204, "/not-modified": 304}.get(path, 200)
    headers = [(b"content-type", b"text/plain")]
    if path == "/close":
        headers.append((b"connection", b"close"))
    body = b"" if status != 200 else f"answer to {scope['method']} {path}\n".encode()
    if status == 200:
        headers.append((b"content-length", str(len(body)).encode()))
    await send({"type": "http.response.start", "status": status, "headers": headers})
    if path == "/fail-after":
        raise RuntimeError("failed after the answer began")
    if path == "/slow":
        for _ in range(3):
            await asyncio.sleep(0)
    await send({"type": "http.response.body", "body": body})


PATHS = (
    "/",
    "/slow",
    "/stream",
    "/stream-length",
    "/empty",
    "/not-modified",
    "/close",
    "/fail-before",
    "/fail-after",
)


def request(rng: random.Random) -> bytes:
    odd = rng.random()
    if odd < 0.03:
        return b"NOT A REQUEST\r\n\r\n"
    if odd < 0.12:  # URLs about as long as the parser reads (URL_LIMIT), or longer
        length = URL_LIMIT + rng.choice((-1, 0, 1, 5_000)) - rng.choice((0, 1))
        url = b"/" + b"a" * (length - 1) if rng.random() < 0.5 else b"/?q=" + b"q" * (length - 4)
        return b"GET " + url + b" HTTP/1.1\r\nHost: x\r\n\r\n"
    if odd < 0.15:
        return b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"b" * 20_000 + b"\r\n\r\n"
    method = rng.choice(("GET", "GET", "HEAD", "POST"))
    head = [f"{method} {rng.choice(PATHS)} HTTP/1.1", "Host: 127.0.0.1"]
    body = b""
    if method == "POST":
        body = rng.randbytes(rng.choice((0, 5, 300)))
        head.append(f"Content-Length: {len(body)}")
        if rng.random() < 0.3:
            head.append("Expect: 100-continue")
    if rng.random() < 0.1:
        head.append("Connection: close")
    return ("\r\n".join(head) + "\r\n\r\n").encode() + body


async def play(joined: bool, pieces: list[bytes], pauses: list[int]) -> Recording:
    config = Config(
        app=app,
        lifespan="off",
        log_level="critical",
        access_log=False,
        server_header=False,
        date_header=False,
        proxy_headers=False,
        http="httptools",
    )
    config.load()
    cls = protocol_class(POLICY, join_writes=joined)
    if not joined:  # every request line read, as before

        class cls(cls):  # type: ignore[no-redef]
            @staticmethod
            def _line_to_read(data: bytes) -> bytearray:
                return bytearray()

    protocol = cls(config=config, server_state=ServerState(), app_state={})
    transport = Recording()
    protocol.connection_made(transport)
    for piece, pause in zip(pieces, pauses, strict=True):
        if transport.closing:
            break
        protocol.data_received(piece)
        for _ in range(pause):
            await asyncio.sleep(0)
    for _ in range(40):
        await asyncio.sleep(0)
    transport.events.append(("lost", None))  # all is written by now: no head held
    protocol.connection_lost(None)
    for _ in range(5):
        await asyncio.sleep(0)
    return transport


def connection(rng: random.Random) -> tuple[list[bytes], list[int]]:
    data = b"".join(request(rng) for _ in range(rng.randint(1, 4)))
    cuts = sorted(rng.sample(range(1, len(data)), min(len(data) - 1, rng.randint(0, 3))))
    pieces = [data[a:b] for a, b in zip([0, *cuts], [*cuts, len(data)], strict=True)]
    return pieces, [rng.choice((0, 1, 5, 30)) for _ in pieces]


def test_joined_writes_send_what_separate_writes_send() -> None:
    rng = random.Random(25)
    cases = [connection(rng) for _ in range(300)]

    async def run() -> list[tuple[Recording, Recording]]:
        return [(await play(False, *case), await play(True, *case)) for case in cases]

    separate_writes = joined_writes = 0
    statuses: set[bytes] = set()
    for case, (apart, joined) in zip(cases, asyncio.run(run()), strict=True):
        assert joined.seen() == apart.seen(), case
        separate_writes += apart.writes
        joined_writes += joined.writes
        for kind, data in apart.seen():
            if kind == "data" and data is not None:
                statuses.update(
                    line.split(b" ")[1] for line in data.split(b"\r\n") if line[:9] == b"HTTP/1.1 "
                )
    # every kind of answer was seen, and fewer writes made them
    assert {b"100", b"200", b"204", b"304", b"400", b"413", b"414", b"431", b"500"} <= statuses, (
        statuses
    )
    assert joined_writes < separate_writes * 0.8, (joined_writes, separate_writes)
