"""The project file of verified ids: what `warkg wikidata export` takes from it, what it
refuses, and `warkg wikidata check --ids` against a real Oxigraph server on 127.0.0.1.

Every id in these files is made up and test-only (the same stand-ins as
tests/wikidata/test_wikidata_export.py), standing for ids a user would have verified.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.loopback import (
    oxigraph_location_with,
    oxigraph_server,
    refuse_connections_off_loopback,
)
from tests.wikidata.test_wikidata_export import CLAIMANT, FLAGS, ITEM, POPULATION, POPULATION_ITEMS
from warkg.cli import main as cli
from warkg.wikidata import project

DATA = Path(__file__).parents[1] / "data"


@pytest.fixture(autouse=True)
def elsewhere(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """Run from an empty directory (no ./warkg-ids.toml), on 127.0.0.1 only."""
    refuse_connections_off_loopback(monkeypatch)
    monkeypatch.chdir(tmp_path)


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    out, err = capsys.readouterr()
    return code, out, err


def ids_file(path: Path, items: dict[str, str] = POPULATION_ITEMS) -> Path:
    lines = [
        "[properties]",
        f'claimant = {{ id = "{CLAIMANT}", label = "claimant (test only)" }}',
        f'population = {{ id = "{POPULATION}", label = "whom it counts" }}',
        "[population-items]",
    ]
    lines += [f'"pop:{name}" = {{ id = "{qid}", label = "{name}" }}' for name, qid in items.items()]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_shipped_file_verifies_nothing() -> None:
    ids = project.load()
    assert ids.all() == []
    assert ids.files == [project.SHIPPED]


def test_export_reads_the_file_as_the_flags(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    flagged = run(["wikidata", "export", "--item", ITEM, *FLAGS], capsys)
    path = ids_file(tmp_path / "mine.toml")
    from_file = run(["wikidata", "export", "--item", ITEM, "--ids", str(path)], capsys)
    assert from_file[:2] == flagged[:2]
    notes = from_file[2].splitlines()[: 2 + len(POPULATION_ITEMS)]
    assert notes[:2] == [
        f'note: --claimant-property {CLAIMANT} ("claimant (test only)") from {path}',
        f'note: --population-property {POPULATION} ("whom it counts") from {path}',
    ]
    assert notes[2] == (
        "note: --population-item pop:armenian-side-servicemen=Q999999811 "
        f'("armenian-side-servicemen") from {path}'
    )
    assert from_file[2].splitlines()[2 + len(POPULATION_ITEMS) :] == flagged[2].splitlines()


def test_the_local_file_is_found_and_options_override_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    ids_file(tmp_path / "warkg-ids.toml")
    assert project.load().files == [project.SHIPPED, Path("warkg-ids.toml")]
    code, out, err = run(
        ["wikidata", "export", "--item", ITEM, "--claimant-property", "P999999803"], capsys
    )
    assert code == 0
    assert "P999999803" in out
    assert CLAIMANT not in out
    assert not any(line.startswith("note: --claimant-property") for line in err.splitlines())
    assert f"note: --population-property {POPULATION}" in err


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("[properties", "not TOML: Expected ']' at the end of a table declaration (at line 1"),
        ("[other]", "unknown table [other] (properties, population-items)"),
        ('[properties]\nwinner = { id = "P1", label = "x" }', "[properties] 'winner' is not"),
        ('[properties]\nclaimant = "P1"', "properties.claimant must be a table such as"),
        ('[properties]\nclaimant = { id = "Q1", label = "x" }', "properties.claimant id 'Q1' is"),
        ('[properties]\nclaimant = { id = "P1" }', "properties.claimant needs the label"),
        (
            '[population-items]\nx = { id = "Q1", label = "x" }',
            "[population-items] key 'x' is not of the form",
        ),
    ],
    ids=["syntax", "table", "purpose", "not-table", "not-pid", "no-label", "not-pop"],
)
def test_malformed_files_are_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], text: str, message: str
) -> None:
    path = tmp_path / "bad.toml"
    path.write_text(text + "\n", encoding="utf-8")
    code, out, err = run(["wikidata", "export", "--item", ITEM, "--ids", str(path)], capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"warkg: {path}: {message}"), err
    assert err.count("\n") == 1


def test_an_unknown_population_names_the_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ids_file(tmp_path / "mine.toml", {"martians": "Q999999899"})
    code, out, err = run(["wikidata", "export", "--item", ITEM, "--ids", str(path)], capsys)
    assert (code, out, err) == (
        2,
        "",
        f'warkg: {path}: population-items."pop:martians" is not a population that a '
        "casualty figure of the war counts\n",
    )


@pytest.fixture(scope="module")
def endpoint(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    location = oxigraph_location_with(
        tmp_path_factory.mktemp("ids-fixture"),
        DATA / "wikidata-fixture.ttl",
        DATA / "wikidata-reconcile-fixture.ttl",
    )
    with oxigraph_server(location) as url:
        yield url


def test_check_confirms_the_file_online(
    endpoint: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = ids_file(
        tmp_path / "mine.toml",
        {"armenian-side-servicemen": "Q999999811", "armenian-civilians": "Q999999812"},
    )
    code, out, err = run(["wikidata", "check", "--endpoint", endpoint, "--ids", str(path)], capsys)
    assert (code, err) == (1, "")
    assert out.splitlines()[3:] == [
        'match claimant wd:P999999801: recorded "claimant (test only)"',
        'mismatch population wd:P999999802: recorded "whom it counts", endpoint has '
        '"population (test only)"',
        "mismatch pop:armenian-side-servicemen wd:Q999999811: recorded "
        '"armenian-side-servicemen", endpoint has "servicemen on the Armenian side (test only)"',
        'missing pop:armenian-civilians wd:Q999999812: recorded "armenian-civilians", '
        "endpoint has no English label for it",
        f"4 project-file ids checked against their recorded labels ({path}): 1 match",
    ]
