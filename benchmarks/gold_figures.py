"""Precision and recall of the infobox figures warkg builds from a dump, against a gold
list written by hand from the same revision's wikitext.

A figure is compared as (value, side, exactness, references): the amount, or the bounds
for a range or a one-sided bound; the infobox column; exact, approximate, at least, at
most or a range; and the set of reference numbers cited at it. A figure matches only if
all four agree; figures are compared as multisets, so a figure found twice counts once.

    python -m benchmarks.gold_figures [--dump FILE] [--write]

Without --dump it uses the sample dump the tests fetch (gensim's wheel on PyPI). --write
records the figures in benchmarks/results/gold-figures.md.
"""

from __future__ import annotations

import argparse
import io
import time
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import yaml
from rdflib import Graph, URIRef
from rdflib.namespace import Namespace

from warkg.build.pipeline import build_article
from warkg.build.readers.dump import read_dump

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GOLD = ROOT / "tests" / "build" / "gold" / "american-revolutionary-war.yaml"
QUERY = HERE / "infobox-figures.rq"
RESULTS = HERE / "results" / "gold-figures.md"
EVENT = Namespace("https://w3id.org/warkg/id/event/")
EXACTNESS = {
    "exact": "exact",
    "approximate": "approximate",
    "at-least": "atLeast",
    "at-most": "atMost",
    "range": "between",
}

Figure = tuple[tuple[int | None, int | None, int | None], int | None, str, frozenset[int]]


@dataclass(frozen=True)
class Score:
    gold: int
    found: int
    matched: int
    missing: tuple[Figure, ...]
    extra: tuple[Figure, ...]

    @property
    def precision(self) -> float:
        return self.matched / self.found if self.found else 0.0

    @property
    def recall(self) -> float:
        return self.matched / self.gold if self.gold else 0.0


def gold_figures(path: Path = GOLD) -> list[Figure]:
    data = yaml.safe_load(path.read_text("utf-8"))
    figures = []
    for entry in data["figures"]:
        exactness = EXACTNESS[entry["exactness"]]
        amount = entry.get("amount")
        lower, upper = entry.get("lower"), entry.get("upper")
        if exactness == "atLeast":
            amount = lower
        if exactness == "atMost":
            amount = upper
        figures.append(
            ((amount, lower, upper), entry["side"], exactness, frozenset(entry["references"]))
        )
    return figures


def built_figures(graph: Graph, war: URIRef) -> list[Figure]:
    """The figures the graph holds about `war` (benchmarks/infobox-figures.rq)."""
    figures = []
    rows = graph.query(QUERY.read_text("utf-8"), initBindings={"war": war})
    for row in rows:
        side = str(row.side).rsplit("side-", 1)[-1] if row.side is not None else None
        value = tuple(
            int(term) if term is not None else None
            for term in (row.amount, row.lowerBound, row.upperBound)
        )
        references = frozenset(int(n) for n in str(row.references).split())
        exactness = str(row.exactness).rsplit("/", 1)[-1]
        figures.append(
            (value, int(side) if side and side.isdigit() else None, exactness, references)
        )
    return figures


def score(found: list[Figure], gold: list[Figure]) -> Score:
    found_count, gold_count = Counter(found), Counter(gold)
    matched = sum((found_count & gold_count).values())
    return Score(
        gold=len(gold),
        found=len(found),
        matched=matched,
        missing=tuple(sorted((gold_count - found_count).elements(), key=repr)),
        extra=tuple(sorted((found_count - gold_count).elements(), key=repr)),
    )


def build_from_dump(dump: Path, title: str = "American Revolutionary War") -> Graph:
    with dump.open("rb") as raw:
        for article in read_dump(dump.name, raw):
            if article.title == title:
                return build_article(article).graph()
    raise SystemExit(f"{dump}: no article {title!r}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dump", type=Path, help="the dump [default: the tests' sample]")
    parser.add_argument("--write", action="store_true", help=f"write {RESULTS.name}")
    args = parser.parse_args(argv)
    if args.dump is None:
        from tests.support.sample_dump import sample_dump

        args.dump = sample_dump()
    started = time.process_time()
    graph = build_from_dump(args.dump)
    built = time.process_time() - started
    result = score(built_figures(graph, EVENT["american-revolutionary-war"]), gold_figures())
    out = io.StringIO()
    out.write("# Infobox figures of the American Revolutionary War against the gold list\n\n")
    out.write(
        "Built from the sample dump (gensim 4.4.0's shortened English Wikipedia dump, "
        "revision 717770601) and compared with `tests/build/gold/american-revolutionary-war"
        ".yaml`, written by hand from the wikitext. A figure matches when its value, side, "
        "exactness and references all agree.\n\n"
    )
    out.write("Command: `python -m benchmarks.gold_figures --write`\n\n")
    out.write("| gold figures | built figures | matched | precision | recall |\n")
    out.write("|---:|---:|---:|---:|---:|\n")
    out.write(
        f"| {result.gold} | {result.found} | {result.matched} | {result.precision:.3f} "
        f"| {result.recall:.3f} |\n\n"
    )
    for name, figures in (("In the gold list only", result.missing), ("Built only", result.extra)):
        out.write(f"{name}: {len(figures)}\n")
        for figure in figures:
            out.write(f"- {figure}\n")
        out.write("\n")
    out.write(f"Build of the article (read + rules): {built:.2f} s of CPU.\n")
    print(out.getvalue(), end="")
    if args.write:
        RESULTS.write_text(out.getvalue(), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
