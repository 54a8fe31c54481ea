"""Rules for figures the vocabulary does not know: the strength row, and casualty lines
whose measure or population warkg has no word for.

Each figure becomes a quantity claim with what the text gives and nothing more: the
figure as written (and how exact the article says it is), the side its column stands
for, the heading above it as written ("Great Britain:", "Army:"), the words saying what
it counts as written ("army troops killed in battle"), the references cited at it, and
the line as evidence. A "Per X:" heading names a claimant; any other heading is kept
as written, since it may name whom the figure is about or who states it.

    40,000 (Average)[8]                       one figure
    1,243 navy killed, 42,000 deserted[20]   two, both vouched for by [20]
    Overall casualties up to 50,000[17]       a figure inside the line ("up to": at most)
    no ships of the line                      "no" at the start of a line: zero
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from warkg.build.figures import Figure, read_figure
from warkg.build.iris import slug
from warkg.build.model import InfoboxField, InfoboxLine, MarkedText
from warkg.build.rules.common import cite, evidence, exactness
from warkg.build.rules.context import POINTER_RE, Context
from warkg.build.rules.infobox import columns, side_node
from warkg.rdf.namespaces import WARKG

__all__ = [
    "FigureClause",
    "HeadedLine",
    "emit",
    "figure_clauses",
    "generic_figures",
    "headed_line",
    "headed_lines",
    "lines_under_headings",
    "strength",
]

PART = "war"
_HEADER_RE = re.compile(r"^Per (?P<who>.+):$")
_INLINE_HEADING_RE = re.compile(r"^(?P<heading>[^\d:~()\[\]]{2,60}):\s+(?=\S)")
_CLAUSE_SPLIT_RE = re.compile(r",\s+(?=[~]?\d)|;\s+(?=[~]?\d)|\s+and\s+(?=[~]?\d)")
# Where a figure may start inside a line: a digit, or words that open one.
_FIGURE_START_RE = re.compile(
    r"(?<![\w,.])(?:\d|~|(?i:c\.|ca\.|circa|about|around|approximately|approx\.|roughly|"
    r"nearly|at least|over|more than|in excess of|up to|at most|fewer than|less than|"
    r"under|between)\s*\d)"
)
_ZERO_RE = re.compile(r"^(?P<stated>[Nn]o)\s+(?=[a-z])")
_YEAR_ONLY_RE = re.compile(r"^\(?\d{4}\)?$")
_MEASURES = {WARKG.StrengthClaim: WARKG.strength, WARKG.CasualtyClaim: WARKG.losses}


@dataclass(frozen=True)
class FigureClause:
    """One figure in a line: what it reads as, the words before and after it as written,
    and the markers that vouch for it."""

    figure: Figure
    before: str
    after: str
    citations: MarkedText

    @property
    def counts(self) -> str:
        """What the figure counts, as the line says it ("army troops killed in battle")."""
        return " ".join(part for part in (self.before, self.after) if part).strip()


def figure_clauses(text: MarkedText) -> list[FigureClause]:
    """The figures of a line, each with its words and the markers that vouch for it:
    its own, else the first run of markers after it in the line."""
    clauses = []
    pieces, at = [], 0
    for match in _CLAUSE_SPLIT_RE.finditer(text.text):
        pieces.append((at, match.start()))
        at = match.end()
    pieces.append((at, len(text.text)))
    for start, end in pieces:
        part = text.slice(start, end)
        plain = part.plain.strip()
        read = _first_figure(plain)
        if read is None:
            continue
        figure, before, after = read
        clauses.append(FigureClause(figure, before, after, _vouching(text, part, end)))
    return clauses


def _first_figure(plain: str) -> tuple[Figure, str, str] | None:
    zero = _ZERO_RE.match(plain)
    if zero:
        return Figure(zero["stated"], "exact", 0), "", plain[zero.end() :].strip()
    for match in _FIGURE_START_RE.finditer(plain):
        read = read_figure(plain[match.start() :])
        if read is None:
            continue
        figure, rest = read
        if figure.exactness == "exact" and _YEAR_ONLY_RE.match(figure.stated) and match.start():
            continue  # a year inside the words ("at height in 1779"), not a figure
        return figure, plain[: match.start()].strip(" ,;:"), rest.strip(" ,;")
    return None


def _vouching(text: MarkedText, part: MarkedText, end: int) -> MarkedText:
    if part.citations:
        return MarkedText("", part.citations)
    run = []
    for citation in (c for c in text.citations if c.start >= end):
        if run and citation.start != run[-1].end:
            break
        run.append(citation)
    return MarkedText("", tuple(run))


def strength(context: Context) -> None:
    """Every figure of the strength row, by side, with the headings above it."""
    row = context.article.infobox and context.article.infobox.field("strength")
    if row is None:
        return
    for headed in headed_lines(context, row):
        if context.curated(headed.line):
            continue
        if not generic_figures(context, headed, WARKG.StrengthClaim, "strength", row):
            context.warn(f"strength: no figure in {headed.text.plain!r}")


@dataclass(frozen=True)
class HeadedLine:
    """A line of a row with what stands above it: its side, heading and claimant."""

    line: InfoboxLine
    text: MarkedText  # the line without an inline heading
    side_key: str | None
    heading: str | None
    claimant: tuple[str, list[str]] | None


def headed_lines(context: Context, row: InfoboxField) -> Iterator[HeadedLine]:
    """Each line of a row that is neither a heading nor a pointer ("See ... for
    details"), with its side, heading as written and claimant header. A heading holds
    until the next heading or the end of its column; an inline heading ("France:
    10,000 ...") holds for its line only."""
    for line, side_key, heading, claimant in lines_under_headings(context, row):
        yield headed_line(line, side_key, heading, claimant)


def lines_under_headings(
    context: Context, row: InfoboxField
) -> Iterator[tuple[InfoboxLine, str | None, str | None, tuple[str, list[str]] | None]]:
    """Each line of a row that is neither a heading nor a pointer, with its side key, the
    heading above it ("Great Britain:") and the claimant header above it ("Per X:",
    as written and the names it gives), each holding until the next or the end of its
    column."""
    heading: str | None = None
    claimant: tuple[str, list[str]] | None = None
    column: object = ()
    for line, side_key in columns(context, row):
        if side_key != column:
            heading, claimant, column = None, None, side_key
        plain = line.text.plain.strip()
        header = _HEADER_RE.match(plain)
        if header:
            claimant, heading = (plain[:-1], header["who"].split("/")), None
            continue
        if POINTER_RE.match(plain) or not plain:
            continue
        if plain.endswith(":"):
            heading = plain[:-1].strip()
            continue
        yield line, side_key, heading, claimant


def headed_line(
    line: InfoboxLine,
    side_key: str | None,
    heading: str | None,
    claimant: tuple[str, list[str]] | None,
) -> HeadedLine:
    """The line with what stands above it; an inline heading ("France: 10,000 battle
    deaths") replaces the one above for this line."""
    inline = _INLINE_HEADING_RE.match(line.text.text)
    if inline:
        text = line.text.slice(inline.end(), len(line.text.text))
        return HeadedLine(line, text, side_key, inline["heading"].strip(), claimant)
    return HeadedLine(line, line.text, side_key, heading, claimant)


def generic_figures(
    context: Context, headed: HeadedLine, kind: URIRef, row_name: str, row: InfoboxField
) -> int:
    """Every figure of a line as a quantity claim of `kind`; how many there were."""
    clauses = figure_clauses(headed.text)
    for clause in clauses:
        emit(context, headed, clause, kind, row_name, row)
    return len(clauses)


def emit(
    context: Context,
    headed: HeadedLine,
    clause: FigureClause,
    kind: URIRef,
    row_name: str,
    row: InfoboxField,
) -> URIRef:
    """One quantity claim from a figure clause (see the module)."""
    add, minter = context.out.add, context.minter
    line, side_key, heading, claimant = (
        headed.line,
        headed.side_key,
        headed.heading,
        headed.claimant,
    )
    rule = f"infobox-{row_name}-figure"
    words = " ".join(part for part in (heading, clause.counts) if part)
    local = "-".join(
        part for part in (row_name, side_key or "", slug(words), slug(clause.figure.stated)) if part
    )
    claim = minter.claim(local)
    number = 2
    while (claim, RDF.type, kind) in context.out.makers:
        claim = minter.claim(f"{local}-{number}")
        number += 1
    stated = f"{clause.figure.stated} {clause.counts}".strip()
    label = f"{heading}: {stated}" if heading else stated
    if claimant:
        label = f"{claimant[0]}: {label}"
    add(PART, claim, RDF.type, kind, rule)
    add(PART, claim, RDFS.label, Literal(label, lang="en"), rule)
    add(PART, claim, WARKG.about, context.subject, rule)
    if side_key is not None:
        # The side is the source's column (strength1, casualties2), unless the curation
        # had to say where the columns start (rendered text runs them together).
        decision = f"columns.{row.name}" if row.name in context.curation.columns else None
        add(PART, claim, WARKG.onSide, side_node(context, side_key), rule, decision)
    if heading:
        add(PART, claim, WARKG.headingAsStated, Literal(heading), rule)
    if clause.counts:
        add(PART, claim, WARKG.countsAsStated, Literal(clause.counts), rule)
    if claimant:
        add(PART, claim, WARKG.claimantAsStated, Literal(claimant[0]), rule)
        for who in claimant[1]:
            holder = context.curation.names.get(who) or minter.agent(who)
            decision = f"names.{who}" if who in context.curation.names else None
            add(PART, claim, WARKG.claimant, holder, rule, decision)
    evidence(context, PART, claim, line.text.text, context.section_of(line), rule)
    cite(context, PART, claim, clause.citations, rule)
    figure = clause.figure
    # What it measures in general terms (warkg:strength, warkg:losses); the words the
    # article uses stay in countsAsStated.
    add(PART, claim, WARKG.measure, _MEASURES[kind], rule)
    add(PART, claim, WARKG.statedAs, Literal(figure.stated), rule)
    exactness(context, PART, claim, figure, rule)
    return claim
