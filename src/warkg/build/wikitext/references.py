"""Numbering of references as MediaWiki's Cite extension numbers them.

Cite gives each reference a number in its group at its first use, in the order the page is
rendered; a named reference keeps that number at every reuse, even when its content is
given later (``<ref name=X/>`` before ``<ref name=X>...</ref>``) or in the list at the end
(list-defined references). Groups other than the default one are labelled by their group
(``lower-alpha`` gives a, b, c; ``N`` gives "N 1").
"""

from __future__ import annotations

from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.wikicode import Wikicode

_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_GREEK = "αβγδεζηθικλμνξοπρστυφχψω"
_ROMAN = (
    (1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
    (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i"),
)  # fmt: skip


def _alphabetic(number: int, letters: str) -> str:
    label = ""
    while number > 0:
        number, rest = divmod(number - 1, len(letters))
        label = letters[rest] + label
    return label


def _roman(number: int) -> str:
    label = ""
    for value, numeral in _ROMAN:
        while number >= value:
            label += numeral
            number -= value
    return label


def label_for(group: str, number: int) -> str:
    """The marker Cite shows for the number-th reference of a group (without brackets)."""
    if group == "":
        return str(number)
    if group == "lower-alpha":
        return _alphabetic(number, _LETTERS)
    if group == "upper-alpha":
        return _alphabetic(number, _LETTERS).upper()
    if group == "lower-roman":
        return _roman(number)
    if group == "upper-roman":
        return _roman(number).upper()
    if group == "lower-greek":
        return _alphabetic(number, _GREEK)
    return f"{group} {number}"


@dataclass
class CitedReference:
    """One entry of the page's reference lists: its group, number, name and content."""

    group: str
    number: int
    name: str | None
    content: Wikicode | None = None
    uses: int = 0
    origin: str = "ref"  # ref, refn, efn, sfn, r

    @property
    def label(self) -> str:
        return label_for(self.group, self.number)

    @property
    def is_footnote(self) -> bool:
        """Explanatory notes (any named group) as against the numbered citations."""
        return self.group != ""


@dataclass
class ReferenceBook:
    """The references of one page, in the order Cite numbers them."""

    references: list[CitedReference] = field(default_factory=list)
    _named: dict[tuple[str, str], CitedReference] = field(default_factory=dict)
    _pending: dict[tuple[str, str], Wikicode] = field(default_factory=dict)
    _counts: dict[str, int] = field(default_factory=dict)

    def cite(
        self,
        group: str,
        name: str | None,
        content: Wikicode | None,
        origin: str = "ref",
    ) -> CitedReference:
        """A use of a reference in the text: numbered at its first use."""
        group = group.strip()
        name = (name or "").strip() or None
        if content is not None and not str(content).strip():
            content = None
        if name is not None:
            known = self._named.get((group, name))
            if known is not None:
                known.uses += 1
                if known.content is None and content is not None:
                    known.content = content
                return known
            content = content if content is not None else self._pending.pop((group, name), None)
        number = self._counts.get(group, 0) + 1
        self._counts[group] = number
        reference = CitedReference(group, number, name, content, uses=1, origin=origin)
        self.references.append(reference)
        if name is not None:
            self._named[(group, name)] = reference
        return reference

    def define(self, group: str, name: str | None, content: Wikicode | None) -> None:
        """A definition in the list at the end (``<references>...</references>``)."""
        name = (name or "").strip() or None
        if name is None or content is None:
            return
        known = self._named.get((group.strip(), name))
        if known is not None:
            if known.content is None:
                known.content = content
        else:
            self._pending[(group.strip(), name)] = content

    def in_group(self, group: str) -> list[CitedReference]:
        return [reference for reference in self.references if reference.group == group]

    def undefined(self) -> list[CitedReference]:
        """Named references used but never given content (Cite shows an error for them)."""
        return [reference for reference in self.references if reference.content is None]

    def unused_definitions(self) -> list[str]:
        return [name for _, name in self._pending]


def parse(text: str) -> Wikicode:
    return mwparserfromhell.parse(text)
