"""What was proven about each shipped query when it was checked, so runs need not prove it again.

Parsing a stored query with rdflib (and importing rdflib's SPARQL grammar) and reading
its YAML header cost more than running it, although the shipped files are trusted text
that does not change between runs. `queries/index.json` records, for each
shipped query, the SHA-256 of its file, its header as `stored_queries` reads it (with
YAML), and what `sparql.prepare` found: the query form, the SELECT variables in order,
and whether it ends in a VALUES clause. `write` builds it by running every check:

- the header (YAML) and the default of every parameter, as `stored_queries` reads them;
- `sparql.prepare`: rdflib parses it; not an update, no SERVICE, no FROM;
- the query is a SELECT whose every parameter is a projected variable;
- its text is already what the engines run (no escapes to expand, no lone CR);
- pyoxigraph parses and runs it (the Oxigraph server uses the same parser);
- rdflib runs it (on an empty graph).

At run time a query file whose content hash matches its entry is read from the index
(no YAML), and a query text whose hash is that of a checked one is handed to the
engines as checked (`checked`, no rdflib parse); any other file or text, an edited
query included, goes through YAML and `sparql.prepare`. So the index can only
ever save work, never change an answer: a stale entry is not used.
`tests/cli/test_cold_start.py` fails when the index is stale or its checks no longer pass,
and the wheel build refuses a stale index (`hatch_build.py`).

    python -m warkg.catalogue.index --write   # after editing a query in queries/
    python -m warkg.catalogue.index --check   # exit 1 if the index is stale
"""

from __future__ import annotations

import functools
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warkg import paths

if TYPE_CHECKING:
    from warkg.errors import InputError

INDEX_NAME = "index.json"


FORMAT = 1


def digest(text: str) -> str:
    """The SHA-256 of a query file's text (UTF-8), as the index records it."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def index_path() -> Path:
    return paths.queries_dir() / INDEX_NAME


@dataclass(frozen=True)
class CheckedQuery:
    """A shipped query's text with what `sparql.prepare` found about it when the index
    was written: the same attributes as `sparql.PreparedQuery`, so a backend runs it as
    one, with rdflib's translation (`query`) made only if the rdflib backend asks."""

    text: str
    form: str
    variables: tuple[str, ...]
    has_values_clause: bool

    @property
    def source(self) -> Any:
        from warkg.sparql import checks as sparql

        return sparql.Source(self.text, self.text)

    @property
    def query(self) -> Any:
        """rdflib's translation, for the rdflib backend (which evaluates it)."""
        from warkg.sparql import checks as sparql

        return sparql.prepare(self.text).query

    def oxigraph_error(self, error: SyntaxError, name: str = "query") -> InputError:
        from warkg.sparql import checks as sparql

        return sparql.oxigraph_error(error, self.source, name)


@functools.cache
def _entries() -> dict[str, dict[str, Any]]:
    """The index's entries by query name; none if it is missing or not ours."""
    try:
        data = json.loads(index_path().read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return {}
    queries = data.get("queries")
    return queries if isinstance(queries, dict) else {}


@functools.cache
def _by_digest() -> dict[str, dict[str, Any]]:
    return {
        entry["sha256"]: entry
        for entry in _entries().values()
        if isinstance(entry, dict) and isinstance(entry.get("sha256"), str)
    }


def lookup(path: Path, text: str) -> dict[str, Any] | None:
    """The index entry for the query file at `path` with content `text`, if the file is
    one of the shipped queries and its content is exactly what was checked; else None."""
    if path.parent != paths.queries_dir():
        return None
    entry = _entries().get(path.stem)
    if not isinstance(entry, dict) or entry.get("sha256") != digest(text):
        return None
    return entry


@functools.lru_cache(maxsize=256)
def checked(text: str) -> CheckedQuery | None:
    """`text` as checked when the index was written, if it is exactly the text of a
    shipped query that was checked (same SHA-256); None for any other text (check it as
    usual). Found by content, so a worker process that never read the catalogue (the
    server's) finds it too; kept per text (found or not), so asking again costs a lookup."""
    entry = _by_digest().get(digest(text))
    if entry is None:
        return None
    return CheckedQuery(text, entry["form"], tuple(entry["variables"]), entry["has_values_clause"])
