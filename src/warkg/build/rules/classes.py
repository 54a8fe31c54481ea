"""The classes of each claim stated in full: a claim typed `warkg:CasualtyClaim` is also
typed `warkg:QuantityClaim` and `warkg:Claim`, as the ontology's subclass axioms imply.

A plain triplestore with no reasoner then counts the claims the way a researcher asks
(`?c a warkg:Claim`), as `prov:wasDerivedFrom` is stated beside each specific provenance
link; the shapes require both, so the shipped data cannot drift from the ontology.
Only the claim classes are closed (up to `warkg:Claim`): the classes people count.
"""

from __future__ import annotations

from functools import cache

import pyoxigraph
from rdflib import RDF, RDFS, Graph, URIRef

from warkg import paths
from warkg.build.rules.context import Context
from warkg.rdf.namespaces import WARKG

__all__ = ["claim_classes"]

_WANTED = {str(RDF.type), str(RDFS.subClassOf)}


@cache
def claim_superclasses() -> dict[URIRef, tuple[URIRef, ...]]:
    """Each claim class of the ontology -> its superclasses up to `warkg:Claim`. Only the
    typing and subclass triples are read (by pyoxigraph's parser, a tenth of the time
    rdflib takes to load the whole ontology on every cold `warkg build`)."""
    ontology = Graph()
    for path in paths.ontology_files():
        for quad in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            if quad.predicate.value in _WANTED and isinstance(quad.object, pyoxigraph.NamedNode):
                ontology.add(
                    (
                        URIRef(quad.subject.value),
                        URIRef(quad.predicate.value),
                        URIRef(quad.object.value),
                    )
                )

    def above(cls: URIRef) -> set[URIRef]:
        found: set[URIRef] = set()
        for parent in ontology.objects(cls, RDFS.subClassOf):
            if isinstance(parent, URIRef):
                found |= {parent, *above(parent)}
        return found

    closed = {}
    for cls in set(ontology.subjects(RDF.type, None)):
        if isinstance(cls, URIRef) and WARKG.Claim in above(cls):
            closed[cls] = tuple(
                sorted(s for s in above(cls) if s == WARKG.Claim or WARKG.Claim in above(s))
            )
    return closed


def claim_classes(context: Context) -> None:
    """Add each claim's superclasses up to `warkg:Claim`, in the part of its own type,
    with the curation entry (if any) that decided that type."""
    out = context.out
    closed = claim_superclasses()
    typed = [t for t in out.triples() if t[1] == RDF.type and t[2] in closed]
    for triple in sorted(typed):
        subject, _, cls = triple
        makers = out.makers[triple]
        curation = None if out.by_rule(triple) else min(m.curation or "" for m in makers)
        for parent in closed[cls]:
            out.add(out.part_of[triple], subject, RDF.type, parent, "claim-classes", curation)
