#!/usr/bin/env python3
"""The floor of a Python endpoint on warkg's server stack: uvicorn with the httptools
parser on uvloop, as `warkg serve` runs it, in one process, answering every POST with
fixed bytes: no routing, no checks, no query.

With `--hop N`, the same, but each request's body goes to one of N worker processes
over a socket pair and the worker's reply is the answer: the least that a server which
runs queries in processes it can kill (warkg's design, for the time limit) adds to the
bare HTTP path. The workers only send the fixed bytes back; with `--query FILE` they
load the N-Triples FILE into pyoxigraph and answer each body by running it as a query
there and writing the solutions with pyoxigraph's own JSON writer: the whole work of a
SPARQL endpoint with killable workers, without any check, limit or content negotiation.

`benchmarks/load.py --sweep` loads both beside warkg and Oxigraph with the lookup
SELECT (the bytes are warkg's own answer to it, so the clients' check passes), to show
what part of the distance to Oxigraph no server built on these parts can close.

    python benchmarks/floor_server.py PORT ANSWER_FILE [--hop N [--query FILE]]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import socket
import struct
from pathlib import Path

import uvicorn

CONTENT_TYPE = b"application/sparql-results+json"
LENGTH = struct.Struct("!Q")


async def _body(receive) -> bytes:
    """The request body, read whole, as any endpoint must."""
    parts, more = [], True
    while more:
        message = await receive()
        parts.append(message.get("body", b""))
        more = message.get("more_body", False)
    return b"".join(parts)


def _exactly(sock: socket.socket, size: int) -> bytes:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            raise EOFError
        data += chunk
    return data


def _worker(sock: socket.socket, answer: bytes, data: Path | None) -> None:
    """Reply to every message: `answer`, or with `data` the message run as a query on
    those N-Triples in pyoxigraph and its solutions written by pyoxigraph as JSON."""
    store = None
    if data is not None:
        import pyoxigraph

        store = pyoxigraph.Store()
        store.load(path=str(data), format=pyoxigraph.RdfFormat.N_TRIPLES)
        json_format = pyoxigraph.QueryResultsFormat.JSON
    fixed = LENGTH.pack(len(answer)) + answer
    try:
        while True:
            (size,) = LENGTH.unpack(_exactly(sock, LENGTH.size))
            body = _exactly(sock, size)
            if store is None:
                sock.sendall(fixed)
                continue
            written = store.query(body.decode("utf-8")).serialize(format=json_format)
            sock.sendall(LENGTH.pack(len(written)) + written)
    except (EOFError, OSError):
        os._exit(0)


def app_for(answer: bytes, workers: list[socket.socket]):
    idle: asyncio.Queue | None = None

    async def hop(body: bytes) -> bytes:
        nonlocal idle
        if idle is None:  # the streams belong to the server's event loop
            idle = asyncio.Queue()
            for sock in workers:
                idle.put_nowait(await asyncio.open_connection(sock=sock))
        reader, writer = await idle.get()
        try:
            writer.write(LENGTH.pack(len(body)) + body)
            await writer.drain()
            (size,) = LENGTH.unpack(await reader.readexactly(LENGTH.size))
            return await reader.readexactly(size)
        finally:
            idle.put_nowait((reader, writer))

    async def app(scope, receive, send):
        if scope["type"] != "http":
            return
        body = await _body(receive)
        reply = await hop(body) if workers else answer
        headers = [(b"content-type", CONTENT_TYPE), (b"content-length", b"%d" % len(reply))]
        await send({"type": "http.response.start", "status": 200, "headers": headers})
        await send({"type": "http.response.body", "body": reply})

    return app


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("answer", type=Path)
    parser.add_argument("--hop", type=int, default=0, help="worker processes (0: none)")
    parser.add_argument(
        "--query", type=Path, help="N-Triples the workers load and run each body on"
    )
    args = parser.parse_args()
    answer = args.answer.read_bytes()
    workers = []
    for _ in range(args.hop):  # forked before any event loop or thread exists
        ours, theirs = socket.socketpair()
        if os.fork() == 0:
            ours.close()
            _worker(theirs, answer, args.query)
        theirs.close()
        workers.append(ours)
    uvicorn.run(
        app_for(answer, workers),
        host="127.0.0.1",
        port=args.port,
        http="httptools",
        loop="uvloop",
        access_log=False,
        log_level="warning",
        lifespan="off",
    )


if __name__ == "__main__":
    main()
