"""The reader of rendered text: what saving or copying a Wikipedia page as text gives.

The layout it reads (the shipped snapshot is one)::

    Title
    Title                                  <- the infobox's heading repeats the title
    Part of the ... conflict               <- optional
      legend or caption lines              <- optional, before the first row
    Date27 September - 10 November 2020    <- rows, found by the labels the template renders
    Belligerents
     Azerbaijan                            <- a no-break space where a flag image stood
    ...
    The lead's first paragraph ...         <- the first line of prose ends the infobox
    Heading                                <- a short line alone: a section heading
      1. ^ a b "Title". Work. Date.        <- the reference list
    Cite error: ...                        <- notices the page renders about itself

Rendered text has lost the infobox's columns and the citations' italics, so the model
leaves those unknown; the rules and the curation file decide what they can.
"""

from __future__ import annotations

import hashlib
import re
from functools import cache

from warkg.build.model import (
    FOOTNOTE_GROUP,
    Article,
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
from warkg.build.readers.rendered_citation import CitationError, parse_citation
from warkg.build.sentences import paragraph
from warkg.build.vocabulary import load_yaml
from warkg.errors import InputError

__all__ = ["looks_like_text", "read_text"]

_REFERENCE_RE = re.compile(r"^\s*(?P<label>\d{1,4}|[a-z]{1,2})\. \^ (?P<body>.*)$")
_BACKLINKS_RE = re.compile(r"^(?P<letters>(?:[a-z]{1,2} )+)")
_BULLET_RE = re.compile(r"^\s*[•·]\s*")
_PROSE_END_RE = re.compile(r"[.!?][\"'\u201d\u2019)]*(?:\[[^\]\s]{1,12}\])*$")
_HEADING_MAX_WORDS = 8


@cache
def _row_labels() -> tuple[tuple[str, str], ...]:
    """(label, field name) pairs, longest label first."""
    rows = load_yaml("infobox-rows.yaml")["rows"]
    return tuple(sorted(rows.items(), key=lambda item: -len(item[0])))


def looks_like_text(data: bytes) -> bool:
    """Whether `data` could be a saved page's text: UTF-8, no markup at its start."""
    head = data[:4096].lstrip()
    if not head or b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # a character cut at the 4 KiB mark is fine
            return False
    return not head.startswith((b"<", b"{{", b"{|", b"=="))


def _is_prose(line: str) -> bool:
    """A line of running text: starts at the margin, eight words or more, ends a sentence."""
    if not line or line[0].isspace() or _BULLET_RE.match(line):
        return False
    return len(line.split()) >= 8 and bool(_PROSE_END_RE.search(line.rstrip()))


def _match_label(lines: list[str], at: int) -> tuple[str, str, int, str] | None:
    """A row label starting at line `at`: (label, field, lines it spans, rest of its last
    line). A label may wrap over lines ("Territorial" / "changes") or share its line with
    the value ("Date27 September", "Result Azerbaijani victory")."""
    for label, name in _row_labels():
        words = label.split()
        for span in range(1, len(words) + 1):
            if at + span > len(lines):
                break
            joined = " ".join(part.strip() for part in lines[at : at + span])
            if joined == label:
                return label, name, span, ""
            if span == 1 and joined.startswith(label):
                rest = lines[at].strip()[len(label) :]
                if rest and not rest[0].islower():
                    return label, name, 1, rest.strip()
    return None


def _line(raw: str) -> InfoboxLine:
    bullet = _BULLET_RE.match(raw)
    content = raw[bullet.end() :] if bullet else raw
    return InfoboxLine(raw=raw, text=MarkedText.rendered(content.strip()), bullet=bool(bullet))


def _field(name: str, label: str, raw_lines: list[str], first: str = "") -> InfoboxField:
    contents = ([first] if first else []) + [line for line in raw_lines if line.strip()]
    while raw_lines and not raw_lines[-1].strip():
        raw_lines = raw_lines[:-1]
    lines = tuple(_line(line) for line in contents)
    cells = (InfoboxCell(lines),) if lines else ()
    return InfoboxField(name=name, label=label, cells=cells, raw="\n".join(raw_lines))


def _read_infobox(body: list[str], title: str) -> tuple[Infobox | None, int]:
    """The infobox at the top of `body` and the index of the first line after it."""
    at = 0
    while at < len(body) and not body[at].strip():
        at += 1
    start = at
    has_heading = at < len(body) and body[at].strip() == title
    if has_heading:
        at += 1
    rows: list[tuple[int, tuple[str, str, int, str]]] = []
    scan = at
    while scan < len(body) and not _is_prose(body[scan]):
        label = _match_label(body, scan)
        if label is not None:
            rows.append((scan, label))
            scan += label[2]
        else:
            scan += 1
    if not rows:
        return None, start
    end = scan
    fields: list[InfoboxField] = []
    header = [line for line in body[at : rows[0][0]] if line.strip()]
    if header and header[0].strip().startswith("Part of "):
        fields.append(_field("partof", "Part of", [header[0]]))
        header = header[1:]
    if header:
        # A map's legend renders a colour key, a no-break space, before each line.
        legend = all(line.startswith("\u00a0") for line in header)
        fields.append(_field("map_caption" if legend else "caption", "", header))
    for index, (line_at, (label, name, span, rest)) in enumerate(rows):
        following = rows[index + 1][0] if index + 1 < len(rows) else end
        raw = body[line_at:following]
        shown = "\n".join(part.strip() for part in body[line_at : line_at + span])
        if rest:
            shown = label
        content = body[line_at + span : following]
        field = _field(name, shown, content, rest)
        fields.append(
            InfoboxField(field.name, field.label, field.cells, "\n".join(raw).rstrip("\n"))
        )
    return Infobox(title=title if has_heading else "", fields=tuple(fields)), end


def _read_sections(lines: list[str]) -> tuple[Section, ...]:
    """Paragraphs (one line each) grouped under the headings between them."""
    sections: list[Section] = []
    title: str | None = None
    paragraphs: list = []
    for index, line in enumerate(lines):
        text = line.strip()
        if not text:
            continue
        before = lines[index - 1].strip() if index else ""
        after = lines[index + 1].strip() if index + 1 < len(lines) else ""
        if (
            paragraphs
            and not before
            and not after
            and len(text.split()) <= _HEADING_MAX_WORDS
            and not _PROSE_END_RE.search(text)
        ):
            sections.append(Section(title, 0 if title is None else 2, tuple(paragraphs)))
            title, paragraphs = text, []
            continue
        paragraphs.append(paragraph(MarkedText.rendered(text)))
    if paragraphs or title is not None:
        sections.append(Section(title, 0 if title is None else 2, tuple(paragraphs)))
    return tuple(sections)


def _backlinks(body: str) -> tuple[int, str]:
    """Split "a b c " backlink letters off a reference's text: how often it is cited."""
    match = _BACKLINKS_RE.match(body)
    if match:
        letters = match["letters"].split()
        if len(letters) >= 2 and letters == [_letters(i) for i in range(len(letters))]:
            return len(letters), body[match.end() :]
    return 1, body


def _letters(index: int) -> str:
    """MediaWiki's backlink labels: a..z, then aa, ab..."""
    if index < 26:
        return chr(ord("a") + index)
    return _letters(index // 26 - 1) + chr(ord("a") + index % 26)


def _reference(number: int, body: str) -> Reference:
    cited, text = _backlinks(body)
    try:
        fields = parse_citation(text)
    except CitationError:
        return Reference(number=number, text=text, cited=cited)
    template = None
    for note in fields.maintenance:
        found = re.match(r"\{\{(cite [a-z ]+)\}\}", note)
        template = template or (found.group(1) if found else None)
    return Reference(
        number=number,
        text=text,
        cited=cited,
        template=template,
        title=fields.title,
        trans_title=fields.trans_title,
        work=fields.work,
        publisher=fields.publisher,
        date=fields.date,
        access_date=fields.access_date,
        archive_date=fields.archive_date,
        language=fields.language,
        quote=fields.quote,
        authors=tuple(fields.authors),
        maintenance=tuple(fields.maintenance),
    )


def _decode(data: bytes, where: str) -> str:
    if not data.strip():
        raise InputError(f"{where}: empty file, no article to read")
    if b"\x00" in data[:65536]:
        raise InputError(f"{where}: binary data, not the text of an article")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError.at(where, line, 1, "not UTF-8 text") from None
    return text.lstrip("\ufeff").replace("\r\n", "\n")


def read_text(data: bytes, *, file: str | None = None) -> Article:
    """Read a saved page's text into an article. InputError (one line, naming the file)
    when the bytes are not the text of an article."""
    where = file or "<input>"
    text = _decode(data, where)
    if not looks_like_text(data):
        raise InputError(f"{where}: markup, not the rendered text of an article")
    lines = text.split("\n")
    first = next(i for i, line in enumerate(lines) if line.strip())
    title = lines[first].strip()
    list_start = next(
        (i for i, line in enumerate(lines) if i > first and _REFERENCE_RE.match(line)),
        len(lines),
    )
    body = lines[first + 1 : list_start]
    infobox, lead_at = _read_infobox(body, title)
    sections = _read_sections(body[lead_at:])

    references: list[Reference] = []
    rendered_notes: dict[str, tuple[MarkedText, int]] = {}
    notices: list[str] = []
    for index in range(list_start, len(lines)):
        line = lines[index]
        match = _REFERENCE_RE.match(line)
        if match is None:
            if line.strip():
                notices.append(line.strip())
            continue
        label = match["label"]
        if label.isdigit():
            references.append(_reference(int(label), match["body"]))
        else:
            cited, note = _backlinks(match["body"])
            rendered_notes[label] = (MarkedText.rendered(note), cited)
    _check_numbering(references, where)

    footnotes = _footnotes(infobox, sections, rendered_notes)
    source = Source(
        title=title,
        sha256=hashlib.sha256(data).hexdigest(),
        format="text",
        file=file,
    )
    return Article(
        source=source,
        title=title,
        infobox=infobox,
        sections=sections,
        references=tuple(references),
        footnotes=footnotes,
        notices=tuple(notices),
    )


def _check_numbering(references: list[Reference], where: str) -> None:
    numbers = [reference.number for reference in references]
    if numbers != list(range(1, len(numbers) + 1)):
        raise InputError(
            f"{where}: the reference list is not numbered 1 to {len(numbers)} in order"
        )


def _footnotes(
    infobox: Infobox | None,
    sections: tuple[Section, ...],
    rendered: dict[str, tuple[MarkedText, int]],
) -> tuple[Footnote, ...]:
    """Every footnote the text cites (in order of first citation) and every one the page
    renders; text None where the page cites a note but does not show it."""
    texts: list[MarkedText] = []
    if infobox is not None:
        texts.extend(line.text for field in infobox.fields for line in field.lines)
    texts.extend(p.text for section in sections for p in section.paragraphs)
    counts: dict[str, int] = {}
    for marked in texts:
        for citation in marked.citations:
            if citation.group == FOOTNOTE_GROUP:
                counts[citation.label] = counts.get(citation.label, 0) + 1
    labels = list(dict.fromkeys([*counts, *rendered]))
    notes = []
    for label in labels:
        text, cited = rendered.get(label, (None, counts.get(label, 1)))
        notes.append(Footnote(label=label, text=text, cited=cited))
    return tuple(notes)
