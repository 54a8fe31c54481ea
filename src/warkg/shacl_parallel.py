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

Only `validation` calls this, for graphs large enough to repay starting workers
(`WORTH_IT`), and only where `fork` exists (Linux, macOS). `tests/test_fast_paths.py`
checks that the results are the same as one process gives.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Sequence
from typing import Any

from pyshacl.shapes_graph import ShapesGraph
from rdflib import Graph
from rdflib.namespace import OWL, RDF, RDFS, SH
from rdflib.term import Node

TARGETS = (SH.targetNode, SH.targetClass, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target)
WORTH_IT = 200_000
"""Triples from which forking workers pays: below it, validation takes a few seconds."""

_JOB: tuple[Callable[[Node], Any], Graph] | None = None


def workers_for(graph: Graph) -> int:
    """How many processes to validate `graph` with: every core for a large graph, else 1."""
    if len(graph) < WORTH_IT or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    return max(1, os.cpu_count() or 1)


def targeted_shapes(shapes: Graph, data: Graph) -> list[Node] | None:
    """The shapes that have focus nodes in `data`, those with the most first (a proxy
    for the longest to run); None where a shape targets its own class implicitly
    (SHACL 2.1.3.1), which `only` could not switch off."""
    for kind in (RDFS.Class, OWL.Class):
        for node in shapes.subjects(RDF.type, kind):
            if (node, RDF.type, SH.NodeShape) in shapes or (
                node,
                RDF.type,
                SH.PropertyShape,
            ) in shapes:
                return None
    counted = [
        (len(shape.focus_nodes(data)), str(shape.node), shape.node)
        for shape in ShapesGraph(shapes).shapes
    ]
    return [node for count, _, node in sorted(counted, key=lambda c: (-c[0], c[1])) if count]


def only(shapes: Graph, shape: Node) -> Graph:
    """A copy of `shapes` in which every other shape has lost its targets: it finds no
    focus nodes of its own, yet `shape` can still use it through sh:node or
    sh:property."""
    kept = Graph()
    kept += shapes
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
    try:
        context = multiprocessing.get_context("fork")
        with context.Pool(min(workers, len(shapes))) as pool:
            return pool.map(_check_one, shapes, chunksize=1)
    finally:
        _JOB = None


def _check_one(shape: Node) -> Any:
    assert _JOB is not None  # set by `run` before the fork
    check, _ = _JOB
    return check(shape)
