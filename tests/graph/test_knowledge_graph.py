"""The knowledge graph against the article: every figure, marker and evidence string.

The expected figures below are typed in from the article's infobox by hand, so a change
to the Turtle that alters a number, a qualifier or a citation fails here.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import pyoxigraph
import pytest
import rdflib
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD

from warkg import __version__, paths
from warkg.rdf.namespaces import CLAIM, ID, NOTE, POP, PREFIXES, REF, SECTION, WARKG
from warkg.reasoning.closure import reason

TURTLE_FILES = sorted(
    path
    for folder in (paths.ontology_dir(), paths.triples_dir(), paths.shapes_dir())
    for path in folder.glob("*.ttl")
)


def test_turtle_files_found() -> None:
    names = {path.name for path in TURTLE_FILES}
    assert {"warkg.ttl", "war.ttl", "references.ttl", "sources.ttl", "warkg-shapes.ttl"} <= names


def test_turtle_files_count() -> None:
    assert len(TURTLE_FILES) == 6


def _oxigraph_as_rdflib(turtle: bytes) -> Graph:
    """pyoxigraph's reading of `turtle`, handed to rdflib only as N-Triples text, so no
    term goes through our own conversion code on its way into the comparison."""
    quads = pyoxigraph.parse(input=turtle, format=pyoxigraph.RdfFormat.TURTLE)
    text = pyoxigraph.serialize(quads, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return Graph().parse(data=text.decode("utf-8"), format="nt")


@pytest.fixture
def exact_literals(monkeypatch: pytest.MonkeyPatch) -> None:
    """rdflib keeps every literal's lexical form as written ("01" stays "01")."""
    monkeypatch.setattr(rdflib, "NORMALIZE_LITERALS", False)


def test_the_parse_comparison_sees_lexical_forms(exact_literals: None) -> None:
    """The check below would notice a parser that rewrote a literal's lexical form."""
    turtle = b'<http://a> <http://b> "01"^^<http://www.w3.org/2001/XMLSchema#integer> .\n'
    written_as_one = Graph().parse(data=turtle.replace(b'"01"', b'"1"').decode(), format="turtle")
    assert isomorphic(_oxigraph_as_rdflib(turtle), Graph().parse(data=turtle, format="turtle"))
    assert not isomorphic(_oxigraph_as_rdflib(turtle), written_as_one)


@pytest.mark.parametrize("path", TURTLE_FILES, ids=lambda path: path.name)
def test_rdflib_and_pyoxigraph_parse_the_same_graph(path: Path, exact_literals: None) -> None:
    by_rdflib = Graph().parse(data=path.read_bytes(), format="turtle")
    by_oxigraph = _oxigraph_as_rdflib(path.read_bytes())
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


def _numbers(graph: Graph, claim: URIRef) -> list[int]:
    return sorted(
        int(graph.value(r, WARKG.referenceNumber)) for r in graph.objects(claim, WARKG.hasReference)
    )


def test_turkey_participation_cites_only_the_allegation(data_graph: Graph) -> None:
    """[1][2][3] back the allegation that Turkey took part; [4] is Turkey's denial, so it
    belongs to the denial stance and cannot be provenance for the participation."""
    assert _numbers(data_graph, CLAIM["belligerent-turkey"]) == [1, 2, 3]


def test_reasoning_says_ref_4_supports_only_the_denial(
    ontology_graph: Graph, data_graph: Graph
) -> None:
    """warkg:supportsClaim is the inverse of hasReference: after reasoning, what
    reference 4 supports is exactly what the article cites it for."""
    closure = reason(ontology_graph + data_graph, engine="reasonable")
    assert set(closure.objects(REF["4"], WARKG.supportsClaim)) == {
        CLAIM["turkey-belligerence-denied-by-turkey"]
    }
    assert set(closure.objects(REF["1"], WARKG.supportsClaim)) == {
        CLAIM["belligerent-turkey"],
        CLAIM["turkey-belligerence-alleged-by-armenia"],
    }


def test_reasoning_types_nodes_only_as_their_classes_allow(
    ontology_graph: Graph, data_graph: Graph
) -> None:
    """A domain or range must not put a node into a class it does not already belong to
    (a place or an agreement made an event by warkg:after, say). The one class the
    ontology means reasoning to add is warkg:Claimant, the range of warkg:claimant."""
    closure = reason(ontology_graph + data_graph, engine="reasonable")
    surprising = {}
    for node in set(data_graph.subjects(RDF.type, None)):
        classes = set(data_graph.objects(node, RDF.type))
        if (None, WARKG.claimant, node) in data_graph:
            classes.add(WARKG.Claimant)
        allowed = set().union(*(closure.transitive_objects(c, RDFS.subClassOf) for c in classes))
        inferred = {c for c in closure.objects(node, RDF.type) if isinstance(c, URIRef)}
        if inferred - allowed:
            surprising[str(node)] = sorted(str(c) for c in inferred - allowed)
    assert surprising == {}
    place = URIRef(PREFIXES["place"] + "line-of-contact")
    agreement = URIRef(PREFIXES["event"] + "ceasefire-agreement")
    assert (place, RDF.type, WARKG.Event) not in closure
    assert (agreement, RDF.type, WARKG.Event) not in closure


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
    assert len(evidence) == 97
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
    assert len(claims) == 97


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
        "a": [
            "belligerent-syrian-mercenaries",
            "syrian-mercenaries-affiliated-with-syrian-opposition",
        ],
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


# ---- the snapshot and its sections ------------------------------------------------------


def test_snapshot_digest_matches_the_shipped_file(data_graph: Graph) -> None:
    stored = data_graph.value(ID["article-snapshot"], WARKG.sha256)
    assert str(stored) == hashlib.sha256(paths.article_path().read_bytes()).hexdigest()


# Where each section begins, in the order the snapshot shows them, typed in from the
# article: the line a section starts with (its heading, or its first words). A section
# runs to the start of the next one that is not part of it.
SECTION_STARTS = [
    ("infobox", "Second Nagorno-Karabakh War\nPart of"),
    ("infobox-header", "Part of the Nagorno-Karabakh conflict"),
    ("infobox-map", "\u00a0\u00a0Areas captured by Azerbaijan during the war"),
    ("infobox-date", "Date27 September"),
    ("infobox-location", "Location\n"),
    ("infobox-result", "Result Azerbaijani victory"),
    ("infobox-territorial-changes", "Territorial\nchanges"),
    ("infobox-belligerents", "Belligerents\n"),
    ("infobox-commanders-and-leaders", "Commanders and leaders\n"),
    ("infobox-units-involved", "Units involved\n"),
    ("infobox-strength", "Strength\n"),
    ("infobox-strength-equipment-1", "Equipment:\n  • Unknown"),
    ("infobox-strength-equipment-2", "Equipment:\nCasualties"),
    ("infobox-casualties", "Casualties and losses\n"),
    ("lead-paragraph-1", "The Second Nagorno-Karabakh War was an armed conflict"),
    ("lead-paragraph-2", "Fighting began on the morning"),
    ("lead-paragraph-3", "The war was marked"),
    ("lead-paragraph-4", "Following the capture of Shusha"),
    ("lead-paragraph-5", "The later 2023 Azerbaijani offensive"),
    ("references", "  1. ^ "),
]


def _parents(graph: Graph) -> dict[str, str]:
    return {
        str(s).removeprefix(str(SECTION)): str(o).removeprefix(str(SECTION))
        for s, o in graph.subject_objects(DCTERMS.isPartOf)
        if str(s).startswith(str(SECTION))
    }


def _ancestors(parents: dict[str, str], slug: str) -> set[str]:
    found = set()
    while slug in parents:
        slug = parents[slug]
        found.add(slug)
    return found


@pytest.fixture(scope="module")
def section_spans(article_text: str, data_graph: Graph) -> dict[str, tuple[int, int]]:
    """(start, end) of every section in the snapshot, found from SECTION_STARTS."""
    starts, position = {}, 0
    for slug, opening in SECTION_STARTS:
        found = article_text.find(opening, position)
        assert found == 0 or article_text[found - 1] == "\n", slug
        starts[slug], position = found, found + 1
    parents = _parents(data_graph)
    order = [slug for slug, _ in SECTION_STARTS]
    spans = {}
    for index, slug in enumerate(order):
        later = [s for s in order[index + 1 :] if slug not in _ancestors(parents, s)]
        spans[slug] = (starts[slug], starts[later[0]] if later else len(article_text))
    return spans


def test_sections_are_the_snapshot_s_in_its_order(data_graph: Graph) -> None:
    in_graph = {
        str(s).removeprefix(str(SECTION)): int(data_graph.value(s, WARKG.sectionOrder))
        for s in data_graph.subjects(RDF.type, WARKG.ArticleSection)
    }
    assert in_graph == {slug: i for i, (slug, _) in enumerate(SECTION_STARTS, start=1)}


@pytest.mark.parametrize("slug", [slug for slug, _ in SECTION_STARTS])
def test_section_heading_is_how_the_section_begins(
    slug: str, data_graph: Graph, article_text: str, section_spans: dict
) -> None:
    heading = data_graph.value(SECTION[slug], WARKG.heading)
    start, end = section_spans[slug]
    if heading is not None:
        assert article_text[start:end].startswith(str(heading))


def _own_text(slug: str, data_graph: Graph, article_text: str, spans: dict) -> str:
    """The section's text without its heading and without its sub-sections' text."""
    start, end = spans[slug]
    heading = data_graph.value(SECTION[slug], WARKG.heading)
    text = list(article_text[start:end])
    for child, parent in _parents(data_graph).items():
        if parent == slug:
            child_start, child_end = spans[child]
            text[child_start - start : child_end - start] = [""] * (child_end - child_start)
    return "".join(text).removeprefix(str(heading) if heading is not None else "")


def test_rows_rendered_empty_are_recorded_and_really_empty(
    data_graph: Graph, article_text: str, section_spans: dict
) -> None:
    """Location, Commanders and leaders, Units involved, Strength and the second
    'Equipment:' list are headings with no text of their own; the graph says so, and
    says it of no section that has text."""
    marked = {
        str(s).removeprefix(str(SECTION))
        for s in data_graph.subjects(WARKG.renderedEmpty, Literal(True))
    }
    empty = {
        slug
        for slug, _ in SECTION_STARTS
        if not _own_text(slug, data_graph, article_text, section_spans).strip()
    }
    assert marked == empty
    assert marked == {
        "infobox-location",
        "infobox-commanders-and-leaders",
        "infobox-units-involved",
        "infobox-strength",
        "infobox-strength-equipment-2",
    }


def test_pointer_lines_are_kept_verbatim_in_their_section(
    data_graph: Graph, article_text: str, section_spans: dict
) -> None:
    """The casualty list's two 'See ... for details' lines send the reader to sections
    this snapshot does not hold: kept as text of the section, not as claims."""
    pointers = {
        (str(s).removeprefix(str(SECTION)), str(text))
        for s, text in data_graph.subject_objects(WARKG.pointerText)
    }
    assert pointers == {
        ("infobox-casualties", "See Casualties for details"),
        ("infobox-casualties", "See Casualties and Prisoners of war for details"),
    }
    start, end = section_spans["infobox-casualties"]
    for _, text in pointers:
        assert article_text.count(text) == 1
        assert start <= article_text.index(text) < end


def test_unknown_regular_military_is_encoded_without_a_side(data_graph: Graph) -> None:
    claim = CLAIM["strength-unknown-regular-military"]
    assert (claim, RDF.type, WARKG.TextualClaim) in data_graph
    assert data_graph.value(claim, WARKG.evidenceText) == Literal("Unknown regular military")
    assert data_graph.value(claim, WARKG.inSection) == SECTION["infobox-strength-equipment-1"]
    assert data_graph.value(claim, WARKG.articleGivesNoCitation) == Literal(True)
    assert data_graph.value(claim, WARKG.onSide) is None
    # troops (what the words describe), not equipment (the heading it sits under)
    assert data_graph.value(claim, RDFS.label) == Literal(
        "The infobox's strength row lists troops as 'Unknown regular military',"
        " on a side the snapshot does not show",
        lang="en",
    )
    assert (claim, RDF.type, WARKG.QuantityClaim) not in data_graph
    parent = data_graph.value(SECTION["infobox-strength-equipment-1"], DCTERMS.isPartOf)
    assert parent == SECTION["infobox-strength"]


def test_every_evidence_text_lies_in_the_section_it_names(
    data_graph: Graph, article_text: str, section_spans: dict
) -> None:
    outside = []
    for claim, text in data_graph.subject_objects(WARKG.evidenceText):
        slug = str(data_graph.value(claim, WARKG.inSection)).removeprefix(str(SECTION))
        start, end = section_spans[slug]
        if str(text) not in article_text[start:end]:
            outside.append(f"{claim} not in {slug}")
    assert outside == []


# ---- what the article states, and only that ---------------------------------------------


def _figure_part(evidence: str, stated: str, measure: str) -> str:
    """The part of a casualty line that gives one figure ("2 crew members killed" in
    "1 Russian Mi-24 shot down, 2 crew members killed, 1 injured[66]")."""
    parts = [p for p in re.split(r", | and ", evidence) if p.startswith(f"{stated} ")]
    if len(parts) > 1:
        parts = [p for p in parts if measure in p]
    assert len(parts) == 1, (evidence, stated, measure)
    return parts[0]


def test_a_population_s_nationality_is_the_article_s_word_for_it(
    data_graph: Graph, ontology_graph: Graph
) -> None:
    """A nationality is kept only where the figure's own words give it: in "1 Russian
    Mi-24 shot down, 2 crew members killed", "Russian" qualifies the helicopter only."""
    unstated = []
    checked = 0
    for claim, population in data_graph.subject_objects(WARKG.population):
        nationality = data_graph.value(population, WARKG.nationalityAsStated)
        if nationality is None:
            continue
        measure = str(ontology_graph.value(data_graph.value(claim, WARKG.measure), RDFS.label))
        part = _figure_part(
            str(data_graph.value(claim, WARKG.evidenceText)),
            str(data_graph.value(claim, WARKG.statedAs)),
            measure,
        )
        checked += 1
        if str(nationality) not in part:
            unstated.append(f"{claim}: {nationality!r} not in {part!r}")
    assert unstated == []
    assert checked == 16
    assert data_graph.value(POP["russian-mi-24-crew"], WARKG.nationalityAsStated) is None
    assert data_graph.value(POP["russian-mi-24-helicopters"], WARKG.nationalityAsStated) == (
        Literal("Russian")
    )


def test_a_stated_date_s_year_is_in_its_evidence_or_its_supplement(data_graph: Graph) -> None:
    """A date read from "27 September" gets its year from another claim, and the graph
    says which (warkg:supplementedBy) and how (skos:note): no silent inference."""
    silent = []
    supplemented = {}
    for claim, value in data_graph.subject_objects(WARKG.statesValue):
        if value.datatype != XSD.date:
            continue
        year = str(value)[:4]
        if year in str(data_graph.value(claim, WARKG.evidenceText)):
            continue
        sources = [
            other
            for other in data_graph.objects(claim, WARKG.supplementedBy)
            if year in str(data_graph.value(other, WARKG.evidenceText))
            and str(data_graph.value(other, WARKG.statesValue)).startswith(year)
        ]
        if not sources or data_graph.value(claim, SKOS.note) is None:
            silent.append(str(claim))
        supplemented[str(claim).removeprefix(str(CLAIM))] = [
            str(o).removeprefix(str(CLAIM)) for o in sources
        ]
    assert silent == []
    assert supplemented == {"offensive-start-date": ["war-start-date"]}


def test_wikidata_records_cite_the_verified_list_the_project_ships(data_graph: Graph) -> None:
    """Each Wikidata link record names where its id was checked: a file in the package,
    whose table lists every verified item with the label the record keeps."""
    listed = paths.article_path().parent / "wikidata-verified.md"
    table = dict(re.findall(r"^\| ([^|]+?) \| (Q[0-9]+) \|$", listed.read_text("utf-8"), re.M))
    assert len(table) == 16
    records = set(data_graph.subjects(RDF.type, WARKG.WikidataLink))
    assert len(records) == 93
    methods = {str(data_graph.value(r, WARKG.verificationMethod)) for r in records}
    assert all("src/warkg/data/wikidata-verified.md" in m for m in methods), methods
    verified = {
        (str(data_graph.value(r, WARKG.checkedLabel)), str(data_graph.value(r, WARKG.linksItem)))
        for r in records
        if data_graph.value(r, WARKG.linkStatus) == WARKG.verified
    }
    assert len(verified) == 13
    assert {(name, f"http://www.wikidata.org/entity/{qid}") for name, qid in table.items()} >= (
        verified
    )


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


def test_syrian_mercenaries_affiliation_has_its_claim(data_graph: Graph) -> None:
    """The flag caption "Syrian opposition" before "Syrian mercenaries[a][8][9]" is the only
    article text behind the affiliation, so the plain triple carries exactly that claim."""
    mercenaries, opposition = ID["agent/syrian-mercenaries"], ID["agent/syrian-opposition"]
    assert (mercenaries, WARKG.affiliatedWith, opposition) in data_graph
    claims = [
        c
        for c in data_graph.subjects(WARKG.statesProperty, WARKG.affiliatedWith)
        if (c, WARKG.about, mercenaries) in data_graph
        and (c, WARKG.statesObject, opposition) in data_graph
    ]
    assert claims == [CLAIM["syrian-mercenaries-affiliated-with-syrian-opposition"]]
    claim = claims[0]
    assert (claim, RDF.type, WARKG.FactClaim) in data_graph
    assert data_graph.value(claim, WARKG.evidenceText) == Literal(
        "Syrian opposition Syrian mercenaries[a][8][9]"
    )
    assert sorted(data_graph.objects(claim, WARKG.hasReference)) == [REF["8"], REF["9"]]
    assert list(data_graph.objects(claim, WARKG.citesFootnote)) == [NOTE["a"]]
    assert data_graph.value(claim, WARKG.inSection) == SECTION["infobox-belligerents"]


def test_intense_clashes_in_the_south_say_intensity_not_location(data_graph: Graph) -> None:
    """ "Clashes were particularly intense in the less mountainous districts of southern
    Nagorno-Karabakh" says how hard the fighting was there; the war's locations are the
    lead's "disputed region of Nagorno-Karabakh and the surrounding occupied territories"."""
    war, south = ID["event/second-nagorno-karabakh-war"], ID["place/southern-nagorno-karabakh"]
    claim = CLAIM["clashes-intense-in-south"]
    assert data_graph.value(claim, WARKG.statesProperty) == WARKG.hadParticularlyIntenseClashesIn
    assert data_graph.value(claim, WARKG.statesObject) == south
    assert (war, WARKG.hadParticularlyIntenseClashesIn, south) in data_graph
    assert sorted(data_graph.objects(war, WARKG.location)) == [
        ID["place/nagorno-karabakh"],
        ID["place/surrounding-occupied-territories"],
    ]


def _claim_stating(graph: Graph, about: URIRef, prop: URIRef) -> URIRef:
    """The one fact claim about `about` that states `prop`, with its plain triple."""
    claims = [
        c for c in graph.subjects(WARKG.statesProperty, prop) if (c, WARKG.about, about) in graph
    ]
    assert len(claims) == 1, claims
    return claims[0]


@pytest.mark.parametrize(
    ("about", "prop", "value", "words"),
    [
        ("place/nagorno-karabakh", "hasTerritorialStatus", WARKG.disputed, "the disputed region"),
        (
            "event/anti-government-protests-in-armenia",
            "tookPlaceInCountry",
            ID["agent/armenia"],
            "anti-government protests in Armenia",
        ),
        (
            "event/detention-of-armenian-prisoners-of-war",
            "tookPlaceInCountry",
            ID["agent/azerbaijan"],
            "held captive in Azerbaijan",
        ),
        (
            "event/detention-of-armenian-prisoners-of-war",
            "numberConfirmed",
            Literal(False),
            "an unconfirmed number of Armenian prisoners of war",
        ),
        (
            "event/second-nagorno-karabakh-war",
            "condemnedBy",
            ID["agent/numerous-countries"],
            "Numerous countries and the United Nations strongly condemned the fighting",
        ),
    ],
    ids=[
        "disputed-region",
        "protests-in-armenia",
        "captive-in-azerbaijan",
        "unconfirmed",
        "countries",
    ],
)
def test_lead_qualifiers_are_data(
    data_graph: Graph, about: str, prop: str, value, words: str
) -> None:
    """Words of the lead once kept only in labels (or dropped) are now fact claims whose
    plain triple a query can find, each with the sentence that says it."""
    subject = ID[about]
    claim = _claim_stating(data_graph, subject, WARKG[prop])
    assert (subject, WARKG[prop], value) in data_graph
    assert value in set(data_graph.objects(claim, WARKG.statesObject)) | set(
        data_graph.objects(claim, WARKG.statesValue)
    )
    assert words in str(data_graph.value(claim, WARKG.evidenceText))


def test_figure_and_date_qualifiers_are_data(data_graph: Graph) -> None:
    """ "on the morning of 27 September" and "injured by stray fire" qualify their claims."""
    assert data_graph.value(CLAIM["offensive-start-date"], WARKG.timeOfDay) == WARKG.morning
    assert "the morning of 27 September" in str(
        data_graph.value(CLAIM["offensive-start-date"], WARKG.evidenceText)
    )
    assert data_graph.value(CLAIM["iranian-civilian-injured"], WARKG.causeOfHarm) == WARKG.strayFire
    assert data_graph.value(ID["agent/numerous-countries"], RDF.type) == WARKG.GroupOfStates
