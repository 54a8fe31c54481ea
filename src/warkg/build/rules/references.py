"""Rules for the reference list: every reference, the work it cites with every field the
citation gives, its authors, and the organisations named as work or publisher."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from warkg.build.dates import parse_date
from warkg.build.iris import slug
from warkg.build.model import Reference
from warkg.build.rules.context import Context
from warkg.build.vocabulary import vocabulary
from warkg.rdf.namespaces import AGENT, WARKG

__all__ = ["references"]

PART = "references"
SOURCES = "sources"
_LANGUAGE_TAG_RE = re.compile(r"^[a-z]{2,3}(?:-[A-Za-z0-9]{2,8})*$")


class _Organisations:
    """Names of source organisations -> IRIs, with the curation's aliases applied."""

    def __init__(self, context: Context) -> None:
        self.context = context
        self.alias: dict[str, tuple[str, int]] = {}
        for index, (label, names) in enumerate(context.curation.organisations):
            self.alias[label] = (label, index)
            for name in names:
                self.alias[name] = (label, index)
        self.labels: dict[URIRef, str] = {}
        self.used_groups: set[int] = set()

    def node(self, name: str) -> tuple[URIRef, str | None]:
        """The organisation a name denotes, and the curation entry that decided it."""
        add = self.context.out.add
        rule = "source-organisation"
        if name in self.alias:
            label, index = self.alias[name]
            self.used_groups.add(index)
            decision = f"organisations[{index}]"
            node = AGENT[slug(label)]
            add(SOURCES, node, RDF.type, WARKG.SourceOrganisation, rule)
            add(SOURCES, node, RDFS.label, Literal(label, lang="en"), rule, decision)
            if name != label:
                add(SOURCES, node, SKOS.altLabel, Literal(name, lang="en"), rule, decision)
            return node, (decision if name != label else None)
        node = AGENT[slug(name)]
        add(SOURCES, node, RDF.type, WARKG.SourceOrganisation, rule)
        first = self.labels.setdefault(node, name)
        predicate = RDFS.label if first == name else SKOS.altLabel
        add(SOURCES, node, predicate, Literal(name, lang="en"), rule)
        return node, None


def _language(value: str) -> str | None:
    if _LANGUAGE_TAG_RE.match(value):
        return value
    return vocabulary().languages.get(value)


def _date(context: Context, reference: Reference, field: str, value: str | None) -> Literal | None:
    if value is None:
        return None
    parsed = parse_date(value)
    if parsed is None:
        context.warn(f"reference {reference.number}: {field} {value!r} is not a full date")
        return None
    return Literal(parsed.isoformat(), datatype=XSD.date)


def references(context: Context) -> None:
    organisations = _Organisations(context)
    for reference in context.article.references:
        _reference(context, reference, organisations)
    for index, (label, _) in enumerate(context.curation.organisations):
        if index not in organisations.used_groups:
            context.fail(f"organisations[{index}] ({label}): no reference names it")


def _reference(context: Context, reference: Reference, organisations: _Organisations) -> None:
    add, minter = context.out.add, context.minter
    rule = "reference"
    node = minter.reference(reference.number)
    number = str(reference.number)
    add(PART, node, RDF.type, WARKG.Reference, rule)
    add(PART, node, RDFS.label, Literal(f"Reference {number}", lang="en"), rule)
    add(PART, node, DCTERMS.isPartOf, minter.section("references"), rule)
    add(PART, node, WARKG.referenceNumber, Literal(number, datatype=XSD.positiveInteger), rule)
    add(
        PART,
        node,
        WARKG.backlinkCount,
        Literal(str(reference.cited), datatype=XSD.positiveInteger),
        rule,
    )
    add(PART, node, WARKG.renderedText, Literal(reference.text), rule)
    for note in reference.maintenance:
        add(PART, node, WARKG.citationMaintenanceNote, Literal(note), rule)
    if reference.title is None:
        # A citation written as free text (or a note in the reference list): its text
        # is kept as rendered; no field is read from it.
        add(PART, node, WARKG.unstructuredCitation, Literal(True), rule)
        if reference.template is not None:
            context.warn(f"reference {number}: {{{{{reference.template}}}}} gives no title")
        return
    if reference.work is None and reference.publisher is None:
        add(PART, node, WARKG.articleGivesNoSource, Literal(True), rule)
    work = minter.work(reference.number)
    add(PART, node, WARKG.citesWork, work, rule)
    _work(context, reference, work, organisations)


def _work(
    context: Context, reference: Reference, work: URIRef, organisations: _Organisations
) -> None:
    add, minter = context.out.add, context.minter
    rule = "cited-work"
    add(PART, work, RDF.type, WARKG.CitedWork, rule)
    add(PART, work, RDFS.label, Literal(reference.title), rule)
    add(PART, work, DCTERMS.title, Literal(reference.title), rule)
    if reference.trans_title:
        add(PART, work, WARKG.translatedTitle, Literal(reference.trans_title), rule)
    for predicate, field, value in (
        (DCTERMS.issued, "date", reference.date),
        (WARKG.retrievedDate, "access-date", reference.access_date),
        (WARKG.archiveDate, "archive-date", reference.archive_date),
    ):
        literal = _date(context, reference, field, value)
        if literal is not None:
            add(PART, work, predicate, literal, rule)
    if reference.language:
        tag = _language(reference.language)
        if tag is None:
            context.warn(f"reference {reference.number}: unknown language {reference.language!r}")
        else:
            add(PART, work, DCTERMS.language, Literal(tag), rule)
    if reference.url:
        add(PART, work, WARKG.url, Literal(reference.url, datatype=XSD.anyURI), rule)
    if reference.archive_url:
        add(PART, work, WARKG.archiveUrl, Literal(reference.archive_url, datatype=XSD.anyURI), rule)
    if reference.quote:
        add(PART, work, WARKG.quote, Literal(reference.quote), rule)
    for name, link, stated in (
        (reference.work, WARKG.publishedIn, WARKG.publishedInAsStated),
        (reference.publisher, DCTERMS.publisher, WARKG.publisherAsStated),
    ):
        if name:
            node, decision = organisations.node(name)
            add(PART, work, link, node, rule, decision)
            add(PART, work, stated, Literal(name), rule)
    for position, author in enumerate(reference.authors, start=1):
        authorship = minter.authorship(reference.number, position)
        add(PART, work, WARKG.hasAuthorship, authorship, rule)
        add(PART, authorship, RDF.type, WARKG.Authorship, rule)
        add(PART, authorship, RDFS.label, Literal(author), rule)
        add(PART, authorship, WARKG.authorName, Literal(author), rule)
        add(
            PART,
            authorship,
            WARKG.authorPosition,
            Literal(str(position), datatype=XSD.positiveInteger),
            rule,
        )
