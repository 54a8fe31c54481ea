"""Query results: the SELECT variables in order and the rows.

A `Result` holds, for each row, a dict from variable to an rdflib term (None where
unbound), whichever engine produced it, so results compare equal across engines; rows
from `warkg.catalogue.quick` hold pyoxigraph terms instead (see `warkg.rdf.terms`).
Iterating or indexing a Result gives `Row`s, which a program reads by name or by
position as it reads rdflib's and pyoxigraph's rows; `to_dicts(plain=True)` and
`to_dataframe()` give plain Python values.
"""

from __future__ import annotations

import datetime
import decimal
import functools
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph

from warkg.rdf.terms import is_numeric, parts, term_kind

if TYPE_CHECKING:
    from rdflib import Literal
    from rdflib.term import Node

Row = dict[str, "Node | Any | None"]

_INTEGER_ITEM = re.compile(r"^[+-]?[0-9]+$")


class ResultRow(dict):
    """One row: a dict from variable to term (None where unbound), in projection order,
    that also answers by position (`row[0]`) and as attributes (`row.claim`)."""

    __slots__ = ("_variables",)

    def __init__(self, variables: Sequence[str], values: dict[str, Any]) -> None:
        super().__init__((v, values.get(v)) for v in variables)
        self._variables = tuple(variables)

    def __getitem__(self, key: str | int) -> Any:
        if isinstance(key, int) and not isinstance(key, bool):
            return super().__getitem__(self._variables[key])
        return super().__getitem__(key)

    def __getattr__(self, name: str) -> Any:
        try:
            return super().__getitem__(name)
        except KeyError:
            raise AttributeError(name) from None

    def plain(self) -> dict[str, Any]:
        """The row with plain Python values (see `plain_value`)."""
        return {v: plain_value(term) for v, term in self.items()}


@dataclass
class Result:
    """SELECT results: `variables` in projection order and `rows` (dicts of rdflib terms,
    None where unbound). Iterating or indexing a Result gives `ResultRow`s, readable by
    name (`row["claim"]`) or position (`row[0]`)."""

    variables: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[ResultRow]:
        return (ResultRow(self.variables, row) for row in self.rows)

    def __getitem__(self, index: int) -> ResultRow:
        return ResultRow(self.variables, self.rows[index])

    def __len__(self) -> int:
        return len(self.rows)

    def to_dicts(self, *, plain: bool = False) -> list[dict[str, Any]]:
        """One dict per row, variable -> value. With `plain`, values are plain Python:
        an IRI its string, a number an int, Decimal or float, a date a `datetime.date`,
        a boolean a bool, other literals their text, unbound None."""
        if plain:
            return [{v: plain_value(row.get(v)) for v in self.variables} for row in self.rows]
        return [{v: row.get(v) for v in self.variables} for row in self.rows]

    def to_dataframe(self) -> Any:
        """The rows as a pandas DataFrame of plain values (`to_dicts(plain=True)`), one
        column per variable in projection order. Needs pandas (`warkg[pandas]`)."""
        try:
            import pandas
        except ImportError:
            from warkg.errors import InputError

            raise InputError(
                "Result.to_dataframe needs pandas: pip install 'warkg[pandas]'"
            ) from None
        return pandas.DataFrame(self.to_dicts(plain=True), columns=list(self.variables))


_XSD = "http://www.w3.org/2001/XMLSchema#"
_INTEGER_TYPES = {
    _XSD + name
    for name in (
        *("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger"),
        *("negativeInteger", "long", "int", "short", "byte", "unsignedLong"),
        *("unsignedInt", "unsignedShort", "unsignedByte"),
    )
}


def plain_value(term: Any) -> Any:
    """An RDF term as a plain Python value: IRI -> str, blank node -> "_:label",
    xsd integers -> int, xsd:decimal -> Decimal, xsd:double/float -> float,
    xsd:boolean -> bool, xsd:date -> datetime.date, xsd:gYear -> int; any other literal
    (or one whose text does not fit its type) -> its text; None -> None."""
    if term is None:
        return None
    kind, text, datatype, _ = parts(term)
    if kind == "uri":
        return text
    if kind == "bnode":
        return f"_:{text}"
    try:
        if datatype in _INTEGER_TYPES:
            return int(text)
        if datatype == _XSD + "decimal":
            return decimal.Decimal(text)
        if datatype in (_XSD + "double", _XSD + "float"):
            return float(text)
        if datatype == _XSD + "boolean" and text in ("true", "1", "false", "0"):
            return text in ("true", "1")
        if datatype == _XSD + "date":
            return datetime.date.fromisoformat(text)
        if datatype == _XSD + "gYear" and re.fullmatch(r"-?[0-9]{4,}", text):
            return int(text)
    except (ValueError, decimal.InvalidOperation):
        pass
    return text


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
