"""The reference engine: rdflib's SPARQL on a Graph in memory (initBindings for
parameters)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyoxigraph
from rdflib import Graph
from rdflib.term import Variable

from warkg.engines.base import Answer, Backend, Run, TooLarge, ordered, within
from warkg.errors import InputError
from warkg.rdf.conversion import align, to_oxigraph

if TYPE_CHECKING:
    pass


class RdflibBackend(Backend):
    """Queries an rdflib Graph in memory."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _answer(self, run: Run) -> Answer:
        prepared, bindings, name, max_rows = run.prepared, run.bindings, run.name, run.max_rows
        try:
            answer = self.graph.query(
                prepared.query, initBindings={Variable(k): v for k, v in bindings.items()}
            )
            if answer.type == "ASK":
                return bool(answer.askAnswer)
            if answer.type == "SELECT":
                rows = []
                for row in answer:
                    within(len(rows) + 1, max_rows)
                    rows.append({str(k): v for k, v in row.asdict().items()})
                return ordered(prepared.variables, rows)
            graph = answer.graph
        except TooLarge:
            raise
        except Exception as error:  # rdflib raises assorted types while evaluating
            raise InputError(f"{name}: rdflib could not run the query: {error}") from None
        within(len(graph), max_rows, "triples")
        # Terms as Oxigraph reports them (`align`), as SELECT rows are.
        return [pyoxigraph.Triple(*(to_oxigraph(align(t)) for t in triple)) for triple in graph]
