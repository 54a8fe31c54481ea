"""Figures drawn on the server: an SVG bar chart per casualty measure (one bar per
figure, labelled with who counted whom, the figure as the article writes it, and its
references), and the timeline page. SVG written here is plain markup with classes
styled by warkg.css: no script, no inline style, nothing from elsewhere, so it renders
under the pages' Content Security Policy and without JavaScript. Each chart has a
title and description for screen readers, and the table beside it is its text
alternative.
"""

from __future__ import annotations

from dataclasses import dataclass

from markupsafe import Markup, escape

from warkg.catalogue import run as querying
from warkg.engines.base import Backend
from warkg.server import views
from warkg.server.linked_data import HTML
from warkg.server.reply import Reply

ROW = 62
BAR = 14


def bar_chart(chart_id: str, title: str, bars: list[dict]) -> Markup:
    """A horizontal bar chart of `bars` (claimant, population, amount, figure, href,
    references): bar lengths are percentages of the largest amount, and the text is in
    pixels (the SVG has no viewBox), so labels stay readable at 390 px where a scaled
    drawing would shrink them. Each bar's text gives the figure as the article writes
    it, so "60+" or "~11,000" stays what the article says. The chart is one image (no
    links inside: an image holding links is a nested control); the table below it
    links each figure to its claim and references."""
    top = max((b["amount"] for b in bars), default=0) or 1
    height = ROW * len(bars) + 4
    parts = [
        f'<svg class="chart" width="100%" height="{height}" role="img" '
        f'aria-labelledby="{chart_id}-title {chart_id}-desc" xmlns="http://www.w3.org/2000/svg">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">'
        + str(escape("; ".join(f"{b['claimant']}, {b['population']}: {b['figure']}" for b in bars)))
        + "</desc>",
    ]
    for i, b in enumerate(bars):
        y = 4 + i * ROW
        share = max(0.4, 99.0 * b["amount"] / top)
        refs = " ".join(f"[{n}]" for n in b["references"])
        parts.append(
            f'<text class="chart-label" x="0" y="{y + 13}">'
            f'{escape(b["claimant"])}: <tspan class="chart-figure">{escape(b["figure"])}</tspan>'
            f"{(' ' + str(escape(refs))) if refs else ''}</text>"
            f'<text class="chart-population" x="0" y="{y + 30}">{escape(b["population"])}</text>'
            f'<rect class="chart-bar" x="0" y="{y + 38}" width="{share:.1f}%" height="{BAR}"/>'
        )
    parts.append("</svg>")
    return Markup("".join(parts))


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
                            "href": f"/id/claim/{f['slug']}",
                            "references": f["references"],
                        }
                    )
        table["chart"] = bar_chart(
            f"chart-{index}", f"{table['measure'].capitalize()}: figures", bars
        )


_SOURCING = """PREFIX warkg: <https://w3id.org/warkg/ontology/>
SELECT ?claim ?noCitation ?letter WHERE {
  ?claim warkg:evidenceText ?evidence .
  OPTIONAL { ?claim warkg:articleGivesNoCitation ?noCitation }
  OPTIONAL { ?claim warkg:citesFootnote/warkg:footnoteLabel ?letter }
}"""


@dataclass(frozen=True)
class TimelineJob:
    """`/timeline`: every dated statement of the article, in order, with its claim
    and references (the `timeline` stored query)."""

    def run(self, engine: object) -> object:
        backend: Backend = engine.backend  # type: ignore[attr-defined]
        rows = querying.run_query(backend, "timeline").rows
        sourcing: dict[str, dict] = {}
        for r in backend.select(_SOURCING, name="timeline").rows:
            entry = sourcing.setdefault(str(r["claim"]), {"uncited": False, "footnotes": []})
            entry["uncited"] |= str(r["noCitation"]) == "true"
            if r["letter"] is not None:
                entry["footnotes"].append(str(r["letter"]))
        entries = [
            {
                "when": str(r["when"]),
                "event": str(r["event"]),
                "what": str(r["what"]),
                "link": views.show(r["claim"], f"{r['event']}: {r['what']}"),
                "references": str(r["references"] or "").split(),
                **sourcing.get(str(r["claim"]), {"uncited": False, "footnotes": []}),
            }
            for r in rows
        ]
        html = views.render("timeline.html", title="Timeline", entries=entries)
        return Reply(200, HTML.content_type, html.encode("utf-8"))
