"""The result formats, registered in one place: `table` and `markdown` for people, `csv`,
`tsv` and `json` as the SPARQL 1.1 Query Results specifications define them."""

from __future__ import annotations

from collections.abc import Callable

from warkg.errors import InputError
from warkg.results.csv import format_csv
from warkg.results.json import format_json
from warkg.results.markdown import format_markdown
from warkg.results.model import Result
from warkg.results.table import format_table
from warkg.results.tsv import format_tsv

FORMATS = ("table", "csv", "tsv", "json", "markdown")

WRITERS: dict[str, Callable[[Result], str]] = {
    "csv": format_csv,
    "tsv": format_tsv,
    "json": format_json,
    "markdown": format_markdown,
}
"""Every format but `table`, which takes widths too."""


def format_result(
    result: Result, fmt: str = "table", *, max_width: int | None = None, fit: int = 0
) -> str:
    """`result` written in one of FORMATS (`fit`: the table's width limit, 0 none)."""
    if fmt == "table":
        return format_table(result, max_width=max_width, fit=fit)
    if fmt not in WRITERS:
        raise InputError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    return WRITERS[fmt](result)
