"""What the `table` format shows: the columns people need, fitted to the terminal.

A table is for reading in a terminal, so it leaves out columns that only repeat another
one (`amount` beside `statedAs`, which writes the same figure as the article does) unless
asked for them, and shrinks its widest columns until the table fits the terminal's
width. The other formats are for programs and always carry every column in full.
"""

from __future__ import annotations

import shutil
import sys

from warkg.results import Result

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


def omitted_columns(variables: tuple[str, ...]) -> list[str]:
    """The columns a table leaves out, in projection order."""
    return [v for v in variables if REPEATED_COLUMNS.get(v) in variables]


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
