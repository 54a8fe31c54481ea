"""The article body: sections by their headings, paragraphs (blank lines or list items
apart), sentences with the citation markers that follow them."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field

from mwparserfromhell.nodes import Heading, Node

from warkg.build.wikitext.lines import Line, LineBuilder, Link
from warkg.build.wikitext.references import CitedReference
from warkg.build.wikitext.render import Renderer, plain_text

_ABBREVIATIONS = {
    "mr", "mrs", "ms", "dr", "st", "gen", "col", "lt", "capt", "sgt", "maj", "adm", "gov",
    "sen", "rep", "jr", "sr", "no", "nos", "vs", "etc", "e.g", "i.e", "c", "ca", "p", "pp",
    "vol", "inc", "ltd", "co", "fig", "mt", "ft", "u.s", "u.k", "u.n", "d.c", "prof", "rev",
    "hon", "esq", "approx", "est", "cf", "al", "op", "ed", "eds", "gens", "brig", "cmdr",
}  # fmt: skip
_SENTENCE_END = re.compile(
    "[.!?][\"'\u201d\u2019)]*(?:\\[[^\\]]+\\])*(?=\\s+[\"'\u201c\u2018(\\[]?[A-Z0-9])"
)


@dataclass
class Sentence:
    text: str
    markers: list[tuple[int, CitedReference]] = field(default_factory=list)


@dataclass
class Paragraph:
    line: Line
    sentences: list[Sentence] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.line.text


@dataclass
class Section:
    """A section; the lead has level 0 and an empty title."""

    title: str
    level: int
    paragraphs: list[Paragraph] = field(default_factory=list)


def read_sections(nodes: list[Node], renderer: Renderer) -> list[Section]:
    sections = [Section("", 0)]
    pending: list[Node] = []
    for node in nodes:
        if isinstance(node, Heading):
            sections[-1].paragraphs = _paragraphs(pending, renderer)
            pending = []
            sections.append(Section(plain_text(node.title), node.level))
        else:
            pending.append(node)
    sections[-1].paragraphs = _paragraphs(pending, renderer)
    return sections


def _paragraphs(nodes: list[Node], renderer: Renderer) -> list[Paragraph]:
    renderer.out = LineBuilder()
    renderer.nodes(nodes)
    paragraphs: list[Paragraph] = []
    group: list[Line] = []
    for line in [*renderer.out.finish(), Line()]:
        if line.bullet or not line.text:
            if group:
                paragraphs.append(_paragraph(group))
                group = []
            if line.text:
                paragraphs.append(_paragraph([line]))
            continue
        group.append(line)
    return [p for p in paragraphs if re.search(r"\w", p.text)]


def _paragraph(lines: list[Line]) -> Paragraph:
    joined = Line(bullet=lines[0].bullet)
    for line in lines:
        offset = len(joined.text) + (1 if joined.text else 0)
        joined.text = f"{joined.text} {line.text}" if joined.text else line.text
        joined.markers += [(end + offset, ref) for end, ref in line.markers]
        joined.links += line.links
        joined.tags += line.tags
        joined.flags += line.flags
    return Paragraph(joined, split_sentences(joined))


def split_sentences(line: Line) -> list[Sentence]:
    """Sentences end at . ! ? (with any closing quote and the markers after them) before a
    blank and a capital or digit; not after common abbreviations or single initials."""
    cuts = [0]
    for match in _SENTENCE_END.finditer(line.text):
        before = line.text[: match.start()].rsplit(None, 1)
        word = before[-1].lower().lstrip("(\"'") if before else ""
        if word in _ABBREVIATIONS or (len(word) == 1 and word.isalpha()):
            continue
        cuts.append(match.end())
    cuts.append(len(line.text))
    sentences = []
    for start, end in itertools.pairwise(cuts):
        text = line.text[start:end]
        lead = len(text) - len(text.lstrip())
        markers = [(e - start - lead, r) for e, r in line.markers if start < e <= end]
        if text.strip():
            sentences.append(Sentence(text.strip(), markers))
    return sentences


__all__ = ["Link", "Paragraph", "Section", "Sentence", "read_sections", "split_sentences"]
