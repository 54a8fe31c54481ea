"""Our casualty figures for the war, read once for the export and the comparison.

Wikidata holds casualty counts on the war item as number of deaths (P1120), number of
injured (P1339) and number of missing (P1446). Our measures map onto them as below;
'wounded' goes to P1339 too (a wound is an injury), which the export says on stderr.
'wounded and sick' does not: it counts the sick as well. Captured, displaced and shot
down have no such property among the ones verified in wikidata-verified.md.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, Literal, URIRef

from warkg.rdf.namespaces import WARKG
from warkg.rdf.terms import shorten_term
from warkg.wikidata.alignment import THE_WAR

PROPERTY_LABELS = {
    "P1120": "number of deaths",
    "P1339": "number of injured",
    "P1446": "number of missing",
}
MEASURE_PROPERTY = {
    WARKG.killed: "P1120",
    WARKG.injured: "P1339",
    WARKG.wounded: "P1339",
    WARKG.missing: "P1446",
}
# The comparison also shows 'wounded and sick' beside P1339: not the same count (it
# includes the sick), which is why the export leaves it out, but the nearest one.
COMPARED_MEASURES = {**MEASURE_PROPERTY, WARKG.woundedAndSick: "P1339"}


@dataclass(frozen=True)
class Figure:
    """One casualty claim about the war, with what the export and compare print."""

    claim: URIRef
    measure: URIRef
    amount: int
    exactness: URIRef
    lower: int | None
    upper: int | None
    stated_as: str
    claimant_as_stated: str | None
    claimants: tuple[URIRef, ...]
    population: str
    population_iri: URIRef | None
    references: tuple[URIRef, ...]
    reference_numbers: tuple[int, ...]
    footnotes: tuple[str, ...]
    uncited: bool

    @property
    def name(self) -> str:
        return shorten_term(self.claim)

    @property
    def property(self) -> str | None:
        """The Wikidata property our measure maps to, if any."""
        return MEASURE_PROPERTY.get(self.measure)

    def measure_label(self, graph: Graph) -> str:
        label = graph.value(self.measure, RDFS.label)
        return str(label) if label is not None else shorten_term(self.measure)

    def sources(self) -> str:
        """`ref 57`, `refs 1, 2`, `footnote b` or `no citation`, for reports."""
        parts = []
        if self.reference_numbers:
            numbers = ", ".join(str(n) for n in self.reference_numbers)
            parts.append(f"ref{'s' if len(self.reference_numbers) > 1 else ''} {numbers}")
        if self.footnotes:
            parts.append(
                f"footnote{'s' if len(self.footnotes) > 1 else ''} {', '.join(self.footnotes)}"
            )
        return "; ".join(parts) if parts else "no citation"


def _int(value: object) -> int | None:
    return int(value.toPython()) if isinstance(value, Literal) else None


def war_figures(graph: Graph) -> list[Figure]:
    """Every casualty claim about the war, sorted by claim IRI."""
    figures = []
    for claim in graph.subjects(RDF.type, WARKG.CasualtyClaim):
        if not isinstance(claim, URIRef) or (claim, WARKG.about, THE_WAR) not in graph:
            continue
        amount = _int(graph.value(claim, WARKG.quantityAmount))
        measure = graph.value(claim, WARKG.measure)
        if amount is None or not isinstance(measure, URIRef):
            continue
        references = sorted(
            (r for r in graph.objects(claim, WARKG.hasReference) if isinstance(r, URIRef)),
            key=lambda r: (_int(graph.value(r, WARKG.referenceNumber)) or 0, str(r)),
        )
        population = graph.value(claim, WARKG.population)
        population_label = graph.value(population, RDFS.label) if population is not None else None
        as_stated = graph.value(claim, WARKG.claimantAsStated)
        figures.append(
            Figure(
                claim=claim,
                measure=measure,
                amount=amount,
                exactness=graph.value(claim, WARKG.exactness) or WARKG.exact,
                lower=_int(graph.value(claim, WARKG.lowerBound)),
                upper=_int(graph.value(claim, WARKG.upperBound)),
                stated_as=str(graph.value(claim, WARKG.statedAs) or amount),
                claimant_as_stated=None if as_stated is None else str(as_stated),
                claimants=tuple(
                    sorted(c for c in graph.objects(claim, WARKG.claimant) if isinstance(c, URIRef))
                ),
                population="" if population_label is None else str(population_label),
                population_iri=population if isinstance(population, URIRef) else None,
                references=tuple(references),
                reference_numbers=tuple(
                    n
                    for r in references
                    if (n := _int(graph.value(r, WARKG.referenceNumber))) is not None
                ),
                footnotes=tuple(
                    sorted(
                        str(graph.value(n, WARKG.footnoteLabel) or shorten_term(n))
                        for n in graph.objects(claim, WARKG.citesFootnote)
                    )
                ),
                uncited=(claim, WARKG.articleGivesNoCitation, Literal(True)) in graph,
            )
        )
    return sorted(figures, key=lambda f: str(f.claim))
