"""Loading data into the triplestores people run: where to upload, and how.

The SPARQL 1.1 Service Description a store serves at its query endpoint (GET, no
query) says which languages it speaks but has no term for a Graph Store Protocol URL,
so the upload URL is found from what the store says about itself, the `Server` header
of that answer, and each store's documented layout:

| store | query endpoint | Graph Store Protocol (`?default` or `?graph=IRI`) |
|---|---|---|
| Oxigraph server | /query | /store |
| Apache Jena Fuseki | /DATASET/query or /DATASET/sparql | /DATASET/data |
| Virtuoso 7 | /sparql | /sparql-graph-crud (named graphs only) |

Virtuoso takes uploads only after `GRANT SPARQL_UPDATE TO "SPARQL"` (in isql).

A store that is none of these is probed: the first of those layouts that answers a HEAD
request for the target graph is used. A store with no Graph Store Protocol at all gets
the data as SPARQL Update `INSERT DATA` requests, in chunks, at the endpoint its service
description says speaks SPARQL 1.1 Update (or `--update URL`).

What was loaded is counted, not assumed: the target graph's triples are counted before
and after (a store may already hold some, or fold two forms of a literal into one), so
`load --append` says how many were new.
"""

from __future__ import annotations

import contextlib
import re
import urllib.parse
from dataclasses import dataclass

from rdflib import BNode, Graph

from warkg.engines import http as remote_http
from warkg.engines.base import DEFAULT_TIMEOUT
from warkg.engines.opening import closure_of
from warkg.engines.remote import RemoteBackend, check_graph_iri, check_url
from warkg.errors import InputError
from warkg.rdf.loading import shipped_graph
from warkg.rdf.terms import ntriples

SD = "http://www.w3.org/ns/sparql-service-description#"
# Triples per INSERT DATA request: about 0.5 MB of our N-Triples, which every store takes.
CHUNK = 2000
_DESCRIPTION_TYPES = "text/turtle, application/n-triples;q=0.9, application/rdf+xml;q=0.1"


@dataclass(frozen=True)
class Store:
    """What a store says about itself at its query endpoint."""

    endpoint: str
    kind: str  # "oxigraph", "fuseki", "virtuoso" or "unknown"
    server: str  # its Server header, e.g. "Virtuoso/07.20.3229 (Linux) x86_64-pc-linux-gnu"
    speaks_update: bool  # its service description lists sd:SPARQL11Update

    @property
    def name(self) -> str:
        """How messages name the store: its Server header, or its kind."""
        return self.server.split(" (")[0] if self.server else self.kind


@dataclass(frozen=True)
class Target:
    """Where and how the data goes: `protocol` "gsp" (url names the graph) or "update"."""

    protocol: str
    url: str
    graph: str | None  # None: the default graph

    def describe(self) -> str:
        how = "the Graph Store Protocol" if self.protocol == "gsp" else "SPARQL Update INSERT DATA"
        return f"{self.url} with {how}"


@dataclass(frozen=True)
class LoadReport:
    """What a load sent and what the store holds afterwards, as the store counts."""

    store: Store
    target: Target
    sent: int  # triples sent
    before: int  # triples in the target graph before
    after: int  # triples in the target graph after
    replaced: bool

    @property
    def added(self) -> int:
        return self.after - (0 if self.replaced else self.before)

    def message(self) -> str:
        graph = f"graph <{self.target.graph}>" if self.target.graph else "the default graph"
        where = f"{self.store.name} at {self.target.describe()}"
        if self.replaced:
            return (
                f"loaded {self.sent} triples into {graph} of {where}; it held {self.before} "
                f"triples before and holds {self.after} now"
            )
        already = self.sent - (self.after - self.before)
        return (
            f"added {self.after - self.before} new triples to {graph} of {where} "
            f"({self.sent} sent, {already} already there); it holds {self.after} now"
        )


def identify(endpoint: str, timeout: float) -> Store:
    """Ask the query endpoint what it is: GET without a query, which the protocol leaves
    to the store; Oxigraph and Virtuoso answer with a service description, others may
    refuse (a 400 still names the server in its header)."""
    answer = remote_http.exchange(
        endpoint,
        "SPARQL endpoint",
        method="GET",
        headers={"Accept": _DESCRIPTION_TYPES},
        timeout=timeout,
        any_status=True,
    )
    server = answer.server
    lowered = server.lower()
    kind = next((name for name in ("oxigraph", "virtuoso", "fuseki") if name in lowered), "unknown")
    if kind == "unknown" and "jena" in lowered:
        kind = "fuseki"
    speaks_update = False
    kind_of_body = (answer.headers.get("Content-Type") or "").split(";")[0].strip()
    if answer.status < 300 and kind_of_body in ("text/turtle", "application/n-triples"):
        description = Graph()
        # rdflib raises assorted types; an unreadable description only tells us less.
        with contextlib.suppress(Exception):
            description.parse(data=answer.body, format="turtle", publicID=endpoint)
        update = f"{SD}SPARQL11Update"
        speaks_update = any(str(o) == update for o in description.objects())
    return Store(endpoint, kind, server, speaks_update)


def _graph_query(base: str, graph: str | None) -> str:
    parameter = urllib.parse.urlencode({"graph": graph}) if graph else "default"
    return f"{base}{'&' if urllib.parse.urlsplit(base).query else '?'}{parameter}"


def known_layout(store: Store) -> str | None:
    """The Graph Store Protocol URL (without ?default or ?graph=) of a known store."""
    endpoint = store.endpoint
    if store.kind == "oxigraph":
        return urllib.parse.urljoin(endpoint, "store")
    if store.kind == "virtuoso":
        return urllib.parse.urljoin(endpoint, "/sparql-graph-crud")
    if store.kind == "fuseki":
        path = urllib.parse.urlsplit(endpoint).path.rstrip("/")
        dataset = re.sub(r"/(query|sparql)$", "", path)
        return urllib.parse.urljoin(endpoint, f"{dataset}/data")
    return None


def _candidates(endpoint: str) -> list[str]:
    return [known_layout(Store(endpoint, kind, "", False)) or "" for kind in KINDS]


KINDS = ("oxigraph", "fuseki", "virtuoso")


def plan(
    store: Store,
    graph: str | None,
    *,
    gsp_url: str | None = None,
    update_url: str | None = None,
    timeout: float,
) -> Target:
    """Where the data goes: `gsp_url` or `update_url` if given, else the store's own
    layout, else the first layout that answers, else SPARQL Update."""
    if gsp_url:
        query = urllib.parse.parse_qs(urllib.parse.urlsplit(gsp_url).query, keep_blank_values=True)
        if "default" in query or "graph" in query:
            if graph and query.get("graph") != [graph]:
                raise InputError(
                    f"--gsp {gsp_url} already names a graph; give --gsp without ?default "
                    "or ?graph= to load into --graph"
                )
            named = query.get("graph", [None])[0]
            return Target("gsp", gsp_url, named)
        return Target("gsp", _graph_query(gsp_url, graph), graph)
    if update_url:
        return Target("update", update_url, graph)
    if store.kind == "virtuoso" and not graph:
        raise InputError(
            f"{store.name} at {store.endpoint}: Virtuoso's Graph Store endpoint "
            "(/sparql-graph-crud) refuses the default graph, and its default graph is the "
            "union of all graphs: load into a named graph with --graph IRI (and query with "
            "the same --graph)"
        )
    base = known_layout(store)
    if base:
        return Target("gsp", _graph_query(base, graph), graph)
    for candidate in _candidates(store.endpoint):
        url = _graph_query(candidate, graph)
        try:
            remote_http.exchange(
                url, "Graph Store Protocol endpoint", method="HEAD", timeout=timeout
            )
        except InputError as error:
            if " with 404 " in str(error) and graph:  # the store has no such graph yet
                return Target("gsp", url, graph)
            continue
        return Target("gsp", url, graph)
    if store.speaks_update:
        return Target("update", store.endpoint, graph)
    raise InputError(
        f"{store.name} at {store.endpoint}: found no Graph Store Protocol endpoint (tried "
        f"{', '.join(_candidates(store.endpoint))}) and its service description lists no "
        "SPARQL 1.1 Update: give the upload URL with --gsp URL or --update URL"
    )


def count(store: Store, graph: str | None, *, method: str, timeout: float) -> int:
    """How many triples the target graph holds, as the store counts them."""
    backend = RemoteBackend(store.endpoint, timeout=timeout, method=method, graph=graph)
    result = backend.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", name="count")
    try:
        return int(str(result.rows[0]["n"]))
    except (IndexError, KeyError, TypeError, ValueError):
        raise InputError(
            f"{store.name} at {store.endpoint} did not answer COUNT(*) with a number"
        ) from None


def upload(target: Target, graph: Graph, *, replace: bool, timeout: float) -> None:
    """Send `graph` to `target`: with the Graph Store Protocol, PUT replaces the graph
    and POST adds to it; with SPARQL Update, CLEAR (to replace) and INSERT DATA."""
    if target.protocol == "gsp":
        # N-Triples is a subset of Turtle: simple to write, and any Turtle parser reads it.
        remote_http.exchange(
            target.url,
            "Graph Store Protocol endpoint",
            method="PUT" if replace else "POST",
            body=graph.serialize(format="nt", encoding="utf-8"),
            headers={"Content-Type": "text/turtle; charset=utf-8"},
            timeout=timeout,
        )
        return
    for request in updates(graph, target.graph, replace=replace):
        remote_http.exchange(
            target.url,
            "SPARQL Update endpoint",
            method="POST",
            body=urllib.parse.urlencode({"update": request}).encode("ascii"),
            headers={"Content-Type": "application/x-www-form-urlencoded"},
            timeout=timeout,
        )


def updates(graph: Graph, target: str | None, *, replace: bool, chunk: int = CHUNK) -> list[str]:
    """SPARQL Update requests that put `graph` into `target` (None: the default graph):
    INSERT DATA of at most `chunk` triples each, the first preceded by CLEAR when
    replacing. Blank-node labels are scoped to one request, so every triple that
    mentions a blank node goes into the last request, together."""
    plain: list[str] = []
    blank: list[str] = []
    for triple in sorted(graph, key=lambda t: tuple(str(x) for x in t)):
        line = " ".join(ntriples(term) for term in triple) + " ."
        (blank if any(isinstance(term, BNode) for term in triple) else plain).append(line)
    chunks = [plain[i : i + chunk] for i in range(0, len(plain), chunk)]
    if blank:
        chunks.append(blank)
    opening, closing = (f"GRAPH <{target}> {{ ", " }") if target else ("", "")
    requests = [
        f"INSERT DATA {{ {opening}\n" + "\n".join(lines) + f"\n{closing}}}" for lines in chunks
    ]
    if replace:
        clear = f"CLEAR SILENT GRAPH <{target}>" if target else "CLEAR SILENT DEFAULT"
        requests = [f"{clear} ;\n{requests[0]}" if requests else clear, *requests[1:]]
    return requests


def load(
    endpoint: str,
    graph: Graph,
    *,
    target_graph: str | None = None,
    gsp_url: str | None = None,
    update_url: str | None = None,
    replace: bool = True,
    method: str = "auto",
    timeout: float,
) -> LoadReport:
    """Upload `graph` into the store behind `endpoint` (see the module) and count what
    the target graph held before and holds after."""
    store = identify(endpoint, timeout)
    target = plan(store, target_graph, gsp_url=gsp_url, update_url=update_url, timeout=timeout)
    before = count(store, target.graph, method=method, timeout=timeout)
    upload(target, graph, replace=replace, timeout=timeout)
    after = count(store, target.graph, method=method, timeout=timeout)
    return LoadReport(store, target, len(graph), before, after, replace)


def load_remote(
    endpoint: str,
    graph: Graph | None = None,
    *,
    gsp_url: str | None = None,
    update_url: str | None = None,
    target_graph: str | None = None,
    replace: bool = True,
    reason: bool | str = False,
    method: str = "auto",
    timeout: float = DEFAULT_TIMEOUT,
) -> LoadReport:
    """Upload `graph` (default: the shipped ontology and triples; with `reason`, their
    OWL 2 RL closure) into the store behind `endpoint`: into `target_graph` (a named
    graph) or the default graph, replacing it or (`replace=False`) adding to it, with the
    Graph Store Protocol at `gsp_url` or where the store's layout puts it, else with
    SPARQL Update at `update_url` (see `warkg.engines.upload`). Returns what was sent and what
    the store counts in the graph before and after."""
    check_url(endpoint, "the SPARQL endpoint")
    if gsp_url:
        check_url(gsp_url, "the Graph Store Protocol URL")
    if update_url:
        check_url(update_url, "the SPARQL Update URL")
    if target_graph is not None:
        check_graph_iri(target_graph)
    mine, graph = graph is None, shipped_graph() if graph is None else graph
    if reason:
        graph = closure_of(graph, reason, in_place=mine)
    return load(
        endpoint,
        graph,
        target_graph=target_graph,
        gsp_url=gsp_url,
        update_url=update_url,
        replace=replace,
        method=method,
        timeout=timeout,
    )
