"""Rules for the infobox's rows: the conflict's dates, result and parent conflict, and
its belligerents by side with the stances the article reports on them."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS, XSD

from warkg.build.dates import parse_date_range
from warkg.build.iris import slug
from warkg.build.model import InfoboxField, InfoboxLine, MarkedText
from warkg.build.rules.common import cite, evidence
from warkg.build.rules.context import Context
from warkg.build.vocabulary import vocabulary
from warkg.rdf.namespaces import WARKG

__all__ = [
    "belligerents",
    "columns",
    "date",
    "part_of",
    "result",
    "side_label",
    "side_node",
    "state_fact",
]

PART = "war"
_DURATION_RE = re.compile(r"^\s*\((?P<duration>[^()]+)\)")
_PAREN_RE = re.compile(r"^(?P<name>[^(]+?)\s*\((?P<inside>.*)\)\s*$")
_STANCE_RE = re.compile(r"^(?P<verb>\w+) by (?P<who>.+?),?$")
_STANCE_LABELS = {
    WARKG.allegation: "{who} alleges that {subject} was a belligerent",
    WARKG.denial: "{who} denies that {subject} was a belligerent",
}


def _day(value) -> str:
    return f"{value.day} {value.strftime('%B')} {value.year}"


def state_fact(
    context: Context,
    claim_local: str,
    label: str,
    prop: URIRef,
    value: Literal | URIRef,
    line: InfoboxLine,
    rule: str,
    about: URIRef | None = None,
) -> URIRef:
    """A fact claim read from an infobox line, and its statement on its subject."""
    add = context.out.add
    claim = context.minter.claim(claim_local)
    subject = about or context.subject
    amend = context.curation.amend.get(claim_local, {})
    add(PART, claim, RDF.type, WARKG.FactClaim, rule)
    if "label" in amend:
        add(
            PART,
            claim,
            RDFS.label,
            Literal(amend["label"], lang="en"),
            rule,
            f"amend.{claim_local}",
        )
    else:
        add(PART, claim, RDFS.label, Literal(label, lang="en"), rule)
    add(PART, claim, WARKG.about, subject, rule)
    add(PART, claim, WARKG.statesProperty, prop, rule)
    add(
        PART,
        claim,
        WARKG.statesValue if isinstance(value, Literal) else WARKG.statesObject,
        value,
        rule,
    )
    claim_evidence(context, claim, claim_local, line, rule)
    cite(context, PART, claim, line.text, rule)
    add(PART, subject, prop, value, "fact-statement")
    return claim


def claim_evidence(
    context: Context, claim: URIRef, claim_local: str, line: InfoboxLine, rule: str
) -> None:
    """The line's text as evidence, or the curation's longer quote of the same row."""
    section = context.section_of(line)
    amend = context.curation.amend.get(claim_local, {})
    if "evidence" in amend:
        quote = amend["evidence"]
        row = next(f for f in context.article.infobox.fields if line in f.lines)
        if quote not in row.raw or (line.text.text not in quote and line.raw not in quote):
            context.fail(f"amend.{claim_local}: evidence {quote!r} is not this line's row")
        evidence(context, PART, claim, quote, section, rule, f"amend.{claim_local}")
    else:
        evidence(context, PART, claim, line.text.text, section, rule)


def date(context: Context) -> None:
    """ "27 September - 10 November 2020 (1 month and 2 weeks)": start, end, duration."""
    row = context.article.infobox and context.article.infobox.field("date")
    if row is None or row.is_empty:
        return
    line = row.lines[0]
    read = parse_date_range(line.text.plain)
    if read is None:
        context.warn(f"date row: {line.text.plain!r} is not a date this rule reads")
        return
    noun, rule = context.noun, "infobox-date"
    value = Literal(read.start.isoformat(), datatype=XSD.date)
    if read.end is None:
        state_fact(
            context,
            f"{noun}-date",
            f"The {noun} took place on {_day(read.start)}",
            WARKG.startDate,
            value,
            line,
            rule,
        )
    else:
        state_fact(
            context,
            f"{noun}-start-date",
            f"The {noun} began on {_day(read.start)}",
            WARKG.startDate,
            value,
            line,
            rule,
        )
        state_fact(
            context,
            f"{noun}-end-date",
            f"The {noun} ended on {_day(read.end)}",
            WARKG.endDate,
            Literal(read.end.isoformat(), datatype=XSD.date),
            line,
            rule,
        )
    duration = _DURATION_RE.match(read.rest)
    if duration:
        stated = duration["duration"].strip()
        state_fact(
            context,
            f"{noun}-duration-as-stated",
            f"The {noun} lasted {stated}",
            WARKG.durationAsStated,
            Literal(stated),
            line,
            rule,
        )


def result(context: Context) -> None:
    """ "Azerbaijani victory": the belligerent the adjective names is the victor."""
    row = context.article.infobox and context.article.infobox.field("result")
    if row is None or row.is_empty:
        return
    line = row.lines[0]
    match = re.match(r"^(?:Decisive )?(?P<adjective>[A-Z][\w-]+) victory\b", line.text.plain)
    if match is None:
        return
    nationality = vocabulary().nationalities.get(match["adjective"])
    if nationality is None:
        context.warn(f"result row: no country known for {match['adjective']!r}")
        return
    victor = context.minter.agent(nationality.country)
    participants = {context.minter.agent(name) for name, _ in _belligerent_names(context)}
    if victor not in participants:
        context.warn(f"result row: {nationality.country} is not among the belligerents")
        return
    noun = context.noun
    state_fact(
        context,
        f"{noun}-result",
        f"The {noun} resulted in {line.text.plain.split('[')[0]}",
        WARKG.victor,
        victor,
        line,
        "infobox-result",
    )


def part_of(context: Context) -> None:
    """ "Part of the Nagorno-Karabakh conflict": the conflict this one is part of."""
    row = context.article.infobox and context.article.infobox.field("partof")
    if row is None or row.is_empty:
        return
    line = row.lines[0]
    # "Part of the X" as rendered, "the [[X]]" as wikitext writes it: the name is X
    name = re.sub(r"^(?:Part of )?(?:the )?", "", line.text.plain).strip()
    if not name:
        return
    parent = context.minter.event(name)
    context.out.add(PART, parent, RDFS.label, Literal(name, lang="en"), "infobox-part-of")
    noun = context.noun
    state_fact(
        context,
        f"{noun}-part-of-conflict",
        f"The {noun} is part of the {name}",
        WARKG.partOf,
        parent,
        line,
        "infobox-part-of",
    )


def columns(context: Context, row: InfoboxField) -> list[tuple[InfoboxLine, str | None]]:
    """Each line of a multi-column row with the key of its side (None: no side). The
    source's columns where it has them; else the curation's column starts."""
    pairs: list[tuple[InfoboxLine, str | None]] = []
    starts = context.curation.columns.get(row.name)
    if starts is None:
        for cell in row.cells:
            key = f"side-{cell.column}" if cell.column else None
            pairs.extend((line, key) for line in cell.lines)
        return pairs
    plains = [line.text.plain for line in row.lines]
    begin = {}
    for index, (start, side) in enumerate(starts):
        where = [i for i, plain in enumerate(plains) if plain == start]
        if len(where) != 1:
            context.fail(f"columns.{row.name}[{index}]: {start!r} starts {len(where)} lines")
        begin[where[0]] = side
    side = None
    for index, line in enumerate(row.lines):
        side = begin.get(index, side)
        pairs.append((line, side))
    return pairs


def side_node(context: Context, key: str, first_name: str | None = None) -> URIRef:
    """The side's node with its label and the curation's comment."""
    add = context.out.add
    node = context.minter.side(key)
    add(PART, node, RDF.type, WARKG.Side, "sides")
    decided = context.curation.sides.get(key)
    if decided is not None:
        label, comment = decided
        add(PART, node, RDFS.label, Literal(label, lang="en"), "sides", f"sides.{key}")
        if comment:
            add(PART, node, RDFS.comment, Literal(comment, lang="en"), "sides", f"sides.{key}")
        context.side_labels[key] = label
    elif first_name and key not in context.side_labels:
        label = f"{first_name} side"
        add(PART, node, RDFS.label, Literal(label, lang="en"), "sides")
        context.side_labels[key] = label
    add(PART, context.subject, WARKG.hasSide, node, "sides")
    return node


def side_label(context: Context, key: str) -> str:
    """The side's label: the curation's, else "<first belligerent> side", else its key."""
    if key in context.curation.sides:
        return context.curation.sides[key][0]
    return context.side_labels.get(key, key)


def _belligerent_names(context: Context) -> list[tuple[str, bool]]:
    row = context.article.infobox and context.article.infobox.field("combatant")
    if row is None:
        return []
    return [_name_of(context, line) for line in row.lines if not line.text.plain.endswith(":")]


def _name_of(context: Context, line: InfoboxLine) -> tuple[str, bool]:
    """The participant's name, and whether the curation decided it."""
    plain = line.text.plain.strip()
    if plain in context.curation.belligerent_names:
        return context.curation.belligerent_names[plain], True
    match = _PAREN_RE.match(plain)
    return (match["name"] if match else plain).strip(), False


def belligerents(context: Context) -> None:
    row = context.article.infobox and context.article.infobox.field("combatant")
    if row is None:
        return
    sides: dict[str, URIRef] = {}
    lines = [
        (line, key) for line, key in columns(context, row) if not line.text.plain.endswith(":")
    ]
    # A name listed on two sides ("Native Americans") is two claims, one per side.
    keys_of: dict[str, set[str | None]] = {}
    for line, side_key in lines:
        keys_of.setdefault(_name_of(context, line)[0], set()).add(side_key)
    for line, side_key in lines:
        name, decided = _name_of(context, line)
        if side_key is None:
            context.warn(f"belligerent {name!r}: the source does not show its side")
            continue
        if side_key not in sides:
            sides[side_key] = side_node(context, side_key, name)
        on_two = len(keys_of[name]) > 1
        _belligerent(context, line, name, decided, side_key, sides[side_key], on_two, row)
    used = {line.text.plain for line in row.lines}
    for plain in context.curation.belligerent_names:
        if plain not in used:
            context.fail(f"belligerents.{plain}: no belligerent line reads so")


def _stances(text: MarkedText) -> list[tuple[URIRef, str, str, MarkedText]]:
    """The stances in a belligerent's brackets: (type, who, as stated, their text)."""
    start = text.text.find("(")
    end = text.text.rfind(")")
    if start < 0 or end < start:
        return []
    found = []
    for segment in text.slice(start + 1, end).segments():
        stated = segment.plain.strip().rstrip(",").strip()
        match = _STANCE_RE.match(stated)
        kind = vocabulary().stances.get(match["verb"]) if match else None
        if kind is None:
            return []
        found.append((WARKG[kind], match["who"], stated, segment))
    return found


def _belligerent(
    context: Context,
    line: InfoboxLine,
    name: str,
    decided: bool,
    side_key: str,
    side: URIRef,
    on_two_sides: bool,
    row: InfoboxField,
) -> None:
    add, minter = context.out.add, context.minter
    rule = "infobox-belligerent"
    local = f"belligerent-{slug(name)}" + (f"-{side_key}" if on_two_sides else "")
    claim = minter.claim(local)
    participant = context.curation.names.get(name) or minter.agent(name)
    decision = "belligerents" if decided else None
    add(PART, participant, RDFS.label, Literal(name, lang="en"), rule, decision)
    stances = _stances(line.text) if not decided else []
    label = f"{name} was a belligerent on the {side_label(context, side_key)}"
    if stances:
        label += " (" + ", ".join(stated for _, _, stated, _ in stances) + ")"
    amend = context.curation.amend.get(local, {})
    add(PART, claim, RDF.type, WARKG.ParticipationClaim, rule)
    if "label" in amend:
        add(PART, claim, RDFS.label, Literal(amend["label"], lang="en"), rule, f"amend.{local}")
    else:
        side_decision = f"sides.{side_key}" if side_key in context.curation.sides else None
        add(PART, claim, RDFS.label, Literal(label, lang="en"), rule, side_decision)
    add(PART, claim, WARKG.about, context.subject, rule)
    add(PART, claim, WARKG.participant, participant, rule, decision)
    column_decision = f"columns.{side_key}" if "combatant" in context.curation.columns else None
    add(PART, claim, WARKG.onSide, side, rule, column_decision)
    claim_evidence(context, claim, local, line, rule)
    if line.flag:
        add(PART, claim, WARKG.flagAsShown, Literal(line.flag), rule)
    allegations = [text for kind, _, _, text in stances if kind == WARKG.allegation]
    if stances:
        vouching = MarkedText("", tuple(c for text in allegations for c in text.citations))
        cite(context, PART, claim, vouching, rule)
    else:
        cite(context, PART, claim, line.text, rule)
    for kind, who, stated, text in stances:
        holder = context.curation.names.get(who) or minter.agent(who)
        stance = minter.claim(f"{slug(name)}-belligerence-{slug(stated)}")
        subject = "it" if who == name else name
        add(PART, claim, WARKG.hasStance, stance, rule)
        add(PART, stance, RDF.type, WARKG.Stance, rule)
        add(
            PART,
            stance,
            RDFS.label,
            Literal(_STANCE_LABELS[kind].format(who=who, subject=subject), lang="en"),
            rule,
        )
        add(PART, stance, WARKG.about, context.subject, rule)
        add(PART, stance, WARKG.claimant, holder, rule)
        add(PART, stance, WARKG.claimantAsStated, Literal(stated), rule)
        add(PART, stance, WARKG.stanceOn, claim, rule)
        add(PART, stance, WARKG.stanceType, kind, rule)
        evidence(context, PART, stance, line.text.text, context.section_of(line), rule)
        cite(context, PART, stance, text, rule)
