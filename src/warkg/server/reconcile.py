"""`/reconcile` on `warkg serve`: a Reconciliation Service API (version 0.2) over the
graph's own entities, so OpenRefine users can match a spreadsheet's events, places and
organisations to warkg's IRIs (and, through them, to the verified Wikidata links).

- `GET /reconcile`: the service manifest.
- `GET` or `POST` (form) `/reconcile` with `queries={"q0": {...}, ...}`: a batch; with
  the older single `query=` (a name, or one query object): one result list.
- `GET /reconcile/preview?id=IRI`: a small HTML card for OpenRefine's preview pane.
- `GET /reconcile/suggest/{entity,type,property}?prefix=...`: auto-completion.

Every answer allows any origin (CORS): the 0.2 specification asks services to, the data
is the public graph, and nothing here reads cookies. Malformed input gets 400 with one
line naming the parameter or query key, as everywhere in `warkg serve`.
"""

from __future__ import annotations

import asyncio
import html
import json
import urllib.parse
from pathlib import Path
from typing import Any

from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Route

from warkg.rdf.namespaces import ID, WARKG
from warkg.server.reconcile_index import DEFAULT_LIMIT, MAX_LIMIT, Index, QueryError, check_query
from warkg.version import package_version

MAX_QUERIES = 100
"""Queries per batch (OpenRefine sends 10 by default)."""
HEADERS = {"X-Content-Type-Options": "nosniff", "Access-Control-Allow-Origin": "*"}


class _BadRequest(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


def _error(status: int, message: str) -> Response:
    return Response(
        " ".join(message.split()) + "\n",
        status,
        headers=HEADERS,
        media_type="text/plain; charset=utf-8",
    )


def _json(payload: Any) -> Response:
    return JSONResponse(payload, headers=HEADERS)


class ReconcileService:
    """The handlers, sharing one index and the server's request-size limit.

    The index is built on the first request that needs it, in a thread, not at start-up:
    at 1M triples building it takes about 6 s of CPU and 0.4 GB at its peak (measured,
    see the closing note of issue 16), which a server that never sees a reconciliation
    request should not pay."""

    def __init__(self, snapshot: Path, max_request_bytes: int) -> None:
        self.snapshot = snapshot
        self.limit = max_request_bytes
        self._index: Index | None = None
        self._building = asyncio.Lock()

    async def ready(self) -> None:
        """Build the index once; concurrent first requests wait for the same build."""
        if self._index is None:
            async with self._building:
                if self._index is None:
                    self._index = await asyncio.to_thread(Index.from_file, self.snapshot)

    @property
    def index(self) -> Index:
        assert self._index is not None, "await ready() first"
        return self._index

    async def _params(self, request: Request) -> dict[str, str]:
        raw = request.scope.get("query_string", b"")
        if len(raw) > self.limit:
            raise _BadRequest(413, f"request larger than {self.limit} bytes (--max-request-bytes)")
        text = raw.decode("latin-1")
        if request.method == "POST":
            kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
            if kind != "application/x-www-form-urlencoded":
                raise _BadRequest(415, "send queries as a form (application/x-www-form-urlencoded)")
            declared = request.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > self.limit:
                raise _BadRequest(
                    413, f"request larger than {self.limit} bytes (--max-request-bytes)"
                )
            body, size = [], 0
            async for chunk in request.stream():
                size += len(chunk)
                if size > self.limit:
                    raise _BadRequest(
                        413, f"request larger than {self.limit} bytes (--max-request-bytes)"
                    )
                body.append(chunk)
            try:
                form = b"".join(body).decode("utf-8")
            except UnicodeDecodeError:
                raise _BadRequest(400, "the form is not UTF-8") from None
            text = f"{text}&{form}" if text else form
        params: dict[str, str] = {}
        try:
            pairs = urllib.parse.parse_qsl(text, keep_blank_values=True, max_num_fields=100)
        except ValueError as error:
            raise _BadRequest(400, f"cannot read the parameters: {error}") from None
        for key, value in pairs:
            if key in params:
                raise _BadRequest(400, f"parameter {key!r} given twice; give it once")
            params[key] = value
        return params

    # -- the service

    async def service(self, request: Request) -> Response:
        await self.ready()
        try:
            params = await self._params(request)
            if "queries" in params:
                # in a thread: a large batch must not hold up the event loop
                return _json(await asyncio.to_thread(self._batch, params["queries"]))
            if "query" in params:
                return _json({"result": self._single(params["query"])})
        except _BadRequest as error:
            return _error(error.status, error.message)
        if request.method == "POST":
            return _error(
                400,
                "no 'queries' parameter: send a batch such as "
                'queries={"q0": {"query": "Shusha"}}',
            )
        return _json(self.manifest(str(request.base_url)))

    def manifest(self, base: str) -> dict[str, Any]:
        types = self.index.types_in_use()
        default = [t for t in types if t in {str(WARKG.State), str(WARKG.Place), str(WARKG.Event)}]
        return {
            "versions": ["0.2"],
            "name": "warkg: Second Nagorno-Karabakh War knowledge graph",
            "identifierSpace": str(ID),
            "schemaSpace": str(WARKG),
            "documentation": "https://w3id.org/warkg",
            "serviceVersion": package_version(),
            "defaultTypes": [{"id": t, "name": self.index.type_name(t)} for t in default],
            "view": {"url": "{{id}}"},
            "preview": {
                "url": f"{base}reconcile/preview?id={{{{id}}}}",
                "width": 400,
                "height": 120,
            },
            "suggest": {
                name: {
                    "service_url": f"{base.rstrip('/')}/reconcile",
                    "service_path": f"/suggest/{name}",
                }
                for name in ("entity", "type", "property")
            },
        }

    def _run(self, key: str, query: Any) -> list[dict[str, Any]]:
        try:
            return self.index.reconcile(check_query(key, query))
        except QueryError as error:
            raise _BadRequest(400, str(error)) from None

    def _batch(self, text: str) -> dict[str, Any]:
        try:
            batch = json.loads(text)
        except ValueError as error:
            raise _BadRequest(400, f"parameter 'queries' is not JSON: {error}") from None
        if not isinstance(batch, dict) or not batch:
            raise _BadRequest(
                400,
                "parameter 'queries' must be a non-empty JSON object of "
                'queries, e.g. {"q0": {"query": "Shusha"}}',
            )
        if len(batch) > MAX_QUERIES:
            raise _BadRequest(
                400,
                f"parameter 'queries' has {len(batch)} queries; the limit "
                f"is {MAX_QUERIES} per request",
            )
        return {key: {"result": self._run(key, query)} for key, query in batch.items()}

    def _single(self, text: str) -> list[dict[str, Any]]:
        """The older single form: `query=Shusha` or `query={"query": "Shusha", ...}`."""
        stripped = text.strip()
        if stripped.startswith("{"):
            try:
                return self._run("query", json.loads(stripped))
            except ValueError as error:
                raise _BadRequest(400, f"parameter 'query' is not JSON: {error}") from None
        return self._run("query", {"query": text})

    # -- preview and suggest

    async def preview(self, request: Request) -> Response:
        await self.ready()
        try:
            params = await self._params(request)
        except _BadRequest as error:
            return _error(error.status, error.message)
        iri = params.get("id")
        if not iri:
            return _error(400, "parameter 'id' is required: an entity IRI")
        entity = self.index.entities.get(iri)
        if entity is None:
            return _error(404, f"no entity {iri!r} in this graph")
        esc = html.escape
        aliases = f"<p>Also called: {esc(', '.join(entity.aliases))}</p>" if entity.aliases else ""
        types = ", ".join(esc(self.index.type_name(t)) for t in sorted(entity.types))
        body = (
            '<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f"<title>{esc(entity.label)}</title></head><body>"
            f'<h1 style="font-size:1.1em;margin:0"><a href="{esc(entity.iri)}" '
            f'target="_blank">{esc(entity.label)}</a></h1>'
            f"<p>{types}</p>{aliases}<p><code>{esc(entity.iri)}</code></p></body></html>"
        )
        return Response(
            body,
            headers={**HEADERS, "Content-Security-Policy": "default-src 'none'"},
            media_type="text/html; charset=utf-8",
        )

    def _limit(self, params: dict[str, str]) -> int:
        text = params.get("limit", str(DEFAULT_LIMIT * 2))
        if not text.isdigit() or not 1 <= int(text) <= MAX_LIMIT:
            raise _BadRequest(400, f"parameter 'limit' must be an integer from 1 to {MAX_LIMIT}")
        return int(text)

    def _cursor(self, params: dict[str, str]) -> int:
        text = params.get("cursor", "0")
        if not text.isdigit():
            raise _BadRequest(400, "parameter 'cursor' must be a non-negative integer")
        return int(text)

    async def suggest(self, request: Request) -> Response:
        kind = request.path_params["kind"]
        if kind not in ("entity", "type", "property"):
            return _error(404, f"no suggest service {kind!r}; there are entity, type, property")
        await self.ready()
        try:
            params = await self._params(request)
            if "prefix" not in params:
                raise _BadRequest(400, "parameter 'prefix' is required")
            limit, cursor = self._limit(params), self._cursor(params)
            prefix = params["prefix"]
            if kind == "entity":
                found = self.index.suggest_entities(prefix, params.get("type"), cursor + limit)
            elif kind == "type":
                found = self.index.suggest_terms(prefix, self.index.types_in_use(), cursor + limit)
            else:
                found = self.index.suggest_terms(prefix, self.index.properties, cursor + limit)
        except _BadRequest as error:
            return _error(error.status, error.message)
        except QueryError as error:
            return _error(400, str(error))
        return _json({"result": found[cursor:]})


def routes(snapshot: Path, max_request_bytes: int) -> list[Route]:
    """The /reconcile routes over the entities of `snapshot` (the workers' N-Triples)."""
    service = ReconcileService(snapshot, max_request_bytes)
    return [
        Route("/reconcile", service.service, methods=["GET", "POST"]),
        Route("/reconcile/preview", service.preview, methods=["GET"]),
        Route("/reconcile/suggest/{kind}", service.suggest, methods=["GET"]),
    ]
