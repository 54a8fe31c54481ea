"""pySHACL on more than one core: the shapes shared out among forked worker processes.

pySHACL validates one shape after another in one thread, and at a million triples that
takes minutes on one core of a two-core machine. Each shape is validated on its own,
against the whole graph (a shape it refers to with sh:node or sh:property is evaluated
inside it), so validating disjoint groups of the targeted shapes and joining their
results gives the results of validating all of them at once. `run` forks worker
processes, which inherit the loaded graph without copying or pickling it, and hands
each one shape at a time, longest-running first as far as the number of focus nodes
tells, so the cores stay busy until the end. A worker validates its shape with a copy
of the shapes in which every other shape has no targets (`only`): pySHACL's own
`use_shapes` leaves the shapes a named shape refers to unbuilt, and finds nothing.

That argument holds only for shapes whose focus nodes `only` can switch off and whose
evaluation does not depend on other shapes' targets. `unsafe` names anything in the
shapes graph for which it has not been shown, and `validation` then runs one process:

- `sh:target` (SPARQL targets, custom target types, JavaScript targets): `only`
  cannot tell pySHACL's advanced targets apart, so every worker would lose them;
- `sh:rule`: a rule belongs to a shape but adds triples other shapes depend on;
- a shape with any type but sh:NodeShape/sh:PropertyShape: it may be a class too
  (SHACL 2.1.3.1 implicit class target, also through subclasses of rdfs:Class), a
  target `only` cannot remove;
- `$shapesGraph` or `$currentShape` in SPARQL: such a query sees the shapes graph,
  which `only` changes.

A copy keeps the shapes graph's prefixes, which pySHACL uses in its messages.

Only `validation` calls this, for graphs large enough to repay starting workers
(`WORTH_IT`) or when a caller forces it (`workers=`), and only where `fork` exists
(Linux, macOS). `tests/validation/test_shacl_suite.py` runs the W3C SHACL and DASH test
suites through it forced on, and `tests/validation/test_shape_mutations.py` every
mutation of our data.
"""

from __future__ import annotations

import gc
import multiprocessing
import os
from collections.abc import Callable, Mapping, Sequence
from typing import Any

from rdflib import RDF, Graph
from rdflib.namespace import SH
from rdflib.term import Node

from warkg.rdf.loading import literals_as_written
from warkg.validation.targets import copy_shapes

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
WORTH_IT = 200_000
"""Triples from which forking workers pays: below it, validation takes a few seconds."""
_SHAPE_TYPES = {SH.NodeShape, SH.PropertyShape}
_SHAPES_GRAPH_VARIABLES = ("shapesGraph", "currentShape")

_JOB: tuple[Callable[[Node], Any], Graph] | None = None


def workers_for(graph: Graph) -> int:
    """How many processes to validate `graph` with: every core for a large graph, else 1."""
    if len(graph) < WORTH_IT or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, os.cpu_count() or 1)


def unsafe(shapes: Graph, shape_nodes: Sequence[Node]) -> str | None:
    """Why `shapes` must be validated in one process (module docstring), or None."""
    if (None, SH.target, None) in shapes:
        return "a shape has an sh:target"
    if (None, SH.rule, None) in shapes:
        return "a shape has an sh:rule"
    for node in shape_nodes:
        if set(shapes.objects(node, RDF.type)) - _SHAPE_TYPES:
            return f"shape {node} has a type other than sh:NodeShape or sh:PropertyShape"
    for predicate in (SH.select, SH.ask, SH.construct, SH.update):
        for text in shapes.objects(None, predicate):
            if any(variable in str(text) for variable in _SHAPES_GRAPH_VARIABLES):
                return "a SPARQL query uses $shapesGraph or $currentShape"
    return None


def largest_first(focus: Mapping[Node, int]) -> list[Node]:
    """The shapes that have focus nodes, those with the most first (a proxy for the
    longest to run), ties in a fixed order."""
    return [node for node, _ in sorted(focus.items(), key=lambda item: (-item[1], str(item[0])))]


def only(shapes: Graph, shape: Node) -> Graph:
    """A copy of `shapes`, prefixes included, in which every other shape has lost its
    targets: it finds no focus nodes of its own, yet `shape` can still use it through
    sh:node or sh:property."""
    kept = copy_shapes(shapes)
    for target in TARGETS:
        for other in set(kept.subjects(target, None)) - {shape}:
            kept.remove((other, target, None))
    return kept


def run(check: Callable[[Node], Any], graph: Graph, shapes: Sequence[Node], workers: int):
    """`check(shape)` for every shape, in `workers` forked processes; the answers in the
    order of `shapes`. `check` runs in the children, so it must return something
    picklable and report failures in its answer rather than raise."""
    global _JOB
    _JOB = (check, graph)
    # Objects that exist before the fork are left out of the children's garbage
    # collections: traversing the millions of objects of a large graph costs each worker
    # seconds and copies every page the collector touches (CPython's advice for fork).
    # A caller that froze them itself (the command line, after loading) keeps them so.
    own_freeze = gc.get_freeze_count() == 0
    if own_freeze:
        gc.freeze()
    try:
        context = multiprocessing.get_context("fork")
        # The answers come back pickled, and rdflib makes each Literal again from its
        # text: with its normalisation on, "NaN"^^xsd:double would come back as "nan"
        # and "01"^^xsd:integer as "1". The switch is turned after the pool has forked
        # its workers, so none of them starts with the switch's lock taken.
        with context.Pool(min(workers, len(shapes))) as pool, literals_as_written():
            return pool.map(_check_one, shapes, chunksize=1)
    finally:
        if own_freeze:
            gc.unfreeze()
        _JOB = None


def _check_one(shape: Node) -> Any:
    assert _JOB is not None  # set by `run` before the fork
    check, _ = _JOB
    return check(shape)
