"""The one message protocol between the server and its workers: a job is a small
picklable object with `run(engine) -> Reply`; the reply is an HTTP answer made in the
worker (`Reply`), or the one-line plain-text error every refusal gets."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from warkg.engines.base import TooLarge
from warkg.errors import InputError
from warkg.rdf.conversion import UnsupportedTerm
from warkg.server.http.media import TEXT

if TYPE_CHECKING:
    from warkg.server.workers.engine import Engine


@dataclass(frozen=True)
class Reply:
    """An HTTP answer made in a worker: the server sends it as it is."""

    status: int
    content_type: str
    body: bytes
    headers: Mapping[str, str] = field(default_factory=dict)
    spool: Path | None = None
    """A large body is not sent through the channel: it is in this file (see
    `worker.spool`), which the server streams to the client and removes."""


class Job(Protocol):
    """What the server asks a worker to do. Errors it raises (HttpError, InputError, ...)
    are turned into replies by the worker, not by the job."""

    def run(self, engine: Engine) -> Reply: ...


def error_reply(status: int, message: str, headers: Mapping[str, str] | None = None) -> Reply:
    """The one-line plain-text body every error gets."""
    body = (" ".join(message.split()) + "\n").encode("utf-8")
    return Reply(status, TEXT.content_type, body, dict(headers or {}))


def html_reply(status: int, html: str) -> Reply:
    """A page."""
    from warkg.server.http.media import HTML

    return Reply(status, HTML.content_type, html.encode("utf-8"))


def refusal_status(error: InputError) -> int:
    """403 for what the library refuses on principle (updates, SERVICE, FROM), 422 for
    an answer holding a term the results cannot carry (an RDF 1.2 triple term), 400 for
    what is malformed. The library words every refusal `NAME: refusing ...`."""
    if isinstance(error, UnsupportedTerm):
        return 422
    return 403 if error.message.partition(": ")[2].startswith("refusing ") else 400


def server_message(error: InputError) -> str:
    """The library's message without its advice for the command line (the server has
    no --allow-remote)."""
    return error.message.replace(" unless you pass --allow-remote", "")


def too_many_rows(error: TooLarge) -> str:
    """The refusal of an answer over --max-rows."""
    return (
        f"the answer has more than {error.limit} {error.what}, the server's limit "
        "(--max-rows); add a LIMIT or narrow the query"
    )
