"""The routes of the Linked Data and research side of `warkg serve`: every IRI of the
graph at its own path (`/id/...`, `/ontology/...`) by content negotiation, the search,
the SPARQL query page, stored queries as pages, the timeline, the VoID description and
the favicon. The old page paths (`/claims/SLUG`, `/references/N`) redirect to the IRIs'
paths, so each resource has one address.

Only routing and negotiation happen here; every page and description is made in a
worker (`*Job.run`), so the time limit covers it like any query.
"""

from __future__ import annotations

import re
import urllib.parse
from typing import Any, Protocol

from starlette.requests import Request
from starlette.responses import RedirectResponse, Response
from starlette.routing import Route

from warkg.server import formats
from warkg.server.config import Limits
from warkg.server.formats import HttpError
from warkg.server.linked_data import HTML, RDF_FORMATS, RESOURCE_FORMATS
from warkg.server.pool import WorkerPool
from warkg.server.resource_job import ResourceJob
from warkg.server.responses import COMMON_HEADERS, PAGE_HEADERS, STATIC, as_response, error_response

STATIC_FAVICON = "/static/favicon.svg"
_REFERENCE = re.compile(r"^0*([1-9][0-9]{0,8})$")


def _accept(request: Request) -> str | None:
    return request.headers.get("accept")


def _negotiate(request: Request, offered: tuple, by_name: tuple = ()) -> formats.Format:
    return formats.negotiate(offered, _accept(request), request.query_params.get("format"), by_name)


def _redirect(url: str, status: int = 301) -> Response:
    return RedirectResponse(url, status_code=status, headers={"Vary": "Accept"})


def _with_query(request: Request, path: str) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path


class Serving(Protocol):
    """What these routes use of the server (`warkg.server.app.Server`)."""

    pool: WorkerPool
    limits: Limits
    config: Any
    snapshot: Any

    async def list_queries(self, request: Request) -> Response: ...

    async def stored_query(self, request: Request) -> Response: ...


class Site:
    """Route handlers; they reuse the server's pool, headers and error replies."""

    def __init__(self, server: Serving) -> None:
        self.server = server

    async def _run(self, job: object, *, page: bool, vary: bool = True) -> Response:
        reply = await self.server.pool.run(job)
        extra = dict(PAGE_HEADERS) if page else {}
        if vary:
            extra["Vary"] = "Accept"
        return as_response(reply, extra)

    def _check_size(self, request: Request) -> None:
        """413 for a query string over --max-request-bytes, as the endpoint answers."""
        limit = self.server.limits.max_request_bytes
        if len(request.scope.get("query_string", b"")) > limit:
            raise formats.too_large(limit)

    def _error(self, error: HttpError) -> Response:
        return error_response(error.status, error.message)

    # -- Linked Data

    async def resource(self, request: Request) -> Response:
        """`/id/...`: the resource's page or its triples."""
        path = request.url.path
        parts = path.split("/")
        if len(parts) == 4 and parts[2] == "reference":
            match = _REFERENCE.match(parts[3])
            if match and match.group(1) != parts[3]:
                return _redirect(_with_query(request, f"/id/reference/{match.group(1)}"))
        try:
            fmt = _negotiate(request, RESOURCE_FORMATS)
        except HttpError as error:
            return self._error(error)
        return await self._run(ResourceJob(path, fmt.name), page=fmt is HTML)

    async def ontology(self, request: Request) -> Response:
        """`/ontology/` (the documentation, or the ontology as RDF) and `/ontology/TERM`
        (the term's triples, or for a browser its place in the documentation)."""
        from warkg.server.ontology_docs import OntologyDocsJob

        term = request.path_params.get("term", "")
        try:
            fmt = _negotiate(request, RESOURCE_FORMATS)
        except HttpError as error:
            return self._error(error)
        if fmt is HTML:
            if term:
                return _redirect(f"/ontology/#{urllib.parse.quote(term)}", 303)
            return await self._run(OntologyDocsJob(), page=True)
        return await self._run(ResourceJob(f"/ontology/{term}", fmt.name), page=False)

    async def old_claim(self, request: Request) -> Response:
        slug = urllib.parse.quote(request.path_params["slug"])
        return _redirect(_with_query(request, f"/id/claim/{slug}"))

    async def old_reference(self, request: Request) -> Response:
        number = request.path_params["number"]
        match = _REFERENCE.match(number)
        target = match.group(1) if match else urllib.parse.quote(number)
        return _redirect(_with_query(request, f"/id/reference/{target}"))

    # -- research pages

    async def search(self, request: Request) -> Response:
        from warkg.server.search import JSON, SearchJob

        try:
            self._check_size(request)
            fmt = _negotiate(request, (HTML, JSON))
            text = _one(request, "q")
        except HttpError as error:
            return self._error(error)
        return await self._run(SearchJob(text or "", fmt.name), page=fmt is HTML)

    async def query_page(self, request: Request) -> Response:
        from warkg.server.query_pages import QueryPageJob

        try:
            self._check_size(request)
            text = _one(request, "query")
            example = _one(request, "example")
        except HttpError as error:
            return self._error(error)
        return await self._run(QueryPageJob(text, example), page=True, vary=False)

    async def stored_queries(self, request: Request) -> Response:
        """`/queries`: the list as a page for browsers, as JSON for programs."""
        from warkg.server.query_pages import QueryListJob

        if _prefers_html(request, (formats.JSON,)):
            return await self._run(QueryListJob(), page=True)
        response = await self.server.list_queries(request)
        response.headers["Vary"] = "Accept"
        return response

    async def stored_query(self, request: Request) -> Response:
        """`/queries/NAME`: for a browser, a page with a form for the parameters and the
        results as a table; for programs the SPARQL results, as before."""
        from warkg.server.query_pages import StoredPageJob

        offered = (*formats.RESULT_FORMATS,)
        if not _prefers_html(request, offered):
            response = await self.server.stored_query(request)
            response.headers["Vary"] = "Accept"
            return response
        name = request.path_params["name"]
        try:
            self._check_size(request)
            items = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
        except HttpError as error:
            return self._error(error)
        return await self._run(StoredPageJob(name, tuple(items)), page=True)

    async def timeline(self, request: Request) -> Response:
        from warkg.server.charts import TimelineJob

        return await self._run(TimelineJob(), page=True, vary=False)

    async def void(self, request: Request) -> Response:
        from warkg.server.void import VoidJob

        try:
            fmt = _negotiate(request, (*RDF_FORMATS,))
        except HttpError as error:
            return self._error(error)
        base = getattr(self.server.config, "base_url", None) or str(request.base_url)
        return await self._run(VoidJob(base, fmt.name, self.server.snapshot.triples), page=False)

    async def favicon(self, request: Request) -> Response:
        return Response(
            (STATIC / "favicon.svg").read_bytes(),
            media_type="image/svg+xml",
            headers={**COMMON_HEADERS, "Cache-Control": "max-age=86400"},
        )


def _one(request: Request, name: str) -> str | None:
    values = request.query_params.getlist(name)
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0] if values else None


def _prefers_html(request: Request, others: tuple) -> bool:
    """Whether the client ranks HTML above every other format offered (a browser does;
    a program that sends no Accept, or `*/*`, gets the data it always got)."""
    if request.query_params.get("format"):
        return request.query_params.get("format") == "html"
    accept = _accept(request)
    if not accept:
        return False
    try:
        return formats.negotiate((*others, HTML), accept) is HTML
    except HttpError:
        return False


def _to(path: str):
    async def redirect(request: Request) -> Response:
        return _redirect(path)

    return redirect


def routes(server: Serving) -> list[Route]:
    """The routes this module answers; registered before the server's own."""
    site = Site(server)
    return [
        Route("/id/{rest:path}", site.resource, methods=["GET"]),
        Route("/ontology/", site.ontology, methods=["GET"]),
        Route("/ontology", _to("/ontology/"), methods=["GET"]),
        Route("/ontology/{term}", site.ontology, methods=["GET"]),
        Route("/claims/{slug}", site.old_claim, methods=["GET"]),
        Route("/references/{number}", site.old_reference, methods=["GET"]),
        Route("/search", site.search, methods=["GET"]),
        Route("/query", site.query_page, methods=["GET"]),
        Route("/queries", site.stored_queries, methods=["GET"]),
        Route("/queries/{name}", site.stored_query, methods=["GET"]),
        Route("/timeline", site.timeline, methods=["GET"]),
        Route("/.well-known/void", site.void, methods=["GET"]),
        Route(STATIC_FAVICON, site.favicon, methods=["GET"]),
        Route("/favicon.ico", _to(STATIC_FAVICON), methods=["GET"]),
    ]
