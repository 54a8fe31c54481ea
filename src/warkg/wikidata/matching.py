"""Comparing names: the one scoring rule both reconcilers use (`warkg serve`'s /reconcile
over our entities, and `warkg wikidata reconcile` over Wikidata's candidates).

Why a rule of our own rather than a fuzzy-matching library: the scores end up in a
review file and in OpenRefine's match decisions, so they must be explainable in one
line: 100 for the same name once case, accents, punctuation and spacing are set aside,
else the similarity of the two normalised names (difflib's ratio, 0-100), and the best
over the label and every alias.
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass

_NOT_WORD = re.compile(r"[^\w]+")


def normalise(name: str) -> str:
    """`Republic of Artsakh` and `republic of  ARTSAKH.` both become
    `republic of artsakh`: case-folded, accents and punctuation removed, spaces single."""
    decomposed = unicodedata.normalize("NFKD", name)
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return " ".join(_NOT_WORD.sub(" ", plain.casefold()).split())


def tokens(name: str) -> set[str]:
    """The words of the normalised name, for an index that finds candidates quickly."""
    return set(normalise(name).split())


@dataclass(frozen=True)
class NameMatch:
    """How well a query matched one name of a candidate: `score` 0-100, `name` the
    candidate's name that matched best, `kind` label or alias, `exact` whether the
    normalised names are equal."""

    score: float
    name: str
    kind: str
    exact: bool


def similarity(query: str, name: str) -> float:
    """0-100: 100 for equal normalised names, else difflib's ratio of the two."""
    a, b = normalise(query), normalise(name)
    if not a or not b:
        return 0.0
    if a == b:
        return 100.0
    return round(100 * difflib.SequenceMatcher(None, a, b).ratio(), 1)


def best_match(query: str, label: str, aliases: Iterable[str] = ()) -> NameMatch:
    """The best of the label and the aliases; an alias must score higher to win, so an
    equal alias never hides the label."""
    best = NameMatch(similarity(query, label), label, "label", normalise(query) == normalise(label))
    for alias in aliases:
        score = similarity(query, alias)
        if score > best.score:
            best = NameMatch(score, alias, "alias", normalise(query) == normalise(alias))
    return best
