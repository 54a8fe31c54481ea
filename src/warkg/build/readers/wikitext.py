"""The wikitext reader: a page's source as MediaWiki serves it (raw page, API, dump) read
into the article model with mwparserfromhell.

The rendering follows the conventions the rules rely on (see ``warkg.build.model``):
text as the page shows it with markers "[N]" numbered as Cite numbers them, footnote
markers "[a]", infobox fields named by parameter without the column number.
"""

from __future__ import annotations

import hashlib
import re
import warnings
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

import yaml

from warkg.build.model import (
    Article,
    Citation,
    Footnote,
    Infobox,
    InfoboxCell,
    InfoboxField,
    InfoboxLine,
    MarkedText,
    Reference,
    Section,
    Source,
)
from warkg.build.sentences import paragraph
from warkg.errors import InputError

if TYPE_CHECKING:  # mwparserfromhell is the build extra: imported only when a page is read
    from warkg.build.wikitext.lines import Line
    from warkg.build.wikitext.page import ReferenceEntry, WikitextPage

__all__ = ["WikitextWarning", "article_from_wikitext", "looks_like_wikitext", "read_wikitext"]

CC_BY_SA_3 = "https://creativecommons.org/licenses/by-sa/3.0/"
CC_BY_SA_4 = "https://creativecommons.org/licenses/by-sa/4.0/"
# English Wikipedia's text licence moved from CC BY-SA 3.0 to 4.0 on this day.
LICENCE_CHANGE = "2023-06-29"

_PARAMETER_RE = re.compile(r"^(?P<name>[a-z_]+?)(?P<column>[1-3])(?P<row>[a-d]?)$")
_MARKUP_HINTS = (b"[[", b"'''", b"</ref>", b"<ref name", b"{{infobox", b"{{ infobox")


class WikitextWarning(UserWarning):
    """Something the page has that warkg reads only in part (an unknown citation template)."""


def looks_like_wikitext(data: bytes) -> bool:
    """UTF-8 text with wiki markup near its start, and not an XML document."""
    head = data[:65536].lstrip(b"\xef\xbb\xbf \t\r\n")
    if not head or b"\x00" in head or head.startswith(b"<"):
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:
            return False
    lowered = head.lower()
    return head.startswith(b"{{") or any(hint in lowered for hint in _MARKUP_HINTS)


def read_wikitext(data: bytes, *, file: str | None = None, title: str | None = None) -> Article:
    """A wikitext file read into an article; InputError (one line) when it cannot be."""
    where = file or "<input>"
    try:
        text = data.decode("utf-8").lstrip("\ufeff").replace("\r\n", "\n")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError.at(where, line, 1, "not UTF-8 text") from None
    source = Source(
        title=title or "",
        sha256=hashlib.sha256(data).hexdigest(),
        format="wikitext",
        file=file,
    )
    return article_from_wikitext(text, source, where=where)


def article_from_wikitext(text: str, source: Source, *, where: str) -> Article:
    """Reads the wikitext of one page; the source says where it came from."""
    require_build_extra()
    from warkg.build.wikitext.infobox import BrokenTemplate
    from warkg.build.wikitext.page import read_page

    named = source.title or None
    try:
        page = read_page(text, named or "")
    except BrokenTemplate as error:
        raise InputError(f"{where}: {_quoted(named)}broken template: {error}") from None
    if page.infobox_name is None:
        raise InputError(f"{where}: {_quoted(named)}no Infobox military conflict")
    infobox = _infobox(page)
    title = named or infobox.title or where
    for template in page.unknown_citation_templates:
        warnings.warn(
            f"{where}: '{title}': unknown citation template {{{{{template}}}}}: "
            "its fields are read by the names warkg knows",
            WikitextWarning,
            stacklevel=2,
        )
    if not source.title:
        source = Source(**{**source.__dict__, "title": title})
    notices = tuple(
        f'Cite error: The named reference "{reference.name}" was invoked but never defined'
        for reference in page.references + page.footnotes
        if not reference.raw and reference.name
    )
    return Article(
        source=source,
        title=title,
        infobox=infobox,
        sections=tuple(
            Section(
                section.title,
                section.level,
                tuple(paragraph(_marked(line)) for line in section.paragraphs),
            )
            for section in page.sections
            if section.paragraphs or section.title is not None
        ),
        references=tuple(_reference(entry) for entry in page.references),
        footnotes=tuple(
            Footnote(entry.label, entry.group, MarkedText(entry.text), entry.uses)
            for entry in page.footnotes
        ),
        notices=notices,
    )


def require_build_extra() -> None:
    """InputError naming the extra when mwparserfromhell is not installed."""
    try:
        import mwparserfromhell  # noqa: F401
    except ImportError:
        raise InputError(
            "reading wikitext needs the build extra: pip install 'warkg[build]'"
        ) from None


def licence_for(timestamp: str | None) -> str | None:
    """The licence English Wikipedia's text was under when the revision was saved."""
    if timestamp is None:
        return None
    return CC_BY_SA_3 if timestamp[:10] < LICENCE_CHANGE else CC_BY_SA_4


def _quoted(title: str | None) -> str:
    return f"'{title}': " if title else ""


def _marked(line: Line) -> MarkedText:
    citations = []
    for end, reference in line.markers:
        start = end - len(reference.label) - 2
        if reference.group == "":
            citations.append(Citation(reference.label, start, end))
        else:
            citations.append(Citation(reference.label, start, end, reference.group))
    return MarkedText(line.text, tuple(citations))


@cache
def _labels() -> dict[str, str]:
    """Field name -> the label the rendered infobox shows (first one listed wins)."""
    text = resources.files("warkg.build").joinpath("mappings/infobox-rows.yaml").read_text("utf-8")
    labels: dict[str, str] = {}
    for label, name in yaml.safe_load(text)["rows"].items():
        labels.setdefault(name, label)
    return labels


def _infobox(page: WikitextPage) -> Infobox:
    fields: dict[str, list[InfoboxCell]] = {}
    raws: dict[str, list[str]] = {}
    title = ""
    for entry in page.infobox:
        if entry.name == "conflict":
            title = " ".join(line.text for line in entry.lines)
            continue
        match = _PARAMETER_RE.match(entry.name)
        name = match["name"] if match else entry.name
        column = int(match["column"]) if match else None
        lines = tuple(
            InfoboxLine(
                raw=line.text,
                text=_marked(line),
                bullet=bool(line.bullet),
                flag=line.flags[0] if line.flags else None,
            )
            for line in entry.lines
        )
        if not lines:
            continue
        fields.setdefault(name, []).append(InfoboxCell(lines, column, entry.name))
        raws.setdefault(name, []).append(f"|{entry.name}={entry.raw}")
    return Infobox(
        title=title,
        fields=tuple(
            InfoboxField(name, _labels().get(name, name), tuple(cells), "\n".join(raws[name]))
            for name, cells in fields.items()
        ),
        template=page.infobox_name,
    )


def _reference(entry: ReferenceEntry) -> Reference:
    citation = entry.citations[0] if entry.citations else None
    fields = citation.fields if citation else {}
    url = fields.get("url") or next((link.target for link in entry.links), None)
    extra = tuple(sorted(citation.other.items())) if citation else ()
    known = ("url", "title", "trans-title", "work", "publisher", "date", "access-date")
    known += ("archive-url", "archive-date", "language", "quote")
    extra += tuple(sorted((k, v) for k, v in fields.items() if k not in known))
    return Reference(
        number=entry.number,
        text=entry.text,
        cited=entry.uses,
        name=entry.name,
        template=citation.template if citation else None,
        title=fields.get("title"),
        trans_title=fields.get("trans-title"),
        url=url,
        work=fields.get("work"),
        publisher=fields.get("publisher"),
        date=fields.get("date"),
        access_date=fields.get("access-date"),
        archive_url=fields.get("archive-url"),
        archive_date=fields.get("archive-date"),
        language=fields.get("language"),
        quote=fields.get("quote"),
        authors=tuple(citation.authors) if citation else (),
        extra=extra,
    )
