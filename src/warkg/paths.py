"""Where the bundled ontology, triples, shapes, queries and article snapshot live.

In a repository checkout (or an editable install) they are the repository's own
top-level folders, so edits are seen at once; an installed wheel carries copies under
`warkg/bundled/` (see `force-include` in pyproject.toml).
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
ARTICLE_FILENAME = "second-nagorno-karabakh-war.txt"


def data_root() -> Path:
    """The folder holding ontology/, triples/, shapes/ and queries/."""
    repo = _PACKAGE_DIR.parents[1]
    if (repo / "ontology").is_dir() and (repo / "src" / "warkg").is_dir():
        return repo
    return _PACKAGE_DIR / "bundled"


def ontology_dir() -> Path:
    return data_root() / "ontology"


def triples_dir() -> Path:
    return data_root() / "triples"


def shapes_dir() -> Path:
    return data_root() / "shapes"


def queries_dir() -> Path:
    return data_root() / "queries"


def turtle_files(directory: Path) -> list[Path]:
    """The `*.ttl` files directly in `directory`, sorted by name (empty if it is absent)."""
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.ttl") if p.is_file())


def ontology_files() -> list[Path]:
    return turtle_files(ontology_dir())


def triples_files() -> list[Path]:
    return turtle_files(triples_dir())


def shapes_files() -> list[Path]:
    return turtle_files(shapes_dir())


def query_files() -> list[Path]:
    """The stored queries (`*.rq`), sorted by name."""
    directory = queries_dir()
    if not directory.is_dir():
        return []
    return sorted(p for p in directory.glob("*.rq") if p.is_file())


def article_path() -> Path:
    """The plain-text snapshot of the Wikipedia article the claims were taken from."""
    return _PACKAGE_DIR / "data" / ARTICLE_FILENAME


def display_path(path: str | Path) -> str:
    """A short name for messages: relative to the working directory, else to the data
    root (so shipped files read `triples/war.ttl`), else the path as given."""
    path = Path(path)
    absolute = path.resolve()
    for base in (Path.cwd(), data_root()):
        try:
            return absolute.relative_to(base.resolve()).as_posix()
        except ValueError:
            continue
    return str(path)
