"""`warkg validate` at 100k and 1M triples: the validation short cuts against the path
without them, and the whole command, in one run.

    python -m benchmarks.validate_scale [--sizes 100k,1m] [--baseline-sizes 100k]
        [--out benchmarks/results/validate-scale.md]

For each size it generates the synthetic graph (`generate.py --seed 1`, planted
violations included), loads it as `warkg validate` does (pyoxigraph, literals as
written, ontology added, what was loaded frozen out of garbage collection) and times
`validation.validate`, the figure `benchmarks/run.py` holds against the 60 s target:

- `short cuts off` (only at --baseline-sizes; at 1M it takes minutes): the `sh:or`
  short cut and the property shapes checked once for all focus nodes
  (`shacl_speedups`) and the SPARQL-constraint narrowing (`shacl_narrowing`) switched
  off, everything else as shipped. Its results must equal the default's.
- `default`: as shipped.

Then the whole command, `warkg validate FILE` in a child process: wall time, CPU of the
process and its workers, peak RSS of the largest process. The ratios are against the
`short cuts off` run of the same size in the same run.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = {"100k": 100_000, "1m": 1_000_000}


def generate(size: str, folder: Path) -> Path:
    out = folder / f"synth-{size}.ttl"
    if not out.exists():
        subprocess.run(
            [
                sys.executable,
                "-m",
                "benchmarks.generate",
                "--triples",
                str(SIZES[size]),
                "--seed",
                "1",
                "--format",
                "ttl",
                "--out",
                str(out),
            ],
            check=True,
            stdout=subprocess.DEVNULL,
            cwd=ROOT,
        )
    return out


def validate_in_process(path: Path, short_cuts: bool) -> dict:
    """One validation in a fresh child process, so that each run starts from the same
    heap and its peak memory is its own."""
    script = f"""
import contextlib, gc, hashlib, json, resource, sys, time
from pathlib import Path
from warkg import paths
from warkg.rdf import loading
from warkg.validation import api as validation, narrowing as shacl_narrowing
from warkg.validation.pyshacl_patches import speedups as shacl_speedups
graph = loading.load_files([Path({str(path)!r})], as_written=True)
for file in loading.expand([paths.ontology_dir()]):
    loading.parse_into(graph, file, as_written=True)
shapes = loading.load_files([paths.shapes_dir()], as_written=True)
gc.freeze()
if not {short_cuts!r}:
    shacl_speedups._first_conforming_member = contextlib.nullcontext
    shacl_speedups._property_shapes_at_once = contextlib.nullcontext
    shacl_narrowing.narrow = lambda data, shapes, targets, store=None: shapes
cpu = resource.getrusage(resource.RUSAGE_SELF).ru_utime
start = time.perf_counter()
report = validation.validate(graph, shapes, own_data=True)
wall = time.perf_counter() - start
lines = sorted(
    "\\t".join(str(x) for x in (r.severity, r.focus, r.path, r.source_shape, r.constraint,
                              r.message, r.value))
    for r in report.results
)
print(json.dumps({{
    "wall": wall,
    "cpu": resource.getrusage(resource.RUSAGE_SELF).ru_utime - cpu
    + resource.getrusage(resource.RUSAGE_CHILDREN).ru_utime,
    "peak_mb": max(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
                   resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss) / 1024,
    "results": len(report.results),
    "digest": hashlib.sha256("\\n".join(lines).encode()).hexdigest()[:16],
}}))
"""
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True
    )
    import json

    return json.loads(done.stdout.strip().splitlines()[-1])


def whole_command(path: Path) -> dict:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "warkg", "validate", str(path)],
        capture_output=True,
        text=True,
    )
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return {
        "wall": wall,
        "cpu": after.ru_utime - before.ru_utime,
        "peak_mb": after.ru_maxrss / 1024,
        "exit": done.returncode,
        "summary": done.stdout.strip().splitlines()[-1],
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100k,1m")
    parser.add_argument("--baseline-sizes", default="100k")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks/results/validate-scale.md")
    parser.add_argument("--graphs", type=Path, default=None, help="folder for the graphs")
    args = parser.parse_args()
    sizes = [s for s in args.sizes.split(",") if s]
    baseline = {s for s in args.baseline_sizes.split(",") if s}
    folder = args.graphs or Path(tempfile.mkdtemp(prefix="warkg-validate-scale-"))
    folder.mkdir(parents=True, exist_ok=True)
    command = "python -m benchmarks.validate_scale " + " ".join(sys.argv[1:])
    lines = [
        "# `warkg validate` at scale: the short cuts against the path without them",
        "",
        f"Command: `{command.strip()}`",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())} on {platform.node()}, "
        f"{os.cpu_count()} cores, load average at start {os.getloadavg()[0]:.2f}.",
        "Graphs: `benchmarks/generate.py --seed 1 --format ttl` (planted violations, so every "
        'run ends "does not conform"). `validate()` is `validation.validate` on the loaded '
        "graph (the figure benchmarks/run.py holds against the 60 s target at 1M); the "
        "whole command adds loading, file/line locations and the report.",
        "",
        "| graph | job | wall | CPU (with workers) | peak RSS | results | digest |",
        "|---|---|---:|---:|---:|---:|---|",
    ]
    ratios = []
    for size in sizes:
        path = generate(size, folder)
        runs = {}
        if size in baseline:
            runs["short cuts off"] = validate_in_process(path, short_cuts=False)
        runs["default"] = validate_in_process(path, short_cuts=True)
        for name, run in runs.items():
            lines.append(
                f"| {size} | validate(), {name} | {run['wall']:.1f} s | {run['cpu']:.1f} s | "
                f"{run['peak_mb']:,.0f} MB | {run['results']} | {run['digest']} |"
            )
        command_run = whole_command(path)
        lines.append(
            f"| {size} | whole `warkg validate` (exit {command_run['exit']}) | "
            f"{command_run['wall']:.1f} s | {command_run['cpu']:.1f} s | "
            f"{command_run['peak_mb']:,.0f} MB | | |"
        )
        if "short cuts off" in runs:
            off, on = runs["short cuts off"], runs["default"]
            same = off["digest"] == on["digest"] and off["results"] == on["results"]
            ratios.append(
                f"- {size}: default takes {on['wall'] / off['wall']:.2f}x the wall time and "
                f"{on['cpu'] / off['cpu']:.2f}x the CPU of the short cuts off; results "
                f"identical: {same}"
            )
        if size == "1m":
            met = runs["default"]["wall"] < 60 and runs["default"]["peak_mb"] < 4096
            ratios.append(
                f"- 1m: validate() {runs['default']['wall']:.1f} s against the 60 s target, "
                f"peak {runs['default']['peak_mb']:,.0f} MB against 4,096 MB: "
                f"{'met' if met else 'NOT met'}"
            )
    lines += ["", *ratios, ""]
    args.out.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    with contextlib.suppress(KeyboardInterrupt):
        sys.exit(main())
