"""Citation templates (cite web, cite news, cite book, cite journal and their kin) read
into the fields warkg records for a reference.

Names are compared as MediaWiki compares them: case-insensitive first letter, spaces and
underscores alike. An unknown ``cite ...`` template is still read with the same field
names (what it has under a known name is kept; the rest stays in ``other``), and the caller
warns about it once.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

# Template name (normalised) -> the kind of work it cites. The redirects are the ones
# English Wikipedia lists for each CS1 template that occur in articles.
KNOWN_KINDS: dict[str, str] = {
    "cite web": "web", "cite website": "web", "web cite": "web", "cite url": "web",
    "citeweb": "web", "cite blog": "web", "cite webpage": "web",
    "cite news": "news", "cite newspaper": "news", "cite new": "news", "cite n": "news",
    "cite book": "book", "cite books": "book", "book cite": "book", "cite chapter": "book",
    "cite journal": "journal", "cite paper": "journal", "cite article": "journal",
    "cite magazine": "magazine", "cite mag": "magazine", "cite periodical": "magazine",
    "cite report": "report", "cite techreport": "report", "cite tech report": "report",
    "cite encyclopedia": "encyclopedia", "cite encyclopaedia": "encyclopedia",
    "cite dictionary": "encyclopedia",
    "cite press release": "press release", "cite pr": "press release",
    "cite thesis": "thesis", "cite dissertation": "thesis",
    "cite conference": "conference", "cite av media": "av media", "cite video": "av media",
    "cite episode": "episode", "cite interview": "interview", "cite map": "map",
    "cite speech": "speech", "cite tweet": "tweet", "cite podcast": "podcast",
    "cite document": "document", "cite arxiv": "preprint", "cite biorxiv": "preprint",
    "cite ssrn": "preprint", "cite mailing list": "mailing list", "cite newsgroup": "newsgroup",
    "cite sign": "sign", "cite serial": "serial", "cite court": "court", "cite law": "court",
    "citation": "citation", "cite": "citation",
}  # fmt: skip

# Canonical field -> the parameter names that give it, first match wins.
FIELD_PARAMETERS: dict[str, tuple[str, ...]] = {
    "url": ("url", "URL", "chapter-url", "chapterurl", "section-url"),
    "title": ("title", "script-title"),
    "trans-title": ("trans-title", "trans_title", "transtitle"),
    "chapter": ("chapter", "contribution", "entry", "article", "section"),
    "work": (
        "work", "website", "newspaper", "journal", "magazine", "periodical",
        "encyclopedia", "encyclopaedia", "dictionary", "site", "series",
    ),
    "publisher": ("publisher", "institution"),
    "agency": ("agency",),
    "via": ("via",),
    "date": ("date",),
    "year": ("year",),
    "access-date": ("access-date", "accessdate", "access_date", "accessed"),
    "archive-url": ("archive-url", "archiveurl", "archive_url"),
    "archive-date": ("archive-date", "archivedate", "archive_date"),
    "url-status": ("url-status", "dead-url", "deadurl"),
    "language": ("language", "lang"),
    "quote": ("quote", "quotation"),
    "trans-quote": ("trans-quote",),
    "page": ("page", "p"),
    "pages": ("pages", "pp", "at"),
    "location": ("location", "place"),
    "volume": ("volume",),
    "issue": ("issue", "number"),
    "isbn": ("isbn", "ISBN"),
    "doi": ("doi", "DOI"),
    "issn": ("issn", "ISSN"),
}  # fmt: skip

_NUMBERED_AUTHOR = re.compile(
    r"^(?:(last|surname|author-last|author|first|given|author-first)(\d*)|authors?|vauthors)$"
)
_FIRST_KEYS = {"first", "given", "author-first"}
_LAST_KEYS = {"last", "surname", "author-last"}


def normalise_name(name: str) -> str:
    """A template's name as MediaWiki resolves it, lower-cased for comparison."""
    name = re.sub(r"[\s_]+", " ", name.split("<!--")[0]).strip()
    if name.lower().startswith("template:"):
        name = name[len("template:") :].strip()
    return name.lower()


def is_citation_template(name: str) -> bool:
    """Known citation templates, and any other whose name starts with ``cite``."""
    name = normalise_name(name)
    return name in KNOWN_KINDS or name.startswith("cite ") or name.startswith("cite-")


@dataclass
class Citation:
    """One citation template as the reference gives it."""

    template: str  # the name as written
    kind: str | None  # web, news, book, ...; None for an unknown template
    fields: dict[str, str] = field(default_factory=dict)
    authors: list[str] = field(default_factory=list)
    other: dict[str, str] = field(default_factory=dict)

    @property
    def known(self) -> bool:
        return self.kind is not None


def read_citation(template: Template, plain: Callable[[Wikicode], str]) -> Citation:
    """The fields of a citation template; ``plain`` renders a parameter's value to text."""
    name = normalise_name(str(template.name))
    values: dict[str, str] = {}
    for parameter in template.params:
        key = str(parameter.name).strip()
        value = plain(parameter.value).strip()
        if value:
            values[key] = value
    citation = Citation(str(template.name).strip(), KNOWN_KINDS.get(name))
    used: set[str] = set()
    for canonical, names in FIELD_PARAMETERS.items():
        for parameter_name in names:
            if parameter_name in values:
                citation.fields[canonical] = values[parameter_name]
                used.add(parameter_name)
                break
    if "date" not in citation.fields and "year" in citation.fields:
        citation.fields["date"] = citation.fields["year"]
    citation.authors = _authors(values, used)
    citation.other = {key: value for key, value in values.items() if key not in used}
    return citation


def _authors(values: dict[str, str], used: set[str]) -> list[str]:
    """Authors in the order the template numbers them: "Last, First" or as written."""
    lasts: dict[int, str] = {}
    firsts: dict[int, str] = {}
    whole: dict[int, str] = {}
    listed: list[str] = []
    for key, value in values.items():
        match = _NUMBERED_AUTHOR.match(key)
        if match is None:
            continue
        used.add(key)
        if match.group(1) is None:
            separator = "," if key == "vauthors" else ";"
            listed.extend(part.strip() for part in value.split(separator) if part.strip())
            continue
        kind, index = match.group(1), int(match.group(2) or 1)
        if kind in _LAST_KEYS:
            lasts[index] = value
        elif kind in _FIRST_KEYS:
            firsts[index] = value
        else:
            whole[index] = value
    authors = []
    for index in sorted(set(lasts) | set(whole)):
        if index in lasts:
            first = firsts.get(index)
            authors.append(f"{lasts[index]}, {first}" if first else lasts[index])
        else:
            authors.append(whole[index])
    return authors + listed


def format_citation(citation: Citation) -> str:
    """The citation as the page shows it, roughly in CS1's order (for evidence text)."""
    fields = citation.fields
    parts = []
    if citation.authors:
        authors = "; ".join(citation.authors)
        parts.append(f"{authors} ({fields['date']})." if "date" in fields else f"{authors}.")
    title = fields.get("title") or fields.get("chapter") or ""
    if title:
        translated = f" [{fields['trans-title']}]" if "trans-title" in fields else ""
        parts.append(f'"{title}"{translated}.')
    if "work" in fields:
        language = f" (in {fields['language']})" if "language" in fields else ""
        parts.append(f"{fields['work']}{language}.")
    if "publisher" in fields:
        parts.append(f"{fields['publisher']}.")
    if "date" in fields and not citation.authors:
        parts.append(f"{fields['date']}.")
    if "archive-date" in fields:
        parts.append(f"Archived from the original on {fields['archive-date']}.")
    if "access-date" in fields:
        parts.append(f"Retrieved {fields['access-date']}.")
    if "quote" in fields:
        parts.append(f'"{fields["quote"]}"')
    return " ".join(parts)
