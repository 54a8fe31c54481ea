"""The HTML pages: the graph for people who would rather look than write SPARQL.

- `/`: the casualty figures grouped by measure, each claimant's figure side by side,
  by population group (what the claim counts: servicemen, civilians, ...);
- `/claims/SLUG`: one claim, the article text it encodes, its section, and each
  reference with number, title, work, publisher, dates and quote;
- `/references/N`: one reference, every field the article gives for it, and what it
  supports; `/claims` and `/references` list them all.

Pages are rendered in a worker (so the time limit covers them too) from the stored
queries where one answers the question (`casualty-figures`, `claim-references`,
`reference-supports`), run through `warkg.catalogue.run` exactly as `warkg query` runs them,
so the page and the command line cannot disagree. Jinja2 escapes every value
(autoescape); the pages load nothing from outside the server, so they work offline.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Callable
from pathlib import Path

import pyoxigraph
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape
from rdflib import URIRef
from rdflib.term import Node

from warkg.catalogue import run as querying
from warkg.catalogue.stored import Param, convert
from warkg.engines.base import Backend
from warkg.errors import InputError
from warkg.rdf.namespaces import BASE, CLAIM
from warkg.rdf.terms import display
from warkg.results.model import Row
from warkg.server import resource_pages, views
from warkg.server.charts import figure_charts
from warkg.version import package_version

TEMPLATES = Path(__file__).parent / "templates"

_ENVIRONMENT = Environment(
    loader=FileSystemLoader(TEMPLATES),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)
_REFERENCE = Param("reference", "xsd:positiveInteger", "a reference number")
_NO_CLAIMANT = "No claimant named"

_PROLOGUE = """PREFIX warkg: <https://w3id.org/warkg/ontology/>
PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
PREFIX dcterms: <http://purl.org/dc/terms/>
"""

# The most specific of our classes, as reference-supports picks it.
_KIND = """?claim a ?type . ?type rdfs:label ?kind .
  FILTER(STRSTARTS(STR(?type), "https://w3id.org/warkg/ontology/"))
  FILTER NOT EXISTS { ?claim a ?narrower . ?narrower rdfs:subClassOf ?type .
                      FILTER(?narrower != ?type) }"""

POPULATION_GROUPS = (
    _PROLOGUE
    + """SELECT ?claim ?group WHERE {
  ?claim a warkg:CasualtyClaim ; warkg:population/warkg:populationGroup/rdfs:label ?group .
}"""
)

CLAIM_DETAILS = (
    _PROLOGUE
    + f"""SELECT ?claim ?label ?kind ?evidence ?section ?sectionIri ?claimant ?statedAs ?noCitation
WHERE {{
  ?claim rdfs:label ?label .
  {_KIND}
  OPTIONAL {{ ?claim warkg:evidenceText ?evidence }}
  OPTIONAL {{ ?claim warkg:inSection ?sectionIri . ?sectionIri rdfs:label ?section }}
  OPTIONAL {{ ?claim warkg:claimantAsStated ?claimant }}
  OPTIONAL {{ ?claim warkg:statedAs ?statedAs }}
  OPTIONAL {{ ?claim warkg:articleGivesNoCitation ?noCitation }}
}}"""
)

RELATED_CLAIMS = (
    _PROLOGUE
    + """SELECT ?claim ?other ?p ?label ?claimant ?number WHERE {
  { ?claim ?p ?other } UNION { ?other ?p ?claim }
  ?other warkg:evidenceText ?evidence ; rdfs:label ?label .
  OPTIONAL { ?other warkg:claimantAsStated ?claimant }
  OPTIONAL { ?other warkg:hasReference/warkg:referenceNumber ?number }
}"""
)

SAME_LABEL = (
    _PROLOGUE
    + """SELECT ?claim ?other ?section WHERE {
  ?claim rdfs:label ?label . ?other rdfs:label ?label ; warkg:evidenceText ?evidence .
  OPTIONAL { ?other warkg:inSection/rdfs:label ?section }
  FILTER(?other != ?claim)
}"""
)

SNAPSHOT = (
    _PROLOGUE
    + """SELECT ?title ?source ?sha ?license WHERE {
  ?snapshot a warkg:ArticleSnapshot .
  OPTIONAL { ?snapshot dcterms:title ?title }
  OPTIONAL { ?snapshot dcterms:source ?source }
  OPTIONAL { ?snapshot warkg:sha256 ?sha }
  OPTIONAL { ?snapshot dcterms:license ?license }
} LIMIT 1"""
)

CLAIM_FOOTNOTES = (
    _PROLOGUE
    + """SELECT ?claim ?letter WHERE {
  ?claim warkg:citesFootnote/warkg:footnoteLabel ?letter .
} ORDER BY ?letter"""
)

ALL_CLAIMS = (
    _PROLOGUE
    + f"""SELECT ?claim ?label ?kind ?section ?order WHERE {{
  ?claim rdfs:label ?label ; warkg:inSection ?s .
  {_KIND}
  ?s rdfs:label ?section .
  OPTIONAL {{ ?s warkg:sectionOrder ?order }}
}} ORDER BY ?order ?section ?label"""
)

CLAIM_CITATIONS = (
    _PROLOGUE
    + """SELECT ?claim ?noCitation ?reference ?footnote ?evidence WHERE {
  ?claim warkg:inSection ?s .
  OPTIONAL { ?claim warkg:articleGivesNoCitation ?noCitation }
  OPTIONAL { ?claim warkg:hasReference ?reference }
  OPTIONAL { ?claim warkg:citesFootnote ?footnote }
  OPTIONAL { ?claim warkg:evidenceText ?evidence }
}"""
)

REFERENCE_FIELDS = (
    _PROLOGUE
    + """SELECT ?number ?rendered ?backlinks ?noSource ?cited ?title ?translatedTitle ?work
       ?workIri ?publisher ?publisherIri ?issued ?retrieved ?archived ?language ?quote ?note
WHERE {
  ?ref warkg:referenceNumber ?number .
  OPTIONAL { ?ref warkg:renderedText ?rendered }
  OPTIONAL { ?ref warkg:backlinkCount ?backlinks }
  OPTIONAL { ?ref warkg:citationMaintenanceNote ?note }
  OPTIONAL {
    ?ref warkg:citesWork ?cited .
    OPTIONAL { ?cited warkg:articleGivesNoSource ?noSource }
    OPTIONAL { ?cited dcterms:title ?title }
    OPTIONAL { ?cited warkg:translatedTitle ?translatedTitle }
    OPTIONAL { ?cited warkg:publishedInAsStated ?work }
    OPTIONAL { ?cited warkg:publishedIn ?workIri }
    OPTIONAL { ?cited warkg:publisherAsStated ?publisher }
    OPTIONAL { ?cited dcterms:publisher ?publisherIri }
    OPTIONAL { ?cited dcterms:issued ?issued }
    OPTIONAL { ?cited warkg:retrievedDate ?retrieved }
    OPTIONAL { ?cited warkg:archiveDate ?archived }
    OPTIONAL { ?cited dcterms:language ?language }
    OPTIONAL { ?cited warkg:quote ?quote }
  }
}"""
)

REFERENCE_AUTHORS = (
    _PROLOGUE
    + """SELECT ?number ?author ?position WHERE {
  ?ref warkg:referenceNumber ?number ; warkg:citesWork/warkg:hasAuthorship ?authorship .
  ?authorship warkg:authorName ?author .
  OPTIONAL { ?authorship warkg:authorPosition ?position }
} ORDER BY ?position ?author"""
)

ALL_REFERENCES = (
    _PROLOGUE
    + """SELECT ?number ?title ?language ?work ?publisher ?issued WHERE {
  ?ref warkg:referenceNumber ?number .
  OPTIONAL {
    ?ref warkg:citesWork ?cited .
    OPTIONAL { ?cited dcterms:title ?title }
    OPTIONAL { ?cited dcterms:language ?language }
    OPTIONAL { ?cited warkg:publishedInAsStated ?work }
    OPTIONAL { ?cited warkg:publisherAsStated ?publisher }
    OPTIONAL { ?cited dcterms:issued ?issued }
  }
} ORDER BY ?number"""
)


SUPPORTED = (
    _PROLOGUE
    + """SELECT DISTINCT ?number WHERE {
  ?claim warkg:hasReference ?ref . ?ref warkg:referenceNumber ?number .
}"""
)


# ---- helpers ----------------------------------------------------------------------------


def _text(row: Row, key: str) -> str:
    """A cell as text ('' if unbound)."""
    value = row.get(key)
    return "" if value is None else str(value)


def claim_slug(term: Node | None) -> str | None:
    """`armenians-displaced` for claim:armenians-displaced; None outside claim:."""
    iri = str(term or "")
    return iri.removeprefix(str(CLAIM)) if iri.startswith(str(CLAIM)) else None


def _numbers(text: str) -> list[str]:
    return text.split()


def _render(template: str, **context: object) -> str:
    return _ENVIRONMENT.get_template(template).render(version=package_version(), **context)


def _not_found(what: str) -> tuple[int, str]:
    return 404, _render("error.html", title="Not found", message=what)


# ---- pages ------------------------------------------------------------------------------


def figures(backend: Backend) -> tuple[int, str]:
    """The casualty figures by measure: one table per measure, a row per population
    group, a column per claimant, so conflicting figures sit side by side."""
    rows = querying.run_query(backend, "casualty-figures").rows
    groups = {str(r["claim"]): _text(r, "group") for r in backend.select(POPULATION_GROUPS).rows}
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_measure[_text(row, "measure")].append(row)
    tables = []
    for measure in sorted(by_measure):
        claimants = sorted({_text(r, "claimant") for r in by_measure[measure]}, key=_claimant_key)
        cells: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row in by_measure[measure]:
            group = groups.get(str(row["claim"]), "") or "other"
            cells[group][_text(row, "claimant")].append(
                {
                    "slug": claim_slug(row["claim"]),
                    "figure": _text(row, "statedAs"),
                    "population": _text(row, "population"),
                    "exactness": _text(row, "exactness"),
                    "references": _numbers(_text(row, "references")),
                    "footnotes": _numbers(_text(row, "footnotes")),
                    "amount": _amount(row.get("amount")),
                }
            )
        tables.append(
            {
                "measure": measure,
                "claimants": [c or _NO_CLAIMANT for c in claimants],
                "rows": [
                    {
                        "group": group,
                        "cells": [cells[group].get(c, []) for c in claimants],
                        "populations": _populations(cells[group]),
                    }
                    for group in sorted(cells)
                ],
            }
        )
    figure_charts(tables)
    return 200, _render("figures.html", title="Casualty figures", tables=tables, count=len(rows))


def _amount(term: Node | None) -> float | None:
    try:
        return float(str(term)) if term is not None else None
    except ValueError:
        return None


def _populations(cells: dict[str, list[dict]]) -> list[str]:
    """The different populations counted side by side in one row (a row of one
    claimant, or of one population, needs no warning)."""
    claimants = [c for c, figures in cells.items() if figures]
    found = list(dict.fromkeys(f["population"] for c in claimants for f in cells[c]))
    return found if len(claimants) > 1 and len(found) > 1 else []


def _claimant_key(claimant: str) -> tuple[bool, str]:
    """Named claimants alphabetically, the figures the article attributes to no one last."""
    return (claimant == "", claimant.lower())


def claim(backend: Backend, slug: str | None) -> tuple[int, str]:
    """One claim: what it says, the article text it encodes (its [n] markers linked),
    where, its references, the claims it is linked to (a participation claim's
    allegation and denial), every triple both ways, and how to cite it."""
    iri = str(CLAIM) + (slug or "")
    try:
        pyoxigraph.NamedNode(iri)
    except ValueError:
        return _not_found(f"There is no claim called {slug!r}.")
    term = URIRef(iri)
    details = backend.select(CLAIM_DETAILS, {"claim": term}, name="claim page").rows
    if not slug or not details:
        return _not_found(f"There is no claim called {slug!r}.")
    first = details[0]
    footnotes = [_text(r, "letter") for r in backend.select(CLAIM_FOOTNOTES, {"claim": term}).rows]
    references = querying.run_query(backend, "claim-references", claim=term).rows
    labels = views.term_labels(backend)
    statements, incoming, _ = resource_pages.statements(backend, iri, labels)
    related: dict[str, dict] = {}
    for row in backend.select(RELATED_CLAIMS, {"claim": term}, name="claim page").rows:
        entry = related.setdefault(
            str(row["other"]),
            {
                "link": views.show(row["other"], _text(row, "label")),
                "how": labels.get(str(row["p"]), views.local_name(str(row["p"]))),
                "claimant": _text(row, "claimant"),
                "references": set(),
            },
        )
        if row["number"] is not None:
            entry["references"].add(int(str(row["number"])))
    for entry in related.values():
        entry["references"] = sorted(entry["references"])
    evidence = _text(first, "evidence")
    section = _text(first, "section")
    namesakes = [
        {
            "link": views.show(r["other"], _text(r, "section") or None),
            "slug": claim_slug(r["other"]),
        }
        for r in backend.select(SAME_LABEL, {"claim": term}, name="claim page").rows
    ]
    return 200, _render(
        "claim.html",
        title=_text(first, "label") + (f" ({section})" if namesakes and section else ""),
        heading=_text(first, "label"),
        namesakes=namesakes,
        slug=slug,
        iri=iri,
        prefixed=display(term),
        kind=_text(first, "kind"),
        evidence=evidence,
        evidence_html=link_markers(evidence, footnotes),
        section=section,
        section_href=_text(first, "sectionIri").replace(BASE, "/"),
        claimant=_text(first, "claimant"),
        stated_as=_text(first, "statedAs"),
        no_citation=_text(first, "noCitation") == "true",
        footnotes=footnotes,
        references=[_reference_row(r) for r in references],
        related=list(related.values()),
        statements=statements,
        incoming=incoming,
        downloads=_downloads(f"/id/claim/{slug}"),
        citation=cite_text(backend, _text(first, "label"), iri),
    )


def _reference_row(row: Row) -> dict:
    entry = {k: _text(row, k) for k in row}
    entry["languageName"] = _language_name(entry.get("language", ""))
    return entry


def _language_name(code: str) -> str:
    return views.language_name(code) if code else ""


def _downloads(path: str) -> list[dict[str, str]]:
    return resource_pages._downloads(path)


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


def cite_text(backend: Backend, label: str, iri: str) -> str:
    """A citation for a claim: its words, its full IRI, the graph's version and the
    article snapshot it was taken from (title, address, SHA-256, licence)."""
    rows = backend.select(SNAPSHOT, name="citation").rows
    snapshot = ""
    if rows:
        s = rows[0]
        snapshot = (
            f" Taken from the Wikipedia article \u201c{_text(s, 'title')}\u201d "
            f"({_text(s, 'source')}), snapshot SHA-256 {_text(s, 'sha')}, "
            f"licensed {_text(s, 'license')}."
        )
    version = package_version()
    return f"\u201c{label}\u201d. warkg knowledge graph, version {version}. <{iri}>.{snapshot}"


def reference(backend: Backend, number: str | None) -> tuple[int, str]:
    """One reference: every field the article gives, and everything it supports."""
    try:
        term = convert(_REFERENCE, number or "")
    except InputError:
        return _not_found(f"There is no reference number {number!r}.")
    fields = backend.select(REFERENCE_FIELDS, {"number": term}, name="reference page").rows
    if not fields:
        return _not_found(f"There is no reference number {number}.")
    authors = [_text(r, "author") for r in backend.select(REFERENCE_AUTHORS, {"number": term}).rows]
    supports = querying.run_query(backend, "reference-supports", reference=term).rows
    first = {k: _text(fields[0], k) for k in fields[0]}
    for key in ("cited", "workIri", "publisherIri"):
        first[key] = first[key].replace(BASE, "/") if first[key].startswith(BASE) else ""
    first["languageName"] = _language_name(first["language"])
    return 200, _render(
        "reference.html",
        title=f"Reference {first['number']}",
        ref=first,
        downloads=_downloads(f"/id/reference/{first['number']}"),
        authors=list(dict.fromkeys(authors)),
        supports=[
            {**{k: _text(r, k) for k in r}, "slug": claim_slug(r.get("claim"))} for r in supports
        ],
    )


def claims(backend: Backend) -> tuple[int, str]:
    """Every claim, grouped by the article section it comes from, in article order,
    marked where the article gives no citation or only a footnote the snapshot lacks;
    claims with the same label are told apart by their section."""
    status: dict[str, dict] = defaultdict(lambda: {"refs": False, "notes": False})
    positions: dict[str, int] = {}
    for row in backend.select(CLAIM_CITATIONS, name="claims page").rows:
        entry = status[str(row["claim"])]
        entry["refs"] |= row["reference"] is not None
        entry["notes"] |= row["footnote"] is not None
        entry["none"] = _text(row, "noCitation") == "true"
        positions[str(row["claim"])] = views.article_position(_text(row, "evidence"))
    rows = backend.select(ALL_CLAIMS, name="claims page").rows
    label_count: dict[str, int] = defaultdict(int)
    for row in rows:
        label_count[_text(row, "label")] += 1
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
        label = _text(row, "label")
        sections.setdefault(_text(row, "section"), []).append(
            {
                "slug": claim_slug(row["claim"]),
                "label": label,
                "kind": _text(row, "kind"),
                "citation": citation,
                "position": positions.get(iri, 10**9),
                "same_label": label_count[label] > 1,
                "section": _text(row, "section"),
            }
        )
    for items in sections.values():
        items.sort(key=lambda c: (c["position"], c["label"]))
    listed = [c for items in sections.values() for c in items]
    return 200, _render(
        "claims.html",
        title="Claims",
        sections=sections,
        count=len(listed),
        uncited=sum(c["citation"] == "uncited" for c in listed),
        footnote_only=sum(c["citation"] == "footnote" for c in listed),
    )


def references(backend: Backend) -> tuple[int, str]:
    """Every reference with its title and where it was published."""
    rows = backend.select(ALL_REFERENCES, name="references page").rows
    listed = list({_text(r, "number"): {k: _text(r, k) for k in r} for r in rows}.values())
    supported = {_text(r, "number") for r in backend.select(SUPPORTED, name="references page").rows}
    for entry in listed:
        entry["supports"] = entry["number"] in supported
    return 200, _render(
        "references.html",
        title="References",
        references=listed,
        unsupported=sum(not e["supports"] for e in listed),
    )


PAGES: dict[str, Callable[..., tuple[int, str]]] = {
    "figures": figures,
    "claim": claim,
    "reference": reference,
    "claims": claims,
    "references": references,
}
"""Page name -> renderer; `claim` and `reference` take an argument."""


def render(backend: Backend, page: str, argument: str | None = None) -> tuple[int, str]:
    """(HTTP status, HTML) for a page."""
    if page not in PAGES:
        return _not_found(f"There is no page {page!r}.")
    if page in ("claim", "reference"):
        return PAGES[page](backend, argument)
    return PAGES[page](backend)


def error_page(status: int, title: str, message: str) -> str:
    """An error in the pages' own style (for errors the server finds before a worker)."""
    return _render("error.html", title=title, message=message, status=status)
