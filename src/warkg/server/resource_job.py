"""One IRI of the graph asked for as RDF or as its page (`/id/...`, `/ontology/...`)."""

from __future__ import annotations

from dataclasses import dataclass

from warkg.engines.base import Backend
from warkg.rdf.namespaces import BASE, CLAIM, REF
from warkg.server import resource_pages
from warkg.server.linked_data import HTML, RDF_FORMATS, describe, exists, iri_of, valid, write_rdf
from warkg.server.reply import Reply, error_reply


def page(backend: Backend, iri: str) -> tuple[int, str]:
    """(status, HTML) of the page of `iri`: a claim's, a reference's, or any other
    resource's."""
    from warkg.server import pages  # its queries and Jinja2 load in the worker, when asked

    if iri.startswith(str(CLAIM)):
        return pages.claim(backend, iri.removeprefix(str(CLAIM)))
    if iri.startswith(str(REF)):
        return pages.reference(backend, iri.removeprefix(str(REF)))
    return resource_pages.render(backend, iri)


@dataclass(frozen=True)
class ResourceJob:
    """One IRI asked for as RDF (`fmt` a name from RDF_FORMATS) or as a page."""

    path: str
    fmt: str

    def run(self, engine: object) -> object:
        backend: Backend = engine.backend  # type: ignore[attr-defined]
        iri = iri_of(self.path)
        if iri is None or not valid(iri) or not exists(backend, iri):
            if self.fmt == HTML.name:
                status, html = resource_pages.not_found(
                    f"The graph says nothing about {BASE + self.path.lstrip('/')}."
                )
                return Reply(status, HTML.content_type, html.encode("utf-8"))
            return error_reply(404, f"the graph says nothing about <{BASE}{self.path[1:]}>")
        if self.fmt == HTML.name:
            status, html = page(backend, iri)
            return Reply(status, HTML.content_type, html.encode("utf-8"))
        fmt = next(f for f in RDF_FORMATS if f.name == self.fmt)
        return Reply(200, fmt.content_type, write_rdf(describe(backend, iri), fmt))
