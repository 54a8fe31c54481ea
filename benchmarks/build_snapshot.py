#!/usr/bin/env python3
"""What building the shipped graph from the snapshot costs, and how much of it the
rules make, measured in one run.

- Cold: `warkg build --check` and `warkg build -o DIR` as fresh processes, CPU time of
  the child (user + system, from wait4), taking turns with the floor of their work,
  `python -c "import rdflib, yaml, pyoxigraph, click"` (the libraries a build imports),
  so a change in the machine's load falls on both alike. The goal: the snapshot builds
  in under 1 s of CPU.
- Warm, in process: the build of the shipped snapshot (read, rules, canonical Turtle of
  its three parts), CPU time per stage, median of the runs.
- Share: how many of the graph's triples the rules made and how many carry a curation
  decision (the goal: at least 80% from rules).

Results go to benchmarks/results/build.md and build.json, with the command, the load
average before and after, and the versions.

    python -m benchmarks.build_snapshot                 # 15 rounds, 20 warm runs
    python -m benchmarks.build_snapshot --rounds 5 --runs 5
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
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
RESULTS = ROOT / "benchmarks" / "results"
FLOOR = [sys.executable, "-c", "import rdflib, yaml, pyoxigraph, click"]
GOAL_CPU_SECONDS = 1.0
GOAL_RULE_SHARE = 0.80


def _cpu_of(argv: list[str]) -> tuple[float, int]:
    """The child's CPU seconds (user + system) and its exit code."""
    child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    _, status, usage = os.wait4(child.pid, 0)
    return usage.ru_utime + usage.ru_stime, os.waitstatus_to_exitcode(status)


def _summary(values: list[float]) -> dict[str, float]:
    return {"min": min(values), "median": statistics.median(values), "n": len(values)}


def cold(rounds: int) -> dict[str, Any]:
    found: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as out:
        commands = {
            "build --check": [sys.executable, "-m", "warkg", "build", "--check"],
            "build -o DIR": [sys.executable, "-m", "warkg", "build", "--quiet", "-o", out],
        }
        for name, command in commands.items():
            samples: dict[str, list[float]] = {"command": [], "floor": []}
            exits = set()
            _cpu_of(command), _cpu_of(FLOOR)  # warm the file cache; not counted
            for turn in range(rounds):
                order = ("command", "floor") if turn % 2 == 0 else ("floor", "command")
                for which in order:
                    cpu, code = _cpu_of(command if which == "command" else FLOOR)
                    samples[which].append(cpu)
                    if which == "command":
                        exits.add(code)
            entry = {which: _summary(values) for which, values in samples.items()}
            entry["exit_codes"] = sorted(exits)
            entry["ratio_median"] = entry["command"]["median"] / entry["floor"]["median"]
            found[name] = entry
            print(
                f"{name:14} cpu {entry['command']['median']:.3f} s vs floor "
                f"{entry['floor']['median']:.3f} s = {entry['ratio_median']:.2f}x",
                file=sys.stderr,
            )
    return found


def warm(runs: int) -> dict[str, Any]:
    from warkg import paths
    from warkg.build.curation import load_curation
    from warkg.build.pipeline import SHIPPED_PARTS, build_article, shipped_curation_path
    from warkg.build.readers.text import read_text
    from warkg.rdf.canonical import canonical_turtle

    data = paths.article_path().read_bytes()
    stages: dict[str, list[float]] = {"read": [], "rules": [], "turtle": [], "total": []}
    counts = (0, 0)
    for _ in range(runs + 1):
        start = time.process_time()
        article = read_text(data, file=paths.article_path().name)
        curation = load_curation(shipped_curation_path())
        read = time.process_time()
        built = build_article(article, curation)
        ruled = time.process_time()
        for part in SHIPPED_PARTS:
            canonical_turtle(built.output.graph(part))
        done = time.process_time()
        for name, value in (
            ("read", read - start),
            ("rules", ruled - read),
            ("turtle", done - ruled),
            ("total", done - start),
        ):
            stages[name].append(value)
        counts = built.counts()
    for values in stages.values():
        del values[0]  # the first run fills caches (vocabulary, row labels)
    rules, curation = counts
    return {
        "stages": {name: _summary(values) for name, values in stages.items()},
        "triples": rules + curation,
        "from_rules": rules,
        "from_curation": curation,
        "rule_share": rules / (rules + curation),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=15)
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args(argv)
    load_before = os.getloadavg()
    result: dict[str, Any] = {
        "command": " ".join(["python -m benchmarks.build_snapshot", *(argv or sys.argv[1:])]),
        "date": _dt.datetime.now(_dt.UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "python": platform.python_version(),
        "cpus": os.cpu_count(),
        "load_before": load_before,
    }
    result["cold"] = cold(args.rounds)
    result["warm"] = warm(args.runs)
    result["load_after"] = os.getloadavg()
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "build.json").write_text(json.dumps(result, indent=1) + "\n", encoding="utf-8")
    (RESULTS / "build.md").write_text(_markdown(result), encoding="utf-8")
    return 0


def _markdown(result: dict[str, Any]) -> str:
    warm_ = result["warm"]
    check = result["cold"]["build --check"]["command"]["median"]
    lines = [
        "# Building the shipped graph from the snapshot",
        "",
        f"`{result['command']}`, {result['date']}, Python {result['python']}, "
        f"{result['cpus']} CPUs, load average {result['load_before'][0]:.2f} before and "
        f"{result['load_after'][0]:.2f} after.",
        "",
        "## Rules and curation",
        "",
        f"{warm_['triples']:,} triples: {warm_['from_rules']:,} "
        f"({100 * warm_['rule_share']:.1f}%) from rules, {warm_['from_curation']:,} carry a "
        f"decision of the curation file (goal: at least {100 * GOAL_RULE_SHARE:.0f}% from "
        f"rules: {'met' if warm_['rule_share'] >= GOAL_RULE_SHARE else 'NOT met'}).",
        "",
        "## Cold commands (CPU of the process, median and min, against the floor)",
        "",
        "| command | CPU median | CPU min | floor median | ratio |",
        "|---|---|---|---|---|",
    ]
    for name, entry in result["cold"].items():
        lines.append(
            f"| warkg {name} | {entry['command']['median']:.3f} s | "
            f"{entry['command']['min']:.3f} s | {entry['floor']['median']:.3f} s | "
            f"{entry['ratio_median']:.2f}x |"
        )
    lines += [
        "",
        'The floor is `python -c "import rdflib, yaml, pyoxigraph, click"`, the libraries a '
        f"build imports. Goal: under {GOAL_CPU_SECONDS:.0f} s of CPU "
        f"({'met' if check < GOAL_CPU_SECONDS else 'NOT met'}: {check:.3f} s for a cold "
        "`warkg build --check`).",
        "",
        "## Warm, in process (CPU per stage, median)",
        "",
        "| stage | median | min |",
        "|---|---|---|",
    ]
    for name, stage in warm_["stages"].items():
        lines.append(f"| {name} | {stage['median'] * 1000:.1f} ms | {stage['min'] * 1000:.1f} ms |")
    lines += [
        "",
        "read: the snapshot read and the curation file loaded; rules: every rule applied; "
        "turtle: the three parts written as canonical Turtle.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    sys.exit(main())
