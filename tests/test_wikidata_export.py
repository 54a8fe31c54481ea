"""`warkg wikidata export`: exact QuickStatements lines and the exact stderr list.

The war's Wikidata id is not verified, so the tests pass a made-up, test-only item id
(Q999999901, not a real id). Variants of the real data check the decisions that the
shipped data never exercises: URLs, stated languages, symmetric bounds, Wikipedia.
"""

from __future__ import annotations

import contextlib
import io
import re
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal
from rdflib.namespace import DCTERMS, XSD

from warkg import cli
from warkg.namespaces import CLAIM, WARKG, WORK
from warkg.wikidata.export import qs_date, qs_string, quickstatements

ITEM = "Q999999901"  # made up, test only

LINE_3825 = "\t".join(
    [
        ITEM,
        "P1120",
        "3825",
        "P1932",
        '"3,825"',
        "S1476",
        "und:\"Prime Minister Nikol Pashinyan's speech at the National Assembly during the "
        'discussion of the performance report of the Government Action Plan for 2021"',
        "S577",
        "+2022-04-13T00:00:00Z/11",
        "S1683",
        'und:"The number of victims of the 44-day war is 3825 by today\'s data."',
    ]
)
LINE_REUTERS = "\t".join(
    [
        ITEM,
        "P1339",
        "2",
        "P1932",
        '"2"',
        "S248",
        "Q130879",
        "S1476",
        'und:"Two French journalists seriously wounded after shelling in Nagorno-Karabakh"',
        "S577",
        "+2020-10-01T00:00:00Z/11",
        "S813",
        "+2020-10-11T00:00:00Z/11",
    ]
)
LINE_RUSSIAN = "\t".join(
    [
        ITEM,
        "P1339",
        "3",
        "P1932",
        '"3"',
        "S1476",
        'ru:"МИД РФ: Российские журналисты в Карабахе получили средние и тяжелые ранения"',  # noqa: RUF001
        "S577",
        "+2020-10-08T00:00:00Z/11",
        "S813",
        "+2020-10-08T00:00:00Z/11",
    ]
)
LINE_NO_DATES = "\t".join(
    [
        ITEM,
        "P1446",
        "6",
        "P1932",
        '"6"',
        "S1476",
        'und:"List of servicemen who died as Shehids in the Patriotic War"',
    ]
)
# (property, amount) of every line, in output order (claims sorted by IRI; the claim
# with two references, 165 injured, gives two lines).
STATEMENTS = [
    ("P1120", "3825"),
    ("P1446", "187"),
    ("P1339", "165"),
    ("P1339", "165"),
    ("P1446", "21"),
    ("P1446", "6"),
    ("P1339", "11110"),
    ("P1339", "416"),
    ("P1120", "100"),
    ("P1339", "2"),
    ("P1339", "1"),
    ("P1120", "1"),
    ("P1339", "3"),
    ("P1120", "2"),
    ("P1120", "541"),
]
NO_PROPERTY = (
    "has no Wikidata property among the verified ones (P1120 number of deaths, "
    "P1339 number of injured, P1446 number of missing)"
)
STDERR = [
    "note: 'wounded' figures are written as P1339 (number of injured)",
    "note: the population a figure counts and its claimant are not written: "
    "wikidata-verified.md lists no property for them, so each statement keeps only P1932 "
    "(stated as), the figure as the article writes it; these are per-group figures, not "
    "war totals",
    "note: no S854 (reference URL) where the cited work has none; this snapshot renders no URLs",
    "note: no S407 (language of work): no language item id is verified; S1476 (title) and "
    "S1683 (quote) carry the work's language code, und where it states none",
    "skipped claim:armenia-artsakh-servicemen-captured (\"60+\" captured): 'captured' "
    f'{NO_PROPERTY}; "60+" is a lower bound, and QuickStatements v1 has no open bound '
    "(only a symmetric ± tolerance)",
    'skipped claim:armenia-artsakh-servicemen-wounded-and-sick ("~11,000" wounded and sick): '
    "'wounded and sick' counts the sick too, so it is not a number of injured (P1339); "
    "\"~11,000\" is approximate and the article gives no bounds; marking it 'approximately' "
    "needs P1480 (sourcing circumstances) with an item whose id is not verified",
    f"skipped claim:armenian-civilians-captured (\"40\" captured): 'captured' {NO_PROPERTY}",
    'skipped claim:armenian-civilians-killed ("85" killed): cites no reference, only '
    "footnote c, whose text the snapshot does not render, so there is no source to cite",
    f"skipped claim:armenians-displaced (\"100,000\" displaced): 'displaced' {NO_PROPERTY}",
    f"skipped claim:azerbaijan-servicemen-captured (\"14\" captured): 'captured' {NO_PROPERTY}",
    'skipped claim:azerbaijan-servicemen-killed ("2,906" killed): cites no reference, only '
    "footnote b, whose text the snapshot does not render, so there is no source to cite",
    f"skipped claim:azerbaijani-civilians-captured (\"3\" captured): 'captured' {NO_PROPERTY}",
    f"skipped claim:azerbaijanis-displaced (\"40,000\" displaced): 'displaced' {NO_PROPERTY}",
    'skipped claim:russian-mi-24-crew-injured ("1" injured): QuickStatements would merge it '
    "into the P1339 statement of claim:iranian-civilian-injured, which has the same value",
    f"skipped claim:russian-mi-24-shot-down (\"1\" shot down): 'shot down' {NO_PROPERTY}",
    "skipped claim:sohr-syrian-mercenaries-captured (\"3+\" captured): 'captured' "
    f'{NO_PROPERTY}; "3+" is a lower bound, and QuickStatements v1 has no open bound '
    "(only a symmetric ± tolerance)",
    f"exported 15 statement lines for 14 claims to {ITEM}; skipped 12 claims",
]
# Only properties wikidata-verified.md lists, and only verified item ids as values.
ALLOWED = {"P1120", "P1339", "P1446", "P1932", "S248", "S123", "S854", "S1476", "S577", "S813",
           "S1683"}  # fmt: skip
VERIFIED_QIDS = {"Q227", "Q399", "Q244165", "Q43", "Q159", "Q142", "Q30", "Q1065", "Q7801",
                 "Q9531", "Q130879", "Q11148", "Q9684"}  # fmt: skip


@pytest.fixture(scope="module")
def exported() -> tuple[int, list[str], list[str]]:
    """The shipped data's export: exit code, stdout lines, stderr lines."""
    return _run_export()


def _run_export(*extra: str) -> tuple[int, list[str], list[str]]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["wikidata", "export", "--item", ITEM, *extra])
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


def test_exit_code_and_line_count(exported: tuple[int, list[str], list[str]]) -> None:
    code, lines, _ = exported
    assert code == 0
    assert len(lines) == 15


@pytest.mark.parametrize(
    "line",
    [LINE_3825, LINE_REUTERS, LINE_RUSSIAN, LINE_NO_DATES],
    ids=["deaths-3825-with-quote", "reuters-stated-in", "russian-title", "no-dates"],
)
def test_full_lines(exported: tuple[int, list[str], list[str]], line: str) -> None:
    assert line in exported[1]


def test_statements_in_order(exported: tuple[int, list[str], list[str]]) -> None:
    assert [tuple(line.split("\t")[1:3]) for line in exported[1]] == STATEMENTS


def test_stderr_lists_every_skipped_claim_with_its_reason(
    exported: tuple[int, list[str], list[str]],
) -> None:
    assert exported[2] == STDERR


def test_every_line_uses_only_listed_properties_and_verified_items(
    exported: tuple[int, list[str], list[str]],
) -> None:
    for line in exported[1]:
        cells = line.split("\t")
        assert cells[0] == ITEM
        assert len(cells) % 2 == 1
        keys = cells[1::2]
        values = cells[2::2]
        assert set(keys) <= ALLOWED, line
        assert keys[1] == "P1932"
        for key, value in zip(keys, values, strict=True):
            if re.fullmatch(r"Q\d+", value):
                assert key in {"S248", "S123"} and value in VERIFIED_QIDS, line
            if key in {"S577", "S813"}:
                assert re.fullmatch(r"\+\d{4}-\d\d-\d\dT00:00:00Z/11", value), line
            if key in {"S1476", "S1683"}:
                assert re.fullmatch(r'[a-z]+(-[a-z0-9]+)*:".+"', value), line
        assert "wikipedia" not in line.lower()


def test_export_needs_an_item_for_the_war(capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["wikidata", "export"])
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err == (
        "warkg: the war (event:second-nagorno-karabakh-war) has no verified Wikidata link; "
        "give its item with --item Q...\n"
    )


@pytest.mark.parametrize("item", ["227", "Q0", "P1120"])
def test_export_refuses_a_malformed_item(item: str, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.main(["wikidata", "export", "--item", item])
    assert code == 2
    assert capsys.readouterr().err == (
        f"warkg: --item {item!r} is not a Wikidata item id such as Q123\n"
    )


def test_export_to_a_file(tmp_path: Path, exported: tuple[int, list[str], list[str]]) -> None:
    target = tmp_path / "war.qs"
    code, out, err = _run_export("--output", str(target))
    assert (code, out) == (0, [])
    assert target.read_text(encoding="utf-8").splitlines() == exported[1]
    assert err == exported[2]
    code, _, _ = _run_export("--output", str(target))  # an existing file is replaced whole
    assert code == 0
    assert target.read_text(encoding="utf-8").splitlines() == exported[1]


# --- decisions the shipped data does not exercise -----------------------------------------


def _variant(data_graph: Graph, ontology_graph: Graph) -> Graph:
    graph = Graph()
    graph += data_graph
    graph += ontology_graph
    return graph


def test_a_stated_language_and_a_url_are_written(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    graph.add((WORK["57"], DCTERMS.language, Literal("en", datatype=XSD.language)))
    graph.add((WORK["57"], WARKG.url, Literal("https://example.org/speech", datatype=XSD.anyURI)))
    line = quickstatements(graph, ITEM).lines[0]
    assert line.split("\t")[5:] == [
        "S854",
        '"https://example.org/speech"',
        "S1476",
        "en:\"Prime Minister Nikol Pashinyan's speech at the National Assembly during the "
        'discussion of the performance report of the Government Action Plan for 2021"',
        "S577",
        "+2022-04-13T00:00:00Z/11",
        "S1683",
        'en:"The number of victims of the 44-day war is 3825 by today\'s data."',
    ]


def test_wikipedia_is_never_cited(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    graph.set((WORK["38"], WARKG.publishedInAsStated, Literal("Wikipedia")))
    result = quickstatements(graph, ITEM)
    assert not any("\tP1120\t541\t" in line for line in result.lines)
    assert (
        'skipped claim:sohr-syrian-mercenaries-killed ("541" killed): ref 38 cites Wikipedia '
        "itself, which is never a source"
    ) in result.skipped


def test_a_wikipedia_url_is_never_cited(
    data_graph: Graph, ontology_graph: Graph, exported: tuple[int, list[str], list[str]]
) -> None:
    graph = _variant(data_graph, ontology_graph)
    graph.add((WORK["62"], WARKG.url, Literal("https://en.wikipedia.org/wiki/Shusha")))
    result = quickstatements(graph, ITEM)
    kept = [line for line in exported[1] if "\tP1339\t165\t" in line and "Caucasus" in line]
    assert len(kept) == 1
    assert [line for line in result.lines if "\tP1339\t165\t" in line] == kept
    assert (
        'partly skipped claim:armenian-civilians-injured ("165" injured): ref 62 cites '
        "Wikipedia itself, which is never a source"
    ) in result.partial
    assert result.stderr_lines()[-1].endswith("; skipped 12 claims")


def _approximate(graph: Graph, lower: int, upper: int) -> None:
    claim = CLAIM["azerbaijan-servicemen-wounded"]
    graph.set((claim, WARKG.exactness, WARKG.approximate))
    graph.set((claim, WARKG.statedAs, Literal("~11,110")))
    graph.add((claim, WARKG.lowerBound, Literal(lower, datatype=XSD.nonNegativeInteger)))
    graph.add((claim, WARKG.upperBound, Literal(upper, datatype=XSD.nonNegativeInteger)))


def test_symmetric_bounds_become_a_tolerance(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    _approximate(graph, 11000, 11220)
    lines = [line for line in quickstatements(graph, ITEM).lines if "\tP1339\t11110" in line]
    assert [line.split("\t")[1:5] for line in lines] == [
        ["P1339", "11110~110", "P1932", '"~11,110"']
    ]


def test_asymmetric_bounds_cannot_be_written(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    _approximate(graph, 11000, 11500)
    result = quickstatements(graph, ITEM)
    assert not any("\tP1339\t11110" in line for line in result.lines)
    assert (
        'skipped claim:azerbaijan-servicemen-wounded ("~11,110" wounded): "~11,110" has bounds '
        "that are not symmetric, and QuickStatements v1 writes only a symmetric ± tolerance"
    ) in result.skipped


def test_qs_helpers() -> None:
    assert qs_date(date(2020, 10, 16)) == "+2020-10-16T00:00:00Z/11"
    assert qs_string('say "hi"') == '"say "hi""'  # v1 reads the outermost quotes
    assert qs_string("a\tb") is None
    assert qs_string(" padded") is None
    assert qs_string("") is None
