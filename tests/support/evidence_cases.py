"""Seeded claims, evidence texts and citations for the evidence-marker constraints: the
corpus that proves `validation.evidence.may_fire` leaves out no claim the constraints
would report (tests/validation/test_differential.py).

Texts share markers, repeat them, nest brackets, mark references nobody cites, run
over lines and carry language tags or datatypes; reference numbers and footnote labels
are written oddly ("057", " 5", "", "a.b", "("), as IRIs and as blank nodes; claims
share their text with siblings, or cite what their text does not mark.
"""

from __future__ import annotations

import random

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, SH

from warkg.rdf.namespaces import WARKG, WSH

NUMBERS = ("57", "58", "057", "5", "1", "61", " 5", "", "a.b", "(", "5|6")
LABELS = ("a", "b", "c", "ab", "A", "", "|", ".")
WORDS = ("3,825 servicemen killed", "and", "Armenian civilians", "[note]", "[[57]58]", "\n")


def shapes(shipped: Graph) -> Graph:
    """The evidence-marker shape, its two constraints and the prefixes they declare,
    taken from the shipped shapes graph as they are."""
    graph = Graph()
    wanted = [
        WSH.EvidenceMarkerShape,
        *shipped.objects(WSH.EvidenceMarkerShape, SH.sparql),
        WSH[""],
    ]
    seen: set = set()
    while wanted:
        node = wanted.pop()
        if node in seen:
            continue
        seen.add(node)
        for predicate, value in shipped.predicate_objects(node):
            graph.add((node, predicate, value))
            if isinstance(value, BNode):
                wanted.append(value)
    return graph


def generate(seed: int) -> Graph:
    """The data of `seed`: a handful of claims, references and footnotes."""
    rng = random.Random(seed)
    graph = Graph()
    base = f"http://example.org/e{seed}/"
    references = []
    for i in range(rng.randint(1, 4)):
        reference = URIRef(f"{base}ref{i}")
        references.append(reference)
        graph.add((reference, RDF.type, WARKG.Reference))
        for _ in range(rng.choice((0, 1, 1, 1, 2))):
            graph.add((reference, WARKG.referenceNumber, _number(rng, NUMBERS, base)))
    notes = []
    for i in range(rng.randint(0, 2)):
        note = URIRef(f"{base}note{i}")
        notes.append(note)
        graph.add((note, WARKG.footnoteLabel, _number(rng, LABELS, base)))
    texts = [_text(rng) for _ in range(rng.randint(1, 3))]
    for i in range(rng.randint(1, 5)):
        claim = URIRef(f"{base}claim{i}")
        graph.add((claim, RDF.type, WARKG.Claim))
        cited = rng.sample(references, rng.randint(0, len(references)))
        cited += rng.sample(notes, rng.randint(0, len(notes)))
        for source in cited:
            link = WARKG.hasReference if source in references else WARKG.citesFootnote
            graph.add((claim, link, source))
        if rng.random() < 0.5:  # an honest text: the markers of what the claim cites
            names = (WARKG.referenceNumber, WARKG.footnoteLabel)
            markers = [f"[{n}]" for c in cited for p in names for n in graph.objects(c, p)]
            honest = Literal(rng.choice(WORDS[:3]) + "".join(markers))
            texts.append(honest)  # which a sibling may quote too
            graph.add((claim, WARKG.evidenceText, honest))
        else:
            for _ in range(rng.choice((1, 1, 1, 2))):
                graph.add((claim, WARKG.evidenceText, rng.choice(texts)))
    return graph


def _number(rng: random.Random, pool: tuple[str, ...], base: str):
    roll = rng.random()
    if roll < 0.05:
        return BNode()
    if roll < 0.1:
        return URIRef(f"{base}{rng.choice(('57', 'x'))}")
    text = rng.choice(pool)
    if roll < 0.3 and text.strip().isdigit():
        return Literal(text, datatype=URIRef("http://www.w3.org/2001/XMLSchema#positiveInteger"))
    return Literal(text)


def _text(rng: random.Random) -> Literal:
    parts = []
    for _ in range(rng.randint(1, 5)):
        parts.append(rng.choice(WORDS))
        for _ in range(rng.choice((0, 1, 1, 2))):
            parts.append(f"[{rng.choice(NUMBERS + LABELS)}]")
    text = "".join(parts)
    roll = rng.random()
    if roll < 0.08:
        return Literal(text, lang="en")
    if roll < 0.12:
        return Literal(text, datatype=URIRef("http://example.org/text"))
    return Literal(text)
