"""Query results: the SELECT variables in order and the rows.

A `Result` holds, for each row, a dict from variable to an rdflib term (None where
unbound), whichever engine produced it, so results compare equal across engines; rows
from `warkg.catalogue.quick` hold pyoxigraph terms instead (see `warkg.rdf.terms`).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph

from warkg.rdf.terms import is_numeric, term_kind

if TYPE_CHECKING:
    from rdflib import Literal
    from rdflib.term import Node

Row = dict[str, "Node | Any | None"]

_INTEGER_ITEM = re.compile(r"^[+-]?[0-9]+$")


@dataclass
class Result:
    """SELECT results: `variables` in projection order and `rows` (dicts of rdflib terms,
    None where unbound). Iterating a Result iterates its rows."""

    variables: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def normalise_lists(result: Result, columns: Sequence[str], *, empty: Any = None) -> Result:
    """Sort the items of space-separated list columns (GROUP_CONCAT leaves their order to
    the engine): numerically when every item is an integer, else as text. An empty list
    is "" on every backend (rdflib gives "", Oxigraph leaves the aggregate unbound):
    `empty`, an rdflib Literal("") unless given (`quick_query` gives pyoxigraph's)."""
    columns = [c for c in columns if c in result.variables]
    if not columns:
        return result
    rows = []
    for row in result.rows:
        row = dict(row)
        for column in columns:
            value = row.get(column)
            if value is None:
                row[column] = _empty_list() if empty is None else empty
            elif isinstance(value, pyoxigraph.Literal):
                row[column] = _sorted_oxigraph_list(value)
            elif term_kind(value) == "literal":
                row[column] = _sorted_list(value)
        rows.append(row)
    return Result(result.variables, rows)


@functools.cache
def _empty_list() -> Literal:
    from rdflib import Literal

    return Literal("")


def _sorted_items(text: str) -> str:
    items = text.split()
    if all(_INTEGER_ITEM.match(item) for item in items):
        items.sort(key=int)
    else:
        items.sort()
    return " ".join(items)


@functools.lru_cache(maxsize=4096)
def _sorted_list(value: Literal) -> Literal:
    """`value`'s items sorted. Kept: the same lists come back in answer after answer,
    and building a Literal costs more than looking one up (terms are immutable)."""
    from rdflib import Literal

    return Literal(_sorted_items(str(value)), lang=value.language, datatype=value.datatype)


@functools.lru_cache(maxsize=4096)
def _sorted_oxigraph_list(value: pyoxigraph.Literal) -> pyoxigraph.Literal:
    """`_sorted_list` for a pyoxigraph literal."""
    text = _sorted_items(value.value)
    if value.language:
        return pyoxigraph.Literal(text, language=value.language)
    return pyoxigraph.Literal(text, datatype=value.datatype)


def column_is_numeric(result: Result, variable: str) -> bool:
    values = [row.get(variable) for row in result.rows]
    return any(v is not None for v in values) and all(v is None or is_numeric(v) for v in values)
