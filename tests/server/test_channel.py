"""The channel between the server and a worker (`warkg.server.workers.channel`): every
message arrives as it was sent, however the bytes are cut into reads, the job and the
reply that travel as plain tuples included; a deadline ends a wait with TimeoutError;
a worker that goes is EOFError (receiving) or ConnectionResetError (sending)."""

from __future__ import annotations

import asyncio
import random
import socket
import threading
from pathlib import Path

import pytest

from warkg.server.workers import channel
from warkg.server.workers.jobs import Reply
from warkg.server.workers.queries import SparqlJob

MESSAGES = [
    Reply(200, "application/sparql-results+json", b'{"head": {}}\n'),
    Reply(429, "text/plain; charset=utf-8", b"busy\n", {"Retry-After": "10"}),
    Reply(200, "text/csv; charset=utf-8", b"", {}, Path("/tmp/answer-x")),
    Reply(204, "text/plain", b"\x00" * 70_000),
    SparqlJob("SELECT * { ?s ?p ?o }", None, None),
    SparqlJob("ASK {} # \u00e9\U0001f600", "text/csv", ("json", "xml")),
    SparqlJob("", "*/*", "srj"),
    ("ready", 4242),
    ("failed", "OSError: no such file"),
    {"any": ["picklable", 1, 2.5, None]},
]


def test_each_message_comes_back_as_it_was_sent() -> None:
    for message in MESSAGES:
        found = channel._message(channel._frame(message)[channel._LENGTH.size :])
        assert found == message and type(found) is type(message)


def test_frames_cut_anywhere_come_whole_and_in_order() -> None:
    stream = b"".join(channel._frame(m) for m in MESSAGES * 3)
    rng = random.Random(25)
    for _ in range(50):
        frames = channel._Frames()
        at = 0
        while at < len(stream):
            step = rng.choice([1, 2, 7, 8, 9, 100, 5000, 100_000])
            frames.data_received(stream[at : at + step])
            at += step
        assert [channel._message(f) for f in frames.frames] == MESSAGES * 3


def _pair() -> tuple[socket.socket, socket.socket]:
    ours, theirs = socket.socketpair()
    theirs.settimeout(10)
    return ours, theirs


def _runners() -> list:
    import uvloop  # the server's event loop (`warkg serve`), beside asyncio's

    return [asyncio.run, uvloop.run]


@pytest.mark.parametrize("run_loop", _runners(), ids=["asyncio", "uvloop"])
def test_a_conversation_with_a_worker_thread(run_loop) -> None:
    ours, theirs = _pair()

    def worker() -> None:  # the worker's blocking side: echo every message
        try:
            while True:
                channel.send(theirs, channel.receive(theirs))
        except EOFError:
            theirs.close()

    thread = threading.Thread(target=worker, daemon=True)
    thread.start()

    async def run() -> None:
        async_channel = await channel.AsyncChannel.open(ours)
        big = SparqlJob("x" * 3_000_000, None, None)  # larger than the socket's buffers
        for message in [*MESSAGES, big]:
            deadline = asyncio.get_running_loop().time() + 10
            await async_channel.send(message, deadline)
            assert await async_channel.receive(deadline) == message
        async_channel.close()

    run_loop(run())
    thread.join(10)
    assert not thread.is_alive()


@pytest.mark.parametrize("run_loop", _runners(), ids=["asyncio", "uvloop"])
def test_a_deadline_ends_the_wait(run_loop) -> None:
    ours, theirs = _pair()

    async def run() -> None:
        async_channel = await channel.AsyncChannel.open(ours)
        loop = asyncio.get_running_loop()
        with pytest.raises(TimeoutError):
            await async_channel.receive(loop.time() + 0.05)
        channel.send(theirs, ("late", 1))  # what comes after the deadline is kept
        assert await async_channel.receive(loop.time() + 5) == ("late", 1)
        async_channel.close()

    run_loop(run())
    theirs.close()


@pytest.mark.parametrize("run_loop", _runners(), ids=["asyncio", "uvloop"])
def test_a_worker_that_goes(run_loop) -> None:
    ours, theirs = _pair()

    async def run() -> None:
        async_channel = await channel.AsyncChannel.open(ours)
        channel.send(theirs, ("ready", 1))
        theirs.close()
        assert await async_channel.receive() == ("ready", 1)  # sent before it went
        with pytest.raises(EOFError):
            await async_channel.receive()
        with pytest.raises(ConnectionResetError):
            await async_channel.send(("job", 1))

    run_loop(run())


def test_the_blocking_side_reads_frames_cut_anywhere() -> None:
    """The worker's `receive` gets each message whole and in order, however the bytes
    come (one at a time, a frame and a half, several frames in one write)."""
    stream = b"".join(channel._frame(m) for m in MESSAGES * 3)
    rng = random.Random(26)
    for _ in range(10):
        ours, theirs = _pair()

        def write(sock: socket.socket = ours) -> None:
            at = 0
            while at < len(stream):
                step = rng.choice([1, 2, 7, 8, 9, 100, 5000, 100_000])
                sock.sendall(stream[at : at + step])
                at += step
            sock.close()

        thread = threading.Thread(target=write, daemon=True)
        thread.start()
        found = [channel.receive(theirs) for _ in MESSAGES * 3]
        assert found == MESSAGES * 3
        assert [type(m) for m in found] == [type(m) for m in MESSAGES * 3]
        with pytest.raises(EOFError):
            channel.receive(theirs)
        thread.join(10)
        theirs.close()


def test_an_answer_sent_without_its_reply_is_the_reply_sent() -> None:
    """`send_answer` writes the bytes `send` writes for `Reply(200, type, body)`."""
    content_type = "application/sparql-results+json"
    for body in (b"", b'{"head": {}}\n', "\u00e9\U0001f600".encode() * 9, b"\x00" * 70_000):
        written = []
        for send in (
            lambda sock, body=body: channel.send(sock, Reply(200, content_type, body)),
            lambda sock, body=body: channel.send_answer(sock, content_type, body),
        ):
            ours, theirs = _pair()
            send(ours)
            ours.close()
            data = b""
            while chunk := theirs.recv(1 << 20):
                data += chunk
            theirs.close()
            written.append(data)
        assert written[0] == written[1] == channel._frame(Reply(200, content_type, body))
