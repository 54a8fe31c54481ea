"""Rules about the article itself: its source, its sections, its footnotes."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, XSD

from warkg.build.rules.context import Context
from warkg.rdf.namespaces import WARKG

__all__ = ["footnotes", "sections", "source"]

PART = "war"


def source(context: Context) -> None:
    """The article's source: title, digest, page, revision, licence, rendered notices."""
    add, article = context.out.add, context.article
    node = context.minter.article()
    rule = "article-source"
    add(PART, node, RDF.type, WARKG.ArticleSnapshot, rule)
    add(
        PART,
        node,
        RDFS.label,
        Literal(f"Snapshot of the Wikipedia article '{article.title}'", lang="en"),
        rule,
    )
    add(PART, node, DCTERMS.title, Literal(article.title), rule)
    default = context.minter.event(article.title)  # the conflict the title names
    decided = "article.subject" if context.subject != default else None
    add(PART, node, DCTERMS.subject, context.subject, rule, decided)
    add(PART, node, WARKG.sha256, Literal(article.source.sha256), rule)
    url, licence, stated = article.source.url, article.source.licence, article.source.stated
    if url:
        add(PART, node, DCTERMS.source, URIRef(url), rule, _option("url", "--source-url", stated))
    elif context.curation.source_url:
        add(PART, node, DCTERMS.source, URIRef(context.curation.source_url), rule, "article.source")
    if licence:
        add(
            PART,
            node,
            DCTERMS.license,
            URIRef(licence),
            rule,
            _option("licence", "--licence", stated),
        )
    elif context.curation.licence:
        add(PART, node, DCTERMS.license, URIRef(context.curation.licence), rule, "article.source")
    else:  # never guessed: a saved page or a wikitext file does not say its licence
        context.warn(
            "no licence: the source does not name one; give it with --licence IRI (or "
            "article.source.licence in a curation file), else the graph does not validate"
        )
    if article.source.revision_id is not None:
        add(
            PART,
            node,
            WARKG.revisionId,
            Literal(str(article.source.revision_id), datatype=XSD.nonNegativeInteger),
            rule,
        )
    if article.source.timestamp:
        add(
            PART,
            node,
            WARKG.revisionTimestamp,
            Literal(article.source.timestamp, datatype=XSD.dateTime),
            rule,
        )
    for notice in article.notices:
        add(PART, node, WARKG.renderingNote, Literal(notice), rule)


def _option(field: str, option: str, stated: frozenset[str]) -> str | None:
    """The command-line option that stated `field`, if the person building gave it."""
    return option if field in stated else None


def sections(context: Context) -> None:
    """Each section: its place in the page, label, heading, emptiness, pointer lines."""
    add = context.out.add
    rule = "article-sections"
    for info in context.sections:
        add(PART, info.iri, RDF.type, WARKG.ArticleSection, rule)
        add(PART, info.iri, RDFS.label, Literal(info.label, lang="en"), rule)
        add(PART, info.iri, DCTERMS.isPartOf, info.parent, rule)
        add(
            PART,
            info.iri,
            WARKG.sectionOrder,
            Literal(str(info.order), datatype=XSD.positiveInteger),
            rule,
        )
        if info.heading is not None:
            add(PART, info.iri, WARKG.heading, Literal(info.heading), rule)
        if info.empty:
            add(PART, info.iri, WARKG.renderedEmpty, Literal(True), rule)
        for pointer in info.pointers:
            add(PART, info.iri, WARKG.pointerText, Literal(pointer), rule)
        comment = context.curation.section_comments.get(info.local)
        if comment is not None:
            add(
                PART,
                info.iri,
                RDFS.comment,
                Literal(comment, lang="en"),
                rule,
                f"sections.{info.local}",
            )
    known = {info.local for info in context.sections}
    for local in context.curation.section_comments:
        if local not in known:
            context.fail(f"sections.{local}: the article has no such section")


def footnotes(context: Context) -> None:
    """Each footnote the article cites or renders; whether its text is rendered."""
    add = context.out.add
    rule = "article-footnotes"
    root = context.minter.article()
    for note in context.article.footnotes:
        node = context.minter.footnote(note.label)
        add(PART, node, RDF.type, WARKG.Footnote, rule)
        add(PART, node, RDFS.label, Literal(f"Footnote {note.label}", lang="en"), rule)
        add(PART, node, DCTERMS.isPartOf, root, rule)
        add(PART, node, WARKG.footnoteLabel, Literal(note.label), rule)
        add(PART, node, WARKG.textRenderedInSnapshot, Literal(note.text is not None), rule)
        if note.text is not None:
            add(PART, node, WARKG.footnoteText, Literal(note.text.text), rule)
