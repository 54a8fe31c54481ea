"""`/search?q=...`: the server searches the graph's text (labels, the article text the
claims encode, reference titles and their translations, authors, works, publishers,
quotes, the ontology's definitions) and ranks what it finds, so the form works without
JavaScript and a program can have the same hits as JSON (`Accept: application/json` or
`?format=json`).

Ranking, deliberately simple and explainable: every word of the query must occur in a
resource's text (a whole word scores twice a word's prefix); a field counts by its
weight (a label or title more than a quote), the same text in two fields once; the
whole query as a phrase adds a bonus, and a text that is exactly the query a larger one
(searching "Turkey" finds the state before the articles about it).
The index is built once per worker from the data it holds.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass

from rdflib import Literal

from warkg.engines.base import Backend
from warkg.server.http.media import PLAIN_JSON
from warkg.server.pages import query_files, render
from warkg.server.pages import terms as views
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, error_reply, html_reply

JSON = PLAIN_JSON
MAX_QUERY = 200
MAX_HITS = 50

# How much a match in each field counts, and how a hit names the field.
WEIGHTS = {
    "label": (3.0, "label"),
    "altLabel": (2.5, "other name"),
    "title": (3.0, "title"),
    "translatedTitle": (2.5, "translated title"),
    "evidenceText": (1.5, "article text"),
    "authorName": (2.5, "author"),
    "publishedInAsStated": (2.0, "work"),
    "publisherAsStated": (2.0, "publisher"),
    "renderedText": (1.0, "reference as rendered"),
    "quote": (1.0, "quote"),
    "heading": (2.0, "heading"),
    "definition": (1.0, "definition"),
}


def fold(text: str) -> str:
    """Lower case without accents, so `turkiye` finds `Türkiye`."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    return re.findall(r"\w+", fold(text))


@dataclass
class Entry:
    iri: str
    field: str
    text: str
    words: frozenset[str]
    folded: str
    lang: str | None


@dataclass
class Index:
    entries: list[Entry]
    labels: dict[str, str]
    kinds: dict[str, set[str]]


_indexes: dict[int, Index] = {}


def index(backend: Backend) -> Index:
    key = id(backend)
    if key not in _indexes:
        entries, labels, kinds = {}, {}, defaultdict(set)
        type_labels = views.term_labels(backend)
        for row in query_files.select(backend, "search-fields").rows:
            iri = str(row["owner"] or row["s"])
            if row["owner"] is None and row["label"] is not None:
                labels.setdefault(iri, str(row["label"]))
            if row["type"] is not None and row["owner"] is None:
                kinds[iri].add(
                    type_labels.get(str(row["type"]), views.local_name(str(row["type"])))
                )
            text = str(row["text"])
            field = views.local_name(str(row["p"]))
            if row["owner"] is not None and field == "label":
                field = "authorName"  # an authorship's label is its author's name
            lang = row["text"].language if isinstance(row["text"], Literal) else None
            if not lang and row["lang"] is not None and field in ("title", "label", "quote"):
                lang = str(row["lang"])
            entries[(iri, field, text)] = Entry(
                iri, field, text, frozenset(words(text)), fold(text), lang
            )
        _indexes[key] = Index(list(entries.values()), labels, kinds)
    return _indexes[key]


def search(backend: Backend, query: str) -> list[dict]:
    """The ranked hits for `query` (at most MAX_HITS)."""
    terms = list(dict.fromkeys(words(query)))
    if not terms:
        return []
    phrase = fold(" ".join(query.split()))
    idx = index(backend)
    scores: dict[str, float] = defaultdict(float)
    matched: dict[str, set[str]] = defaultdict(set)
    best: dict[str, tuple[float, Entry]] = {}
    counted: set[tuple[str, str]] = set()
    for entry in sorted(idx.entries, key=lambda e: -WEIGHTS.get(e.field, (1.0,))[0]):
        if (entry.iri, entry.folded) in counted:
            continue  # the same text in two fields (a work's label and title) counts once
        weight = WEIGHTS.get(entry.field, (1.0, entry.field))[0]
        score = 0.0
        found = set()
        for term in terms:
            if term in entry.words:
                score += 2 * weight
                found.add(term)
            elif any(w.startswith(term) for w in entry.words):
                score += weight
                found.add(term)
        if not found:
            continue
        counted.add((entry.iri, entry.folded))
        if entry.folded.strip() == phrase:
            score += 5 * weight  # the whole text is the query: the thing itself
        elif len(terms) > 1 and phrase in entry.folded:
            score += 2 * weight
        scores[entry.iri] += score
        matched[entry.iri] |= found
        if entry.iri not in best or score > best[entry.iri][0]:
            best[entry.iri] = (score, entry)
    hits = []
    for iri, score in scores.items():
        if len(matched[iri]) < len(terms):
            continue  # every word must occur somewhere in the resource's text
        entry = best[iri][1]
        shown = views.show_iri(iri, idx.labels.get(iri))
        hits.append(
            {
                "iri": iri,
                "href": shown.href,
                "label": idx.labels.get(iri) or shown.text,
                "kind": ", ".join(sorted(idx.kinds.get(iri, ()))),
                "score": round(score, 2),
                "field": WEIGHTS.get(entry.field, (1.0, entry.field))[1],
                "text": entry.text,
                "lang": entry.lang if entry.lang and entry.lang != "en" else None,
                "snippet": snippet(entry.text, terms),
            }
        )
    hits.sort(key=lambda h: (-h["score"], h["label"].casefold(), h["iri"]))
    return hits[:MAX_HITS]


def snippet(text: str, terms: list[str], width: int = 220) -> list[tuple[str, bool]]:
    """The part of `text` around its first match, as (text, highlighted) pieces."""
    folded = fold(text)
    if len(folded) != len(text):  # folding changed lengths: no offsets to trust
        return [(text[:width] + ("…" if len(text) > width else ""), False)]
    pattern = re.compile(r"\b(" + "|".join(re.escape(t) for t in terms) + r")\w*")
    first = pattern.search(folded)
    start = max(0, (first.start() if first else 0) - width // 3)
    end = min(len(text), start + width)
    pieces, last = [], start
    for match in pattern.finditer(folded, start, end):
        if match.start() > last:
            pieces.append((text[last : match.start()], False))
        pieces.append((text[match.start() : min(match.end(), end)], True))
        last = min(match.end(), end)
    if last < end:
        pieces.append((text[last:end], False))
    if start > 0:
        pieces.insert(0, ("…", False))
    if end < len(text):
        pieces.append(("…", False))
    return pieces


@dataclass(frozen=True)
class SearchJob:
    text: str
    fmt: str

    def run(self, engine: Engine) -> Reply:
        backend = engine.backend
        query = self.text.strip()
        too_long = len(query) > MAX_QUERY
        hits = [] if too_long or not query else search(backend, query)
        if self.fmt == JSON.name:
            if too_long:
                return error_reply(400, f"parameter 'q' is longer than {MAX_QUERY} characters")
            body = {
                "query": query,
                "count": len(hits),
                "hits": [{k: v for k, v in h.items() if k != "snippet"} for h in hits],
            }
            return Reply(200, JSON.content_type, json.dumps(body, ensure_ascii=False).encode())
        html = render(
            "search.html",
            title=f"Search: {query}" if query else "Search",
            query=query,
            hits=hits,
            too_long=too_long,
            limit=MAX_QUERY,
            max_hits=MAX_HITS,
        )
        return html_reply(400 if too_long else 200, html)
