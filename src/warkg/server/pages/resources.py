"""The page of any resource of the graph (agent, place, event, population, work,
publisher, section, footnote, ...), written from the graph alone so that a new kind of
resource, or data that changes kind (a work that becomes a publisher), still gets a
page that says everything the graph says about it.

Every page has: what it is, its IRI and downloads, its Wikidata item when verified, the
claims that point at it grouped by how (claims an agent makes, claims about it, claims
in a section, in article order), the references citing it or works it published, a
timeline for events, and then every triple both ways. Claims and references keep their
own richer pages (`pages.claim`, `pages.reference`).
"""

from __future__ import annotations

from collections import defaultdict

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from warkg.engines.base import Backend
from warkg.rdf.namespaces import BASE, WARKG, WD
from warkg.server.http.media import GRAPH_FORMATS
from warkg.server.pages import query_files, render
from warkg.server.pages import terms as views
from warkg.server.pages.describe import path_of

_SKIP_OUT = {str(RDF.type), str(RDFS.label)}
_DATED = {str(XSD.date), str(XSD.gYear), str(XSD.gYearMonth), str(XSD.dateTime)}
_HEADINGS = {
    "claimant": "Claims it makes",
    "about": "Claims about it",
    "inSection": "Claims in this section, in article order",
    "citesFootnote": "Claims citing this footnote",
    "population": "Claims counting this population",
    "statesObject": "Claims that give it as their answer",
    "mentions": "Claims that mention it",
    "participant": "Claims that it took part",
    "onSide": "Belligerents on this side",
    "concernsAgent": "Claims concerning it",
    "stanceOn": "Stances taken on this claim",
    "hasStance": "The claim this stance is on",
    "supplementedBy": "Claims this one supplements",
    "hasReference": "Claims citing this reference",
    "wasDerivedFrom": "Claims derived from it",
}
# The groups a page shows first, in the order of their headings; the others follow.
_FIRST = {"claimant", "about", "inSection", "citesFootnote", "population"}


def _label(triples: list[tuple], fallback: str) -> tuple[str, str | None]:
    for _, p, o in triples:
        if str(p) == str(RDFS.label):
            return str(o), (o.language if isinstance(o, Literal) else None)
    return fallback, None


def downloads(path: str) -> list[dict[str, str]]:
    names = {"ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD", "rdf": "RDF/XML"}
    return [{"href": f"{path}?format={f.name}", "text": names[f.name]} for f in GRAPH_FORMATS]


def claim_groups(backend: Backend, iri: str, labels: dict[str, str]) -> list[dict]:
    """The claims pointing at `iri`, grouped by the property that points, each group in
    article order (section, then where the claim's text stands in the article)."""
    rows = query_files.select(backend, "linked-claims", {"x": URIRef(iri)}).rows
    claims: dict[str, dict[str, dict]] = defaultdict(dict)
    for row in rows:
        prop, claim = str(row["p"]), str(row["claim"])
        entry = claims[prop].setdefault(
            claim,
            {
                "link": views.show(row["claim"], str(row["label"])),
                "evidence": str(row["evidence"]),
                "order": (
                    int(str(row["order"])) if row["order"] is not None else 10**6,
                    views.article_position(str(row["evidence"])),
                    str(row["label"]),
                ),
                "value": row["value"],
                "stated": str(row["statedAs"]) if row["statedAs"] is not None else "",
                "references": set(),
                "footnotes": set(),
                "uncited": str(row["noCitation"]) == "true",
            },
        )
        if row["number"] is not None:
            entry["references"].add(int(str(row["number"])))
        if row["letter"] is not None:
            entry["footnotes"].add(str(row["letter"]))
    groups = []
    for prop, entries in claims.items():
        name = views.local_name(prop)
        heading = _HEADINGS.get(name) or f"Claims linked to it by “{labels.get(prop, name)}”"
        items = sorted(entries.values(), key=lambda e: e["order"])
        for item in items:
            item["references"] = sorted(item["references"])
            item["footnotes"] = sorted(item["footnotes"])
        groups.append({"heading": heading, "property": name, "claims": items})
    groups.sort(key=lambda g: (g["property"] not in _FIRST, g["heading"]))
    return groups


def timeline(groups: list[dict]) -> list[dict]:
    """The dated claims about an event, by date."""
    dated = {}
    for group in groups:
        for item in group["claims"]:
            value = item["value"]
            if isinstance(value, Literal) and str(value.datatype) in _DATED:
                dated[item["link"].href] = {**item, "when": str(value)}
    return sorted(dated.values(), key=lambda e: (e["when"], e["order"]))


def references_citing(backend: Backend, iri: str, labels: dict[str, str]) -> list[dict]:
    """References citing `iri` (a work), or citing works it published or is named in."""
    node = URIRef(iri)
    found = {}
    for row in query_files.select(backend, "citing-references", {"x": node}).rows:
        found[int(str(row["number"]))] = _reference(row, "cites it")
    for row in query_files.select(backend, "published-references", {"x": node}).rows:
        how = labels.get(str(row["how"]), views.local_name(str(row["how"])))
        found.setdefault(int(str(row["number"])), _reference(row, f"its work's {how}"))
    return [found[n] for n in sorted(found)]


def _reference(row: dict, how: str) -> dict:
    language = str(row["language"]) if row.get("language") is not None else None
    return {
        "number": str(row["number"]),
        "href": f"/id/reference/{row['number']}",
        "title": views.show(row.get("title"), lang=language) if row.get("title") else None,
        "how": how,
    }


def statements(
    backend: Backend, iri: str, labels: dict[str, str]
) -> tuple[list[dict], list[dict], list]:
    """(what it says, what points at it, its raw outgoing triples)."""
    node = URIRef(iri)
    out_rows = query_files.select(backend, "resource-statements", {"x": node}).rows
    in_rows = query_files.select(backend, "resource-mentions", {"x": node}).rows
    language = next(
        (str(r["o"]) for r in out_rows if views.local_name(str(r["p"])) == "language"), None
    )
    said: dict[str, list] = defaultdict(list)
    for row in out_rows:
        label = str(row["label"]) if row["label"] is not None else None
        if str(row["p"]) == views.LANGUAGE and isinstance(row["o"], Literal):
            said[str(row["p"])].append(views.Shown(views.language_name(str(row["o"]))))
        else:
            said[str(row["p"])].append(views.show(row["o"], label, lang=language))
    pointing: dict[str, list] = defaultdict(list)
    for row in in_rows:
        label = str(row["label"]) if row["label"] is not None else None
        pointing[str(row["p"])].append(views.show(row["s"], label))
    out = [
        {
            "property": views.show(URIRef(p), labels.get(p, views.local_name(p))),
            "objects": list(dict.fromkeys(values)),
        }
        for p, values in sorted(said.items(), key=lambda i: labels.get(i[0], i[0]))
        if p not in _SKIP_OUT
    ]
    into = [
        {
            "property": views.show(URIRef(p), labels.get(p, views.local_name(p))),
            "objects": sorted(dict.fromkeys(values), key=lambda v: v.text),
        }
        for p, values in sorted(pointing.items(), key=lambda i: labels.get(i[0], i[0]))
    ]
    triples = [(node, r["p"], r["o"]) for r in out_rows]
    return out, into, triples


def page(backend: Backend, iri: str) -> tuple[int, str]:
    """(status, HTML) of the page of `iri`, which the graph mentions (a claim's and a
    reference's pages are `pages.claim` and `pages.reference`)."""
    labels = views.term_labels(backend)
    out, into, triples = statements(backend, iri, labels)
    title, title_lang = _label(triples, views.local_name(iri))
    kinds = [
        views.show(o, labels.get(str(o), views.local_name(str(o))))
        for _, p, o in triples
        if p == RDF.type
    ]
    wikidata = [
        views.show(o, f"Wikidata {views.local_name(str(o))}")
        for _, p, o in triples
        if p == SKOS.exactMatch and str(o).startswith(str(WD))
    ]
    groups = claim_groups(backend, iri, labels)
    is_event = iri.startswith(BASE + "id/event/")
    path = path_of(iri) or ""
    return 200, render(
        "resource.html",
        title=title,
        title_lang=title_lang if title_lang and title_lang != "en" else None,
        iri=iri,
        prefixed=views.prefixed(iri),
        path=path,
        kinds=kinds,
        wikidata=wikidata,
        downloads=downloads(path),
        groups=groups,
        timeline=timeline([g for g in groups if g["property"] == "about"]) if is_event else [],
        references=references_citing(backend, iri, labels),
        footnote_missing=any(
            views.local_name(str(p)) == "textRenderedInSnapshot" and str(o) == "false"
            for _, p, o in triples
        ),
        statements=out,
        incoming=into,
        namespace=str(WARKG),
    )
