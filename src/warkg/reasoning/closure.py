"""OWL 2 RL closure of a graph, on a copy, with the reasoner's noise left out.

Why: the data states each link once, in one direction, at the most specific level
(`claim warkg:hasReference ref`, `claim a warkg:CasualtyClaim`). Queries written
against PROV-O or the general classes (`?claim prov:wasDerivedFrom ?ref`,
`?ref warkg:supportsClaim ?claim`, `?x a warkg:Claim`) only see those links once the
ontology's subproperty, inverse, subclass, domain and range axioms are applied.
`reason()` applies them and returns a new graph; the graph it is given is never
touched (owlrl writes into the graph it is handed, so it always runs on a copy).

Engines:

- ``"owlrl"`` (the reference): ``owlrl.DeductiveClosure(OWLRL_Semantics,
  axiomatic_triples=False, datatype_axioms=False)``; the complete OWL 2 RL rule set,
  inconsistencies reported as owlrl's ``ErrorMessage`` nodes (kept in the result).
- ``"reasonable"``: the Rust OWL 2 RL reasoner, many times faster (figures in
  docs/decisions.md). Where the graph stays in the fragment our ontology uses,
  reasonable is asked once per kind of triple (`warkg.reasoning.by_pattern`), else
  about the whole graph. Its answer keeps literals as written (rdflib's default would
  rewrite ``"01"^^xsd:integer`` as ``"1"``).
- ``"auto"`` (the command line's default for ``--reason``): reasonable, unless the
  graph uses a construct it cannot handle (`REASONABLE_UNSUPPORTED`), then owlrl.

Both engines' results are normalised alike, so they compare directly: an inferred
``"x"^^xsd:string`` (reasonable returns every simple literal so) is written back plain,
as our Turtle has it (input triples are kept exactly as given); and noise is dropped
from the inferred triples (`is_noise` says why that is safe): a literal subject,
``x owl:sameAs x``, ``x rdf:type owl:Thing``. On the shipped data the two then infer
exactly the same triples about the data; what differs is schema-level only and from
owlrl alone (``scm-cls``, ``scm-op``/``scm-dp``, ``scm-dom*``/``scm-rng*``, and
owlrl's datatype bookkeeping), pinned family by family by tests/reasoning, so a change
in either reasoner shows up. Ask for owlrl when a query needs the schema closure.

reasonable is not a general replacement for owlrl: it silently skips property chains,
keys and max cardinalities, and cannot report an inconsistency. The ``"reasonable"``
engine refuses, with an `InputError`, any graph that uses one of
`REASONABLE_UNSUPPORTED` rather than return an incomplete closure.
"""

from __future__ import annotations

import importlib.util
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

# OWL constructs reasonable does not reason with (property chains, keys and max
# cardinalities yield no inferences) or cannot report (every construct whose only
# consequence in OWL 2 RL is an inconsistency: its API has no error channel).
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
    returned, sparing a copy of it (a large share of the time on big graphs); the
    command line does so with the graph it loaded for one run. `engine` is ``"owlrl"``
    (reference), ``"reasonable"`` (fast, the same closure of the data; see the module
    docstring) or ``"auto"`` (what the command line uses:
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
    - ``x owl:sameAs x`` (rule eq-ref, one per resource and literal): true of
      everything, so it tells a query nothing;
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
    """``"reasonable"``, the fast engine, unless it is not installed (it comes with the
    ``warkg[reason]`` extra) or `graph` uses a construct it cannot handle; then
    ``"owlrl"``."""
    if importlib.util.find_spec("reasonable") is None:
        return "owlrl"
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
