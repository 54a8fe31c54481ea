"""`warkg wikidata check` and `compare` against a real Oxigraph server on 127.0.0.1.

The server holds tests/data/wikidata-fixture.ttl, a few triples shaped like the Wikidata
query service's RDF: the labels we recorded, except a renamed wd:Q43 and an absent
wd:Q130879; a redirect; and a made-up, test-only war item wd:Q999999901 with statements
in the Wikibase RDF model. Every socket these tests open goes to the loopback interface;
a guard makes any other connection fail the test.
"""

from __future__ import annotations

import socket
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.loopback import (
    oxigraph_location_with,
    oxigraph_server,
    refuse_connections_off_loopback,
)
from warkg import paths
from warkg.cli import main as cli
from warkg.rdf.loading import load_data
from warkg.wikidata import check as checking
from warkg.wikidata import compare as comparing
from warkg.wikidata.alignment import verified_links
from warkg.wikidata.client import SparqlClient

FIXTURE = Path(__file__).parents[1] / "data" / "wikidata-fixture.ttl"
WAR = "Q999999901"  # made up, test only: see the fixture's header


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A SPARQL endpoint URL on 127.0.0.1 serving the Wikidata-shaped fixture."""
    location = oxigraph_location_with(tmp_path_factory.mktemp("wikidata-fixture"), FIXTURE)
    with oxigraph_server(location) as url:
        yield url


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse any connection that is not to 127.0.0.1, so no test reaches the internet."""
    refuse_connections_off_loopback(monkeypatch)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


# --- check ----------------------------------------------------------------------------


def test_check_reports_the_mismatch_and_the_missing_item(
    endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["wikidata", "check", "--endpoint", endpoint], capsys)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        'missing agent:reuters wd:Q130879: recorded "Reuters", endpoint has no English label '
        "for the item",
        'mismatch agent:turkey wd:Q43: recorded "Turkey", endpoint has "Türkiye"',
        "13 verified links checked against their recorded labels (warkg:checkedLabel): 11 match, "
        "1 mismatch, 1 missing, 0 redirected",
    ]


def test_check_asks_for_all_items_in_one_query(endpoint: str) -> None:
    client = SparqlClient(endpoint, timeout=10)
    results = checking.check_links(verified_links(load_data()), client)
    assert client.requests_sent == 1
    assert [r.status for r in results].count("match") == 11


def test_label_query_batches_with_values() -> None:
    query = checking.label_query(["Q43", "Q227"])
    assert "VALUES ?item { wd:Q43 wd:Q227 }" in query
    assert 'FILTER(LANG(?label) = "en")' in query


def _edited_triples(tmp_path: Path, edit: dict[str, str]) -> Path:
    """A copy of triples/ with text replaced in wikidata-links.ttl."""
    for source in paths.triples_files():
        text = source.read_text(encoding="utf-8")
        if source.name == "wikidata-links.ttl":
            for old, new in edit.items():
                assert old in text, old
                text = text.replace(old, new)
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    return tmp_path


def test_check_passes_when_every_label_matches(
    endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The recorded labels brought in line with the fixture: exit 0, no report lines."""
    data = _edited_triples(
        tmp_path,
        {
            'warkg:checkedLabel "Turkey"@en': 'warkg:checkedLabel "Türkiye"@en',
            "warkg:linkStatus warkg:verified ;\n    warkg:linksEntity agent:reuters ;": (
                "warkg:linkStatus warkg:unverified ;\n    warkg:linksEntity agent:reuters ;"
            ),
            'warkg:checkedLabel "Reuters"@en ;\n': "",
            "    warkg:linksItem wd:Q130879 ;\n": "",
        },
    )
    code, out, err = run(["wikidata", "check", "--endpoint", endpoint, "--data", str(data)], capsys)
    assert (code, out, err) == (
        0,
        "12 verified links checked against their recorded labels (warkg:checkedLabel): 12 match, "
        "0 mismatch, 0 missing, 0 redirected\n",
        "",
    )


def test_check_reports_a_redirected_item(
    endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    data = _edited_triples(tmp_path, {"wd:Q142": "wd:Q999999902"})
    code, out, _ = run(["wikidata", "check", "--endpoint", endpoint, "--data", str(data)], capsys)
    assert code == 1
    assert (
        'redirected agent:france wd:Q999999902: recorded "France", endpoint redirects the item '
        "to wd:Q142"
    ) in out.splitlines()
    assert out.splitlines()[-1] == (
        "13 verified links checked against their recorded labels (warkg:checkedLabel): 10 match, "
        "1 mismatch, 1 missing, 1 redirected"
    )


def test_check_against_a_closed_port_is_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        url = f"http://127.0.0.1:{sock.getsockname()[1]}/query"
    code, out, err = run(["wikidata", "check", "--endpoint", url], capsys)
    assert (code, out) == (2, "")
    assert err == f"warkg: cannot reach SPARQL endpoint {url}: connection refused\n"


def test_check_against_a_path_the_server_does_not_serve_is_exit_2(
    endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = endpoint.rsplit("/", 1)[0] + "/nope"
    code, out, err = run(["wikidata", "check", "--endpoint", wrong], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"warkg: {wrong}: HTTP 404")
    assert err.count("\n") == 1


# --- compare --------------------------------------------------------------------------

HEADER = "property\tamount\tours\twikidata (wd:Q999999901)"
DEATHS = "P1120 number of deaths"
INJURED = "P1339 number of injured"
MISSING = "P1446 number of missing"
COMPARED = [
    HEADER,
    f"{DEATHS}\t6500\t-\twds:Q999999901-fixture-deaths-b 6500 [6000, 7000], preferred rank, "
    "unreferenced",
    f'{DEATHS}\t3825\tclaim:armenia-artsakh-servicemen-killed "3,825" exact, Per Armenia/Artsakh, '
    "servicemen on the Armenian side, ref 57\twds:Q999999901-fixture-deaths-a 3825, normal rank, "
    'P1932 "3,825", 1 reference (P577, P1476)',
    f'{DEATHS}\t2906\tclaim:azerbaijan-servicemen-killed "2,906" exact, Per Azerbaijan, '
    "servicemen on the Azerbaijani side, footnote b\t-",
    f'{DEATHS}\t541\tclaim:sohr-syrian-mercenaries-killed "541" exact, Per SOHR, '
    "Syrian mercenaries, ref 38\t-",
    f'{DEATHS}\t100\tclaim:azerbaijani-civilians-killed "100" exact, Azerbaijani civilians, '
    "ref 61\t-",
    f'{DEATHS}\t85\tclaim:armenian-civilians-killed "85" exact, Armenian civilians, footnote c\t-',
    f'{DEATHS}\t2\tclaim:russian-mi-24-crew-killed "2" exact, crew members of the Russian Mi-24, '
    "ref 66\t-",
    f'{DEATHS}\t1\tclaim:russian-civilian-killed "1" exact, Russian civilians, ref 67\t-',
    f"{DEATHS}\tunknown value\t-\twds:Q999999901-fixture-deaths-c unknown value, normal rank, "
    "unreferenced",
    f'{INJURED}\t11110\tclaim:azerbaijan-servicemen-wounded "11,110" exact, Per Azerbaijan, '
    "servicemen on the Azerbaijani side, counted as wounded, ref 53\t-",
    f"{INJURED}\t11000\tclaim:armenia-artsakh-servicemen-wounded-and-sick "
    '"~11,000" approximate, Per Armenia/Artsakh, servicemen on the Armenian side, counted as '
    "wounded and sick, ref 59\twds:Q999999901-fixture-injured-a 11000, deprecated rank, "
    'P1480 Q999999903, P1932 "~11,000", 2 references (P248, P813, P854)',
    f'{INJURED}\t416\tclaim:azerbaijani-civilians-injured "416" exact, Azerbaijani civilians, '
    "ref 61\t-",
    f'{INJURED}\t165\tclaim:armenian-civilians-injured "165" exact, Armenian civilians, '
    "refs 62, 63\t-",
    f'{INJURED}\t3\tclaim:russian-journalists-injured "3" exact, Russian journalists, ref 69\t-',
    f'{INJURED}\t2\tclaim:french-journalists-injured "2" exact, French journalists, ref 68\t-',
    f'{INJURED}\t1\tclaim:iranian-civilian-injured "1" exact, Iranian civilians, ref 70; '
    'claim:russian-mi-24-crew-injured "1" exact, crew members of the Russian Mi-24, ref 66\t-',
    f'{MISSING}\t187\tclaim:armenia-artsakh-servicemen-missing "187" exact, Per Armenia/Artsakh, '
    "servicemen on the Armenian side, ref 58\twds:Q999999901-fixture-missing-a 187, normal rank, "
    'P1310 unknown value, P1932 "187", 1 reference (P248, P813)',
    f'{MISSING}\t21\tclaim:armenian-civilians-missing "21" exact, Armenian civilians, ref 58\t-',
    f'{MISSING}\t6\tclaim:azerbaijan-servicemen-missing "6" exact, Per Azerbaijan, '
    "servicemen on the Azerbaijani side, ref 37\t-",
]


def test_compare_side_by_side(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["wikidata", "compare", "--endpoint", endpoint, "--item", WAR], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines() == COMPARED


def test_compare_shows_unknown_values(endpoint: str) -> None:
    """Wikibase's "unknown value", which the query service writes as a skolem IRI, is
    `unknown value` as a statement's value and as a qualifier's, not "no value" or raw."""
    statements = {
        s.iri.rsplit("/", 1)[1]: s
        for s in comparing.fetch_statements(SparqlClient(endpoint, timeout=10), WAR)
    }
    unknown = statements["Q999999901-fixture-deaths-c"]
    assert (unknown.amount, unknown.unknown, unknown.key) == (None, True, "unknown value")
    assert unknown.describe() == "unknown value, normal rank, unreferenced"
    assert statements["Q999999901-fixture-missing-a"].qualifiers["P1310"] == {"unknown value"}


def test_compare_uses_two_queries(endpoint: str) -> None:
    client = SparqlClient(endpoint, timeout=10)
    statements = comparing.fetch_statements(client, WAR)
    assert client.requests_sent == 2
    assert [s.iri.rsplit("/", 1)[1] for s in statements] == [
        "Q999999901-fixture-deaths-a",
        "Q999999901-fixture-deaths-b",
        "Q999999901-fixture-deaths-c",
        "Q999999901-fixture-injured-a",
        "Q999999901-fixture-missing-a",
    ]


def test_compare_an_item_with_no_such_statements(
    endpoint: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["wikidata", "compare", "--endpoint", endpoint, "--item", "Q227"], capsys)
    lines = out.splitlines()
    assert code == 0
    assert lines[0] == "property\tamount\tours\twikidata (wd:Q227)"
    assert len(lines) == len(COMPARED) - 2  # the 6500 and unknown rows are the fixture item's
    assert all(line.endswith("\t-") for line in lines[1:])


def test_compare_needs_an_item(endpoint: str, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["wikidata", "compare", "--endpoint", endpoint], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "warkg: the war (event:second-nagorno-karabakh-war) has no verified Wikidata link; "
        "give its item with --item Q...\n"
    )
