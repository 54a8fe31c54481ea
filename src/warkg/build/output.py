"""What a build produces: triples in named parts, each triple with what made it.

Rules add triples through `Output.add`, naming themselves and, when an editorial
decision chose the triple's content, the curation entry. A triple counts as made by the
rules if some rule made it without a curation entry, else as curation; `explain` lists
every maker of every triple. Parts ("war", "references", "sources") are how the shipped
graph is split into files; one article's graph is the union of its parts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

import pyoxigraph
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Node

from warkg.rdf.namespaces import bind_prefixes

__all__ = ["Maker", "Output", "Triple", "nt_term"]

Triple = tuple[Node, Node, Node]


@dataclass(frozen=True, order=True)
class Maker:
    """A rule, and the curation entry whose decision the triple carries (if any): an
    entry of the curation file, or a command-line option ("--licence") by which the
    person building stated what the source does not say. Both count as curation."""

    rule: str
    curation: str | None = None

    def __str__(self) -> str:
        if not self.curation:
            return f"rule {self.rule}"
        kind = "option" if self.curation.startswith("--") else "curation"
        return f"rule {self.rule} + {kind} {self.curation}"


@dataclass
class Output:
    """Triples by part, and their makers."""

    parts: dict[str, set[Triple]] = field(default_factory=lambda: defaultdict(set))
    makers: dict[Triple, set[Maker]] = field(default_factory=lambda: defaultdict(set))
    part_of: dict[Triple, str] = field(default_factory=dict)

    def add(
        self,
        part: str,
        subject: URIRef,
        predicate: URIRef,
        obj: Node,
        rule: str,
        curation: str | None = None,
    ) -> None:
        triple = (subject, predicate, obj)
        self.parts[part].add(triple)
        self.makers[triple].add(Maker(rule, curation))
        self.part_of.setdefault(triple, part)

    def by_rule(self, triple: Triple) -> bool:
        """Whether some rule made `triple` with no curation entry deciding it."""
        return any(maker.curation is None for maker in self.makers[triple])

    def counts(self) -> tuple[int, int]:
        """(triples from rules, triples from curation), over the union of the parts."""
        triples = self.triples()
        from_rules = sum(1 for triple in triples if self.by_rule(triple))
        return from_rules, len(triples) - from_rules

    def triples(self) -> set[Triple]:
        return set().union(*self.parts.values()) if self.parts else set()

    def graph(self, part: str | None = None) -> Graph:
        """One part as a graph, or the union of all parts."""
        graph = bind_prefixes(Graph())
        for triple in self.parts.get(part, set()) if part else self.triples():
            graph.add(triple)
        return graph

    def explain(self) -> list[str]:
        """Each triple as an N-Triples line with its makers in a trailing comment."""
        lines = []
        for triple in sorted(self.triples()):
            terms = " ".join(nt_term(term) for term in triple)
            made = "; ".join(sorted(str(maker) for maker in self.makers[triple]))
            lines.append(f"{terms} . # {made}")
        return lines


def nt_term(node: Node) -> str:
    """The term in N-Triples as pyoxigraph writes it (one line, canonical escapes), so
    built terms compare equal to terms pyoxigraph reads from a file."""
    if isinstance(node, URIRef):
        return str(pyoxigraph.NamedNode(str(node)))
    if isinstance(node, Literal):
        if node.language:
            return str(pyoxigraph.Literal(str(node), language=node.language))
        if node.datatype:
            return str(
                pyoxigraph.Literal(str(node), datatype=pyoxigraph.NamedNode(str(node.datatype)))
            )
        return str(pyoxigraph.Literal(str(node)))
    if isinstance(node, BNode):
        return f"_:{node}"
    raise TypeError(f"not an RDF term: {node!r}")
