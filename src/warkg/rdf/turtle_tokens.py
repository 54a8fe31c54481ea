"""Turtle's tokens with their lines, for `warkg.rdf.locations` (which rdflib and
pyoxigraph cannot give: neither keeps source positions).

It knows prefixed names, full and relative IRIs, all four string quotings (triple-quoted
ones may span lines), comments, numbers, labelled blank nodes and punctuation, and gives
up (GiveUp) at the first character no token starts with, e.g. RDF 1.2's `<<`.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass

_HEX = r"[0-9A-Fa-f]"
_UCHAR = rf"\\u{_HEX}{{4}}|\\U{_HEX}{{8}}"
_PLX = rf"%{_HEX}{{2}}|\\[_~.\-!$&'()*+,;=/?#@%]"
_PN_LOCAL = rf"(?:[\w:]|{_PLX})(?:(?:[\w.:\-\u00b7]|{_PLX})*(?:[\w:\-\u00b7]|{_PLX}))?"
_PN_PREFIX = r"[^\W\d_](?:[\w.\-\u00b7]*[\w\-\u00b7])?"

_TOKEN = re.compile(
    rf"""
      (?P<ws>[ \t\r\n]+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>
          \"\"\"(?:(?:"|"")?(?:[^"\\]|\\[\s\S]))*\"\"\"
        | '''(?:(?:'|'')?(?:[^'\\]|\\[\s\S]))*'''
        | "(?:[^"\\\r\n]|\\.)*"
        | '(?:[^'\\\r\n]|\\.)*'
      )
    | (?P<iri><(?:[^\x00-\x20<>"{{}}|^`\\]|{_UCHAR})*>)
    | (?P<datatype>\^\^)
    | (?P<at>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<blank>_:[\w](?:[\w.\-\u00b7]*[\w\-\u00b7])?)
    | (?P<pname>(?:{_PN_PREFIX})?:(?:{_PN_LOCAL})?)
    | (?P<number>[+-]?(?:\d+\.\d*[eE][+-]?\d+|\.\d+[eE][+-]?\d+|\d+[eE][+-]?\d+|\d*\.\d+|\d+))
    | (?P<punct>[.;,\[\]()])
    | (?P<word>[A-Za-z]+)
    """,
    re.VERBOSE,
)

_ECHAR = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}
ESCAPE = re.compile(rf"{_UCHAR}|\\[tbnrf\"'\\]")
LOCAL_ESCAPE = re.compile(r"\\([_~.\-!$&'()*+,;=/?#@%])")


class GiveUp(Exception):
    """The parser met something it does not follow; keep what was read so far."""


@dataclass(frozen=True)
class Token:
    kind: str
    text: str
    line: int


def unescape(text: str) -> str:
    def replace(match: re.Match[str]) -> str:
        escape = match.group()
        if escape[1] in "uU":
            return chr(int(escape[2:], 16))
        return _ECHAR[escape[1]]

    return ESCAPE.sub(replace, text)


def tokenize(text: str) -> Iterator[Token]:
    """The Turtle tokens of `text` with their 1-based line, whitespace and comments left
    out; GiveUp at the first character no token starts with (e.g. RDF 1.2 `<<`)."""
    line_starts = [0] + [m.end() for m in re.finditer("\n", text)]
    position = 0
    while position < len(text):
        match = _TOKEN.match(text, position)
        if match is None:
            raise GiveUp(f"no Turtle token at offset {position}")
        kind = match.lastgroup or ""
        if kind not in ("ws", "comment"):
            line = bisect.bisect_right(line_starts, position)
            yield Token(kind, match.group(), line)
        position = match.end()
