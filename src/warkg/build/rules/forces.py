"""Rules for the infobox's commanders and leaders, and its units involved: who led and
which units fought, on which side (the row's column), with the fate the infobox marks
a commander with (a dagger for killed in action, "(POW)", "(WIA)") and the flag it
shows beside them, as the source names it."""

from __future__ import annotations

import re

from rdflib import Literal, URIRef
from rdflib.namespace import PROV, RDF, RDFS

from warkg.build.iris import slug
from warkg.build.model import InfoboxLine
from warkg.build.rules.common import cite, evidence
from warkg.build.rules.context import Context
from warkg.build.rules.infobox import columns, side_label, side_node
from warkg.rdf.namespaces import WARKG

__all__ = ["commanders", "units"]

PART = "war"
_FATES = (
    (re.compile(r"\s*\u2020$"), WARKG.killedInAction),
    (re.compile(r"\s*\(POW\)$"), WARKG.prisonerOfWar),
    (re.compile(r"\s*\(WIA\)$"), WARKG.woundedInAction),
)
_NOT_A_NAME_RE = re.compile(r"^(?:\.\.\.|\u2026)|(?i:^full list$)|:$")


def _fates(name: str) -> tuple[str, list[URIRef]]:
    """The name without the fate marks after it, and the fates they mark."""
    fates = []
    changed = True
    while changed:
        changed = False
        for pattern, fate in _FATES:
            match = pattern.search(name)
            if match:
                name, changed = name[: match.start()], True
                fates.append(fate)
    return name.strip(), fates


def _rows(context: Context, name: str) -> list[tuple[InfoboxLine, str | None]]:
    row = context.article.infobox and context.article.infobox.field(name)
    if row is None:
        return []
    return [
        (line, side_key)
        for line, side_key in columns(context, row)
        if line.text.plain.strip() and not _NOT_A_NAME_RE.search(line.text.plain.strip())
    ]


def _claim(
    context: Context,
    line: InfoboxLine,
    side_key: str | None,
    name: str,
    local: str,
    rule: str,
    row: str,
) -> URIRef | None:
    add = context.out.add
    if side_key is None:
        context.warn(f"{rule}: {name!r}: the source does not show its side")
        return None
    side = side_node(context, side_key)
    claim = context.minter.claim(local)
    add(PART, claim, WARKG.about, context.subject, rule)
    decision = f"columns.{side_key}" if row in context.curation.columns else None
    add(PART, claim, WARKG.onSide, side, rule, decision)
    evidence(context, PART, claim, line.text.text, context.section_of(line), rule)
    cite(context, PART, claim, line.text, rule)
    if line.flag:
        add(PART, claim, WARKG.flagAsShown, Literal(line.flag), rule)
    return claim


def commanders(context: Context) -> None:
    """Each commander or leader: a person, on the side of the row's column."""
    rule, add = "infobox-commander", context.out.add
    for line, side_key in _rows(context, "commander"):
        name, fates = _fates(line.text.plain.strip())
        if not name:
            continue
        local = f"commander-{slug(name)}"
        claim = _claim(context, line, side_key, name, local, rule, "commander")
        if claim is None:
            continue
        person = context.curation.names.get(name) or context.minter.agent(name)
        add(PART, person, RDF.type, PROV.Person, rule)
        add(PART, person, RDFS.label, Literal(name, lang="en"), rule)
        add(PART, claim, RDF.type, WARKG.CommandClaim, rule)
        label = f"{name} commanded or led on the {side_label(context, side_key)}"
        add(PART, claim, RDFS.label, Literal(label, lang="en"), rule)
        add(PART, claim, WARKG.commander, person, rule)
        for fate in fates:
            add(PART, claim, WARKG.fate, fate, rule)


def units(context: Context) -> None:
    """Each unit involved, on the side of the row's column."""
    rule, add = "infobox-unit", context.out.add
    for line, side_key in _rows(context, "units"):
        name = line.text.plain.strip()
        claim = _claim(context, line, side_key, name, f"unit-{slug(name)}", rule, "units")
        if claim is None:
            continue
        unit = context.curation.names.get(name) or context.minter.agent(name)
        add(PART, unit, RDF.type, WARKG.MilitaryUnit, rule)
        add(PART, unit, RDFS.label, Literal(name, lang="en"), rule)
        add(PART, claim, RDF.type, WARKG.UnitClaim, rule)
        label = f"{name} took part on the {side_label(context, side_key)}"
        add(PART, claim, RDFS.label, Literal(label, lang="en"), rule)
        add(PART, claim, WARKG.unitInvolved, unit, rule)
