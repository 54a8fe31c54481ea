"""Rules that apply the curation's claims and entities.

A curated claim names its kind, label and statement; the rules find the words it rests
on in the article and derive everything the text says about it: the evidence (the
sentence segment or infobox line), the references and footnotes cited there, the
section, and for a figure its exactness and bounds. A fact claim's statement is also
stated directly on its subject, as the infobox rules do for theirs.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS, SKOS

from warkg.build.curation import ClaimDecision
from warkg.build.figures import read_figure
from warkg.build.rules.common import cite, evidence, exactness
from warkg.build.rules.context import Context
from warkg.rdf.namespaces import WARKG

__all__ = ["claims", "entities", "subject"]

PART = "war"


def subject(context: Context) -> None:
    """The conflict the article is about: its name is the article's title."""
    add, node = context.out.add, context.subject
    add(PART, node, RDFS.label, Literal(context.article.title, lang="en"), "article-subject")
    if context.curation.subject_type is not None:
        add(
            PART,
            node,
            RDF.type,
            context.curation.subject_type,
            "article-subject",
            "article.subject",
        )
    else:
        add(PART, node, RDF.type, WARKG.ArmedConflict, "article-subject")


def entities(context: Context) -> None:
    add = context.out.add
    for entity in context.curation.entities:
        decision = f"entities.{entity.key}"
        if entity.type is not None:
            add(PART, entity.iri, RDF.type, entity.type, "curated-entity", decision)
        if entity.label is not None:
            add(
                PART,
                entity.iri,
                RDFS.label,
                Literal(entity.label, lang="en"),
                "curated-entity",
                decision,
            )
        for alt in entity.alt_labels:
            add(
                PART, entity.iri, SKOS.altLabel, Literal(alt, lang="en"), "curated-entity", decision
            )
        if entity.note is not None:
            add(
                PART,
                entity.iri,
                SKOS.note,
                Literal(entity.note, lang="en"),
                "curated-entity",
                decision,
            )


def claims(context: Context) -> None:
    for decision in context.curation.claims:
        _claim(context, decision)


def _claim(context: Context, decision: ClaimDecision) -> None:
    add, minter = context.out.add, context.minter
    rule, entry = "curated-claim", f"claims.{decision.id}"
    place = context.locate(decision.words, f"{context.curation.file}: claim {decision.id}")
    claim = minter.claim(decision.id)
    add(PART, claim, RDF.type, decision.kind, rule, entry)
    add(PART, claim, RDFS.label, Literal(decision.label, lang="en"), rule, entry)
    add(PART, claim, WARKG.about, decision.about, rule, entry)
    evidence(context, PART, claim, place.text.text, place.section, rule)
    cite(context, PART, claim, place.text, rule, derived_from=decision.supplemented_by)
    if decision.property is not None:
        add(PART, claim, WARKG.statesProperty, decision.property, rule, entry)
        for obj in decision.objects:
            add(PART, claim, WARKG.statesObject, obj, rule, entry)
            add(PART, decision.about, decision.property, obj, "fact-statement", entry)
        if decision.value is not None:
            add(PART, claim, WARKG.statesValue, decision.value, rule, entry)
            add(PART, decision.about, decision.property, decision.value, "fact-statement", entry)
    for predicate, values in (
        (WARKG.mentions, decision.mentions),
        (WARKG.concernsAgent, decision.concerns),
        (WARKG.supplementedBy, decision.supplemented_by),
    ):
        for value in values:
            add(PART, claim, predicate, value, rule, entry)
    for predicate, value in (
        (WARKG.measure, decision.measure),
        (WARKG.unit, decision.unit),
        (WARKG.timeOfDay, decision.time_of_day),
    ):
        if value is not None:
            add(PART, claim, predicate, value, rule, entry)
    if decision.note is not None:
        add(PART, claim, SKOS.note, Literal(decision.note, lang="en"), rule, entry)
    if decision.stated is not None:
        _figure(context, decision, claim, place.text.plain)


def _figure(context: Context, decision: ClaimDecision, claim, plain: str) -> None:
    """The curated claim's figure, read by the same rule as the infobox's figures."""
    add = context.out.add
    where = f"claim {decision.id}"
    if decision.stated not in plain:
        context.fail(f"{where}: stated {decision.stated!r} is not in its evidence")
    read = read_figure(decision.stated)
    if read is None:
        context.fail(f"{where}: stated {decision.stated!r} does not start with a figure")
    figure, _ = read
    rule = "curated-figure"
    add(PART, claim, WARKG.statedAs, Literal(decision.stated), rule, f"claims.{decision.id}")
    exactness(context, PART, claim, figure, rule)
