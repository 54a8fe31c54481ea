"""GET and POST `/sparql` skip Starlette's exception middleware, router and request
wrapper (`app.ProtocolLane`, `endpoints.sparql.protocol`, `responses.send_reply`): every
answer, refusal and access-log line is the same, message for message and byte for byte,
as the application gives without the lane and with /sparql as it was written before
(`reference_sparql`, copied here: Starlette's Request and Response), on a seeded
generator of requests: the protocol's three ways to send a query,
and what a hostile or careless client sends (updates, dataset parameters, parameters
given twice, bytes that are not UTF-8, bodies over the limit, in pieces, cut off or
never finished, unknown transfer codings, odd headers), with CORS on and off and with
the access log on.
"""

from __future__ import annotations

import asyncio
import io
import random
import re
import urllib.parse
from collections import Counter
from pathlib import Path

import pytest
from starlette.requests import ClientDisconnect, Request
from starlette.responses import Response
from starlette.routing import Route

from tests.support.pools import Echo
from warkg.server.app import ProtocolLane, create_app
from warkg.server.config import Limits, ServerConfig
from warkg.server.endpoints.sparql import _DATASET_PARAMS, description
from warkg.server.http.errors import HttpError, too_large
from warkg.server.http.requests import decode, parse_form, single
from warkg.server.http.responses import as_response, error_response, send_reply
from warkg.server.snapshot import Snapshot
from warkg.server.state import SPARQL, ServerState
from warkg.server.workers.jobs import Reply
from warkg.server.workers.queries import SparqlJob

SELECT = "SELECT ?p ?o WHERE { <https://w3id.org/warkg/id/reference/57> ?p ?o }"


# ---- the reference: /sparql as it was written before the lane ------------------------------


async def reference_read_body(request: Request, limit: int, timeout: float) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit() or len(declared) > 18:
            raise HttpError(400, "malformed Content-Length header")
        if int(declared) > limit:
            raise too_large(limit)
    chunks, size = [], 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise too_large(limit)
                chunks.append(chunk)
    except ClientDisconnect:
        raise HttpError(400, "the client closed the connection before the body ended") from None
    except TimeoutError:
        raise HttpError(
            408, f"the request body did not arrive within {timeout:g} s (--body-timeout)"
        ) from None
    return b"".join(chunks)


def reference_query_string(request: Request, limit: int) -> list[tuple[str, str]]:
    raw = request.scope.get("query_string", b"")
    if len(raw) > limit:
        raise too_large(limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the query string is not UTF-8") from None
    return parse_form(text, "the query string")


async def reference_params(state: ServerState, request: Request) -> list[tuple[str, str]]:
    limit = state.limits.max_request_bytes
    url_params = reference_query_string(request, limit)
    if request.method in ("GET", "HEAD"):
        return url_params
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type == "application/sparql-update":
        raise HttpError(403, "this endpoint is read-only: SPARQL updates are refused")
    if content_type not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise HttpError(
            415,
            "send the query as application/sparql-query or as a form "
            "(application/x-www-form-urlencoded), not "
            f"{content_type or 'without a Content-Type'}",
        )
    body = await reference_read_body(request, limit, state.config.body_timeout)
    if content_type == "application/sparql-query":
        return [*url_params, ("query", decode(body, "the query"))]
    return [*url_params, *parse_form(decode(body, "the form"))]


async def reference_sparql(request: Request) -> Response:
    state = request.app.state.warkg
    try:
        params = await reference_params(state, request)
        names = {name for name, _ in params}
        if "update" in names:
            raise HttpError(403, "this endpoint is read-only: SPARQL updates are refused")
        if refused := [p for p in _DATASET_PARAMS if p in names]:
            raise HttpError(
                403,
                f"refusing {refused[0]}: queries run on this server's one default graph "
                "and may not name other graphs",
            )
        query = single(params, "query")
        requested = tuple(v for k, v in params if k == "format")
        if query is None:
            if request.method == "POST":
                raise HttpError(400, "no query given (a 'query' parameter or a body)")
            return description(state, request.headers.get("accept"), requested)
        if not query.strip():
            raise HttpError(400, "the query is empty")
    except HttpError as error:
        return error_response(error.status, error.message, error.headers)
    job = SparqlJob(query, request.headers.get("accept"), requested)
    reply = await state.run(job, SPARQL, request)
    return as_response(reply)


# ---- the applications and the requests --------------------------------------------------


def _apps(tmp_path: Path, **settings: object) -> tuple[object, object, list[io.StringIO]]:
    logs = [io.StringIO(), io.StringIO()]
    apps = []
    for log in logs:
        config = ServerConfig(limits=Limits(max_request_bytes=2048), body_timeout=0.05, **settings)  # type: ignore[arg-type]
        pool = Echo(tmp_path)
        state = ServerState(config, pool, pool, Snapshot(tmp_path / "none.nt", {}, 42))  # type: ignore[arg-type]
        app = create_app(config, state)
        for middleware in app.user_middleware:
            if middleware.kwargs.get("sink") is not None:
                middleware.kwargs["sink"] = log
            if "lane" in middleware.kwargs:  # the lane's own access log
                lane = middleware.kwargs["lane"]
                while lane is not None:
                    if getattr(lane, "sink", None) is not None:
                        lane.sink = log
                    lane = getattr(lane, "app", None)
        apps.append(app)
    lane, plain = apps
    # the reference: the route table with /sparql as it was, no lane
    plain.user_middleware = [m for m in plain.user_middleware if m.cls is not ProtocolLane]
    [route] = [r for r in plain.router.routes if getattr(r, "path", "") == "/sparql"]
    index = plain.router.routes.index(route)
    plain.router.routes[index] = Route("/sparql", reference_sparql, methods=["GET", "POST"])
    return lane, plain, logs


def _logged(line: str) -> str:
    what = line.split("]", 1)[1]
    if "GET /sparql" in what and "query=" not in what:  # the description's size varies
        return re.sub(r" \d+$", " (description)", what)
    return what


def request(rng: random.Random) -> tuple[dict, list[dict]]:
    """An ASGI scope for GET or POST /sparql and the messages its body arrives in."""
    method = rng.choice(["GET", "POST", "POST", "POST"])
    params = []
    for _ in range(rng.choice([0, 1, 1, 1, 2, 3])):
        name = rng.choice(["query", "query", "format", "update", "default-graph-uri", "x"])
        value = rng.choice(
            [SELECT, "", "  ", "ASK {}", "busy", "large", "nothing", "json", "csv", "\u00e9"]
        )
        params.append((name, value))
    query = urllib.parse.urlencode(params).encode()
    if rng.random() < 0.05:
        query += b"&query=%FF"
    if rng.random() < 0.03:
        query = b"query=" + b"x" * 3000
    headers = [(b"host", b"example.org")]
    if rng.random() < 0.8:
        accept = rng.choice(["application/sparql-results+json", "*/*", "text/csv", "text/html"])
        headers.append((b"accept", accept.encode()))
    if rng.random() < 0.1:
        headers.append((b"accept", b"text/turtle"))
    if rng.random() < 0.1:
        headers.append((b"x-forwarded-for", b"10.0.0.9"))
    if rng.random() < 0.05:
        headers.append((b"transfer-encoding", rng.choice([b"gzip, chunked", b"chunked"])))
    if rng.random() < 0.1:
        headers.append((b"origin", b"https://app.example"))
    body = b""
    if method == "POST":
        kind = rng.choice(
            [
                "application/sparql-query",
                "application/sparql-query; charset=utf-8",
                "application/x-www-form-urlencoded",
                "application/sparql-update",
                "text/plain",
                None,
            ]
        )
        if kind is not None:
            headers.append((b"content-type", kind.encode()))
        if rng.random() < 0.1:
            headers.append((b"content-type", b"application/sparql-update"))
        if kind and "form" in kind:
            body = urllib.parse.urlencode(params or [("query", SELECT)]).encode()
        else:
            body = rng.choice([SELECT.encode(), b"", b"   ", "\u00e9 busy".encode(), b"\xff\xfe"])
        if rng.random() < 0.05:
            body = b"x" * 3000
        if rng.random() < 0.7:
            length = str(len(body)).encode()
            headers.append((b"content-length", rng.choice([length, length, b"12x", b"99999"])))
    chunks = [body]
    if rng.random() < 0.3 and len(body) > 2:
        cut = rng.randrange(1, len(body))
        chunks = [body[:cut], body[cut:]]
    messages = [
        {"type": "http.request", "body": chunk, "more_body": i < len(chunks) - 1}
        for i, chunk in enumerate(chunks)
    ]
    if rng.random() < 0.05:  # the client leaves, or never sends the rest
        messages = [*messages[:-1], rng.choice([{"type": "http.disconnect"}, None])]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": "/sparql",
        "raw_path": b"/sparql",
        "query_string": query,
        "root_path": "",
        "headers": headers,
        "client": ("127.0.0.1", 5000),
        "server": ("127.0.0.1", 8000),
    }
    return scope, messages


async def _call(app, scope: dict, messages: list) -> list[dict]:
    pending = list(messages)
    sent: list[dict] = []

    async def receive() -> dict:
        message = pending.pop(0) if pending else None
        if message is None:
            await asyncio.sleep(3600)  # a body that never comes
        return message  # type: ignore[return-value]

    async def send(message: dict) -> None:
        sent.append(message)

    await app(dict(scope), receive, send)
    return _blank_nodes_named_alike(sent)


def _blank_nodes_named_alike(sent: list[dict]) -> list[dict]:
    """The service description names its graph with a new blank node each time (of a
    length that varies): named alike, and the Content-Length counted again."""
    if len(sent) != 2 or not re.search(rb"_:[0-9a-f]{16,}", sent[1].get("body", b"")):
        return sent
    body = re.sub(rb"_:[0-9a-f]{16,}", b"_:graph", sent[1]["body"])
    headers = [
        (k, str(len(body)).encode() if k == b"content-length" else v) for k, v in sent[0]["headers"]
    ]
    return [{**sent[0], "headers": headers}, {**sent[1], "body": body}]


@pytest.mark.parametrize(
    "settings",
    [
        {"access_log": "-"},
        {"access_log": "-", "cors_origins": ("https://app.example",)},
        {},
        {"trusted_proxies": ("127.0.0.1",)},
        {"access_log": "-", "trusted_proxies": ("127.0.0.1",)},
    ],
)
def test_the_lane_answers_as_the_route_does(tmp_path: Path, settings: dict) -> None:
    lane, plain, logs = _apps(tmp_path, **settings)
    rng = random.Random(25)
    statuses: Counter[int] = Counter()

    async def run() -> None:
        for _ in range(600):
            scope, messages = request(rng)
            expected = await _call(plain, scope, messages)
            found = await _call(lane, scope, messages)
            assert found == expected, (scope, messages)
            statuses[expected[0]["status"]] += 1

    asyncio.run(run())
    lines = [log.getvalue().splitlines() for log in logs]
    assert len(lines[0]) == len(lines[1]) == (600 if "access_log" in settings else 0)
    # the log lines agree but for the time written and the description's size
    for lane_line, plain_line in zip(*lines, strict=True):
        assert _logged(lane_line) == _logged(plain_line)
    for status in (200, 204, 400, 403, 406, 408, 413, 415, 429, 501):
        assert statuses[status] > 0, statuses


def test_head_and_other_methods_still_take_the_route(tmp_path: Path) -> None:
    lane, plain, _ = _apps(tmp_path)

    async def run() -> None:
        for method in ("HEAD", "PUT", "DELETE", "OPTIONS"):
            scope, messages = request(random.Random(1))
            scope["method"] = method
            scope["query_string"] = urllib.parse.urlencode({"query": SELECT}).encode()
            found = await _call(lane, scope, messages)
            assert found == await _call(plain, scope, messages)
            assert found[0]["status"] == (200 if method == "HEAD" else 405)

    asyncio.run(run())


@pytest.mark.parametrize(
    "reply",
    [
        Reply(200, "application/sparql-results+json; charset=utf-8", b"{}"),
        Reply(200, "text/csv", b"a\r\n"),
        Reply(400, "text/plain; charset=utf-8", b"bad\n"),
        Reply(204, "text/plain", b""),
        Reply(304, "text/turtle; charset=utf-8", b""),
        Reply(101, "text/plain", b"x"),
        Reply(503, "text/plain; charset=utf-8", b"busy\n", {"Retry-After": "10"}),
        Reply(200, "application/n-triples", b"", {"Vary": "Origin", "content-length": "0"}),
    ],
)
def test_send_reply_sends_what_a_response_sends(reply: Reply) -> None:
    async def run() -> tuple[list, list]:
        scope = {"type": "http", "method": "GET"}
        expected: list = []
        found: list = []

        async def receive() -> dict:
            return {"type": "http.disconnect"}

        def sender(into: list):
            async def send(message: dict) -> None:
                into.append(message)

            return send

        await as_response(reply)(scope, receive, sender(expected))
        await send_reply(reply, scope, receive, sender(found))
        return expected, found

    expected, found = asyncio.run(run())
    assert found == expected
