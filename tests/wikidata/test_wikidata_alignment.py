"""The Wikidata alignment in triples/wikidata-links.ttl, and the shapes that guard it.

The expected links are typed in by hand from src/warkg/data/wikidata-verified.md (the only ids
the project treats as verified), so an added, dropped or altered id fails here. Broken
variants of the real data assert which shape catches them and on which node.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import OWL, SKOS, XSD

from warkg import paths
from warkg.errors import InputError
from warkg.rdf.namespaces import AGENT, CONCEPT, EVENT, PLACE, WARKG, WD, WDLINK, WDT
from warkg.validation.api import validate
from warkg.wikidata import alignment

# entity -> (QID, label recorded for the item), as listed in wikidata-verified.md
VERIFIED = {
    "agent:armenia": ("Q399", "Armenia"),
    "agent:artsakh": ("Q244165", "Republic of Artsakh"),
    "agent:azerbaijan": ("Q227", "Azerbaijan"),
    "agent:bbc": ("Q9531", "BBC"),
    "agent:france": ("Q142", "France"),
    "agent:international-court-of-justice": ("Q7801", "International Court of Justice"),
    "agent:reuters": ("Q130879", "Reuters"),
    "agent:russia": ("Q159", "Russia"),
    "agent:the-guardian": ("Q11148", "The Guardian"),
    "agent:the-new-york-times": ("Q9684", "The New York Times"),
    "agent:turkey": ("Q43", "Turkey"),
    "agent:united-nations": ("Q1065", "United Nations"),
    "agent:united-states": ("Q30", "United States"),
}
METHOD = (
    "listed beside the entity's name in src/warkg/data/wikidata-verified.md "
    "(seen in independent public files); the recorded label is that list's entity name, "
    "not read from Wikidata"
)
# Named in wikidata-verified.md as NOT verified; each must be recorded as not linked.
NAMED_UNVERIFIED = [
    EVENT["second-nagorno-karabakh-war"],
    PLACE["nagorno-karabakh"],
    PLACE["shusha"],
    PLACE["lachin-corridor"],
    PLACE["dadivank"],
    EVENT["first-nagorno-karabakh-war"],
    EVENT["azerbaijani-offensive-of-2023"],
    EVENT["ceasefire-agreement"],
    AGENT["syrian-observatory-for-human-rights"],
    AGENT["human-rights-watch"],
    CONCEPT["mi-24"],
]
# The classes whose instances are things Wikidata could have an item for.
LINKABLE = [
    WARKG[name]
    for name in [
        "State",
        "BreakawayState",
        "InternationalOrganisation",
        "Court",
        "ArmedGroup",
        "MonitoringOrganisation",
        "SourceOrganisation",
        "War",
        "ArmedConflict",
        "MilitaryOffensive",
        "CeasefireAgreement",
        "Region",
        "City",
        "Corridor",
        "Monastery",
        "EquipmentModel",
    ]
]


@pytest.fixture(scope="module")
def links(data_graph: Graph) -> list[alignment.Link]:
    return alignment.read_links(data_graph)


def test_links_file_ships() -> None:
    assert paths.triples_dir().joinpath("wikidata-links.ttl") in paths.triples_files()


def test_verified_links_are_exactly_the_listed_ones(links: list[alignment.Link]) -> None:
    verified = {link.entity_name: (link.qid, link.checked_label) for link in links if link.verified}
    assert verified == VERIFIED
    for link in links:
        if link.verified:
            assert (link.check_date, link.method) == (date(2026, 11, 25), METHOD)


def test_verified_entities_exist_in_the_graph(data_graph: Graph) -> None:
    for entity in alignment.verified_qids(data_graph):
        assert next(data_graph.objects(entity, RDF.type), None) is not None, entity


def test_exact_matches_are_the_verified_links_and_nothing_else(data_graph: Graph) -> None:
    matches = {(entity, item) for entity, item in data_graph.subject_objects(SKOS.exactMatch)}
    expected = {
        (AGENT[name.removeprefix("agent:")], WD[qid]) for name, (qid, _) in VERIFIED.items()
    }
    assert matches == expected


def test_no_owl_same_as_to_wikidata(data_graph: Graph) -> None:
    """owl:sameAs would let OWL RL copy every statement between the two entities."""
    assert [o for o in data_graph.objects(None, OWL.sameAs) if "wikidata" in str(o)] == []


def test_no_other_wikidata_id_anywhere_in_the_data(data_graph: Graph) -> None:
    """Not even the ids seen mislabelled in public files (Q7825, Q244, Q219)."""
    used = {
        str(term)
        for triple in data_graph
        for term in triple
        if isinstance(term, URIRef) and str(term).startswith(str(WD))
    }
    assert used == {str(WD[qid]) for qid, _ in VERIFIED.values()}


def test_named_unverified_entities_are_listed_as_not_linked(
    data_graph: Graph, links: list[alignment.Link]
) -> None:
    by_entity = {link.entity: link for link in links}
    for entity in NAMED_UNVERIFIED:
        link = by_entity[entity]
        assert (link.verified, link.qid, link.checked_label) == (False, None, None), entity
        assert link.method is not None and "not verified" in link.method
        assert (entity, SKOS.exactMatch, None) not in data_graph


def test_every_linkable_entity_has_exactly_one_record(
    data_graph: Graph, links: list[alignment.Link]
) -> None:
    entities = {e for cls in LINKABLE for e in data_graph.subjects(RDF.type, cls)}
    assert len(entities) == 93
    assert sorted(link.entity for link in links) == sorted(entities)
    assert sum(link.verified for link in links) == 13
    assert sum(not link.verified for link in links) == 80


def test_record_iris_are_readable(links: list[alignment.Link]) -> None:
    assert {link.record for link in links if link.verified} >= {
        WDLINK["azerbaijan"],
        WDLINK["the-new-york-times"],
    }
    for link in links:
        assert str(link.record) == str(WDLINK) + str(link.entity).rsplit("/", 1)[1]


def test_states_not_in_the_graph_are_not_added(data_graph: Graph) -> None:
    for name in ("iran", "syria", "united-nations-security-council"):
        assert (AGENT[name], None, None) not in data_graph


# --- the command-line helpers ---------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "qid"), [("Q123", "Q123"), ("wd:Q5", "Q5"), (str(WD["Q42"]), "Q42")]
)
def test_parse_qid(given: str, qid: str) -> None:
    assert alignment.parse_qid(given) == qid


@pytest.mark.parametrize("given", ["123", "Q0", "Q012", "P1120", "q12", "Q12x", ""])
def test_parse_qid_refuses(given: str) -> None:
    with pytest.raises(InputError, match="is not a Wikidata item id such as Q123"):
        alignment.parse_qid(given)


def test_war_item_needs_item_when_the_war_is_not_linked(data_graph: Graph) -> None:
    with pytest.raises(InputError) as caught:
        alignment.war_item(data_graph, None)
    assert caught.value.message == (
        "the war (event:second-nagorno-karabakh-war) has no verified Wikidata link; "
        "give its item with --item Q..."
    )
    assert alignment.war_item(data_graph, "Q999999901") == "Q999999901"


def _with_war_link(graph: Graph) -> Graph:
    copy = Graph()
    copy += graph
    record = WDLINK["second-nagorno-karabakh-war"]
    copy.set((record, WARKG.linkStatus, WARKG.verified))
    copy.add((record, WARKG.linksItem, WD["Q999999901"]))
    return copy


def test_war_item_from_a_verified_link(data_graph: Graph) -> None:
    graph = _with_war_link(data_graph)
    assert alignment.war_item(graph, None) == "Q999999901"
    assert alignment.war_item(graph, "Q999999901") == "Q999999901"
    with pytest.raises(InputError, match="--item Q5 differs from the verified link Q999999901"):
        alignment.war_item(graph, "Q5")


def test_read_links_refuses_a_malformed_verified_item(data_graph: Graph) -> None:
    broken = Graph()
    broken += data_graph
    broken.set((WDLINK["armenia"], WARKG.linksItem, URIRef("https://www.wikidata.org/wiki/Q399")))
    with pytest.raises(InputError) as caught:
        alignment.read_links(broken)
    assert caught.value.message == (
        "wdlink:armenia: verified Wikidata link has no item of the form "
        "http://www.wikidata.org/entity/Q123 (found https://www.wikidata.org/wiki/Q399)"
    )


# --- the shapes on broken variants of the real data -------------------------------------

Mutation = Callable[[Graph], None]
ARMENIA = AGENT["armenia"]
NOT_BACKED = (
    "Link to Wikidata {} is not backed by a verified Wikidata link record that names this "
    "entity and item and carries the item's label, the check date and the verification method."
)

BROKEN: list[tuple[str, Mutation, tuple[str, str, str | None]]] = [
    (
        "exact-match-to-a-wiki-page-url",
        lambda g: g.add((ARMENIA, SKOS.exactMatch, URIRef("https://www.wikidata.org/wiki/Q399"))),
        (
            "wsh:ExactMatchShape",
            "agent:armenia",
            "Link to Wikidata https://www.wikidata.org/wiki/Q399 is not a Wikidata item IRI "
            "of the form http://www.wikidata.org/entity/Q123.",
        ),
    ),
    (
        "exact-match-with-a-leading-zero",
        lambda g: g.add((ARMENIA, SKOS.exactMatch, WD["Q0399"])),
        (
            "wsh:ExactMatchShape",
            "agent:armenia",
            "Link to Wikidata http://www.wikidata.org/entity/Q0399 is not a Wikidata item IRI "
            "of the form http://www.wikidata.org/entity/Q123.",
        ),
    ),
    (
        "exact-match-to-a-property",
        lambda g: g.add((ARMENIA, SKOS.exactMatch, WD["P1120"])),
        ("wsh:ExactMatchShape", "agent:armenia", None),
    ),
    (
        "exact-match-with-no-verification-record",
        lambda g: g.add((AGENT["kommersant"], SKOS.exactMatch, WD["Q1"])),
        (
            "wsh:ExactMatchShape",
            "agent:kommersant",
            NOT_BACKED.format("http://www.wikidata.org/entity/Q1"),
        ),
    ),
    (
        "exact-match-to-another-item-than-the-record",
        lambda g: g.add((ARMENIA, SKOS.exactMatch, WD["Q2"])),
        ("wsh:ExactMatchShape", "agent:armenia", NOT_BACKED.format(str(WD["Q2"]))),
    ),
    (
        "exact-match-as-a-literal",
        lambda g: g.add((ARMENIA, SKOS.exactMatch, Literal("Q399"))),
        ("wsh:ExactMatchShape-iri", "agent:armenia", "skos:exactMatch must link to an IRI."),
    ),
    (
        "verified-record-without-label",
        lambda g: g.remove((WDLINK["armenia"], WARKG.checkedLabel, None)),
        (
            "wsh:VerifiedWikidataLinkShape-checkedLabel",
            "wdlink:armenia",
            "Verified Wikidata link record must name its item (warkg:linksItem) and the "
            "English label the item had when checked (warkg:checkedLabel).",
        ),
    ),
    (
        "verified-record-without-date",
        lambda g: g.remove((WDLINK["armenia"], WARKG.checkDate, None)),
        (
            "wsh:WikidataLinkShape-checkDate",
            "wdlink:armenia",
            "Wikidata link record must carry exactly one check date (xsd:date).",
        ),
    ),
    (
        "verified-record-without-method-leaves-exact-match-unbacked",
        lambda g: g.remove((WDLINK["armenia"], WARKG.verificationMethod, None)),
        ("wsh:ExactMatchShape", "agent:armenia", NOT_BACKED.format(str(WD["Q399"]))),
    ),
    (
        "verified-record-without-its-exact-match",
        lambda g: g.remove((ARMENIA, SKOS.exactMatch, None)),
        (
            "wsh:VerifiedWikidataLinkShape",
            "wdlink:armenia",
            "Verified Wikidata link record names http://www.wikidata.org/entity/Q399 but its "
            "entity lacks the skos:exactMatch triple to it.",
        ),
    ),
    (
        "record-item-malformed",
        lambda g: g.set(
            (WDLINK["shusha"], WARKG.linksItem, URIRef("http://www.wikidata.org/entity/shusha"))
        ),
        (
            "wsh:WikidataLinkShape-item",
            "wdlink:shusha",
            "Wikidata link record names at most one item, as a Wikidata entity IRI of the form "
            "http://www.wikidata.org/entity/Q123.",
        ),
    ),
    (
        "unverified-record-names-an-item",
        lambda g: g.add((WDLINK["shusha"], WARKG.linksItem, WD["Q1"])),
        (
            "wsh:UnverifiedWikidataLinkShape-item",
            "wdlink:shusha",
            "Unverified Wikidata link record names an item or a checked label: an id that is "
            "not verified stays out of the graph.",
        ),
    ),
    (
        "record-without-status",
        lambda g: g.remove((WDLINK["shusha"], WARKG.linkStatus, None)),
        ("wsh:WikidataLinkShape-status", "wdlink:shusha", None),
    ),
    (
        "record-for-a-misspelt-entity",
        lambda g: g.set((WDLINK["shusha"], WARKG.linksEntity, PLACE["shusa"])),
        (
            "wsh:WikidataLinkShape-entityDescribed",
            "wdlink:shusha",
            "Wikidata link record is about an entity the graph does not describe (it has no "
            "rdf:type): a typo in the entity's IRI?",
        ),
    ),
    (
        "check-date-as-text",
        lambda g: g.set((WDLINK["shusha"], WARKG.checkDate, Literal("25 November 2026"))),
        ("wsh:WikidataLinkShape-checkDate", "wdlink:shusha", None),
    ),
    (
        "label-in-another-language",
        lambda g: g.set((WDLINK["armenia"], WARKG.checkedLabel, Literal("Armenien", lang="de"))),
        ("wsh:WikidataLinkShape-checkedLabel", "wdlink:armenia", None),
    ),
    (
        "two-records-for-one-entity",
        lambda g: g.add((WDLINK["extra"], WARKG.linksEntity, PLACE["shusha"])),
        (
            "wsh:LinkedEntityShape-oneRecord",
            "place:shusha",
            "Entity has more than one Wikidata link record; keep one, verified or not.",
        ),
    ),
]


@pytest.fixture(scope="module")
def shipped(data_graph: Graph, ontology_graph: Graph) -> Graph:
    union = Graph()
    union += data_graph
    union += ontology_graph
    return union


def test_broken_variants_counted() -> None:
    assert len(BROKEN) == 17


@pytest.mark.parametrize("case", BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_alignment_fails_at_the_right_shape_and_focus(
    case: tuple, shipped: Graph, shapes_graph: Graph
) -> None:
    _, mutate, (shape, focus, message) = case
    broken = Graph()
    broken += shipped
    mutate(broken)
    report = validate(broken, shapes_graph)
    assert not report.conforms
    hits = [r for r in report.results if r.source_shape == shape and r.focus == focus]
    assert hits, [r.line() for r in report.results]
    assert {hit.severity for hit in hits} == {"Violation"}
    if message is not None:
        assert message in {hit.message for hit in hits}


def test_the_new_terms_are_declared(ontology_graph: Graph) -> None:
    terms = ["WikidataLink", "linksEntity", "linksItem", "checkedLabel", "checkDate",
             "verificationMethod", "linkStatus", "LinkStatus", "linkStatuses", "verified",
             "unverified"]  # fmt: skip
    for term in terms:
        assert (WARKG[term], None, None) in ontology_graph, term
    assert (WARKG.checkDate, None, XSD.date) in ontology_graph


def test_ontology_maps_only_to_verified_wikidata_properties(ontology_graph: Graph) -> None:
    """The ontology's skos:closeMatch to Wikidata properties names only properties the
    shipped verified list gives (read from the list itself, so a new mapping must be
    added there first); wdt:P131 and wdt:P361 were once mapped without being verified."""
    text = (Path(paths.__file__).parent / "data" / "wikidata-verified.md").read_text("utf-8")
    listed = set(re.findall(r"\b(P\d+)\s+[a-z]", text))
    mapped = {
        str(target).removeprefix(str(WDT))
        for target in ontology_graph.objects(None, SKOS.closeMatch)
        if str(target).startswith(str(WDT))
    }
    assert len(mapped) == 12
    assert mapped <= listed, sorted(mapped - listed)
