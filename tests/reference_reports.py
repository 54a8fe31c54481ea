"""Plain pySHACL, the reference every validation fast path is proven against, run on
several graphs at once in separate processes.

Plain pySHACL takes about 8 s on the article graph, and the proofs run it on every
variant of a corpus: one after the other, that was a fifth of the test suite's time on
CI's two cores. Two processes at a time halve the wait. They are spawned, not forked:
a fork of pytest would copy whatever threads and locks other tests' fixtures hold.
The graphs go to them pickled, which keeps every term exactly as it is (a Turtle or
N-Triples round trip would let rdflib normalise literals the variants write on
purpose); the reports come back the same way and compare equal to ones made here.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from rdflib import Graph

from warkg import validation


def _plain(graph: Graph, shapes: Graph, ontology: Graph | None, options: dict[str, Any]):
    return validation.validate(graph, shapes, ontology, accelerate=False, **options)


def plain_reports(
    graphs: Mapping[str, Graph | tuple[Graph, Graph | None]],
    shapes: Graph,
    **options: Any,
) -> dict[str, validation.ValidationReport]:
    """`validation.validate(graph, shapes, ontology, accelerate=False, **options)` for
    each graph (or `(graph, ontology)` pair), by name, at most two at a time."""
    workers = max(1, min(2, os.cpu_count() or 1, len(graphs)))
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context) as pool:
        futures = {}
        for name, given in graphs.items():
            graph, ontology = given if isinstance(given, tuple) else (given, None)
            futures[name] = pool.submit(_plain, graph, shapes, ontology, options)
        return {name: future.result() for name, future in futures.items()}
