"""`warkg wikidata export`: every QuickStatements line and every stderr line, exactly.

The war's Wikidata id is not verified, so the tests pass a made-up, test-only item id
(Q999999901, not a real id). No property is verified for whose figure a casualty count
is or whom it counts, so by default the export writes nothing; the flagged runs pass
made-up, test-only properties (P999999801, P999999802) and population items
(Q999999811...), standing for ones a user would have verified. None is a real id.
Variants of the real data check the decisions the shipped data never exercises (URLs,
archive URLs, stated languages, symmetric bounds, Wikipedia, verified publishers); each
first asserts the line it alters is there, so that it cannot pass by finding nothing.
"""

from __future__ import annotations

import contextlib
import io
import re
import shlex
from datetime import date
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDFS, XSD

from warkg.cli import main as cli
from warkg.rdf.namespaces import AGENT, CLAIM, POP, WARKG, WORK
from warkg.wikidata.export import qs_date, qs_string, quickstatements
from warkg.wikidata.qualifiers import Qualifiers

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "link-wikidata.md"
ITEM = "Q999999901"  # made up, test only
CLAIMANT = "P999999801"  # made up, test only: stands for a claimant property you verified
POPULATION = "P999999802"  # made up, test only: stands for a population property
POPULATION_ITEMS = {  # made up, test only: stand for items you verified
    "armenian-side-servicemen": "Q999999811",
    "armenian-civilians": "Q999999812",
    "azerbaijani-side-servicemen": "Q999999813",
    "azerbaijani-civilians": "Q999999814",
    "french-journalists": "Q999999815",
    "iranian-civilians": "Q999999816",
    "russian-civilians": "Q999999817",
    "russian-journalists": "Q999999818",
    "russian-mi-24-crew": "Q999999819",
    "syrian-mercenaries": "Q999999820",
}
FLAGS = ["--claimant-property", CLAIMANT, "--population-property", POPULATION]
for _name, _qid in POPULATION_ITEMS.items():
    FLAGS += ["--population-item", f"pop:{_name}={_qid}"]
QUALIFIERS = Qualifiers(
    CLAIMANT, POPULATION, {POP[name]: qid for name, qid in POPULATION_ITEMS.items()}
)


def line(*cells: str) -> str:
    return "\t".join([ITEM, *cells])


ARMENIA_ARTSAKH = [CLAIMANT, "Q399", CLAIMANT, "Q244165"]
AZERBAIJAN = [CLAIMANT, "Q227"]
SPEECH = (
    "\"Prime Minister Nikol Pashinyan's speech at the National Assembly during the "
    'discussion of the performance report of the Government Action Plan for 2021"'
)
QUOTE = '"The number of victims of the 44-day war is 3825 by today\'s data."'
MIA = '"187 Armenian troops still MIA, 21 civilians missing in 2020 Nagorno Karabakh war"'
AZERNEWS = '"Civilian death toll in Armenian attacks reaches 100"'
IRAN = '"Iran comes under attack as fighting between Armenia–Azerbaijan spreads across border"'  # noqa: RUF001
RUSSIAN = '"МИД РФ: Российские журналисты в Карабахе получили средние и тяжелые ранения"'  # noqa: RUF001

# Every line of the flagged export, in output order (claims sorted by IRI; the claim
# with two references, 165 injured, gives two lines).
FLAGGED_LINES = [
    line("P1120", "3825", "P1932", '"3,825"', *ARMENIA_ARTSAKH, POPULATION, "Q999999811",
         "S1476", f"und:{SPEECH}", "S577", "+2022-04-13T00:00:00Z/11", "S1683", f"und:{QUOTE}"),
    line("P1446", "187", "P1932", '"187"', *ARMENIA_ARTSAKH, POPULATION, "Q999999811",
         "S1476", f"und:{MIA}", "S577", "+2022-03-21T00:00:00Z/11",
         "S813", "+2022-03-21T00:00:00Z/11"),
    line("P1339", "165", "P1932", '"165"', POPULATION, "Q999999812",
         "S1476", "und:\"Artsakh Ombudsman's Office updates interim report on killing of "
         'civilians by Azerbaijani forces"'),
    line("P1339", "165", "P1932", '"165"', POPULATION, "Q999999812",
         "S1476", 'und:"Caucasus: 4 Journalists Injured in Nagorno-Karabakh Fighting"',
         "S577", "+2020-10-01T00:00:00Z/11", "S813", "+2020-10-21T00:00:00Z/11"),
    line("P1446", "21", "P1932", '"21"', POPULATION, "Q999999812",
         "S1476", f"und:{MIA}", "S577", "+2022-03-21T00:00:00Z/11",
         "S813", "+2022-03-21T00:00:00Z/11"),
    line("P1446", "6", "P1932", '"6"', *AZERBAIJAN, POPULATION, "Q999999813",
         "S1476", 'und:"List of servicemen who died as Shehids in the Patriotic War"'),
    line("P1339", "11110", "P1932", '"11,110"', *AZERBAIJAN, POPULATION, "Q999999813",
         "S1476", 'und:"Vətən müharibəsində yaralanan hərbçilərin sayı açıqlanıb"',  # noqa: RUF001
         "S577", "+2022-04-14T00:00:00Z/11", "S813", "+2022-05-04T00:00:00Z/11"),
    line("P1339", "416", "P1932", '"416"', POPULATION, "Q999999814",
         "S1476", f"und:{AZERNEWS}", "S577", "+2020-12-08T00:00:00Z/11",
         "S813", "+2020-12-08T00:00:00Z/11"),
    line("P1120", "100", "P1932", '"100"', POPULATION, "Q999999814",
         "S1476", f"und:{AZERNEWS}", "S577", "+2020-12-08T00:00:00Z/11",
         "S813", "+2020-12-08T00:00:00Z/11"),
    line("P1339", "2", "P1932", '"2"', POPULATION, "Q999999815", "S248", "Q130879",
         "S1476", 'und:"Two French journalists seriously wounded after shelling in '
         'Nagorno-Karabakh"',
         "S577", "+2020-10-01T00:00:00Z/11", "S813", "+2020-10-11T00:00:00Z/11"),
    line("P1339", "1", "P1932", '"1"', POPULATION, "Q999999816",
         "S1476", f"und:{IRAN}", "S577", "+2020-10-03T00:00:00Z/11",
         "S813", "+2020-10-11T00:00:00Z/11"),
    line("P1120", "1", "P1932", '"1"', POPULATION, "Q999999817",
         "S1476", 'und:"Russian teenager dies in missile attack on Ganja"',
         "S577", "+2020-10-24T00:00:00Z/11", "S813", "+2020-11-17T00:00:00Z/11"),
    line("P1339", "3", "P1932", '"3"', POPULATION, "Q999999818",
         "S1476", f"ru:{RUSSIAN}", "S577", "+2020-10-08T00:00:00Z/11",
         "S813", "+2020-10-08T00:00:00Z/11"),
    line("P1120", "2", "P1932", '"2"', POPULATION, "Q999999819",
         "S1476", 'und:"Nagorno-Karabakh: Russian helicopter shot down over Armenia"'),
]  # fmt: skip

NO_PROPERTY = (
    "has no Wikidata property among the verified ones (P1120 number of deaths, "
    "P1339 number of injured, P1446 number of missing)"
)
LOWER_BOUND = (
    "is a lower bound, and QuickStatements v1 has no open bound (only a symmetric ± tolerance)"
)
NOT_EXPRESSIBLE = "is not expressible"
ARMENIAN_SIDE = '(pop:armenian-side-servicemen, "servicemen on the Armenian side")'
AZERBAIJANI_SIDE = '(pop:azerbaijani-side-servicemen, "servicemen on the Azerbaijani side")'
NO_CLAIMANT_PROPERTY = f"{NOT_EXPRESSIBLE}: no --claimant-property"
NO_POPULATION_PROPERTY = f"{NOT_EXPRESSIBLE}: no --population-property"
SOHR_UNLINKED = (
    f'whose figure it is ("Per SOHR") {NOT_EXPRESSIBLE}: '
    "agent:syrian-observatory-for-human-rights has no verified Wikidata link"
)
WOUNDED_AND_SICK = (
    "'wounded and sick' counts the sick too, so it is not a number of injured (P1339); "
    "\"~11,000\" is approximate and the article gives no bounds; marking it 'approximately' "
    "needs P1480 (sourcing circumstances) with an item whose id is not verified"
)
FOOTNOTE = "whose text the snapshot does not render, so there is no source to cite"
WHOLE_WAR = (
    "note: a figure is written only with qualifiers that say whose figure it is and whom it "
    "counts: these are one side's or one group's figures, and a bare P1120/P1339/P1446 "
    "statement on the war item would read as the war's total"
)
REFERENCE_NOTES = [
    "note: no S854 (reference URL) where the cited work has none; this snapshot renders no URLs",
    "note: no S2960 (archive date) for refs 37, 57, 68, 69, 70, which the article says were "
    "archived: this snapshot renders no archive URL (S1065), and an archive date without the "
    "archive's address would point nowhere",
    "note: no S407 (language of work): no language item id is verified; S1476 (title) and "
    "S1683 (quote) carry the work's language code, und where it states none",
]

DEFAULT_STDERR = [
    WHOLE_WAR,
    "note: wikidata-verified.md lists no property for whose figure it is: give one you have "
    "verified with --claimant-property P..., and its value is the claimant's verified "
    "Wikidata link",
    "note: wikidata-verified.md lists no property for whom a figure counts, and no population "
    "has a verified item: give a property you have verified with --population-property P... "
    "and an item for each population with --population-item pop:NAME=Q... (each skipped "
    "figure names its population)",
    "skipped claim:armenia-artsakh-servicemen-captured (\"60+\" captured): 'captured' "
    f'{NO_PROPERTY}; "60+" {LOWER_BOUND}; whose figure it is ("Per Armenia/Artsakh") '
    f"{NO_CLAIMANT_PROPERTY}; whom it counts {ARMENIAN_SIDE} {NO_POPULATION_PROPERTY}",
    'skipped claim:armenia-artsakh-servicemen-killed ("3,825" killed): whose figure it is '
    f'("Per Armenia/Artsakh") {NO_CLAIMANT_PROPERTY}; whom it counts {ARMENIAN_SIDE} '
    f"{NO_POPULATION_PROPERTY}",
    'skipped claim:armenia-artsakh-servicemen-missing ("187" missing): whose figure it is '
    f'("Per Armenia/Artsakh") {NO_CLAIMANT_PROPERTY}; whom it counts {ARMENIAN_SIDE} '
    f"{NO_POPULATION_PROPERTY}",
    'skipped claim:armenia-artsakh-servicemen-wounded-and-sick ("~11,000" wounded and sick): '
    f'{WOUNDED_AND_SICK}; whose figure it is ("Per Armenia/Artsakh") {NO_CLAIMANT_PROPERTY}; '
    f"whom it counts {ARMENIAN_SIDE} {NO_POPULATION_PROPERTY}",
    f"skipped claim:armenian-civilians-captured (\"40\" captured): 'captured' {NO_PROPERTY}; "
    f'whom it counts (pop:armenian-civilians, "Armenian civilians") {NO_POPULATION_PROPERTY}',
    'skipped claim:armenian-civilians-injured ("165" injured): whom it counts '
    f'(pop:armenian-civilians, "Armenian civilians") {NO_POPULATION_PROPERTY}',
    'skipped claim:armenian-civilians-killed ("85" killed): cites no reference, only '
    f'footnote c, {FOOTNOTE}; whom it counts (pop:armenian-civilians, "Armenian civilians") '
    f"{NO_POPULATION_PROPERTY}",
    'skipped claim:armenian-civilians-missing ("21" missing): whom it counts '
    f'(pop:armenian-civilians, "Armenian civilians") {NO_POPULATION_PROPERTY}',
    f"skipped claim:armenians-displaced (\"100,000\" displaced): 'displaced' {NO_PROPERTY}; "
    f'whom it counts (pop:armenians, "Armenians") {NO_POPULATION_PROPERTY}',
    f"skipped claim:azerbaijan-servicemen-captured (\"14\" captured): 'captured' {NO_PROPERTY}; "
    f'whose figure it is ("Per Azerbaijan") {NO_CLAIMANT_PROPERTY}; whom it counts '
    f"{AZERBAIJANI_SIDE} {NO_POPULATION_PROPERTY}",
    'skipped claim:azerbaijan-servicemen-killed ("2,906" killed): cites no reference, only '
    f'footnote b, {FOOTNOTE}; whose figure it is ("Per Azerbaijan") {NO_CLAIMANT_PROPERTY}; '
    f"whom it counts {AZERBAIJANI_SIDE} {NO_POPULATION_PROPERTY}",
    'skipped claim:azerbaijan-servicemen-missing ("6" missing): whose figure it is '
    f'("Per Azerbaijan") {NO_CLAIMANT_PROPERTY}; whom it counts {AZERBAIJANI_SIDE} '
    f"{NO_POPULATION_PROPERTY}",
    'skipped claim:azerbaijan-servicemen-wounded ("11,110" wounded): whose figure it is '
    f'("Per Azerbaijan") {NO_CLAIMANT_PROPERTY}; whom it counts {AZERBAIJANI_SIDE} '
    f"{NO_POPULATION_PROPERTY}",
    f"skipped claim:azerbaijani-civilians-captured (\"3\" captured): 'captured' {NO_PROPERTY}; "
    f'whom it counts (pop:azerbaijani-civilians, "Azerbaijani civilians") '
    f"{NO_POPULATION_PROPERTY}",
    'skipped claim:azerbaijani-civilians-injured ("416" injured): whom it counts '
    f'(pop:azerbaijani-civilians, "Azerbaijani civilians") {NO_POPULATION_PROPERTY}',
    'skipped claim:azerbaijani-civilians-killed ("100" killed): whom it counts '
    f'(pop:azerbaijani-civilians, "Azerbaijani civilians") {NO_POPULATION_PROPERTY}',
    f"skipped claim:azerbaijanis-displaced (\"40,000\" displaced): 'displaced' {NO_PROPERTY}; "
    f'whose figure it is ("according to Azerbaijan") {NO_CLAIMANT_PROPERTY}; whom it counts '
    f'(pop:azerbaijanis, "Azerbaijanis") {NO_POPULATION_PROPERTY}',
    'skipped claim:french-journalists-injured ("2" injured): whom it counts '
    f'(pop:french-journalists, "French journalists") {NO_POPULATION_PROPERTY}',
    'skipped claim:iranian-civilian-injured ("1" injured): whom it counts '
    f'(pop:iranian-civilians, "Iranian civilians") {NO_POPULATION_PROPERTY}',
    'skipped claim:russian-civilian-killed ("1" killed): whom it counts '
    f'(pop:russian-civilians, "Russian civilians") {NO_POPULATION_PROPERTY}',
    'skipped claim:russian-journalists-injured ("3" injured): whom it counts '
    f'(pop:russian-journalists, "Russian journalists") {NO_POPULATION_PROPERTY}',
    'skipped claim:russian-mi-24-crew-injured ("1" injured): whom it counts '
    f'(pop:russian-mi-24-crew, "crew members of the Russian Mi-24") {NO_POPULATION_PROPERTY}',
    'skipped claim:russian-mi-24-crew-killed ("2" killed): whom it counts '
    f'(pop:russian-mi-24-crew, "crew members of the Russian Mi-24") {NO_POPULATION_PROPERTY}',
    f"skipped claim:russian-mi-24-shot-down (\"1\" shot down): 'shot down' {NO_PROPERTY}; "
    f'whom it counts (pop:russian-mi-24-helicopters, "Russian Mi-24 helicopters") '
    f"{NO_POPULATION_PROPERTY}",
    "skipped claim:sohr-syrian-mercenaries-captured (\"3+\" captured): 'captured' "
    f'{NO_PROPERTY}; "3+" {LOWER_BOUND}; whose figure it is ("Per SOHR") '
    f'{NO_CLAIMANT_PROPERTY}; whom it counts (pop:syrian-mercenaries, "Syrian mercenaries") '
    f"{NO_POPULATION_PROPERTY}",
    'skipped claim:sohr-syrian-mercenaries-killed ("541" killed): whose figure it is '
    f'("Per SOHR") {NO_CLAIMANT_PROPERTY}; whom it counts (pop:syrian-mercenaries, '
    f'"Syrian mercenaries") {NO_POPULATION_PROPERTY}',
    f"exported 0 statement lines for 0 claims to {ITEM}; skipped 26 claims",
]

FLAGGED_STDERR = [
    WHOLE_WAR,
    f"note: whose figure it is: {CLAIMANT} (from --claimant-property, not verified by warkg) "
    "with each claimant's verified Wikidata link; a figure the article gives without a "
    "claimant gets none (its references say whose it is)",
    f"note: whom it counts: {POPULATION} (from --population-property, not verified by warkg) "
    "with the population's item from --population-item (not verified by warkg)",
    "note: 'wounded' figures are written as P1339 (number of injured)",
    *REFERENCE_NOTES,
    "skipped claim:armenia-artsakh-servicemen-captured (\"60+\" captured): 'captured' "
    f'{NO_PROPERTY}; "60+" {LOWER_BOUND}',
    'skipped claim:armenia-artsakh-servicemen-wounded-and-sick ("~11,000" wounded and sick): '
    f"{WOUNDED_AND_SICK}",
    f"skipped claim:armenian-civilians-captured (\"40\" captured): 'captured' {NO_PROPERTY}",
    'skipped claim:armenian-civilians-killed ("85" killed): cites no reference, only '
    f"footnote c, {FOOTNOTE}",
    f"skipped claim:armenians-displaced (\"100,000\" displaced): 'displaced' {NO_PROPERTY}; "
    f'whom it counts (pop:armenians, "Armenians") {NOT_EXPRESSIBLE}: no --population-item '
    "pop:armenians=Q...",
    f"skipped claim:azerbaijan-servicemen-captured (\"14\" captured): 'captured' {NO_PROPERTY}",
    'skipped claim:azerbaijan-servicemen-killed ("2,906" killed): cites no reference, only '
    f"footnote b, {FOOTNOTE}",
    f"skipped claim:azerbaijani-civilians-captured (\"3\" captured): 'captured' {NO_PROPERTY}",
    f"skipped claim:azerbaijanis-displaced (\"40,000\" displaced): 'displaced' {NO_PROPERTY}; "
    f'whom it counts (pop:azerbaijanis, "Azerbaijanis") {NOT_EXPRESSIBLE}: no '
    "--population-item pop:azerbaijanis=Q...",
    'skipped claim:russian-mi-24-crew-injured ("1" injured): QuickStatements would merge it '
    "into the P1339 statement of claim:iranian-civilian-injured, which has the same value",
    f"skipped claim:russian-mi-24-shot-down (\"1\" shot down): 'shot down' {NO_PROPERTY}; "
    f'whom it counts (pop:russian-mi-24-helicopters, "Russian Mi-24 helicopters") '
    f"{NOT_EXPRESSIBLE}: no --population-item pop:russian-mi-24-helicopters=Q...",
    "skipped claim:sohr-syrian-mercenaries-captured (\"3+\" captured): 'captured' "
    f'{NO_PROPERTY}; "3+" {LOWER_BOUND}; {SOHR_UNLINKED}',
    f'skipped claim:sohr-syrian-mercenaries-killed ("541" killed): {SOHR_UNLINKED}',
    f"exported 14 statement lines for 13 claims to {ITEM}; skipped 13 claims",
]
# Only properties wikidata-verified.md lists, or the ones the test passed itself.
LISTED = {"P1120", "P1339", "P1446", "P1932", "S248", "S123", "S854", "S1065", "S2960",
          "S1476", "S577", "S813", "S1683"}  # fmt: skip
VERIFIED_QIDS = {"Q227", "Q399", "Q244165", "Q43", "Q159", "Q142", "Q30", "Q1065", "Q37470",
                 "Q7801", "Q9531", "Q130879", "Q11148", "Q9684"}  # fmt: skip

Run = tuple[int, list[str], list[str]]


def _run_export(*extra: str) -> Run:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(["wikidata", "export", "--item", ITEM, *extra])
    return code, out.getvalue().splitlines(), err.getvalue().splitlines()


@pytest.fixture(scope="module")
def default() -> Run:
    """The shipped data's export without qualifier options: exit code, stdout, stderr."""
    return _run_export()


@pytest.fixture(scope="module")
def flagged() -> Run:
    """The export with the (made-up) claimant and population properties and items."""
    return _run_export(*FLAGS)


# --- the default: nothing that could read as a war total -------------------------------


def test_default_writes_no_statement(default: Run) -> None:
    assert default[:2] == (0, [])


def test_default_stderr_every_line(default: Run) -> None:
    assert default[2] == DEFAULT_STDERR


def test_a_claimant_property_alone_still_writes_nothing(default: Run) -> None:
    """Every figure counts a population, so without --population-property none is
    written; the claimant reasons change, the population ones stay."""
    code, out, err = _run_export("--claimant-property", CLAIMANT)
    assert (code, out) == (0, [])
    assert len(err) == len(default[2])
    assert not any("no --claimant-property" in e for e in err)
    assert sum("no --population-property" in e for e in err) == 26
    assert (
        f'skipped claim:sohr-syrian-mercenaries-killed ("541" killed): {SOHR_UNLINKED}; whom '
        f'it counts (pop:syrian-mercenaries, "Syrian mercenaries") {NO_POPULATION_PROPERTY}'
    ) in err
    assert err[-1] == f"exported 0 statement lines for 0 claims to {ITEM}; skipped 26 claims"


# --- with the qualifier options -------------------------------------------------------


def test_flagged_stdout_every_line(flagged: Run) -> None:
    assert flagged[:2] == (0, FLAGGED_LINES)


def test_flagged_stderr_every_line(flagged: Run) -> None:
    assert flagged[2] == FLAGGED_STDERR


def test_a_population_without_an_item_is_not_written() -> None:
    code, out, err = _run_export(
        "--claimant-property", CLAIMANT, "--population-property", POPULATION,
        "--population-item", "pop:armenian-side-servicemen=Q999999811",
    )  # fmt: skip
    assert (code, out) == (0, FLAGGED_LINES[:2])
    assert (
        'skipped claim:french-journalists-injured ("2" injured): whom it counts '
        f'(pop:french-journalists, "French journalists") {NOT_EXPRESSIBLE}: no '
        "--population-item pop:french-journalists=Q..."
    ) in err
    assert err[-1] == f"exported 2 statement lines for 2 claims to {ITEM}; skipped 24 claims"


def test_every_line_has_only_listed_or_given_properties_and_their_items(flagged: Run) -> None:
    """Item values: a verified link as S248/S123 or as the claimant, a given item as the
    population; nothing else. Every line says whom it counts."""
    given = set(POPULATION_ITEMS.values())
    for text in flagged[1]:
        cells = text.split("\t")
        assert cells[0] == ITEM
        assert len(cells) % 2 == 1
        keys, values = cells[1::2], cells[2::2]
        assert set(keys) <= LISTED | {CLAIMANT, POPULATION}, text
        assert keys[1] == "P1932"
        assert keys.count(POPULATION) == 1, text
        for key, value in zip(keys, values, strict=True):
            if re.fullmatch(r"Q\d+", value):
                if key == POPULATION:
                    assert value in given, text
                else:
                    assert key in {"S248", "S123", CLAIMANT} and value in VERIFIED_QIDS, text
            if key in {"S577", "S813", "S2960"}:
                assert re.fullmatch(r"\+\d{4}-\d\d-\d\dT00:00:00Z/11", value), text
            if key in {"S1476", "S1683"}:
                assert re.fullmatch(r'[a-z]+(-[a-z0-9]+)*:".+"', value), text
        assert "wikipedia" not in text.lower()


def test_claimants_are_their_own_verified_links(flagged: Run) -> None:
    by_amount = {tuple(text.split("\t")[1:3]): text.split("\t") for text in flagged[1]}
    assert by_amount[("P1120", "3825")][5:9] == ARMENIA_ARTSAKH
    assert by_amount[("P1446", "6")][5:7] == AZERBAIJAN
    assert CLAIMANT not in by_amount[("P1339", "2")]  # the article names no claimant


# --- option errors: one line, exit 2 -----------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--claimant-property", "X1"],
         "--claimant-property 'X1' is not a Wikidata property id such as P123"),
        (["--claimant-property", "P0"],
         "--claimant-property 'P0' is not a Wikidata property id such as P123"),
        (["--population-property", "wdt:P5"],
         "--population-property 'wdt:P5' is not a Wikidata property id such as P123"),
        (["--claimant-property", "P1932"],
         "--claimant-property P1932 is a property the export already writes (P1120, P1339, "
         "P1446, P1932); give the one that says what the option is for"),
        (["--claimant-property", "P999999801", "--population-property", "P999999801"],
         "--claimant-property and --population-property are both P999999801; whose figure "
         "it is and whom it counts need different properties"),
        (["--population-property", POPULATION, "--population-item", "armenians=Q999999811"],
         "--population-item 'armenians=Q999999811' is not of the form pop:NAME=Q123"),
        (["--population-property", POPULATION, "--population-item", "pop:armenians"],
         "--population-item 'pop:armenians' is not of the form pop:NAME=Q123"),
        (["--population-property", POPULATION, "--population-item", "pop:armenians=P5"],
         "--population-item 'pop:armenians=P5': 'P5' is not a Wikidata item id such as Q123"),
        (["--population-property", POPULATION, "--population-item", "pop:martians=Q999999811"],
         "--population-item 'pop:martians=Q999999811': pop:martians is not a population "
         "that a casualty figure of the war counts"),
        (["--population-property", POPULATION,
          "--population-item", "pop:armenians=Q999999811",
          "--population-item", "pop:armenians=Q999999812"],
         "--population-item pop:armenians is given twice, as Q999999811 and Q999999812"),
        (["--population-item", "pop:armenians=Q999999811"],
         "--population-item needs --population-property, the qualifier to use"),
    ],
    ids=["not-a-pid", "p0", "prefixed", "taken", "same-twice", "no-prefix", "no-item",
         "item-not-qid", "unknown-population", "two-items", "item-without-property"],
)  # fmt: skip
def test_bad_qualifier_options_are_one_line_errors(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code = cli.main(["wikidata", "export", "--item", ITEM, *args])
    assert (code, capsys.readouterr()) == (2, ("", f"warkg: {message}\n"))


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


def test_export_to_a_file(tmp_path: Path, flagged: Run) -> None:
    target = tmp_path / "war.qs"
    code, out, err = _run_export(*FLAGS, "--output", str(target))
    assert (code, out) == (0, [])
    assert target.read_text(encoding="utf-8").splitlines() == FLAGGED_LINES
    assert err == flagged[2]
    code, _, _ = _run_export("--output", str(target))  # replaced whole, here by nothing
    assert code == 0
    assert target.read_text(encoding="utf-8") == ""


# --- the Wikidata guide shows the real output ---------------------------------------------------


def _readme_block(marker: str) -> list[str]:
    """The lines of the fenced block after `<!-- marker -->` in the guide."""
    text = GUIDE.read_text(encoding="utf-8")
    start = text.index(f"<!-- {marker} -->")
    opening = text.index("```", start)
    body = text.index("\n", opening) + 1
    return text[body : text.index("```", body)].splitlines()


def test_readme_shows_the_commands() -> None:
    """The guide's two commands are the ones these tests run."""
    for marker, args in [
        ("wikidata-export-default-command", []),
        ("wikidata-export-flagged-command", FLAGS),
    ]:
        command = " ".join(text.removesuffix("\\") for text in _readme_block(marker))
        assert shlex.split(command) == ["warkg", "wikidata", "export", "--item", ITEM, *args]


@pytest.mark.parametrize(
    ("marker", "run", "stream"),
    [
        ("wikidata-export-default-stderr", "default", 2),
        ("wikidata-export-flagged-stdout", "flagged", 1),
        ("wikidata-export-flagged-stderr", "flagged", 2),
    ],
    ids=["default-stderr", "flagged-stdout", "flagged-stderr"],
)
def test_readme_shows_every_line(
    marker: str, run: str, stream: int, request: pytest.FixtureRequest
) -> None:
    assert _readme_block(marker) == request.getfixturevalue(run)[stream]


# --- decisions the shipped data does not exercise -----------------------------------------


def _variant(data_graph: Graph, ontology_graph: Graph) -> Graph:
    graph = Graph()
    graph += data_graph
    graph += ontology_graph
    return graph


def test_the_variants_start_from_the_flagged_export(
    data_graph: Graph, ontology_graph: Graph
) -> None:
    """So each variant below changes lines that are really there."""
    assert quickstatements(_variant(data_graph, ontology_graph), ITEM, QUALIFIERS).lines == (
        FLAGGED_LINES
    )


def test_a_stated_language_and_a_url_are_written(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    graph.add((WORK["57"], DCTERMS.language, Literal("en", datatype=XSD.language)))
    graph.add((WORK["57"], WARKG.url, Literal("https://example.org/speech", datatype=XSD.anyURI)))
    lines = quickstatements(graph, ITEM, QUALIFIERS).lines
    assert lines[0].split("\t")[11:] == [
        "S854", '"https://example.org/speech"',
        "S1476", f"en:{SPEECH}",
        "S577", "+2022-04-13T00:00:00Z/11",
        "S1683", f"en:{QUOTE}",
    ]  # fmt: skip
    assert lines[1:] == FLAGGED_LINES[1:]


def test_an_archive_url_is_written_with_its_date(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    archive = Literal("https://web.example.org/2022/speech", datatype=XSD.anyURI)
    graph.add((WORK["57"], WARKG.archiveUrl, archive))
    result = quickstatements(graph, ITEM, QUALIFIERS)
    assert result.lines[0].split("\t")[11:15] == [
        "S1065", '"https://web.example.org/2022/speech"', "S2960", "+2022-04-14T00:00:00Z/11",
    ]  # fmt: skip
    assert result.lines[1:] == FLAGGED_LINES[1:]
    assert (
        "no S2960 (archive date) for refs 37, 68, 69, 70, which the article says were archived: "
        "this snapshot renders no archive URL (S1065), and an archive date without the "
        "archive's address would point nowhere"
    ) in result.notes


def test_wikipedia_by_name_is_never_cited(data_graph: Graph, ontology_graph: Graph) -> None:
    assert any("\tP1339\t2\t" in text for text in FLAGGED_LINES)
    graph = _variant(data_graph, ontology_graph)
    graph.set((WORK["68"], WARKG.publishedInAsStated, Literal("Wikipedia")))
    result = quickstatements(graph, ITEM, QUALIFIERS)
    assert result.lines == [t for t in FLAGGED_LINES if "\tP1339\t2\t" not in t]
    assert (
        'skipped claim:french-journalists-injured ("2" injured): ref 68 cites Wikipedia '
        "itself, which is never a source"
    ) in result.skipped


def test_wikipedia_as_publisher_is_never_cited(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    wiki = AGENT["test-only-wikipedia"]
    graph.add((wiki, RDFS.label, Literal("Wikipedia", lang="en")))
    graph.set((WORK["69"], DCTERMS.publisher, wiki))
    result = quickstatements(graph, ITEM, QUALIFIERS)
    assert result.lines == [t for t in FLAGGED_LINES if "\tP1339\t3\t" not in t]
    assert (
        'skipped claim:russian-journalists-injured ("3" injured): ref 69 cites Wikipedia '
        "itself, which is never a source"
    ) in result.skipped


def test_a_wikipedia_url_is_never_cited(data_graph: Graph, ontology_graph: Graph) -> None:
    kept = [t for t in FLAGGED_LINES if "\tP1339\t165\t" in t and "Caucasus" in t]
    assert len([t for t in FLAGGED_LINES if "\tP1339\t165\t" in t]) == 2
    assert len(kept) == 1
    graph = _variant(data_graph, ontology_graph)
    graph.add((WORK["62"], WARKG.url, Literal("https://en.wikipedia.org/wiki/Shusha")))
    result = quickstatements(graph, ITEM, QUALIFIERS)
    assert [t for t in result.lines if "\tP1339\t165\t" in t] == kept
    assert result.partial == [
        'partly skipped claim:armenian-civilians-injured ("165" injured): ref 62 cites '
        "Wikipedia itself, which is never a source"
    ]
    assert result.stderr_lines()[-1] == (
        f"exported 13 statement lines for 13 claims to {ITEM}; skipped 13 claims"
    )


def _publishers(graph: Graph) -> dict[str, tuple[str | None, str | None]]:
    """Title -> (item of the work's 'published in', item of its publisher), looked up
    here with SPARQL, independently of the export's code."""
    rows = graph.query(
        """
        PREFIX dcterms: <http://purl.org/dc/terms/>
        PREFIX warkg: <https://w3id.org/warkg/ontology/>
        SELECT ?title ?in ?by WHERE {
          ?work a warkg:CitedWork ; dcterms:title ?title .
          OPTIONAL { ?work warkg:publishedIn ?a . ?l warkg:linksEntity ?a ;
                       warkg:linkStatus warkg:verified ; warkg:linksItem ?in }
          OPTIONAL { ?work dcterms:publisher ?b . ?m warkg:linksEntity ?b ;
                       warkg:linkStatus warkg:verified ; warkg:linksItem ?by }
        }
        """
    )
    found: dict[str, tuple[str | None, str | None]] = {}
    for title, stated_in, publisher in rows:
        qids = tuple(
            str(x).rsplit("/", 1)[1] if isinstance(x, URIRef) else None
            for x in (stated_in, publisher)
        )
        assert found.setdefault(str(title), qids) == qids, title  # titles name one work
        found[str(title)] = qids
    return found


def _sources_of(lines: list[str]) -> list[tuple[str, str | None, str | None]]:
    """(title, S248 item, S123 item) of each line."""
    sources = []
    for text in lines:
        cells = text.split("\t")
        pairs = dict(zip(cells[1::2], cells[2::2], strict=True))
        title = pairs["S1476"].split(":", 1)[1][1:-1]
        sources.append((title, pairs.get("S248"), pairs.get("S123")))
    return sources


def test_stated_in_and_publisher_are_that_works_verified_links(
    data_graph: Graph, ontology_graph: Graph
) -> None:
    """Each S248/S123 item is the verified link of the cited work's own 'published in'
    and publisher: shipped data (Reuters) and a variant that gives two other works
    verified ones (BBC, The Guardian as published in; Armenia, Azerbaijan as publisher)."""
    graph = _variant(data_graph, ontology_graph)
    shipped = _sources_of(quickstatements(graph, ITEM, QUALIFIERS).lines)
    publishers = _publishers(graph)
    assert [(t, s, p) for t, s, p in shipped if s or p] == [
        ("Two French journalists seriously wounded after shelling in Nagorno-Karabakh",
         "Q130879", None),
    ]  # fmt: skip
    for title, stated_in, publisher in shipped:
        assert (stated_in, publisher) == publishers[title]
    graph.set((WORK["57"], WARKG.publishedIn, AGENT["bbc"]))
    graph.set((WORK["57"], DCTERMS.publisher, AGENT["armenia"]))
    graph.set((WORK["53"], WARKG.publishedIn, AGENT["the-guardian"]))
    graph.set((WORK["53"], DCTERMS.publisher, AGENT["azerbaijan"]))
    varied = _sources_of(quickstatements(graph, ITEM, QUALIFIERS).lines)
    publishers = _publishers(graph)
    assert sorted((s, p) for _, s, p in varied if s or p) == [
        ("Q11148", "Q227"), ("Q130879", None), ("Q9531", "Q399")
    ]  # fmt: skip
    for title, stated_in, publisher in varied:
        assert (stated_in, publisher) == publishers[title]


def _approximate(graph: Graph, lower: int, upper: int) -> None:
    claim = CLAIM["azerbaijan-servicemen-wounded"]
    graph.set((claim, WARKG.exactness, WARKG.approximate))
    graph.set((claim, WARKG.statedAs, Literal("~11,110")))
    graph.add((claim, WARKG.lowerBound, Literal(lower, datatype=XSD.nonNegativeInteger)))
    graph.add((claim, WARKG.upperBound, Literal(upper, datatype=XSD.nonNegativeInteger)))


def test_symmetric_bounds_become_a_tolerance(data_graph: Graph, ontology_graph: Graph) -> None:
    assert [t.split("\t")[1:5] for t in FLAGGED_LINES if "\tP1339\t11110" in t] == [
        ["P1339", "11110", "P1932", '"11,110"']
    ]
    graph = _variant(data_graph, ontology_graph)
    _approximate(graph, 11000, 11220)
    lines = [t for t in quickstatements(graph, ITEM, QUALIFIERS).lines if "\tP1339\t11110" in t]
    assert [t.split("\t")[1:5] for t in lines] == [["P1339", "11110~110", "P1932", '"~11,110"']]


def test_asymmetric_bounds_cannot_be_written(data_graph: Graph, ontology_graph: Graph) -> None:
    graph = _variant(data_graph, ontology_graph)
    _approximate(graph, 11000, 11500)
    result = quickstatements(graph, ITEM, QUALIFIERS)
    assert result.lines == [t for t in FLAGGED_LINES if "\tP1339\t11110" not in t]
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
