#!/usr/bin/env python3
"""Where the reasoning path spends its time, stage by stage, both ways in one run.

`benchmarks/run.py` times `warkg.reasoning.closure.reason(graph, engine="reasonable",
in_place=True)` end to end. This script runs its steps one at a time, twice, on two
copies of the same graph: first the way it works now, reasonable asked once per kind
of triple (`warkg.reasoning.by_pattern`: group the triples by shape, ask reasonable,
apply its patterns), then the way it worked before and still works outside that
fragment, reasonable given every triple (`from_graph`, its closure returned as rdflib
terms). Both then drop what the graph already holds, write plain strings, leave out
noise, and add the rest to rdflib's store. Each stage is printed with its wall and CPU
time; the last line is the ratio of the two totals (CPU), and the first says whether
the two graphs came out identical.

    python -m benchmarks.generate --triples 1000000 --out /tmp/synth-1m.nt
    python -m benchmarks.reasoning_stages /tmp/synth-1m.nt ontology/warkg.ttl

The files are read into rdflib first (not timed). Exit 2 for an unreadable file or
for a graph outside the fragment (then there is only one way to compare).
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


def _report(title: str, stages: list[tuple[str, float, float]]) -> float:
    total = sum(seconds for _, seconds, _ in stages)
    total_cpu = sum(cpu for _, _, cpu in stages)
    print(title)
    for name, seconds, cpu in stages:
        print(f"  {name:52} {seconds:7.2f} s  {seconds / total:6.1%}  CPU {cpu:7.2f} s")
    print(f"  {'total':52} {total:7.2f} s  {'':6}  CPU {total_cpu:7.2f} s")
    return total_cpu


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("files", nargs="+", type=Path, help="N-Triples or Turtle files")
    args = parser.parse_args(argv)

    from rdflib import Graph

    from warkg.reasoning import by_pattern as reasoning_by_pattern
    from warkg.reasoning import closure as reasoning

    def load() -> Graph:
        graph = Graph(bind_namespaces="none")
        for path in args.files:
            try:
                graph.parse(path, format="nt" if path.suffix == ".nt" else "turtle")
            except (OSError, SyntaxError, ValueError) as error:
                raise SystemExit(f"reasoning_stages.py: {path}: {error}") from None
        return graph

    try:
        graph = load()
    except SystemExit as refusal:
        print(refusal, file=sys.stderr)
        return 2
    size = len(graph)

    def finish(stages: list[tuple[str, float, float]], graph: Graph, output) -> None:
        new = timed(
            stages, "drop triples the graph holds", lambda: [t for t in output if t not in graph]
        )
        kept = timed(
            stages,
            "plain strings, noise left out",
            lambda: [t for t in map(reasoning._plain_string, new) if not reasoning.is_noise(t)],
        )
        timed(stages, "add to the rdflib graph", lambda: graph.addN((*t, graph) for t in kept))

    by_pattern: list[tuple[str, float, float]] = []
    output = timed(
        by_pattern,
        "group by shape, ask reasonable, apply its patterns",
        lambda: reasoning_by_pattern.reasonable_output(graph, reasoning.is_noise),
    )
    if output is None:
        print(
            "reasoning_stages.py: the graph is outside the pattern path's fragment", file=sys.stderr
        )
        return 2
    finish(by_pattern, graph, output)

    whole_graph = load()
    whole: list[tuple[str, float, float]] = []
    closure = timed(
        whole,
        "reasonable on every triple (from_graph, reason)",
        lambda: reasoning_by_pattern.run_reasonable(whole_graph),
    )
    finish(whole, whole_graph, closure)

    # len(graph) - size, not len(kept): a plain string reasonable returned as
    # ^^xsd:string passes the first filter, then is in the graph once written plain.
    same = set(graph) == set(whole_graph)
    print(
        f"{size:,} triples in, {len(graph) - size:,} added by pattern, "
        f"{len(whole_graph) - size:,} on the whole graph; identical: {'yes' if same else 'NO'}"
    )
    fast = _report("by pattern (as shipped):", by_pattern)
    slow = _report("whole graph (before; still used outside the fragment):", whole)
    print(f"by pattern / whole graph, CPU: {fast / slow:.2f}x")
    return 0 if same else 1


if __name__ == "__main__":
    sys.exit(main())
