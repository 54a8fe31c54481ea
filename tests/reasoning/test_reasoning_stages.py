"""benchmarks/reasoning_stages.py, which the benchmark notes use to say what limits the
fast reasoning path at 1M triples: its steps must add what `warkg.reasoning.closure.reason`
adds, or the stage times it reports would be of some other computation."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from warkg.rdf import loading
from warkg.reasoning import closure as reasoning

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "reasoning_stages.py"


def _run(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_stages_add_what_the_library_adds_both_ways() -> None:
    graph = loading.load_data() + loading.load_ontology()
    expected = len(reasoning.reason(graph, engine="reasonable")) - len(graph)
    run = _run(*sorted((ROOT / "triples").glob("*.ttl")), ROOT / "ontology" / "warkg.ttl")
    assert run.returncode == 0, run.stderr
    first, *lines, ratio = run.stdout.splitlines()
    assert first == (
        f"5,182 triples in, {expected:,} added by pattern, {expected:,} on the whole graph; "
        "identical: yes"
    )
    assert expected == 857
    assert [line.strip().split("  ")[0] for line in lines] == [
        "by pattern (as shipped):",
        "group by shape, ask reasonable, apply its patterns",
        "drop triples the graph holds",
        "plain strings, noise left out",
        "add to the rdflib graph",
        "total",
        "whole graph (before; still used outside the fragment):",
        "reasonable on every triple (from_graph, reason)",
        "drop triples the graph holds",
        "plain strings, noise left out",
        "add to the rdflib graph",
        "total",
    ]
    assert re.fullmatch(r"by pattern / whole graph, CPU: \d+\.\d\dx", ratio)


def test_a_graph_outside_the_fragment_is_refused_with_exit_2(tmp_path: Path) -> None:
    odd = tmp_path / "odd.ttl"
    odd.write_text("<http://e/a> <http://www.w3.org/2002/07/owl#sameAs> <http://e/b> .\n")
    run = _run(odd)
    assert run.returncode == 2
    assert run.stderr == "reasoning_stages.py: the graph is outside the pattern path's fragment\n"


def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.nt"
    run = _run(missing)
    assert run.returncode == 2
    assert (
        run.stderr
        == f"reasoning_stages.py: {missing}: [Errno 2] No such file or directory: '{missing}'\n"
    )
