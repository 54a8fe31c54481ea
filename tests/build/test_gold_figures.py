"""The American Revolutionary War's infobox figures, built from the dump, against the gold
list written by hand from the same revision (benchmarks/gold_figures.py measures the same
thing and records it in benchmarks/results/gold-figures.md)."""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from benchmarks.gold_figures import EVENT, build_from_dump, built_figures, gold_figures, score


@pytest.fixture(scope="module")
def arw(dump_path: Path) -> Graph:
    return build_from_dump(dump_path)


def test_the_gold_list_is_the_infobox_s_29_figures() -> None:
    figures = gold_figures()
    assert len(figures) == 29
    assert sum(1 for _, side, _, _ in figures if side == 1) == 13
    assert sorted({exactness for _, _, exactness, _ in figures}) == [
        "atLeast",
        "atMost",
        "between",
        "exact",
    ]


def test_precision_and_recall_of_the_figures_are_at_least_0_95(arw: Graph) -> None:
    result = score(built_figures(arw, EVENT["american-revolutionary-war"]), gold_figures())
    assert result.precision >= 0.95, result.extra
    assert result.recall >= 0.95, result.missing
    assert (result.gold, result.found) == (29, 29)


def test_a_figure_with_its_side_exactness_and_references(arw: Graph) -> None:
    found = built_figures(arw, EVENT["american-revolutionary-war"])
    # '''United States:''' 25,000-70,000 dead from all causes[8][16]
    assert ((None, 25000, 70000), 1, "between", frozenset({8, 16})) in found
    # '''Great Britain:''' 1,243 navy killed, 42,000 deserted, 18,500 died ...[20]
    assert ((42000, None, None), 2, "exact", frozenset({20})) in found
    # '''United States:''' Overall casualties up to 50,000[17]
    assert ((50000, None, 50000), 1, "atMost", frozenset({17})) in found
