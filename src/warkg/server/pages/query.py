"""Queries for people: `/query` (a SPARQL form with the stored queries as examples,
results as a table whose terms link to their pages, and links to the same results as
CSV, TSV and JSON) and the stored queries as pages (`/queries`, `/queries/NAME` for a
browser: a form for the parameters, the results, the query text).

A browser that opens a stored query gets this page; a program still gets SPARQL
results (see `site.stored_query`). Queries are checked and run by the worker's engine
exactly as the protocol endpoint runs them (`Engine.evaluate`), with the same row limit;
parameters are bound as RDF terms (`stored_queries.bind`), never pasted in.
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Sequence
from dataclasses import dataclass

from warkg.catalogue import run as querying
from warkg.catalogue import stored as stored_queries
from warkg.engines.base import TooLarge
from warkg.errors import InputError
from warkg.rdf.conversion import to_rdflib
from warkg.results.model import Result
from warkg.server.http.errors import HttpError
from warkg.server.pages import render
from warkg.server.pages import terms as views
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import (
    Reply,
    html_reply,
    refusal_status,
    server_message,
    too_many_rows,
)

_NUMBER_COLUMNS = {"references", "reference", "number"}


def _cell(variable: str, term: object) -> dict:
    """A result cell: its term shown (linked where it has a page); reference numbers
    listed in one cell become links to the references."""
    text = "" if term is None else str(term)
    if variable in _NUMBER_COLUMNS and text and all(p.isdigit() for p in text.split()):
        return {"refs": text.split()}
    return {"term": views.show(term)}


def table(result: Result) -> dict:
    return {
        "variables": list(result.variables),
        "rows": [[_cell(v, row.get(v)) for v in result.variables] for row in result.rows],
    }


def _examples() -> list:
    return stored_queries.list_queries()


@dataclass(frozen=True)
class QueryPageJob:
    """`/query`: the form, and the answer to `text` if given."""

    text: str | None
    example: str | None

    def run(self, engine: Engine) -> Reply:
        examples = _examples()
        text = self.text
        status, error, answer = 200, None, None
        if text is None and self.example:
            chosen = next((q for q in examples if q.name == self.example), None)
            if chosen is None:
                status, error = 404, f"There is no stored query named {self.example!r}."
            else:
                text = chosen.sparql
        if text is not None and text.strip() and self.text is not None:
            try:
                answer = self._answer(engine, text)
            except TooLarge as failure:
                status, error = 422, too_many_rows(failure)
            except InputError as failure:
                status, error = refusal_status(failure), server_message(failure)
        elif self.text is not None:
            status, error = 400, "The query is empty."
        return html_reply(
            status,
            render(
                "query.html",
                title="SPARQL query",
                text=text or _DEFAULT,
                examples=examples,
                error=error,
                answer=answer,
            ),
        )

    @staticmethod
    def _answer(engine: Engine, text: str) -> dict:
        """`text` checked and run exactly as the endpoint runs it (`Engine.answer`)."""
        quoted = urllib.parse.quote(text, safe="")
        answer = engine.answer(text)
        if isinstance(answer, Result):
            result = answer
            downloads = [("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON")]
            shown = table(result)
            unit = "row"
        elif isinstance(answer, bool):
            return {"boolean": answer, "downloads": _links(quoted, [("json", "JSON")])}
        else:
            rows = [
                {
                    "subject": to_rdflib(t.subject),
                    "predicate": to_rdflib(t.predicate),
                    "object": to_rdflib(t.object),
                }
                for t in answer
            ]
            shown = table(Result(("subject", "predicate", "object"), rows))
            downloads = [("ttl", "Turtle"), ("nt", "N-Triples"), ("jsonld", "JSON-LD")]
            unit = "triple"
        count = len(shown["rows"])
        return {**shown, "count": count, "unit": unit, "downloads": _links(quoted, downloads)}


def _links(quoted: str, formats: Sequence[tuple[str, str]]) -> list[dict]:
    return [{"href": f"/sparql?query={quoted}&format={f}", "text": t} for f, t in formats]


_DEFAULT = """SELECT ?claim ?label WHERE {
  ?claim a warkg:CasualtyClaim ; rdfs:label ?label .
}
ORDER BY ?label
LIMIT 20"""


@dataclass(frozen=True)
class QueryListJob:
    """`/queries` for a browser."""

    def run(self, engine: Engine) -> Reply:
        return html_reply(200, render("queries.html", title="Stored queries", queries=_examples()))


@dataclass(frozen=True)
class StoredPageJob:
    """`/queries/NAME` for a browser: the form, and the results once the required
    parameters are given."""

    name: str
    items: tuple[tuple[str, str], ...]

    def run(self, engine: Engine) -> Reply:
        backend = engine.backend
        query = next((q for q in _examples() if q.name == self.name), None)
        if query is None:
            names = ", ".join(q.name for q in _examples())
            return html_reply(
                404,
                render(
                    "error.html",
                    title="Not found",
                    message=f"There is no stored query named {self.name!r}; there are: {names}.",
                ),
            )
        values: dict[str, str] = {}
        status, error, answer = 200, None, None
        for key, value in self.items:
            if key in values:
                status, error = 400, f"Parameter {key!r} is given twice; give it once."
            values[key] = value
        given = {k: v for k, v in values.items() if v != ""}
        missing = [p.name for p in query.params if p.required and p.name not in given]
        if error is None and not missing:
            try:
                result = querying.execute(backend, query, given)
                if len(result) > engine.max_rows:
                    raise HttpError(422, "the answer has more rows than the server's limit")
                answer = {**table(result), "count": len(result)}
            except InputError as failure:
                status, error = 400, failure.message.replace("--param ", "")
            except HttpError as failure:
                status, error = failure.status, failure.message
        encoded = urllib.parse.urlencode(list(given.items()))
        suffix = f"{encoded}&" if encoded else ""
        downloads = [
            {"href": f"/queries/{query.name}?{suffix}format={f}", "text": t}
            for f, t in (("csv", "CSV"), ("tsv", "TSV"), ("json", "JSON"), ("xml", "XML"))
        ]
        return html_reply(
            status,
            render(
                "stored_query.html",
                title=query.summary or query.name,
                query=query,
                values=values,
                missing=missing,
                error=error,
                answer=answer,
                downloads=downloads,
            ),
        )
