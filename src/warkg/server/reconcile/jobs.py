"""What a reconciliation worker does for each request: match a batch or a single query,
write the manifest, a preview card or suggestions, over the entity index it builds once
from the snapshot (`Engine.reconcile_index`). In a worker, not the server's event loop:
a batch of long names costs seconds of CPU, which the time limit must be able to stop."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from warkg.rdf.namespaces import ID, WARKG
from warkg.server.http.errors import HttpError
from warkg.server.http.media import HTML, PLAIN_JSON
from warkg.server.pages import render
from warkg.server.reconcile.index import Index, QueryError, TextTooLong, check_query
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply
from warkg.version import package_version

MAX_QUERIES = 100
"""Queries per batch (OpenRefine sends 10 by default); more is a 413."""


def _json(payload: Any) -> Reply:
    """JSON as Starlette's JSONResponse writes it (compact, UTF-8)."""
    body = json.dumps(
        payload, ensure_ascii=False, allow_nan=False, indent=None, separators=(",", ":")
    )
    return Reply(200, PLAIN_JSON.media_type, body.encode("utf-8"))


def _checked(key: str, query: Any) -> dict[str, Any]:
    """`query` if its shape is right; else 422 for a name too long, 400 otherwise."""
    try:
        return check_query(key, query)
    except TextTooLong as error:
        raise HttpError(422, str(error)) from None
    except QueryError as error:
        raise HttpError(400, str(error)) from None


def _run(index: Index, key: str, query: dict[str, Any]) -> list[dict[str, Any]]:
    try:
        return index.reconcile(query)
    except QueryError as error:  # a type or property this graph does not have
        raise HttpError(400, str(error)) from None


@dataclass(frozen=True)
class ManifestJob:
    """The service manifest; every URL in it from the server's base URL, never from the
    request's Host header."""

    base: str

    def run(self, engine: Engine) -> Reply:
        index = engine.reconcile_index()
        types = index.types_in_use()
        default = [t for t in types if t in {str(WARKG.State), str(WARKG.Place), str(WARKG.Event)}]
        return _json(
            {
                "versions": ["0.2"],
                "name": "warkg: Second Nagorno-Karabakh War knowledge graph",
                "identifierSpace": str(ID),
                "schemaSpace": str(WARKG),
                "documentation": "https://w3id.org/warkg",
                "serviceVersion": package_version(),
                "defaultTypes": [{"id": t, "name": index.type_name(t)} for t in default],
                "view": {"url": "{{id}}"},
                "preview": {
                    "url": f"{self.base}reconcile/preview?id={{{{id}}}}",
                    "width": 400,
                    "height": 120,
                },
                "suggest": {
                    name: {
                        "service_url": f"{self.base.rstrip('/')}/reconcile",
                        "service_path": f"/suggest/{name}",
                    }
                    for name in ("entity", "type", "property")
                },
            }
        )


@dataclass(frozen=True)
class BatchJob:
    """`queries={"q0": {...}, ...}`: one result list per query."""

    text: str

    def run(self, engine: Engine) -> Reply:
        try:
            batch = json.loads(self.text)
        except ValueError as error:
            raise HttpError(400, f"parameter 'queries' is not JSON: {error}") from None
        if not isinstance(batch, dict) or not batch:
            raise HttpError(
                400,
                "parameter 'queries' must be a non-empty JSON object of "
                'queries, e.g. {"q0": {"query": "Shusha"}}',
            )
        if len(batch) > MAX_QUERIES:
            raise HttpError(
                413,
                f"parameter 'queries' has {len(batch)} queries; the limit "
                f"is {MAX_QUERIES} per request",
            )
        checked = {key: _checked(key, query) for key, query in batch.items()}  # all, first
        index = engine.reconcile_index()
        return _json({key: {"result": _run(index, key, query)} for key, query in checked.items()})


@dataclass(frozen=True)
class SingleJob:
    """The older single form: `query=Shusha` or `query={"query": "Shusha", ...}`."""

    text: str

    def run(self, engine: Engine) -> Reply:
        stripped = self.text.strip()
        if stripped.startswith("{"):
            try:
                query = json.loads(stripped)
            except ValueError as error:
                raise HttpError(400, f"parameter 'query' is not JSON: {error}") from None
        else:
            query = {"query": self.text}
        return _json({"result": _run(engine.reconcile_index(), "query", _checked("query", query))})


@dataclass(frozen=True)
class PreviewJob:
    """A small HTML card for OpenRefine's preview pane (`templates/reconcile_preview.html`,
    styled by /static/preview.css: no inline style, which the card's own Content Security
    Policy would block)."""

    iri: str

    def run(self, engine: Engine) -> Reply:
        index = engine.reconcile_index()
        entity = index.entities.get(self.iri)
        if entity is None:
            raise HttpError(404, f"no entity {self.iri!r} in this graph")
        types = ", ".join(index.type_name(t) for t in sorted(entity.types))
        html = render("reconcile_preview.html", entity=entity, types=types)
        return Reply(200, HTML.content_type, html.encode("utf-8"))


@dataclass(frozen=True)
class SuggestJob:
    """Auto-completion of entities, types or properties from a prefix."""

    kind: str
    prefix: str
    type: str | None
    limit: int
    cursor: int

    def run(self, engine: Engine) -> Reply:
        index = engine.reconcile_index()
        wanted = self.cursor + self.limit
        try:
            if self.kind == "entity":
                found = index.suggest_entities(self.prefix, self.type, wanted)
            elif self.kind == "type":
                found = index.suggest_terms(self.prefix, index.types_in_use(), wanted)
            else:
                found = index.suggest_terms(self.prefix, index.properties, wanted)
        except QueryError as error:
            raise HttpError(400, str(error)) from None
        return _json({"result": found[self.cursor :]})
