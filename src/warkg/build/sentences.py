"""Splitting a paragraph of rendered text into sentences, markers kept with their sentence.

Every reader shares this so that a sentence means the same thing whatever the source:
a sentence ends at ".", "!" or "?" (after any closing quote or bracket and any citation
markers that follow it) where the next word starts a new sentence. Abbreviations and
initials ("U.S.", "Gen.", "E.") do not end one.
"""

from __future__ import annotations

import re

from warkg.build.model import MarkedText, Paragraph, Sentence

__all__ = ["paragraph", "split_sentences"]

_END_RE = re.compile(
    r"(?P<stop>[.!?])[\"'\u201d\u2019)\]]*"  # the stop and any closing quotes or brackets
    r"(?:\[(?:\d{1,4}|[a-z]{1,2}|[A-Za-z]+ \d+)\])*"  # citation markers after it
    r"(?=\s+[\"'\u201c\u2018(\[]?[A-Z0-9\u0400-\u04ff])"  # next sentence starts
)
_ABBREVIATIONS = frozenset(
    [
        "mr",
        "mrs",
        "ms",
        "dr",
        "st",
        "jr",
        "sr",
        "lt",
        "gen",
        "col",
        "maj",
        "capt",
        "cpt",
        "sgt",
        "adm",
        "gov",
        "sen",
        "rep",
        "pres",
        "prof",
        "no",
        "vs",
        "etc",
        "e.g",
        "i.e",
        "u.s",
        "u.k",
        "u.n",
        "approx",
        "ca",
        "c",
        "fig",
        "inc",
        "ltd",
        "co",
        "corp",
        "dept",
        "est",
        "mt",
        "ft",
    ]
)


def _ends_sentence(text: str, stop: int) -> bool:
    """Whether the "." at `stop` ends a sentence rather than an abbreviation or initial."""
    if text[stop] != ".":
        return True
    word = re.search(r"([\w.]+)$", text[:stop])
    if word is None:
        return True
    token = word.group(1)
    if len(token) == 1 and token.isupper():  # an initial: "Andrew E. Kramer"
        return False
    return token.lower().rstrip(".") not in _ABBREVIATIONS


def split_sentences(text: MarkedText) -> tuple[Sentence, ...]:
    """The sentences of `text`, each with its markers and its offset in `text`."""
    sentences, start = [], 0
    for match in _END_RE.finditer(text.text):
        if not _ends_sentence(text.text, match.start("stop")):
            continue
        end = match.end()
        piece = text.slice(start, end)
        if piece.text.strip():
            sentences.append(Sentence(piece, start))
        start = end
        while start < len(text.text) and text.text[start].isspace():
            start += 1
    if text.text[start:].strip():
        sentences.append(Sentence(text.slice(start, len(text.text)), start))
    return tuple(sentences)


def paragraph(text: MarkedText) -> Paragraph:
    """A paragraph with its sentences split."""
    return Paragraph(text, split_sentences(text))
