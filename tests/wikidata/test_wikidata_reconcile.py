"""`warkg wikidata reconcile` against a real Oxigraph server and a small search server,
both on 127.0.0.1, on the shipped data.

The endpoint holds tests/data/wikidata-reconcile-fixture.ttl and the search server
answers from SEARCH below: every id is made up for the tests (see the fixture's header).
Covered: candidates found by search and by the endpoint, an ambiguous name ranked,
wrong types rejected, a merged item followed to its target, an item whose type cannot
be checked, a slow and a rate-limiting search service, maxlag, and the cache.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from rdflib import RDFS, XSD, Graph, Literal
from rdflib.namespace import SKOS

from tests.support.loopback import (
    oxigraph_location_with,
    oxigraph_server,
    refuse_connections_off_loopback,
)
from tests.support.wikidata_search import MAXLAG, SearchServer
from warkg import paths
from warkg.cli import main as cli
from warkg.cli.wikidata import _graph
from warkg.rdf.namespaces import AGENT, PLACE, WARKG, WD, WDLINK
from warkg.wikidata import accept as accept_module
from warkg.wikidata.api import SearchApi
from warkg.wikidata.client import EndpointError, SparqlClient
from warkg.wikidata.reconcile import COLUMNS, Reconciler, entities_to_reconcile

FIXTURE = Path(__file__).parents[1] / "data" / "wikidata-reconcile-fixture.ttl"


def hit(qid: str, label: str, description: str, kind: str = "label", text: str = "") -> dict:
    return {
        "id": qid,
        "label": label,
        "description": description,
        "match": {"type": kind, "language": "en", "text": text or label},
    }


SEARCH = {
    "Shusha": [
        hit("Q999999952", "Shusha", "family name"),
        hit("Q999999951", "Shusha", "city in Azerbaijan"),
    ],
    "Al Jazeera": [
        hit("Q999999955", "Al Jazeera", "person"),
        hit("Q999999954", "Al Jazeera", "television network"),
    ],
    "Lachin corridor": [hit("Q999999956", "Lachin corridor", "")],
    "Forbes": [hit("Q999999959", "Forbes", "magazine")],
}


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location = oxigraph_location_with(tmp_path_factory.mktemp("reconcile-fixture"), FIXTURE)
    with oxigraph_server(location) as url:
        yield url


@pytest.fixture
def search() -> Iterator[SearchServer]:
    with SearchServer(SEARCH) as server:
        yield server


@pytest.fixture(autouse=True)
def loopback_only(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    refuse_connections_off_loopback(monkeypatch)
    monkeypatch.setenv("WARKG_CACHE_DIR", str(tmp_path / "cache"))


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def table(text: str) -> list[dict[str, str]]:
    lines = text.splitlines()
    assert tuple(lines[0].split("\t")) == COLUMNS
    return [dict(zip(COLUMNS, line.split("\t"), strict=True)) for line in lines[1:]]


def by_entity(rows: list[dict[str, str]], entity: str) -> list[tuple[str, str]]:
    return [(r["candidate"], r["score"]) for r in rows if r["entity"] == entity]


def test_review_file(
    endpoint: str, search: SearchServer, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["wikidata", "reconcile", "--api", search.url, "--endpoint", endpoint]
    code, out, err = run(args, capsys)
    assert code == 0
    rows = table(out)
    # Ambiguous name: the city first (search rank 2, no subclass step), the town whose
    # alias is "Shusha" second (one subclass step); the family name is rejected.
    assert by_entity(rows, "place:shusha") == [("Q999999951", "99.0"), ("Q999999953", "95.0")]
    # A wrong type first in the search ranking is rejected; the network fits one step up.
    assert by_entity(rows, "agent:al-jazeera") == [("Q999999954", "94.0")]
    # The merged item is replaced by its target.
    assert by_entity(rows, "place:lachin-corridor") == [("Q999999957", "100.0")]
    # Found only at the endpoint, by an English alias.
    assert by_entity(rows, "concept:mi-24") == [("Q999999958", "100.0")]
    # No instance-of: kept, unchecked, half the score.
    assert by_entity(rows, "agent:forbes") == [("Q999999959", "50.0")]
    assert len(rows) == 6
    lachin = next(r for r in rows if r["entity"] == "place:lachin-corridor")
    assert lachin == {
        "entity": "place:lachin-corridor",
        "entity_label": "Lachin corridor",
        "candidate": "Q999999957",
        "label": "Lachin corridor",
        "description": "mountain road",
        "type": "corridor",
        "score": "100.0",
        "evidence": 'endpoint: English label "Lachin corridor"; search "Lachin corridor": label '
        '"Lachin corridor" at #1; redirect followed: wd:Q999999956 -> wd:Q999999957; '
        'name similarity 100 with "Lachin corridor"; type fits place: instance of "corridor" '
        "(wd:Q999999994)",
        "accept": "",
    }
    shusha = next(r for r in rows if r["candidate"] == "Q999999953")
    assert shusha["evidence"].endswith(
        'type fits place: instance of a subclass (1 P279 steps) of "town" (wd:Q999999999)'
    )
    forbes = next(r for r in rows if r["candidate"] == "Q999999959")
    assert forbes["evidence"].endswith(
        "type unchecked: the endpoint has no instance-of (P31) for the item"
    )
    assert err == (
        "80 entities without a verified link; 6 candidates written for 5 of them; 2 rejected "
        f"for their type; requests: {len(search.requests)} search, 4 SPARQL; cache: 0 answers "
        "reused\n"
    )
    # Every name of every entity was searched once, politely.
    names = [n for e in entities_to_reconcile(_graph(())) for n in e.names]
    assert sorted(search.searches()) == sorted(names)
    for params, headers in search.requests:
        assert headers["user-agent"].startswith("warkg/")
        assert (params["maxlag"], params["format"], params["type"]) == ("5", "json", "item")


def test_rejected_rows_on_request_and_the_cache(
    endpoint: str, search: SearchServer, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    output = tmp_path / "review.tsv"
    args = ["wikidata", "reconcile", "--api", search.url, "--endpoint", endpoint]
    code, out, err = run([*args, "--rejected", "-o", str(output)], capsys)
    assert (code, out) == (0, "")
    rows = table(output.read_text())
    wrong = [r for r in rows if r["evidence"].endswith("instance of human")]
    assert [(r["candidate"], r["score"]) for r in wrong] == [("Q999999955", "0.0")]
    assert "type wrong for newspaper, news agency or other publisher" in wrong[0]["evidence"]
    asked = len(search.requests)
    code, out, err = run(args, capsys)
    assert code == 0
    assert len(search.requests) == asked  # nothing asked again
    assert err.endswith(f"requests: 0 search, 0 SPARQL; cache: {asked + 4} answers reused\n")
    code, out, err = run([*args, "--no-cache"], capsys)
    assert len(search.requests) == 2 * asked
    assert err.endswith(f"requests: {asked} search, 4 SPARQL\n")


def reconciler(api: str, endpoint: str, waits: list[float], **kw: float) -> Reconciler:
    search = SearchApi(api, sleep=waits.append, **kw)
    return Reconciler(search, SparqlClient(endpoint, timeout=10))


def test_rate_limit_and_maxlag_are_waited_out(endpoint: str, search: SearchServer) -> None:
    search.busy = [
        (429, {"Retry-After": "2"}, b"{}"),
        (200, {"Retry-After": "1", "X-Database-Lag": "6"}, MAXLAG),
    ]
    waits: list[float] = []
    shusha = [e for e in entities_to_reconcile(_graph(())) if e.label == "Shusha"]
    rows = reconciler(search.url, endpoint, waits).rows(shusha)
    assert waits == [2.0, 1.0]
    assert [r.candidate.qid for r in rows] == ["Q999999951", "Q999999953"]
    assert search.searches() == ["Shusha", "Shusha", "Shusha"]


def test_a_service_that_keeps_refusing_is_one_line(
    endpoint: str, search: SearchServer, capsys: pytest.CaptureFixture[str]
) -> None:
    search.busy = [(429, {"Retry-After": "0"}, b"{}")] * 4
    args = ["wikidata", "reconcile", "--api", search.url, "--endpoint", endpoint, "--no-cache"]
    code, out, err = run(args, capsys)
    assert (code, out) == (2, "")
    assert err == f"warkg: {search.url}: still HTTP 429 after 3 retries; try again later\n"
    search.busy = [(200, {"Retry-After": "120"}, MAXLAG)]
    code, out, err = run(args, capsys)
    assert err == (
        f"warkg: {search.url}: maxlag (replication lag ? s) asks to wait 120 s, more than the "
        "60 s left of the 60 s budget; try again later\n"
    )


def test_a_slow_service_is_given_up_on(
    endpoint: str, search: SearchServer, capsys: pytest.CaptureFixture[str]
) -> None:
    search.delay = 3.0
    args = ["wikidata", "reconcile", "--api", search.url, "--endpoint", endpoint]
    code, out, err = run([*args, "--timeout", "0.5", "--no-cache"], capsys)
    assert (code, out) == (2, "")
    assert err == f"warkg: {search.url}: no answer within 0.5 s\n"


def test_api_errors_are_one_line(endpoint: str, search: SearchServer) -> None:
    api = SearchApi(search.url)
    with pytest.raises(EndpointError, match="API error badvalue: Unrecognized value"):
        api.call({"action": "query"})


# --- accept ----------------------------------------------------------------------------


def review_file(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A review file as a person leaves it: (entity, candidate, accept) per row, the other
    columns as reconcile writes them (here only the evidence is filled in)."""
    lines = ["\t".join(COLUMNS)]
    for entity, qid, answer in rows:
        cells = dict.fromkeys(COLUMNS, "")
        cells.update(entity=entity, candidate=qid, accept=answer, evidence="test evidence")
        lines.append("\t".join(cells[c] for c in COLUMNS))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    copy = tmp_path / "triples"
    shutil.copytree(paths.triples_dir(), copy)
    return copy


def test_accept_writes_verified_records_after_a_live_recheck(
    endpoint: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    review = review_file(
        tmp_path / "review.tsv",
        [
            ("agent:al-jazeera", "Q999999954", "yes"),
            ("agent:al-jazeera-not-accepted", "Q999999955", ""),
            ("place:lachin-corridor", "Q999999956", "Y"),  # merged: its target is linked
            ("place:shusha", "Q999999952", "x"),  # a family name: refused
            ("agent:forbes", "Q999999959", "accept"),  # no P31: linked, said unchecked
            ("agent:azerbaijan", "Q999999951", "yes"),  # already verified: refused
            ("event:first-nagorno-karabakh-war", "Q999999950", "yes"),  # missing: refused
            ("agent:bbc-news", "Q999999951", "no"),
        ],
    )
    shipped = (paths.triples_dir() / "wikidata-links.ttl").read_bytes()
    args = ["wikidata", "accept", str(review), "--endpoint", endpoint, "--data", str(data_copy)]
    code, out, err = run(args, capsys)
    assert (code, err) == (1, "")
    links_file = data_copy / "wikidata-links.ttl"
    assert out.splitlines() == [
        'linked 2: agent:al-jazeera wd:Q999999954 as wd:Q999999954 "Al Jazeera"',
        'linked 4: place:lachin-corridor wd:Q999999956 as wd:Q999999957 "Lachin corridor" '
        "(wd:Q999999956 redirects to wd:Q999999957, linked instead)",
        "refused 5: place:shusha wd:Q999999952: type wrong for place: instance of family name",
        'linked 6: agent:forbes wd:Q999999959 as wd:Q999999959 "Forbes" (type unchecked: the '
        "endpoint has no instance-of (P31) for the item)",
        "refused 7: agent:azerbaijan wd:Q999999951: already linked to wd:Q227; a verified link "
        "is changed only by editing the links file",
        "refused 8: event:first-nagorno-karabakh-war wd:Q999999950: the endpoint has no English "
        "label and no redirect for it (missing)",
        f"6 accepted rows: 3 linked, 3 refused; written to {links_file}",
    ]
    assert (paths.triples_dir() / "wikidata-links.ttl").read_bytes() == shipped
    graph = Graph().parse(links_file)
    record = WDLINK["al-jazeera"]
    today = datetime.now(UTC).date().isoformat()
    assert graph.value(record, WARKG.linkStatus) == WARKG.verified
    assert graph.value(record, WARKG.linksItem) == WD.Q999999954
    assert graph.value(record, WARKG.checkedLabel) == Literal("Al Jazeera", lang="en")
    assert graph.value(record, WARKG.checkDate) == Literal(today, datatype=XSD.date)
    assert str(graph.value(record, WARKG.verificationMethod)) == (
        "accepted by a reviewer in review.tsv, line 2 (candidate found by warkg wikidata "
        f"reconcile: test evidence); re-checked live at {endpoint} on {today}: the label is "
        "the item's English label read there; type fits newspaper, news agency or other "
        'publisher: instance of a subclass (1 P279 steps) of "television network" '
        "(wd:Q999999993)"
    )
    assert (AGENT["al-jazeera"], SKOS.exactMatch, WD.Q999999954) in graph
    assert (PLACE["lachin-corridor"], SKOS.exactMatch, WD.Q999999957) in graph
    assert (PLACE["shusha"], SKOS.exactMatch, None) not in graph
    # The written file is canonical and the data, shapes and all, still validates.
    assert run(["fmt", "--check", str(links_file)], capsys)[0] == 0
    code, out, err = run(["validate", str(data_copy)], capsys)
    assert code == 0, out


def test_accept_refuses_a_malformed_review(
    endpoint: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = ["wikidata", "accept", "--endpoint", endpoint, "--data", str(data_copy)]
    cases = {
        "maybe": [("agent:forbes", "Q999999959", "maybe")],
        "twice": [("agent:forbes", "Q999999959", "yes"), ("agent:forbes", "Q999999958", "yes")],
        "qid": [("agent:forbes", "Forbes", "yes")],
    }
    errors = {}
    for name, rows in cases.items():
        review = review_file(tmp_path / f"{name}.tsv", rows)
        code, out, err = run([*base, str(review)], capsys)
        assert (code, out) == (2, "")
        errors[name] = err.replace(str(tmp_path) + "/", "")
    assert errors == {
        "maybe": "warkg: maybe.tsv:2: accept 'maybe' is neither yes nor no (yes: 1, accept, "
        "true, x, y, yes; no: empty, 0, false, n, no, reject)\n",
        "twice": "warkg: twice.tsv:3: agent:forbes is accepted twice (also on line 2); accept "
        "one item per entity\n",
        "qid": "warkg: qid.tsv:2: candidate 'Forbes' is not a Wikidata item id such as Q123\n",
    }
    (tmp_path / "bare.tsv").write_text("entity\tcandidate\n", encoding="utf-8")
    code, out, err = run([*base, str(tmp_path / "bare.tsv")], capsys)
    assert (code, err) == (
        2,
        f"warkg: {tmp_path}/bare.tsv:1: no accept column in the header; expected a review "
        "file from `warkg wikidata reconcile`\n",
    )
    assert not list(data_copy.glob(".*.tmp"))


def test_accept_dry_run_writes_nothing(
    endpoint: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = (data_copy / "wikidata-links.ttl").read_bytes()
    review = review_file(tmp_path / "r.tsv", [("agent:forbes", "Q999999959", "yes")])
    args = ["wikidata", "accept", str(review), "--endpoint", endpoint, "--data", str(data_copy)]
    code, out, err = run([*args, "--dry-run"], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[-1] == "1 accepted rows: 1 linked, 0 refused; not written (--dry-run)"
    assert (data_copy / "wikidata-links.ttl").read_bytes() == before


def test_accept_creates_a_record_for_an_entity_without_one(
    endpoint: str, data_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """place:line-of-contact has no link record; the (made-up) city item stands in for a
    place a reviewer accepted."""
    links_file = data_copy / "wikidata-links.ttl"
    assert (None, WARKG.linksEntity, PLACE["line-of-contact"]) not in Graph().parse(links_file)
    review = review_file(tmp_path / "r.tsv", [("place:line-of-contact", "Q999999951", "yes")])
    args = ["wikidata", "accept", str(review), "--endpoint", endpoint, "--data", str(data_copy)]
    code, out, err = run(args, capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == (
        'linked 2: place:line-of-contact wd:Q999999951 as wd:Q999999951 "Shusha"'
    )
    graph = Graph().parse(links_file)
    record = WDLINK["line-of-contact"]
    assert graph.value(record, WARKG.linksEntity) == PLACE["line-of-contact"]
    assert graph.value(record, RDFS.label) == Literal(
        "Wikidata link for line of contact established after the First Nagorno-Karabakh War",
        lang="en",
    )
    assert run(["validate", str(data_copy)], capsys)[0] == 0


def test_a_new_record_never_takes_another_entitys_name() -> None:
    links = Graph()
    links.add((WDLINK["shusha"], WARKG.linksEntity, AGENT["shusha"]))
    assert accept_module._new_record(links, PLACE["shusha"]) == WDLINK["place-shusha"]
    assert accept_module._new_record(links, AGENT["shusha"]) == WDLINK["shusha"]


def test_a_reviewed_reconcile_file_is_accepted_as_written(
    endpoint: str,
    search: SearchServer,
    data_copy: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """End to end: reconcile writes the file, a person marks two rows, accept links them."""
    review = tmp_path / "review.tsv"
    base = ["--endpoint", endpoint, "--data", str(data_copy)]
    code, out, err = run(
        ["wikidata", "reconcile", "--api", search.url, *base, "-o", str(review)], capsys
    )
    assert code == 0
    lines = review.read_text(encoding="utf-8").splitlines()
    marked = []
    for number, line in enumerate(lines):
        cells = line.split("\t")
        if cells[2] in ("Q999999954", "Q999999957"):
            cells[-1] = "yes"
            marked.append(number + 1)
        lines[number] = "\t".join(cells)
    review.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code, out, err = run(["wikidata", "accept", str(review), *base], capsys)
    assert (code, err) == (0, "")
    assert out.splitlines()[:2] == [
        f'linked {marked[0]}: agent:al-jazeera wd:Q999999954 as wd:Q999999954 "Al Jazeera"',
        f"linked {marked[1]}: place:lachin-corridor wd:Q999999957 as wd:Q999999957 "
        '"Lachin corridor"',
    ]
    method = str(
        Graph()
        .parse(data_copy / "wikidata-links.ttl")
        .value(WDLINK["lachin-corridor"], WARKG.verificationMethod)
    )
    assert "redirect followed: wd:Q999999956 -> wd:Q999999957" in method
    # The next reconcile run leaves the two linked entities out.
    code, out, err = run(["wikidata", "reconcile", "--api", search.url, *base], capsys)
    assert err.startswith("78 entities without a verified link; 4 candidates written for 3")
