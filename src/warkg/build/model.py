"""The article model: what every reader produces and every extraction rule reads.

A reader (rendered text, wikitext, a dump page) turns its source into one `Article`;
the rules never see the source format. The model keeps the article's words as the page
shows them, citation markers included ("3,825 servicemen killed[57]"), because those
words become evidence text and must be found verbatim in the source the build names.

Everything is a frozen dataclass holding tuples, so an article can be shared between
rules (and processes) without copies or surprises. Fields a source does not give stay
`None` or empty: a reader never guesses (plain text, for instance, cannot tell a work
from a publisher by italics, nor which infobox column a line sat in).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = [
    "Article",
    "Citation",
    "Footnote",
    "Infobox",
    "InfoboxCell",
    "InfoboxField",
    "InfoboxLine",
    "MarkedText",
    "Paragraph",
    "Reference",
    "Section",
    "Sentence",
    "Source",
]

# "[57]" cites the numbered reference list; "[b]" a footnote of the lower-alpha group
# (what {{efn}} renders). Other groups render as "[note 1]", "[N 1]" and the like.
_MARKER_RE = re.compile(
    r"\[(?:(?P<number>\d{1,4})|(?P<alpha>[a-z]{1,2})|(?P<named>[A-Za-z]+ \d+))\]"
)
FOOTNOTE_GROUP = "lower-alpha"


@dataclass(frozen=True)
class Citation:
    """One citation marker at its place in a `MarkedText`: `text[start:end]` is "[57]".

    `group` is None for the numbered reference list and names the footnote group
    otherwise ("lower-alpha" for "[a]", "[b]"...), as MediaWiki's <ref group=...> does.
    """

    label: str
    start: int
    end: int
    group: str | None = None

    @property
    def number(self) -> int | None:
        """The reference number this marker cites, or None for a footnote marker."""
        return int(self.label) if self.group is None and self.label.isdigit() else None

    @property
    def is_footnote(self) -> bool:
        return self.group is not None


@dataclass(frozen=True)
class MarkedText:
    """Text as the page renders it, citation markers in place ("killed[57]").

    `citations` are in order of position. `plain` is the same text without them, which
    is what figures and names are read from; `text` is what evidence quotes.
    """

    text: str
    citations: tuple[Citation, ...] = ()

    @classmethod
    def rendered(cls, text: str) -> MarkedText:
        """Find the markers in rendered text ("[57]", "[b]", "[note 1]")."""
        citations = []
        for match in _MARKER_RE.finditer(text):
            if match["number"]:
                citations.append(Citation(match["number"], match.start(), match.end()))
            elif match["alpha"]:
                citations.append(
                    Citation(match["alpha"], match.start(), match.end(), FOOTNOTE_GROUP)
                )
            else:
                group, _, label = match["named"].rpartition(" ")
                citations.append(Citation(label, match.start(), match.end(), group))
        return cls(text, tuple(citations))

    @property
    def plain(self) -> str:
        """The text without its markers."""
        pieces, at = [], 0
        for citation in self.citations:
            pieces.append(self.text[at : citation.start])
            at = citation.end
        pieces.append(self.text[at:])
        return "".join(pieces)

    @property
    def reference_numbers(self) -> tuple[int, ...]:
        """The reference numbers cited, in order, each once."""
        return tuple(dict.fromkeys(c.number for c in self.citations if c.number is not None))

    @property
    def footnote_labels(self) -> tuple[str, ...]:
        """The footnote labels cited, in order, each once."""
        return tuple(dict.fromkeys(c.label for c in self.citations if c.is_footnote))

    def slice(self, start: int, end: int) -> MarkedText:
        """The part `text[start:end]`, with the markers that lie wholly inside it."""
        return MarkedText(
            self.text[start:end],
            tuple(
                Citation(c.label, c.start - start, c.end - start, c.group)
                for c in self.citations
                if c.start >= start and c.end <= end
            ),
        )

    def segments(self) -> tuple[MarkedText, ...]:
        """The text cut after each run of adjacent markers: the stretch of words each
        run of citations vouches for ("... offensive[75][76]" then "along the line ...").
        Whitespace between segments is dropped; a text without markers is one segment."""
        cuts, at = [], 0
        for index, citation in enumerate(self.citations):
            following = self.citations[index + 1] if index + 1 < len(self.citations) else None
            if following is not None and following.start == citation.end:
                continue
            cuts.append((at, citation.end))
            at = citation.end
        cuts.append((at, len(self.text)))
        pieces = []
        for start, end in cuts:
            while start < end and self.text[start].isspace():
                start += 1
            while end > start and self.text[end - 1].isspace():
                end -= 1
            if start < end:
                pieces.append(self.slice(start, end))
        return tuple(pieces)


@dataclass(frozen=True)
class Sentence:
    """One sentence of a paragraph; `offset` is where it starts in the paragraph's text."""

    text: MarkedText
    offset: int = 0


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of running text and the sentences it splits into."""

    text: MarkedText
    sentences: tuple[Sentence, ...] = ()


@dataclass(frozen=True)
class Section:
    """A section of the article body. The lead is the section with no title (level 0);
    headed sections carry their heading and level (2 for "== H ==", as in wikitext)."""

    title: str | None
    level: int
    paragraphs: tuple[Paragraph, ...] = ()


@dataclass(frozen=True)
class InfoboxLine:
    """One line of an infobox field as the page shows it.

    `raw` is the line verbatim (leading spaces where a flag image stood, "  • " bullets);
    `text` is its content without bullet and indentation. `flag` names the country a
    flag template shows, when the source says so ({{flag|Azerbaijan}}); rendered text
    cannot tell, so its reader leaves it None.
    """

    raw: str
    text: MarkedText
    bullet: bool = False
    flag: str | None = None


@dataclass(frozen=True)
class InfoboxCell:
    """The lines of one field in one column of the infobox.

    `column` is 1, 2 or 3 for the combatant columns (combatant1, strength2, casualties3)
    and None where the field has one column or the source does not show columns
    (rendered text runs the columns together). `parameter` is the template parameter it
    came from ("casualties2"), when the source has parameters.
    """

    lines: tuple[InfoboxLine, ...]
    column: int | None = None
    parameter: str | None = None


@dataclass(frozen=True)
class InfoboxField:
    """One row of the infobox: `name` is the field's template parameter without its
    column number ("date", "place", "result", "territory", "combatant", "commander",
    "units", "strength", "casualties", "partof", "caption"), `label` the row's label as
    the page shows it ("Territorial\\nchanges"), or the parameter when nothing is shown.
    A field the page shows with no text has no cells, or cells with no lines. `raw` is
    the row verbatim as the source shows it, label included, so that evidence quoting
    the label with its value can be checked against the source."""

    name: str
    label: str
    cells: tuple[InfoboxCell, ...] = ()
    raw: str = ""

    @property
    def lines(self) -> tuple[InfoboxLine, ...]:
        """Every line of every cell, in order."""
        return tuple(line for cell in self.cells for line in cell.lines)

    @property
    def is_empty(self) -> bool:
        return not self.lines


@dataclass(frozen=True)
class Infobox:
    """The article's infobox: which template (when known), the name it shows on top,
    and its fields in the page's order."""

    title: str
    fields: tuple[InfoboxField, ...]
    template: str | None = None

    def field(self, name: str) -> InfoboxField | None:
        """The first field called `name`, or None."""
        return next((f for f in self.fields if f.name == name), None)


@dataclass(frozen=True)
class Reference:
    """One entry of the numbered reference list, field by field as the citation gives it.

    Values are kept as written (dates as "16 October 2020", language as the page names
    it: "Russian" or a code such as "ru"); the rules parse them. `text` is the rendered
    citation without its backlinks ("^ a b"); `cited` is how often the article cites it
    (its backlink count). `maintenance` holds messages rendered after it ("{{cite web}}:
    CS1 maint: ..."). `extra` keeps any other template parameter (isbn, doi, pages...).
    """

    number: int
    text: str
    cited: int = 1
    name: str | None = None
    template: str | None = None
    title: str | None = None
    trans_title: str | None = None
    url: str | None = None
    work: str | None = None
    publisher: str | None = None
    date: str | None = None
    access_date: str | None = None
    archive_url: str | None = None
    archive_date: str | None = None
    language: str | None = None
    quote: str | None = None
    authors: tuple[str, ...] = ()
    maintenance: tuple[str, ...] = ()
    extra: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Footnote:
    """An explanatory note ({{efn}}, <ref group=...>): its label as the markers show it
    ("a"), and its text when the page renders it (None when it does not)."""

    label: str
    group: str = FOOTNOTE_GROUP
    text: MarkedText | None = None
    cited: int = 1


@dataclass(frozen=True)
class Source:
    """Where an article came from, as the build records it.

    `url` is the page's address, `file` the file read (as given on the command line or
    the shipped name), `revision_id` and `timestamp` (ISO 8601) the revision when the
    source names one (dumps and the API do; saved text does not), `licence` an IRI,
    `sha256` the digest of the bytes read (for a dump page, of its wikitext in UTF-8).
    `format` is the reader that read it ("text", "wikitext", "dump"). `stated` names the
    fields ("url", "licence") the person building gave on the command line (--source-url,
    --licence) because the source does not say them (a saved page or a wikitext file).
    """

    title: str
    sha256: str
    format: str
    url: str | None = None
    file: str | None = None
    revision_id: int | None = None
    timestamp: str | None = None
    licence: str | None = None
    stated: frozenset[str] = frozenset()


@dataclass(frozen=True)
class Article:
    """One article, read: its source, infobox, sections (the lead first), reference list,
    footnotes, and `notices` the page renders about itself (such as a cite error)."""

    source: Source
    title: str
    infobox: Infobox | None = None
    sections: tuple[Section, ...] = ()
    references: tuple[Reference, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    notices: tuple[str, ...] = field(default=())

    @property
    def lead(self) -> Section | None:
        """The untitled section before the first heading, if any."""
        return next((s for s in self.sections if s.title is None), None)

    def reference(self, number: int) -> Reference | None:
        return next((r for r in self.references if r.number == number), None)
