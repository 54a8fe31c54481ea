"""The data dictionary: every term the ontology defines, read from the ontology itself,
with an example triple from the shipped data and the stored queries that use it.

Generated at every build of the site, so it cannot drift from `ontology/`, `triples/`
or `queries/`. Three pages: classes, properties, and the concepts and individuals
(measures, exactness, units, ...) the data uses as values.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef
from rdflib.term import Node

from warkg.catalogue import stored
from warkg.rdf import loading
from warkg.rdf.terms import shorten

KINDS = {
    "classes": ("Classes", (OWL.Class,)),
    "properties": (
        "Properties",
        (OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty),
    ),
}
KIND_NAMES = {
    OWL.Class: "class",
    OWL.ObjectProperty: "object property",
    OWL.DatatypeProperty: "datatype property",
    OWL.AnnotationProperty: "annotation property",
    SKOS.ConceptScheme: "concept scheme",
}


@dataclass(frozen=True)
class Term:
    iri: URIRef
    name: str  # the prefixed name, e.g. warkg:CasualtyClaim
    kind: str
    label: str
    definition: str


def anchor(name: str) -> str:
    """The page anchor of a prefixed name: `warkg:CasualtyClaim` -> `warkg-casualtyclaim`."""
    return re.sub(r"[^a-z0-9]+", "-", name.lower()).strip("-")


def _text(graph: Graph, subject: Node, predicate: URIRef) -> str:
    values = sorted(str(v) for v in graph.objects(subject, predicate) if isinstance(v, Literal))
    return values[0] if values else ""


def _short(term: Node) -> str:
    if isinstance(term, URIRef):
        return shorten(str(term))
    if isinstance(term, Literal):
        return term.n3()
    return "[]"


def _query_uses() -> dict[str, list[str]]:
    """Prefixed name and full IRI -> the stored queries whose text mentions it."""
    uses: dict[str, list[str]] = defaultdict(list)
    name = re.compile(r"(?<![\w:/#-])([A-Za-z][\w-]*:[A-Za-z_][\w.-]*[\w-]|[A-Za-z][\w-]*:[\w])")
    for query in stored.list_queries():
        body = "\n".join(line for line in query.text.splitlines() if not line.startswith("#"))
        prefixes = dict(re.findall(r"PREFIX\s+([\w-]*):\s*<([^>]*)>", body, re.IGNORECASE))
        found: set[str] = set()
        for match in name.finditer(body):
            prefix, _, local = match.group(1).partition(":")
            if prefix in prefixes:
                found.add(prefixes[prefix] + local)
        found.update(re.findall(r"<([^>\s]+)>", body))
        for iri in found:
            uses[iri].append(query.name)
    return uses


class Dictionary:
    """The ontology and the data, read once, and the pages made from them."""

    def __init__(self) -> None:
        self.ontology = loading.load_ontology()
        self.data = loading.load_data()
        self.uses = _query_uses()
        self.terms = self._terms()
        self.names = {str(t.iri): t for t in self.terms}

    def _terms(self) -> list[Term]:
        terms = []
        for subject in set(self.ontology.subjects(RDFS.isDefinedBy, None)):
            if not isinstance(subject, URIRef):
                continue
            types = set(self.ontology.objects(subject, RDF.type))
            kind = next((KIND_NAMES[t] for t in KIND_NAMES if t in types), None)
            if kind is None:  # an individual: named by its class
                classes = sorted(_short(t) for t in types if t != OWL.NamedIndividual)
                kind = ", ".join(classes) or "individual"
            terms.append(
                Term(
                    subject,
                    _short(subject),
                    kind,
                    _text(self.ontology, subject, RDFS.label),
                    _text(self.ontology, subject, SKOS.definition),
                )
            )
        return sorted(terms, key=lambda t: t.name.lower())

    def link(self, term: Node, page: str = "") -> str:
        """A term as Markdown: a link to its entry when the dictionary has one."""
        name = _short(term)
        known = self.names.get(str(term))
        if known is None:
            return f"`{name}`"
        return f"[`{name}`]({self._page_of(known)}.md#{anchor(known.name)})".replace(
            f"({page}.md#", "(#"
        )

    def _page_of(self, term: Term) -> str:
        if term.kind == "class":
            return "classes"
        if term.kind.endswith("property"):
            return "properties"
        return "concepts"

    def _example(self, term: Term) -> tuple[str, int] | None:
        """One triple of the data that uses `term` (the first in sorted order, so the
        page is the same at every build) and how many triples use it."""
        if term.kind == "class":
            found = sorted(self.data.subjects(RDF.type, term.iri), key=str)
            triples = [(s, RDF.type, term.iri) for s in found]
        elif term.kind.endswith("property"):
            triples = sorted(self.data.triples((None, term.iri, None)), key=lambda t: str(t[0]))
        else:
            triples = sorted(self.data.triples((None, None, term.iri)), key=lambda t: str(t[0]))
        if not triples:
            return None
        s, p, o = triples[0]
        predicate = "a" if p == RDF.type else _short(p)
        return f"{_short(s)} {predicate} {_short(o)} .", len(triples)

    def entry(self, term: Term, page: str) -> list[str]:
        graph = self.ontology
        lines = [f"### `{term.name}` {{ #{anchor(term.name)} }}", ""]
        lines.append(f"**{term.label}** ({term.kind}). {term.definition}")
        lines.append("")
        facts: list[str] = []
        for label, predicate in (
            ("Subclass of", RDFS.subClassOf),
            ("Subproperty of", RDFS.subPropertyOf),
            ("Domain", RDFS.domain),
            ("Range", RDFS.range),
            ("In scheme", SKOS.inScheme),
        ):
            values = sorted(graph.objects(term.iri, predicate), key=str)
            named = [self.link(v, page) for v in values if isinstance(v, URIRef)]
            if named:
                facts.append(f"{label}: {', '.join(named)}")
        narrower = sorted(graph.subjects(RDFS.subClassOf, term.iri), key=str)
        narrower += sorted(graph.subjects(RDFS.subPropertyOf, term.iri), key=str)
        if narrower:
            facts.append(f"Narrower: {', '.join(self.link(v, page) for v in narrower)}")
        for fact in facts:
            lines.append(f"- {fact}")
        example = self._example(term)
        if example is None:
            lines.append("- Used in the shipped data: never")
        else:
            triple, count = example
            times = "once" if count == 1 else f"{count:,} times"
            lines.append(f"- Used in the shipped data: {times}, e.g. `{triple}`")
        queries = sorted(set(self.uses.get(str(term.iri), ())))
        if queries:
            links = ", ".join(f"[`{q}`](../queries.md#{q})" for q in queries)
            lines.append(f"- Stored queries that use it: {links}")
        lines.append("")
        return lines

    def page(self, page: str) -> str:
        titles = {
            "classes": "Classes",
            "properties": "Properties",
            "concepts": "Concepts and individuals",
        }
        chosen = [t for t in self.terms if self._page_of(t) == page]
        lines = [
            f"# {titles[page]}",
            "",
            "<!-- Generated from ontology/, triples/ and queries/ at every build "
            "(docs/_hooks/dictionary.py): edit those, not this page. -->",
            "",
            f"{len(chosen)} terms, in alphabetical order of their prefixed names. "
            "Each says what it means (its `skos:definition` in the ontology), where it "
            "sits among the other terms, one triple of the shipped data that uses it, "
            "and the stored queries that mention it.",
            "",
        ]
        for term in chosen:
            lines += self.entry(term, page)
        return "\n".join(lines)

    def summary(self) -> str:
        """Counts for the dictionary's index page."""
        counts: dict[str, int] = defaultdict(int)
        for term in self.terms:
            counts[self._page_of(term)] += 1
        return (
            f"The ontology defines {len(self.terms)} terms: {counts['classes']} classes, "
            f"{counts['properties']} properties and {counts['concepts']} concepts, "
            "concept schemes and individuals. The shipped data holds "
            f"{len(self.data):,} triples, and {len(loading.shipped_graph()):,} with the "
            "ontology (what `warkg serve` and `warkg.load_graph()` hold)."
        )
