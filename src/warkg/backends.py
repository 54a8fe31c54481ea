"""Where queries run: rdflib (embedded default), pyoxigraph (fast embedded), or a remote
SPARQL 1.1 endpoint.

Every backend answers `select(query, bindings)` with a `Result` of rdflib terms, so the
same query compares equal across them. Every query is first checked by
`sparql.prepare` (syntax, no updates, no SERVICE / FROM unless allowed) before an engine
sees it, and every engine runs the text `prepare` checked (`PreparedQuery.text`, escapes
expanded) or rdflib's translation of it, never the text it was given. (A shipped query
was checked once, when queries/index.json was written: see `warkg.query_index`.) Parameters are
bound as terms, never pasted into the text: rdflib gets initBindings, pyoxigraph
substitutions, and a remote endpoint a trailing VALUES block written from each term's
N-Triples form.

The remote backend speaks the SPARQL 1.1 Protocol (POST application/sparql-query) for
queries and the Graph Store Protocol (PUT or POST text/turtle) to load the data; an
Oxigraph server's GSP endpoint is `/store`, beside its `/query`.
"""

from __future__ import annotations

import functools
import json
import re
import urllib.parse
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, runtime_checkable

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Node, Variable

from warkg import paths, query_index, remote_http, stores
from warkg.errors import InputError
from warkg.rdf import loading
from warkg.rdf.namespaces import PREFIXES
from warkg.results import Result, from_json
from warkg.sparql import protocol as sparql_protocol
from warkg.sparql import scan as sparql_scan

if TYPE_CHECKING:
    from warkg.sparql import checks as sparql

BACKENDS = ("rdflib", "oxigraph", "remote")
DEFAULT_TIMEOUT = 10.0

Bindings = Mapping[str, Node]


@runtime_checkable
class Backend(Protocol):
    """Runs checked SELECT queries with parameters bound as RDF terms."""

    name: str

    def select(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        name: str = "query",
        allow_remote: bool = False,
    ) -> Result: ...


def _prepare_select(query: str, name: str, allow_remote: bool) -> sparql.PreparedQuery:
    # A shipped query read from a matching index entry was checked when the index was
    # written (warkg.query_index); any other text is checked now, and rdflib's SPARQL
    # parser is only imported for such a text.
    prepared = query_index.checked(query)
    if prepared is None:
        from warkg.sparql import checks as sparql

        prepared = sparql.prepare(query, name, allow_remote=allow_remote)
    if prepared.form != "SELECT":
        raise InputError(f"{name}: only SELECT queries can be run here, not {prepared.form}")
    return prepared


def _check_bindings(prepared: sparql.PreparedQuery, bindings: Bindings, name: str) -> None:
    for variable in bindings:
        if variable not in prepared.variables:
            raise InputError(
                f"{name}: cannot bind ?{variable}: it is not in the query's SELECT clause"
            )


# Oxigraph keeps a literal's primitive datatype only ("05"^^xsd:positiveInteger is stored
# as "5"^^xsd:integer), so every backend reports terms that way, for equal results.
_INTEGER_SUBTYPES = frozenset(
    XSD[name]
    for name in (
        *("nonNegativeInteger", "positiveInteger", "nonPositiveInteger", "negativeInteger"),
        *("long", "int", "short", "byte"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
)


def align(term: Node | None) -> Node | None:
    """`term` as Oxigraph reports it: integer subtypes as canonical xsd:integer,
    xsd:dateTimeStamp as xsd:dateTime; anything else unchanged."""
    if isinstance(term, Literal) and term.datatype is not None:
        if term.datatype in _INTEGER_SUBTYPES or term.datatype == XSD.integer:
            try:
                return Literal(str(int(str(term))), datatype=XSD.integer)
            except ValueError:  # ill-typed: leave it as it is
                return term
        if term.datatype == XSD.dateTimeStamp:
            return Literal(str(term), datatype=XSD.dateTime)
    return term


def _ordered(
    variables: tuple[str, ...], rows: list[dict[str, Node | None]], *, aligned: bool = False
) -> Result:
    """Rows with exactly `variables` as keys, in order, their terms aligned (unless the
    backend gave them aligned already)."""
    if aligned:
        return Result(variables, [{v: row.get(v) for v in variables} for row in rows])
    return Result(variables, [{v: align(row.get(v)) for v in variables} for row in rows])


Rows = list[dict[str, Node | None]]


class _CheckedBackend:
    """What every backend does around running a query: check it (syntax, read-only, no
    SERVICE/FROM unless allowed), check that each parameter is a projected variable, and
    align the answer's terms; subclasses say only how to run the checked query."""

    name = "checked"
    aligned = False  # whether `_run` gives terms already aligned

    def select(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        name: str = "query",
        allow_remote: bool = False,
    ) -> Result:
        prepared = _prepare_select(query, name, allow_remote)
        bindings = dict(bindings or {})
        _check_bindings(prepared, bindings, name)
        rows = self._run(prepared, bindings, name)
        return _ordered(prepared.variables, rows, aligned=self.aligned)

    def _run(self, prepared: sparql.PreparedQuery, bindings: dict[str, Node], name: str) -> Rows:
        raise NotImplementedError


# ---- rdflib -----------------------------------------------------------------------------


class RdflibBackend(_CheckedBackend):
    """Queries an rdflib Graph in memory (initBindings for parameters)."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _run(self, prepared: sparql.PreparedQuery, bindings: dict[str, Node], name: str) -> Rows:
        try:
            answer = self.graph.query(
                prepared.query, initBindings={Variable(k): v for k, v in bindings.items()}
            )
            return [{str(k): v for k, v in row.asdict().items()} for row in answer]
        except Exception as error:  # rdflib raises assorted types while evaluating
            raise InputError(f"{name}: rdflib could not run the query: {error}") from None


# ---- pyoxigraph -------------------------------------------------------------------------


def to_oxigraph(term: Node) -> pyoxigraph.NamedNode | pyoxigraph.BlankNode | pyoxigraph.Literal:
    """An rdflib term as a pyoxigraph term."""
    if isinstance(term, URIRef):
        return pyoxigraph.NamedNode(str(term))
    if isinstance(term, BNode):
        return pyoxigraph.BlankNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return pyoxigraph.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return pyoxigraph.Literal(str(term), datatype=pyoxigraph.NamedNode(term.datatype))
        return pyoxigraph.Literal(str(term))
    raise TypeError(f"not an RDF term: {term!r}")


def to_rdflib(term: object) -> Node | None:
    """A pyoxigraph term as an rdflib term (xsd:string literals plain, as rdflib reads
    Turtle)."""
    if term is None:
        return None
    if isinstance(term, pyoxigraph.NamedNode):
        return URIRef(term.value)
    if isinstance(term, pyoxigraph.BlankNode):
        return BNode(term.value)
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        if term.datatype.value == str(XSD.string):
            return Literal(term.value)
        return Literal(term.value, datatype=URIRef(term.datatype.value))
    raise TypeError(f"unsupported term from pyoxigraph: {term!r}")


@functools.lru_cache(maxsize=50_000)
def from_oxigraph(term: object) -> Node | None:
    """A pyoxigraph term as every backend reports it (rdflib, `align`ed). Kept, because
    the same terms of the data come back in answer after answer, and building an rdflib
    Literal costs more than evaluating a small query; terms are immutable."""
    return align(to_rdflib(term))


class OxigraphBackend(_CheckedBackend):
    """Queries a pyoxigraph Store held in memory (substitutions for parameters)."""

    name = "oxigraph"
    aligned = True

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.store = store

    def select(
        self,
        query: str,
        bindings: Bindings | None = None,
        *,
        name: str = "query",
        allow_remote: bool = False,
    ) -> Result:
        """As every backend, but checked by the linear-time scan (`sparql.check`) with
        pyoxigraph's parser as the syntax verdict: rdflib's parser never sees the text."""
        prepared = query_index.checked(query)  # a shipped query, checked when indexed
        if prepared is None:
            from warkg.sparql import checks as sparql

            prepared = sparql.check(query, name, allow_remote=allow_remote)
        if prepared.form not in ("SELECT", ""):
            raise InputError(f"{name}: only SELECT queries can be run here, not {prepared.form}")
        bindings = dict(bindings or {})
        variables, rows = self._solutions(prepared, bindings, name)
        for variable in bindings:
            if variable not in variables:
                raise InputError(
                    f"{name}: cannot bind ?{variable}: it is not in the query's SELECT clause"
                )
        return _ordered(variables, rows, aligned=True)

    def _solutions(
        self, prepared: sparql.PreparedQuery, bindings: dict[str, Node], name: str
    ) -> tuple[tuple[str, ...], Rows]:
        substitutions = {pyoxigraph.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            solutions = self.store.query(
                prepared.text, prefixes=PREFIXES, substitutions=substitutions or None
            )
            if not isinstance(solutions, pyoxigraph.QuerySolutions):
                kind = "ASK" if isinstance(solutions, pyoxigraph.QueryBoolean) else "CONSTRUCT"
                raise InputError(f"{name}: only SELECT queries can be run here, not {kind}")
            found = tuple(v.value for v in solutions.variables)
            variables = sparql_scan.in_order(found, prepared.variables)
            rows = [{v: from_oxigraph(solution[v]) for v in variables} for solution in solutions]
            return variables, rows
        except SyntaxError as error:
            raise prepared.oxigraph_error(error, name) from None
        except (OSError, RuntimeError, ValueError) as error:
            raise InputError(f"{name}: pyoxigraph could not run the query: {error}") from None


def oxigraph_store(graph: Graph | None = None) -> pyoxigraph.Store:
    """An in-memory Store holding `graph`, or else the shipped ontology and triples read
    straight from their Turtle files (errors as `file:line:column`)."""
    if graph is not None:
        store = pyoxigraph.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
        return store
    return oxigraph_store_of_files(shipped_files())


def oxigraph_store_of_files(files: list[Path]) -> pyoxigraph.Store:
    """An in-memory Store of the Turtle `files`, read straight into pyoxigraph (ten times
    faster than through rdflib); a syntax error as `file:line:column`."""
    store = pyoxigraph.Store()
    for path in files:
        data, _ = loading.read_turtle(path)
        try:
            store.load(data, pyoxigraph.RdfFormat.TURTLE)
        except SyntaxError:
            loading.check_syntax(data, paths.display_path(path))  # raises, with a position
            raise
    return store


# ---- remote -----------------------------------------------------------------------------


def _check_url(url: str, what: str) -> None:
    parts = urllib.parse.urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(f"{what} must be an http:// or https:// URL, got {url!r}")


def default_gsp_url(endpoint: str) -> str:
    """The Graph Store Protocol URL for the default graph beside a query endpoint:
    http://host:7878/query -> http://host:7878/store?default (Oxigraph's layout)."""
    return urllib.parse.urljoin(endpoint, "store") + "?default"


def values_block(bindings: Bindings) -> str:
    """A VALUES block for `bindings`, on lines of its own, to append to a query (the
    remote backend places it inside the WHERE group instead: `sparql_protocol`)."""
    return f"\n{sparql_protocol.values_block(bindings)}\n"


class RemoteBackend(_CheckedBackend):
    """A SPARQL 1.1 endpoint over HTTP: GET for short queries, a form POST for long ones
    (`method` forces one, see `warkg.sparql.protocol`); parameters as a VALUES block first
    in the WHERE group; `graph` queries that named graph as the default graph (the
    protocol's `default-graph-uri`)."""

    name = "remote"

    def __init__(
        self,
        endpoint: str,
        *,
        timeout: float = DEFAULT_TIMEOUT,
        method: str = "auto",
        graph: str | None = None,
    ) -> None:
        _check_url(endpoint, "the SPARQL endpoint")
        if method not in sparql_protocol.METHODS:
            raise InputError(
                f"unknown request method {method!r}; methods: {', '.join(sparql_protocol.METHODS)}"
            )
        if graph is not None:
            check_graph_iri(graph)
        self.endpoint = endpoint
        self.timeout = timeout
        self.method = method
        self.graph = graph

    def _run(self, prepared: sparql.PreparedQuery, bindings: dict[str, Node], name: str) -> Rows:
        text = prepared.text
        if bindings:
            if prepared.has_values_clause:
                raise InputError(
                    f"{name}: cannot bind parameters on an endpoint: the query already ends "
                    "in a VALUES clause"
                )
            text = sparql_protocol.bind_in_where(text, bindings)
        text = sparql_protocol.prologue_for(text) + text
        endpoint = self.endpoint
        if self.graph is not None:
            graph = urllib.parse.urlencode({"default-graph-uri": self.graph})
            endpoint += ("&" if urllib.parse.urlsplit(endpoint).query else "?") + graph
        method = sparql_protocol.choose(self.method, endpoint, text)
        verb, url, body, headers = sparql_protocol.request(method, endpoint, text)
        answer = remote_http.exchange(
            url, "SPARQL endpoint", method=verb, body=body, headers=headers, timeout=self.timeout
        )
        try:
            result = from_json(json.loads(answer.body), expected=prepared.variables)
        except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
            raise InputError(
                f"SPARQL endpoint {self.endpoint} did not answer with SPARQL results JSON: {error}"
            ) from None
        return result.rows


def check_graph_iri(iri: str) -> None:
    """InputError unless `iri` is an absolute IRI fit for N-Triples (`<...>`)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]+", iri):
        raise InputError(
            f"--graph must be an absolute IRI such as https://example.org/g, got {iri!r}"
        )


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
) -> stores.LoadReport:
    """Upload `graph` (default: the shipped ontology and triples; with `reason`, their
    OWL 2 RL closure) into the store behind `endpoint`: into `target_graph` (a named
    graph) or the default graph, replacing it or (`replace=False`) adding to it, with the
    Graph Store Protocol at `gsp_url` or where the store's layout puts it, else with
    SPARQL Update at `update_url` (see `warkg.stores`). Returns what was sent and what
    the store counts in the graph before and after."""
    _check_url(endpoint, "the SPARQL endpoint")
    if gsp_url:
        _check_url(gsp_url, "the Graph Store Protocol URL")
    if update_url:
        _check_url(update_url, "the SPARQL Update URL")
    if target_graph is not None:
        check_graph_iri(target_graph)
    mine, graph = graph is None, shipped_graph() if graph is None else graph
    if reason:
        graph = _reason(graph, reason, in_place=mine)
    return stores.load(
        endpoint,
        graph,
        target_graph=target_graph,
        gsp_url=gsp_url,
        update_url=update_url,
        replace=replace,
        method=method,
        timeout=timeout,
    )


# ---- opening ----------------------------------------------------------------------------


def shipped_files() -> list[Path]:
    """The ontology and triples files every backend loads, in order."""
    return paths.ontology_files() + paths.triples_files()


def shipped_graph() -> Graph:
    """The shipped ontology and triples in one rdflib graph."""
    return loading.load_files([paths.ontology_dir(), paths.triples_dir()])


def _reason(graph: Graph, engine: bool | str, *, in_place: bool = False) -> Graph:
    # the reasoners are only imported when asked for
    from warkg.reasoning import closure as reasoning

    engine = "owlrl" if engine is True else str(engine)
    return reasoning.reason(graph, engine=engine, in_place=in_place)


def open_graph(
    backend: str = "rdflib",
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
    ("owlrl", the default, or "reasonable"; see `warkg.reasoning.closure`). `backend` is "rdflib",
    "oxigraph" or "remote"; "remote" needs `endpoint`, the URL of a SPARQL 1.1 query
    endpoint that already holds the data (see `load_remote`). `owned`: `graph` is the
    caller's to give away, so the closure may be added to it rather than to a copy (as
    it is to the shipped graph, which is loaded for the backend alone). `method` and
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
        graph = _reason(shipped_graph() if graph is None else graph, reason, in_place=mine)
    if backend == "oxigraph":
        return OxigraphBackend(oxigraph_store(graph))
    return RdflibBackend(shipped_graph() if graph is None else graph)
