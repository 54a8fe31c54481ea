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
- Qualifier: P1932 (stated as), the figure as the article writes it. The population a
  figure counts and its claimant have no property in wikidata-verified.md, so they are
  not written (said on stderr): the figures are per side or group, not war totals, and
  whoever uploads them should add that context by hand.
- Sources, from the cited work: S248 (stated in) and S123 (publisher) only where that
  organisation's Wikidata link is verified; S854 (reference URL) where the work has one
  (none in this snapshot); S1476 title and S1683 quote as monolingual text in the
  work's stated language, else `und`; S577 publication date and S813 retrieved date
  at day precision. S407 (language of work) needs a language item, none verified.
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

from warkg.namespaces import WARKG
from warkg.validation import shorten
from warkg.wikidata.alignment import verified_qids
from warkg.wikidata.figures import PROPERTY_LABELS, Figure, war_figures

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
    label = f"ref {number}" if number is not None else shorten(reference)
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
        f"{stated} has an exactness ({shorten(figure.exactness)}) the export does not know"
    ]


def quickstatements(graph: Graph, item: str) -> Export:
    """QuickStatements for the war item `item` (a QID) from the claims in `graph`."""
    result = Export(item=item)
    qids = verified_qids(graph)
    taken: dict[tuple[str, str], Figure] = {}
    wounded = urls_missing = False
    for figure in war_figures(graph):
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
        lines: list[list[str]] = []
        dropped: list[str] = []
        for reference in figure.references:
            pairs, why = reference_sources(graph, reference, qids)
            if pairs is None:
                dropped.append(str(why))
            else:
                lines.append(pairs)
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
        for pairs in lines:
            urls_missing = urls_missing or "S854" not in pairs
            result.lines.append("\t".join([item, prop, value, "P1932", quoted_as, *pairs]))
        if dropped:
            result.partial.append(f"partly skipped {what}: {'; '.join(dropped)}")
    if result.lines:
        if wounded:
            result.notes.append(
                f"'wounded' figures are written as P1339 ({PROPERTY_LABELS['P1339']})"
            )
        result.notes.append(
            "the population a figure counts and its claimant are not written: "
            "wikidata-verified.md lists no property for them, so each statement keeps only "
            "P1932 (stated as), the figure as the article writes it; these are per-group "
            "figures, not war totals"
        )
        if urls_missing:
            result.notes.append(
                "no S854 (reference URL) where the cited work has none; this snapshot "
                "renders no URLs"
            )
        result.notes.append(
            "no S407 (language of work): no language item id is verified; S1476 (title) "
            "and S1683 (quote) carry the work's language code, und where it states none"
        )
    return result
