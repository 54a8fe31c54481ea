"""What every rule works with: the article, the curation, the IRIs, the output, and the
article's layout (its sections, and which section each line and sentence lies in).

The layout is computed once from the model so that every rule agrees on where a text
lies; `places` are the texts a claim can rest on (an infobox line, or a sentence cut at
its citation markers), which is how curated claims find their evidence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache

from rdflib import URIRef

from warkg.build.curation import Curation
from warkg.build.iris import Minter, slug
from warkg.build.model import Article, InfoboxField, InfoboxLine, MarkedText
from warkg.build.output import Output
from warkg.build.vocabulary import load_yaml, vocabulary
from warkg.errors import InputError

__all__ = ["Context", "Place", "SectionInfo"]

_ORDINALS = ["first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth"]
POINTER_RE = re.compile(r"^See .+ for details\.?$")
_HEADER_SECTIONS = {
    "partof": ("infobox-header", "Infobox header"),
    "map_caption": ("infobox-map", "Infobox map legend"),
    "caption": ("infobox-caption", "Infobox caption"),
}


@cache
def row_sections() -> dict[str, str]:
    """Field name -> the local name of its section (mappings/infobox-rows.yaml)."""
    return dict(load_yaml("infobox-rows.yaml")["sections"])


@dataclass
class SectionInfo:
    """One section of the article as the graph describes it."""

    iri: URIRef
    label: str
    order: int
    parent: URIRef
    heading: str | None = None
    empty: bool = False
    pointers: list[str] = field(default_factory=list)
    local: str = ""


@dataclass(frozen=True)
class Place:
    """A text a claim can rest on, and the section it lies in."""

    text: MarkedText
    section: URIRef
    field: InfoboxField | None = None
    line: InfoboxLine | None = None


@dataclass
class Context:
    article: Article
    curation: Curation
    minter: Minter
    out: Output = field(default_factory=Output)
    sections: list[SectionInfo] = field(default_factory=list)
    line_sections: dict[int, URIRef] = field(default_factory=dict)
    places: list[Place] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    side_labels: dict[str, str] = field(default_factory=dict)

    @property
    def subject(self) -> URIRef:
        """The conflict the article is about."""
        return self.curation.subject_iri or self.minter.event(self.article.title)

    @property
    def noun(self) -> str:
        return self.curation.subject_noun or "conflict"

    def section_of(self, line: InfoboxLine) -> URIRef:
        return self.line_sections[id(line)]

    def curated(self, line: InfoboxLine) -> bool:
        """Whether a curated claim rests on this line: it states what the line says, so
        the rules that read such lines leave it to the curation."""
        return any(decision.words in line.text.plain for decision in self.curation.claims)

    def warn(self, message: str) -> None:
        """Something the rules read but could not use; the build reports it (once)."""
        where = f"{self.article.source.file}: " if self.article.source.file else ""
        warning = f"{where}'{self.article.title}': {message}"
        if warning not in self.warnings:
            self.warnings.append(warning)

    def fail(self, message: str) -> None:
        """A curation entry the article contradicts: the build stops."""
        raise InputError(f"{self.curation.file}: {message}")

    def lay_out(self) -> None:
        """Number the sections in the page's order and record where each text lies."""
        article, minter = self.article, self.minter
        root = minter.article()
        order = 0

        def add(local: str, label: str, parent: URIRef, **extra: object) -> SectionInfo:
            nonlocal order
            order += 1
            info = SectionInfo(minter.section(local), label, order, parent, local=local)
            for key, value in extra.items():
                setattr(info, key, value)
            self.sections.append(info)
            return info

        if article.infobox is not None:
            box = add("infobox", "Infobox", root)
            for infobox_field in article.infobox.fields:
                self._lay_out_field(infobox_field, box.iri, add)
        for section in article.sections:
            if section.title is None:
                prefix, parent, label = "lead", root, "Lead"
            else:
                head = add(f"section-{slug(section.title)}", section.title, root)
                head.heading = section.title
                prefix, parent, label = head.local, head.iri, section.title
            for paragraph in section.paragraphs:
                number = section.paragraphs.index(paragraph) + 1
                info = add(f"{prefix}-paragraph-{number}", f"{label}, paragraph {number}", parent)
                for sentence in paragraph.sentences:
                    for segment in sentence.text.segments():
                        self.places.append(Place(segment, info.iri))
        if article.references:
            add("references", "References", root)

    def _lay_out_field(self, infobox_field: InfoboxField, box: URIRef, add) -> None:
        if infobox_field.name in _HEADER_SECTIONS:
            local, label = _HEADER_SECTIONS[infobox_field.name]
            info = add(local, label, box)
            for line in infobox_field.lines:
                self._place(line, info.iri, infobox_field)
            return
        shown = infobox_field.label.replace("\n", " ")
        local = f"infobox-{row_sections().get(infobox_field.name) or slug(shown)}"
        row = add(local, f"Infobox: {shown.lower()}", box, heading=infobox_field.label)
        current, own_lines, seen = row, 0, {}
        lists = vocabulary().list_headings
        for line in infobox_field.lines:
            heading = line.text.plain.rstrip(":")
            if line.text.plain.endswith(":") and heading in lists:
                seen[heading] = seen.get(heading, 0) + 1
                number = seen[heading]
                ordinal = _ORDINALS[number - 1] if number <= len(_ORDINALS) else f"{number}th"
                current = add(
                    f"{local}-{slug(heading)}-{number}",
                    f"Infobox: {shown.lower()}, {ordinal} {heading.lower()} list",
                    row.iri,
                    heading=line.text.plain,
                    empty=True,
                )
                self.line_sections[id(line)] = current.iri
                continue
            if current is row:
                own_lines += 1
            else:
                current.empty = False
            if POINTER_RE.match(line.text.plain):
                current.pointers.append(line.text.plain)
            self._place(line, current.iri, infobox_field)
        row.empty = own_lines == 0

    def _place(self, line: InfoboxLine, section: URIRef, infobox_field: InfoboxField) -> None:
        self.line_sections[id(line)] = section
        self.places.append(Place(line.text, section, infobox_field, line))

    def locate(self, words: str, where: str) -> Place:
        """The one place whose words contain `words`; InputError naming `where` if none
        or several do (a curated claim must rest on words the article has, once)."""
        found = [place for place in self.places if words in place.text.plain]
        if len(found) != 1:
            how = "nowhere" if not found else f"in {len(found)} places"
            raise InputError(f"{where}: the words {words!r} occur {how} in the article")
        return found[0]
