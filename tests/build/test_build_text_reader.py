"""The reader of rendered text on the shipped snapshot, and on text that is not an article."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warkg import paths
from warkg.build.model import Article
from warkg.build.readers import Input, detect, reader_named
from warkg.build.readers.rendered_citation import CitationError, parse_citation
from warkg.build.readers.text import read_text
from warkg.errors import InputError

SNAPSHOT = paths.article_path().read_bytes()


@pytest.fixture(scope="module")
def article() -> Article:
    return read_text(SNAPSHOT, file="second-nagorno-karabakh-war.txt")


def test_source_and_title(article: Article) -> None:
    assert article.title == "Second Nagorno-Karabakh War"
    assert article.source.format == "text"
    assert article.source.sha256 == (
        "51d931998ab613665cd9ae63f3c7d563a854cb086b57546a8e80ea1859da132d"
    )
    assert article.source.url is None  # saved text does not say where it came from
    assert article.source.revision_id is None


def test_infobox_rows_in_the_page_s_order(article: Article) -> None:
    assert article.infobox is not None
    fields = [(f.name, f.label) for f in article.infobox.fields]
    assert fields == [
        ("partof", "Part of"),
        ("map_caption", ""),
        ("date", "Date"),
        ("place", "Location"),
        ("result", "Result"),
        ("territory", "Territorial\nchanges"),
        ("combatant", "Belligerents"),
        ("commander", "Commanders and leaders"),
        ("units", "Units involved"),
        ("strength", "Strength"),
        ("casualties", "Casualties and losses"),
    ]
    empty = [f.name for f in article.infobox.fields if f.is_empty]
    assert empty == ["place", "commander", "units"]


def test_a_label_glued_to_its_value_is_split_off(article: Article) -> None:
    date = article.infobox.field("date")
    assert [line.text.text for line in date.lines] == [
        "27 September \u2013 10 November 2020 (1 month and 2 weeks)[10]"
    ]
    assert date.raw.startswith("Date27 September")
    result = article.infobox.field("result")
    assert result.lines[0].text.plain == "Azerbaijani victory"
    assert result.lines[0].text.reference_numbers == (11, 12)
    assert result.raw == "Result Azerbaijani victory[11][12]"


def test_belligerent_lines_keep_the_flag_s_space(article: Article) -> None:
    lines = article.infobox.field("combatant").lines
    assert [line.raw for line in lines] == [
        "\u00a0Azerbaijan",
        "\u00a0Turkey (alleged by Armenia,[1][2][3] denied by Turkey[4])",
        "Syrian opposition Syrian mercenaries[a][8][9]",
        "\u00a0Artsakh",
        "\u00a0Armenia",
    ]
    assert lines[2].text.footnote_labels == ("a",)
    assert lines[2].text.reference_numbers == (8, 9)
    assert all(cell.column is None for cell in article.infobox.field("combatant").cells)


def test_casualty_lines_and_bullets(article: Article) -> None:
    lines = article.infobox.field("casualties").lines
    assert len(lines) == 24  # 3 claimant headers, 2 pointers, 19 figures
    assert sum(line.bullet for line in lines) == 19
    assert lines[0].text.plain == "Per Azerbaijan:"
    assert lines[1].text.text == "2,906 servicemen killed[b]"
    assert lines[-1].text.reference_numbers == (71, 72, 73, 74)


def test_lead_paragraphs_sentences_and_segments(article: Article) -> None:
    (lead,) = article.sections
    assert lead.title is None
    assert [len(p.sentences) for p in lead.paragraphs] == [4, 3, 4, 4, 1]
    sentence = lead.paragraphs[1].sentences[0].text
    assert [segment.text for segment in sentence.segments()] == [
        "Fighting began on the morning of 27 September, with an Azerbaijani offensive[75][76]",
        "along the line of contact established in the aftermath of the First Nagorno-Karabakh"
        " War (1988\u20131994).",
    ]
    assert sentence.segments()[0].reference_numbers == (75, 76)


def test_references_field_by_field(article: Article) -> None:
    assert [r.number for r in article.references] == list(range(1, 92))
    first = article.reference(1)
    assert (first.title, first.trans_title, first.work, first.language) == (
        "\u041f\u0440\u0438\u043d\u0443\u0436\u0434\u0435\u043d\u0438\u0435 \u043a "
        "\u043a\u043e\u043d\u0444\u043b\u0438\u043a\u0442\u0443",
        "Coercion to conflict",
        "Kommersant",
        "Russian",
    )
    assert (first.date, first.access_date) == ("16 October 2020", "21 April 2021")
    three = article.reference(3)
    assert three.authors == ("Tsvetkova, Maria", "Auyezov, Olzhas")
    assert three.quote.startswith("Turkey's support for Azerbaijan has been vital")
    seventy_five = article.reference(75)
    assert seventy_five.archive_date == "5 October 2020"
    assert seventy_five.maintenance == (
        "{{cite web}}: CS1 maint: bot: original URL status unknown (link)",
    )
    assert article.reference(31).cited == 5
    assert article.reference(66).authors == ("Welle (dw.com), Deutsche",)
    # after a title's "(in LANGUAGE)" note comes the publisher, not the work
    assert (article.reference(24).work, article.reference(24).publisher) == (
        None,
        "Moskovsky Komsomolets",
    )
    assert (article.reference(13).work, article.reference(13).publisher) == (
        "president.az",
        "Official website of the President of Azerbaijan",
    )


def test_footnotes_cited_but_not_rendered_and_the_notice(article: Article) -> None:
    assert [(n.label, n.text, n.cited) for n in article.footnotes] == [
        ("a", None, 1),
        ("b", None, 1),
        ("c", None, 1),
        ("d", None, 1),
    ]
    (notice,) = article.notices
    assert notice.startswith("Cite error: There are <ref\u00a0group=lower-alpha> tags")


def test_detection_picks_the_text_reader() -> None:
    source = Input(name="snapshot", data=SNAPSHOT)
    assert detect(source).name == "text"


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "x.txt: empty file, no article to read"),
        (b"  \n\n", "x.txt: empty file, no article to read"),
        (b"Title\n\x00\x01", "x.txt: binary data, not the text of an article"),
        (b"Title\n\xff\xfe broken", "x.txt:2:1: not UTF-8 text"),
        (b"<mediawiki><page/></mediawiki>", "x.txt: markup, not the rendered text of an article"),
        (
            b"{{Infobox military conflict\n| conflict = X\n}}",
            "x.txt: markup, not the rendered text of an article",
        ),
        (
            b'Title\n\nText.\n\n  2. ^ "A". B. 1 May 2020.\n',
            "x.txt: the reference list is not numbered 1 to 1 in order",
        ),
    ],
    ids=["empty", "blank", "binary", "not-utf8", "xml", "wikitext", "numbering"],
)
def test_bad_input_is_one_line_naming_the_file(data: bytes, message: str) -> None:
    with pytest.raises(InputError) as caught:
        read_text(data, file="x.txt")
    assert caught.value.message == message


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        ("No quotes here.", "no quoted title"),
        ('"Open title. Work.', "the title's closing quote is missing"),
        ('"Title". A. B. C.', "more than a work and a publisher: 'C'"),
    ],
)
def test_unreadable_citations_say_why(text: str, reason: str) -> None:
    with pytest.raises(CitationError, match=reason):
        parse_citation(text)


def _mangled(data: bytes, cuts: list[int], junk: bytes) -> bytes:
    for at in sorted({c % (len(data) + 1) for c in cuts}, reverse=True):
        data = data[:at] + junk + data[at + len(junk) :]
    return data


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    cuts=st.lists(st.integers(min_value=0, max_value=len(SNAPSHOT)), max_size=4),
    junk=st.binary(max_size=12) | st.sampled_from([b"\n", b"[", b"]", b'"', b"  1. ^ ", b"\xa0"]),
    truncate=st.integers(min_value=0, max_value=len(SNAPSHOT)),
)
def test_mangled_snapshot_reads_or_fails_in_one_line(
    cuts: list[int], junk: bytes, truncate: int
) -> None:
    data = _mangled(SNAPSHOT[: max(truncate, 1)], cuts, junk)
    try:
        article = reader_named("text").read(Input(name="m.txt", data=data))
        (one,) = list(article)
    except InputError as error:
        assert "\n" not in error.message
        assert error.message.startswith("m.txt")
        return
    assert isinstance(one, Article)
    for reference in one.references:
        assert reference.text in data.decode("utf-8")
