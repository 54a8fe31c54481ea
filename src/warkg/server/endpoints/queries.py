"""`/queries` and `/queries/NAME`: the stored queries, as JSON and SPARQL results for
programs, as pages for browsers (a form for the parameters, the results as a table).

Parameters are checked here, before any worker (400 naming the parameter), and bound
again in the worker through the library, as the command line binds them. Stored
queries are the site's own, of known cost: they run in the site's lane, never behind
ad-hoc queries.
"""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from warkg.catalogue import stored as stored_queries
from warkg.errors import InputError
from warkg.server.http.errors import HttpError
from warkg.server.http.media import JSON, RESULT_FORMATS
from warkg.server.http.negotiation import prefers_html
from warkg.server.http.requests import check_size, query_string
from warkg.server.http.responses import COMMON_HEADERS, PAGE_HEADERS, as_response, error_response
from warkg.server.pages.query import QueryListJob, StoredPageJob
from warkg.server.state import SITE, ServerState
from warkg.server.workers.queries import StoredJob


def _wants_page(request: Request, others: tuple) -> bool:
    return prefers_html(request.headers.get("accept"), request.query_params.get("format"), others)


async def query_list(request: Request) -> Response:
    """`/queries`: the list as a page for browsers, as JSON for programs."""
    state: ServerState = request.app.state.warkg
    if _wants_page(request, (JSON,)):
        return as_response(await state.run(QueryListJob(), SITE, request), PAGE_HEADERS)
    listed = [
        {
            "name": q.name,
            "summary": q.summary,
            "description": q.description,
            "url": f"/queries/{q.name}",
            "params": [
                {
                    "name": p.name,
                    "type": p.type,
                    "description": p.description,
                    "default": p.default,
                    "required": p.required,
                }
                for p in q.params
            ],
            "list_columns": list(q.list_columns),
        }
        for q in state.queries.values()
    ]
    return JSONResponse(listed, headers=COMMON_HEADERS)


async def stored_query(request: Request) -> Response:
    """`/queries/NAME`: for a browser, a page with a form for the parameters and the
    results as a table; for programs the SPARQL results."""
    state: ServerState = request.app.state.warkg
    if _wants_page(request, RESULT_FORMATS):
        return await _page(state, request)
    name = request.path_params["name"]
    query = state.queries.get(name)
    if query is None:
        available = ", ".join(state.queries)
        return error_response(404, f"no stored query named {name!r}; available: {available}")
    try:
        items = query_string(request.scope, state.limits.max_request_bytes)
        # `format` picks the answer format, unless the query has a parameter so named.
        requested = () if query.param("format") else tuple(v for k, v in items if k == "format")
        values: dict[str, str] = {}
        for key, value in items:
            if key == "format" and not query.param("format"):
                continue
            if key in values:
                raise HttpError(400, f"parameter {key!r} given twice; give it once")
            values[key] = value
        stored_queries.bind(query, values)  # bad parameters: 400 before any worker
    except HttpError as error:
        return error_response(error.status, error.message)
    except InputError as error:
        return error_response(400, error.message.replace("--param ", "?"))
    job = StoredJob(query, values, request.headers.get("accept"), requested)
    return as_response(await state.run(job, SITE, request))


async def _page(state: ServerState, request: Request) -> Response:
    try:
        check_size(request, state.limits.max_request_bytes)
        items = [(k, v) for k, v in request.query_params.multi_items() if k != "format"]
    except HttpError as error:
        return error_response(error.status, error.message)
    job = StoredPageJob(request.path_params["name"], tuple(items))
    return as_response(await state.run(job, SITE, request), PAGE_HEADERS)
