"""`warkg build` in process: exit codes, messages, and the files it writes."""

from __future__ import annotations

from pathlib import Path

import pytest

from warkg import paths
from warkg.cli.main import main


def test_check_passes_on_the_shipped_files(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--check"]) == 0
    assert capsys.readouterr().out == (
        "triples/ is the build of second-nagorno-karabakh-war.txt; built 'Second "
        "Nagorno-Karabakh War': 3,109 triples, 2,520 (81.1%) from rules, 589 from curation\n"
    )


def test_writing_the_parts_gives_the_shipped_bytes(tmp_path: Path) -> None:
    assert main(["build", "--quiet", "-o", str(tmp_path)]) == 0
    written = sorted(path.name for path in tmp_path.iterdir())
    assert written == ["references.ttl", "sources.ttl", "war.ttl"]
    for name in written:
        assert (tmp_path / name).read_bytes() == (paths.triples_dir() / name).read_bytes(), name


def test_one_article_is_turtle_with_its_build_record(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "graph.ttl"
    assert main(["build", str(paths.article_path()), "-o", str(out)]) == 0
    text = out.read_text("utf-8")
    assert "prov:wasAssociatedWith" in text
    assert "<https://w3id.org/warkg/id/reference/second-nagorno-karabakh-war/57>" in text
    err = capsys.readouterr().err
    assert "warkg build: built 'Second Nagorno-Karabakh War'" in err
    assert "0 from curation" in err


def test_two_articles_are_n_quads_one_graph_each(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    other = tmp_path / "other.txt"
    other.write_bytes(
        paths.article_path().read_bytes().replace(b"Second Nagorno-Karabakh War", b"Other War")
    )
    assert main(["build", "--quiet", str(paths.article_path()), str(other)]) == 0
    lines = capsys.readouterr().out.splitlines()
    graphs = {line.rsplit(" ", 2)[1] for line in lines}
    assert graphs == {
        "<https://w3id.org/warkg/id/graph/second-nagorno-karabakh-war>",
        "<https://w3id.org/warkg/id/graph/other-war>",
    }


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["build", "missing.txt"], "warkg: missing.txt: no such file\n"),
        (["build", "--check", "x.txt"], "--check builds the shipped snapshot"),
        (
            ["build", "--format", "pdf", "SNAPSHOT"],
            "Invalid value for '--format': 'pdf' is not one of 'dump', 'wikitext', 'text'.",
        ),
        (["build", "NOINFOBOX"], "'Just a page' has no infobox; warkg build reads articles"),
        (["build", "--format", "text"], "--format names the format of the INPUT files"),
        (
            ["build", "-o", "NOWHERE/graph.ttl"],
            "graph.ttl: cannot write: No such file or directory",
        ),
        (
            ["build", "SNAPSHOT", "OTHER", "-o", "DIR"],
            ": a directory takes the parts of one article, not 2",
        ),
        (
            ["build", "SNAPSHOT", "SNAPSHOT"],
            ": 'Second Nagorno-Karabakh War' is also the article of ",
        ),
    ],
    ids=[
        "missing",
        "check-with-input",
        "format",
        "no-infobox",
        "format-without-input",
        "unwritable",
        "directory-for-two",
        "one-article-twice",
    ],
)
def test_bad_input_exits_2_with_one_line(
    argv: list[str], message: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.txt"
    page.write_text("Just a page\n\nIt has a lead of eight words or more, and no infobox.\n")
    other = tmp_path / "other.txt"
    other.write_bytes(
        paths.article_path().read_bytes().replace(b"Second Nagorno-Karabakh War", b"Other War")
    )
    named = {
        "SNAPSHOT": str(paths.article_path()),
        "OTHER": str(other),
        "NOINFOBOX": str(page),
        "NOWHERE/graph.ttl": str(tmp_path / "nowhere" / "graph.ttl"),
        "DIR": str(tmp_path),
    }
    argv = [named.get(a, a) for a in argv]
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert message in err
    assert len(err.strip().splitlines()) == 1


def test_check_fails_with_the_first_differing_triples(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import shutil

    copy = tmp_path / "triples"
    shutil.copytree(paths.triples_dir(), copy)
    war = copy / "war.ttl"
    war.write_text(war.read_text("utf-8").replace('"3825"^^xsd', '"3826"^^xsd'), "utf-8")
    monkeypatch.setattr(paths, "triples_dir", lambda: copy)
    assert main(["build", "--check"]) == 1
    out = capsys.readouterr().out.splitlines()
    claim = "<https://w3id.org/warkg/id/claim/armenia-artsakh-servicemen-killed>"
    amount = "<https://w3id.org/warkg/ontology/quantityAmount>"
    integer = "<http://www.w3.org/2001/XMLSchema#nonNegativeInteger>"
    assert out == [
        "triples/war.ttl differs from the build of second-nagorno-karabakh-war.txt: "
        "1 triples only in the file, 1 only in the build",
        f'  only in the file:  {claim} {amount} "3826"^^{integer} .',
        f'  only in the build: {claim} {amount} "3825"^^{integer} .',
        "rebuild the files with `warkg build -o triples` if the build is right",
    ]
