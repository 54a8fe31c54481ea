"""A total and its parts, as casualty lines often give them:

    23,049 total (3,155 killed; 14,529 wounded; 5,365 captured/missing)[12]

The total is one claim (measure totalCasualties) and each part another, with the
measure its words name, linked to the total by warkg:partOfTotal. Each figure is vouched
for by its own markers, else by the first run of markers after it. The line names no
population, so the claims carry what they count in the article's words
(warkg:countsAsStated) and the side of their column.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from warkg.build.figures import Figure, read_figure
from warkg.build.iris import slug
from warkg.build.model import InfoboxLine, MarkedText
from warkg.build.rules.common import cite, evidence, exactness
from warkg.build.rules.context import Context
from warkg.build.rules.infobox import side_node
from warkg.build.vocabulary import vocabulary
from warkg.rdf.namespaces import WARKG

__all__ = ["Total", "emit_total", "read_total"]

PART = "war"
RULE = "infobox-casualty-total"
_TOTAL_RE = re.compile(r"^(?P<head>.+?)\s+total\s*(?P<open>\()(?P<parts>[^()]+)(?P<close>\))")


@dataclass(frozen=True)
class Piece:
    figure: Figure
    words: str
    measure: str
    vouching: MarkedText


@dataclass(frozen=True)
class Total:
    figure: Figure
    vouching: MarkedText
    parts: tuple[Piece, ...]


def _run_after(text: MarkedText, at: int) -> MarkedText:
    """The first run of adjacent markers at or after `at`."""
    run = []
    for citation in (c for c in text.citations if c.start >= at):
        if run and citation.start != run[-1].end:
            break
        run.append(citation)
    return MarkedText("", tuple(run))


def read_total(text: MarkedText) -> Total | None:
    """The total and its parts, or None if the line is not "N total (A x; B y; ...)"
    with a figure and a known measure in every part."""
    plain_match = _TOTAL_RE.match(text.text)
    if plain_match is None:
        return None
    head = MarkedText.rendered(plain_match["head"])
    read = read_figure(head.plain.strip())
    if read is None or read[1].strip():
        return None
    figure = read[0]
    measures = vocabulary().measures
    parts = []
    at = plain_match.start("parts")
    for chunk in plain_match["parts"].split(";"):
        start = at + len(chunk) - len(chunk.lstrip())
        end = at + len(chunk.rstrip())
        at += len(chunk) + 1
        piece = text.slice(start, end)
        read_part = read_figure(piece.plain.strip())
        if read_part is None:
            return None
        part_figure, words = read_part[0], read_part[1].strip()
        if words not in measures:
            return None
        own = piece if piece.citations else _run_after(text, end)
        parts.append(Piece(part_figure, words, measures[words], MarkedText("", own.citations)))
    own_total = head.citations and MarkedText("", head.citations)
    vouching = own_total or _run_after(text, plain_match.end("close"))
    return Total(figure, vouching, tuple(parts))


def _claim(
    context: Context,
    local: str,
    label: str,
    figure: Figure,
    measure: URIRef,
    counts: str,
    line: InfoboxLine,
    vouching: MarkedText,
    side_key: str | None,
    header: tuple[str, list[str]] | None,
) -> URIRef:
    add = context.out.add
    claim = context.minter.claim(local)
    add(PART, claim, RDF.type, WARKG.CasualtyClaim, RULE)
    add(PART, claim, RDFS.label, Literal(label, lang="en"), RULE)
    add(PART, claim, WARKG.about, context.subject, RULE)
    add(PART, claim, WARKG.measure, measure, RULE)
    add(PART, claim, WARKG.countsAsStated, Literal(counts), RULE)
    add(PART, claim, WARKG.statedAs, Literal(figure.stated), RULE)
    exactness(context, PART, claim, figure, RULE)
    if side_key is not None:
        decision = f"columns.{side_key}" if "casualties" in context.curation.columns else None
        add(PART, claim, WARKG.onSide, side_node(context, side_key), RULE, decision)
    if header is not None:
        add(PART, claim, WARKG.claimantAsStated, Literal(header[0]), RULE)
        for who in header[1]:
            holder = context.curation.names.get(who) or context.minter.agent(who)
            decision = f"names.{who}" if who in context.curation.names else None
            add(PART, claim, WARKG.claimant, holder, RULE, decision)
    evidence(context, PART, claim, line.text.text, context.section_of(line), RULE)
    cite(context, PART, claim, vouching, RULE)
    return claim


def emit_total(
    context: Context,
    line: InfoboxLine,
    total: Total,
    side_key: str | None,
    header: tuple[str, list[str]] | None,
) -> None:
    """The total's claim and one claim per part, each part linked to the total."""
    prefix = "-".join(
        part
        for part in (
            slug(header[0].removeprefix("Per ")) if header else "",
            side_key or "",
        )
        if part
    )
    stem = f"{prefix}-total" if prefix else "total"
    said = f"{header[0]}: " if header else ""
    whole = _claim(
        context,
        f"{stem}-{slug(total.figure.stated)}",
        f"{said}{total.figure.stated} total",
        total.figure,
        WARKG.totalCasualties,
        "total",
        line,
        total.vouching,
        side_key,
        header,
    )
    for piece in total.parts:
        claim = _claim(
            context,
            f"{stem}-{slug(total.figure.stated)}-{slug(piece.words)}",
            f"{said}{piece.figure.stated} {piece.words} (of {total.figure.stated} total)",
            piece.figure,
            WARKG[piece.measure],
            piece.words,
            line,
            piece.vouching,
            side_key,
            header,
        )
        context.out.add(PART, claim, WARKG.partOfTotal, whole, RULE)
