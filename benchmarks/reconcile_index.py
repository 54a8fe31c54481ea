#!/usr/bin/env python3
"""What `warkg serve`'s /reconcile costs: building its index, and answering queries.

The index is built on the first reconciliation request from the server's N-Triples
snapshot. The baseline is loading the same file into a pyoxigraph store, which the
build does first; the ratio says what the index adds. Queries are the entities' own
labels (each must find itself), then the same labels with one letter dropped (the
fuzzy path), timed as CPU per query.

    python -m benchmarks.generate --triples 1000000 --seed 1 --out /tmp/synth-1m.nt
    python -m benchmarks.reconcile_index /tmp/synth-1m.nt

Without a file, the shipped graph (ontology and triples) is measured. Prints one
Markdown table row per file, with the machine's load average.
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
from collections.abc import Sequence
from pathlib import Path

import pyoxigraph

from warkg.rdf.loading import shipped_graph
from warkg.server.reconcile.index import Index, check_query


def cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(path: Path, name: str) -> str:
    start = cpu()
    store = pyoxigraph.Store()
    store.load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES)
    load = cpu() - start
    del store
    start = cpu()
    index = Index.from_file(path)
    build = cpu() - start
    labels = [e.label for e in index.entities.values()][:200]
    start = cpu()
    found = sum(
        bool(r) and r[0]["name"] == label
        for label in labels
        for r in [index.reconcile(check_query("q", {"query": label}))]
    )
    exact = (cpu() - start) / max(len(labels), 1)
    start = cpu()
    for label in labels:
        index.reconcile(check_query("q", {"query": label[:-1] if len(label) > 3 else label}))
    fuzzy = (cpu() - start) / max(len(labels), 1)
    return (
        f"| {name} | {len(index.entities)} | {load:.2f} s | {build:.2f} s | "
        f"{build / load:.2f} | {exact * 1000:.1f} ms ({found}/{len(labels)} found) | "
        f"{fuzzy * 1000:.1f} ms |"
    )


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="*", type=Path, help="N-Triples files")
    args = parser.parse_args(argv)
    print(f"load average {os.getloadavg()[0]:.2f}")
    print(
        "| graph | entities | load into pyoxigraph (baseline, CPU) | build index (CPU) | "
        "build / load | query, exact name (CPU) | query, a letter dropped (CPU) |"
    )
    print("|---|---|---|---|---|---|---|")
    if not args.files:
        with tempfile.TemporaryDirectory() as directory:
            path = Path(directory) / "shipped.nt"
            shipped_graph().serialize(path, format="nt", encoding="utf-8")
            print(measure(path, "shipped"))
    for path in args.files:
        if not path.is_file():
            print(f"reconcile_index.py: no file {path}", file=sys.stderr)
            return 2
        print(measure(path, path.name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
