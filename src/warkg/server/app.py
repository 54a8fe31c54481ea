"""The HTTP side of `warkg serve`: a Starlette application on uvicorn.

Routes:

- `/sparql`: the SPARQL 1.1 Protocol query operation (GET `?query=`, POST form-encoded,
  POST `application/sparql-query`); without a query, the service description.
- `/queries` (JSON list) and `/queries/NAME?PARAM=VALUE` (a stored query's results).
- `/graph.ttl`, `/graph.nt`, `/graph.jsonld` (and `/graph`, negotiated): the whole graph.
- `/`, `/claims`, `/claims/SLUG`, `/references`, `/references/N`: the HTML pages.

This process only checks requests (size, method, parameters) and hands each job to a
worker process (`pool.WorkerPool`), which parses, evaluates and writes the answer; the
event loop never runs a query, so a slow one cannot hold up the others.
"""

from __future__ import annotations

import asyncio
import dataclasses
import ipaddress
import resource
import signal
import socket
import sys
import tempfile
import urllib.parse
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.cors import CORSMiddleware
from starlette.requests import ClientDisconnect, Request
from starlette.responses import FileResponse, JSONResponse, Response
from starlette.routing import Route

from warkg import paths
from warkg.catalogue import stored as stored_queries
from warkg.catalogue.stored import StoredQuery
from warkg.engines.oxigraph import oxigraph_store
from warkg.errors import InputError
from warkg.rdf import loading
from warkg.rdf.conversion import to_oxigraph
from warkg.rdf.loading import shipped_graph
from warkg.rdf.namespaces import DCTERMS, RDF
from warkg.server import connections, formats, reconcile, site, void
from warkg.server.config import ServerConfig
from warkg.server.formats import HttpError
from warkg.server.pool import WorkerPool
from warkg.server.reply import Reply
from warkg.server.responses import (
    COMMON_HEADERS,
    PAGE_HEADERS,
    STATIC,
    as_response,
    error_response,
)
from warkg.server.worker import PageJob, SparqlJob, StoredJob, WorkerSettings

_DATASET_PARAMS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)

SD = "http://www.w3.org/ns/sparql-service-description#"
W3C_FORMATS = "http://www.w3.org/ns/formats/"
VOID = "http://rdfs.org/ns/void#"


# ---- the data snapshot ------------------------------------------------------------------


@dataclass(frozen=True)
class Snapshot:
    """The data as loaded once at start-up: the file workers load (in the engine's own
    N-Triples, so a replaced worker holds exactly the same data) and the downloads."""

    worker_file: Path
    downloads: dict[str, Path]
    triples: int


def write_snapshot(config: ServerConfig, directory: Path) -> Snapshot:
    """Load the shipped ontology and triples (or the ontology and `--data`) once, with the
    library's file:line:column errors, and write what the workers and downloads need."""
    graph = (
        loading.load_files([paths.ontology_dir(), *config.data_paths])
        if config.data_paths
        else None
    )
    worker_file = directory / "worker.nt"
    if config.backend == "oxigraph":
        store = oxigraph_store(graph)
        store.dump(
            worker_file, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
        )
        triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store]
    else:
        graph = shipped_graph() if graph is None else graph
        graph.serialize(worker_file, format="nt", encoding="utf-8")
        to_ox = to_oxigraph
        triples = [pyoxigraph.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    downloads = {}
    for fmt in formats.GRAPH_FORMATS:
        path = directory / f"graph.{fmt.name}"
        path.write_bytes(formats.write_graph(triples, fmt))
        downloads[fmt.name] = path
    return Snapshot(worker_file, downloads, len(triples))


# ---- helpers ----------------------------------------------------------------------------


def _single(params: list[tuple[str, str]], name: str) -> str | None:
    """The one value of parameter `name`, None if absent; 400 if given twice."""
    values = [v for k, v in params if k == name]
    if len(values) > 1:
        raise HttpError(400, f"parameter {name!r} given {len(values)} times; give it once")
    return values[0] if values else None


def _parse_form(text: str, what: str = "the form") -> list[tuple[str, str]]:
    """The fields of a form or query string; 400 for percent-encoded bytes that are not
    UTF-8 (`%FF`), which would otherwise silently become U+FFFD."""
    try:
        return urllib.parse.parse_qsl(
            text,
            keep_blank_values=True,
            strict_parsing=False,
            max_num_fields=1000,
            errors="strict",
        )
    except UnicodeDecodeError:
        raise HttpError(400, f"{what} is not UTF-8 (percent-encoded bytes)") from None
    except ValueError as error:
        raise HttpError(400, f"cannot read {what}: {error}") from None


def _query_string(request: Request, limit: int) -> list[tuple[str, str]]:
    """The URL's parameters, refused with 413 past `limit` and 400 if not UTF-8."""
    raw = request.scope.get("query_string", b"")
    if len(raw) > limit:
        raise formats.too_large(limit)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, "the query string is not UTF-8") from None
    return _parse_form(text, "the query string")


def _decode(body: bytes, what: str) -> str:
    try:
        return body.decode("utf-8")
    except UnicodeDecodeError:
        raise HttpError(400, f"{what} is not UTF-8") from None


async def _read_body(request: Request, limit: int, timeout: float) -> bytes:
    """The request body, refused with 413 as soon as it is known to pass `limit` (from
    Content-Length, or while reading a chunked body), and with 408 if it has not all
    arrived within `timeout` seconds (a client trickling a body holds a connection)."""
    declared = request.headers.get("content-length")
    if declared is not None:
        if not declared.isdigit() or len(declared) > 18:
            raise HttpError(400, "malformed Content-Length header")
        if int(declared) > limit:
            raise formats.too_large(limit)
    chunks, size = [], 0
    try:
        async with asyncio.timeout(timeout):
            async for chunk in request.stream():
                size += len(chunk)
                if size > limit:
                    raise formats.too_large(limit)
                chunks.append(chunk)
    except ClientDisconnect:
        raise HttpError(400, "the client closed the connection before the body ended") from None
    except TimeoutError:
        raise HttpError(
            408, f"the request body did not arrive within {timeout:g} s (--body-timeout)"
        ) from None
    return b"".join(chunks)


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


# ---- the application --------------------------------------------------------------------


class Server:
    """The route handlers, sharing the pool, the limits and the stored-query registry."""

    def __init__(self, config: ServerConfig, pool: WorkerPool, snapshot: Snapshot) -> None:
        self.config = config
        self.limits = config.limits
        self.pool = pool
        self.snapshot = snapshot
        # Read once: the names and parameters the server promises must not change under it.
        self.queries: dict[str, StoredQuery] = {q.name: q for q in stored_queries.list_queries()}
        self.css = (STATIC / "warkg.css").read_bytes()
        self.base_url = config.base_url or f"http://{config.host}:{config.port}/"

    # -- SPARQL protocol

    async def _protocol_params(self, request: Request) -> list[tuple[str, str]]:
        """The protocol parameters of a GET or POST, with `query` taken from a direct
        POST body; HttpError for what is too large, read-only-violating or unreadable."""
        limit = self.limits.max_request_bytes
        url_params = _query_string(request, limit)
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
        body = await _read_body(request, limit, self.config.body_timeout)
        if content_type == "application/sparql-query":
            return [*url_params, ("query", _decode(body, "the query"))]
        return [*url_params, *_parse_form(_decode(body, "the form"))]

    async def sparql(self, request: Request) -> Response:
        try:
            params = await self._protocol_params(request)
            names = {name for name, _ in params}
            if "update" in names:
                raise HttpError(403, "this endpoint is read-only: SPARQL updates are refused")
            if refused := [p for p in _DATASET_PARAMS if p in names]:
                raise HttpError(
                    403,
                    f"refusing {refused[0]}: queries run on this server's one default graph "
                    "and may not name other graphs",
                )
            query = _single(params, "query")
            requested = tuple(v for k, v in params if k == "format")
            if query is None:
                if request.method == "POST":
                    raise HttpError(400, "no query given (a 'query' parameter or a body)")
                return self.description(request, requested)
            if not query.strip():
                raise HttpError(400, "the query is empty")
        except HttpError as error:
            return error_response(error.status, error.message)
        reply = await self.pool.run(SparqlJob(query, request.headers.get("accept"), requested))
        return as_response(reply)

    def description(self, request: Request, requested: tuple[str, ...]) -> Response:
        """The SPARQL 1.1 Service Description of this endpoint (Turtle by default)."""
        fmt = formats.negotiate(formats.GRAPH_FORMATS, request.headers.get("accept"), requested)
        base = self.base_url  # never the Host header, which the client chooses
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
                    f"each query may run {self.limits.timeout:g} s and return "
                    f"{self.limits.max_rows} rows. The project's prefixes are predeclared."
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
                    str(self.snapshot.triples),
                    datatype=n("http://www.w3.org/2001/XMLSchema#integer"),
                ),
            ),
            (dataset, n(VOID + "dataDump"), n(base + "graph.nt")),
        ]
        # VoID and DCAT facts of the dataset (issue 15); the rest is at /.well-known/void
        for fact in void.summary(base, base + "sparql", self.snapshot.triples):
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
        body = formats.write_graph([pyoxigraph.Triple(*t) for t in triples], fmt, prefixes)
        return as_response(Reply(200, fmt.content_type, body))

    # -- stored queries

    async def list_queries(self, request: Request) -> Response:
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
            for q in self.queries.values()
        ]
        return JSONResponse(listed, headers=COMMON_HEADERS)

    async def stored_query(self, request: Request) -> Response:
        name = request.path_params["name"]
        query = self.queries.get(name)
        if query is None:
            available = ", ".join(self.queries)
            return error_response(404, f"no stored query named {name!r}; available: {available}")
        try:
            items = _query_string(request, self.limits.max_request_bytes)
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
        return as_response(await self.pool.run(job))

    # -- downloads

    async def graph(self, request: Request) -> Response:
        extension = request.path_params.get("extension")
        try:
            if extension is None:
                fmt = formats.negotiate(
                    formats.GRAPH_FORMATS,
                    request.headers.get("accept"),
                    tuple(request.query_params.getlist("format")),
                )
            else:
                fmt = next((f for f in formats.GRAPH_FORMATS if f.name == extension), None)
                if fmt is None:
                    names = ", ".join(f"graph.{f.name}" for f in formats.GRAPH_FORMATS)
                    raise HttpError(404, f"no download graph.{extension}; downloads: {names}")
        except HttpError as error:
            return error_response(error.status, error.message)
        return FileResponse(
            self.snapshot.downloads[fmt.name],
            media_type=fmt.content_type,
            headers=COMMON_HEADERS,
        )

    # -- pages

    def page(
        self, name: str, argument: str | None = None
    ) -> Callable[[Request], Awaitable[Response]]:
        async def handler(request: Request) -> Response:
            value = request.path_params.get(argument) if argument else None
            reply = await self.pool.run(PageJob(name, value))
            return as_response(reply, PAGE_HEADERS)

        return handler

    async def css_file(self, request: Request) -> Response:
        return Response(
            self.css,
            media_type="text/css; charset=utf-8",
            headers={**COMMON_HEADERS, "Cache-Control": "max-age=3600"},
        )


async def _http_error(request: Request, error: Exception) -> Response:
    """Starlette's own errors (unknown path, wrong method) as one line too."""
    assert isinstance(error, HTTPException)
    messages = {
        404: f"no such path: {request.scope.get('path', '')}",
        405: f"{request.method} is not allowed here",
    }
    response = error_response(error.status_code, messages.get(error.status_code, str(error.detail)))
    if error.headers:
        response.headers.update(error.headers)
    return response


def create_app(config: ServerConfig, pool: WorkerPool, snapshot: Snapshot) -> Starlette:
    """The Starlette application for `config`, answering with `pool`'s workers."""
    server = Server(config, pool, snapshot)
    routes = [
        *site.routes(server),  # Linked Data and research pages (issue 15); first, they win
        Route("/sparql", server.sparql, methods=["GET", "POST"]),
        Route("/queries", server.list_queries, methods=["GET"]),
        Route("/queries/{name}", server.stored_query, methods=["GET"]),
        Route("/graph", server.graph, methods=["GET"]),
        Route("/graph.{extension}", server.graph, methods=["GET"]),
        Route("/", server.page("figures"), methods=["GET"]),
        Route("/claims", server.page("claims"), methods=["GET"]),
        Route("/references", server.page("references"), methods=["GET"]),
        Route("/static/warkg.css", server.css_file, methods=["GET"]),
    ]
    routes += reconcile.routes(snapshot.worker_file, config.limits.max_request_bytes)
    middleware = []
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
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: _http_error},
    )
    app.state.server = server
    return app


# ---- running ----------------------------------------------------------------------------


def _listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the workers start so a taken port fails fast.

    It is made with proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on accepted
    sockets whose proto says TCP, and without it every request after the first on a
    keep-alive connection waited ~40 ms (uvicorn writes head and body separately; Nagle
    holds the body until the client's delayed ACK)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.listen(2048)
    sock.set_inheritable(False)
    return sock


async def _serve(config: ServerConfig, snapshot: Snapshot, sock: socket.socket) -> None:
    import uvicorn

    settings = WorkerSettings(
        backend=config.backend,
        snapshot=snapshot.worker_file,
        max_rows=config.limits.max_rows,
        memory_mb=config.worker_memory_mb,
        max_answer_bytes=config.limits.max_answer_bytes,
        spool_dir=snapshot.worker_file.parent,
        base_iri=config.base_url + "sparql" if config.base_url else None,
    )
    pool = WorkerPool(settings, config.workers, config.limits.timeout)
    await pool.start()
    try:
        app = create_app(config, pool, snapshot)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                lifespan="off",
                # The connection policy (timeouts, who gives way when full) is ours.
                http=connections.protocol_class(
                    connections.ConnectionPolicy(
                        config.max_connections,
                        config.header_timeout,
                        config.send_timeout,
                        max_request_bytes=config.limits.max_request_bytes,
                    )
                ),
                timeout_keep_alive=config.keep_alive_timeout,
                log_level="warning",
                access_log=config.access_log,
                server_header=False,
                proxy_headers=False,
            )
        )
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host

        async def announce() -> None:
            while not server.started:
                await asyncio.sleep(0.02)
            print(
                f"warkg serve: http://{shown}:{port}/ (SPARQL endpoint /sparql; "
                f"{snapshot.triples} triples; {config.backend}; {config.workers} workers; "
                f"timeout {config.limits.timeout:g} s)",
                file=sys.stderr,
                flush=True,
            )

        announcer = asyncio.create_task(announce())
        await server.serve(sockets=[sock])
        announcer.cancel()
    finally:
        await pool.close()


def _raise_file_limit(max_connections: int) -> None:
    """Room for --max-connections sockets plus the workers' pipes and files: the soft
    descriptor limit (often 1024) raised as far as the hard one allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if target > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class _Terminated(Exception):
    """SIGTERM arrived: stop as Ctrl-C stops us."""


def _event_loop_runner():
    """uvloop's runner where uvloop is installed (not on Windows): its event loop costs
    about half of asyncio's per request; else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def run(config: ServerConfig) -> int:
    """`warkg serve`: load the data, start the workers, serve until interrupted.

    SIGTERM stops the server as Ctrl-C does, workers closed and the snapshot directory
    removed, with exit code 0. (uvicorn shuts down on SIGTERM, then sends the signal
    again to the handler it found; with the default one the process would die there,
    leaving the directory behind in /tmp.)"""
    _raise_file_limit(config.max_connections)
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with tempfile.TemporaryDirectory(prefix="warkg-serve-") as directory:
            snapshot = write_snapshot(config, Path(directory))
            sock = _listen(config.host, config.port)
            if not _is_loopback(config.host):  # said only once the address is bound
                print(
                    f"warkg serve: listening on {config.host}, reachable from other machines",
                    file=sys.stderr,
                )
            if config.base_url is None:  # the listening address, with the port bound
                host, port = sock.getsockname()[:2]
                shown = f"[{host}]" if ":" in host else host
                config = dataclasses.replace(config, base_url=f"http://{shown}:{port}/")
            try:
                _event_loop_runner()(_serve(config, snapshot, sock))
            finally:
                sock.close()
    except (KeyboardInterrupt, _Terminated):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
