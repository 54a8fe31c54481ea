"""What every page needs to show an RDF term to a person: a label, a link to the term's
own page, a language name instead of a code, a `lang` attribute on text in another
language. Shared by the resource, search, query and ontology pages so a term looks the
same wherever it appears.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from warkg.engines.base import Backend
from warkg.rdf.namespaces import BASE, CLAIM, WD
from warkg.rdf.terms import prefixed_name
from warkg.server.pages import query_files
from warkg.server.pages.describe import ONTOLOGY, path_of

# ISO 639-1 names (English) of the languages a snapshot of this kind cites; a code not
# listed is shown as it is.
LANGUAGES = {
    "ar": "Arabic",
    "az": "Azerbaijani",
    "de": "German",
    "en": "English",
    "es": "Spanish",
    "fa": "Persian",
    "fr": "French",
    "he": "Hebrew",
    "hy": "Armenian",
    "it": "Italian",
    "ka": "Georgian",
    "ru": "Russian",
    "tr": "Turkish",
    "uk": "Ukrainian",
    "zh": "Chinese",
}

# Labels for the few terms of other vocabularies the data uses (ours have rdfs:label).
_KNOWN = {
    str(RDF.type): "type",
    str(RDFS.label): "label",
    str(RDFS.comment): "comment",
    str(RDFS.seeAlso): "see also",
    str(RDFS.subClassOf): "subclass of",
    str(RDFS.subPropertyOf): "subproperty of",
    str(RDFS.domain): "domain",
    str(RDFS.range): "range",
    str(RDFS.isDefinedBy): "defined by",
    str(OWL.inverseOf): "inverse of",
    str(SKOS.definition): "definition",
    str(SKOS.altLabel): "also called",
    str(SKOS.exactMatch): "same as",
    str(SKOS.closeMatch): "close match",
    str(SKOS.inScheme): "in scheme",
    str(SKOS.note): "note",
    str(DCTERMS.title): "title",
    str(DCTERMS.isPartOf): "part of",
    str(DCTERMS.issued): "published",
    str(DCTERMS.language): "language",
    str(DCTERMS.license): "licence",
    str(DCTERMS.source): "source",
    str(DCTERMS.publisher): "publisher",
    str(DCTERMS.description): "description",
    str(DCTERMS.created): "created",
    str(DCTERMS.modified): "modified",
}


def cell_text(row: Mapping[str, Node | None], key: str) -> str:
    """A result cell as text ('' if unbound)."""
    value = row.get(key)
    return "" if value is None else str(value)


def claim_slug(term: Node | None) -> str | None:
    """`armenians-displaced` for claim:armenians-displaced; None outside claim:."""
    iri = str(term or "")
    return iri.removeprefix(str(CLAIM)) if iri.startswith(str(CLAIM)) else None


def language_name_or_blank(code: str) -> str:
    return language_name(code) if code else ""


def language_name(code: str) -> str:
    return LANGUAGES.get(code.lower().split("-")[0], code)


_label_cache: dict[int, dict[str, str]] = {}


def term_labels(backend: Backend) -> dict[str, str]:
    """Labels of the ontology's terms (and the few foreign ones), read once per backend."""
    key = id(backend)
    if key not in _label_cache:
        labels = dict(_KNOWN)
        for row in query_files.select(backend, "term-labels").rows:
            labels.setdefault(str(row["term"]), str(row["label"]))
        _label_cache[key] = labels
    return _label_cache[key]


def local_name(iri: str) -> str:
    return iri.rstrip("/").rsplit("/", 1)[-1].rsplit("#", 1)[-1]


def prefixed(iri: str) -> str:
    """`agent:armenia` (warkg.rdf.terms.prefixed_name), else the bare IRI."""
    return prefixed_name(iri) or iri


@dataclass(frozen=True)
class Shown:
    """A term as a page shows it: text, where it links (None: nowhere), its language,
    and whether the link leaves this server."""

    text: str
    href: str | None = None
    lang: str | None = None
    external: bool = False
    datatype: str | None = None


LANGUAGE = str(DCTERMS.language)


def show(term: Node | None, label: str | None = None, *, lang: str | None = None) -> Shown:
    """A term for a page. Our IRIs link to their own path; Wikidata items and other
    web IRIs link out (and say so); literals carry their language tag, or `lang` (the
    language of the work a title belongs to) when they have none."""
    if term is None:
        return Shown("")
    if isinstance(term, Literal):
        if term.datatype == XSD.language:
            return Shown(language_name(str(term)))
        tag = term.language or lang
        datatype = local_name(str(term.datatype)) if term.datatype else None
        return Shown(str(term), lang=tag if tag and tag != "en" else None, datatype=datatype)
    if isinstance(term, BNode):
        return Shown(f"_:{term}")
    return show_iri(str(term), label)


def show_iri(iri: str, label: str | None = None) -> Shown:
    """An IRI for a page: see `show`. Ontology terms link to their entry in the
    ontology's documentation."""
    if iri.startswith(ONTOLOGY) and iri != ONTOLOGY:
        return Shown(label or prefixed(iri), "/ontology/#" + iri[len(ONTOLOGY) :])
    path = path_of(iri)
    if path is not None:
        return Shown(label or prefixed(iri), path)
    if iri.startswith(str(WD)):
        return Shown(label or f"Wikidata {local_name(iri)}", iri, external=True)
    if iri.startswith(("http://", "https://")):
        return Shown(label or prefixed(iri), iri, external=True)
    return Shown(label or iri)


@lru_cache(maxsize=1)
def article_text() -> str:
    from warkg import paths

    return paths.article_path().read_text(encoding="utf-8")


def article_position(evidence: str) -> int:
    """Where `evidence` starts in the article snapshot (for article order); large if
    the text is not found verbatim."""
    found = article_text().find(evidence.strip()) if evidence.strip() else -1
    return found if found >= 0 else 10**9


def is_ours(term: Node) -> bool:
    return isinstance(term, URIRef) and str(term).startswith(BASE)
