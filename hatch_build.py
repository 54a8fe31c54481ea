"""Build check: a wheel is only built with a current queries/index.json.

The index records what was proven about each shipped query (`warkg.catalogue.index`): its
content hash, header and what `sparql.prepare` found. At run time an entry whose hash
does not match its file is simply not used, so a stale index costs speed, not
correctness; this check makes sure a released wheel never ships one. It needs only the
standard library (the build environment has hatchling and nothing of ours).
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

try:
    from hatchling.builders.hooks.plugin.interface import BuildHookInterface
except ImportError:  # imported by tests/cli/test_cold_start.py, outside a build
    BuildHookInterface = object  # type: ignore[assignment,misc]


def stale_queries(root: Path) -> list[str]:
    """The names of the shipped queries whose index entry is missing or stale, and of
    entries without a query; empty when the index is current."""
    queries = root / "queries"
    try:
        entries = json.loads((queries / "index.json").read_text(encoding="utf-8"))["queries"]
    except (OSError, ValueError, KeyError, TypeError):
        return ["(queries/index.json missing or unreadable)"]
    names = set()
    stale = []
    for path in sorted(queries.glob("*.rq")):
        names.add(path.stem)
        digest = hashlib.sha256(path.read_text(encoding="utf-8").encode("utf-8")).hexdigest()
        if entries.get(path.stem, {}).get("sha256") != digest:
            stale.append(path.stem)
    return stale + sorted(set(entries) - names)


class QueryIndexCheck(BuildHookInterface):
    PLUGIN_NAME = "custom"

    def initialize(self, version: str, build_data: dict[str, Any]) -> None:
        if version == "editable":  # runs the checkout's files, where stale entries are unused
            return
        stale = stale_queries(Path(self.root))
        if stale:
            raise RuntimeError(
                f"queries/index.json is stale for {', '.join(stale)}: "
                "run python -m warkg.catalogue.index --write (it checks every query) and commit it"
            )
