"""A claim's page (`/id/claim/SLUG`): what it says, the article text it encodes, its
section, each reference with number, title, work, publisher, dates and quote, and how to
cite it; and `/claims`, every claim by section in article order.

Made from the stored query `claim-references` where it answers the question, run
through `warkg.catalogue.run` exactly as `warkg query` runs it, and from the pages' own
queries (`queries/*.rq`). Jinja2 escapes every value (autoescape); the pages load
nothing from outside the server, so they work offline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

import pyoxigraph
from markupsafe import Markup, escape
from rdflib import URIRef

from warkg.catalogue import run as querying
from warkg.engines.base import Backend
from warkg.rdf.namespaces import BASE, CLAIM
from warkg.rdf.terms import display
from warkg.results.model import Row
from warkg.server.pages import not_found, query_files, render, resources
from warkg.server.pages import terms as views
from warkg.server.pages.terms import cell_text, claim_slug
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, html_reply
from warkg.version import package_version


def claim(backend: Backend, slug: str | None) -> tuple[int, str]:
    """One claim: what it says, the article text it encodes (its [n] markers linked),
    where, its references, the claims it is linked to (a participation claim's
    allegation and denial), every triple both ways, and how to cite it."""
    iri = str(CLAIM) + (slug or "")
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return not_found(f"There is no claim called {slug!r}.")
    term = URIRef(iri)
    details = query_files.select(backend, "claim-details", {"claim": term}).rows
    if not slug or not details:
        return not_found(f"There is no claim called {slug!r}.")
    first = details[0]
    footnotes = [
        cell_text(r, "letter")
        for r in query_files.select(backend, "claim-footnotes", {"claim": term}).rows
    ]
    references = querying.run_query(backend, "claim-references", claim=term).rows
    labels = views.term_labels(backend)
    statements, incoming, _ = resources.statements(backend, iri, labels)
    related: dict[str, dict] = {}
    for row in query_files.select(backend, "related-claims", {"claim": term}).rows:
        entry = related.setdefault(
            str(row["other"]),
            {
                "link": views.show(row["other"], cell_text(row, "label")),
                "how": labels.get(str(row["p"]), views.local_name(str(row["p"]))),
                "claimant": cell_text(row, "claimant"),
                "references": set(),
            },
        )
        if row["number"] is not None:
            entry["references"].add(int(str(row["number"])))
    for entry in related.values():
        entry["references"] = sorted(entry["references"])
    evidence = cell_text(first, "evidence")
    section = cell_text(first, "section")
    namesakes = [
        {
            "link": views.show(r["other"], cell_text(r, "section") or None),
            "slug": claim_slug(r["other"]),
        }
        for r in query_files.select(backend, "same-label", {"claim": term}).rows
    ]
    return 200, render(
        "claim.html",
        title=cell_text(first, "label") + (f" ({section})" if namesakes and section else ""),
        heading=cell_text(first, "label"),
        namesakes=namesakes,
        slug=slug,
        iri=iri,
        prefixed=display(term),
        kind=cell_text(first, "kind"),
        evidence=evidence,
        evidence_html=link_markers(evidence, footnotes),
        section=section,
        section_href=cell_text(first, "sectionIri").replace(BASE, "/"),
        claimant=cell_text(first, "claimant"),
        stated_as=cell_text(first, "statedAs"),
        no_citation=cell_text(first, "noCitation") == "true",
        footnotes=footnotes,
        references=[_reference_row(r) for r in references],
        related=list(related.values()),
        statements=statements,
        incoming=incoming,
        downloads=resources.downloads(f"/id/claim/{slug}"),
        citation=citecell_text(backend, cell_text(first, "label"), iri),
    )


def _reference_row(row: Row) -> dict:
    entry = {k: cell_text(row, k) for k in row}
    entry["languageName"] = views.language_name_or_blank(entry.get("language", ""))
    return entry


_MARKER = re.compile(r"\[(\d+|[a-z])\]")


def link_markers(text: str, footnotes: list[str] | None = None) -> Markup:
    """`text` escaped, its [n] reference markers linked to the references and its [a]
    footnote markers to the footnotes (all of which the graph holds)."""
    parts, last = [], 0
    for match in _MARKER.finditer(text):
        parts.append(escape(text[last : match.start()]))
        mark = match.group(1)
        if mark.isdigit():
            parts.append(
                Markup(
                    '<a class="ref" href="/id/reference/{0}" aria-label="reference {0}">[{0}]</a>'
                ).format(mark)
            )
        else:
            parts.append(
                Markup(
                    '<a class="ref" href="/id/footnote/{0}" aria-label="footnote {0}">[{0}]</a>'
                ).format(mark)
            )
        last = match.end()
    parts.append(escape(text[last:]))
    return Markup("").join(parts)


def citecell_text(backend: Backend, label: str, iri: str) -> str:
    """A citation for a claim: its words, its full IRI, the graph's version and the
    article snapshot it was taken from (title, address, SHA-256, licence)."""
    rows = query_files.select(backend, "article-snapshot").rows
    snapshot = ""
    if rows:
        s = rows[0]
        snapshot = (
            f" Taken from the Wikipedia article \u201c{cell_text(s, 'title')}\u201d "
            f"({cell_text(s, 'source')}), snapshot SHA-256 {cell_text(s, 'sha')}, "
            f"licensed {cell_text(s, 'license')}."
        )
    version = package_version()
    return f"\u201c{label}\u201d. warkg knowledge graph, version {version}. <{iri}>.{snapshot}"


def claims(backend: Backend) -> tuple[int, str]:
    """Every claim, grouped by the article section it comes from, in article order,
    marked where the article gives no citation or only a footnote the snapshot lacks;
    claims with the same label are told apart by their section."""
    status: dict[str, dict] = defaultdict(lambda: {"refs": False, "notes": False})
    positions: dict[str, int] = {}
    for row in query_files.select(backend, "claim-citations").rows:
        entry = status[str(row["claim"])]
        entry["refs"] |= row["reference"] is not None
        entry["notes"] |= row["footnote"] is not None
        entry["none"] = cell_text(row, "noCitation") == "true"
        positions[str(row["claim"])] = views.article_position(cell_text(row, "evidence"))
    rows = query_files.select(backend, "all-claims").rows
    label_count: dict[str, int] = defaultdict(int)
    for row in rows:
        label_count[cell_text(row, "label")] += 1
    sections: dict[str, list[dict]] = {}
    for row in rows:
        iri = str(row["claim"])
        entry = status[iri]
        citation = ""
        if entry.get("none"):
            citation = "uncited"
        elif not entry["refs"] and entry["notes"]:
            citation = "footnote"
        elif not entry["refs"]:
            citation = "no reference"
        label = cell_text(row, "label")
        sections.setdefault(cell_text(row, "section"), []).append(
            {
                "slug": claim_slug(row["claim"]),
                "label": label,
                "kind": cell_text(row, "kind"),
                "citation": citation,
                "position": positions.get(iri, 10**9),
                "same_label": label_count[label] > 1,
                "section": cell_text(row, "section"),
            }
        )
    for items in sections.values():
        items.sort(key=lambda c: (c["position"], c["label"]))
    listed = [c for items in sections.values() for c in items]
    return 200, render(
        "claims.html",
        title="Claims",
        sections=sections,
        count=len(listed),
        uncited=sum(c["citation"] == "uncited" for c in listed),
        footnote_only=sum(c["citation"] == "footnote" for c in listed),
    )


@dataclass(frozen=True)
class ClaimListJob:
    """`/claims`: every claim."""

    def run(self, engine: Engine) -> Reply:
        return html_reply(*claims(engine.backend))
