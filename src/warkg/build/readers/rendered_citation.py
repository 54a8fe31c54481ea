"""Reading one rendered citation (a line of a saved page's reference list) into its fields.

Wikipedia's citation templates (CS1) print their fields in a fixed order::

    Authors (Date). "Title" [Translated title]. Work (in Language). Publisher. Date.
    Archived from the original on Date. Retrieved Date. Quote{{cite web}}: CS1 maint: ...

Every field is optional but the title. With authors the date follows them in brackets;
without, it follows the work and publisher. "(in Language)" follows the work, or the
title when there is no work, so a name after a title's language note is a publisher.
Plain text has lost the italics that mark a work, so this order is all there is to go
on; what it cannot settle stays unsaid. Values are returned as written.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["CitationFields", "parse_citation"]

_MONTH = (
    r"(?:January|February|March|April|May|June|July|August|September|October|November"
    r"|December)"
)
DATE_PATTERN = (
    rf"(?:\d{{1,2}} {_MONTH} \d{{4}}|{_MONTH} \d{{1,2}}, \d{{4}}|\d{{4}}-\d{{2}}-\d{{2}}"
    rf"|{_MONTH} \d{{4}}|\d{{4}})"
)
_TRAILER_RE = re.compile(r"\{\{cite [a-z ]+\}\}: CS1 (?:maint|errors?): .*$")
_TITLE_CLOSE_RE = re.compile(r'"(?=\.| \[| \(in |$)')
_TRANSLATED_RE = re.compile(r"^ \[(?P<value>[^\]]*)\]")
_LANGUAGE_RE = re.compile(r"^(?P<before>.*?) ?\(in (?P<language>[A-Z][\w -]+?)\)$")
_TITLE_LANGUAGE_RE = re.compile(r"^ \(in (?P<language>[A-Z][\w -]+?)\)")
_AUTHORS_DATED_RE = re.compile(rf"^(?P<authors>.+) \((?P<date>{DATE_PATTERN})\)\. $")
_ISSUED_RE = re.compile(rf"^ (?P<date>{DATE_PATTERN})\.(?= |$)")
_ARCHIVED_RE = re.compile(rf"^ Archived from the original on (?P<date>{DATE_PATTERN})\.(?= |$)")
_RETRIEVED_RE = re.compile(rf"^ Retrieved (?P<date>{DATE_PATTERN})\.(?= |$)")
_NAME_RE = re.compile(r"^ (?P<name>.+?)\.(?= |$)")


class CitationError(ValueError):
    """A citation line that does not read as CS1 renders one; the message says why."""


@dataclass
class CitationFields:
    """The fields of one rendered citation, as written."""

    title: str
    authors: list[str] = field(default_factory=list)
    trans_title: str | None = None
    work: str | None = None
    publisher: str | None = None
    language: str | None = None
    date: str | None = None
    archive_date: str | None = None
    access_date: str | None = None
    quote: str | None = None
    maintenance: list[str] = field(default_factory=list)


def _split_language(text: str) -> tuple[str, str | None]:
    match = _LANGUAGE_RE.match(text)
    if match is None:
        return text, None
    return match["before"], match["language"]


def _read_authors(prefix: str, fields: CitationFields) -> None:
    """The text before the title: authors, with the date in brackets when there is one."""
    dated = _AUTHORS_DATED_RE.match(prefix)
    if dated:
        fields.authors = dated["authors"].split("; ")
        fields.date = dated["date"]
        return
    if not prefix.endswith(" "):
        raise CitationError(f"unreadable text before the title: {prefix!r}")
    # Without a date the ". " separator follows the last name; a name ending in an
    # initial ("Kramer, Andrew E.") keeps its full stop only when a date follows it.
    fields.authors = prefix[:-2].split("; ") if prefix.endswith(". ") else [prefix[:-1]]


def parse_citation(text: str) -> CitationFields:
    """Read a citation's fields from its rendered text (backlinks already removed).

    Raises CitationError when the text has no quoted title or its parts do not follow
    CS1's order; the reader turns that into one line naming the reference."""
    title_open = text.find('"')
    if title_open < 0:
        raise CitationError("no quoted title")
    close = _TITLE_CLOSE_RE.search(text, title_open + 1)
    if close is None:
        raise CitationError("the title's closing quote is missing")
    fields = CitationFields(title=text[title_open + 1 : close.start()])
    prefix, rest = text[:title_open], text[close.end() :]
    if prefix:
        _read_authors(prefix, fields)

    translated = _TRANSLATED_RE.match(rest)
    if translated:
        fields.trans_title = translated["value"]
        rest = rest[translated.end() :]
    trailer = _TRAILER_RE.search(rest)
    if trailer:
        fields.maintenance.append(trailer.group(0))
        rest = rest[: trailer.start()]
    title_language = _TITLE_LANGUAGE_RE.match(rest)
    if title_language:
        fields.language = title_language["language"]
        rest = rest[title_language.end() :]
    if not rest.startswith(".") and rest:
        raise CitationError(f"the title is not followed by '.': {rest[:40]!r}")
    rest = rest[1:]
    _read_after_title(rest, fields)
    return fields


def _read_after_title(rest: str, fields: CitationFields) -> None:
    """Work and publisher, then the dates; whatever follows a date is the quote."""
    seen_date = False
    names = 0
    while rest:
        issued = _ISSUED_RE.match(rest)
        archived = _ARCHIVED_RE.match(rest)
        retrieved = _RETRIEVED_RE.match(rest)
        if issued and not seen_date and fields.date is None:
            fields.date = issued["date"]
            rest, seen_date = rest[issued.end() :], True
        elif archived and fields.archive_date is None and fields.access_date is None:
            fields.archive_date = archived["date"]
            rest, seen_date = rest[archived.end() :], True
        elif retrieved and fields.access_date is None:
            fields.access_date = retrieved["date"]
            rest, seen_date = rest[retrieved.end() :], True
        elif seen_date:
            if not rest.startswith(" "):
                raise CitationError(f"text run into a date: {rest[:40]!r}")
            fields.quote = rest[1:]
            return
        else:
            name = _NAME_RE.match(rest)
            if name is None:
                raise CitationError(f"unreadable source name: {rest[:40]!r}")
            value, language = _split_language(name["name"])
            names += 1
            if names > 2:
                raise CitationError(f"more than a work and a publisher: {value!r}")
            if fields.language is not None or fields.work is not None:
                fields.publisher = value
            else:
                fields.work = value
            if language is not None:
                if fields.language is not None:
                    raise CitationError("two language notes")
                fields.language = language
            rest = rest[name.end() :]
