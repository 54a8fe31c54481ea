"""reasonable's closure of a large graph, asked of reasonable once per kind of triple.

Why: on large graphs most of `reason()`'s time is reasonable's Python interface (every
input triple handed over as rdflib terms, every triple of the closure handed back as new
ones), not its reasoning (docs/decisions.md). In the fragment of OWL 2 RL our ontology
uses (subclass, subproperty, inverse, equivalence, domain and range axioms), every rule
that concludes something about the data has exactly one data premise (cax-sco,
cax-eqc1/2, prp-dom, prp-rng, prp-spo1, prp-eqp1/2, prp-inv1/2). What the closure says
because of one data triple therefore depends only on the schema and on the triple's
shape: its predicate (or, for `rdf:type`, its class), whether subject and object are
IRIs, blank nodes or literals (and which datatype and language), and whether subject and
object are the same node. So reasonable is given the schema plus one triple of each
shape, with fresh nodes; whatever it concludes about those nodes is a pattern, and the
closure of the whole graph is its schema closure plus each pattern applied to every
triple of that shape. The inferences are still reasonable's own; nothing here knows a
rule.

That argument holds only inside the fragment, so `reasonable_output` first checks the
graph and returns None (the caller then runs reasonable on the whole graph) when
anything could make a conclusion depend on two data triples or feed back into the
schema: any RDF, RDFS or OWL term outside the allowed vocabulary below (so no
`owl:sameAs`, characteristics, restrictions, chains, keys, lists), a schema axiom
that links a data property or class to the RDF/RDFS/OWL vocabulary, a class or
property that is not an IRI, a literal subject. Proof that the two ways agree:
tests/reasoning/test_reasoning_by_pattern.py compares them on the shipped data, on the
synthetic graphs, and on graphs Hypothesis builds from schema axioms with cycles,
self-inverses, annotation properties, reserved terms in data positions, blank nodes
and odd literals; it also checks that each excluded construct sends the graph to the
whole-graph path.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from typing import Final

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, RDFS, XSD
from rdflib.term import Node

from warkg.rdf.loading import literals_as_written

Triple = tuple[Node, Node, Node]

_RESERVED: Final[tuple[str, ...]] = (str(RDF), str(RDFS), str(OWL))

# Schema axioms: the rules they drive each take one data triple.
_CLASS_AXIOMS: Final = frozenset({RDFS.subClassOf, OWL.equivalentClass})
_PROPERTY_AXIOMS: Final = frozenset({RDFS.subPropertyOf, OWL.equivalentProperty, OWL.inverseOf})
_DOMAIN_RANGE: Final = frozenset({RDFS.domain, RDFS.range})
SCHEMA_PREDICATES: Final = _CLASS_AXIOMS | _PROPERTY_AXIOMS | _DOMAIN_RANGE

# Reserved predicates no OWL 2 RL rule reads: treated like any data property.
ANNOTATIONS: Final = frozenset(
    {
        RDFS.label,
        RDFS.comment,
        RDFS.seeAlso,
        RDFS.isDefinedBy,
        OWL.versionInfo,
        OWL.versionIRI,
    }
)

# `x rdf:type T` with T one of these only declares x; it goes to reasonable as schema.
DECLARATIONS: Final = frozenset(
    {
        OWL.Class,
        RDFS.Class,
        OWL.ObjectProperty,
        OWL.DatatypeProperty,
        OWL.AnnotationProperty,
        RDF.Property,
        OWL.Ontology,
    }
)

# Reserved classes a domain, range or superclass may name: typing a node with them
# concludes nothing further inside the fragment. Not allowed with owl:equivalentClass
# (that would make every owl:Thing a member of the data class) nor as a subclass.
_TOP_CLASSES: Final = frozenset({OWL.Thing, RDFS.Resource})
_ALLOWED_OBJECTS: Final = {
    RDFS.subClassOf: _TOP_CLASSES,
    RDFS.domain: _TOP_CLASSES,
    RDFS.range: _TOP_CLASSES | {RDFS.Literal},
}

_SUBJECT: Final = object()  # stands for the data triple's subject in a pattern
_OBJECT: Final = object()  # and for its object
_FRESH: Final = "urn:x-warkg:"  # an example's IRI: this, then the random token


def reasonable_output(graph: Graph, noise: Callable[[Triple], bool]) -> set[Triple] | None:
    """What reasonable's `reason()` returns for `graph`, less the input triples it
    echoes and less what `noise` holds, or None when `graph` leaves the fragment the
    module docstring describes.

    Literals come back in reasonable's spelling (a simple literal as
    ``"x"^^xsd:string``) so that the caller treats both paths alike. `noise` is asked
    of each pattern, its nodes standing for any subject and object: `reason()`'s
    `is_noise` is true of such a pattern only where it is true of every triple made
    from it (a literal subject, ``x owl:sameAs x``, ``x rdf:type owl:Thing``), and
    leaving those out spares making the same ``owl:Thing`` typing once per triple.
    """
    split = _split(graph)
    if split is None:
        return None
    schema, shapes = split
    # Fresh nodes carry a random token: a graph cannot hold one already, whatever it holds.
    fresh = f"warkgexample{uuid.uuid4().hex}"
    examples = {
        shape: _example(f"{fresh}s{index}", f"{fresh}o{index}", shape, members[0])
        for index, (shape, members) in enumerate(shapes.items())
    }
    answer = run_reasonable(schema + list(examples.values()))
    owner = {
        term: example
        for example in examples.values()
        for term in (example[0], example[2])
        if fresh in term  # a fresh node's name holds the token; nothing else can
    }
    patterns: dict[Triple, list[Triple]] = defaultdict(list)
    output: set[Triple] = set()
    for triple in answer:
        example = next((owner[term] for term in triple if term in owner), None)
        if example is None:
            output.add(triple)
            continue
        if triple in (example, (*example[:2], reasonable_spelling(example[2]))):
            continue  # the example itself, echoed
        pattern = _pattern(triple, example)
        if not noise(pattern):
            patterns[example].append(pattern)
    for shape, members in shapes.items():
        output.update(_apply(patterns[examples[shape]], members))
    return output


def run_reasonable(triples: Iterable[Triple]) -> list[Triple]:
    """reasonable's closure of `triples` (all of them, as rdflib terms), with every
    literal spelled exactly as reasonable holds it.

    reasonable builds its answer with rdflib's `Literal(value, datatype=...)`, which by
    default rewrites a non-canonical lexical form (``"01"^^xsd:integer`` became
    ``"1"``, a triple the input never stated). rdflib's documented switch
    `rdflib.NORMALIZE_LITERALS` is turned off for the call, under the lock
    `warkg.rdf.loading` holds when it does the same for parsing.
    """
    import reasonable  # imported here: only this engine needs the compiled extension

    reasoner = reasonable.PyReasoner()
    with literals_as_written():
        reasoner.from_graph(list(triples))
        return reasoner.reason()


Shape = tuple[object, ...]


def _split(graph: Graph) -> tuple[list[Triple], dict[Shape, list[tuple[Node, Node]]]] | None:
    """The schema triples, and the data triples grouped by shape as (subject, object)
    pairs; None as soon as a triple leaves the fragment."""
    schema: list[Triple] = []
    shapes: dict[Shape, list[tuple[Node, Node]]] = defaultdict(list)
    for s, p, o in graph:
        if type(s) not in (URIRef, BNode) or type(p) is not URIRef:
            return None
        if type(o) not in (URIRef, BNode, Literal):
            return None
        if p == RDF.type:
            if not isinstance(o, URIRef):
                return None
            if _reserved(o):
                if o not in DECLARATIONS:
                    return None
                schema.append((s, p, o))
                continue
            shapes[(p, o, type(s), s == o)].append((s, o))
        elif p in SCHEMA_PREDICATES:
            if not _allowed_axiom(s, p, o):
                return None
            schema.append((s, p, o))
        elif _reserved(p) and p not in ANNOTATIONS:
            return None
        else:
            shapes[(p, None, type(s), _kind(o), s == o)].append((s, o))
    return schema, shapes


def _allowed_axiom(s: Node, p: URIRef, o: Node) -> bool:
    if not (isinstance(s, URIRef) and isinstance(o, URIRef)):
        return False
    if p in _PROPERTY_AXIOMS:
        return all(_user_property(term) for term in (s, o))
    if p in _DOMAIN_RANGE:
        return _user_property(s) and (not _reserved(o) or o in _ALLOWED_OBJECTS[p])
    # subClassOf, equivalentClass
    if _reserved(s):
        return False
    return not _reserved(o) or o in _ALLOWED_OBJECTS.get(p, ())


def _reserved(term: Node) -> bool:
    """In the RDF, RDFS or OWL namespace. Through `str`: rdflib's own `startswith`
    compares with `str(prefix)`, so given a tuple it is always false."""
    return str(term).startswith(_RESERVED)


def _user_property(term: URIRef) -> bool:
    return not _reserved(term) or term in ANNOTATIONS


def _kind(term: Node) -> object:
    """What reasonable may tell apart in an object: IRI, blank node, or a literal's
    datatype and language (never its value, which no rule of the fragment reads)."""
    if isinstance(term, Literal):
        return (Literal, term.datatype, term.language)
    return type(term)


def _example(subject_name: str, object_name: str, shape: Shape, first: tuple[Node, Node]) -> Triple:
    """One triple of `shape` on fresh nodes; a literal object is the shape's first real
    one, so that reasonable sees a value of that datatype as written."""
    predicate, same = shape[0], shape[-1]
    subject = _fresh(shape[2], subject_name)
    if predicate == RDF.type or isinstance(shape[3], tuple):
        return subject, predicate, first[1]
    if same:
        return subject, predicate, subject
    return subject, predicate, _fresh(shape[3], object_name)


def _fresh(kind: object, name: str) -> Node:
    return BNode(name) if kind is BNode else URIRef(_FRESH + name)


def _pattern(triple: Triple, example: Triple) -> Triple:
    subject, _, obj = example
    obj_forms = {obj, reasonable_spelling(obj)}
    return tuple(  # type: ignore[return-value]
        _SUBJECT if term == subject else _OBJECT if term in obj_forms else term for term in triple
    )


def _apply(patterns: list[Triple], members: list[tuple[Node, Node]]) -> Iterator[Triple]:
    for s, o in members:
        o = reasonable_spelling(o)
        for pattern in patterns:
            yield tuple(  # type: ignore[misc]
                s if term is _SUBJECT else o if term is _OBJECT else term for term in pattern
            )


def reasonable_spelling(term: Node) -> Node:
    """A simple literal as reasonable hands it back: ``"x"^^xsd:string``."""
    if isinstance(term, Literal) and term.datatype is None and term.language is None:
        return Literal(str(term), datatype=XSD.string)
    return term
