"""One HTTP exchange with a triplestore, and the one-line error when it fails.

A failed request is reported as the store, the request and what the store said: the
URL (without a GET's long query string), the server's own name from its `Server`
header (`Virtuoso/07.20.3229`), the method, the status, and the first line of text of
the body (HTML error pages, which Virtuoso and Fuseki send, reduced to their text).
"""

from __future__ import annotations

import html
import http.client
import re
import socket
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from email.message import Message

from warkg.engines.deadline import deadline
from warkg.errors import InputError

_PREFORMATTED = re.compile(r"(?is)<(xmp|pre)[^>]*>(.*?)</\1>")
_TITLE_OR_SCRIPT = re.compile(r"(?is)<(title|script|style|head)[^>]*>.*?</\1>")
_TAG = re.compile(r"(?s)<[^>]*>")


@dataclass(frozen=True)
class Answer:
    """An answer read in full (a 2xx one unless asked for any status)."""

    status: int
    headers: Message
    body: bytes
    reason: str = ""

    @property
    def server(self) -> str:
        """The server's name and version as it gives them (`Oxigraph/0.5.13`), or ""."""
        return product(self.headers.get("Server") or "")


def product(server: str) -> str:
    """The product token of a Server header: `Virtuoso/07.20.3229` of
    `Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu`."""
    return " ".join(server.split(" (")[0].split())


def first_line(body: bytes, limit: int = 200) -> str:
    """The first non-empty line of text in an error body: an HTML page's preformatted
    message if it has one (Virtuoso puts the error there), else its text without tags."""
    text = body.decode("utf-8", "replace")
    if re.search(r"(?i)<(html|body|h1|xmp|pre)\b", text):
        preformatted = _PREFORMATTED.search(text)
        text = (
            preformatted.group(2)
            if preformatted
            else _TAG.sub("\n", _TITLE_OR_SCRIPT.sub("", text))
        )
        text = html.unescape(text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= limit else line[: limit - 3] + "..."
    return ""


def shown_url(url: str) -> str:
    """`url` without the `query=` or `update=` of a GET (the text may be kilobytes)."""
    parts = urllib.parse.urlsplit(url)
    kept = [
        (key, value)
        for key, value in urllib.parse.parse_qsl(parts.query, keep_blank_values=True)
        if key not in ("query", "update")
    ]
    if len(kept) == len(urllib.parse.parse_qsl(parts.query, keep_blank_values=True)):
        return url
    query = "&".join(k if not v else f"{k}={urllib.parse.quote(v, safe=':/')}" for k, v in kept)
    return urllib.parse.urlunsplit(parts._replace(query=query))


def _reason_for(error: BaseException) -> str:
    reason = getattr(error, "reason", error)
    if isinstance(reason, OSError) and reason.strerror:
        return reason.strerror.lower()
    return str(reason) or type(reason).__name__


def _status_error(
    what: str,
    shown: str,
    method: str,
    status: int,
    reason: str,
    headers: Message | None,
    body: bytes,
) -> InputError:
    server = product((headers.get("Server") or "") if headers is not None else "")
    detail = first_line(body)
    message = (
        f"{what} {shown}{f' ({server})' if server else ''} answered {method} with {status} {reason}"
    )
    return InputError(f"{message}: {detail}" if detail else message)


def _send_body(
    url: str, method: str, body: bytes, headers: dict[str, str], timeout: float
) -> Answer:
    """A request with a body, by http.client: a store may answer (an error, say) and close
    before it has read the whole body, as Virtuoso does when it refuses an upload; sending
    then fails with a broken pipe, but its answer is there to be read."""
    parts = urllib.parse.urlsplit(url)
    connection_class = (
        http.client.HTTPSConnection if parts.scheme == "https" else http.client.HTTPConnection
    )
    connection = connection_class(parts.hostname or "", parts.port, timeout=timeout)
    target = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
    try:
        connection.putrequest(method, target)
        for name, value in headers.items():
            connection.putheader(name, value)
        connection.putheader("Content-Length", str(len(body)))
        connection.endheaders()
        try:
            connection.send(body)
        except (BrokenPipeError, ConnectionResetError) as error:
            try:
                response = connection.getresponse()
            except (http.client.HTTPException, OSError):
                raise error from None
        else:
            response = connection.getresponse()
        return Answer(response.status, response.headers, response.read(), response.reason)
    finally:
        connection.close()


def exchange(
    url: str,
    what: str,
    *,
    method: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float,
    any_status: bool = False,
) -> Answer:
    """One HTTP request, answered in full within `timeout` seconds (connect, send and
    read together, see `warkg.engines.deadline`); InputError (one line, see the module) for anything
    but a 2xx answer that arrived in time (`any_status`: any answer that arrived in time,
    e.g. to read the Server header of a 400). `what` names the endpoint ("SPARQL endpoint").
    """
    shown = shown_url(url)
    late = f"{what} {shown}: no complete answer within {timeout:g} s"
    with deadline(timeout) as limit:
        try:
            if body is not None:
                answer = _send_body(url, method, body, headers or {}, limit.remaining())
            else:
                request = urllib.request.Request(url, headers=headers or {}, method=method)
                with urllib.request.urlopen(request, timeout=limit.remaining()) as response:
                    answer = Answer(response.status, response.headers, response.read(), "")
        except urllib.error.HTTPError as error:
            if limit.expired:
                raise InputError(late) from None
            answer = Answer(error.code, error.headers, error.read(65536), str(error.reason))
        except (urllib.error.URLError, http.client.HTTPException, OSError) as error:
            reason = getattr(error, "reason", error)
            if limit.expired or isinstance(reason, TimeoutError | socket.timeout):
                raise InputError(late) from None
            raise InputError(f"cannot reach {what} {shown}: {_reason_for(error)}") from None
    if limit.expired:  # the answer may have been cut short when the time ran out
        raise InputError(late)
    if answer.status >= 300 and not any_status:
        raise _status_error(
            what, shown, method, answer.status, answer.reason, answer.headers, answer.body[:4096]
        )
    return answer
