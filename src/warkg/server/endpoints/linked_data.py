"""Every IRI of the graph at its own path, by content negotiation: `/id/...` (a page for
browsers, the resource's triples both ways for programs), `/ontology/` (the
documentation, or the ontology as RDF), `/ontology/TERM`, the ontology's version IRI
(`/ontology/VERSION/`), the VoID description (`/.well-known/void`), and the old page
paths (`/claims/SLUG`, `/references/N`), which redirect so each resource has one
address. Descriptions and pages are made in a worker, in the site's lane.
"""

from __future__ import annotations

import re
import urllib.parse

from starlette.requests import Request
from starlette.responses import Response

from warkg.server.http.errors import HttpError
from warkg.server.http.media import GRAPH_FORMATS, HTML, RESOURCE_FORMATS, Format
from warkg.server.http.negotiation import negotiate
from warkg.server.http.responses import PAGE_HEADERS, as_response, error_response, redirect
from warkg.server.pages.ontology import OntologyDocsJob
from warkg.server.pages.resource_job import ResourceJob
from warkg.server.pages.void import VoidJob
from warkg.server.state import SITE, ServerState
from warkg.version import package_version

_REFERENCE = re.compile(r"^0*([1-9][0-9]{0,8})$")


def _negotiate(request: Request, offered: tuple[Format, ...]) -> Format:
    return negotiate(offered, request.headers.get("accept"), request.query_params.get("format"))


def _with_query(request: Request, path: str) -> str:
    query = request.url.query
    return f"{path}?{query}" if query else path


async def _run(request: Request, job: object, page: bool) -> Response:
    state: ServerState = request.app.state.warkg
    reply = await state.run(job, SITE, request)  # type: ignore[arg-type]
    return as_response(reply, PAGE_HEADERS if page else None)


async def resource(request: Request) -> Response:
    """`/id/...`: the resource's page or its triples."""
    path = request.url.path
    parts = path.split("/")
    if len(parts) == 4 and parts[2] == "reference":
        match = _REFERENCE.match(parts[3])
        if match and match.group(1) != parts[3]:
            return redirect(_with_query(request, f"/id/reference/{match.group(1)}"))
    try:
        fmt = _negotiate(request, RESOURCE_FORMATS)
    except HttpError as error:
        return error_response(error.status, error.message)
    return await _run(request, ResourceJob(path, fmt.name), page=fmt is HTML)


async def ontology(request: Request) -> Response:
    """`/ontology/` (the documentation, or the ontology as RDF) and `/ontology/TERM` (the
    term's triples, or for a browser its place in the documentation)."""
    term = request.path_params.get("term", "")
    try:
        fmt = _negotiate(request, RESOURCE_FORMATS)
    except HttpError as error:
        return error_response(error.status, error.message)
    if fmt is HTML:
        if term:
            return redirect(f"/ontology/#{urllib.parse.quote(term)}", 303)
        return await _run(request, OntologyDocsJob(), page=True)
    return await _run(request, ResourceJob(f"/ontology/{term}", fmt.name), page=False)


async def ontology_version(request: Request) -> Response:
    """`/ontology/VERSION/`, the ontology's `owl:versionIRI`: this version is the one
    served, so it answers as `/ontology/` does; another version is not here (404)."""
    version = request.path_params["version"]
    if version != package_version():
        return error_response(
            404, f"this server has version {package_version()} of the ontology, not {version}"
        )
    return await ontology(request)


async def old_claim(request: Request) -> Response:
    slug = urllib.parse.quote(request.path_params["slug"])
    return redirect(_with_query(request, f"/id/claim/{slug}"))


async def old_reference(request: Request) -> Response:
    number = request.path_params["number"]
    match = _REFERENCE.match(number)
    target = match.group(1) if match else urllib.parse.quote(number)
    return redirect(_with_query(request, f"/id/reference/{target}"))


async def void(request: Request) -> Response:
    """`/.well-known/void`: the dataset described with VoID and DCAT."""
    state: ServerState = request.app.state.warkg
    try:
        fmt = _negotiate(request, GRAPH_FORMATS)
    except HttpError as error:
        return error_response(error.status, error.message)
    job = VoidJob(state.base_url, fmt.name, state.snapshot.triples)
    return await _run(request, job, page=False)
