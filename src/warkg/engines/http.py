"""Every request warkg sends (to endpoints, stores and Wikidata) goes through `send`:
requests, our User-Agent, and one time limit for the whole exchange. `exchange` is a
triplestore's request, with the one-line error when it fails.

A failed request is reported as the store, the request and what the store said: the
URL (without a GET's long query string), the server's own name from its `Server`
header (`Virtuoso/07.20.3229`), the method, the status, and the first line of text of
the body (HTML error pages, which Virtuoso and Fuseki send, reduced to their text).
"""

from __future__ import annotations

import html
import re
import urllib.parse
from collections.abc import Mapping
from dataclasses import dataclass

from warkg.engines.deadline import deadline
from warkg.errors import InputError
from warkg.version import package_version

_PREFORMATTED = re.compile(r"(?is)<(xmp|pre)[^>]*>(.*?)</\1>")
_TITLE_OR_SCRIPT = re.compile(r"(?is)<(title|script|style|head)[^>]*>.*?</\1>")
_TAG = re.compile(r"(?s)<[^>]*>")
AGENT = f"warkg/{package_version()} (https://w3id.org/warkg; provenance knowledge graph)"


@dataclass(frozen=True)
class Answer:
    """An answer read in full (a 2xx one unless asked for any status)."""

    status: int
    headers: Mapping[str, str]
    body: bytes
    reason: str = ""

    @property
    def text(self) -> str:
        """The body as text: in the charset the Content-Type names, else UTF-8."""
        charset = re.search(r"charset=([\w.-]+)", self.headers.get("Content-Type") or "")
        try:
            return self.body.decode(charset.group(1) if charset else "utf-8", "replace")
        except LookupError:  # a charset Python does not know
            return self.body.decode("utf-8", "replace")

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


def _status_error(
    what: str,
    shown: str,
    method: str,
    status: int,
    reason: str,
    headers: Mapping[str, str] | None,
    body: bytes,
) -> InputError:
    server = product((headers.get("Server") or "") if headers is not None else "")
    detail = first_line(body)
    message = (
        f"{what} {shown}{f' ({server})' if server else ''} answered {method} with {status} {reason}"
    )
    return InputError(f"{message}: {detail}" if detail else message)


class Late(Exception):
    """No complete answer within the time limit."""


class Unreachable(Exception):
    """No answer at all: `reason` says why, in the system's words (`connection refused`)."""

    def __init__(self, reason: str) -> None:
        self.reason = reason
        super().__init__(reason)


def _reason(error: BaseException) -> str:
    """Why a request failed, out of requests' nested exceptions: the system's words
    (`[Errno 111] Connection refused` -> `connection refused`), else the innermost
    exception's own (`Remote end closed connection without response`)."""
    found = re.search(r"\[Errno -?\d+\]\s*([^'\")]*)", str(error))
    if found:
        return found.group(1).strip().lower()
    inner: BaseException = error
    for _ in range(10):
        causes = [getattr(inner, "reason", None), *getattr(inner, "args", ())]
        deeper = next((c for c in causes if isinstance(c, BaseException)), None)
        if deeper is None:
            break
        inner = deeper
    return str(inner) or type(inner).__name__


def user_agent() -> str:
    """What every request says it is: the tool, a way to reach its authors, the library
    (the Wikidata services ask every client for this)."""
    import requests

    return f"{AGENT} python-requests/{requests.__version__}"


def send(
    url: str,
    *,
    method: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    params: dict[str, str] | None = None,
    timeout: float,
) -> Answer:
    """One request with requests, answered in full within `timeout` seconds in all
    (connect, send and read together: `warkg.engines.deadline`), whatever its status;
    `Late` or `Unreachable` otherwise. Redirects are followed for requests without a
    body. A server may answer and close before it has read the whole body (Virtuoso
    refusing an upload does): its answer is read, not a broken pipe reported."""
    import requests  # imported by the commands that send something, not by the others

    headers = {"User-Agent": user_agent(), **(headers or {})}
    with deadline(timeout) as limit:
        try:
            response = requests.request(
                method,
                url,
                params=params,
                data=body,
                headers=headers,
                timeout=limit.remaining(),
                allow_redirects=body is None,
            )
            answer = Answer(
                response.status_code, response.headers, response.content, response.reason
            )
        except (requests.Timeout, TimeoutError):
            raise Late from None
        except requests.RequestException as error:
            if limit.expired:
                raise Late from None
            raise Unreachable(_reason(error)) from None
    if limit.expired:  # the answer may have been cut short when the time ran out
        raise Late
    return answer


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
    try:
        answer = send(url, method=method, body=body, headers=headers, timeout=timeout)
    except Late:
        raise InputError(f"{what} {shown}: no complete answer within {timeout:g} s") from None
    except Unreachable as error:
        raise InputError(f"cannot reach {what} {shown}: {error.reason}") from None
    if answer.status >= 300 and not any_status:
        raise _status_error(
            what, shown, method, answer.status, answer.reason, answer.headers, answer.body[:4096]
        )
    return answer
