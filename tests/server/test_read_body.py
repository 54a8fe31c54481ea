"""`requests.read_body` keeps its time limit with a timer of its own instead of
`asyncio.timeout`: the same outcome as the code it replaced (`reference_read_body`,
copied here) on a seeded generator of bodies: whole, in pieces, with a piece that comes
after the limit, cut off, never finished, over the size limit (declared or counted),
with a malformed Content-Length, and with the request's task cancelled from outside
(the client left) before, during or after the limit; and the task's count of
cancellation requests is the same afterwards, so the server's own cancellations still
work after a body was refused.

The cases run concurrently, each timed in whole seconds apart (a piece comes at once or
long after the limit; the client leaves well before it), so a busy machine does not
change an outcome.
"""

from __future__ import annotations

import asyncio
import contextlib
import random

from warkg.server.http.errors import HttpError, too_large
from warkg.server.http.requests import read_body

LIMIT = 64
TIMEOUT = 1.0
LATE = 3.0
"""A piece that comes this long after the one before: after the time limit."""
SWALLOWED = -LATE
"""A late piece whose wait ignores a cancellation (an ASGI server that swallows one): the
body then ends after the time ran out, and the timer's cancellation is taken back."""
LEAVES = 0.5
"""When a client that leaves does, if it leaves during the wait."""


async def reference_read_body(receive, declared: str | None, limit: int, timeout: float) -> bytes:
    """`read_body` as it was, with `asyncio.timeout`."""
    if declared is not None:
        if not declared.isdigit() or len(declared) > 18:
            raise HttpError(400, "malformed Content-Length header")
        if int(declared) > limit:
            raise too_large(limit)
    chunks, size = [], 0
    try:
        async with asyncio.timeout(timeout):
            while True:
                message = await receive()
                if message["type"] == "http.request":
                    if chunk := message.get("body", b""):
                        size += len(chunk)
                        if size > limit:
                            raise too_large(limit)
                        chunks.append(chunk)
                    if not message.get("more_body", False):
                        break
                elif message["type"] == "http.disconnect":
                    raise HttpError(400, "the client closed the connection before the body ended")
    except TimeoutError:
        raise HttpError(
            408, f"the request body did not arrive within {timeout:g} s (--body-timeout)"
        ) from None
    return b"".join(chunks)


def case(rng: random.Random) -> tuple[str | None, list[tuple[float, dict]], float | None]:
    """A Content-Length header, the messages with the delay before each, and when the
    client leaves (None: it stays)."""
    pieces = []
    for _ in range(rng.randint(0, 4)):
        body = rng.randbytes(rng.choice((0, 1, 10, 40)))
        message = {"type": "http.request", "body": body, "more_body": True}
        if rng.random() < 0.2:
            del message["body"]
        pieces.append((rng.choice((LATE, SWALLOWED)) if rng.random() < 0.15 else 0.0, message))
    ending = rng.random()
    if ending < 0.6:
        pieces.append((LATE if rng.random() < 0.15 else 0.0, {"type": "http.request"}))
    elif ending < 0.75:
        pieces.append((0.0, {"type": "http.disconnect"}))
    # else: never finished
    size = sum(len(m.get("body", b"")) for _, m in pieces)
    declared = rng.choice(
        (None, None, str(size), str(LIMIT + 1), "12a", "-1", "9" * 19, "", str(LIMIT))
    )
    leaves = rng.choice((None, None, None, 0.0, LEAVES, LATE + TIMEOUT))
    return declared, pieces, leaves


async def outcome(read, declared, pieces, leaves) -> tuple:
    waiting = list(pieces)

    async def receive() -> dict:
        if not waiting:  # never finished (gives up long after the time limit)
            waiting.append((LATE * 2, {"type": "http.disconnect"}))
        delay, message = waiting.pop(0)
        if delay == SWALLOWED:
            with contextlib.suppress(asyncio.CancelledError):
                await asyncio.sleep(LATE)
        elif delay:
            await asyncio.sleep(delay)
        return dict(message)

    async def reading() -> tuple:
        try:
            found: tuple = ("body", await read(receive, declared, LIMIT, TIMEOUT))
        except HttpError as error:
            found = ("refused", error.status, error.message)
        except asyncio.CancelledError:
            found = ("cancelled",)
        task = asyncio.current_task()
        assert task is not None
        return (*found, task.cancelling())

    task = asyncio.ensure_future(reading())
    if leaves is not None:
        await asyncio.sleep(leaves)
        task.cancel()
    return await task


def test_read_body_ends_as_with_asyncio_timeout() -> None:
    rng = random.Random(25)
    cases = [case(rng) for _ in range(400)]

    async def run() -> list[tuple[tuple, tuple]]:
        return await asyncio.gather(
            *(
                asyncio.gather(
                    outcome(reference_read_body, *arguments), outcome(read_body, *arguments)
                )
                for arguments in cases
            )
        )

    seen = set()
    for arguments, (expected, found) in zip(cases, asyncio.run(run()), strict=True):
        assert found == expected, arguments
        seen.add(expected[0] if expected[0] != "refused" else expected[1])
    assert seen == {"body", "cancelled", 400, 408, 413}, seen
