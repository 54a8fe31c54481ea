"""The one exception the command line turns into a one-line message and exit code 2.

Library code raises `InputError` for anything wrong with what it was given (a missing
file, malformed Turtle, a bad parameter) so callers can tell bad input from bugs, and
so the CLI never shows a traceback for a typo in a data file.
"""

from __future__ import annotations

from pathlib import Path


class InputError(Exception):
    """Bad input, described in one line that names the file and position or parameter."""

    def __init__(self, message: str) -> None:
        # Collapse whitespace so the message always prints as exactly one line.
        self.message = " ".join(message.split())
        self.position: tuple[str, int, int] | None = None
        """(file, line, column) when the error is at a place in a file, so reports
        such as CI annotations can point at it; None otherwise."""
        self.reason = self.message
        super().__init__(self.message)

    @classmethod
    def at(cls, where: str | Path, line: int, column: int, reason: str) -> InputError:
        """An error at a position: `FILE:LINE:COLUMN: REASON` (1-based, as editors count)."""
        error = cls(f"{where}:{line}:{column}: {reason}")
        error.position = (str(where), line, column)
        error.reason = " ".join(reason.split())
        return error
