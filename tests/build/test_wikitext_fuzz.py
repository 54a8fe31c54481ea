"""Mangled wikitext: the reader gives an article or one line of InputError, never another
exception; references it gives are numbered 1..n; markers point at the text they show."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from warkg.build.readers.wikitext import read_wikitext
from warkg.errors import InputError

PAGE = (
    "{{Infobox military conflict\n| conflict = Fuzz War\n| date = 1 May 2000<ref>A.</ref>\n"
    "| combatant1 = {{flag|Ruritania}}<br />{{flagicon|Elbonia}} [[Elbonia]]\n"
    "| strength1 = '''Per X:'''<br />~11,000<ref name=g/>\n"
    "| casualties1 = * 60+ captured<ref name=g>{{cite web|title=G|url=http://g.example}}</ref>\n"
    "* 9,000\u201310,000 killed{{efn|Note.}}\n}}\n"
    "The '''Fuzz War''' was fought.<ref>B.</ref> It ended.\n\n"
    "== Aftermath ==\nPeace.{{sfn|S|2000}}\n"
)
PIECES = [
    "{{", "}}", "[[", "]]", "|", "=", "<ref>", "</ref>", "<ref name=g/>", "<ref name=\"", "<!--",
    "-->", "'''", "''", "\n", "*", "<br>", "{|", "|}", "<nowiki>", "</nowiki>", "&nbsp;", "{{efn|",
    "{{cite web|", "{{flag|", "<references>", "</references>", "{{reflist|refs=", "==", "[http://",
    "{{{1|", "}}}", "<ref group=N>", "\x00", "\u200b", "{{Infobox military conflict\n|",
]  # fmt: skip


@st.composite
def mangled(draw: st.DrawFn) -> str:
    text = PAGE
    for _ in range(draw(st.integers(1, 6))):
        at = draw(st.integers(0, len(text)))
        action = draw(st.sampled_from(["insert", "delete", "duplicate"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(PIECES)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 40)) :]
        else:
            end = min(len(text), at + draw(st.integers(1, 80)))
            text = text[:end] + text[at:end] + text[end:]
    return text


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mangled())
def test_mangled_wikitext_reads_or_is_refused_in_one_line(text):
    try:
        article = read_wikitext(text.encode("utf-8"), file="fuzz.wiki")
    except InputError as error:
        assert "\n" not in error.message
        assert error.message.startswith("fuzz.wiki")
        return
    numbers = [reference.number for reference in article.references]
    assert numbers == list(range(1, len(numbers) + 1))
    for field in article.infobox.fields:
        for line in field.lines:
            marked = line.text
            for citation in marked.citations:
                shown = marked.text[citation.start : citation.end]
                assert re.fullmatch(r"\[[^\]]+\]", shown), (shown, marked.text)
                if citation.group is None:
                    assert shown == f"[{citation.label}]"
                    assert article.reference(int(citation.label)) is not None


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise_anything_but_input_error(data):
    try:
        read_wikitext(data, file="bytes.wiki")
    except InputError as error:
        assert error.message.startswith("bytes.wiki")
