"""Rendered lines: what a reader sees of a stretch of wikitext, line by line, with the
citation markers where the page shows them and the links, flags and fates the markup names.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from warkg.build.wikitext.references import CitedReference

_SPACES = re.compile(r"[ \t\u00a0\u2009\u202f]+")


@dataclass(frozen=True)
class Link:
    """A wikilink (target page, text shown) or an external link (URL, text shown)."""

    target: str
    text: str
    external: bool = False


@dataclass
class Line:
    """One rendered line. ``markers`` holds each citation marker with the offset in
    ``text`` just after it, so a figure can be matched with the markers that follow it."""

    text: str = ""
    markers: list[tuple[int, CitedReference]] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    flags: list[str] = field(default_factory=list)
    fates: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    bold: list[str] = field(default_factory=list)
    bullet: str = ""  # "*", "#", ";" or ":" for list items
    unrendered: list[str] = field(default_factory=list)

    @property
    def references(self) -> list[CitedReference]:
        return [reference for _, reference in self.markers]

    def plain(self) -> str:
        """The text without its citation markers."""
        pieces, start = [], 0
        for end, reference in self.markers:
            marker = f"[{reference.label}]"
            pieces.append(self.text[start : end - len(marker)])
            start = end
        pieces.append(self.text[start:])
        return _SPACES.sub(" ", "".join(pieces)).strip()


class LineBuilder:
    """Collects pieces of text, markers and annotations into lines, spacing as a browser
    would (runs of blanks collapse, lines are stripped)."""

    def __init__(self) -> None:
        self.lines: list[Line] = []
        self._pieces: list[str | CitedReference] = []
        self._line = Line()

    @property
    def current(self) -> Line:
        return self._line

    def text(self, text: str) -> None:
        if text:
            self._pieces.append(text)

    def marker(self, reference: CitedReference) -> None:
        self._pieces.append(reference)

    def has_text(self) -> bool:
        return any(isinstance(piece, CitedReference) or piece.strip() for piece in self._pieces)

    def current_text(self) -> str:
        return _SPACES.sub(" ", "".join(p for p in self._pieces if isinstance(p, str))).strip()

    def newline(self, bullet: str = "") -> None:
        """Ends the current line (an empty one too: blank lines separate paragraphs)."""
        line = self._line
        text = ""
        for piece in self._pieces:
            if isinstance(piece, CitedReference):
                text = text.rstrip() + f"[{piece.label}]"
                line.markers.append((len(text), piece))
            else:
                text += piece
        # Collapse blanks while keeping the marker offsets right.
        collapsed, offsets, position = [], {}, 0
        marker_ends = {end for end, _ in line.markers}
        previous_blank = True
        for index, char in enumerate(text):
            if index in marker_ends:
                offsets[index] = position
            if _SPACES.fullmatch(char) or char == "\n":
                if previous_blank:
                    continue
                collapsed.append(" ")
                previous_blank = True
            else:
                collapsed.append(char)
                previous_blank = False
            position = len(collapsed)
        if len(text) in marker_ends:
            offsets[len(text)] = position
        result = "".join(collapsed)
        trimmed = result.rstrip()
        line.text = trimmed
        line.markers = [
            (min(offsets.get(end, end), len(trimmed)), ref) for end, ref in line.markers
        ]
        self.lines.append(line)
        self._pieces = []
        self._line = Line(bullet=bullet)

    def finish(self) -> list[Line]:
        if self._pieces or self._line.links or self._line.flags:
            self.newline()
        return self.lines
