"""The knowledge graph against the article: every figure, marker and evidence string.

The expected figures below are typed in from the article's infobox by hand, so a change
to the Turtle that alters a number, a qualifier or a citation fails here.
"""

from __future__ import annotations

import re
from pathlib import Path

import pyoxigraph
import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import RDF, XSD

from warkg import __version__, paths
from warkg.backends import to_rdflib
from warkg.namespaces import CLAIM, NOTE, PREFIXES, REF, WARKG

TURTLE_FILES = sorted(
    path
    for folder in (paths.ontology_dir(), paths.triples_dir(), paths.shapes_dir())
    for path in folder.glob("*.ttl")
)


def test_turtle_files_found() -> None:
    names = {path.name for path in TURTLE_FILES}
    assert {"warkg.ttl", "war.ttl", "references.ttl", "sources.ttl", "warkg-shapes.ttl"} <= names


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda path: path.name)
def test_rdflib_and_pyoxigraph_parse_the_same_graph(path: Path) -> None:
    by_rdflib = Graph().parse(path, format="turtle")
    by_oxigraph = Graph()
    for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
        by_oxigraph.add(
            tuple(to_rdflib(term) for term in (triple.subject, triple.predicate, triple.object))
        )
    assert len(by_rdflib) > 0
    assert len(by_rdflib) == len(by_oxigraph)
    assert isomorphic(by_rdflib, by_oxigraph)


# ---- the infobox's casualty lines, one by one ---------------------------------------------

# claim, claimant(s) as stated, measure, amount, stated as, exactness, lower bound, refs, footnotes
CASUALTIES = [
    (
        "azerbaijan-servicemen-killed",
        "Per Azerbaijan",
        "killed",
        2906,
        "2,906",
        "exact",
        None,
        [],
        ["b"],
    ),
    ("azerbaijan-servicemen-missing", "Per Azerbaijan", "missing", 6, "6", "exact", None, [37], []),
    (
        "azerbaijan-servicemen-wounded",
        "Per Azerbaijan",
        "wounded",
        11110,
        "11,110",
        "exact",
        None,
        [53],
        [],
    ),
    (
        "azerbaijan-servicemen-captured",
        "Per Azerbaijan",
        "captured",
        14,
        "14",
        "exact",
        None,
        [54, 55],
        [],
    ),
    ("sohr-syrian-mercenaries-killed", "Per SOHR", "killed", 541, "541", "exact", None, [38], []),
    ("sohr-syrian-mercenaries-captured", "Per SOHR", "captured", 3, "3+", "atLeast", 3, [56], []),
    (
        "armenia-artsakh-servicemen-killed",
        "Per Armenia/Artsakh",
        "killed",
        3825,
        "3,825",
        "exact",
        None,
        [57],
        [],
    ),
    (
        "armenia-artsakh-servicemen-missing",
        "Per Armenia/Artsakh",
        "missing",
        187,
        "187",
        "exact",
        None,
        [58],
        [],
    ),
    (
        "armenia-artsakh-servicemen-wounded-and-sick",
        "Per Armenia/Artsakh",
        "woundedAndSick",
        11000,
        "~11,000",
        "approximate",
        None,
        [59],
        [],
    ),
    (
        "armenia-artsakh-servicemen-captured",
        "Per Armenia/Artsakh",
        "captured",
        60,
        "60+",
        "atLeast",
        60,
        [60],
        [],
    ),
    ("azerbaijani-civilians-killed", None, "killed", 100, "100", "exact", None, [61], []),
    ("armenian-civilians-killed", None, "killed", 85, "85", "exact", None, [], ["c"]),
    ("armenian-civilians-missing", None, "missing", 21, "21", "exact", None, [58], []),
    ("azerbaijani-civilians-injured", None, "injured", 416, "416", "exact", None, [61], []),
    ("armenian-civilians-injured", None, "injured", 165, "165", "exact", None, [62, 63], []),
    ("azerbaijani-civilians-captured", None, "captured", 3, "3", "exact", None, [64], []),
    ("armenian-civilians-captured", None, "captured", 40, "40", "exact", None, [65], []),
    ("russian-mi-24-shot-down", None, "shotDown", 1, "1", "exact", None, [66], []),
    ("russian-mi-24-crew-killed", None, "killed", 2, "2", "exact", None, [66], []),
    ("russian-mi-24-crew-injured", None, "injured", 1, "1", "exact", None, [66], []),
    ("russian-civilian-killed", None, "killed", 1, "1", "exact", None, [67], []),
    ("french-journalists-injured", None, "injured", 2, "2", "exact", None, [68], []),
    ("russian-journalists-injured", None, "injured", 3, "3", "exact", None, [69], []),
    ("iranian-civilian-injured", None, "injured", 1, "1", "exact", None, [70], []),
    (
        "azerbaijanis-displaced",
        "according to Azerbaijan",
        "displaced",
        40000,
        "40,000",
        "exact",
        None,
        [71],
        [],
    ),
    ("armenians-displaced", None, "displaced", 100000, "100,000", "exact", None, [72, 73, 74], []),
]


def test_every_casualty_claim_is_listed(data_graph: Graph) -> None:
    in_graph = {
        str(c).removeprefix(str(CLAIM)) for c in data_graph.subjects(RDF.type, WARKG.CasualtyClaim)
    }
    assert in_graph == {row[0] for row in CASUALTIES}
    assert len(in_graph) == 26


@pytest.mark.parametrize("row", CASUALTIES, ids=lambda row: row[0])
def test_casualty_figure(data_graph: Graph, row: tuple) -> None:
    slug, claimant, measure, amount, stated, exactness, lower, refs, notes = row
    claim = CLAIM[slug]
    value = data_graph.value(claim, WARKG.quantityAmount)
    assert value.datatype == XSD.nonNegativeInteger
    assert value.toPython() == amount
    assert data_graph.value(claim, WARKG.statedAs) == Literal(stated)
    assert data_graph.value(claim, WARKG.measure) == WARKG[measure]
    assert data_graph.value(claim, WARKG.exactness) == WARKG[exactness]
    bound = data_graph.value(claim, WARKG.lowerBound)
    assert (bound.toPython() if bound is not None else None) == lower
    assert data_graph.value(claim, WARKG.upperBound) is None
    as_stated = data_graph.value(claim, WARKG.claimantAsStated)
    assert (str(as_stated) if as_stated is not None else None) == claimant
    numbers = sorted(
        int(data_graph.value(r, WARKG.referenceNumber))
        for r in data_graph.objects(claim, WARKG.hasReference)
    )
    assert numbers == refs
    letters = sorted(
        str(data_graph.value(n, WARKG.footnoteLabel))
        for n in data_graph.objects(claim, WARKG.citesFootnote)
    )
    assert letters == notes


def test_per_armenia_artsakh_names_both_claimants(data_graph: Graph) -> None:
    claimants = set(data_graph.objects(CLAIM["armenia-artsakh-servicemen-killed"], WARKG.claimant))
    assert claimants == {
        URIRef(PREFIXES["agent"] + "armenia"),
        URIRef(PREFIXES["agent"] + "artsakh"),
    }


def test_turkey_alleged_by_armenia_denied_by_turkey(data_graph: Graph) -> None:
    participation = CLAIM["belligerent-turkey"]
    stances = {
        (
            str(data_graph.value(s, WARKG.stanceType)).removeprefix(str(WARKG)),
            str(data_graph.value(s, WARKG.claimant)).rsplit("/", 1)[1],
            tuple(
                sorted(
                    int(data_graph.value(r, WARKG.referenceNumber))
                    for r in data_graph.objects(s, WARKG.hasReference)
                )
            ),
        )
        for s in data_graph.objects(participation, WARKG.hasStance)
    }
    assert stances == {("allegation", "armenia", (1, 2, 3)), ("denial", "turkey", (4,))}


# ---- evidence and citation markers ------------------------------------------------------------


def test_every_evidence_text_occurs_verbatim(data_graph: Graph, article_text: str) -> None:
    evidence = list(data_graph.subject_objects(WARKG.evidenceText))
    assert len(evidence) == 90
    missing = [str(claim) for claim, text in evidence if str(text) not in article_text]
    assert missing == []


def _claim_classes(graph: Graph) -> list[URIRef]:
    return [
        WARKG.Claim,
        WARKG.QuantityClaim,
        WARKG.CasualtyClaim,
        WARKG.ParticipationClaim,
        WARKG.Stance,
        WARKG.FactClaim,
        WARKG.TextualClaim,
    ]


def test_claim_count(data_graph: Graph) -> None:
    claims = set().union(
        *(set(data_graph.subjects(RDF.type, cls)) for cls in _claim_classes(data_graph))
    )
    assert len(claims) == 90


def test_every_rendered_reference_text_occurs_verbatim(
    data_graph: Graph, article_text: str
) -> None:
    rendered = list(data_graph.objects(None, WARKG.renderedText))
    assert len(rendered) == 91
    assert [str(text) for text in rendered if str(text) not in article_text] == []


def _body(article_text: str) -> str:
    """The article without its reference list, where every citation marker stands."""
    return article_text.split("\n  1. ^ ", 1)[0]


def test_every_citation_marker_in_the_article_is_carried_by_a_claim(
    data_graph: Graph, article_text: str
) -> None:
    """Each marker occurrence in the body must sit inside the evidence text of a claim
    that cites exactly that reference or footnote, so no citation is left unencoded."""
    body = _body(article_text)
    cited: dict[str, set[str]] = {}
    for claim, text in data_graph.subject_objects(WARKG.evidenceText):
        sources = {
            str(data_graph.value(r, WARKG.referenceNumber))
            for r in data_graph.objects(claim, WARKG.hasReference)
        }
        sources |= {
            str(data_graph.value(n, WARKG.footnoteLabel))
            for n in data_graph.objects(claim, WARKG.citesFootnote)
        }
        cited.setdefault(str(text), set()).update(sources)
    uncovered = []
    for match in re.finditer(r"\[([0-9]+|[a-d])\]", body):
        start, end = match.span()
        covering = [
            text
            for text, sources in cited.items()
            if match.group(1) in sources and _occurrence_covers(body, text, start, end)
        ]
        if not covering:
            uncovered.append(f"{match.group(0)} at offset {start}")
    assert uncovered == []


def _occurrence_covers(body: str, text: str, start: int, end: int) -> bool:
    position = body.find(text)
    while position != -1:
        if position <= start and end <= position + len(text):
            return True
        position = body.find(text, position + 1)
    return False


def test_references_cited_in_the_body_are_exactly_those_claims_cite(
    data_graph: Graph, article_text: str
) -> None:
    in_body = {int(n) for n in re.findall(r"\[([0-9]+)\]", _body(article_text))}
    by_claims = {
        int(data_graph.value(r, WARKG.referenceNumber))
        for r in data_graph.objects(None, WARKG.hasReference)
    }
    assert by_claims == in_body
    assert sorted(set(range(1, 92)) - in_body) == [5, 6, 7, *range(13, 37), *range(39, 53)]


def test_footnotes_exist_unrendered_and_cited_where_the_article_cites_them(
    data_graph: Graph,
) -> None:
    where = {}
    for letter in "abcd":
        note = NOTE[letter]
        assert data_graph.value(note, WARKG.textRenderedInSnapshot) == Literal(False)
        where[letter] = sorted(
            str(c).removeprefix(str(CLAIM)) for c in data_graph.subjects(WARKG.citesFootnote, note)
        )
    assert where == {
        "a": ["belligerent-syrian-mercenaries"],
        "b": ["azerbaijan-servicemen-killed"],
        "c": ["armenian-civilians-killed"],
        "d": ["artsakh-breakaway-state", "war-escalation-of-conflict", "war-involves"],
    }


def test_uncited_statements_are_marked_not_left_bare(data_graph: Graph) -> None:
    uncited = sorted(
        str(c).removeprefix(str(CLAIM))
        for c in data_graph.subjects(WARKG.articleGivesNoCitation, Literal(True))
    )
    assert "territory-gained-by-azerbaijan" in uncited
    assert "war-duration-44-days" in uncited
    assert "offensive-2023-year" in uncited
    for slug in uncited:
        assert data_graph.value(CLAIM[slug], WARKG.hasReference) is None


def test_war_dates_and_territory(data_graph: Graph) -> None:
    war = URIRef(PREFIXES["event"] + "second-nagorno-karabakh-war")
    assert data_graph.value(war, WARKG.startDate) == Literal("2020-09-27", datatype=XSD.date)
    assert data_graph.value(war, WARKG.endDate) == Literal("2020-11-10", datatype=XSD.date)
    assert (
        data_graph.value(CLAIM["territory-gained-by-azerbaijan"], WARKG.quantityAmount).toPython()
        == 73
    )
    assert data_graph.value(CLAIM["peacekeepers-strength"], WARKG.exactness) == WARKG.approximate
    assert data_graph.value(CLAIM["peacekeepers-mandate"], WARKG.lowerBound).toPython() == 5
    brokers = {
        str(o).rsplit("/", 1)[1]
        for o in data_graph.objects(CLAIM["failed-ceasefires-brokers"], WARKG.statesObject)
    }
    assert brokers == {"russia", "france", "united-states"}


def test_each_reference_number_exactly_once(data_graph: Graph) -> None:
    numbers = sorted(int(n) for n in data_graph.objects(None, WARKG.referenceNumber))
    assert numbers == list(range(1, 92))
    assert {REF[str(n)] for n in numbers} == set(data_graph.subjects(RDF.type, WARKG.Reference))


# ---- the ontology and the prefixes ------------------------------------------------------------


def test_ontology_version_matches_package(ontology_graph: Graph) -> None:
    from rdflib.namespace import OWL

    ontology = URIRef(str(WARKG))
    assert str(ontology_graph.value(ontology, OWL.versionInfo)) == __version__
    assert str(ontology_graph.value(ontology, OWL.versionIRI)) == f"{WARKG}{__version__}/"


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda path: path.name)
def test_turtle_prefixes_agree_with_namespaces_module(path: Path) -> None:
    declared = dict(
        re.findall(r"^PREFIX (\w*): <([^>]*)>", path.read_text(encoding="utf-8"), flags=re.M)
    )
    disagreeing = {p: ns for p, ns in declared.items() if p in PREFIXES and PREFIXES[p] != ns}
    unknown = {p: ns for p, ns in declared.items() if p not in PREFIXES}
    assert disagreeing == {}
    assert unknown == {}
