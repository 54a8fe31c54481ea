"""`warkg wikidata export`: our referenced casualty figures as QuickStatements (v1).

What is written, and why (each decision is also said on stderr when it applies):

- One line per (claim, reference): `ITEM<TAB>Pnnn<TAB>amount<TAB>qualifiers<TAB>sources`.
  QuickStatements adds a second line with the same value to the statement the first
  created, so a claim with two references becomes one statement with two references.
- Measures: killed -> P1120 (number of deaths), injured -> P1339 (number of injured),
  wounded -> P1339 too, missing -> P1446 (number of missing). Other measures have no
  verified property and are listed as skipped.
- Values: exact figures as plain amounts. QuickStatements v1 writes uncertainty only
  as a symmetric tolerance (`amount~t`), so an approximate figure is written only when
  the article gives symmetric bounds (it gives none), and a lower bound ('60+') never:
  v1 has no open bound. Marking a value "approximately" would need P1480 with an item
  whose id is not verified. Such claims are skipped, with the reason.
- Qualifiers: P1932 (stated as), the figure as the article writes it; then whose figure
  it is and whom it counts. A figure that is one claimant's or one group's count (in
  this article, every one) is not written without that context, which would make it
  read as the war's total. wikidata-verified.md lists no property for either, so both
  are written only with properties the user gives (--claimant-property,
  --population-property) and, for the population, items the user gives
  (--population-item); the claimant's value is its verified link, and a claimant without
  one (SOHR) leaves its figure unwritten. See warkg.wikidata.qualifiers.
- Sources, from the cited work: S248 (stated in) and S123 (publisher) only where that
  organisation's Wikidata link is verified; S854 (reference URL) where the work has one
  (none in this snapshot); S1065 archive URL with S2960 archive date where the work has
  an archive URL (none in this snapshot: an archive date alone would point nowhere, so
  it is not written, and stderr says so); S1476 title and S1683 quote as monolingual text
  in the work's stated language, else `und`; S577 publication date and S813 retrieved
  date at day precision. S407 (language of work) needs a language item, none verified.
- Never Wikipedia: a work published by Wikipedia, or at a wikipedia.org URL, is not
  cited. The claims come from the article, but each line cites the article's sources.
- QuickStatements merges a line into an existing statement with the same property and
  value, so a second claim with the same value as an earlier one (two different groups
  with 1 injured) would become a second reference of the first; it is skipped instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS

from warkg.rdf.namespaces import WARKG
from warkg.rdf.terms import shorten_term
from warkg.wikidata.alignment import verified_qids
from warkg.wikidata.figures import PROPERTY_LABELS, Figure, war_figures
from warkg.wikidata.qualifiers import Qualifiers

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]+)*$")


@dataclass
class Export:
    """The QuickStatements lines, general notes, one line per skipped claim, and one per
    exported claim that lost some of its references."""

    item: str
    lines: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)
    partial: list[str] = field(default_factory=list)
    exported_claims: int = 0

    def text(self) -> str:
        return "".join(f"{line}\n" for line in self.lines)

    def stderr_lines(self) -> list[str]:
        tally = (
            f"exported {len(self.lines)} statement line{'s' if len(self.lines) != 1 else ''} "
            f"for {self.exported_claims} claim{'s' if self.exported_claims != 1 else ''} "
            f"to {self.item}; skipped {len(self.skipped)} "
            f"claim{'s' if len(self.skipped) != 1 else ''}"
        )
        return [f"note: {note}" for note in self.notes] + self.skipped + self.partial + [tally]


def qs_date(day: date) -> str:
    """QuickStatements time at day precision: `+2020-10-16T00:00:00Z/11`."""
    return f"+{day.isoformat()}T00:00:00Z/11"


def qs_string(text: str) -> str | None:
    """A quoted QuickStatements string, or None if v1 cannot carry it (a tab or line
    break would split the command; surrounding spaces would be trimmed away)."""
    if not text or "\t" in text or "\n" in text or "\r" in text or text != text.strip():
        return None
    return f'"{text}"'


def _language(graph: Graph, work: URIRef) -> str:
    """Wikidata's code for the work's stated language (BCP 47, lower case), else `und`."""
    tag = graph.value(work, DCTERMS.language)
    code = str(tag).lower() if tag is not None else ""
    return code if _LANGUAGE.match(code) else "und"


def _date(graph: Graph, subject: URIRef, predicate: URIRef) -> date | None:
    value = graph.value(subject, predicate)
    day = value.toPython() if isinstance(value, Literal) else None
    return day if isinstance(day, date) else None


def _is_wikipedia(graph: Graph, work: URIRef) -> bool:
    """Whether the work is Wikipedia itself (by its publisher's or website's name, or
    its URL): the article's claims must be cited to the article's sources, never to it."""
    names = [graph.value(work, p) for p in (WARKG.publishedInAsStated, WARKG.publisherAsStated)]
    for predicate in (WARKG.publishedIn, DCTERMS.publisher):
        organisation = graph.value(work, predicate)
        if organisation is not None:
            names.append(graph.value(organisation, RDFS.label))
    if any(name is not None and "wikipedia" in str(name).lower() for name in names):
        return True
    url = graph.value(work, WARKG.url)
    host = str(url).split("://", 1)[-1].split("/", 1)[0].lower() if url is not None else ""
    return host == "wikipedia.org" or host.endswith(".wikipedia.org")


def reference_sources(
    graph: Graph, reference: URIRef, qids: dict[URIRef, str]
) -> tuple[list[str] | None, str | None]:
    """The S-pairs for one reference, or (None, reason) if it cannot be cited."""
    work = graph.value(reference, WARKG.citesWork)
    number = graph.value(reference, WARKG.referenceNumber)
    label = f"ref {number}" if number is not None else shorten_term(reference)
    if not isinstance(work, URIRef):
        return None, f"{label} cites no work"
    if _is_wikipedia(graph, work):
        return None, f"{label} cites Wikipedia itself, which is never a source"
    language = _language(graph, work)
    title = graph.value(work, DCTERMS.title)
    quoted_title = qs_string(str(title)) if title is not None else None
    if quoted_title is None:
        return None, f"{label} has no title QuickStatements can carry"
    pairs: list[str] = []
    published_in = graph.value(work, WARKG.publishedIn)
    if published_in in qids:
        pairs += ["S248", qids[published_in]]
    publisher = graph.value(work, DCTERMS.publisher)
    if publisher in qids:
        pairs += ["S123", qids[publisher]]
    url = graph.value(work, WARKG.url)
    quoted_url = qs_string(str(url)) if url is not None else None
    if quoted_url is not None:
        pairs += ["S854", quoted_url]
    archive = graph.value(work, WARKG.archiveUrl)
    quoted_archive = qs_string(str(archive)) if archive is not None else None
    if quoted_archive is not None:
        pairs += ["S1065", quoted_archive]
        day = _date(graph, work, WARKG.archiveDate)
        if day is not None:
            pairs += ["S2960", qs_date(day)]
    pairs += ["S1476", f"{language}:{quoted_title}"]
    for prop, predicate in (("S577", DCTERMS.issued), ("S813", WARKG.retrievedDate)):
        day = _date(graph, work, predicate)
        if day is not None:
            pairs += [prop, qs_date(day)]
    quote = graph.value(work, WARKG.quote)
    quoted = qs_string(str(quote)) if quote is not None else None
    if quoted is not None:
        pairs += ["S1683", f"{language}:{quoted}"]
    return pairs, None


def archived_without_url(graph: Graph, reference: URIRef) -> int | None:
    """The reference's number if its work has an archive date but no archive URL that
    QuickStatements can carry: the date is then left out, which stderr says once."""
    work = graph.value(reference, WARKG.citesWork)
    if not isinstance(work, URIRef) or _date(graph, work, WARKG.archiveDate) is None:
        return None
    archive = graph.value(work, WARKG.archiveUrl)
    if archive is not None and qs_string(str(archive)) is not None:
        return None
    number = graph.value(reference, WARKG.referenceNumber)
    return int(number.toPython()) if isinstance(number, Literal) else None


def context_qualifiers(
    figure: Figure, qids: dict[URIRef, str], qualifiers: Qualifiers
) -> tuple[list[str], list[str]]:
    """The qualifier pairs saying whose figure it is and whom it counts, and the reasons
    either cannot be written (then the figure is not written at all)."""
    pairs: list[str] = []
    reasons: list[str] = []
    if figure.claimants or figure.claimant_as_stated:
        whose = "whose figure it is"
        if figure.claimant_as_stated:
            whose += f' ("{figure.claimant_as_stated}")'
        whose += " is not expressible"
        unlinked = [shorten_term(c) for c in figure.claimants if c not in qids]
        if qualifiers.claimant_property is None:
            reasons.append(f"{whose}: no --claimant-property")
        elif not figure.claimants:
            reasons.append(f"{whose}: the claimant is named only as text")
        elif unlinked:
            verb = "has" if len(unlinked) == 1 else "have"
            reasons.append(f"{whose}: {', '.join(unlinked)} {verb} no verified Wikidata link")
        else:
            for claimant in figure.claimants:
                pairs += [qualifiers.claimant_property, qids[claimant]]
    population = figure.population_iri
    if population is not None:
        whom = f"whom it counts ({shorten_term(population)}"
        whom += f', "{figure.population}")' if figure.population else ")"
        whom += " is not expressible"
        if qualifiers.population_property is None:
            reasons.append(f"{whom}: no --population-property")
        elif population not in qualifiers.population_items:
            reasons.append(f"{whom}: no --population-item {shorten_term(population)}=Q...")
        else:
            pairs += [qualifiers.population_property, qualifiers.population_items[population]]
    return pairs, reasons


def _context_notes(qualifiers: Qualifiers) -> list[str]:
    """What stderr says about the context qualifiers, whatever was written."""
    notes = [
        "a figure is written only with qualifiers that say whose figure it is and whom it "
        "counts: these are one side's or one group's figures, and a bare P1120/P1339/P1446 "
        "statement on the war item would read as the war's total"
    ]
    if qualifiers.claimant_property is None:
        notes.append(
            "wikidata-verified.md lists no property for whose figure it is: give one you "
            "have verified with --claimant-property P..., and its value is the claimant's "
            "verified Wikidata link"
        )
    else:
        notes.append(
            f"whose figure it is: {qualifiers.claimant_property} (from --claimant-property, "
            "not verified by warkg) with each claimant's verified Wikidata link; a figure "
            "the article gives without a claimant gets none (its references say whose it is)"
        )
    if qualifiers.population_property is None:
        notes.append(
            "wikidata-verified.md lists no property for whom a figure counts, and no "
            "population has a verified item: give a property you have verified with "
            "--population-property P... and an item for each population with "
            "--population-item pop:NAME=Q... (each skipped figure names its population)"
        )
    else:
        notes.append(
            f"whom it counts: {qualifiers.population_property} (from --population-property, "
            "not verified by warkg) with the population's item from --population-item "
            "(not verified by warkg)"
        )
    return notes


def _value(figure: Figure) -> tuple[str | None, list[str]]:
    """The QuickStatements amount for a figure, or None and the reasons it has none."""
    stated = f'"{figure.stated_as}"'
    if figure.exactness == WARKG.exact:
        return str(figure.amount), []
    if figure.exactness == WARKG.approximate:
        if figure.lower is not None and figure.upper is not None:
            if figure.amount - figure.lower == figure.upper - figure.amount:
                return f"{figure.amount}~{figure.amount - figure.lower}", []
            return None, [
                f"{stated} has bounds that are not symmetric, and QuickStatements v1 writes "
                "only a symmetric ± tolerance"
            ]
        return None, [
            f"{stated} is approximate and the article gives no bounds; marking it "
            "'approximately' needs P1480 (sourcing circumstances) with an item whose id "
            "is not verified"
        ]
    if figure.exactness == WARKG.atLeast:
        return None, [
            f"{stated} is a lower bound, and QuickStatements v1 has no open bound "
            "(only a symmetric ± tolerance)"
        ]
    return None, [
        f"{stated} has an exactness ({shorten_term(figure.exactness)}) the export does not know"
    ]


def quickstatements(graph: Graph, item: str, qualifiers: Qualifiers | None = None) -> Export:
    """QuickStatements for the war item `item` (a QID) from the claims in `graph`, with
    the context qualifiers the user gave (none: no figure with a claimant or a
    population is written)."""
    qualifiers = qualifiers or Qualifiers()
    result = Export(item=item)
    qids = verified_qids(graph)
    taken: dict[tuple[str, str], Figure] = {}
    wounded = urls_missing = False
    archived: set[int] = set()
    figures = war_figures(graph)
    for figure in figures:
        what = f'{figure.name} ("{figure.stated_as}" {figure.measure_label(graph)})'
        blocking: list[str] = []
        prop = figure.property
        if figure.measure == WARKG.woundedAndSick:
            blocking.append(
                "'wounded and sick' counts the sick too, so it is not a number of injured (P1339)"
            )
        elif prop is None:
            blocking.append(
                f"'{figure.measure_label(graph)}' has no Wikidata property among the verified "
                "ones (P1120 number of deaths, P1339 number of injured, P1446 number of missing)"
            )
        value, why_no_value = _value(figure)
        blocking += why_no_value
        quoted_as = qs_string(figure.stated_as)
        if quoted_as is None:
            blocking.append("its figure as stated cannot be carried by QuickStatements")
        lines: list[tuple[URIRef, list[str]]] = []
        dropped: list[str] = []
        for reference in figure.references:
            pairs, why = reference_sources(graph, reference, qids)
            if pairs is None:
                dropped.append(str(why))
            else:
                lines.append((reference, pairs))
        if not figure.references:
            if figure.footnotes:
                blocking.append(
                    f"cites no reference, only footnote {', '.join(figure.footnotes)}, whose "
                    "text the snapshot does not render, so there is no source to cite"
                )
            else:
                blocking.append("the article gives no citation for it")
        elif not lines:
            blocking += dropped
            dropped = []
        context, why_no_context = context_qualifiers(figure, qids, qualifiers)
        blocking += why_no_context
        if not blocking and prop is not None and value is not None and (prop, value) in taken:
            blocking.append(
                f"QuickStatements would merge it into the {prop} statement of "
                f"{taken[(prop, value)].name}, which has the same value"
            )
        if blocking or prop is None or value is None or quoted_as is None:
            result.skipped.append(f"skipped {what}: {'; '.join(blocking)}")
            continue
        taken[(prop, value)] = figure
        result.exported_claims += 1
        wounded = wounded or figure.measure == WARKG.wounded
        for reference, pairs in lines:
            urls_missing = urls_missing or "S854" not in pairs
            number = archived_without_url(graph, reference)
            if number is not None:
                archived.add(number)
            result.lines.append(
                "\t".join([item, prop, value, "P1932", quoted_as, *context, *pairs])
            )
        if dropped:
            result.partial.append(f"partly skipped {what}: {'; '.join(dropped)}")
    if any(f.claimants or f.claimant_as_stated or f.population_iri for f in figures):
        result.notes += _context_notes(qualifiers)
    if result.lines:
        if wounded:
            result.notes.append(
                f"'wounded' figures are written as P1339 ({PROPERTY_LABELS['P1339']})"
            )
        if urls_missing:
            result.notes.append(
                "no S854 (reference URL) where the cited work has none; this snapshot "
                "renders no URLs"
            )
        if archived:
            numbers = ", ".join(str(n) for n in sorted(archived))
            refs = f"ref{'s' if len(archived) > 1 else ''} {numbers}"
            result.notes.append(
                f"no S2960 (archive date) for {refs}, which the article says "
                f"{'were' if len(archived) > 1 else 'was'} archived: this snapshot renders no "
                "archive URL (S1065), and an archive date without the archive's address "
                "would point nowhere"
            )
        result.notes.append(
            "no S407 (language of work): no language item id is verified; S1476 (title) "
            "and S1683 (quote) carry the work's language code, und where it states none"
        )
    return result
