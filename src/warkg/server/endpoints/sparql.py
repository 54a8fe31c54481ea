"""`/sparql`: the SPARQL 1.1 Protocol's query operation (GET `?query=`, POST
form-encoded, POST `application/sparql-query`), read-only; without a query, the SPARQL
1.1 Service Description of the endpoint.

Here the request is only read and checked (size, method, parameters); the query is a
job in the ad-hoc queries' lane (`state.SPARQL`), checked, run and written in a worker.
"""

from __future__ import annotations

from typing import NamedTuple

import pyoxigraph
from starlette.requests import Request
from starlette.responses import Response
from starlette.types import Receive, Scope, Send

from warkg.rdf.namespaces import DCTERMS, RDF
from warkg.server.answers import write_graph
from warkg.server.http.clients import ClientAddresses
from warkg.server.http.direct import DirectEndpoint
from warkg.server.http.errors import HttpError
from warkg.server.http.media import GRAPH_FORMATS, media_type
from warkg.server.http.negotiation import negotiate
from warkg.server.http.requests import (
    body_too_slow,
    decode,
    parse_form,
    query_string,
    read_body,
    single,
)
from warkg.server.http.responses import Answered, as_response, send_reply
from warkg.server.pages import void
from warkg.server.state import SPARQL, ServerState
from warkg.server.workers.jobs import Reply, error_reply
from warkg.server.workers.queries import SparqlJob

_DATASET_PARAMS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)

SD = "http://www.w3.org/ns/sparql-service-description#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"


class Head(NamedTuple):
    """What the endpoint reads of a request's headers (the first of each, as Starlette's
    `Headers` gives it), found in one pass (`head`)."""

    content_type: str
    content_length: str | None
    accept: str | None


def head(scope: Scope) -> Head:
    content_type = length = accept = None
    for name, value in scope["headers"]:
        if name == b"content-type":
            content_type = content_type if content_type is not None else value.decode("latin-1")
        elif name == b"content-length":
            length = length if length is not None else value.decode("latin-1")
        elif name == b"accept":
            accept = accept if accept is not None else value.decode("latin-1")
    return Head(content_type or "", length, accept)


async def protocol_params(
    state: ServerState, scope: Scope, receive: Receive, head: Head
) -> list[tuple[str, str]]:
    """The protocol parameters of a GET or POST, with `query` taken from a direct
    POST body; HttpError for what is too large, read-only-violating or unreadable."""
    limit = state.limits.max_request_bytes
    url_params = query_string(scope, limit)
    if scope["method"] in ("GET", "HEAD"):
        return url_params
    content_type = media_type(head.content_type)
    if content_type == "application/sparql-update":
        raise HttpError(403, "this endpoint is read-only: SPARQL updates are refused")
    if content_type not in ("application/x-www-form-urlencoded", "application/sparql-query"):
        raise HttpError(
            415,
            "send the query as application/sparql-query or as a form "
            "(application/x-www-form-urlencoded), not "
            f"{content_type or 'without a Content-Type'}",
        )
    body = await read_body(receive, head.content_length, limit, state.config.body_timeout)
    if content_type == "application/sparql-query":
        return [*url_params, ("query", decode(body, "the query"))]
    return [*url_params, *parse_form(decode(body, "the form"))]


def _query_and_formats(params: list[tuple[str, str]]) -> tuple[str | None, tuple[str, ...]]:
    """The query and the formats asked for; 403 for an update or a dataset parameter, 400
    for a query given twice."""
    names = {name for name, _ in params}
    if "update" in names:
        raise HttpError(403, "this endpoint is read-only: SPARQL updates are refused")
    if refused := [p for p in _DATASET_PARAMS if p in names]:
        raise HttpError(
            403,
            f"refusing {refused[0]}: queries run on this server's one default graph "
            "and may not name other graphs",
        )
    return single(params, "query"), tuple(v for k, v in params if k == "format")


async def protocol(scope: Scope, receive: Receive, send: Send) -> None:
    """`/sparql` as an ASGI application: the SPARQL 1.1 Protocol's query operation;
    without a query, the service description. `app.ProtocolLane` sends GET and POST here
    through only the middleware the answer needs; `sparql` is the same for the route."""
    state: ServerState = scope["app"].state.warkg
    found = head(scope)
    try:
        params = await protocol_params(state, scope, receive, found)
        if len(params) == 1 and params[0][0] == "query":  # the query alone: nothing to refuse
            query, requested = params[0][1], ()
        else:
            query, requested = _query_and_formats(params)
        if query is None:
            if scope["method"] == "POST":
                raise HttpError(400, "no query given (a 'query' parameter or a body)")
            await description(state, found.accept, requested)(scope, receive, send)
            return
        nonempty(query)
    except HttpError as error:
        refusal = error_reply(error.status, error.message, error.headers)
        await send_reply(refusal, scope, receive, send)
        return
    job = SparqlJob(query, found.accept, requested)
    reply = await state.run_for(job, SPARQL, scope)
    await send_reply(reply, scope, receive, send)


def nonempty(query: str) -> str:
    if not query.strip():
        raise HttpError(400, "the query is empty")
    return query


def direct_endpoint(state: ServerState, addresses: ClientAddresses) -> DirectEndpoint:
    """`protocol` for what the direct lane answers (`http.direct`: a query POSTed as
    application/sparql-query, read by the connection itself): the same checks, job
    and lane, in the same order."""

    async def answer(body: bytes, accept: str | None, client: str) -> Reply:
        try:
            query = nonempty(decode(body, "the query"))
        except HttpError as error:
            return error_reply(error.status, error.message, error.headers)
        return await state.pool.run(SparqlJob(query, accept, ()), SPARQL, client)

    def timed_out() -> Reply:
        error = body_too_slow(state.config.body_timeout)
        return error_reply(error.status, error.message)

    return DirectEndpoint(
        answer, addresses.of, state.limits.max_request_bytes, state.config.body_timeout, timed_out
    )


async def sparql(request: Request) -> Response:
    """`/sparql`: the SPARQL 1.1 Protocol's query operation; without a query, the
    service description."""
    return Answered(protocol)


def description(state: ServerState, accept: str | None, requested: tuple[str, ...]) -> Response:
    """The SPARQL 1.1 Service Description of this endpoint (Turtle by default)."""
    fmt = negotiate(GRAPH_FORMATS, accept, requested)
    base = state.base_url  # never the Host header, which the client chooses
    endpoint = base + "sparql"
    n = pyoxigraph.NamedNode
    # The dataset is the one /.well-known/void describes in full (VoID and DCAT).
    dataset = n(base + ".well-known/void#dataset")
    service, graph = n(endpoint), pyoxigraph.BlankNode()
    sd = {name: n(SD + name) for name in ("Service", "Dataset", "Graph")}
    triples = [
        (service, n(str(RDF.type)), sd["Service"]),
        (service, n(SD + "endpoint"), service),
        (service, n(SD + "supportedLanguage"), n(SD + "SPARQL11Query")),
        (service, n(SD + "defaultDataset"), dataset),
        (service, n(str(DCTERMS.title)), pyoxigraph.Literal("warkg read-only SPARQL endpoint")),
        (
            service,
            n(str(DCTERMS.description)),
            pyoxigraph.Literal(
                "A provenance knowledge graph of the Second Nagorno-Karabakh War. "
                "Read-only: updates, SERVICE, FROM and LOAD are refused; "
                f"each query may run {state.limits.timeout:g} s and return "
                f"{state.limits.max_rows} rows. The project's prefixes are predeclared."
            ),
        ),
        (dataset, n(str(RDF.type)), sd["Dataset"]),
        (dataset, n(str(RDF.type)), n(VOID + "Dataset")),
        (
            dataset,
            n("http://www.w3.org/2000/01/rdf-schema#seeAlso"),
            n(base + ".well-known/void"),
        ),
        (dataset, n(SD + "defaultGraph"), graph),
        (graph, n(str(RDF.type)), sd["Graph"]),
        (
            graph,
            n(VOID + "triples"),
            pyoxigraph.Literal(
                str(state.snapshot.triples),
                datatype=n("http://www.w3.org/2001/XMLSchema#integer"),
            ),
        ),
        (dataset, n(VOID + "dataDump"), n(base + "graph.nt")),
    ]
    # VoID and DCAT facts of the dataset; the rest is at /.well-known/void
    for fact in void.summary(base, base + "sparql", state.snapshot.triples):
        if (fact.subject, fact.predicate, fact.object) not in triples:
            triples.append((fact.subject, fact.predicate, fact.object))
    for name in (
        "SPARQL_Results_JSON",
        "SPARQL_Results_XML",
        "SPARQL_Results_CSV",
        "SPARQL_Results_TSV",
        "Turtle",
        "N-Triples",
        "JSON-LD",
        "RDF_XML",
    ):
        triples.append((service, n(SD + "resultFormat"), n(W3C_FORMATS + name)))
    prefixes = {"sd": SD, "void": VOID, "formats": W3C_FORMATS, "dcat": void.DCAT_NS}
    body = write_graph([pyoxigraph.Triple(*t) for t in triples], fmt, prefixes)
    return as_response(Reply(200, fmt.content_type, body))
