"""The dump reader on the real shortened dump and on dumps broken in each way we know."""

from __future__ import annotations

import bz2
import functools
import io
import re
from pathlib import Path

import pytest

from warkg.build.model import Article
from warkg.build.readers import Input, detect, reader_named
from warkg.build.readers.dump import build_dump, page_outcome, read_dump, select_page
from warkg.errors import InputError


def summary(article: Article) -> str:
    """A stand-in for an article's output: one line, written whole."""
    return f"{article.title}\t{article.source.revision_id}\t{len(article.references)}\n"


def run(name: str, data: bytes, jobs: int = 1) -> tuple[str, object, list[str]]:
    out, said = io.StringIO(), []
    report = build_dump(
        name,
        io.BytesIO(data),
        functools.partial(page_outcome, render=summary),
        out,
        select=select_page,
        jobs=jobs,
        progress=False,
        warn=said.append,
    )
    return out.getvalue(), report, said


@pytest.fixture(scope="module")
def dump_xml(dump_path: Path) -> bytes:
    return bz2.decompress(dump_path.read_bytes())


def test_the_dump_gives_the_one_conflict_article(dump_path):
    source = Input(dump_path.name, dump_path)
    assert detect(source).name == "dump"
    [article] = list(detect(source).read(source))
    assert article.title == "American Revolutionary War"
    assert article.source.revision_id == 717770601
    assert article.source.timestamp == "2016-04-29T16:31:10Z"
    assert article.source.url == "https://en.wikipedia.org/w/index.php?oldid=717770601"
    assert article.source.licence == "https://creativecommons.org/licenses/by-sa/3.0/"
    assert article.source.format == "dump"
    assert len(article.references) == 193


@pytest.mark.parametrize("jobs", [1, 2])
def test_a_dump_run_reports_what_it_skipped(dump_path, jobs):
    output, report, said = run(dump_path.name, dump_path.read_bytes(), jobs=jobs)
    assert output == "American Revolutionary War\t717770601\t193\n"
    assert report.pages == 206 and report.built == 1
    assert report.summary(dump_path.name) == (
        f"{dump_path.name}: read 206 pages: built 1, skipped 205 "
        "(no infobox 105, not an article 1, redirect 99)"
    )
    assert said == []


def test_a_truncated_dump_keeps_the_whole_articles_before_the_break(dump_xml):
    end = dump_xml.index(b"</page>", dump_xml.index(b"<title>American Revolutionary War")) + 7
    cut = dump_xml[: end + 300]  # into the next page
    output, _, said = run("cut.xml", cut)
    assert output == "American Revolutionary War\t717770601\t193\n"
    assert said[-1].startswith(
        "cut.xml: the dump breaks off after page 771 'American Revolutionary War': "
    )


def test_a_dump_cut_inside_an_article_writes_nothing_of_it(dump_xml):
    start = dump_xml.index(b"<title>American Revolutionary War")
    output, report, said = run("cut.xml", dump_xml[: start + 50_000])
    assert output == ""
    assert report.built == 0
    assert said[-1].startswith("cut.xml: the dump breaks off after page ")
    assert "American Revolutionary War" not in said[-1]


def test_a_truncated_bz2_file(dump_path):
    data = dump_path.read_bytes()
    output, _, said = run("half.xml.bz2", data[: len(data) // 2])
    assert output == ""
    assert said[-1].endswith("Compressed file ended before the end-of-stream marker was reached")


def test_a_page_with_a_broken_infobox_is_skipped_and_named(dump_xml):
    broken = dump_xml.replace(b"{{Campaignbox American Revolutionary War}}", b"", 1)
    broken = broken.replace(b"|casualties2=", b"|casualties2={{flagicon|", 1)
    # The stray '{{' swallows the infobox's closing braces.
    output, report, said = run("broken.xml", broken)
    assert output == ""
    assert report.skipped["broken template"] == 1
    assert said == [
        "broken.xml: 'American Revolutionary War': broken template: "
        "{{Infobox military conflict}} on line 6 is not closed (no matching '}}')"
    ]


NOT_XML = "not XML; no <mediawiki> element"
NOT_MEDIAWIKI = "XML but not a MediaWiki dump; no <mediawiki> element"


@pytest.mark.parametrize(
    ("name", "data", "message"),
    [
        ("page.xml", b"hello, world", f"page.xml: not a MediaWiki XML dump ({NOT_XML})"),
        ("page.xml", b"<html/>", f"page.xml: not a MediaWiki XML dump ({NOT_MEDIAWIKI})"),
        ("dump.xml.bz2", b"<mediawiki>", "dump.xml.bz2: not a bz2 file (it starts with b'<me')"),
        ("dump.xml.gz", b"hello", "dump.xml.gz: not a gzip file (it starts with b'hel')"),
        ("junk.bin", b"BZh9junk", "junk.bin: not a readable compressed file: Invalid data stream"),
    ],
)  # fmt: skip
def test_what_is_not_a_dump_is_refused_in_one_line(name, data, message):
    with pytest.raises(InputError) as caught:
        list(read_dump(name, io.BytesIO(data)))
    assert caught.value.message == message


def test_a_file_in_another_format():
    png = Input("map.png", data=b"\x89PNG\r\n\x1a\n" + bytes(64))
    with pytest.raises(InputError) as caught:
        detect(png)
    assert caught.value.message.startswith("map.png: not a format warkg build reads")
    with pytest.raises(InputError) as caught:
        list(reader_named("dump").read(png))
    assert caught.value.message == (
        "map.png: not a MediaWiki XML dump (not XML; no <mediawiki> element)"
    )


def test_streams_of_a_multistream_dump_give_what_the_whole_dump_gives(dump_xml):
    """A cluster job maps page_outcome over the dump's streams (runs of 100 pages, each
    its own bz2 stream); split that way, the sample gives the same output as read whole."""
    from warkg.build.readers.dump import split_header, stream_pages

    header = split_header(dump_xml[:100_000])
    body = dump_xml[len(header) :]
    starts = [m.start() for m in re.finditer(rb"  <page>", body)]
    streams = [
        bz2.compress(body[a:b])
        for a, b in zip(starts[::100], [*starts[100::100], None], strict=True)
    ]
    assert len(streams) == 3
    outputs = []
    for index, stream in enumerate(streams):
        for page in stream_pages(header, bz2.decompress(stream), f"stream-{index}"):
            if select_page(page) is None:
                outputs.append(page_outcome(page, render=summary).output)
    whole, _, _ = run("whole.xml", dump_xml)
    assert "".join(outputs) == whole == "American Revolutionary War\t717770601\t193\n"
