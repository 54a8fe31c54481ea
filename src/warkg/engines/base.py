"""Where queries run: rdflib (embedded default), pyoxigraph (fast embedded), or a remote
SPARQL 1.1 endpoint.

Every backend answers `select(query, bindings)` with a `Result` of rdflib terms, so the
same query compares equal across them. Every query is first checked by
`sparql.prepare` (syntax, no updates, no SERVICE / FROM unless allowed) before an engine
sees it, and every engine runs the text `prepare` checked (`PreparedQuery.text`, escapes
expanded) or rdflib's translation of it, never the text it was given. (A shipped query
was checked once, when queries/index.json was written: see `warkg.catalogue.index`.) Parameters are
bound as terms, never pasted into the text: rdflib gets initBindings, pyoxigraph
substitutions, and a remote endpoint a trailing VALUES block written from each term's
N-Triples form.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol, runtime_checkable

from rdflib.term import Node

from warkg.errors import InputError
from warkg.rdf.conversion import align
from warkg.results.model import Result
from warkg.sparql import proven

if TYPE_CHECKING:
    from warkg.sparql import checks as sparql

BACKENDS = ("rdflib", "oxigraph", "remote")


DEFAULT_TIMEOUT = 10.0

Bindings = Mapping[str, Node]

Rows = list[dict[str, Node | None]]


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
    # written (warkg.catalogue.index); any other text is checked now, and rdflib's SPARQL
    # parser is only imported for such a text.
    prepared = proven.checked(query)
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


def ordered(
    variables: tuple[str, ...], rows: list[dict[str, Node | None]], *, aligned: bool = False
) -> Result:
    """Rows with exactly `variables` as keys, in order, their terms aligned (unless the
    backend gave them aligned already)."""
    if aligned:
        return Result(variables, [{v: row.get(v) for v in variables} for row in rows])
    return Result(variables, [{v: align(row.get(v)) for v in variables} for row in rows])


class CheckedBackend:
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
        return ordered(prepared.variables, rows, aligned=self.aligned)

    def _run(self, prepared: sparql.PreparedQuery, bindings: dict[str, Node], name: str) -> Rows:
        raise NotImplementedError
