"""Rules for the casualties row: each figure as the article writes it, who claims it,
whom it counts, what it counts, and the references cited at it.

A line holds one or more figures:

    2,906 servicemen killed[b]                       one figure
    100 Azerbaijani[61] and 85 Armenian civilians killed[c]
                                                     two, sharing "civilians killed"
    1 Russian Mi-24 shot down, 2 crew members killed, 1 injured[66]
                                                     three; "1 injured" counts the crew
    40,000 Azerbaijanis (according to Azerbaijan)[71] and 100,000 Armenians displaced[...]
                                                     an inline claimant

Each figure is vouched for by the first run of markers at or after it. "Per X:" lines
name the claimant of the figures below them; "See ... for details" lines point
elsewhere. Words the vocabulary does not know make the figure unreadable: it is
reported, not guessed.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import Literal, URIRef
from rdflib.namespace import RDF, RDFS

from warkg.build.curation import PopulationDecision
from warkg.build.figures import Figure, read_figure
from warkg.build.iris import slug
from warkg.build.model import InfoboxLine, MarkedText
from warkg.build.rules.common import cite, evidence, exactness
from warkg.build.rules.context import Context
from warkg.build.rules.infobox import side_label
from warkg.build.rules.quantities import generic_figures, headed_line, lines_under_headings
from warkg.build.rules.totals import emit_total, read_total
from warkg.build.vocabulary import vocabulary
from warkg.rdf.namespaces import WARKG

__all__ = ["casualties"]

PART = "war"
RULE = "infobox-casualty"
_QUALIFIER_RE = re.compile(r"\s*\((?P<qualifier>according to (?P<who>[^()]+))\)")
_CLAUSE_SPLIT_RE = re.compile(r",\s+(?=[~]?\d)|\s+and\s+(?=[~]?\d)")


@dataclass
class Population:
    """Whom a figure counts: the words as written and what they were read as."""

    words: str
    iri: URIRef
    label: str
    group: URIRef
    nationality: str | None = None
    equipment: URIRef | None = None
    decision: str | None = None
    claim_words: str | None = None


@dataclass
class Clause:
    figure: Figure
    words: str  # population words as written (may be partial: "Azerbaijani")
    measure: str | None
    circumstance: str | None
    qualifier: str | None
    qualifier_who: str | None
    citations: MarkedText
    coordinated: bool


def casualties(context: Context) -> None:
    row = context.article.infobox and context.article.infobox.field("casualties")
    if row is None:
        return
    for line, side_key, heading, header in lines_under_headings(context, row):
        plain = line.text.plain.strip()
        total = read_total(line.text)
        if total is not None:  # "23,049 total (3,155 killed; ...)"
            emit_total(context, line, total, side_key, header)
            continue
        clauses = None if heading else _clauses(context, line, quiet=True)
        if clauses and any(_population(context, c, side_key, quiet=True) is None for c in clauses):
            clauses = None  # whom it counts has no words in the vocabulary: as written
        if clauses is None:
            # Words the vocabulary does not know: each figure as the line writes it.
            headed = headed_line(line, side_key, heading, header)
            if not generic_figures(context, headed, WARKG.CasualtyClaim, "casualties", row):
                context.warn(f"casualties: no figure in {plain!r}")
            continue
        _emit(context, line, clauses, header, side_key)
    used = {line.text.plain for line in row.lines}
    for words in context.curation.populations:
        if not any(words in plain for plain in used):
            context.fail(f"populations.{words}: no casualty line has these words")


def _split(text: MarkedText) -> list[tuple[MarkedText, int, bool]]:
    """The line cut into clauses before each ", N" and " and N": each clause, where it
    ends in the line, and whether "and" joins it to the next (sharing its words)."""
    pieces, at = [], 0
    for match in _CLAUSE_SPLIT_RE.finditer(text.text):
        joined = match.group(0).strip() == "and"
        pieces.append((text.slice(at, match.start()), match.start(), joined))
        at = match.end()
    pieces.append((text.slice(at, len(text.text)), len(text.text), False))
    return pieces


def _clauses(context: Context, line: InfoboxLine, quiet: bool = False) -> list[Clause] | None:
    vocab = vocabulary()
    parts = _split(line.text)
    raw: list[Clause] = []
    for part, end, coordinated in parts:
        plain = part.plain.strip()
        read = read_figure(plain)
        if read is None:
            if not quiet:
                context.warn(f"casualties: {plain!r} does not start with a figure")
            return None
        figure, rest = read
        qualifier = _QUALIFIER_RE.search(rest)
        who = qualifier["who"].strip() if qualifier else None
        if qualifier:
            rest = rest[: qualifier.start()] + rest[qualifier.end() :]
        words = rest.strip()
        circumstance = next(
            (c for c in sorted(vocab.circumstances, key=len, reverse=True) if words.endswith(c)),
            None,
        )
        if circumstance:
            words = words[: -len(circumstance)].strip()
        measure = next(
            (
                m
                for m in sorted(vocab.measures, key=len, reverse=True)
                if words == m or words.endswith(" " + m)
            ),
            None,
        )
        if measure:
            words = words[: -len(measure)].strip()
        raw.append(
            Clause(
                figure,
                words,
                measure,
                circumstance,
                qualifier and qualifier["qualifier"],
                who,
                _vouching(line.text, part, end),
                coordinated,
            )
        )
    # Coordinated figures share the words of the last one ("100 Azerbaijani and 85
    # Armenian civilians killed"); an elliptic figure ("1 injured") takes the words of
    # the one before it.
    for index in range(len(raw) - 2, -1, -1):
        clause, following = raw[index], raw[index + 1]
        if clause.coordinated:
            if clause.measure is None:
                clause.measure = following.measure
                clause.circumstance = clause.circumstance or following.circumstance
            if clause.words in vocab.nationalities:
                group_words = _group_words(following.words)
                if group_words:
                    clause.words = f"{clause.words} {group_words}"
    for index, clause in enumerate(raw):
        if not clause.words and index > 0:
            clause.words = raw[index - 1].words
        if clause.measure is None:
            if not quiet:
                context.warn(f"casualties: no measure known in {line.text.plain!r}")
            return None
    return raw


def _vouching(text: MarkedText, part: MarkedText, end: int) -> MarkedText:
    """The markers that vouch for a clause: its own, else the next run after it."""
    if part.citations:
        return MarkedText("", part.citations)
    following = [c for c in text.citations if c.start >= end]
    run = []
    for citation in following:
        if run and citation.start != run[-1].end:
            break
        run.append(citation)
    return MarkedText("", tuple(run))


def _group_words(words: str) -> str | None:
    """The group noun ending `words` ("Armenian civilians" -> "civilians")."""
    for noun in sorted(vocabulary().groups, key=len, reverse=True):
        if words == noun or words.endswith(" " + noun):
            return noun
    return None


def _population(
    context: Context, clause: Clause, side_key: str | None, quiet: bool = False
) -> Population | None:
    vocab = vocabulary()
    words = clause.words
    for known, decision in context.curation.populations.items():
        if words == known:
            return _decided(context, words, decision)
    if words in (n.people for n in vocab.nationalities.values()):
        nationality = vocab.nationality_of_people(words)
        return Population(
            words,
            context.minter.population(slug(words)),
            words,
            WARKG.people,
            nationality.adjective,
        )
    noun = _group_words(words)
    if noun is None:
        if not quiet:
            context.warn(f"casualties: no population known for {words!r}")
        return None
    group = vocab.groups[noun]
    plural = vocab.group_plurals[group]
    adjective = words[: -len(noun)].strip() or None
    if adjective is not None and adjective not in vocab.nationalities:
        if not quiet:
            context.warn(f"casualties: no nationality known for {adjective!r}")
        return None
    if adjective:
        label = f"{adjective} {plural}"
        return Population(
            words, context.minter.population(slug(label)), label, WARKG[group], adjective
        )
    if side_key is None:
        if not quiet:
            context.warn(f"casualties: {words!r} on no side names no population")
        return None
    on_side = side_label(context, side_key)
    label = f"{plural} on the {on_side}"
    population = Population(
        words, context.minter.population(f"{slug(on_side)}-{slug(plural)}"), label, WARKG[group]
    )
    population.decision = f"sides.{side_key}" if side_key in context.curation.sides else None
    return population


def _decided(context: Context, words: str, decision: PopulationDecision) -> Population:
    vocab = vocabulary()
    first = words.split(" ", 1)[0]
    nationality = first if first in vocab.nationalities else None
    return Population(
        words,
        decision.iri,
        decision.label,
        decision.group,
        nationality,
        decision.equipment,
        f"populations.{words}",
        decision.claim,
    )


def _emit(
    context: Context,
    line: InfoboxLine,
    clauses: list[Clause],
    header: tuple[str, list[str]] | None,
    side_key: str | None,
) -> None:
    add, minter = context.out.add, context.minter
    vocab = vocabulary()
    section = context.section_of(line)
    for clause in clauses:
        population = _population(context, clause, side_key)
        if population is None:
            continue
        claimant_stated = header[0] if header else None
        claimants = header[1] if header else []
        if clause.qualifier:
            claimant_stated, claimants = clause.qualifier, [clause.qualifier_who]
        prefix = slug(header[0].removeprefix("Per ")) + "-" if header else ""
        measure_words = clause.measure
        local = f"{prefix}{population.claim_words or slug(clause.words)}-{slug(measure_words)}"
        claim = minter.claim(local)
        amend = context.curation.amend.get(local, {})
        text = f"{clause.figure.stated} {clause.words} {measure_words}"
        if clause.circumstance:
            text += f" {clause.circumstance}"
        if header and not clause.qualifier:
            label = f"{header[0]}: {text}"
        elif clause.qualifier:
            label = f"{text} ({clause.qualifier})"
        else:
            label = text
        add(PART, claim, RDF.type, WARKG.CasualtyClaim, RULE)
        if "label" in amend:
            add(PART, claim, RDFS.label, Literal(amend["label"], lang="en"), RULE, f"amend.{local}")
        else:
            add(PART, claim, RDFS.label, Literal(label, lang="en"), RULE)
        add(PART, claim, WARKG.about, context.subject, RULE)
        for who in claimants:
            holder = context.curation.names.get(who) or minter.agent(who)
            decision = f"names.{who}" if who in context.curation.names else None
            add(PART, claim, WARKG.claimant, holder, RULE, decision)
        if claimant_stated:
            add(PART, claim, WARKG.claimantAsStated, Literal(claimant_stated), RULE)
        evidence(context, PART, claim, line.text.text, section, RULE)
        cite(context, PART, claim, clause.citations, RULE)
        _figure(context, claim, clause.figure)
        add(PART, claim, WARKG.measure, WARKG[vocab.measures[measure_words]], RULE)
        if clause.circumstance:
            add(
                PART,
                claim,
                WARKG.causeOfHarm,
                WARKG[vocab.circumstances[clause.circumstance]],
                RULE,
            )
        add(PART, claim, WARKG.population, population.iri, RULE, population.decision)
        _population_node(context, population, side_key)


def _figure(context: Context, claim: URIRef, figure: Figure) -> None:
    add = context.out.add
    add(PART, claim, WARKG.statedAs, Literal(figure.stated), RULE)
    exactness(context, PART, claim, figure, RULE)


def _population_node(context: Context, population: Population, side_key: str | None) -> None:
    add = context.out.add
    rule, decision = "population", population.decision
    add(PART, population.iri, RDF.type, WARKG.Population, rule)
    add(PART, population.iri, RDFS.label, Literal(population.label, lang="en"), rule, decision)
    add(PART, population.iri, WARKG.populationGroup, population.group, rule, decision)
    if population.nationality:
        add(PART, population.iri, WARKG.nationalityAsStated, Literal(population.nationality), rule)
    if population.equipment is not None:
        add(PART, population.iri, WARKG.equipmentModel, population.equipment, rule, decision)
    if (side_key is not None and population.decision is None) or (
        side_key is not None and population.decision and population.decision.startswith("sides.")
    ):
        add(
            PART,
            population.iri,
            WARKG.onSide,
            context.minter.side(side_key),
            rule,
            f"columns.{side_key}" if "casualties" in context.curation.columns else None,
        )
