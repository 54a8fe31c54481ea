"""The application: the one route table (`_routes`), the middleware around it, and the
errors Starlette raises itself (unknown path, wrong method) as one line.

Every route is an endpoint function (`endpoints/`) that reads and checks its request
and hands the work to a worker in its lane (`state.ServerState.run`); the event loop
never runs a query, renders a page or matches a name.
"""

from __future__ import annotations

from typing import Any

from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import Request
from starlette.responses import Response
from starlette.routing import BaseRoute, Match, Route
from starlette.types import ASGIApp, Receive, Scope, Send

from warkg.server.config import ServerConfig
from warkg.server.endpoints import files, linked_data, pages, queries, reconcile, sparql
from warkg.server.http import access_log
from warkg.server.http.access_log import AccessLog
from warkg.server.http.clients import ClientAddresses, networks
from warkg.server.http.codings import TransferCodings
from warkg.server.http.responses import error_response, redirect
from warkg.server.state import ServerState


def _routes() -> list[BaseRoute]:
    """Every path the server answers, in one table."""
    get, get_post = ["GET"], ["GET", "POST"]
    return [
        # the SPARQL endpoint and the stored queries
        Route("/sparql", sparql.sparql, methods=get_post),
        Route("/queries", queries.query_list, methods=get),
        Route("/queries/{name}", queries.stored_query, methods=get),
        # Linked Data: every IRI of the graph at its own path
        Route("/id/{rest:path}", linked_data.resource, methods=get),
        Route("/ontology/", linked_data.ontology, methods=get),
        Route("/ontology", _to("/ontology/"), methods=get),
        Route("/ontology/{version}/", linked_data.ontology_version, methods=get),
        Route("/ontology/{term}", linked_data.ontology, methods=get),
        Route("/.well-known/void", linked_data.void, methods=get),
        Route("/claims/{slug}", linked_data.old_claim, methods=get),
        Route("/references/{number}", linked_data.old_reference, methods=get),
        # the pages
        Route("/", pages.figures, methods=get),
        Route("/claims", pages.claims, methods=get),
        Route("/references", pages.references, methods=get),
        Route("/timeline", pages.timeline, methods=get),
        Route("/search", pages.search, methods=get),
        Route("/query", pages.query, methods=get),
        # reconciliation
        Route("/reconcile", reconcile.service, methods=get_post),
        Route("/reconcile/preview", reconcile.preview, methods=get),
        Route("/reconcile/suggest/{kind}", reconcile.suggest, methods=get),
        # files
        Route("/graph", files.graph, methods=get),
        Route("/graph.{extension}", files.graph, methods=get),
        Route("/static/{name}", files.static, methods=get),
        Route("/favicon.ico", files.favicon, methods=get),
    ]


def _to(path: str):
    async def moved(request: Request) -> Response:
        return redirect(path)

    return moved


def _other_slash(request: Request) -> str | None:
    """The same path with its trailing slash added or taken away, if a route answers it
    (what Starlette's own redirect does, but as a path: it wrote the Host header in)."""
    path = request.scope.get("path", "")
    if request.method not in ("GET", "HEAD") or path in ("", "/"):
        return None
    other = path[:-1] if path.endswith("/") else path + "/"
    scope = {**request.scope, "path": other}
    if any(route.matches(scope)[0] is Match.FULL for route in request.app.router.routes):
        return other
    return None


async def _http_error(request: Request, error: Exception) -> Response:
    """Starlette's own errors (unknown path, wrong method) as one line too."""
    assert isinstance(error, HTTPException)
    if error.status_code == 404 and (other := _other_slash(request)) is not None:
        query = request.url.query
        return redirect(f"{other}?{query}" if query else other, 307)
    messages = {
        404: f"no such path: {request.scope.get('path', '')}",
        405: f"{request.method} is not allowed here",
    }
    response = error_response(error.status_code, messages.get(error.status_code, str(error.detail)))
    if error.headers:
        response.headers.update(error.headers)
    return response


class ProtocolLane:
    """ASGI middleware, first inside Starlette's error middleware: GET and POST `/sparql`
    (the SPARQL protocol, what most requests are) go to the endpoint's ASGI application
    through `lane`, the same middleware as every request (client address and access log,
    transfer codings, CORS) but not the exception middleware, the router and the request
    wrapper, which that answer never needs (the route stays in the table, for HEAD and
    for the methods it refuses)."""

    def __init__(self, app: ASGIApp, lane: ASGIApp) -> None:
        self.app = app
        self.lane = lane

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if (
            scope["type"] == "http"
            and scope["path"] == "/sparql"
            and scope["method"] in ("GET", "POST")
            and not scope.get("root_path")  # the router would match the path below it
        ):
            await self.lane(scope, receive, send)
        else:
            await self.app(scope, receive, send)


def _wrapped(app: ASGIApp, middleware: list[Middleware]) -> ASGIApp:
    """`app` inside `middleware`, the first outermost, as Starlette wraps its router."""
    for cls, args, kwargs in reversed(middleware):
        app = cls(app, *args, **kwargs)
    return app


def create_app(
    config: ServerConfig, state: ServerState | None = None, lifespan: Any = None
) -> Starlette:
    """The Starlette application for `config`, answering with `state`'s pools and data
    (or those its `lifespan` puts in `app.state.warkg`)."""
    sink = access_log.open_sink(config.access_log)
    addresses = ClientAddresses(networks(config.trusted_proxies))
    middleware = [
        Middleware(AccessLog, addresses=addresses, sink=sink, style=config.access_log_format),
        Middleware(TransferCodings),
    ]
    if config.cors_origins:
        middleware.append(
            Middleware(
                CORSMiddleware,
                allow_origins=list(config.cors_origins),
                allow_methods=["GET", "POST"],
                allow_headers=["Accept", "Content-Type"],
                max_age=600,
            )
        )
    lane = Middleware(ProtocolLane, lane=_wrapped(sparql.protocol, middleware))
    app = Starlette(
        routes=_routes(),
        middleware=[lane, *middleware],
        exception_handlers={HTTPException: _http_error},
        lifespan=lifespan,
    )
    app.router.redirect_slashes = False
    if state is not None:
        app.state.warkg = state
    return app
