"""An on-disk cache of Wikidata answers, so that re-running `warkg wikidata reconcile`
(after fixing a label, or with a different --limit) does not ask the public services
the same questions again.

One JSON file per request, named by the SHA-256 of the service URL and its parameters,
holding the answer as received and when it was received. Only successful answers are
stored. `warkg wikidata accept` never reads it: its re-check must be live.

Default directory: $WARKG_CACHE_DIR, else $XDG_CACHE_HOME/warkg/wikidata, else
~/.cache/warkg/wikidata. Entries older than `max_age` seconds are asked again.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
import time
from pathlib import Path
from typing import Any

DEFAULT_MAX_AGE = 7 * 24 * 3600.0


def default_directory() -> Path:
    if os.environ.get("WARKG_CACHE_DIR"):
        return Path(os.environ["WARKG_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "warkg" / "wikidata"


class Cache:
    """Answers by (URL, parameters). `hits` and `stores` count what a run did."""

    def __init__(self, directory: Path, max_age: float = DEFAULT_MAX_AGE) -> None:
        self.directory = directory
        self.max_age = max_age
        self.hits = 0
        self.stores = 0

    def _path(self, url: str, params: dict[str, str]) -> Path:
        key = json.dumps([url, sorted(params.items())], ensure_ascii=False)
        return self.directory / f"{hashlib.sha256(key.encode('utf-8')).hexdigest()}.json"

    def get(self, url: str, params: dict[str, str]) -> Any | None:
        """The stored answer, or None if absent, too old or unreadable (then asked again)."""
        path = self._path(url, params)
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if not isinstance(entry, dict) or time.time() - entry.get("stored", 0) > self.max_age:
            return None
        self.hits += 1
        return entry.get("answer")

    def put(self, url: str, params: dict[str, str], answer: Any) -> None:
        """Store atomically (a reader never sees half a file); a cache that cannot be
        written is not an error, the answer is simply asked for again next time."""
        path = self._path(url, params)
        entry = {"url": url, "params": params, "stored": time.time(), "answer": answer}
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with tempfile.NamedTemporaryFile(
                "w", dir=self.directory, suffix=".tmp", delete=False, encoding="utf-8"
            ) as handle:
                json.dump(entry, handle, ensure_ascii=False)
            os.replace(handle.name, path)
            self.stores += 1
        except OSError:
            return
