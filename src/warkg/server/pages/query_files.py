"""The SPARQL the pages run, one query per `queries/NAME.rq` file with the stored
queries' `#+` header (summary, description, parameters), read once per process; run
through the library's engines with parameters bound as terms, never pasted in."""

from __future__ import annotations

import functools
from pathlib import Path

from rdflib.term import Node

from warkg.engines.base import Backend
from warkg.results.model import Result

QUERIES = Path(__file__).parent / "queries"


@functools.cache
def text(name: str) -> str:
    """The text of `queries/NAME.rq` (header included: it is a comment)."""
    return (QUERIES / f"{name}.rq").read_text(encoding="utf-8")


def names() -> list[str]:
    return sorted(path.stem for path in QUERIES.glob("*.rq"))


def select(backend: Backend, name: str, bindings: dict[str, Node] | None = None) -> Result:
    """The rows of page query `name` with `bindings` bound as terms."""
    return backend.select(text(name), bindings, name=name)


def read_all() -> None:
    """Read every query now (the forkserver does, so each worker shares them)."""
    for name in names():
        text(name)
