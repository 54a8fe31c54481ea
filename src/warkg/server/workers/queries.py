"""The query jobs: an ad-hoc query from the protocol endpoint and a stored query by name,
each answered in the format the client negotiated."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from warkg.catalogue import run as querying
from warkg.catalogue.stored import StoredQuery
from warkg.engines.base import within
from warkg.engines.oxigraph import Solutions
from warkg.results.model import Result
from warkg.server import answers
from warkg.server.http import media
from warkg.server.http.errors import HttpError
from warkg.server.http.negotiation import negotiate
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply


@dataclass(frozen=True)
class SparqlJob:
    """An ad-hoc query from the protocol endpoint: SELECT and ASK as SPARQL results,
    CONSTRUCT and DESCRIBE as RDF."""

    text: str
    accept: str | None
    format: str | tuple[str, ...] | None

    def run(self, engine: Engine) -> Reply:
        answer = engine.answer_lazily(self.text)
        if isinstance(answer, Solutions):
            if self._results_format() is media.JSON:  # the common case, written directly
                return Reply(200, media.JSON.content_type, answers.write_json_solutions(answer))
            answer = answer.result()
        if isinstance(answer, Result):
            fmt = negotiate(media.RESULT_FORMATS, self.accept, self.format, media.TEXT_FORMATS)
            body = answers.write_result(answer, fmt)
        elif isinstance(answer, bool):
            fmt = negotiate(media.RESULT_FORMATS, self.accept, self.format)
            body = answers.write_boolean(answer, fmt)
        else:
            fmt = negotiate(media.CONSTRUCT_FORMATS, self.accept, self.format)
            body = answers.write_graph(answer, fmt)
        return Reply(200, fmt.content_type, body)

    def _results_format(self) -> media.Format | None:
        """The format of a SELECT answer; None where the request names none that can be
        given (that refusal is raised as ever, after the rows are read, so that a query's
        own errors still come first)."""
        try:
            return negotiate(media.RESULT_FORMATS, self.accept, self.format, media.TEXT_FORMATS)
        except HttpError:
            return None


@dataclass(frozen=True)
class StoredJob:
    """A stored query with parameters as the client typed them (checked by the server
    already; bound again here, through the library, as the command line binds them)."""

    query: StoredQuery
    params: Mapping[str, str]
    accept: str | None
    format: str | tuple[str, ...] | None

    def run(self, engine: Engine) -> Reply:
        fmt = negotiate(media.RESULT_FORMATS, self.accept, self.format, media.TEXT_FORMATS)
        result = querying.execute(engine.backend, self.query, self.params)
        within(len(result), engine.max_rows)
        return Reply(200, fmt.content_type, answers.write_result(result, fmt))
