"""The wikitext reader on small pages written for each construct, and on the real article."""

from __future__ import annotations

import pytest

from warkg.build.model import Article
from warkg.build.readers.wikitext import WikitextWarning, looks_like_wikitext, read_wikitext
from warkg.errors import InputError


def read(text: str, **kwargs) -> Article:
    return read_wikitext(text.encode("utf-8"), file="page.wiki", **kwargs)


def box(**params: str) -> str:
    body = "".join(f"\n| {name} = {value}" for name, value in params.items())
    return "{{Infobox military conflict" + body + "\n}}\n"


def lines(article: Article, name: str, column: int | None = None) -> list[str]:
    field = article.infobox.field(name)
    assert field is not None, name
    return [
        line.text.text
        for cell in field.cells
        if column is None or cell.column == column
        for line in cell.lines
    ]


def test_named_reference_reused_before_its_definition_keeps_one_number():
    article = read(
        box(
            conflict="Test War",
            strength1='5,000 sailors<ref name="G"/><br />'
            '53 ships<ref name="G">Greene, p. 328.</ref>',
            casualties1="10 killed<ref>Other.</ref><ref name=G />",
        )
    )
    assert lines(article, "strength", 1) == ["5,000 sailors[1]", "53 ships[1]"]
    assert lines(article, "casualties", 1) == ["10 killed[2][1]"]
    assert [(r.number, r.name, r.text, r.cited) for r in article.references] == [
        (1, "G", "Greene, p. 328.", 3),
        (2, None, "Other.", 1),
    ]


def test_infobox_parameters_are_numbered_in_the_order_the_infobox_shows_them():
    # Written casualties first, shown after strength: Cite numbers in the shown order.
    article = read(
        box(conflict="X", casualties1="1 killed<ref>B.</ref>", strength1="2 men<ref>A.</ref>")
    )
    assert lines(article, "strength") == ["2 men[1]"]
    assert lines(article, "casualties") == ["1 killed[2]"]
    assert [r.text for r in article.references] == ["A.", "B."]


def test_list_defined_references_and_groups():
    text = box(conflict="X", strength1="3 men<ref name=a/>{{efn|A note.}}{{refn|group=N|N note}}")
    text += "Body.<ref name=b/>\n\n==Notes==\n{{notelist}}\n{{reflist|refs=\n"
    text += "<ref name=a>Defined late.</ref>\n<ref name=b>{{cite news |title=T |work=W}}</ref>\n}}"
    article = read(text)
    assert lines(article, "strength") == ["3 men[1][a][N 1]"]
    citations = article.infobox.field("strength").lines[0].text.citations
    assert [(c.label, c.group) for c in citations] == [
        ("1", None),
        ("a", "lower-alpha"),
        ("N 1", "N"),
    ]
    assert [(r.number, r.text) for r in article.references] == [
        (1, "Defined late."),
        (2, '"T". W.'),
    ]
    assert [(f.label, f.group, f.text.text) for f in article.footnotes] == [
        ("a", "lower-alpha", "A note."),
        ("N 1", "N", "N note"),
    ]


CITE_WEB = (
    "{{Cite web |last1=Kramer |first1=Andrew E. |last2=Doe |first2=J. |title=Peace "
    "|trans-title=Frieden |website=The Times |publisher=TT Ltd |date=29 January 2021 "
    "|access-date=4 March 2021 |archive-url=https://archive.example/x |archive-date=5 March 2021 "
    "|language=de |quote=Turkey denied. |url=https://example.org/a |isbn=123}}"
)


@pytest.mark.parametrize(
    ("template", "field", "expected"),
    [
        (CITE_WEB, "authors", ("Kramer, Andrew E.", "Doe, J.")),
        (CITE_WEB, "title", "Peace"),
        (CITE_WEB, "trans_title", "Frieden"),
        (CITE_WEB, "work", "The Times"),
        (CITE_WEB, "publisher", "TT Ltd"),
        (CITE_WEB, "date", "29 January 2021"),
        (CITE_WEB, "access_date", "4 March 2021"),
        (CITE_WEB, "archive_url", "https://archive.example/x"),
        (CITE_WEB, "archive_date", "5 March 2021"),
        (CITE_WEB, "language", "de"),
        (CITE_WEB, "quote", "Turkey denied."),
        (CITE_WEB, "url", "https://example.org/a"),
        (CITE_WEB, "extra", (("isbn", "123"),)),
        (
            "{{cite news|author=Jane Roe|newspaper=Daily|accessdate=1 May 2020}}",
            "authors",
            ("Jane Roe",),
        ),
        ("{{cite news|author=Jane Roe|newspaper=Daily|accessdate=1 May 2020}}", "work", "Daily"),
        (
            "{{cite news|author=Jane Roe|newspaper=Daily|accessdate=1 May 2020}}",
            "access_date",
            "1 May 2020",
        ),
        (
            "{{cite journal|vauthors=Smith AB, Jones C|journal=Lancet|year=1999}}",
            "authors",
            ("Smith AB", "Jones C"),
        ),
        ("{{cite journal|vauthors=Smith AB, Jones C|journal=Lancet|year=1999}}", "date", "1999"),
        (
            "{{cite book|authors=A. One; B. Two|title=Book|archiveurl=https://a.example}}",
            "authors",
            ("A. One", "B. Two"),
        ),
        (
            "{{cite book|authors=A. One; B. Two|title=Book|archiveurl=https://a.example}}",
            "archive_url",
            "https://a.example",
        ),
        ("{{Cite_Web|last=Lone|first=Al|work=Site}}", "authors", ("Lone, Al",)),
        (
            "{{cite web|title=''Italic'' [[Linked|title]]|url=http://x.example}}",
            "title",
            "Italic title",
        ),
        ("Plain text, [http://plain.example a link] (1931).", "url", "http://plain.example"),
        ("Plain text, [http://plain.example a link] (1931).", "template", None),
    ],
)
def test_citation_fields(template, field, expected):
    article = read(box(conflict="X", strength1=f"1<ref>{template}</ref>"))
    assert getattr(article.references[0], field) == expected


def test_unknown_citation_template_is_kept_and_warned_once():
    text = box(
        conflict="X",
        strength1="1<ref>{{cite foo|title=T|url=http://u.example|zzz=Z}}</ref>",
        strength2="2<ref>{{cite foo|title=U}}</ref>",
    )
    with pytest.warns(WikitextWarning) as caught:
        article = read(text)
    messages = [str(w.message) for w in caught if w.category is WikitextWarning]
    assert messages == [
        "page.wiki: 'X': unknown citation template {{cite foo}}: "
        "its fields are read by the names warkg knows"
    ]
    first = article.references[0]
    assert (first.template, first.title, first.url, first.extra) == (
        "cite foo", "T", "http://u.example", (("zzz", "Z"),)
    )  # fmt: skip


def test_templates_that_name_things():
    article = read(
        box(
            conflict="X",
            combatant1="{{flagcountry|USA|1861}}<br />{{flag|Dutch Republic|name=Netherlands}}"
            "<br>{{flagicon|France}} [[Kingdom of France|France]]",
            commander1="{{flagicon|Spain}} [[Bernardo de Gálvez]] {{KIA}}<br />[[A B]]{{POW}}"
            "<br />[[C D]] {{WIA}}",
        )
    )
    combatants = article.infobox.field("combatant").lines
    assert [(line.text.text, line.flag) for line in combatants] == [
        ("USA", "USA"),
        ("Netherlands", "Dutch Republic"),
        ("France", "France"),
    ]
    assert lines(article, "commander") == ["Bernardo de Gálvez †", "A B (POW)", "C D (WIA)"]


def test_lists_breaks_comments_and_nowiki():
    article = read(
        box(
            conflict="X",
            result="Victory\n* [[Peace]]\n* End <!-- hidden [[Y]] --> of war",
            territory="{{plainlist|\n* One\n* Two<ref>R.</ref>\n}}",
            place="{{ubl|North|South}}",
            combatant1="A<br />B<br/>C<nowiki>[[not a link]]</nowiki>",
        )
    )
    assert lines(article, "result") == ["Victory", "Peace", "End of war"]
    assert [line.bullet for line in article.infobox.field("result").lines] == [False, True, True]
    assert lines(article, "territory") == ["One", "Two[1]"]
    assert lines(article, "place") == ["North", "South"]
    assert lines(article, "combatant") == ["A", "B", "C[[not a link]]"]


def test_bold_heading_opening_a_line_stands_on_its_own_line():
    article = read(box(conflict="X", strength2="'''Native Allies:''' 13,000<ref>G.</ref>"))
    line = article.infobox.field("strength").lines[1]
    assert lines(article, "strength") == ["Native Allies:", "13,000[1]"]
    assert (line.text.plain, line.text.reference_numbers) == ("13,000", (1,))


def test_sections_paragraphs_and_sentences_keep_their_markers():
    text = box(conflict="X") + (
        "The '''X War''' was fought.<ref>A.</ref> It ended in 1783.<ref>B.</ref><ref>C.</ref>\n"
        "Still the lead, Gen. Howe said.\n\n== Causes ==\n=== Taxes ===\n"
        "Taxes rose.{{sfn|Smith|2000|p=5}}\n"
    )
    article = read(text)
    assert [(s.title, s.level) for s in article.sections] == [
        (None, 0),
        ("Causes", 2),
        ("Taxes", 3),
    ]
    lead = article.sections[0].paragraphs
    assert len(lead) == 1
    assert [s.text.text for s in lead[0].sentences] == [
        "The X War was fought.[1]",
        "It ended in 1783.[2][3]",
        "Still the lead, Gen. Howe said.",
    ]
    taxes = article.sections[2].paragraphs[0]
    assert taxes.text.text == "Taxes rose.[4]"
    assert article.reference(4).text == "Smith 2000, p. 5."


def test_page_without_infobox_is_refused_naming_it():
    with pytest.raises(InputError) as caught:
        read("'''Y''' is a [[page]].", title="Y")
    assert caught.value.message == "page.wiki: 'Y': no Infobox military conflict"


def test_unclosed_infobox_is_a_broken_template():
    with pytest.raises(InputError) as caught:
        read("Intro.\n{{Infobox military conflict\n| conflict = Z\n| date = 1999\n", title="Z")
    assert caught.value.message == (
        "page.wiki: 'Z': broken template: {{Infobox military conflict}} on line 2 "
        "is not closed (no matching '}}')"
    )


def test_not_utf8_is_refused_with_its_line():
    with pytest.raises(InputError) as caught:
        read_wikitext(b"{{Infobox military conflict\n|a=\xff}}", file="p.wiki")
    assert caught.value.message == "p.wiki:2:1: not UTF-8 text"


def test_detection():
    assert looks_like_wikitext(b"{{Infobox military conflict\n}}")
    assert looks_like_wikitext(b"'''X''' is [[a]].")
    assert not looks_like_wikitext(b"<mediawiki>")
    assert not looks_like_wikitext(b"Plain text, with a <ref group=x> cite error.")
    assert not looks_like_wikitext(b"\x89PNG\r\n\x1a\n\x00\x00")


def test_page_that_is_only_an_infobox():
    article = read(box(conflict="Only War", date="1 May 2000", result="Draw"))
    assert article.title == "Only War"
    assert [(f.name, f.label) for f in article.infobox.fields] == [
        ("date", "Date"),
        ("result", "Result"),
    ]
    assert article.sections == ()


def test_the_american_revolutionary_war(arw_wikitext):
    article = read_wikitext(arw_wikitext.encode("utf-8"), file="arw.wiki")
    assert article.title == "American Revolutionary War"
    assert len(article.references) == 193
    assert sum(1 for r in article.references if r.template) == 45
    assert lines(article, "casualties", 2)[3] == (
        "1,243 navy killed in battle, 42,000 deserted, "
        "18,500 died from disease (1776\u20131780)[20]"
    )
    assert article.reference(9).name == "Greene"
    assert article.reference(9).cited == 2
