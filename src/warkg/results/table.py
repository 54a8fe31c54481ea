"""The `table` format: an aligned plain-text table with the columns people need, fitted
to the terminal.

A table is for reading in a terminal, so it leaves out columns that only repeat another
one (`amount` beside `statedAs`, which writes the same figure as the article does) unless
asked for them, and shrinks its widest columns until the table fits the terminal's
width. The other formats are for programs and always carry every column in full.
"""

from __future__ import annotations

import shutil
import sys
from collections.abc import Sequence
from typing import TYPE_CHECKING

from warkg.rdf.terms import display_compact, term_kind
from warkg.results.model import Result, column_is_numeric

if TYPE_CHECKING:
    from rdflib.term import Node

# column -> the column it repeats; left out of tables when both are present
REPEATED_COLUMNS = {
    "amount": "statedAs",  # 3825 beside "3,825"
    "lowerBound": "statedAs",  # 60 beside "60+" (and exactness "at least")
}


MIN_COLUMN = 7  # a column (its header too) is never cut below this


def terminal_width() -> int:
    """The terminal's width (COLUMNS if set, as shells keep it), or 0 (do not fit) when
    standard output is no terminal: a table piped into a file or a program keeps its
    full cells (readline exports COLUMNS=80 to child processes even then)."""
    isatty = getattr(sys.stdout, "isatty", None)
    if isatty is None or not isatty():
        return 0
    return shutil.get_terminal_size(fallback=(0, 0)).columns


# Columns a stored query projects only because its parameter is bound to them (pyoxigraph
# substitutes projected variables only): when every row holds the one value asked for, a
# table leaves them out without a word; the other formats keep them.
PARAMETER_COLUMNS = ("war",)


def omitted_columns(variables: tuple[str, ...]) -> list[str]:
    """The columns a table leaves out as repeats, in projection order."""
    return [v for v in variables if REPEATED_COLUMNS.get(v) in variables]


def parameter_columns(result: Result) -> list[str]:
    """The parameter columns a table leaves out: those holding one value in every row."""
    return [
        v
        for v in PARAMETER_COLUMNS
        if v in result.variables and len({row.get(v) for row in result.rows}) <= 1
    ]


def without(result: Result, columns: list[str]) -> Result:
    """`result` without `columns`."""
    kept = tuple(v for v in result.variables if v not in columns)
    return Result(kept, [{v: row.get(v) for v in kept} for row in result.rows])


def fit_widths(widths: list[int], headers: list[str], limit: int, gap: int = 2) -> list[int]:
    """Column widths whose table (with `gap` spaces between columns) is at most `limit`
    wide, taking a character at a time from the widest column; no column goes below
    MIN_COLUMN. 0 means no limit. The result may still be wider than
    `limit` when every column is at its minimum."""
    widths = list(widths)
    if not limit:
        return widths
    del headers  # kept in the signature: a header is cut like its cells
    floors = [min(w, MIN_COLUMN) for w in widths]
    total = sum(widths) + gap * (len(widths) - 1)
    while total > limit:
        shrinkable = [i for i, w in enumerate(widths) if w > floors[i]]
        if not shrinkable:
            break
        widest = max(shrinkable, key=lambda i: (widths[i], -i))
        widths[widest] -= 1
        total -= 1
    return widths


def _cell(term: Node | None, width: int | None) -> str:
    """A table cell on one line, IRIs compacted (in lists too); a literal longer than
    `width` is cut (never an IRI)."""
    text = " ".join(display_compact(term).split())
    if width and len(text) > width and term_kind(term) == "literal":
        return text[: width - 1] + "…"
    return text


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(result: Result, max_width: int | None = None, fit: int = 0) -> str:
    """An aligned plain-text table with a row count; numbers right-aligned, literals
    longer than `max_width` characters cut with an ellipsis (None: no such limit; 0:
    never cut anything, not even to fit). With `fit`, the widest columns (IRIs too) are
    cut until the table is at most `fit` characters wide, so nothing is cut while the
    table fits."""
    result = without(result, parameter_columns(result))
    header = list(result.variables)
    cells = [[_cell(row.get(v), max_width) for v in header] for row in result.rows]
    numeric = [column_is_numeric(result, v) for v in header]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    if fit and max_width != 0 and sum(widths) + 2 * (len(widths) - 1) > fit:
        # A column of IRIs named like their prefix (claim: in "claim") drops the prefix.
        for i, name in enumerate(header):
            prefix = f"{name}:"
            column = [row[i] for row in cells if row[i]]
            if column and all(c.startswith(prefix) for c in column):
                for row in cells:
                    row[i] = row[i].removeprefix(prefix)
                widths[i] = max([len(name)] + [len(row[i]) for row in cells])
        widths = fit_widths(widths, header, fit)
        cells = [[_cut(c, widths[i]) for i, c in enumerate(row)] for row in cells]
        header = [_cut(h, widths[i]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        parts = [
            value.rjust(widths[i]) if numeric[i] else value.ljust(widths[i])
            for i, value in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"
