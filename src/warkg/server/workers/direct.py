"""The common job answered directly: a SELECT from the protocol endpoint, answered in
SPARQL JSON on the oxigraph engine.

At one client a request waits for its worker, and a worker woken for each job runs on
cold caches: what counts is how many functions, objects and allocations a job touches,
not only how fast each is. This path gives the bytes `SparqlJob.run` gives (the same
check, prefixes, row limit, bindings and errors, in the same order) in one function,
with what is the same for every request of a kind looked up once: the negotiation
verdict for an (Accept, format) pair, and the checked text and prefixes of a query.
Anything else is left to `SparqlJob.run`, before anything has run.
"""

from __future__ import annotations

import pyoxigraph

from warkg.engines.base import Run, TooLarge, checked_text
from warkg.engines.oxigraph import OxigraphBackend, failure
from warkg.rdf.prefixes import used_in
from warkg.server import answers
from warkg.server.http import media
from warkg.server.http.errors import HttpError
from warkg.server.http.negotiation import KEPT_LENGTH, negotiate
from warkg.server.workers.queries import SparqlJob
from warkg.sparql import scan as sparql_scan

KEPT = 256
"""How many verdicts of each kind are kept (as the lru caches behind them keep)."""

_ERRORS = (SyntaxError, OSError, RuntimeError, ValueError)
"""What pyoxigraph raises for a query it cannot run (worded by `failure`)."""


class DirectJson:
    """Answers the common job on one oxigraph engine (`body`)."""

    def __init__(self, backend: OxigraphBackend, max_rows: int) -> None:
        self._store = backend.store
        self._base_iri = backend.base_iri
        self._max_rows = max_rows
        self._json: dict[tuple[object, object], bool] = {}
        self._checked: dict[str, tuple] = {}
        self._shapes: dict[tuple, tuple] = {}

    def body(self, job: SparqlJob) -> bytes | None:
        """The SPARQL JSON body of the reply to `job`, or None where the job is not the
        common case (then nothing has run). Raises what `SparqlJob.run` raises."""
        try:
            json = self._json.get((job.accept, job.format))
        except TypeError:  # format values in a list: not kept
            return None
        if json is None:
            json = self._negotiated(job)
        if not json:
            return None
        checked = self._checked.get(job.text)
        if checked is None:
            checked = self._check(job.text)
        prepared, text, prefixes = checked
        if prepared.form != "SELECT":
            return None
        limit = self._max_rows
        try:
            answer = self._store.query(
                text, prefixes=prefixes, substitutions=None, base_iri=self._base_iri
            )
            if type(answer) is not pyoxigraph.QuerySolutions:  # never for a SELECT
                return None
            found = tuple([v.value for v in answer.variables])
            shape = self._shapes.get((found, prepared.variables))
            if shape is None:
                shape = self._shape(found, prepared.variables)
        except _ERRORS as error:
            raise failure(error, Run(prepared, "query", max_rows=limit)) from None
        head, columns = shape
        kept, binding = answers.BINDINGS, answers.binding
        rows = []
        count = 0
        try:
            for solution in answer:
                count += 1
                if count > limit:
                    raise TooLarge(limit, "rows")
                written = []
                for position, key in columns:
                    term = solution[position]
                    if term is not None:
                        written.append(key + (kept.get(term) or binding(term)))
                rows.append("{" + ", ".join(written) + "}")
        except _ERRORS as error:
            raise failure(error, Run(prepared, "query", max_rows=limit)) from None
        return (head + ", ".join(rows) + "]}}\n").encode()

    def _negotiated(self, job: SparqlJob) -> bool:
        """Whether the job's Accept header and format values choose SPARQL JSON for a
        SELECT, as `SparqlJob` negotiates; kept for headers as short as `negotiate` keeps."""
        try:
            json = (
                negotiate(media.RESULT_FORMATS, job.accept, job.format, media.TEXT_FORMATS)
                is media.JSON
            )
        except HttpError:
            json = False
        values = (job.format,) if isinstance(job.format, str) else tuple(job.format or ())
        if len(job.accept or "") + sum(len(v) for v in values) <= KEPT_LENGTH:
            if len(self._json) >= KEPT:
                self._json.clear()
            self._json[(job.accept, job.format)] = json
        return json

    def _check(self, text: str) -> tuple:
        """The query as checked (refusals raised, never kept), the text pyoxigraph runs,
        and the prefixes it is handed: as the oxigraph engine's `answer_lazily` has them."""
        prepared = checked_text(False, text, "query", False)
        checked = (prepared, prepared.text, used_in(prepared.text) or None)
        if len(self._checked) >= KEPT:
            self._checked.clear()
        self._checked[text] = checked
        return checked

    def _shape(self, found: tuple[str, ...], star_order: tuple[str, ...]) -> tuple:
        """The JSON up to the first row, and each column's position in a solution and
        key, for pyoxigraph's variables `found`: as the engine orders them."""
        variables = sparql_scan.in_order(found, star_order)
        head, keys = answers.json_shape(variables)
        shape = (head, tuple(zip(map(found.index, variables), keys, strict=True)))
        if len(self._shapes) >= KEPT:
            self._shapes.clear()
        self._shapes[(found, star_order)] = shape
        return shape
