"""The data as loaded once at start-up: the N-Triples file every worker loads (so a
replaced worker holds exactly the same data) and the whole-graph downloads."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from warkg import paths
from warkg.engines.oxigraph import oxigraph_store
from warkg.rdf import loading
from warkg.rdf.conversion import to_oxigraph
from warkg.rdf.loading import shipped_graph
from warkg.server.answers import write_graph
from warkg.server.config import ServerConfig
from warkg.server.http.media import GRAPH_FORMATS


@dataclass(frozen=True)
class Snapshot:
    """The data as loaded once at start-up: the file workers load (in the engine's own
    N-Triples, so a replaced worker holds exactly the same data) and the downloads."""

    worker_file: Path
    downloads: dict[str, Path]
    triples: int


def write_snapshot(config: ServerConfig, directory: Path) -> Snapshot:
    """Load the shipped ontology and triples (or the ontology and `--data`) once, with the
    library's file:line:column errors, and write what the workers and downloads need."""
    graph = (
        loading.load_files([paths.ontology_dir(), *config.data_paths])
        if config.data_paths
        else None
    )
    worker_file = directory / "worker.nt"
    if config.backend == "oxigraph":
        store = oxigraph_store(graph)
        store.dump(
            worker_file, format=pyoxigraph.RdfFormat.N_TRIPLES, from_graph=pyoxigraph.DefaultGraph()
        )
        triples = [pyoxigraph.Triple(q.subject, q.predicate, q.object) for q in store]
    else:
        graph = shipped_graph() if graph is None else graph
        graph.serialize(worker_file, format="nt", encoding="utf-8")
        to_ox = to_oxigraph
        triples = [pyoxigraph.Triple(to_ox(s), to_ox(p), to_ox(o)) for s, p, o in graph]
    downloads = {}
    for fmt in GRAPH_FORMATS:
        path = directory / f"graph.{fmt.name}"
        path.write_bytes(write_graph(triples, fmt))
        downloads[fmt.name] = path
    return Snapshot(worker_file, downloads, len(triples))
