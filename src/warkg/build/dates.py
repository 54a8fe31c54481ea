"""Reading dates as articles write them ("16 October 2020", "October 16, 2020",
"2020-10-16") and date ranges ("27 September - 10 November 2020"). Only full dates
are read: "October 2020" names no day, so it gives no xsd:date."""

from __future__ import annotations

import datetime as dt
import re

__all__ = ["DateRange", "parse_date", "parse_date_range"]

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
_MONTH = "(?:" + "|".join(MONTHS) + ")"
_DMY_RE = re.compile(rf"^(?P<day>\d{{1,2}}) (?P<month>{_MONTH}) (?P<year>\d{{3,4}})$")
_MDY_RE = re.compile(rf"^(?P<month>{_MONTH}) (?P<day>\d{{1,2}}), (?P<year>\d{{3,4}})$")
_ISO_RE = re.compile(r"^(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2})$")
_DASH = r"\s*(?:\u2013|\u2014|-|to)\s*"
# "27 September - 10 November 2020": the start takes the end's year.
_DM_DMY_RE = re.compile(
    rf"^(?P<d1>\d{{1,2}}) (?P<m1>{_MONTH}){_DASH}(?P<d2>\d{{1,2}}) (?P<m2>{_MONTH}) (?P<y>\d{{4}})"
)
# "27 - 30 September 2020"
_D_DMY_RE = re.compile(
    rf"^(?P<d1>\d{{1,2}}){_DASH}(?P<d2>\d{{1,2}}) (?P<m>{_MONTH}) (?P<y>\d{{4}})"
)
_FULL = rf"\d{{1,2}} {_MONTH} \d{{4}}|{_MONTH} \d{{1,2}}, \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
_FULL_RANGE_RE = re.compile(rf"^(?P<start>{_FULL}){_DASH}(?P<end>{_FULL})")
_SINGLE_RE = re.compile(rf"^(?P<date>{_FULL})")


def _make(year: str, month: str | int, day: str) -> dt.date | None:
    number = MONTHS[month] if isinstance(month, str) and not month.isdigit() else int(month)
    try:
        return dt.date(int(year), number, int(day))
    except ValueError:
        return None


def parse_date(text: str) -> dt.date | None:
    """A full date written in one of the article styles, else None."""
    text = text.strip()
    for pattern in (_DMY_RE, _MDY_RE, _ISO_RE):
        match = pattern.match(text)
        if match:
            return _make(match["year"], match["month"], match["day"])
    return None


class DateRange:
    """A start and end date read from the start of a text, and the text after them."""

    def __init__(self, start: dt.date, end: dt.date | None, rest: str) -> None:
        self.start, self.end, self.rest = start, end, rest


def parse_date_range(text: str) -> DateRange | None:
    """The date or date range `text` starts with ("27 September - 10 November 2020
    (1 month and 2 weeks)"), or None."""
    match = _DM_DMY_RE.match(text)
    if match:
        start = _make(match["y"], match["m1"], match["d1"])
        end = _make(match["y"], match["m2"], match["d2"])
        if start and end and start <= end:
            return DateRange(start, end, text[match.end() :])
        return None
    match = _D_DMY_RE.match(text)
    if match:
        start = _make(match["y"], match["m"], match["d1"])
        end = _make(match["y"], match["m"], match["d2"])
        if start and end and start <= end:
            return DateRange(start, end, text[match.end() :])
        return None
    match = _FULL_RANGE_RE.match(text)
    if match:
        start, end = parse_date(match["start"]), parse_date(match["end"])
        if start and end and start <= end:
            return DateRange(start, end, text[match.end() :])
        return None
    match = _SINGLE_RE.match(text)
    if match:
        start = parse_date(match["date"])
        return DateRange(start, None, text[match.end() :]) if start else None
    return None
