"""The article body: sections by their headings, paragraphs (blank lines or list items
apart), each paragraph one rendered line with its citation markers."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from mwparserfromhell.nodes import Heading, Node

from warkg.build.wikitext.lines import Line, LineBuilder
from warkg.build.wikitext.render import Renderer, plain_text


@dataclass
class BodySection:
    """A section; the lead has level 0 and no title."""

    title: str | None
    level: int
    paragraphs: list[Line] = field(default_factory=list)


def read_sections(nodes: list[Node], renderer: Renderer) -> list[BodySection]:
    sections = [BodySection(None, 0)]
    pending: list[Node] = []
    for node in nodes:
        if isinstance(node, Heading):
            sections[-1].paragraphs = _paragraphs(pending, renderer)
            pending = []
            sections.append(BodySection(plain_text(node.title), node.level))
        else:
            pending.append(node)
    sections[-1].paragraphs = _paragraphs(pending, renderer)
    return sections


def _paragraphs(nodes: list[Node], renderer: Renderer) -> list[Line]:
    """Lines run together into paragraphs as MediaWiki does: a single line break is a
    space, a blank line ends a paragraph, and each list item is a paragraph of its own."""
    renderer.out = LineBuilder()
    renderer.nodes(nodes)
    paragraphs: list[Line] = []
    group: list[Line] = []
    for line in [*renderer.out.finish(), Line()]:
        if line.bullet or not line.text:
            if group:
                paragraphs.append(_join(group))
                group = []
            if line.text:
                paragraphs.append(line)
            continue
        group.append(line)
    return [p for p in paragraphs if re.search(r"\w", p.text)]


def _join(lines: list[Line]) -> Line:
    joined = Line(bullet=lines[0].bullet)
    for line in lines:
        offset = len(joined.text) + (1 if joined.text else 0)
        joined.text = f"{joined.text} {line.text}" if joined.text else line.text
        joined.markers += [(end + offset, ref) for end, ref in line.markers]
        joined.links += line.links
        joined.tags += line.tags
        joined.flags += line.flags
    return joined
