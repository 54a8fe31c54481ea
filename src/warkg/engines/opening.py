"""Opening an engine on the shipped data (or a graph), with its OWL 2 RL closure when
asked for."""

from __future__ import annotations

from rdflib import Graph

from warkg.engines.base import BACKENDS, DEFAULT_TIMEOUT, Backend
from warkg.engines.oxigraph import OxigraphBackend, oxigraph_store
from warkg.engines.rdflib import RdflibBackend
from warkg.engines.remote import RemoteBackend
from warkg.errors import InputError
from warkg.rdf.loading import shipped_graph


def closure_of(graph: Graph, engine: bool | str, *, in_place: bool = False) -> Graph:
    # the reasoners are only imported when asked for
    from warkg.reasoning import closure as reasoning

    engine = "auto" if engine is True else str(engine)
    return reasoning.reason(graph, engine=engine, in_place=in_place)


def open_graph(
    backend: str = "oxigraph",
    endpoint: str | None = None,
    reason: bool | str = False,
    *,
    graph: Graph | None = None,
    timeout: float = DEFAULT_TIMEOUT,
    owned: bool = False,
    method: str = "auto",
    named_graph: str | None = None,
) -> Backend:
    """A backend holding the shipped ontology and triples (or `graph`), with their OWL 2 RL
    closure (computed on a copy) when `reason` is true or names a reasoning engine
    ("auto", what true means and what `--reason` uses, "owlrl" or "reasonable"; see
    `warkg.reasoning.closure`). `backend` is "oxigraph" (the default, as on the command
    line), "rdflib" (the reference) or "remote"; "remote" needs `endpoint`, the URL of a
    SPARQL 1.1 query endpoint that already holds the data (see `load_remote`). `owned`:
    `graph` is the caller's to give away, so the closure may be added to it rather than
    to a copy (as it is to the shipped graph, which is loaded for the backend alone). `method` and
    `named_graph` are the remote backend's (see `RemoteBackend`)."""
    if backend == "remote":
        if not endpoint:
            raise InputError("the remote backend needs an endpoint URL (--endpoint URL)")
        if reason:
            raise InputError(
                "--reason needs an embedded backend; to query inferred triples on an "
                "endpoint, load them with `warkg load --reason --endpoint URL`"
            )
        if graph is not None:
            raise InputError("the remote backend queries the endpoint's data, not a graph")
        return RemoteBackend(endpoint, timeout=timeout, method=method, graph=named_graph)
    if backend not in BACKENDS:
        raise InputError(f"unknown backend {backend!r}; backends: {', '.join(BACKENDS)}")
    if method != "auto" or named_graph is not None:
        raise InputError(
            f"a request method and a named graph apply to the remote backend only, not {backend}"
        )
    if endpoint:
        raise InputError(f"an endpoint URL only applies to the remote backend, not {backend}")
    if reason:
        mine = graph is None or owned
        graph = closure_of(shipped_graph() if graph is None else graph, reason, in_place=mine)
    if backend == "oxigraph":
        return OxigraphBackend(oxigraph_store(graph))
    return RdflibBackend(shipped_graph() if graph is None else graph)
