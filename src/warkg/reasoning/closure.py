"""OWL 2 RL closure of a graph, on a copy, with the reasoner's noise left out.

Why: the data states each link once, in one direction, at the most specific level
(`claim warkg:hasReference ref`, `claim a warkg:CasualtyClaim`). Queries written
against PROV-O or the general classes (`?claim prov:wasDerivedFrom ?ref`,
`?ref warkg:supportsClaim ?claim`, `?x a warkg:Claim`, `?agent a warkg:Claimant`) only
see those links once the ontology's subproperty, inverse, subclass, domain and range
axioms have been applied. `reason()` applies them and returns a new graph; the graph it
is given is never touched (owlrl writes into the graph it is handed, so it always runs
on a copy).

Engines
-------
``"owlrl"`` (the default and the reference): ``owlrl.DeductiveClosure(OWLRL_Semantics,
axiomatic_triples=False, datatype_axioms=False)``. Pure Python, complete OWL 2 RL rule
set, reports inconsistencies (as owlrl's ``ErrorMessage`` nodes, kept in the result).

``"auto"`` (the command line's default for ``--reason``): reasonable, unless the graph
uses a construct it cannot handle (`REASONABLE_UNSUPPORTED`), then owlrl.

``"reasonable"``: the Rust OWL 2 RL reasoner from PyPI (``reasonable``, a binary wheel
for CPython 3.11 whose only dependency is rdflib). Measured on the shipped ontology +
``triples/*.ttl``, 2-core machine, median of 5 runs of ``reason()`` end to end (graphs
already loaded):

=================================  ===========  ================
input                              owlrl        reasonable
=================================  ===========  ================
3,829 triples (machine idle)       1.24 s       0.08 s
4,486 triples (machine shared)     1.45-1.52 s  0.12-0.21 s
=================================  ===========  ================

so reasonable is roughly 10-15 times faster here, and the gap grows with size (90 s
against 3.5 s on a synthetic graph of 100k triples).

Where the graph stays in the fragment our ontology uses (subclass, subproperty, inverse,
equivalence, domain and range axioms; `warkg.reasoning.by_pattern` says exactly what is
allowed and why), reasonable is given the schema and one triple of each shape rather
than the whole graph, and its answer is applied to every triple of that shape: the same
closure (tests/test_reasoning_by_pattern.py), at 1M triples in about a third of the CPU
time (`benchmarks/reasoning_stages.py`), because handing a million rdflib terms to
reasonable and taking its whole closure back as new ones was two thirds of the cost.
Anything else goes to reasonable whole. Either way reasonable's answer keeps literals as
written: rdflib's default would rewrite ``"01"^^xsd:integer`` as ``"1"``.

On that data the two engines infer exactly the same instance-level triples: every
inferred triple about claims, references, works, agents, places and concepts (847 of
them at 3,829 input triples, 940 at 4,486, have a subject under
``https://w3id.org/warkg/id/``) is in both results.
The comparison is made after this normalisation, all of which `reason()` itself applies
to both engines, so their results can be compared directly:

* literals: reasonable returns every simple literal as ``"x"^^xsd:string``. RDF 1.1
  makes that the same term as ``"x"``, but rdflib keeps the two apart, so an inferred
  ``xsd:string`` literal is written back plain, as our Turtle has it. (Input triples
  are always kept exactly as given.)
* noise stripped from the inferred triples (`is_noise` says why that is safe):
  triples with a literal subject, ``x owl:sameAs x`` and ``x rdf:type owl:Thing``.
  About two thirds of what owlrl infers is such noise (3,736 of 5,472 triples at 4,486
  input triples).

What still differs is schema-level only, all of it produced by owlrl alone (739
triples at 4,486 input triples; reasonable infers nothing owlrl does not):

* the T-box rules reasonable 0.4.4 does not run: ``scm-cls`` (``C rdfs:subClassOf C``,
  ``C owl:equivalentClass C``, ``C rdfs:subClassOf owl:Thing``,
  ``owl:Nothing rdfs:subClassOf C``), ``scm-op``/``scm-dp`` (``P rdfs:subPropertyOf P``,
  ``P owl:equivalentProperty P``), ``scm-dom1``/``scm-dom2``/``scm-rng1``/``scm-rng2``
  (domains and ranges inherited along subclass and subproperty links, e.g.
  ``warkg:hasReference rdfs:domain prov:Entity``); also, though our ontology gives
  them nothing to do, ``scm-spo`` and ``scm-eqc`` (measured on small graphs);
* owlrl's own datatype bookkeeping: ``xsd:* rdf:type rdfs:Datatype``, ``owl:disjointWith``
  between XSD datatypes, and ``rdf:type owl:AnnotationProperty`` on OWL/RDFS built-ins.

None of these changes an answer about the data; a test pins the difference to exactly
these families, so a change in either reasoner shows up. Ask for owlrl when a query
needs the schema closure (or consult the ontology itself).

reasonable is not a general replacement for owlrl. Measured on small graphs, version
0.4.4 silently skips property chains (``prp-spo2``), keys (``prp-key``) and max
cardinality (``cls-maxc2``, ``cls-maxqc3/4``), and its API has no way to report an
inconsistency. Our ontology uses none of these (only subclass, subproperty, inverse,
domain and range axioms), and the ``"reasonable"`` engine refuses, with an
`InputError`, any graph that uses one of `REASONABLE_UNSUPPORTED`, rather than return an
incomplete closure.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Final

import owlrl
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import OWL, RDF, XSD
from rdflib.term import Node

from warkg.errors import InputError
from warkg.rdf.loading import new_graph
from warkg.reasoning import by_pattern as reasoning_by_pattern

Triple = tuple[Node, Node, Node]

ENGINES: Final[tuple[str, ...]] = ("owlrl", "reasonable")

# OWL constructs reasonable 0.4.4 does not reason with (measured: property chains, keys
# and max cardinalities yield no inferences) or cannot report (every construct whose
# only consequence in OWL 2 RL is an inconsistency: its API has no error channel).
REASONABLE_UNSUPPORTED: Final[frozenset[URIRef]] = frozenset(
    {
        OWL.propertyChainAxiom,
        OWL.hasKey,
        OWL.maxCardinality,
        OWL.maxQualifiedCardinality,
        OWL.disjointWith,
        OWL.AllDisjointClasses,
        OWL.propertyDisjointWith,
        OWL.AllDisjointProperties,
        OWL.complementOf,
        OWL.differentFrom,
        OWL.AllDifferent,
        OWL.AsymmetricProperty,
        OWL.IrreflexiveProperty,
        OWL.NegativePropertyAssertion,
        OWL.sourceIndividual,
    }
)


def reason(graph: Graph, *, engine: str = "owlrl", in_place: bool = False) -> Graph:
    """A new graph: every triple of `graph` plus its OWL 2 RL closure, minus noise.

    `graph` must hold the ontology as well as the data (e.g. `load_ontology() +
    load_data()`): the reasoner only knows the axioms it is given. `graph` is not
    modified, unless `in_place`: then the closure is added to `graph` itself and `graph`
    returned, sparing a copy of it (18 s of 62 at 1M triples with reasonable); the
    command line does so with the graph it loaded for one run. `engine` is ``"owlrl"``
    (reference), ``"reasonable"`` (10-15x faster, same instance-level closure on our
    data; see the module docstring) or ``"auto"`` (what the command line uses:
    `auto_engine`). InputError for an unknown engine, or for a graph using a construct
    the chosen engine cannot handle.
    """
    if engine == "auto":
        engine = auto_engine(graph)
    if engine == "owlrl":
        inferred = [t for t in _owlrl_inferred(graph) if t not in graph and not is_noise(t)]
    elif engine == "reasonable":
        inferred = [t for t in _reasonable_inferred(graph) if not is_noise(t)]
    else:
        raise InputError(f"unknown reasoning engine {engine!r}; choose one of {', '.join(ENGINES)}")
    if in_place:
        result = graph
    else:
        result = new_graph()
        result += graph
    result.addN((s, p, o, result) for s, p, o in inferred)
    return result


def is_noise(triple: Triple) -> bool:
    """True for an inferred triple `reason()` leaves out, because nobody queries it:

    - a literal subject (owlrl's generalised RDF, e.g. ``"100" rdf:type xsd:integer``,
      ``"x" owl:sameAs "x"``): not RDF 1.1, so a closure holding one could not be
      written as Turtle and read back (pyoxigraph, which `warkg.rdf.loading` parses with,
      rejects it);
    - ``x owl:sameAs x`` (rule eq-ref; 2,295 triples at 4,486 input triples, one per
      resource and literal): true of everything, so it tells a query nothing;
    - ``x rdf:type owl:Thing``: true of every individual by definition, and the engines
      disagree on who gets it (owlrl: individuals; reasonable: every IRI, classes and
      properties included).

    Triples present in the input are never removed, even if they match one of these.
    """
    subject, predicate, obj = triple
    return (
        isinstance(subject, Literal)
        or (predicate == OWL.sameAs and subject == obj)
        or (predicate == RDF.type and obj == OWL.Thing)
    )


def _owlrl_inferred(graph: Graph) -> Iterable[Triple]:
    """owlrl's closure, computed on a copy because owlrl adds to the graph it is given."""
    work = Graph(bind_namespaces="none")
    work += graph
    owlrl.DeductiveClosure(
        owlrl.OWLRL_Semantics, axiomatic_triples=False, datatype_axioms=False
    ).expand(work)
    return work


def unsupported_by_reasonable(graph: Graph) -> list[str]:
    """The `REASONABLE_UNSUPPORTED` constructs `graph` uses, as `owl:` names, sorted."""
    return sorted(
        "owl:" + term.removeprefix(str(OWL))
        for term in REASONABLE_UNSUPPORTED
        if (None, term, None) in graph or (None, None, term) in graph
    )


def auto_engine(graph: Graph) -> str:
    """``"reasonable"``, the fast engine, unless `graph` uses a construct it cannot
    handle; then ``"owlrl"``. benchmarks/run.py checks on every run that the two give
    the same data-level closure on the shipped data and the synthetic graphs."""
    return "owlrl" if unsupported_by_reasonable(graph) else "reasonable"


def _reasonable_inferred(graph: Graph, *, by_pattern: bool = True) -> Iterable[Triple]:
    """reasonable's inferred triples, with `xsd:string` literals written back plain;
    InputError for a construct it mishandles (see `REASONABLE_UNSUPPORTED`).

    With `by_pattern` (always, outside tests), reasonable is asked once per kind of
    triple where `warkg.reasoning.by_pattern` shows that gives the same closure, and
    on the whole graph otherwise."""
    used = unsupported_by_reasonable(graph)
    if used:
        raise InputError(
            f"the 'reasonable' engine cannot reason with {', '.join(used)}; use engine 'owlrl'"
        )
    output = reasoning_by_pattern.reasonable_output(graph, is_noise) if by_pattern else None
    if output is None:
        output = reasoning_by_pattern.run_reasonable(graph)
    # Compare with the input before rewriting literals, so that an input triple that
    # does spell out ^^xsd:string is recognised as such and not added again as plain.
    return (_plain_string(triple) for triple in output if triple not in graph)


def _plain_string(triple: Triple) -> Triple:
    """`"x"^^xsd:string` as `"x"`: the same RDF 1.1 term, but not the same rdflib one."""
    subject, predicate, obj = triple
    if isinstance(obj, Literal) and obj.datatype == XSD.string:
        return subject, predicate, Literal(str(obj))
    return triple
