"""What is served from files: the whole graph (`/graph.ttl`, `.nt`, `.jsonld`, `.rdf`,
and `/graph` negotiated), written once at start-up, and the static files (the
stylesheets and the icon), read once. No worker is involved."""

from __future__ import annotations

from pathlib import Path

from starlette.requests import Request
from starlette.responses import FileResponse, Response

from warkg.server.http.errors import HttpError
from warkg.server.http.media import CSS, GRAPH_FORMATS, SVG
from warkg.server.http.negotiation import negotiate
from warkg.server.http.responses import COMMON_HEADERS, error_response, redirect
from warkg.server.state import ServerState

STATIC = Path(__file__).resolve().parents[1] / "static"
FAVICON = "/static/favicon.svg"
_STATIC_FILES = {
    "warkg.css": (CSS.content_type, "max-age=3600"),
    "preview.css": (CSS.content_type, "max-age=3600"),
    "favicon.svg": (SVG.media_type, "max-age=86400"),
}
_CONTENT = {name: (STATIC / name).read_bytes() for name in _STATIC_FILES}


async def graph(request: Request) -> Response:
    """The whole graph, in the format its extension names or the client negotiates."""
    state: ServerState = request.app.state.warkg
    extension = request.path_params.get("extension")
    try:
        if extension is None:
            fmt = negotiate(
                GRAPH_FORMATS,
                request.headers.get("accept"),
                tuple(request.query_params.getlist("format")),
            )
        else:
            fmt = next((f for f in GRAPH_FORMATS if f.name == extension), None)
            if fmt is None:
                names = ", ".join(f"graph.{f.name}" for f in GRAPH_FORMATS)
                raise HttpError(404, f"no download graph.{extension}; downloads: {names}")
    except HttpError as error:
        return error_response(error.status, error.message)
    return FileResponse(
        state.snapshot.downloads[fmt.name], media_type=fmt.content_type, headers=COMMON_HEADERS
    )


async def static(request: Request) -> Response:
    name = request.path_params["name"]
    if name not in _STATIC_FILES:
        return error_response(404, f"no such path: {request.url.path}")
    media_type, cache = _STATIC_FILES[name]
    return Response(
        _CONTENT[name], media_type=media_type, headers={**COMMON_HEADERS, "Cache-Control": cache}
    )


async def favicon(request: Request) -> Response:
    return redirect(FAVICON)
