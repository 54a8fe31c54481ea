"""Minting IRIs for what a build describes, the same IRI for the same thing every time.

Things of one article (its claims, references, works, sections, footnotes, populations,
sides) live in the article's scope, `.../id/reference/<scope>/57`, so that two articles
never share a reference 57. Things of the world (agents, places, events, concepts) are
named by what they are called, `.../id/agent/azerbaijan`, and are shared between
articles. The shipped article published its IRIs before builds were scoped; its
curation file gives the empty scope, which mints those very IRIs (`ref:57`).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from rdflib import URIRef

from warkg.errors import InputError
from warkg.rdf.namespaces import (
    AGENT,
    CLAIM,
    CONCEPT,
    EVENT,
    ID,
    NOTE,
    PLACE,
    POP,
    PREFIXES,
    REF,
    SECTION,
    WORK,
)

__all__ = ["Minter", "curie", "slug"]


def slug(text: str) -> str:
    """A readable IRI segment: ASCII letters and digits joined by hyphens ("CNN Türk"
    -> "cnn-turk", "www.news.az" -> "www-news-az")."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode("ascii")
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def curie(text: str, where: str) -> URIRef:
    """Expand "prefix:local" with the project's prefixes; InputError naming `where`."""
    prefix, colon, local = text.partition(":")
    if not colon or prefix not in PREFIXES:
        raise InputError(f"{where}: {text!r} is not a CURIE with a known prefix")
    return URIRef(PREFIXES[prefix] + local)


@dataclass(frozen=True)
class Minter:
    """IRIs for one article. `scope` is "" for the published unscoped IRIs."""

    scope: str

    def _scoped(self, namespace: str, local: str) -> URIRef:
        return URIRef(f"{namespace}{self.scope}/{local}" if self.scope else namespace + local)

    def article(self) -> URIRef:
        return ID[f"article/{self.scope}"] if self.scope else ID["article-snapshot"]

    def claim(self, local: str) -> URIRef:
        return self._scoped(str(CLAIM), local)

    def reference(self, number: int) -> URIRef:
        return self._scoped(str(REF), str(number))

    def work(self, number: int) -> URIRef:
        return self._scoped(str(WORK), str(number))

    def authorship(self, number: int, position: int) -> URIRef:
        return self._scoped(str(WORK), f"{number}-author-{position}")

    def section(self, local: str) -> URIRef:
        return self._scoped(str(SECTION), local)

    def footnote(self, label: str) -> URIRef:
        """ "a" -> .../footnote/a; a named group's "N 1" -> .../footnote/n-1."""
        return self._scoped(str(NOTE), label if label.isalnum() else slug(label))

    def population(self, local: str) -> URIRef:
        return self._scoped(str(POP), local)

    def side(self, local: str) -> URIRef:
        return self._scoped(str(ID), local)

    @staticmethod
    def agent(name: str) -> URIRef:
        return AGENT[slug(name)]

    @staticmethod
    def place(name: str) -> URIRef:
        return PLACE[slug(name)]

    @staticmethod
    def event(name: str) -> URIRef:
        return EVENT[slug(name)]

    @staticmethod
    def concept(name: str) -> URIRef:
        return CONCEPT[slug(name)]
