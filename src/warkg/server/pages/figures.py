"""`/`: the casualty figures grouped by measure, each claimant's figure side by side, by
population group (what the claim counts: servicemen, civilians, ...), each measure drawn
as a bar chart (`templates/chart.svg`).

Made from the stored query `casualty-figures`, run through `warkg.catalogue.run` exactly
as `warkg query` runs it, so the page and the command line cannot disagree. The SVG
chart is plain markup with classes styled by warkg.css: no script, no inline style,
nothing from elsewhere, so it renders under the pages' Content Security Policy and
without JavaScript. Each chart has a title and description for screen readers, and the
table beside it is its text alternative.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from markupsafe import Markup
from rdflib.term import Node

from warkg.catalogue import run as querying
from warkg.engines.base import Backend
from warkg.results.model import Row
from warkg.server.pages import query_files, render, render_markup
from warkg.server.pages.terms import cell_text, claim_slug
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, html_reply

_NO_CLAIMANT = "No claimant named"
ROW = 62
BAR = 14


def figures(backend: Backend) -> tuple[int, str]:
    """The casualty figures by measure: one table per measure, a row per population
    group, a column per claimant, so conflicting figures sit side by side."""
    rows = querying.run_query(backend, "casualty-figures").rows
    groups = {
        str(r["claim"]): cell_text(r, "group")
        for r in query_files.select(backend, "population-groups").rows
    }
    by_measure: dict[str, list[Row]] = defaultdict(list)
    for row in rows:
        by_measure[cell_text(row, "measure")].append(row)
    tables = []
    for measure in sorted(by_measure):
        claimants = sorted(
            {cell_text(r, "claimant") for r in by_measure[measure]}, key=_claimant_key
        )
        cells: dict[str, dict[str, list[dict]]] = defaultdict(lambda: defaultdict(list))
        for row in by_measure[measure]:
            group = groups.get(str(row["claim"]), "") or "other"
            cells[group][cell_text(row, "claimant")].append(
                {
                    "slug": claim_slug(row["claim"]),
                    "figure": cell_text(row, "statedAs"),
                    "population": cell_text(row, "population"),
                    "exactness": cell_text(row, "exactness"),
                    "references": _numbers(cell_text(row, "references")),
                    "footnotes": _numbers(cell_text(row, "footnotes")),
                    "amount": _amount(row.get("amount")),
                }
            )
        tables.append(
            {
                "measure": measure,
                "claimants": [c or _NO_CLAIMANT for c in claimants],
                "rows": [
                    {
                        "group": group,
                        "cells": [cells[group].get(c, []) for c in claimants],
                        "populations": _populations(cells[group]),
                    }
                    for group in sorted(cells)
                ],
            }
        )
    figure_charts(tables)
    return 200, render("figures.html", title="Casualty figures", tables=tables, count=len(rows))


def _amount(term: Node | None) -> float | None:
    try:
        return float(str(term)) if term is not None else None
    except ValueError:
        return None


def _populations(cells: dict[str, list[dict]]) -> list[str]:
    """The different populations counted side by side in one row (a row of one
    claimant, or of one population, needs no warning)."""
    claimants = [c for c, figures in cells.items() if figures]
    found = list(dict.fromkeys(f["population"] for c in claimants for f in cells[c]))
    return found if len(claimants) > 1 and len(found) > 1 else []


def _numbers(text: str) -> list[str]:
    return text.split()


def _claimant_key(claimant: str) -> tuple[bool, str]:
    """Named claimants alphabetically, the figures the article attributes to no one last."""
    return (claimant == "", claimant.lower())


def bar_chart(chart_id: str, title: str, bars: list[dict]) -> Markup:
    """A horizontal bar chart of `bars` (claimant, population, amount, figure,
    references): bar lengths are percentages of the largest amount, and the text is in
    pixels (the SVG has no viewBox), so labels stay readable at 390 px where a scaled
    drawing would shrink them. Each bar's text gives the figure as the article writes
    it, so "60+" or "~11,000" stays what the article says. The chart is one image (no
    links inside: an image holding links is a nested control); the table below it
    links each figure to its claim and references."""
    top = max((b["amount"] for b in bars), default=0) or 1
    return render_markup(
        "chart.svg",
        id=chart_id,
        title=title,
        height=ROW * len(bars) + 4,
        description="; ".join(f"{b['claimant']}, {b['population']}: {b['figure']}" for b in bars),
        bars=[
            {
                **b,
                "y": 4 + i * ROW,
                "width": f"{max(0.4, 99.0 * b['amount'] / top):.1f}",
                "references": " ".join(f"[{n}]" for n in b["references"]),
            }
            for i, b in enumerate(bars)
        ],
        bar_height=BAR,
    )


def figure_charts(tables: list[dict]) -> None:
    """Add a chart to each measure's table (as `figures` builds them)."""
    for index, table in enumerate(tables, 1):
        bars = []
        for row in table["rows"]:
            for claimant, cell in zip(table["claimants"], row["cells"], strict=True):
                for f in cell:
                    if f.get("amount") is None:
                        continue
                    bars.append(
                        {
                            "claimant": claimant,
                            "population": f["population"],
                            "amount": f["amount"],
                            "figure": f["figure"],
                            "references": f["references"],
                        }
                    )
        table["chart"] = bar_chart(
            f"chart-{index}", f"{table['measure'].capitalize()}: figures", bars
        )


@dataclass(frozen=True)
class FiguresJob:
    """`/`: the figures page."""

    def run(self, engine: Engine) -> Reply:
        return html_reply(*figures(engine.backend))
