"""The shipped graph, built: equal to triples/, its figures and references exact, most of
it from rules, every triple explained, and the check that would notice a difference."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from warkg import paths
from warkg.build.check import compare_with_files
from warkg.build.curation import load_curation
from warkg.build.pipeline import SHIPPED_PARTS, Built, build_article, build_shipped
from warkg.build.readers.text import read_text
from warkg.errors import InputError
from warkg.rdf.namespaces import AGENT, CLAIM, NOTE, POP, REF, SECTION, WARKG, WORK

SNAPSHOT = paths.article_path().read_bytes()


@pytest.fixture(scope="module")
def built() -> Built:
    return build_shipped()


def test_the_build_is_triples_dir(built: Built) -> None:
    assert compare_with_files(built.output, paths.triples_dir(), SHIPPED_PARTS) == []
    sizes = {part: len(built.output.parts[part]) for part in SHIPPED_PARTS}
    assert sizes == {"war": 1521, "references": 1437, "sources": 151}


def test_at_least_80_percent_from_rules(built: Built) -> None:
    rules, curation = built.counts()
    assert (rules, curation) == (2520, 589)
    assert rules / (rules + curation) >= 0.80


def test_every_triple_names_its_maker(built: Built) -> None:
    lines = built.output.explain()
    assert len(lines) == 3109
    assert all(" . # rule " in line for line in lines)
    killed = next(
        line
        for line in lines
        if line.startswith(f"<{CLAIM['armenia-artsakh-servicemen-killed']}> <{WARKG.statedAs}>")
    )
    assert killed.endswith('"3,825" . # rule infobox-casualty')
    side = next(
        line
        for line in lines
        if line.startswith(f"<{CLAIM['belligerent-turkey']}> <{WARKG.onSide}>")
    )
    assert side.endswith("# rule infobox-belligerent + curation columns.azerbaijani-side")


# claim, stated as, amount, exactness, lower bound, references, footnotes, claimant(s)
FIGURES = [
    ("azerbaijan-servicemen-killed", "2,906", 2906, "exact", None, [], ["b"], ["azerbaijan"]),
    ("azerbaijan-servicemen-wounded", "11,110", 11110, "exact", None, [53], [], ["azerbaijan"]),
    (
        "sohr-syrian-mercenaries-captured",
        "3+",
        3,
        "atLeast",
        3,
        [56],
        [],
        ["syrian-observatory-for-human-rights"],
    ),
    (
        "armenia-artsakh-servicemen-killed",
        "3,825",
        3825,
        "exact",
        None,
        [57],
        [],
        ["armenia", "artsakh"],
    ),
    (
        "armenia-artsakh-servicemen-wounded-and-sick",
        "~11,000",
        11000,
        "approximate",
        None,
        [59],
        [],
        ["armenia", "artsakh"],
    ),
    (
        "armenia-artsakh-servicemen-captured",
        "60+",
        60,
        "atLeast",
        60,
        [60],
        [],
        ["armenia", "artsakh"],
    ),
    ("azerbaijani-civilians-killed", "100", 100, "exact", None, [61], [], []),
    ("armenian-civilians-killed", "85", 85, "exact", None, [], ["c"], []),
    ("armenian-civilians-injured", "165", 165, "exact", None, [62, 63], [], []),
    ("russian-mi-24-crew-injured", "1", 1, "exact", None, [66], [], []),
    ("azerbaijanis-displaced", "40,000", 40000, "exact", None, [71], [], ["azerbaijan"]),
    ("armenians-displaced", "100,000", 100000, "exact", None, [72, 73, 74], [], []),
    ("peacekeepers-strength", "Approximately 2,000", 2000, "approximate", None, [10], [], []),
    ("peacekeepers-mandate", "at least five years", 5, "atLeast", 5, [10], [], []),
]


@pytest.mark.parametrize("row", FIGURES, ids=[row[0] for row in FIGURES])
def test_built_figure(built: Built, row: tuple) -> None:
    name, stated, amount, exactness, lower, refs, notes, claimants = row
    graph = built.content()
    claim = CLAIM[name]
    assert graph.value(claim, WARKG.statedAs) == Literal(stated)
    assert graph.value(claim, WARKG.quantityAmount) == Literal(
        str(amount), datatype=XSD.nonNegativeInteger
    )
    assert graph.value(claim, WARKG.exactness) == WARKG[exactness]
    bound = graph.value(claim, WARKG.lowerBound)
    assert (None if bound is None else int(bound)) == lower
    assert (
        sorted(int(str(r).rsplit("/", 1)[1]) for r in graph.objects(claim, WARKG.hasReference))
        == refs
    )
    assert (
        sorted(str(n).rsplit("/", 1)[1] for n in graph.objects(claim, WARKG.citesFootnote)) == notes
    )
    derived = set(graph.objects(claim, PROV.wasDerivedFrom))
    assert derived == {REF[str(r)] for r in refs} | {NOTE[n] for n in notes}
    assert (
        sorted(str(a).rsplit("/", 1)[1] for a in graph.objects(claim, WARKG.claimant)) == claimants
    )
    assert graph.value(claim, WARKG.evidenceText) is not None
    assert str(graph.value(claim, WARKG.evidenceText)) in SNAPSHOT.decode("utf-8")


def test_reference_57_and_its_work(built: Built) -> None:
    graph = built.content()
    assert graph.value(REF["57"], WARKG.citesWork) == WORK["57"]
    assert graph.value(WORK["57"], WARKG.quote) == Literal(
        "The number of victims of the 44-day war is 3825 by today's data."
    )
    assert graph.value(WORK["57"], WARKG.archiveDate) == Literal("2022-04-14", datatype=XSD.date)
    assert graph.value(WORK["57"], WARKG.publishedIn) == AGENT["primeminister-am"]
    assert graph.value(REF["57"], RDFS.label) == Literal("Reference 57", lang="en")


def test_turkey_cited_for_the_allegation_only(built: Built) -> None:
    graph = built.content()
    claim = CLAIM["belligerent-turkey"]
    assert set(graph.objects(claim, WARKG.hasReference)) == {REF["1"], REF["2"], REF["3"]}
    denial = CLAIM["turkey-belligerence-denied-by-turkey"]
    assert set(graph.objects(denial, WARKG.hasReference)) == {REF["4"]}
    assert graph.value(denial, WARKG.stanceType) == WARKG.denial
    assert graph.value(denial, WARKG.claimantAsStated) == Literal("denied by Turkey")


def test_sections_and_populations(built: Built) -> None:
    graph = built.content()
    assert graph.value(SECTION["infobox-casualties"], WARKG.sectionOrder) == Literal(
        "14", datatype=XSD.positiveInteger
    )
    assert (SECTION["infobox-strength-equipment-2"], WARKG.renderedEmpty, Literal(True)) in graph
    assert graph.value(POP["azerbaijani-side-servicemen"], RDFS.label) == Literal(
        "servicemen on the Azerbaijani side", lang="en"
    )
    assert (POP["armenian-civilians"], WARKG.onSide, None) not in graph


def test_build_record_is_apart_from_the_content(built: Built) -> None:
    assert len(built.record) == 13
    activity = URIRef("https://w3id.org/warkg/id/build/second-nagorno-karabakh-war")
    assert (activity, RDF.type, PROV.Activity) in built.record
    assert built.record.value(activity, WARKG.triplesFromRules) == Literal(
        "2520", datatype=XSD.nonNegativeInteger
    )
    assert built.record.value(activity, WARKG.sourceFile) == Literal(
        "second-nagorno-karabakh-war.txt"
    )
    assert not set(built.record) & set(built.content())


def _copy_triples(tmp_path: Path) -> Path:
    target = tmp_path / "triples"
    shutil.copytree(paths.triples_dir(), target)
    return target


def test_the_check_sees_a_changed_literal(built: Built, tmp_path: Path) -> None:
    target = _copy_triples(tmp_path)
    war = target / "war.ttl"
    war.write_text(war.read_text("utf-8").replace('"3825"^^xsd', '"3826"^^xsd'), "utf-8")
    (difference,) = compare_with_files(built.output, target, SHIPPED_PARTS)
    assert difference.file == "triples/war.ttl"
    claim = f"<{CLAIM['armenia-artsakh-servicemen-killed']}> <{WARKG.quantityAmount}>"
    assert difference.only_in_file == (
        f'{claim} "3826"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>',
    )
    assert difference.only_in_build == (
        f'{claim} "3825"^^<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>',
    )


def test_the_check_sees_a_lexical_form_rdflib_would_normalise(built: Built, tmp_path: Path) -> None:
    target = _copy_triples(tmp_path)
    war = target / "war.ttl"
    war.write_text(war.read_text("utf-8").replace('"3825"^^xsd', '"03825"^^xsd'), "utf-8")
    (difference,) = compare_with_files(built.output, target, SHIPPED_PARTS)
    assert len(difference.only_in_file) == len(difference.only_in_build) == 1


def test_the_check_sees_a_dangling_wikidata_link(built: Built, tmp_path: Path) -> None:
    target = _copy_triples(tmp_path)
    links = target / "wikidata-links.ttl"
    links.write_text(
        links.read_text("utf-8").replace(
            "linksEntity agent:armenia ;", "linksEntity agent:armenie ;"
        ),
        "utf-8",
    )
    (difference,) = compare_with_files(built.output, target, SHIPPED_PARTS)
    assert difference.file == "triples/wikidata-links.ttl"
    link = "<https://w3id.org/warkg/id/wikidata-link/armenia>"
    assert difference.only_in_file == (f"{link} <{WARKG.linksEntity}> <{AGENT['armenie']}>",)


def _curation_with(tmp_path: Path, old: str, new: str) -> Path:
    text = (paths.data_root() / "curation/second-nagorno-karabakh-war.yaml").read_text("utf-8")
    assert old in text
    path = tmp_path / "c.yaml"
    path.write_text(text.replace(old, new, 1), "utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            "words: was an armed conflict in 2020",
            "words: was an armed conflict in 2021",
            "c.yaml: claim war-year: the words 'was an armed conflict in 2021' occur nowhere "
            "in the article",
        ),
        (
            "words: the capture of Shusha",
            "words: Nagorno-Karabakh",
            "c.yaml: claim shusha-captured: the words 'Nagorno-Karabakh' occur in 9 places in "
            "the article",
        ),
        (
            "stated: 44 days",
            "stated: 45 days",
            "c.yaml: claim war-duration-44-days: stated '45 days' is not in its evidence",
        ),
        (
            "    - {starts: Artsakh, side: armenian-side}",
            "    - {starts: Artsak, side: armenian-side}",
            "c.yaml: columns.combatant[1]: 'Artsak' starts 0 lines",
        ),
        (
            "civilians killed, side: null}",
            "civilians killed, side: neutral}",
            "c.yaml: columns.casualties[2]: side 'neutral' is not declared under sides",
        ),
        (
            '{evidence: "Result Azerbaijani victory[11][12]"}',
            '{evidence: "Result Armenian victory"}',
            "c.yaml: amend.war-result: evidence 'Result Armenian victory' is not this line's row",
        ),
        (
            "  - id: war-year\n",
            "  - id: war-year\n    colour: red\n",
            "c.yaml: claim war-year: unknown key 'colour'",
        ),
        (
            "about: place:shusha",
            "about: shusha",
            "c.yaml: claim shusha-second-largest-city: 'shusha' is not a CURIE with a known prefix",
        ),
        (
            "{label: Eurasianet, names: [eurasianet.org]}",
            "{label: Eurasia, names: [eurasia.org]}",
            "c.yaml: organisations[5] (Eurasia): no reference names it",
        ),
    ],
    ids=[
        "words-nowhere",
        "words-ambiguous",
        "stated",
        "column",
        "side",
        "evidence",
        "key",
        "curie",
        "unused-organisation",
    ],
)
def test_curation_errors_are_one_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    path = _curation_with(tmp_path, old, new)
    with pytest.raises(InputError) as caught:
        build_shipped(path)
    assert caught.value.message == message.replace("c.yaml", str(path))


def test_broken_yaml_names_line_and_column(tmp_path: Path) -> None:
    path = tmp_path / "c.yaml"
    path.write_text("article:\n  title: [unclosed\n", "utf-8")
    with pytest.raises(InputError) as caught:
        load_curation(path)
    assert caught.value.message == f"{path}:3:1: not valid YAML"


def test_rules_alone_never_take_a_decision_from_elsewhere() -> None:
    """Without curation, the rules state no side, no organisation alias and no lead fact."""
    article = read_text(SNAPSHOT, file="snapshot.txt")
    alone = build_article(article)
    assert alone.counts()[1] == 0
    graph = alone.content()
    assert (None, WARKG.onSide, None) not in graph
    assert (CLAIM["war-year"], None, None) not in graph
    # scoped IRIs: nothing of this build can be taken for the published graph's
    assert (URIRef(f"{REF}second-nagorno-karabakh-war/57"), RDF.type, WARKG.Reference) in graph
    assert any("does not show its side" in warning for warning in alone.warnings)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    start=st.integers(min_value=0, max_value=len(SNAPSHOT)),
    length=st.integers(min_value=0, max_value=400),
    junk=st.sampled_from([b"", b"\n", b"[7]", b"Per X:\n", b"  \xe2\x80\xa2 5+ 3 killed[", b"~"]),
    curated=st.booleans(),
)
def test_a_damaged_snapshot_builds_or_fails_in_one_line(
    start: int, length: int, junk: bytes, curated: bool
) -> None:
    data = SNAPSHOT[:start] + junk + SNAPSHOT[start + length :]
    curation = (
        load_curation(paths.data_root() / "curation/second-nagorno-karabakh-war.yaml")
        if curated
        else None
    )
    try:
        built = build_article(read_text(data, file="d.txt"), curation)
    except InputError as error:
        assert "\n" not in error.message
        return
    assert len(built.content()) > 0


def test_the_shapes_validate_the_built_graph(built: Built) -> None:
    from warkg.rdf import loading
    from warkg.validation.api import validate

    data = built.content()
    for path in paths.triples_files():
        if path.name == "wikidata-links.ttl":
            data.parse(path, format="turtle")
    report = validate(data, loading.load_shapes(), loading.load_ontology())
    assert report.conforms, [result.line for result in report.results][:5]
