"""The one way a request is refused: a status and a one-line message."""

from __future__ import annotations


class HttpError(Exception):
    """A request that gets an error status and a one-line message."""

    def __init__(self, status: int, message: str, headers: dict[str, str] | None = None) -> None:
        self.status = status
        self.message = " ".join(message.split())
        self.headers = headers or {}
        super().__init__(self.message)


def too_large(limit: int) -> HttpError:
    """The one refusal of a request over --max-request-bytes, wherever it is found (the
    connection guard, the endpoint, the pages)."""
    return HttpError(
        413, f"request larger than {limit} bytes, the server's limit (--max-request-bytes)"
    )
