"""A reference's page (`/id/reference/N`): every field the article gives for it, and
what it supports (the stored query `reference-supports`); and `/references`, every
reference with its title and where it was published."""

from __future__ import annotations

from dataclasses import dataclass

from warkg.catalogue import run as querying
from warkg.catalogue.stored import Param, convert
from warkg.engines.base import Backend
from warkg.errors import InputError
from warkg.rdf.namespaces import BASE
from warkg.server.pages import not_found, query_files, render, resources
from warkg.server.pages import terms as views
from warkg.server.pages.terms import cell_text, claim_slug
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, html_reply

_REFERENCE = Param("reference", "xsd:positiveInteger", "a reference number")


def reference(backend: Backend, number: str | None) -> tuple[int, str]:
    """One reference: every field the article gives, and everything it supports."""
    try:
        term = convert(_REFERENCE, number or "")
    except InputError:
        return not_found(f"There is no reference number {number!r}.")
    fields = query_files.select(backend, "reference-fields", {"number": term}).rows
    if not fields:
        return not_found(f"There is no reference number {number}.")
    authors = [
        cell_text(r, "author")
        for r in query_files.select(backend, "reference-authors", {"number": term}).rows
    ]
    supports = querying.run_query(backend, "reference-supports", reference=term).rows
    first = {k: cell_text(fields[0], k) for k in fields[0]}
    for key in ("cited", "workIri", "publisherIri"):
        first[key] = first[key].replace(BASE, "/") if first[key].startswith(BASE) else ""
    first["languageName"] = views.language_name_or_blank(first["language"])
    return 200, render(
        "reference.html",
        title=f"Reference {first['number']}",
        ref=first,
        downloads=resources.downloads(f"/id/reference/{first['number']}"),
        authors=list(dict.fromkeys(authors)),
        supports=[
            {**{k: cell_text(r, k) for k in r}, "slug": claim_slug(r.get("claim"))}
            for r in supports
        ],
    )


def references(backend: Backend) -> tuple[int, str]:
    """Every reference with its title and where it was published."""
    rows = query_files.select(backend, "all-references").rows
    listed = list({cell_text(r, "number"): {k: cell_text(r, k) for k in r} for r in rows}.values())
    supported = {
        cell_text(r, "number") for r in query_files.select(backend, "supported-references").rows
    }
    for entry in listed:
        entry["supports"] = entry["number"] in supported
    return 200, render(
        "references.html",
        title="References",
        references=listed,
        unsupported=sum(not e["supports"] for e in listed),
    )


@dataclass(frozen=True)
class ReferenceListJob:
    """`/references`: every reference."""

    def run(self, engine: Engine) -> Reply:
        return html_reply(*references(engine.backend))
