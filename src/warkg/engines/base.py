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

Every engine answers the three query forms the same way: `select` (a `Result`), `ask`
(a bool) and `construct` (pyoxigraph triples, for CONSTRUCT and DESCRIBE), each
checked first; `answer` runs a query of any form (what an endpoint needs). `max_rows`
stops an answer while it is produced (`TooLarge`), not after.
"""

from __future__ import annotations

import functools
from abc import ABC, abstractmethod
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import pyoxigraph
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

Triples = list[pyoxigraph.Triple]

Answer = Result | bool | Triples
"""What a query of any form gives: SELECT rows, an ASK verdict, or CONSTRUCT/DESCRIBE
triples."""


class TooLarge(Exception):
    """An answer with more than `limit` rows (or triples): raised while it is produced."""

    def __init__(self, limit: int, what: str) -> None:
        self.limit = limit
        self.what = what
        super().__init__(f"the answer has more than {limit} {what}")


_FORMS = {"SELECT": ("SELECT",), "ASK": ("ASK",), "CONSTRUCT": ("CONSTRUCT", "DESCRIBE")}


def only(form: str, found: str, name: str) -> InputError:
    return InputError(f"{name}: only {form} queries can be run here, not {found}")


def form_of(answer: Answer) -> str:
    """SELECT, ASK or CONSTRUCT, by what an answer is."""
    if isinstance(answer, Result):
        return "SELECT"
    return "ASK" if isinstance(answer, bool) else "CONSTRUCT"


def check_bindings(variables: tuple[str, ...], bindings: Bindings, name: str) -> None:
    for variable in bindings:
        if variable not in variables:
            raise InputError(
                f"{name}: cannot bind ?{variable}: it is not in the query's SELECT clause"
            )


def within(count: int, limit: int | None, what: str = "rows") -> None:
    """TooLarge once `count` passes `limit` (None: no limit)."""
    if limit is not None and count > limit:
        raise TooLarge(limit, what)


def ordered(
    variables: tuple[str, ...], rows: list[dict[str, Node | None]], *, aligned: bool = False
) -> Result:
    """Rows with exactly `variables` as keys, in order, their terms aligned (unless the
    backend gave them aligned already)."""
    if aligned:
        return Result(variables, [{v: row.get(v) for v in variables} for row in rows])
    return Result(variables, [{v: align(row.get(v)) for v in variables} for row in rows])


@dataclass(frozen=True)
class Run:
    """A checked query as an engine is asked to run it: its parameters, the name errors
    give it, the row limit, and the form the caller needs (None: any), which lets an
    engine that learns the form only as it runs refuse another before answering."""

    prepared: sparql.PreparedQuery
    name: str
    bindings: dict[str, Node] = field(default_factory=dict)
    max_rows: int | None = None
    expected: str | None = None


@functools.lru_cache(maxsize=256)
def checked_text(
    with_rdflib: bool, text: str, name: str, allow_remote: bool
) -> sparql.PreparedQuery:
    """`text` as checked when queries/index.json was written if it is a shipped query's,
    else as checked now: by rdflib's parser (`sparql.prepare`) for an engine that needs
    its reading, by the linear-time scan (`sparql.check`) for one that does not.

    Kept per text, name and permission, the only things the verdict depends on (a refusal
    is raised again each time, never kept): an endpoint's clients send the same few
    queries again and again, and looking them up anew cost more than the check."""
    prepared = proven.checked(text)
    if prepared is not None:
        return prepared
    from warkg.sparql import checks as sparql

    if with_rdflib:
        return sparql.prepare(text, name, allow_remote=allow_remote)
    return sparql.check(text, name, allow_remote=allow_remote)


class Backend(ABC):
    """An engine. Every query is checked first (syntax, read-only, no SERVICE/FROM unless
    allowed), each parameter must be a projected variable, and a query must have the
    form the method asks for; answers are the same on every engine (terms aligned as
    Oxigraph reports them). Subclasses say only how to run a checked query (`_answer`).
    """

    name = "engine"
    reads_with_rdflib = True
    """Whether the engine needs rdflib's reading of a query (its translation, its form
    and variables), not only the linear-time scan's verdict."""

    def check(
        self, query: str | sparql.PreparedQuery, name: str, allow_remote: bool
    ) -> sparql.PreparedQuery:
        """`query` as checked: as given if it was checked already (by rdflib's parser
        where this engine needs it), as checked when
        queries/index.json was written if it is a shipped query's text, else checked now
        (`checked_text`; rdflib's SPARQL parser is only imported for such a text)."""
        if not isinstance(query, str):
            if self.reads_with_rdflib and query.query is None:  # the scan's verdict only
                from warkg.sparql import checks as sparql

                written = query.source.written if query.source else query.text
                return sparql.prepare(written, name, allow_remote=allow_remote)
            return query
        return checked_text(self.reads_with_rdflib, query, name, allow_remote)

    def select(
        self,
        query: str | sparql.PreparedQuery,
        bindings: Bindings | None = None,
        *,
        name: str = "query",
        allow_remote: bool = False,
        max_rows: int | None = None,
    ) -> Result:
        prepared = self.check(query, name, allow_remote)
        bindings = dict(bindings or {})
        if prepared.form == "SELECT" and self.reads_with_rdflib:  # variables known: check first
            check_bindings(prepared.variables, bindings, name)
        answer = self._of_form(Run(prepared, name, bindings, max_rows, "SELECT"))
        assert isinstance(answer, Result)
        check_bindings(answer.variables, bindings, name)
        return answer

    def ask(
        self, query: str | sparql.PreparedQuery, *, name: str = "query", allow_remote: bool = False
    ) -> bool:
        prepared = self.check(query, name, allow_remote)
        return bool(self._of_form(Run(prepared, name, expected="ASK")))

    def construct(
        self,
        query: str | sparql.PreparedQuery,
        *,
        name: str = "query",
        allow_remote: bool = False,
        max_rows: int | None = None,
    ) -> Triples:
        prepared = self.check(query, name, allow_remote)
        answer = self._of_form(Run(prepared, name, max_rows=max_rows, expected="CONSTRUCT"))
        assert isinstance(answer, list)
        return answer

    def _of_form(self, run: Run) -> Answer:
        """The answer to a query that must be of `run.expected`; InputError naming the
        form it has, found by the check or, when the scan could not tell, by the engine."""
        form, found = run.expected or "", run.prepared.form
        if found not in (*_FORMS[form], ""):
            raise only(form, found, run.name)
        answer = self._answer(run)
        if form_of(answer) != form:
            raise only(form, form_of(answer), run.name)
        return answer

    def answer(
        self,
        query: str | sparql.PreparedQuery,
        *,
        name: str = "query",
        allow_remote: bool = False,
        max_rows: int | None = None,
    ) -> Answer:
        """A query of any form checked and run: its rows, its verdict or its triples."""
        return self._answer(Run(self.check(query, name, allow_remote), name, max_rows=max_rows))

    @abstractmethod
    def _answer(self, run: Run) -> Answer:
        """The engine's answer to `run`."""
