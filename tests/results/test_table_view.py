"""Fitting a table to a width: which columns give way, and how far."""

from __future__ import annotations

from warkg.results.table import MIN_COLUMN, fit_widths, omitted_columns


def test_the_widest_column_gives_way_first() -> None:
    assert fit_widths([40, 10, 10], ["claim", "a", "b"], 50) == [26, 10, 10]


def test_no_column_goes_below_its_floor() -> None:
    widths = fit_widths([40, 30, 3], ["claim", "references", "n"], 10)
    assert widths == [MIN_COLUMN, MIN_COLUMN, 3]


def test_no_limit_and_narrow_tables_are_left_alone() -> None:
    assert fit_widths([40, 30], ["x", "y"], 0) == [40, 30]
    assert fit_widths([4, 3], ["x", "y"], 80) == [4, 3]


def test_repeated_columns_only_beside_what_they_repeat() -> None:
    assert omitted_columns(("amount", "statedAs", "lowerBound")) == ["amount", "lowerBound"]
    assert omitted_columns(("amount", "unit")) == []


class _Stdout:
    def __init__(self, tty: bool) -> None:
        self.tty = tty

    def isatty(self) -> bool:
        return self.tty


def test_terminal_width_only_for_a_terminal(monkeypatch) -> None:
    import sys

    from warkg.results.table import terminal_width

    monkeypatch.setenv("COLUMNS", "132")
    monkeypatch.setattr(sys, "stdout", _Stdout(True))
    assert terminal_width() == 132
    monkeypatch.setattr(sys, "stdout", _Stdout(False))
    assert terminal_width() == 0  # piped: readline's COLUMNS=80 must not cut cells
