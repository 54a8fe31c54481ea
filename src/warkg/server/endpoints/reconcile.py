"""`/reconcile` on `warkg serve`: a Reconciliation Service API (version 0.2) over the
graph's own entities, so OpenRefine users can match a spreadsheet's events, places and
organisations to warkg's IRIs (and, through them, to the verified Wikidata links).

- `GET /reconcile`: the service manifest.
- `GET` or `POST` (form) `/reconcile` with `queries={"q0": {...}, ...}`: a batch; with
  the older single `query=` (a name, or one query object): one result list.
- `GET /reconcile/preview?id=IRI`: a small HTML card for OpenRefine's preview pane.
- `GET /reconcile/suggest/{entity,type,property}?prefix=...`: auto-completion.

Here the request is only read and checked; the matching runs in a reconciliation
worker (`reconcile.jobs`), under the time limit, in its own lane. Every answer allows
any origin (CORS): the 0.2 specification asks services to, the data is the public
graph, and nothing here reads cookies. Malformed input gets one line naming the
parameter or query key; a batch of more than 100 queries is a 413, a name longer than
500 characters a 422.
"""

from __future__ import annotations

import urllib.parse

from starlette.requests import Request
from starlette.responses import Response

from warkg.server.http.errors import HttpError, too_large
from warkg.server.http.media import media_type
from warkg.server.reconcile.index import DEFAULT_LIMIT, MAX_LIMIT
from warkg.server.reconcile.jobs import BatchJob, ManifestJob, PreviewJob, SingleJob, SuggestJob
from warkg.server.state import RECONCILE, ServerState
from warkg.server.workers.jobs import Job, Reply, error_reply

HEADERS = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}
PREVIEW_HEADERS = {**HEADERS, "Content-Security-Policy": "default-src 'none'; style-src 'self'"}


async def _params(request: Request, limit: int) -> dict[str, str]:
    raw = request.scope.get("query_string", b"")
    if len(raw) > limit:
        raise too_large(limit)
    text = raw.decode("latin-1")
    if request.method == "POST":
        kind = media_type(request.headers.get("content-type", ""))
        if kind != "application/x-www-form-urlencoded":
            raise HttpError(415, "send queries as a form (application/x-www-form-urlencoded)")
        declared = request.headers.get("content-length", "")
        if declared.isdigit() and int(declared) > limit:
            raise too_large(limit)
        body, size = [], 0
        async for chunk in request.stream():
            size += len(chunk)
            if size > limit:
                raise too_large(limit)
            body.append(chunk)
        try:
            form = b"".join(body).decode("utf-8")
        except UnicodeDecodeError:
            raise HttpError(400, "the form is not UTF-8") from None
        text = f"{text}&{form}" if text else form
    params: dict[str, str] = {}
    try:
        pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=100)
    except ValueError as error:
        raise HttpError(400, f"cannot read the parameters: {error}") from None
    for key, value in pairs:
        if key in params:
            raise HttpError(400, f"parameter {key!r} given twice; give it once")
        params[key] = value
    return params


def _error(error: HttpError) -> Response:
    return _respond(error_reply(error.status, error.message, error.headers))


def _respond(reply: Reply, headers: dict[str, str] = HEADERS) -> Response:
    return Response(
        reply.body,
        reply.status,
        headers={**headers, **reply.headers},
        media_type=reply.content_type,
    )


async def _run(request: Request, job: Job, headers: dict[str, str] = HEADERS) -> Response:
    state: ServerState = request.app.state.warkg
    reply = await state.run(job, RECONCILE, request)
    return _respond(reply, headers if reply.status == 200 else HEADERS)


async def service(request: Request) -> Response:
    state: ServerState = request.app.state.warkg
    try:
        params = await _params(request, state.limits.max_request_bytes)
    except HttpError as error:
        return _error(error)
    if "queries" in params:
        return await _run(request, BatchJob(params["queries"]))
    if "query" in params:
        return await _run(request, SingleJob(params["query"]))
    if request.method == "POST":
        return _error(
            HttpError(
                400,
                "no 'queries' parameter: send a batch such as "
                'queries={"q0": {"query": "Shusha"}}',
            )
        )
    return await _run(request, ManifestJob(state.base_url))


async def preview(request: Request) -> Response:
    state: ServerState = request.app.state.warkg
    try:
        params = await _params(request, state.limits.max_request_bytes)
    except HttpError as error:
        return _error(error)
    iri = params.get("id")
    if not iri:
        return _error(HttpError(400, "parameter 'id' is required: an entity IRI"))
    return await _run(request, PreviewJob(iri), PREVIEW_HEADERS)


def _limit(params: dict[str, str]) -> int:
    text = params.get("limit", str(DEFAULT_LIMIT * 2))
    if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
        raise HttpError(400, f"parameter 'limit' must be an integer from 1 to {MAX_LIMIT}")
    return int(text)


def _cursor(params: dict[str, str]) -> int:
    text = params.get("cursor", "0")
    if not text.isdigit():
        raise HttpError(400, "parameter 'cursor' must be a non-negative integer")
    return int(text)


async def suggest(request: Request) -> Response:
    state: ServerState = request.app.state.warkg
    kind = request.path_params["kind"]
    if kind not in ("entity", "type", "property"):
        return _error(
            HttpError(404, f"no suggest service {kind!r}; there are entity, type, property")
        )
    try:
        params = await _params(request, state.limits.max_request_bytes)
        if "prefix" not in params:
            raise HttpError(400, "parameter 'prefix' is required")
        limit, cursor = _limit(params), _cursor(params)
    except HttpError as error:
        return _error(error)
    job = SuggestJob(kind, params["prefix"], params.get("type"), limit, cursor)
    return await _run(request, job)
