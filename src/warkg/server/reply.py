"""The message a worker sends back: an HTTP answer made in the worker (`Reply`), and
the one-line plain-text error every refusal gets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from warkg.errors import InputError

TEXT_PLAIN = "text/plain; charset=utf-8"


@dataclass(frozen=True)
class Reply:
    """An HTTP answer made in a worker: the server sends it as it is."""

    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    spool: Path | None = None
    """A large body is not sent through the channel: it is in this file (see `spool`),
    which the server streams to the client and removes."""


def error_reply(status: int, message: str) -> Reply:
    """The one-line plain-text body every error gets."""
    return Reply(status, TEXT_PLAIN, (" ".join(message.split()) + "\n").encode("utf-8"))


def refusal_status(error: InputError) -> int:
    """403 for what the library refuses on principle (updates, SERVICE, FROM), 400 for
    what is malformed. The library words every refusal `NAME: refusing ...`."""
    return 403 if error.message.partition(": ")[2].startswith("refusing ") else 400


def server_message(error: InputError) -> str:
    """The library's message without its advice for the command line (the server has
    no --allow-remote)."""
    return error.message.replace(" unless you pass --allow-remote", "")
