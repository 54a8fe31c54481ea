"""benchmarks/reasoning_stages.py, which the benchmark notes use to say what limits the
fast reasoning path at 1M triples: its steps must add what `warkg.reasoning.reason`
adds, or the stage times it reports would be of some other computation."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

from warkg import loading, reasoning

ROOT = Path(__file__).resolve().parents[1]
SCRIPT = ROOT / "benchmarks" / "reasoning_stages.py"


def _run(*files: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), *map(str, files)],
        capture_output=True,
        text=True,
        check=False,
    )


def test_the_stages_add_what_the_library_adds() -> None:
    graph = loading.load_data() + loading.load_ontology()
    expected = len(reasoning.reason(graph, engine="reasonable")) - len(graph)
    run = _run(*sorted((ROOT / "triples").glob("*.ttl")), ROOT / "ontology" / "warkg.ttl")
    assert run.returncode == 0, run.stderr
    first, *stages, total = run.stdout.splitlines()
    match = re.fullmatch(
        r"([\d,]+) triples in, ([\d,]+) returned by reasonable, ([\d,]+) added", first
    )
    assert match is not None, first
    assert int(match[1].replace(",", "")) == len(graph) == 4849
    assert int(match[3].replace(",", "")) == expected
    assert [line.split("  ")[0] for line in stages] == [
        "from_graph (rdflib terms into reasonable)",
        "reason (closure, returned as rdflib terms)",
        "drop triples the graph holds",
        "plain strings, noise left out",
        "add to the rdflib graph",
    ]
    assert total.startswith("total")


def test_an_unreadable_file_is_one_line_and_exit_2(tmp_path: Path) -> None:
    missing = tmp_path / "missing.nt"
    run = _run(missing)
    assert run.returncode == 2
    assert (
        run.stderr
        == f"reasoning_stages.py: {missing}: [Errno 2] No such file or directory: '{missing}'\n"
    )
