"""What a CI step pays to install warkg: the light install (`pip install warkg`: what
validate, query, fmt, load and wikidata need) against the install with every extra
(`warkg[serve,reason]`, which is what `pip install warkg` brought before the extras
existed), in fresh virtual environments, measured in the same run.

The wheels (warkg's own, built from this checkout, and its dependencies from the
package index) are fetched once into a wheelhouse, so both installs read the same files
and no network time enters the figures; each variant is installed REPEAT times and the
median taken. Figures: the venv's size on disk (`du`), the number of distributions, and
the install's wall time; the ratios are light / full.

    python -m benchmarks.install_size [--repeat 3] [--out benchmarks/results/install-size.md]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
VARIANTS = {"light": "warkg", "full": "warkg[serve,reason]"}


def _run(*command: str, cwd: Path | None = None) -> None:
    subprocess.run(command, cwd=cwd, check=True, capture_output=True, text=True)


def _size(folder: Path) -> int:
    """Bytes on disk under `folder` (as `du` counts them)."""
    total = 0
    for root, _, files in os.walk(folder):
        for name in files:
            path = Path(root) / name
            if not path.is_symlink():
                total += path.stat().st_blocks * 512
    return total


def _install(wheelhouse: Path, requirement: str, where: Path) -> tuple[float, int, int]:
    """(seconds, bytes, distributions) for one fresh venv with `requirement`."""
    _run(sys.executable, "-m", "venv", str(where))
    python = where / "bin" / "python"
    started = time.perf_counter()
    _run(
        str(python), "-m", "pip", "install", "--quiet", "--no-index", "--disable-pip-version-check",
        "--find-links", str(wheelhouse), requirement,
    )  # fmt: skip
    seconds = time.perf_counter() - started
    listed = subprocess.run(
        [str(python), "-m", "pip", "list", "--format", "freeze", "--disable-pip-version-check"],
        capture_output=True,
        text=True,
        check=True,
    )
    return seconds, _size(where), len(listed.stdout.splitlines())


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks/results/install-size.md")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="warkg-install-") as tmp:
        root = Path(tmp)
        wheelhouse = root / "wheelhouse"
        _run(
            sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps",
            "-w", str(wheelhouse), str(REPO),
        )  # fmt: skip
        _run(
            sys.executable, "-m", "pip", "download", "--quiet", "--disable-pip-version-check",
            "-d", str(wheelhouse), "--find-links", str(wheelhouse), VARIANTS["full"],
        )  # fmt: skip
        figures: dict[str, list[tuple[float, int, int]]] = {name: [] for name in VARIANTS}
        for turn in range(args.repeat):
            for name, requirement in VARIANTS.items():  # alternated, so load hits both
                where = root / f"{name}-{turn}"
                figures[name].append(_install(wheelhouse, requirement, where))
                shutil.rmtree(where)
    load = os.getloadavg()
    rows = []
    medians = {}
    for name, runs in figures.items():
        seconds = statistics.median(r[0] for r in runs)
        size = statistics.median(r[1] for r in runs)
        count = runs[0][2]
        medians[name] = (seconds, size)
        rows.append(
            f"| `pip install {VARIANTS[name]}` | {size / 2**20:.0f} MiB | {count} | "
            f"{seconds:.1f} s ({', '.join(f'{r[0]:.1f}' for r in runs)}) |"
        )
    light, full = medians["light"], medians["full"]
    text = "\n".join(
        [
            "# Installing warkg: the light install against every extra",
            "",
            "Command (one run, both variants alternated, fresh venvs, wheels from a local",
            "wheelhouse so no network time is counted):",
            "",
            f"    python -m benchmarks.install_size --repeat {args.repeat}",
            "",
            f"Load average at the end: {load[0]:.2f}, {load[1]:.2f}, {load[2]:.2f}.",
            "",
            "| install | venv size | distributions | wall time, median (each run) |",
            "|---|---|---|---|",
            *rows,
            "",
            f"Ratios, light / full: size {light[1] / full[1]:.2f}, install time "
            f"{light[0] / full[0]:.2f}.",
            "",
        ]
    )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    print(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
