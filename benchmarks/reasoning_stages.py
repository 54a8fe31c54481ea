#!/usr/bin/env python3
"""Where the fast reasoning path spends its time, stage by stage.

`benchmarks/run.py` times `warkg.reasoning.reason(graph, engine="reasonable",
in_place=True)` end to end; at 1M triples that misses the 30 s target. This script
runs the same steps one at a time on one graph (wall and CPU time of each), so the
closing note can say what limits it: handing rdflib's terms to reasonable
(`from_graph`), reasonable's closure (which returns its result as new rdflib terms),
dropping what the graph already holds, and adding the rest to rdflib's store. Each
stage is printed with its share of the total, measured in the same run.

    python benchmarks/generate.py --triples 1000000 --out /tmp/synth-1m.nt
    python benchmarks/reasoning_stages.py /tmp/synth-1m.nt ontology/warkg.ttl

The files are read into one rdflib graph first (not timed). Exit 2 for an unreadable
file.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any


def timed(stages: list[tuple[str, float, float]], name: str, step: Callable[[], Any]) -> Any:
    """Run `step`; record its wall time and this process's CPU time (on a shared machine
    the CPU time is what the step costs; the wall time also holds the waiting)."""
    start, cpu = time.perf_counter(), time.process_time()
    result = step()
    stages.append((name, time.perf_counter() - start, time.process_time() - cpu))
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="N-Triples or Turtle files")
    args = parser.parse_args(argv)

    import reasonable
    from rdflib import Graph

    from warkg import reasoning

    graph = Graph(bind_namespaces="none")
    for path in args.files:
        form = "nt" if path.suffix == ".nt" else "turtle"
        try:
            graph.parse(path, format=form)
        except (OSError, SyntaxError, ValueError) as error:
            print(f"reasoning_stages.py: {path}: {error}", file=sys.stderr)
            return 2
    size = len(graph)

    stages: list[tuple[str, float, float]] = []
    reasoner = reasonable.PyReasoner()
    timed(stages, "from_graph (rdflib terms into reasonable)", lambda: reasoner.from_graph(graph))
    closure = timed(stages, "reason (closure, returned as rdflib terms)", reasoner.reason)
    new = timed(
        stages,
        "drop triples the graph holds",
        lambda: [t for t in closure if t not in graph],
    )
    kept = timed(
        stages,
        "plain strings, noise left out",
        lambda: [t for t in map(reasoning._plain_string, new) if not reasoning.is_noise(t)],
    )
    timed(stages, "add to the rdflib graph", lambda: graph.addN((*t, graph) for t in kept))

    total = sum(seconds for _, seconds, _ in stages)
    total_cpu = sum(cpu for _, _, cpu in stages)
    # len(graph), not len(kept): a plain string reasonable returned as ^^xsd:string
    # passes the first filter, then turns out to be in the graph once written plain.
    added = len(graph) - size
    print(f"{size:,} triples in, {len(closure):,} returned by reasonable, {added:,} added")
    for name, seconds, cpu in stages:
        print(f"{name:45} {seconds:7.2f} s  {seconds / total:6.1%}  CPU {cpu:7.2f} s")
    print(f"{'total':45} {total:7.2f} s  {'':6}  CPU {total_cpu:7.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
