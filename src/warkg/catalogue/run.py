"""Run stored queries by name, with typed parameters, or ad-hoc SPARQL, on any backend.

    >>> from warkg import open_graph, run_query
    >>> result = run_query(open_graph(), "reference-supports", reference=10)
    >>> result[0]["claim"] == result[0][1]
    True

List columns (GROUP_CONCAT, whose order SPARQL leaves to the engine) are sorted here,
once for every backend, so the same query gives the same rows everywhere.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from warkg.catalogue import stored as stored_queries
from warkg.catalogue.stored import StoredQuery
from warkg.results.model import Result, normalise_lists

if TYPE_CHECKING:
    from warkg.engines.base import Backend
    from warkg.sparql.checks import PreparedQuery


def list_queries() -> list[StoredQuery]:
    """Every stored query in `queries/`, sorted by name."""
    return stored_queries.list_queries()


def run_query(backend: Backend, name: str | StoredQuery, /, **params: object) -> Result:
    """Run a stored query with `params` (strings as typed on the command line, ints, or
    rdflib terms), defaults filling in the rest. InputError for an unknown query, an
    unknown or missing parameter, or a value that does not fit the parameter's type."""
    query = name if isinstance(name, StoredQuery) else stored_queries.get_query(name)
    return execute(backend, query, params)


def execute(
    backend: Backend,
    query: StoredQuery,
    params: Mapping[str, object],
    *,
    allow_remote: bool = False,
) -> Result:
    """`run_query` with the parameters as a mapping, and SERVICE / FROM allowed on request."""
    bindings = stored_queries.bind(query, params)
    result = backend.select(
        query.text, bindings, name=f"queries/{query.name}.rq", allow_remote=allow_remote
    )
    return normalise_lists(result, query.list_columns)


def run_sparql(
    backend: Backend,
    text: str | PreparedQuery,
    *,
    name: str = "query",
    allow_remote: bool = False,
) -> Result:
    """Run an ad-hoc SELECT query (our prefixes predeclared), or one checked already
    (`warkg.sparql.checks`). SERVICE and FROM are refused unless `allow_remote`; updates
    always are."""
    return backend.select(text, name=name, allow_remote=allow_remote)
