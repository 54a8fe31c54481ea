"""What every claim rule writes the same way: a claim's words and where they are cited."""

from __future__ import annotations

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, XSD

from warkg.build.figures import Figure
from warkg.build.model import MarkedText
from warkg.build.rules.context import Context
from warkg.rdf.namespaces import WARKG

__all__ = ["cite", "evidence", "exactness"]


def evidence(
    context: Context,
    part: str,
    claim: URIRef,
    text: str,
    section: URIRef,
    rule: str,
    curation: str | None = None,
) -> None:
    """The article's words the claim encodes, and the section they lie in."""
    context.out.add(part, claim, WARKG.evidenceText, Literal(text), rule, curation)
    context.out.add(part, claim, WARKG.inSection, section, rule)


def cite(
    context: Context,
    part: str,
    claim: URIRef,
    text: MarkedText,
    rule: str,
    references: tuple[int, ...] | None = None,
    derived_from: tuple[URIRef, ...] = (),
) -> None:
    """The references and footnotes `text` cites (or `references`, when a rule knows
    only some of them vouch for the claim), as hasReference, citesFootnote and
    prov:wasDerivedFrom; articleGivesNoCitation when it cites nothing."""
    add, minter = context.out.add, context.minter
    numbers = text.reference_numbers if references is None else references
    labels = text.footnote_labels
    listed = {reference.number for reference in context.article.references}
    for number in numbers:
        if number not in listed:
            context.warn(f"[{number}] is cited, but the reference list has no reference {number}")
    for number in numbers:
        add(part, claim, WARKG.hasReference, minter.reference(number), rule)
        add(part, claim, PROV.wasDerivedFrom, minter.reference(number), rule)
    for label in labels:
        add(part, claim, WARKG.citesFootnote, minter.footnote(label), rule)
        add(part, claim, PROV.wasDerivedFrom, minter.footnote(label), rule)
    for source in derived_from:
        add(part, claim, PROV.wasDerivedFrom, source, rule)
    if not numbers and not labels:
        add(part, claim, WARKG.articleGivesNoCitation, Literal(True), rule)


def exactness(context: Context, part: str, claim: URIRef, figure: Figure, rule: str) -> None:
    """How exact the article says the figure is, and its amount and bounds as numbers
    (the figure as written, warkg:statedAs, is each rule's own to state)."""
    add = context.out.add
    add(part, claim, WARKG.exactness, WARKG[figure.exactness], rule)
    for predicate, value in (
        (WARKG.quantityAmount, figure.amount),
        (WARKG.lowerBound, figure.lower),
        (WARKG.upperBound, figure.upper),
    ):
        if value is not None:
            add(part, claim, predicate, Literal(str(value), datatype=XSD.nonNegativeInteger), rule)
