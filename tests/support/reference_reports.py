"""Plain pySHACL, the reference every validation fast path is proven against, run on
several graphs at once in separate processes.

Plain pySHACL takes about 8 s on the article graph, and the proofs run it on every
variant of a corpus: one after the other, that was a fifth of the test suite's time on
CI's two cores. Two processes at a time halve the wait. They are spawned, not forked:
a fork of pytest would copy whatever threads and locks other tests' fixtures hold.
The graphs go to them pickled and are unpickled with rdflib's literal normalisation
off: a Literal is pickled as its lexical form and made again from it, and with the
switch on "01"^^xsd:integer came back as "1", and the reference validated another
graph (test_literals_rdflib_keeps_apart_are_not_joined_by_pyoxigraph, in
test_shacl_shortcuts.py, fails that way). Validation runs with the switch as it is here.
The reports are plain data and come back as they were.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from typing import Any

from rdflib import Graph

from warkg.rdf import loading
from warkg.validation import api as validation


def _plain(graphs: bytes, options: dict[str, Any]) -> validation.ValidationReport:
    with loading.literals_as_written():  # rdflib re-makes each Literal from its lexical form
        graph, shapes, ontology = pickle.loads(graphs)
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
            graphs_pickled = pickle.dumps((graph, shapes, ontology), pickle.HIGHEST_PROTOCOL)
            futures[name] = pool.submit(_plain, graphs_pickled, options)
        return {name: future.result() for name, future in futures.items()}
