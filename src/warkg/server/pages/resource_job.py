"""One IRI of the graph asked for as RDF or as its page (`/id/...`, `/ontology/...`)."""

from __future__ import annotations

from dataclasses import dataclass

from warkg.engines.base import Backend
from warkg.rdf.namespaces import BASE, CLAIM, REF
from warkg.server.http.media import GRAPH_FORMATS, HTML
from warkg.server.pages import claims, not_found, references, resources
from warkg.server.pages.describe import describe, exists, iri_of, valid, write_rdf
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, error_reply, html_reply


def page(backend: Backend, iri: str) -> tuple[int, str]:
    """(status, HTML) of the page of `iri`: a claim's, a reference's, or any other
    resource's."""
    if iri.startswith(str(CLAIM)):
        return claims.claim(backend, iri.removeprefix(str(CLAIM)))
    if iri.startswith(str(REF)):
        return references.reference(backend, iri.removeprefix(str(REF)))
    return resources.page(backend, iri)


@dataclass(frozen=True)
class ResourceJob:
    """One IRI asked for as RDF (`fmt` a name from GRAPH_FORMATS) or as a page."""

    path: str
    fmt: str

    def run(self, engine: Engine) -> Reply:
        backend = engine.backend
        iri = iri_of(self.path)
        if iri is None or not valid(iri) or not exists(backend, iri):
            if self.fmt == HTML.name:
                return html_reply(
                    *not_found(f"The graph says nothing about {BASE + self.path.lstrip('/')}.")
                )
            return error_reply(404, f"the graph says nothing about <{BASE}{self.path[1:]}>")
        if self.fmt == HTML.name:
            return html_reply(*page(backend, iri))
        fmt = next(f for f in GRAPH_FORMATS if f.name == self.fmt)
        return Reply(200, fmt.content_type, write_rdf(describe(backend, iri), fmt))
