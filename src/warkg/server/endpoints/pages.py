"""The pages for people: `/` (the casualty figures), `/claims`, `/references`,
`/timeline`, `/search` (also JSON for programs) and `/query` (a SPARQL form). Every page
is made in a worker: in the site's lane, except `/query` with a query of the user's,
which is an ad-hoc query like any sent to `/sparql`."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from warkg.server.http.errors import HttpError
from warkg.server.http.media import HTML, PLAIN_JSON
from warkg.server.http.negotiation import negotiate
from warkg.server.http.requests import check_size, one
from warkg.server.http.responses import PAGE_HEADERS, as_response, error_response
from warkg.server.pages.claims import ClaimListJob
from warkg.server.pages.figures import FiguresJob
from warkg.server.pages.query import QueryPageJob
from warkg.server.pages.references import ReferenceListJob
from warkg.server.pages.search import SearchJob
from warkg.server.pages.timeline import TimelineJob
from warkg.server.state import SITE, SPARQL, ServerState


async def _page(request: Request, job: object, lane: str = SITE) -> Response:
    state: ServerState = request.app.state.warkg
    return as_response(await state.run(job, lane, request), PAGE_HEADERS)  # type: ignore[arg-type]


async def figures(request: Request) -> Response:
    return await _page(request, FiguresJob())


async def claims(request: Request) -> Response:
    return await _page(request, ClaimListJob())


async def references(request: Request) -> Response:
    return await _page(request, ReferenceListJob())


async def timeline(request: Request) -> Response:
    return await _page(request, TimelineJob())


async def search(request: Request) -> Response:
    state: ServerState = request.app.state.warkg
    try:
        check_size(request, state.limits.max_request_bytes)
        fmt = negotiate(
            (HTML, PLAIN_JSON), request.headers.get("accept"), request.query_params.get("format")
        )
        text = one(request, "q")
    except HttpError as error:
        return error_response(error.status, error.message)
    reply = await state.run(SearchJob(text or "", fmt.name), SITE, request)
    return as_response(reply, PAGE_HEADERS if fmt is HTML else None)


async def query(request: Request) -> Response:
    state: ServerState = request.app.state.warkg
    try:
        check_size(request, state.limits.max_request_bytes)
        text = one(request, "query")
        example = one(request, "example")
    except HttpError as error:
        return error_response(error.status, error.message)
    lane = SPARQL if text and text.strip() else SITE
    return await _page(request, QueryPageJob(text, example), lane)
