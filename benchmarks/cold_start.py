#!/usr/bin/env python3
"""What a cold `warkg` command costs against the floor of its work, measured in one run.

Each command runs as a fresh process, and the commands of one comparison take turns
(command, floor, command, floor, ...), so a change in the machine's load falls on both
alike. For each: CPU time (user + system of the child, from wait4) and wall time, min and
median. The floors:

- `warkg query casualty-figures` against a minimal pyoxigraph script: read the same
  Turtle files (ontology/ and triples/) into a pyoxigraph Store, run the same query text
  (the file in queries/), print the rows;
- `warkg --help`, `warkg --version`, `warkg queries` against `python -c "import click"`;
- cold `warkg validate` (the shipped data, conforming) against `python -c "pass"`; its
  target is absolute (under 0.5 s on a quiet machine), the interpreter is for scale;
  and against what any pySHACL validation of the same files costs before it checks a
  shape (`FLOOR_VALIDATE`: pySHACL imported, the files loaded), to show how much of
  the 0.5 s is left for the validation itself.

Also in process: a stored query called by name (`warkg.catalogue.run.run_query` on the
oxigraph backend) against raw pyoxigraph on the same text (`Store.query`, every value of
every row read), alternating call by call.

Results go to results/cold-start.md and results/cold-start.json (with the command, the
load average before and after, and the versions). `run.py --cold-start` runs this alone;
a full `run.py` runs it at the end.

    python -m benchmarks.cold_start                 # 15 rounds
    python -m benchmarks.cold_start --rounds 30
"""

from __future__ import annotations

import argparse
import datetime as _dt
import json
import os
import platform
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SRC = ROOT / "src"

FLOOR_QUERY = """\
import sys
import pyoxigraph
store = pyoxigraph.Store()
for path in sys.argv[2:]:
    with open(path, "rb") as file:
        store.load(file.read(), pyoxigraph.RdfFormat.TURTLE)
with open(sys.argv[1], encoding="utf-8") as file:
    text = file.read()
for row in store.query(text):
    print("\\t".join("" if term is None else str(term) for term in row))
"""

FLOOR_VALIDATE = """\
import pyshacl  # noqa: F401  (the validator, as every pySHACL run imports it)
from warkg import paths
from warkg.rdf import loading
graph = loading.load_files([paths.triples_dir()], as_written=True)
for path in loading.expand([paths.ontology_dir()]):
    loading.parse_into(graph, path, as_written=True)
shapes = loading.load_files([paths.shapes_dir()], as_written=True)
"""
"""What any pySHACL validation of the article costs before its first shape is checked:
pySHACL imported, the data, ontology and shapes read into rdflib graphs by warkg's own
loader (pyoxigraph's parser, literals as written: the fastest way we have that gives
pySHACL the same graphs)."""

GOALS = {"query": 2.5, "help": 3.0, "version": 3.0, "queries": 3.0}
"""The issue's goals: at most this many times the floor's median CPU time."""
BY_NAME_GOAL = 1.2
VALIDATE_GOAL = 0.5


def warkg(*args: str) -> list[str]:
    return [sys.executable, "-m", "warkg", *args]


def comparisons() -> dict[str, tuple[list[str], list[str], str]]:
    """name: (command, floor, floor's label)."""
    turtle = sorted((ROOT / "ontology").glob("*.ttl")) + sorted((ROOT / "triples").glob("*.ttl"))
    query = ROOT / "queries" / "casualty-figures.rq"
    floor_query = [sys.executable, "-c", FLOOR_QUERY, str(query), *map(str, turtle)]
    click = [sys.executable, "-c", "import click"]
    interpreter = [sys.executable, "-c", "pass"]
    return {
        "query": (warkg("query", "casualty-figures"), floor_query, "minimal pyoxigraph script"),
        "help": (warkg("--help"), click, 'python -c "import click"'),
        "version": (warkg("--version"), click, 'python -c "import click"'),
        "queries": (warkg("queries"), click, 'python -c "import click"'),
        "validate": (warkg("validate", "--bundled"), interpreter, 'python -c "pass"'),
        "validate-floor": (
            warkg("validate", "--bundled"),
            [sys.executable, "-c", FLOOR_VALIDATE],
            "import pyshacl, the same files loaded (FLOOR_VALIDATE)",
        ),
    }


def run_once(argv: list[str]) -> tuple[float, float, int, str]:
    """CPU seconds (the child's user + system), wall seconds, exit code, output digest."""
    start = time.perf_counter()
    child = subprocess.Popen(argv, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, cwd=ROOT)
    out = child.stdout.read() if child.stdout else b""
    _, status, usage = os.wait4(child.pid, 0)
    wall = time.perf_counter() - start
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.stdout:
        child.stdout.close()
    return usage.ru_utime + usage.ru_stime, wall, child.returncode, f"{len(out)} bytes"


def summary(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "n": len(values)}


def measure_processes(rounds: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    for name, (command, floor, label) in comparisons().items():
        samples: dict[str, dict[str, list[float]]] = {
            "command": {"cpu": [], "wall": []},
            "floor": {"cpu": [], "wall": []},
        }
        exits: set[int] = set()
        run_once(command), run_once(floor)  # warm the file cache; not counted
        for turn in range(rounds):
            order = ("command", "floor") if turn % 2 == 0 else ("floor", "command")
            for which in order:
                cpu, wall, code, _ = run_once(command if which == "command" else floor)
                samples[which]["cpu"].append(cpu)
                samples[which]["wall"].append(wall)
                if which == "command":
                    exits.add(code)
        entry = {
            "label": " ".join(["warkg", *command[3:]]),
            "floor_label": label,
            "exit_codes": sorted(exits),
            **{
                which: {kind: summary(values) for kind, values in kinds.items()}
                for which, kinds in samples.items()
            },
        }
        for kind in ("cpu", "wall"):
            entry[f"ratio_{kind}_median"] = (
                entry["command"][kind]["median"] / entry["floor"][kind]["median"]
            )
            entry[f"ratio_{kind}_min"] = entry["command"][kind]["min"] / entry["floor"][kind]["min"]
        found[name] = entry
        print(
            f"{name:9} cpu {entry['command']['cpu']['median']:.3f} s vs "
            f"{entry['floor']['cpu']['median']:.3f} s = {entry['ratio_cpu_median']:.2f}x",
            file=sys.stderr,
            flush=True,
        )
    return found


def measure_by_name(calls: int) -> dict[str, Any]:
    """Each stored query by name against raw pyoxigraph on the same text, in process,
    alternating call by call after a warm-up (the catalogue read, caches filled)."""
    import pyoxigraph

    from warkg.catalogue import run as querying
    from warkg.catalogue import stored as stored_queries
    from warkg.engines.oxigraph import OxigraphBackend, oxigraph_store
    from warkg.rdf.conversion import to_oxigraph
    from warkg.rdf.namespaces import PREFIXES

    store = oxigraph_store()
    backend = OxigraphBackend(store)
    found: dict[str, Any] = {}
    for query in stored_queries.list_queries():
        bound = stored_queries.bind(query, {})
        substitutions = {pyoxigraph.Variable(k): to_oxigraph(v) for k, v in bound.items()} or None
        text = query.text

        def raw(text: str = text, substitutions: Any = substitutions) -> int:
            solutions = store.query(text, prefixes=PREFIXES, substitutions=substitutions)
            names = solutions.variables
            return len([[row[v] for v in names] for row in solutions])

        def by_name(name: str = query.name) -> int:
            return len(querying.run_query(backend, name).rows)

        assert raw() == by_name()
        for _ in range(20):
            raw(), by_name()
        times: dict[str, list[float]] = {"raw": [], "by_name": []}
        for turn in range(calls):
            order = (("raw", raw), ("by_name", by_name))
            for label, call in order if turn % 2 == 0 else reversed(order):
                start = time.perf_counter()
                call()
                times[label].append(time.perf_counter() - start)
        found[query.name] = {
            "raw": summary(times["raw"]),
            "by_name": summary(times["by_name"]),
            "ratio_median": statistics.median(times["by_name"]) / statistics.median(times["raw"]),
            "ratio_min": min(times["by_name"]) / min(times["raw"]),
        }
    return found


def versions() -> dict[str, str]:
    from importlib.metadata import version

    found = {"python": platform.python_version()}
    for name in ("warkg", "click", "rdflib", "pyoxigraph", "pyshacl"):
        found[name] = version(name)
    return found


def markdown(results: dict[str, Any]) -> str:
    lines = [
        "# Cold start: each command against the floor of its work",
        "",
        f"Command: `{results['command']}`  ",
        f"Date: {results['date']}; {results['cpus']} CPUs; load average before "
        f"{results['load_before']}, after {results['load_after']} (a shared machine: "
        "read the ratios, measured in alternating runs, rather than the seconds).  ",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in results["versions"].items()),
        "",
        "Processes: `python -m warkg ...` (the checkout, installed editable), "
        f"{results['rounds']} alternating runs each; CPU is user + system time of the "
        "child (wait4). The interpreter's own start-up is in both columns.",
        "",
        "| command | floor | CPU median (min) | floor CPU median (min) | ratio CPU median "
        "(min) | wall median | floor wall median | ratio wall median | goal | met |",
        "|---|---|---:|---:|---:|---:|---:|---:|---|---|",
    ]
    for name, entry in results["processes"].items():
        command, floor = entry["command"], entry["floor"]
        if name in GOALS:
            goal = f"<= {GOALS[name]}x CPU"
            met = "yes" if entry["ratio_cpu_median"] <= GOALS[name] else "**no**"
        else:
            goal = f"< {VALIDATE_GOAL} s CPU (quiet machine)"
            met = "yes" if command["cpu"]["median"] < VALIDATE_GOAL else "**no**"
        lines.append(
            f"| `{entry['label']}` | {entry['floor_label']} | "
            f"{command['cpu']['median']:.3f} s ({command['cpu']['min']:.3f}) | "
            f"{floor['cpu']['median']:.3f} s ({floor['cpu']['min']:.3f}) | "
            f"{entry['ratio_cpu_median']:.2f}x ({entry['ratio_cpu_min']:.2f}x) | "
            f"{command['wall']['median']:.3f} s | {floor['wall']['median']:.3f} s | "
            f"{entry['ratio_wall_median']:.2f}x | {goal} | {met} |"
        )
    lines += _validate_floor_line(results)
    lines += [
        "",
        "## A stored query by name against raw pyoxigraph on the same text (in process)",
        "",
        f"`warkg.catalogue.run.run_query(OxigraphBackend, NAME)` (catalogue lookup, parameter "
        "binding, the checked query, rdflib terms out, list columns sorted) against "
        "`Store.query(text, prefixes=...)` reading every value of every row; "
        f"{results['calls']} alternating calls each after 20 warm-up calls. "
        f"Goal: within {BY_NAME_GOAL}x.",
        "",
        "| query | raw median (min) | by name median (min) | ratio median (min) | met |",
        "|---|---:|---:|---:|---|",
    ]
    for name, entry in results["by_name"].items():
        met = "yes" if entry["ratio_median"] <= BY_NAME_GOAL else "**no**"
        lines.append(
            f"| {name} | {entry['raw']['median'] * 1e3:.3f} ms ({entry['raw']['min'] * 1e3:.3f})"
            f" | {entry['by_name']['median'] * 1e3:.3f} ms "
            f"({entry['by_name']['min'] * 1e3:.3f}) | {entry['ratio_median']:.2f}x "
            f"({entry['ratio_min']:.2f}x) | {met} |"
        )
    return "\n".join(lines) + "\n"


def _validate_floor_line(results: dict[str, Any]) -> list[str]:
    entry = results["processes"].get("validate-floor")
    if entry is None:
        return []
    floor, least = entry["floor"]["cpu"]["median"], entry["floor"]["cpu"]["min"]
    command = entry["command"]["cpu"]
    return [
        "",
        f"Before checking a single shape, a pySHACL validation of these files costs "
        f"{floor:.3f} s of CPU, median ({least:.3f} s, min; `FLOOR_VALIDATE`: the "
        "interpreter, `import pyshacl`, the files read into rdflib graphs by warkg's "
        f"loader): {floor / VALIDATE_GOAL:.0%} ({least / VALIDATE_GOAL:.0%}) of the "
        f"{VALIDATE_GOAL} s goal, and {floor / command['median']:.0%} "
        f"({least / command['min']:.0%}) of what warkg validate costs. warkg validate "
        f"spends {command['median'] - floor:.3f} s more, median against median "
        f"({command['min'] - least:.3f} s, min against min): checking the shapes and "
        "writing the report.",
    ]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rounds", type=int, default=15, help="runs of each process")
    parser.add_argument("--calls", type=int, default=300, help="in-process calls per query")
    parser.add_argument("--out", type=Path, default=HERE / "results", help="results folder")
    args = parser.parse_args(argv)
    load_before = " ".join(f"{x:.2f}" for x in os.getloadavg())
    processes = measure_processes(args.rounds)
    by_name = measure_by_name(args.calls)
    results = {
        "command": " ".join(["python", *sys.argv]),  # run.py --cold-start or this script
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "cpus": os.cpu_count(),
        "load_before": load_before,
        "load_after": " ".join(f"{x:.2f}" for x in os.getloadavg()),
        "versions": versions(),
        "rounds": args.rounds,
        "calls": args.calls,
        "processes": processes,
        "by_name": by_name,
    }
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "cold-start.json").write_text(json.dumps(results, indent=2) + "\n")
    (args.out / "cold-start.md").write_text(markdown(results), encoding="utf-8")
    print(f"wrote {args.out / 'cold-start.md'}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
