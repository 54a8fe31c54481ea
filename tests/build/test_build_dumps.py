"""`warkg build` on dumps and wikitext, in process: streamed N-Quads, skipped pages, and
bad input in one line with its exit code (cli/build_stream.py, cli/build.py)."""

from __future__ import annotations

import bz2
from pathlib import Path

import pytest

from warkg.cli.main import main

ARW_GRAPH = "<https://w3id.org/warkg/id/graph/american-revolutionary-war>"
SUMMARY = "read 206 pages: built 1, skipped 205 (no infobox 105, not an article 1, redirect 99)"


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_dump_is_streamed_as_n_quads(
    dump_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], jobs: str
) -> None:
    target = tmp_path / "articles.nq"
    code, out, err = run(capsys, "build", str(dump_path), "--jobs", jobs, "-o", str(target))
    assert (code, out) == (0, "")
    assert f"warkg build: {dump_path}: {SUMMARY}\n" in err
    lines = target.read_text(encoding="utf-8").splitlines()
    assert len(lines) > 3000
    assert {line.rsplit(" ", 2)[1] for line in lines} == {ARW_GRAPH}
    assert not (tmp_path / "articles.nq.part").exists()


def test_a_truncated_dump_keeps_whole_articles_and_exits_2(
    dump_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = bz2.decompress(dump_path.read_bytes())
    end = xml.index(b"</page>", xml.index(b"<title>American Revolutionary War")) + 7
    cut = tmp_path / "cut.xml"
    cut.write_bytes(xml[: end + 500])
    code, out, _ = run(capsys, "build", str(cut), "--quiet")
    assert code == 2
    assert out.count(ARW_GRAPH) > 3000
    assert out.endswith(f"{ARW_GRAPH} .\n")  # the last line is whole


def test_a_page_with_a_broken_infobox_exits_3_naming_it(
    dump_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    xml = bz2.decompress(dump_path.read_bytes())
    xml = xml.replace(b"{{Campaignbox American Revolutionary War}}", b"", 1)
    xml = xml.replace(b"|casualties2=", b"|casualties2={{flagicon|", 1)
    broken = tmp_path / "broken.xml.bz2"
    broken.write_bytes(bz2.compress(xml))
    code, _, err = run(capsys, "build", str(broken), "-o", str(tmp_path / "out.nq"))
    assert code == 3
    assert (
        f"warkg build: {broken}: 'American Revolutionary War': broken template: "
        "{{Infobox military conflict}} on line 6 is not closed (no matching '}}')\n"
    ) in err
    assert err.endswith(
        "built 0, skipped 206 (broken template 1, no infobox 105, not an article 1, redirect 99)\n"
    )
    assert (tmp_path / "out.nq").read_text() == ""


NOT_COMPRESSED = "not a readable compressed file: Invalid data stream"
BROKE_OFF = (
    "the dump breaks off after the start: <siteinfo> tag not found when processing a <mediawiki>"
)


@pytest.mark.parametrize(
    ("name", "data", "line"),
    [
        ("dump.xml.bz2", b"<mediawiki>", "warkg: {}: not a bz2 file (it starts with b'<me')"),
        ("junk.xml.bz2", b"BZh9junk", "warkg: {}: " + NOT_COMPRESSED),
        ("page.xml", b"<mediawiki><page><title>X", "warkg build: {}: " + BROKE_OFF),
    ],
)  # fmt: skip
def test_what_is_not_a_dump_is_one_line_and_exit_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], name: str, data: bytes, line: str
) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    target = tmp_path / "out.nq"
    code, _, err = run(capsys, "build", str(path), "--format", "dump", "-o", str(target))
    assert code == 2
    assert line.format(path) in err.splitlines()
    assert not target.exists() or target.read_text() == ""


def test_a_file_in_another_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    png = tmp_path / "map.png"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    code, out, err = run(capsys, "build", str(png))
    assert (code, out) == (2, "")
    assert err.startswith(f"warkg: {png}: not a format warkg build reads")
    assert len(err.splitlines()) == 1


def test_a_wikitext_page_without_an_infobox(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.wiki"
    page.write_text("'''Peace''' is a [[state]].<ref>A.</ref>\n", encoding="utf-8")
    code, out, err = run(capsys, "build", str(page))
    assert (code, out) == (2, "")
    assert err == f"warkg: {page}: no Infobox military conflict\n"


def test_an_unknown_citation_template_is_kept_and_warned_once(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "page.wiki"
    page.write_text(
        "{{Infobox military conflict\n| conflict = Battle of Nowhere\n"
        "| strength1 = 500<ref>{{cite stone |title=Stone |url=http://s.example}}</ref>\n"
        "| strength2 = 600<ref>{{cite stone |title=Plaque}}</ref>\n}}\n",
        encoding="utf-8",
    )
    code, out, err = run(capsys, "build", str(page))
    assert code == 0
    warned = [line for line in err.splitlines() if "cite stone" in line]
    assert warned == [
        f"warkg build: {page}: 'Battle of Nowhere': unknown citation template "
        "{{cite stone}}: its fields are read by the names warkg knows"
    ]
    assert '"Stone"' in out and "http://s.example" in out
