"""The reference engine: rdflib's SPARQL on a Graph in memory."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rdflib import Graph
from rdflib.term import Node, Variable

from warkg.engines.base import CheckedBackend, Rows
from warkg.errors import InputError

if TYPE_CHECKING:
    from warkg.sparql import checks as sparql


class RdflibBackend(CheckedBackend):
    """Queries an rdflib Graph in memory (initBindings for parameters)."""

    name = "rdflib"

    def __init__(self, graph: Graph) -> None:
        self.graph = graph

    def _run(self, prepared: sparql.PreparedQuery, bindings: dict[str, Node], name: str) -> Rows:
        try:
            answer = self.graph.query(
                prepared.query, initBindings={Variable(k): v for k, v in bindings.items()}
            )
            return [{str(k): v for k, v in row.asdict().items()} for row in answer]
        except Exception as error:  # rdflib raises assorted types while evaluating
            raise InputError(f"{name}: rdflib could not run the query: {error}") from None
