"""The fast embedded engine: pyoxigraph's Store in memory."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

import pyoxigraph
from rdflib import Graph

from warkg import paths
from warkg.engines.base import Answer, Backend, Run, TooLarge, Triples, only, within
from warkg.errors import InputError
from warkg.rdf import loading
from warkg.rdf.conversion import from_oxigraph, to_oxigraph
from warkg.rdf.prefixes import used_in
from warkg.results.model import Result
from warkg.sparql import scan as sparql_scan

if TYPE_CHECKING:
    from warkg.sparql import checks as sparql


class OxigraphBackend(Backend):
    """Queries a pyoxigraph Store held in memory (substitutions for parameters). Queries
    are checked by the linear-time scan (`sparql.check`) with pyoxigraph's parser as the
    syntax verdict: rdflib's parser never sees the text, so the SELECT variables (and
    the check of the parameters) come from pyoxigraph's answer. `base_iri` resolves
    relative IRIs in queries (an endpoint's own URL)."""

    name = "oxigraph"
    reads_with_rdflib = False

    def __init__(self, store: pyoxigraph.Store, base_iri: str | None = None) -> None:
        self.store = store
        self.base_iri = base_iri

    def _answer(self, run: Run) -> Answer:
        answer = self._evaluate(run)
        return answer.result() if isinstance(answer, Solutions) else answer

    def answer_lazily(
        self, query: str | sparql.PreparedQuery, *, name: str = "query", max_rows: int | None = None
    ) -> Solutions | bool | Triples:
        """`answer`, but a SELECT's rows left as pyoxigraph gives them, read as the caller
        writes them (`Solutions`): the endpoint writes SPARQL JSON straight from them."""
        return self._evaluate(Run(self.check(query, name, False), name, max_rows=max_rows))

    def _evaluate(self, run: Run) -> Solutions | bool | Triples:
        prepared, bindings, name, max_rows = run.prepared, run.bindings, run.name, run.max_rows
        substitutions = {pyoxigraph.Variable(k): to_oxigraph(v) for k, v in bindings.items()}
        try:
            answer = self.store.query(
                prepared.text,
                prefixes=used_in(prepared.text) or None,
                substitutions=substitutions or None,
                base_iri=self.base_iri,
            )
            if isinstance(answer, pyoxigraph.QueryBoolean):
                return bool(answer)
            found_form = "CONSTRUCT" if isinstance(answer, pyoxigraph.QueryTriples) else "SELECT"
            if run.expected not in (None, found_form):
                raise only(run.expected, found_form, name)
            if isinstance(answer, pyoxigraph.QueryTriples):
                triples = []
                for triple in answer:
                    within(len(triples) + 1, max_rows, "triples")
                    triples.append(triple)
                return triples
            found = tuple(v.value for v in answer.variables)
            variables = sparql_scan.in_order(found, prepared.variables)
            return Solutions(variables, answer, run, tuple(map(found.index, variables)))
        except (SyntaxError, OSError, RuntimeError, ValueError) as error:
            raise failure(error, run) from None


def failure(error: Exception, run: Run) -> InputError:
    """What pyoxigraph raised, as the engine words it."""
    if isinstance(error, SyntaxError):
        return run.prepared.oxigraph_error(error, run.name)
    return InputError(f"{run.name}: pyoxigraph could not run the query: {error}")


Row = TypeVar("Row")


class Solutions:
    """A SELECT answer as pyoxigraph gives it, to be read once: its variables in order,
    and its solutions made into rows by the caller (`rows`), each row checked against
    the row limit before it is made, and every error pyoxigraph or the caller's `row`
    raises worded as the engine words it, exactly as `result` makes the engine's rows.

    `positions[i]` is where `variables[i]` is in each solution: a solution read by
    position costs a seventh of one read by name (pyoxigraph tries the key as a number
    first, and building that failure is most of the cost)."""

    def __init__(
        self,
        variables: tuple[str, ...],
        solutions: pyoxigraph.QuerySolutions,
        run: Run,
        positions: tuple[int, ...],
    ) -> None:
        self.variables = variables
        self.positions = positions
        self._solutions = solutions
        self._run = run

    def rows(self, row: Callable[[pyoxigraph.QuerySolution], Row]) -> Iterator[Row]:
        count, limit = 0, self._run.max_rows
        try:
            for solution in self._solutions:
                count += 1
                if limit is not None and count > limit:  # `within`, inline: once per row
                    raise TooLarge(limit, "rows")
                yield row(solution)
        except (SyntaxError, OSError, RuntimeError, ValueError) as error:
            raise failure(error, self._run) from None

    def result(self) -> Result:
        """The rows as every engine gives them: rdflib terms, aligned."""
        columns = tuple(zip(self.variables, self.positions, strict=True))
        return Result(
            self.variables,
            list(self.rows(lambda s: {v: from_oxigraph(s[i]) for v, i in columns})),
        )


def oxigraph_store(graph: Graph | None = None) -> pyoxigraph.Store:
    """An in-memory Store holding `graph`, or else the shipped ontology and triples read
    straight from their Turtle files (errors as `file:line:column`)."""
    if graph is not None:
        store = pyoxigraph.Store()
        store.load(graph.serialize(format="nt", encoding="utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
        return store
    return oxigraph_store_of_files(loading.shipped_files())


def _into_default_graph(
    data: bytes, fmt: pyoxigraph.RdfFormat, path: Path
) -> list[pyoxigraph.Quad]:
    """The file's triples in the default graph (the union of an N-Quads file's graphs, as
    rdflib's loading gives it), or InputError at the line pyoxigraph names."""
    try:
        return [
            pyoxigraph.Quad(q.subject, q.predicate, q.object)
            for q in pyoxigraph.parse(input=data, format=fmt)
        ]
    except SyntaxError as error:
        name = paths.display_path(path)
        raise InputError.at(
            name, error.lineno or 1, error.offset or 1, f"bad syntax: {error.msg}"
        ) from None


def oxigraph_store_of_files(files: list[Path]) -> pyoxigraph.Store:
    """An in-memory Store of the Turtle `files`, read straight into pyoxigraph (ten times
    faster than through rdflib); a syntax error as `file:line:column`."""
    store = pyoxigraph.Store()
    for path in files:
        data, _ = loading.read_turtle(path)
        if loading.line_format(path) is not None:  # N-Triples, N-Quads: into one graph
            store.extend(_into_default_graph(data, loading.line_format(path), path))
            continue
        try:
            store.load(data, pyoxigraph.RdfFormat.TURTLE)
        except SyntaxError:
            loading.check_syntax(data, paths.display_path(path))  # raises, with a position
            raise
    return store
