"""One wikitext page read whole: its infobox, body and references, in the order the page
renders them, so the reference numbers are the page's own."""

from __future__ import annotations

from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Template

from warkg.build.wikitext.body import BodySection, read_sections
from warkg.build.wikitext.citations import Citation, read_citation
from warkg.build.wikitext.infobox import InfoboxField, find_infobox, render_infobox
from warkg.build.wikitext.lines import Link
from warkg.build.wikitext.references import CitedReference, ReferenceBook
from warkg.build.wikitext.render import Renderer, plain_text


@dataclass
class ReferenceEntry:
    """A reference as its list shows it: label, name, text, and the citations in it."""

    group: str
    number: int
    label: str
    name: str | None
    text: str
    raw: str
    citations: list[Citation] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    uses: int = 1
    origin: str = "ref"


@dataclass
class WikitextPage:
    title: str
    infobox_name: str | None
    infobox: list[InfoboxField]
    sections: list[BodySection]
    references: list[ReferenceEntry]  # the default group, numbered 1, 2, ...
    footnotes: list[ReferenceEntry]  # every other group (explanatory notes)
    unknown_citation_templates: list[str] = field(default_factory=list)
    unknown_templates: list[str] = field(default_factory=list)
    undefined_references: list[str] = field(default_factory=list)

    def field(self, name: str) -> InfoboxField | None:
        return next((f for f in self.infobox if f.name == name), None)


def read_page(text: str, title: str) -> WikitextPage:
    """Reads a page. Raises infobox.BrokenTemplate when the infobox is not well formed."""
    code = mwparserfromhell.parse(text)
    infobox = find_infobox(code, text)
    book = ReferenceBook()
    renderer = Renderer(book)
    fields: list[InfoboxField] = []
    nodes = list(code.nodes)
    if infobox is not None:
        top = next((i for i, n in enumerate(nodes) if n is infobox), None)
        before, after = (nodes[:top], nodes[top + 1 :]) if top is not None else ([], nodes)
        renderer.nodes(before)  # hatnotes can cite; numbered first
        renderer.read_elsewhere.add(id(infobox))
        fields = render_infobox(infobox, renderer)
        nodes = after
    sections = read_sections(nodes, renderer)
    entries, unknown = _entries(book.references)
    return WikitextPage(
        title=title,
        infobox_name=str(infobox.name).strip() if infobox is not None else None,
        infobox=fields,
        sections=sections,
        references=[e for e in entries if e.group == ""],
        footnotes=[e for e in entries if e.group != ""],
        unknown_citation_templates=unknown,
        unknown_templates=sorted(set(renderer.unknown_templates)),
        undefined_references=[r.label for r in book.undefined()],
    )


def _entries(references: list[CitedReference]) -> tuple[list[ReferenceEntry], list[str]]:
    entries, unknown = [], []
    for reference in references:
        renderer = Renderer(book=None)
        lines = renderer.lines(reference.content) if reference.content is not None else []
        citations = [read_citation(t, plain_text) for t in renderer.citation_templates]
        unknown += [c.template for c in citations if not c.known]
        entries.append(
            ReferenceEntry(
                group=reference.group,
                number=reference.number,
                label=reference.label,
                name=reference.name,
                text=" ".join(line.text for line in lines if line.text),
                raw=str(reference.content or ""),
                citations=citations,
                links=[link for line in lines for link in line.links if link.external],
                uses=reference.uses,
                origin=reference.origin,
            )
        )
    return entries, sorted(set(unknown))


__all__ = ["ReferenceEntry", "Template", "WikitextPage", "read_page"]
