"""Content negotiation: which of the formats offered a request gets, from its Accept
header (q-values honoured) or, overriding it, a `format` parameter (`?format=csv`),
which is easier to type in a browser and which clients such as SPARQLWrapper send.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable

from warkg.server.http.errors import HttpError
from warkg.server.http.media import HTML, Format

_QVALUE = re.compile(r"^(?:0(?:\.[0-9]{0,3})?|1(?:\.0{0,3})?)$")
"""RFC 9110's qvalue: 0 to 1 with at most three decimals. Anything else (`1e309`, `nan`,
`2`) is malformed and counts as 0: it never makes a format win."""


def _media_ranges(accept: str) -> list[tuple[str, float]]:
    """`(type/subtype, q)` for each media range of an Accept header; malformed q is 0."""
    ranges = []
    for part in accept.split(","):
        media, *params = (p.strip() for p in part.split(";"))
        if not media:
            continue
        quality = 1.0
        for param in params:
            key, _, value = param.partition("=")
            if key.strip().lower() == "q":
                value = value.strip()
                quality = float(value) if _QVALUE.match(value) else 0.0
        ranges.append((media.lower(), quality))
    return ranges


def _quality(fmt: Format, ranges: list[tuple[str, float]]) -> float:
    """The q the client gives `fmt`: that of its most specific matching range. A range
    `type/*` matches the format's own media type only, not its aliases (`text/*` means
    CSV, not SPARQL XML by way of `text/xml`)."""
    best_specificity, quality = -1, 0.0
    for media_type in (fmt.media_type, *fmt.aliases, *fmt.accepted):
        kind = media_type.split("/")[0]
        for media, q in ranges:
            if media == media_type:
                specificity = 2
            elif media == f"{kind}/*" and media_type == fmt.media_type:
                specificity = 1
            elif media == "*/*":
                specificity = 0
            else:
                continue
            if specificity > best_specificity or (specificity == best_specificity and q > quality):
                best_specificity, quality = specificity, q
    return quality


def negotiate(
    offered: Iterable[Format],
    accept: str | None,
    requested: str | Iterable[str] | None = None,
    by_name_only: Iterable[Format] = (),
) -> Format:
    """The format to answer in: the one named by `requested` (`?format=`, which clients
    such as SPARQLWrapper add on their own, sometimes twice), else the one the Accept
    header prefers (ties go to the first offered), else the first offered.

    A `format` value that names no format offered here is ignored (content negotiation
    decides), as other endpoints do; values naming two different formats are a 400.
    406 if Accept admits none."""
    values = (requested,) if isinstance(requested, str) else tuple(requested or ())
    arguments = (tuple(offered), accept, values, tuple(by_name_only))
    if len(accept or "") + sum(len(v) for v in values) <= KEPT_LENGTH:
        return _kept(*arguments)
    return _negotiate(*arguments)


KEPT_LENGTH = 1024
"""Verdicts on an Accept header and `format` values up to this length together are kept
(clients send the same few headers again and again); longer ones are decided each time,
so a client cannot fill the server's memory with headers."""


def _negotiate(
    offered: tuple[Format, ...],
    accept: str | None,
    values: tuple[str, ...],
    by_name_only: tuple[Format, ...],
) -> Format:
    named = offered + by_name_only
    chosen: list[Format] = []
    for value in values:
        wanted = value.split(";")[0].strip().lower()
        fmt = next((f for f in named if f.named(wanted)), None)
        if fmt is not None and fmt not in chosen:
            chosen.append(fmt)
    if len(chosen) > 1:
        shown = " and ".join(repr(v) for v in values)
        raise HttpError(400, f"parameter 'format' given as {shown}, which disagree; give one")
    if chosen:
        return chosen[0]
    if not accept or not accept.strip():
        return offered[0]
    best = _preferred(offered, accept)
    if best is None:
        types = ", ".join(f.media_type for f in offered)
        raise HttpError(406, f"cannot answer in any type the Accept header allows; types: {types}")
    return best


_kept = functools.lru_cache(maxsize=512)(_negotiate)
"""`_negotiate`, its verdicts kept (a refusal is raised again each time, never kept)."""


def _preferred(offered: tuple[Format, ...], accept: str) -> Format | None:
    """The format of `offered` the Accept header ranks highest (ties: the first); None
    if it admits none."""
    ranges = _media_ranges(accept)
    best, best_quality = None, 0.0
    for fmt in offered:
        quality = _quality(fmt, ranges)
        if quality > best_quality:
            best, best_quality = fmt, quality
    return best


def prefers_html(accept: str | None, requested: str | None, others: tuple[Format, ...]) -> bool:
    """Whether the client ranks HTML above every other format offered (a browser does;
    a program that sends no Accept, or `*/*`, gets the data it always got)."""
    if requested:
        return requested == "html"
    if not accept:
        return False
    try:
        return negotiate((*others, HTML), accept) is HTML
    except HttpError:
        return False
