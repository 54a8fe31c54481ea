"""The HTTP API reference: the server's own route table, each route with what
`http-routes.yaml` says about it (parameters, formats, status codes).

The route list comes from the application `warkg serve` runs (built here without
starting anything), so a route added, renamed or removed in the code changes this page;
a route with no entry in the YAML file, or an entry with no route, fails the build.
"""

from __future__ import annotations

import inspect
from pathlib import Path

import yaml

HERE = Path(__file__).parent
ROUTES_FILE = HERE / "http-routes.yaml"


class StaleRoutes(Exception):
    """The route table and http-routes.yaml disagree."""


def route_table() -> list[tuple[str, tuple[str, ...], str]]:
    """(path, methods, handler) of each route `warkg serve` answers, in matching order;
    a path registered twice is answered by its first route only, so it is listed once."""
    from warkg.server.app import _routes

    seen: set[str] = set()
    table = []
    for route in _routes():
        path = getattr(route, "path", None)
        if path is None or path in seen:
            continue
        seen.add(path)
        methods = tuple(sorted(m for m in (route.methods or ()) if m != "HEAD"))
        endpoint = getattr(route, "endpoint", None)
        handler = f"{endpoint.__module__}.{endpoint.__qualname__}" if endpoint else ""
        table.append((path, methods, handler))
    return table


def _status_table(statuses: dict) -> list[str]:
    lines = ["| status | when |", "|---|---|"]
    for code, when in statuses.items():
        lines.append(f"| {code} | {when} |")
    return lines


def page() -> str:
    described = yaml.safe_load(ROUTES_FILE.read_text(encoding="utf-8"))
    routes = described["routes"]
    table = route_table()
    paths = [path for path, _, _ in table]
    missing = [p for p in paths if p not in routes]
    stale = [p for p in routes if p not in paths]
    if missing or stale:
        raise StaleRoutes(
            f"{ROUTES_FILE.name} and the server's routes disagree: "
            f"undocumented {missing or 'none'}, documented but gone {stale or 'none'}"
        )
    lines = [
        "# HTTP API",
        "",
        "<!-- Generated at every build from the route table of `warkg serve` and "
        "docs/_hooks/http-routes.yaml (docs/_hooks/http_api.py). -->",
        "",
        inspect.cleandoc(described["introduction"]),
        "",
        "## Routes",
        "",
        f"`warkg serve` answers {len(table)} paths, listed here in the order the server "
        "matches them (HEAD is answered wherever GET is).",
        "",
        "| path | methods | what it answers |",
        "|---|---|---|",
    ]
    for path, methods, _ in table:
        summary = " ".join(routes[path]["summary"].split())
        lines.append(f"| [`{path}`](#{_anchor(path)}) | {', '.join(methods)} | {summary} |")
    lines.append("")
    for path, methods, handler in table:
        entry = routes[path]
        lines += [f"### `{path}` {{ #{_anchor(path)} }}", ""]
        lines.append(f"{', '.join(methods)}. {' '.join(entry['summary'].split())}")
        lines.append("")
        if entry.get("details"):
            lines += [inspect.cleandoc(entry["details"]), ""]
        params = entry.get("parameters") or {}
        if params:
            lines += ["| parameter | meaning |", "|---|---|"]
            for name, meaning in params.items():
                lines.append(f"| `{name}` | {' '.join(str(meaning).split())} |")
            lines.append("")
        if entry.get("statuses"):
            lines += [*_status_table(entry["statuses"]), ""]
        lines += [f"<small>Handler: `{handler}`</small>", ""]
    lines += ["## Status codes", "", inspect.cleandoc(described["statuses_intro"]), ""]
    lines += _status_table(described["statuses"])
    lines.append("")
    return "\n".join(lines)


def _anchor(path: str) -> str:
    slug = "".join(c if c.isalnum() else "-" for c in path.lower()).strip("-")
    return "route-" + ("-".join(part for part in slug.split("-") if part) or "root")
