"""The rules on small articles made for the purpose: figures, dates, commanders, units."""

from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS, XSD

from warkg.build.dates import parse_date, parse_date_range
from warkg.build.figures import Figure, read_figure
from warkg.build.model import (
    Article,
    Infobox,
    InfoboxCell,
    InfoboxField,
    InfoboxLine,
    MarkedText,
    Reference,
    Source,
)
from warkg.build.pipeline import Built, build_article
from warkg.rdf.namespaces import AGENT, CLAIM, ID, WARKG


@pytest.mark.parametrize(
    ("text", "figure", "rest"),
    [
        ("3,825 servicemen killed", Figure("3,825", "exact", 3825), " servicemen killed"),
        ("~11,000 wounded", Figure("~11,000", "approximate", 11000), " wounded"),
        ("60+ captured", Figure("60+", "atLeast", 60, lower=60), " captured"),
        ("at least five years", Figure("at least five", "atLeast", 5, lower=5), " years"),
        ("Approximately 2,000", Figure("Approximately 2,000", "approximate", 2000), ""),
        ("up to 50,000", Figure("up to 50,000", "atMost", 50000, upper=50000), ""),
        (
            "9,000\u201310,000 killed",
            Figure("9,000\u201310,000", "between", None, 9000, 10000),
            " killed",
        ),
        ("23,000-28,000", Figure("23,000-28,000", "between", None, 23000, 28000), ""),
        ("between 5 and 7 dead", Figure("between 5 and 7", "between", None, 5, 7), " dead"),
        ("Three ceasefires", Figure("Three", "exact", 3), " ceasefires"),
        ("73%", Figure("73", "exact", 73), "%"),
    ],
)
def test_figures_as_written(text: str, figure: Figure, rest: str) -> None:
    assert read_figure(text) == (figure, rest)


@pytest.mark.parametrize(
    "text", ["servicemen killed", "10,000\u20139,000 killed", "1,23 killed", "", "+5"]
)
def test_not_a_figure(text: str) -> None:
    assert read_figure(text) is None


@pytest.mark.parametrize(
    ("text", "start", "end", "rest"),
    [
        (
            "27 September \u2013 10 November 2020 (1 month and 2 weeks)[10]",
            dt.date(2020, 9, 27),
            dt.date(2020, 11, 10),
            " (1 month and 2 weeks)[10]",
        ),
        (
            "April 19, 1775 \u2013 September 3, 1783[1]",
            dt.date(1775, 4, 19),
            dt.date(1783, 9, 3),
            "[1]",
        ),
        ("27 \u2013 30 September 2020", dt.date(2020, 9, 27), dt.date(2020, 9, 30), ""),
        ("4 June 1942", dt.date(1942, 6, 4), None, ""),
    ],
)
def test_date_ranges(text: str, start: dt.date, end: dt.date | None, rest: str) -> None:
    read = parse_date_range(text)
    assert (read.start, read.end, read.rest) == (start, end, rest)


@pytest.mark.parametrize("text", ["October 2020", "31 September 2020", "2020", "soon"])
def test_partial_or_impossible_dates_are_not_read(text: str) -> None:
    assert parse_date(text) is None
    assert parse_date_range(text) is None


LICENCE = "https://creativecommons.org/licenses/by-sa/4.0/"
REFERENCES = tuple(
    Reference(number=n, text=f'"Title {n}". Work.', title=f"Title {n}", work="Work")
    for n in range(1, 9)
)


def _line(text: str, flag: str | None = None) -> InfoboxLine:
    return InfoboxLine(raw=text, text=MarkedText.rendered(text), flag=flag)


def _field(name: str, label: str, columns: list[list[InfoboxLine]]) -> InfoboxField:
    cells = tuple(
        InfoboxCell(tuple(lines), column=index, parameter=f"{name}{index}")
        for index, lines in enumerate(columns, start=1)
    )
    return InfoboxField(name=name, label=label, cells=cells)


@pytest.fixture(scope="module")
def battle() -> Built:
    infobox = Infobox(
        title="Battle of Example",
        fields=(
            _field(
                "combatant",
                "Belligerents",
                [[_line("Kingdom of A", flag="Kingdom of A")], [_line("Republic of B")]],
            ),
            _field(
                "commander",
                "Commanders and leaders",
                [
                    [_line("Anna Smith \u2020[1]", flag="Kingdom of A"), _line("...full list")],
                    [_line("Bo Jones (POW)"), _line("Co-commanders:")],
                ],
            ),
            _field("units", "Units involved", [[_line("1st Foot")], []]),
        ),
    )
    article = Article(
        source=Source(
            title="Battle of Example", sha256="0" * 64, format="wikitext", licence=LICENCE
        ),
        title="Battle of Example",
        infobox=infobox,
        references=REFERENCES,
    )
    return build_article(article)


def test_commanders_by_side_with_fate_and_flag(battle: Built) -> None:
    graph = battle.content()
    claim = CLAIM["battle-of-example/commander-anna-smith"]
    assert set(graph.objects(claim, RDF.type)) == {WARKG.CommandClaim, WARKG.Claim}
    assert graph.value(claim, WARKG.commander) == AGENT["anna-smith"]
    assert graph.value(claim, WARKG.fate) == WARKG.killedInAction
    assert graph.value(claim, WARKG.flagAsShown) == Literal("Kingdom of A")
    assert graph.value(claim, WARKG.onSide) == ID["battle-of-example/side-1"]
    assert graph.value(claim, RDFS.label) == Literal(
        "Anna Smith commanded or led on the Kingdom of A side", lang="en"
    )
    assert graph.value(AGENT["anna-smith"], RDF.type) == PROV.Person
    bo = CLAIM["battle-of-example/commander-bo-jones"]
    assert graph.value(bo, WARKG.fate) == WARKG.prisonerOfWar
    assert graph.value(bo, WARKG.onSide) == ID["battle-of-example/side-2"]
    assert graph.value(bo, WARKG.articleGivesNoCitation) == Literal(True)
    commanders = set(graph.subjects(RDF.type, WARKG.CommandClaim))
    assert len(commanders) == 2  # "...full list" and a heading are not names


def test_units_by_side(battle: Built) -> None:
    graph = battle.content()
    claim = CLAIM["battle-of-example/unit-1st-foot"]
    assert graph.value(claim, WARKG.unitInvolved) == AGENT["1st-foot"]
    assert graph.value(AGENT["1st-foot"], RDF.type) == WARKG.MilitaryUnit
    assert graph.value(claim, RDFS.label) == Literal(
        "1st Foot took part on the Kingdom of A side", lang="en"
    )


def test_sides_and_their_labels(battle: Built) -> None:
    graph = battle.content()
    assert graph.value(ID["battle-of-example/side-2"], RDFS.label) == Literal(
        "Republic of B side", lang="en"
    )
    assert battle.counts()[1] == 0
    assert graph.value(CLAIM["battle-of-example/belligerent-kingdom-of-a"], WARKG.flagAsShown) == (
        Literal("Kingdom of A")
    )
    assert (None, WARKG.sectionOrder, Literal("1", datatype=XSD.positiveInteger)) in graph


@pytest.fixture(scope="module")
def totals() -> Built:
    infobox = Infobox(
        title="Example War",
        fields=(
            _field("combatant", "Belligerents", [[_line("Land A")], [_line("Land B")]]),
            _field(
                "casualties",
                "Casualties and losses",
                [
                    [
                        _line("Per Land A:"),
                        _line(
                            "23,049 total (3,155 killed; 14,529 wounded[4]; "
                            "5,365 captured/missing)[7]"
                        ),
                    ],
                    [
                        _line("9,000\u201310,000 servicemen killed[8]"),
                        _line("up to 500 civilians missing"),
                    ],
                ],
            ),
        ),
    )
    article = Article(
        source=Source(title="Example War", sha256="1" * 64, format="wikitext", licence=LICENCE),
        title="Example War",
        infobox=infobox,
        references=REFERENCES,
    )
    return build_article(article)


def _claim_of(built: Built, local: str) -> URIRef:
    return CLAIM[f"example-war/{local}"]


def test_a_total_and_its_parts(totals: Built) -> None:
    graph = totals.content()
    whole = _claim_of(totals, "land-a-side-1-total-23-049")
    assert graph.value(whole, WARKG.measure) == WARKG.totalCasualties
    assert graph.value(whole, WARKG.quantityAmount) == Literal(
        "23049", datatype=XSD.nonNegativeInteger
    )
    assert {str(r).rsplit("/", 1)[1] for r in graph.objects(whole, WARKG.hasReference)} == {"7"}
    assert graph.value(whole, WARKG.claimantAsStated) == Literal("Per Land A")
    parts = {
        str(graph.value(part, WARKG.countsAsStated)): part
        for part in graph.subjects(WARKG.partOfTotal, whole)
    }
    assert sorted(parts) == ["captured/missing", "killed", "wounded"]
    assert graph.value(parts["captured/missing"], WARKG.measure) == WARKG.capturedOrMissing
    assert graph.value(parts["wounded"], WARKG.quantityAmount) == Literal(
        "14529", datatype=XSD.nonNegativeInteger
    )
    # a part with its own marker cites it; one without takes the next run of markers:
    # [4] vouches for "3,155 killed; 14,529 wounded", [7] for the rest
    assert {
        str(r).rsplit("/", 1)[1] for r in graph.objects(parts["wounded"], WARKG.hasReference)
    } == {"4"}
    assert {
        str(r).rsplit("/", 1)[1] for r in graph.objects(parts["killed"], WARKG.hasReference)
    } == {"4"}
    missing = parts["captured/missing"]
    assert {str(r).rsplit("/", 1)[1] for r in graph.objects(missing, WARKG.hasReference)} == {"7"}
    assert graph.value(parts["killed"], RDFS.label) == Literal(
        "Per Land A: 3,155 killed (of 23,049 total)", lang="en"
    )


def test_ranges_keep_both_bounds_and_no_amount(totals: Built) -> None:
    graph = totals.content()
    (claim,) = [c for c in graph.subjects(WARKG.statedAs, Literal("9,000\u201310,000"))]
    assert graph.value(claim, WARKG.exactness) == WARKG.between
    assert graph.value(claim, WARKG.quantityAmount) is None
    assert (
        int(graph.value(claim, WARKG.lowerBound)),
        int(graph.value(claim, WARKG.upperBound)),
    ) == (9000, 10000)


@pytest.mark.parametrize("name", ["battle", "totals"])
def test_the_shapes_accept_what_the_rules_make(name: str, request: pytest.FixtureRequest) -> None:
    from warkg.rdf import loading
    from warkg.validation.api import validate

    built: Built = request.getfixturevalue(name)
    report = validate(built.content(), loading.load_shapes(), loading.load_ontology())
    assert [result.line() for result in report.results] == []
