"""A remote SPARQL 1.1 endpoint as an engine.

The remote backend speaks the SPARQL 1.1 Protocol (POST application/sparql-query) for
queries and the Graph Store Protocol (PUT or POST text/turtle) to load the data; an
Oxigraph server's GSP endpoint is `/store`, beside its `/query`.
"""

from __future__ import annotations

import json
import re
import urllib.parse
from typing import TYPE_CHECKING

import pyoxigraph

from warkg.engines import http as remote_http
from warkg.engines.base import (
    DEFAULT_TIMEOUT,
    Answer,
    Backend,
    Bindings,
    Run,
    Triples,
    ordered,
    within,
)
from warkg.errors import InputError
from warkg.results.json import from_json
from warkg.sparql import protocol as sparql_protocol

if TYPE_CHECKING:
    pass


def check_url(url: str, what: str) -> None:
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


class RemoteBackend(Backend):
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
        check_url(endpoint, "the SPARQL endpoint")
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

    def _answer(self, run: Run) -> Answer:
        prepared, bindings, name, max_rows = run.prepared, run.bindings, run.name, run.max_rows
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
        graph_form = prepared.form in ("CONSTRUCT", "DESCRIBE")
        accept = _GRAPH_TYPES if graph_form else sparql_protocol.RESULTS_JSON
        verb, url, body, headers = sparql_protocol.request(method, endpoint, text, accept)
        answer = remote_http.exchange(
            url, "SPARQL endpoint", method=verb, body=body, headers=headers, timeout=self.timeout
        )
        if graph_form:
            return self._triples(answer, max_rows)
        try:
            data = json.loads(answer.body)
            if prepared.form == "ASK":
                if not isinstance(data, dict) or not isinstance(data.get("boolean"), bool):
                    raise ValueError("no boolean")
                return data["boolean"]
            result = from_json(data, expected=prepared.variables)
        except (ValueError, RecursionError) as error:  # JSONDecodeError is a ValueError
            raise InputError(
                f"SPARQL endpoint {self.endpoint} did not answer with SPARQL results JSON: {error}"
            ) from None
        within(len(result.rows), max_rows)
        return ordered(prepared.variables, result.rows)

    def _triples(self, answer: remote_http.Answer, max_rows: int | None) -> Triples:
        kind = (answer.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        rdf_format = _GRAPH_FORMATS.get(kind)
        if rdf_format is None:
            shown = kind or "no content type"
            raise InputError(
                f"SPARQL endpoint {self.endpoint} answered a graph query with {shown}, "
                "not N-Triples or Turtle"
            )
        try:
            triples = list(pyoxigraph.parse(answer.body, rdf_format))
        except SyntaxError as error:
            raise InputError(
                f"SPARQL endpoint {self.endpoint} answered with unreadable {kind}: {error}"
            ) from None
        within(len(triples), max_rows, "triples")
        return [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in triples]


_GRAPH_TYPES = "application/n-triples, text/turtle;q=0.9"
_GRAPH_FORMATS = {
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/plain": pyoxigraph.RdfFormat.N_TRIPLES,
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
}


def check_graph_iri(iri: str) -> None:
    """InputError unless `iri` is an absolute IRI fit for N-Triples (`<...>`)."""
    if not re.fullmatch(r"[A-Za-z][A-Za-z0-9+.-]*:[^<>\"{}|^`\\\x00-\x20]+", iri):
        raise InputError(
            f"--graph must be an absolute IRI such as https://example.org/g, got {iri!r}"
        )
