"""Our entities' Wikidata link records, read from the graph.

Every entity the article names as a thing Wikidata could hold (states, organisations,
publishers, named places and events, equipment) has one `warkg:WikidataLink` record in
triples/wikidata-links.ttl. A verified record names the item, the label it had when
checked, the date and the method, and its entity carries `skos:exactMatch` to the item;
an unverified record names no item, so the entity is listed as not linked instead of
being linked by a guess. The commands use only verified records.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from rdflib import Graph, Literal, URIRef

from warkg.errors import InputError
from warkg.rdf.namespaces import EVENT, WARKG, WD
from warkg.rdf.terms import shorten_term

# The article's subject: the item that casualty figures would be stated on.
THE_WAR = EVENT["second-nagorno-karabakh-war"]

QID = re.compile(r"^Q[1-9][0-9]*$")
ITEM_IRI = re.compile(r"^http://www\.wikidata\.org/entity/(Q[1-9][0-9]*)$")


@dataclass(frozen=True)
class Link:
    """One link record. `qid` and `checked_label` are None for an unverified record."""

    record: URIRef
    entity: URIRef
    verified: bool
    qid: str | None
    checked_label: str | None
    check_date: date | None
    method: str | None

    @property
    def entity_name(self) -> str:
        """The entity with our prefixes (`agent:azerbaijan`), as reports print it."""
        return shorten_term(self.entity)


def _text(value: object) -> str | None:
    return str(value) if isinstance(value, Literal) else None


def read_links(graph: Graph) -> list[Link]:
    """Every link record in `graph`, sorted by entity IRI.

    InputError for a verified record whose item is not a Wikidata item IRI: the SHACL
    shapes reject it too, but the commands must never send or export a malformed id
    even when run on data that was not validated."""
    links = []
    for record in graph.subjects(WARKG.linksEntity, None):
        if not isinstance(record, URIRef):
            continue
        entity = graph.value(record, WARKG.linksEntity)
        if not isinstance(entity, URIRef):
            continue
        verified = (record, WARKG.linkStatus, WARKG.verified) in graph
        item = graph.value(record, WARKG.linksItem)
        qid = None
        if verified:
            match = ITEM_IRI.match(str(item)) if isinstance(item, URIRef) else None
            if match is None:
                raise InputError(
                    f"{shorten_term(record)}: verified Wikidata link has no item of the form "
                    f"http://www.wikidata.org/entity/Q123 (found {item})"
                )
            qid = match.group(1)
        checked = graph.value(record, WARKG.checkDate)
        links.append(
            Link(
                record=record,
                entity=entity,
                verified=verified,
                qid=qid,
                checked_label=_text(graph.value(record, WARKG.checkedLabel)) if verified else None,
                check_date=checked.toPython() if isinstance(checked, Literal) else None,
                method=_text(graph.value(record, WARKG.verificationMethod)),
            )
        )
    return sorted(links, key=lambda link: str(link.entity))


def verified_links(graph: Graph) -> list[Link]:
    """The verified links only: the ones a check may query and an export may use."""
    return [link for link in read_links(graph) if link.verified]


def verified_qids(graph: Graph) -> dict[URIRef, str]:
    """Entity -> QID for every verified link."""
    return {link.entity: link.qid for link in verified_links(graph) if link.qid}


def parse_qid(text: str) -> str:
    """A QID given on the command line (`Q123`, or `wd:Q123` / the entity IRI), checked
    for form only; InputError otherwise. Whether it is the right item is the user's call."""
    value = text.strip()
    for prefix in ("wd:", str(WD)):
        if value.startswith(prefix):
            value = value[len(prefix) :]
    if not QID.match(value):
        raise InputError(f"--item {text!r} is not a Wikidata item id such as Q123")
    return value


def war_item(graph: Graph, given: str | None) -> str:
    """The Wikidata item of the war: `given` (--item) if any, else the verified link.

    The war's own id is not verified, so normally --item is required; a given id that
    contradicts a verified link is refused rather than silently preferred."""
    linked = verified_qids(graph).get(THE_WAR)
    if given is None:
        if linked is None:
            raise InputError(
                f"the war ({shorten_term(THE_WAR)}) has no verified Wikidata link; "
                "give its item with --item Q..."
            )
        return linked
    qid = parse_qid(given)
    if linked is not None and linked != qid:
        raise InputError(
            f"--item {qid} differs from the verified link {linked} of {shorten_term(THE_WAR)}"
        )
    return qid
