"""What a job runs on in a worker: one copy of the data behind the library's engine for
it, the limits the worker applies itself, and (in a reconciliation worker) the index of
the entities names are matched against."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
from rdflib import Graph

from warkg.engines.base import Answer, Backend
from warkg.engines.oxigraph import OxigraphBackend, Solutions
from warkg.engines.rdflib import RdflibBackend
from warkg.rdf.namespaces import bind_prefixes
from warkg.server.reconcile.index import Index


@dataclass(frozen=True)
class WorkerSettings:
    """What a worker needs to start: the data snapshot and the limits it applies itself."""

    backend: str
    snapshot: Path
    """N-Triples file written by the server at start-up, so every worker (and every
    replacement of a killed one) holds exactly the same data."""
    max_rows: int
    memory_mb: int
    max_answer_bytes: int = 16 * 1024 * 1024
    spool_dir: Path | None = None
    """Where answers larger than SPOOL_BYTES are written for the server to stream."""
    base_iri: str | None = None
    """The base IRI of every query (the endpoint's URL), so relative IRIs resolve."""
    reconcile: bool = False
    """A reconciliation worker: it holds the entity index, built from the snapshot on
    its first job, and no query engine."""


class Engine:
    """The data a job runs on, with the row limit and base IRI of the endpoint."""

    def __init__(
        self,
        backend: Backend | None,
        max_rows: int,
        base_iri: str | None = None,
        snapshot: Path | None = None,
    ) -> None:
        self._backend = backend
        self.max_rows = max_rows
        self.base_iri = base_iri
        self.snapshot = snapshot
        self._index: Index | None = None

    @classmethod
    def open(cls, settings: WorkerSettings) -> Engine:
        """Load the snapshot into the chosen engine (a reconciliation worker: none)."""
        if settings.reconcile:
            return cls(None, settings.max_rows, settings.base_iri, settings.snapshot)
        if settings.backend == "oxigraph":
            store = pyoxigraph.Store()
            store.load(path=str(settings.snapshot), format=pyoxigraph.RdfFormat.N_TRIPLES)
            backend: Backend = OxigraphBackend(store, base_iri=settings.base_iri)
        else:
            graph = bind_prefixes(Graph(bind_namespaces="core"))
            graph.parse(settings.snapshot, format="nt")
            backend = RdflibBackend(graph)
        return cls(backend, settings.max_rows, settings.base_iri, settings.snapshot)

    @property
    def backend(self) -> Backend:
        assert self._backend is not None, "a reconciliation worker runs no queries"
        return self._backend

    def answer(self, text: str) -> Answer:
        """A user's query of any form, checked and run as the endpoint runs it: SELECT
        rows, an ASK verdict or CONSTRUCT/DESCRIBE triples, within the row limit
        (TooLarge past it)."""
        return self.backend.answer(text, max_rows=self.max_rows)

    def answer_lazily(self, text: str) -> Answer | Solutions:
        """`answer`, but on the oxigraph engine a SELECT's rows are left as pyoxigraph
        gives them, for the endpoint to write straight from them (`Solutions`)."""
        if isinstance(self.backend, OxigraphBackend):
            return self.backend.answer_lazily(text, max_rows=self.max_rows)
        return self.answer(text)

    def reconcile_index(self) -> Index:
        """The entities to match names against, built once, on the first job that needs
        them (seconds of CPU on a large graph, which a server never asked should not pay)."""
        if self._index is None:
            assert self.snapshot is not None
            self._index = Index.from_file(self.snapshot)
        return self._index
