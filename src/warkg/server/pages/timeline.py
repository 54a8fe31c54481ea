"""`/timeline`: every dated statement of the article, in order, with its claim and
references (the stored query `timeline`) and whether the article cites it."""

from __future__ import annotations

from dataclasses import dataclass

from warkg.catalogue import run as querying
from warkg.server.pages import query_files, render
from warkg.server.pages import terms as views
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, html_reply


@dataclass(frozen=True)
class TimelineJob:
    """`/timeline`: every dated statement of the article, in order, with its claim
    and references (the `timeline` stored query)."""

    def run(self, engine: Engine) -> Reply:
        backend = engine.backend
        rows = querying.run_query(backend, "timeline").rows
        sourcing: dict[str, dict] = {}
        for r in query_files.select(backend, "claim-sourcing").rows:
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
        return html_reply(200, render("timeline.html", title="Timeline", entries=entries))
