"""The export's context qualifiers: properties and items the user verified, not we.

Every casualty figure in the article is one side's or one group's count, and most are
one claimant's. Written as a bare P1120/P1339/P1446 statement on the war item, such a
figure would read as the war's total. Wikidata can hold the context as qualifiers, but
wikidata-verified.md lists no property for whose figure it is or whom it counts, and no
item for any of our populations; guessing one would put an unverified id into a batch
ready to paste. So those qualifiers are written only with properties and items the user
gives on the command line, and this module checks their form, nothing more.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import URIRef

from warkg.errors import InputError
from warkg.rdf.namespaces import POP
from warkg.rdf.terms import shorten_term
from warkg.wikidata.alignment import parse_qid

PID = re.compile(r"^P[1-9][0-9]*$")
# Properties the export already writes with a meaning of their own.
TAKEN = ("P1120", "P1339", "P1446", "P1932")


@dataclass(frozen=True)
class Qualifiers:
    """What the user gave: the claimant property, the population property and the item
    for each population. None or empty means not given, so not written."""

    claimant_property: str | None = None
    population_property: str | None = None
    population_items: dict[URIRef, str] = field(default_factory=dict)


def parse_pid(text: str, option: str) -> str:
    """A property id (`P123`) given as `option`, checked for form only."""
    value = text.strip()
    if not PID.match(value):
        raise InputError(f"{option} {text!r} is not a Wikidata property id such as P123")
    if value in TAKEN:
        raise InputError(
            f"{option} {value} is a property the export already writes "
            f"({', '.join(TAKEN)}); give the one that says what the option is for"
        )
    return value


def parse_population_item(text: str) -> tuple[URIRef, str]:
    """`pop:NAME=Q123` (or the population's full IRI before the `=`)."""
    name, equals, qid = text.rpartition("=")
    name = name.strip()
    if name.startswith("pop:"):
        population = POP[name[len("pop:") :]]
    elif name.startswith(str(POP)):
        population = URIRef(name)
    else:
        population = None
    if not equals or population is None or population == URIRef(str(POP)):
        raise InputError(f"--population-item {text!r} is not of the form pop:NAME=Q123")
    try:
        return population, parse_qid(qid)
    except InputError:
        raise InputError(
            f"--population-item {text!r}: {qid.strip()!r} is not a Wikidata item id such as Q123"
        ) from None


def qualifiers_from_options(
    claimant_property: str | None,
    population_property: str | None,
    population_items: Iterable[str],
    populations: Iterable[URIRef],
) -> Qualifiers:
    """The options checked against each other and against the populations the war's
    casualty figures count (`populations`); InputError naming the option otherwise."""
    claimant = parse_pid(claimant_property, "--claimant-property") if claimant_property else None
    population = (
        parse_pid(population_property, "--population-property") if population_property else None
    )
    if claimant is not None and claimant == population:
        raise InputError(
            f"--claimant-property and --population-property are both {claimant}; "
            "whose figure it is and whom it counts need different properties"
        )
    known = set(populations)
    items: dict[URIRef, str] = {}
    for text in population_items:
        iri, qid = parse_population_item(text)
        if iri not in known:
            raise InputError(
                f"--population-item {text!r}: {shorten_term(iri)} is not a population that a "
                "casualty figure of the war counts"
            )
        if items.get(iri, qid) != qid:
            raise InputError(
                f"--population-item {shorten_term(iri)} is given twice, as {items[iri]} and {qid}"
            )
        items[iri] = qid
    if items and population is None:
        raise InputError("--population-item needs --population-property, the qualifier to use")
    return Qualifiers(claimant, population, items)
