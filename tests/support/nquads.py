"""The shipped triples as N-Quads (what `warkg build` writes for several articles): each
triples/ file in a named graph of its own."""

from __future__ import annotations

from pathlib import Path

import pyoxigraph

from warkg import paths


def write_shipped_as_nquads(target: Path) -> Path:
    """Write the shipped triples to `target`, `id/graph/<file stem>` naming each file's
    graph; returns `target`."""
    lines = []
    for path in paths.triples_files():
        graph = pyoxigraph.NamedNode(f"https://w3id.org/warkg/id/graph/{path.stem}")
        for triple in pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.TURTLE):
            quad = pyoxigraph.Quad(triple.subject, triple.predicate, triple.object, graph)
            lines.append(f"{quad} .\n")
    target.write_text("".join(lines), encoding="utf-8")
    return target
