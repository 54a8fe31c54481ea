#!/usr/bin/env python3
"""What the validation paths cost on a synthetic graph, against one another in one run.

`warkg validate` can validate in one process or share the shapes out among forked
workers (`shacl_parallel`, by default from 200,000 triples). Issue 11 made the shared-out
path fall back to one process for any construct it is not proven for, and added a census
of focus nodes; this script measures, on the same graph in the same run:

- load: `loading.load_files(..., as_written=True)` (pyoxigraph, literals as written)
  against rdflib's parser with normalisation off (what it replaced);
- validate, one process (`workers=1`) against shared out (`workers=2`), accelerated, the
  command line's settings (`own_data`), checking both give the same results.

Times are CPU seconds of this process and its children (the machine is shared: wall
time is noisy); peak RSS of this process. Output: a Markdown table on stdout.

    python -m benchmarks.generate --triples 100000 --seed 1 --out /tmp/synth-100k.ttl
    python -m benchmarks.validate_paths /tmp/synth-100k.ttl
"""

from __future__ import annotations

import argparse
import os
import resource
import sys
import time
from pathlib import Path


def cpu() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime


def measure(label: str, job, rows: list[str]):
    start_cpu, start = cpu(), time.perf_counter()
    answer = job()
    rows.append(
        f"| {label} | {cpu() - start_cpu:.2f} s | {time.perf_counter() - start:.2f} s | "
        f"{resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f} MB |"
    )
    return answer


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("turtle", type=Path, help="a synthetic graph (benchmarks/generate.py)")
    args = parser.parse_args(argv)
    from rdflib import Graph

    from warkg import paths
    from warkg.rdf import loading
    from warkg.validation import api as validation

    rows = ["| job | CPU | wall | peak RSS (process) |", "|---|---|---|---|"]
    graph = measure(
        "load, pyoxigraph as written",
        lambda: loading.load_files([args.turtle], as_written=True),
        rows,
    )

    def rdflib_load() -> Graph:
        with loading.literals_as_written():
            return loading.load_files([args.turtle])

    measure("load, rdflib (normalisation off)", rdflib_load, rows)
    for path in paths.ontology_files():
        loading.parse_into(graph, path, as_written=True)
    shapes = loading.load_shapes()
    one = measure(
        "validate, one process",
        lambda: validation.validate(graph, shapes, own_data=True, workers=1),
        rows,
    )
    shared = measure(
        f"validate, shared out ({os.cpu_count()} workers)",
        lambda: validation.validate(graph, shapes, own_data=True, workers=os.cpu_count() or 2),
        rows,
    )
    print(f"{len(graph):,} triples ({args.turtle.name}); load average {os.getloadavg()}")
    print(f"results: {len(one.results)} one process, {len(shared.results)} shared out; ", end="")
    print(f"identical: {one == shared}; shared out really: {shared.shared_out}")
    print(f"checked: {one.shapes} shapes, {one.focus_nodes:,} focus nodes\n")
    print("\n".join(rows))
    return 0 if one == shared else 1


if __name__ == "__main__":
    sys.exit(main())
