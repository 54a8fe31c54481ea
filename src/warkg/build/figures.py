"""Reading a figure as the article writes it: the number, and how exact the article says
it is.

    "3,825"            exact
    "~11,000"          approximate ("~", "c.", "about", "around", "approximately")
    "60+"              at least 60 ("+", "at least", "over", "more than")
    "up to 50,000"     at most 50,000 ("up to", "at most", "fewer than", "under")
    "9,000-10,000"     between two bounds, no single figure ("-", "-", "to")
    "five", "Three"    number words

A figure keeps its words exactly (`stated`), so the graph can show what the article
wrote next to what was read from it. Nothing is rounded or guessed: a range has bounds
and no amount, a lower bound has no upper bound.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from warkg.build.vocabulary import vocabulary

__all__ = ["Figure", "number_value", "read_figure"]

_NUMBER = r"\d{1,3}(?:,\d{3})+|\d+"
_APPROXIMATE = r"~|c\.|ca\.|circa|about|around|approximately|approx\.|roughly|nearly|some"
_AT_LEAST = r"at least|over|more than|in excess of"
_AT_MOST = r"up to|at most|fewer than|less than|under"


@dataclass(frozen=True)
class Figure:
    """A figure read from text. `exactness` is "exact", "approximate", "atLeast",
    "atMost" or "between"; `amount` is None for "between" (a range names no single
    figure); `lower`/`upper` are the bounds the text gives."""

    stated: str
    exactness: str
    amount: int | None
    lower: int | None = None
    upper: int | None = None


@cache
def _number_pattern() -> str:
    words = "|".join(sorted(vocabulary().numbers, key=len, reverse=True))
    return rf"(?:{_NUMBER}|(?i:{words}))"


@cache
def _figure_re() -> re.Pattern[str]:
    number = _number_pattern()
    return re.compile(
        rf"^(?:(?P<range_low>{number})\s*(?:\u2013|-|\u2014| to )\s*(?P<range_high>{number})"
        rf"|(?i:between) (?P<between_low>{number}) and (?P<between_high>{number})"
        rf"|(?P<approx>(?i:{_APPROXIMATE}))\s*(?P<approx_n>{number})"
        rf"|(?P<least>(?i:{_AT_LEAST})) (?P<least_n>{number})"
        rf"|(?P<most>(?i:{_AT_MOST})) (?P<most_n>{number})"
        rf"|(?P<plus_n>{number})\+"
        rf"|(?P<exact_n>{number}))(?![\d,]*\d)"
    )


def number_value(text: str) -> int:
    """ "11,000" -> 11000, "Three" -> 3."""
    if text[0].isdigit():
        return int(text.replace(",", ""))
    return vocabulary().numbers[text.lower()]


def read_figure(text: str) -> tuple[Figure, str] | None:
    """The figure at the start of `text` and the rest of the text after it, or None when
    the text does not start with one."""
    match = _figure_re().match(text)
    if match is None:
        return None
    stated = match.group(0)
    rest = text[match.end() :]
    if match["range_low"]:
        low, high = number_value(match["range_low"]), number_value(match["range_high"])
        if low > high:
            return None
        return Figure(stated, "between", None, low, high), rest
    if match["between_low"]:
        low, high = number_value(match["between_low"]), number_value(match["between_high"])
        if low > high:
            return None
        return Figure(stated, "between", None, low, high), rest
    if match["approx"]:
        return Figure(stated, "approximate", number_value(match["approx_n"])), rest
    if match["least"]:
        value = number_value(match["least_n"])
        return Figure(stated, "atLeast", value, lower=value), rest
    if match["most"]:
        value = number_value(match["most_n"])
        return Figure(stated, "atMost", value, upper=value), rest
    if match["plus_n"]:
        value = number_value(match["plus_n"])
        return Figure(stated, "atLeast", value, lower=value), rest
    return Figure(stated, "exact", number_value(match["exact_n"])), rest
