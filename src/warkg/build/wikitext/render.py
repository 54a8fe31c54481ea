"""Renders wikitext into lines as the page shows them, numbering the references it meets.

Only what a reader of an infobox or a paragraph sees is kept: link texts (and their
targets beside), the names flag templates show, fate markers, list items as lines, ``<br>``
as a line break, citation markers as ``[n]``. Tables, images and navigation are skipped,
but the references inside them are still numbered, so the numbers match the page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

import mwparserfromhell
from mwparserfromhell.nodes import (
    Argument,
    Comment,
    ExternalLink,
    Heading,
    HTMLEntity,
    Node,
    Tag,
    Template,
    Text,
    Wikilink,
)
from mwparserfromhell.wikicode import Wikicode

from warkg.build.wikitext import templates as known
from warkg.build.wikitext.citations import (
    format_citation,
    is_citation_template,
    normalise_name,
    read_citation,
)
from warkg.build.wikitext.lines import Line, LineBuilder, Link
from warkg.build.wikitext.references import ReferenceBook

_SKIPPED_NAMESPACES = re.compile(
    r"^\s*:?\s*(file|image|category|media|wikt|wiktionary|[a-z]{2,3}(-[a-z]+)?)\s*:", re.I
)
_KEPT_PREFIX = re.compile(r"^\s*:?\s*(w|wikipedia|s|wikisource|d|wikidata)\s*:", re.I)
_INLINE_TAGS = {
    "b", "i", "u", "s", "em", "strong", "small", "big", "span", "sup", "sub", "abbr", "font",
    "center", "div", "p", "code", "q", "cite", "del", "ins", "blockquote", "poem", "tt",
    "bdi", "dfn", "kbd", "mark", "var", "time", "data", "strike", "onlyinclude",
    "includeonly", "section",
}  # fmt: skip
_DROPPED_TAGS = {
    "math", "chem", "ce", "score", "timeline", "graph", "mapframe", "maplink",
    "templatedata", "syntaxhighlight", "source", "inputbox", "categorytree", "noinclude",
    "templatestyles", "hiero", "charinsert",
}  # fmt: skip
_NUMBER_ONLY_TAGS = {"table", "gallery", "imagemap", "tr", "td", "th"}


def page_title(target: str) -> str:
    """A link target as the page it names: no fragment, spaces, first letter upper-case."""
    target = target.split("#")[0].replace("_", " ").strip().lstrip(":").strip()
    target = re.sub(r"\s+", " ", target)
    return target[:1].upper() + target[1:]


def positional(template: Template, index: int) -> Wikicode | None:
    """The index-th positional argument (1-based; -1 the last one)."""
    values = [p.value for p in template.params if not p.showkey]
    if index == -1:
        return values[-1] if values else None
    return values[index - 1] if 0 < index <= len(values) else None


def named(template: Template, *names: str) -> Wikicode | None:
    for name in names:
        if template.has(name):
            return template.get(name).value
    return None


class Renderer:
    """Renders nodes into lines. With a ``book``, references are numbered and shown as
    markers; without one (reference contents, citation fields) they are left out."""

    def __init__(self, book: ReferenceBook | None = None) -> None:
        self.book = book
        self.out = LineBuilder()
        self.unknown_templates: list[str] = []
        self.citation_templates: list[Template] = []
        self.read_elsewhere: set[int] = set()  # ids of templates rendered on their own

    # Entry points -----------------------------------------------------------------

    def lines(self, code: Wikicode | str) -> list[Line]:
        if isinstance(code, str):
            code = mwparserfromhell.parse(code)
        self.nodes(code.nodes)
        return self.out.finish()

    def nodes(self, nodes: Iterable[Node]) -> None:
        for node in nodes:
            self.node(node)

    # Dispatch ---------------------------------------------------------------------

    def node(self, node: Node) -> None:
        if isinstance(node, Text):
            self._text(str(node.value))
        elif isinstance(node, Wikilink):
            self._wikilink(node)
        elif isinstance(node, Template):
            self._template(node)
        elif isinstance(node, Tag):
            self._tag(node)
        elif isinstance(node, HTMLEntity):
            self.out.text(node.normalize())
        elif isinstance(node, ExternalLink):
            self._external(node)
        elif isinstance(node, Heading):
            self.out.newline()
            self.nodes(node.title.nodes)
            self.out.newline()
        elif isinstance(node, Argument):
            if node.default is not None:
                self.nodes(node.default.nodes)
        elif isinstance(node, Comment):
            return

    def _text(self, text: str) -> None:
        parts = text.split("\n")
        for index, part in enumerate(parts):
            if index:
                self.out.newline()
            self.out.text(part)

    def _wikilink(self, link: Wikilink) -> None:
        title = str(link.title)
        if _SKIPPED_NAMESPACES.match(title) and not _KEPT_PREFIX.match(title):
            if self.book is not None and link.text is not None:
                self.number_only(link.text)  # captions of images can cite
            return
        start = len(self.out.current_text())
        if link.text is not None:
            self.nodes(link.text.nodes)
        else:
            self.out.text(title.lstrip(":"))
        shown = self.out.current_text()[start:].strip()
        self.out.current.links.append(Link(page_title(title), shown))

    def _external(self, link: ExternalLink) -> None:
        url = str(link.url).strip()
        start = len(self.out.current_text())
        if link.title is not None and str(link.title).strip():
            self.nodes(link.title.nodes)
        else:
            self.out.text(url)
        self.out.current.links.append(
            Link(url, self.out.current_text()[start:].strip(), external=True)
        )

    def _tag(self, tag: Tag) -> None:
        name = str(tag.tag).strip().lower()
        markup = tag.wiki_markup
        if name == "ref":
            self._ref_tag(tag)
        elif name == "references":
            self._references_tag(tag)
        elif name in ("br", "hr"):
            self.out.newline()
        elif name in ("li", "dt", "dd") and markup:
            if self.out.has_text():
                self.out.newline(bullet=markup[-1])
            else:
                self.out.current.bullet = markup[-1]
        elif name in ("nowiki", "pre"):
            if tag.contents is not None:
                self.out.text(str(tag.contents))
        elif name in _DROPPED_TAGS:
            return
        elif name in _NUMBER_ONLY_TAGS:
            self.number_only(tag.contents)
        elif tag.contents is not None:
            start = len(self.out.current_text())
            self.nodes(tag.contents.nodes)
            if name == "b" or (name == "span" and "bold" in str(tag.attributes)):
                shown = self.out.current_text()[start:].strip()
                if shown:
                    self.out.current.bold.append(shown)

    # References -------------------------------------------------------------------

    def _ref_tag(self, tag: Tag) -> None:
        if self.book is None:
            return
        attributes = {
            str(a.name).strip().lower(): str(a.value or "").strip() for a in tag.attributes
        }
        content = None if tag.self_closing else tag.contents
        reference = self.book.cite(attributes.get("group", ""), attributes.get("name"), content)
        self.out.marker(reference)

    def _references_tag(self, tag: Tag) -> None:
        if self.book is None or tag.contents is None:
            return
        group = ""
        for attribute in tag.attributes:
            if str(attribute.name).strip().lower() == "group":
                group = str(attribute.value or "").strip()
        self.define_list(tag.contents, group)

    def define_list(self, contents: Wikicode, group: str) -> None:
        """List-defined references: given content, numbered only where they are used."""
        if self.book is None:
            return
        for inner in contents.filter_tags(recursive=False):
            if str(inner.tag).strip().lower() != "ref" or inner.self_closing:
                continue
            attributes = {
                str(a.name).strip().lower(): str(a.value or "").strip() for a in inner.attributes
            }
            self.book.define(attributes.get("group", group), attributes.get("name"), inner.contents)

    def number_only(self, code: Wikicode | None) -> None:
        """Numbers the references in a stretch the page shows but warkg does not read."""
        if self.book is None or code is None:
            return
        saved = self.out
        self.out = LineBuilder()
        try:
            self.nodes(code.nodes)
        finally:
            self.out = saved

    # Templates --------------------------------------------------------------------

    def _template(self, template: Template) -> None:
        raw = str(template.name)
        name = normalise_name(raw)
        if name in known.FIXED:
            self._text(known.FIXED[name])
        elif name in known.FLAG_WITH_NAME:
            self._flag(template, name)
        elif name in known.FLAG_ICON:
            country = positional(template, 1)
            if country is not None:
                self.out.current.flags.append(_plain(country))
        elif name in known.FATES:
            fate, shown = known.FATES[name]
            self.out.current.fates.append(fate)
            self.out.text(" " + shown)
        elif name in known.MAINTENANCE:
            self.out.current.tags.append(known.MAINTENANCE[name])
        elif name in known.FOOTNOTE_GROUPS:
            self._footnote(template, known.FOOTNOTE_GROUPS[name], name)
        elif name in known.SHORT_FOOTNOTES:
            self._short_footnote(template, name)
        elif name in known.REFERENCE_REUSE:
            self._reuse(template)
        elif name in known.LIST_OF_ARGUMENTS:
            self._list(template)
        elif name in known.SHOW_ARGUMENT:
            self._show(template, known.SHOW_ARGUMENT[name])
        elif name.startswith("lang-") or name.startswith("langx"):
            self._show(template, -1)
        elif name.startswith("formatnum:"):
            self.out.text(raw.split(":", 1)[1].strip())
        elif name in known.DATE_TEMPLATES:
            self._date(template)
        elif name in ("circa", "c.", "ca"):
            self.out.text("c. ")
            self._show(template, 1)
        elif name == "convert" or name == "cvt":
            self._convert(template)
        elif name == "reflist" and self.book is not None:
            refs = named(template, "refs")
            group = named(template, "group")
            if refs is not None:
                self.define_list(refs, _plain(group) if group is not None else "")
        elif name.startswith("#tag:ref"):
            self._tag_ref(template, raw)
        elif id(template) in self.read_elsewhere:
            return
        elif is_citation_template(raw):
            self.citation_templates.append(template)
            if self.book is None:
                self.out.text(format_citation(read_citation(template, plain_text)))
        elif name in known.SILENT or name.startswith("campaignbox") or name.startswith("infobox"):
            self._number_params(template)
        else:
            self.unknown_templates.append(raw.strip())
            self.out.current.unrendered.append(raw.strip())
            self._number_params(template)

    def _number_params(self, template: Template) -> None:
        for parameter in template.params:
            self.number_only(parameter.value)

    def _flag(self, template: Template, name: str) -> None:
        country = positional(template, 1)
        if country is None:
            return
        country_name = _plain(country)
        self.out.current.flags.append(country_name)
        shown = named(template, "name")
        start = len(self.out.current_text())
        self.out.text(" ")
        if shown is not None:
            self.nodes(shown.nodes)
        else:
            self.out.text(country_name)
        text = self.out.current_text()[start:].strip()
        if name != "flagu":
            self.out.current.links.append(Link(page_title(country_name), text))

    def _footnote(self, template: Template, group: str, name: str) -> None:
        if self.book is None:
            return
        explicit = named(template, "group")
        content = named(template, "1") or positional(template, 1)
        if content is not None:
            self.number_only(content)  # the note's own references are numbered first
        ref_name = named(template, "name")
        reference = self.book.cite(
            _plain(explicit) if explicit is not None else group,
            _plain(ref_name) if ref_name is not None else None,
            content,
            origin=name,
        )
        self.out.marker(reference)

    def _tag_ref(self, template: Template, raw: str) -> None:
        if self.book is None:
            return
        content = positional(template, 1)
        group = named(template, "group")
        ref_name = named(template, "name")
        if content is not None:
            self.number_only(content)
        self.out.marker(
            self.book.cite(
                _plain(group) if group is not None else "",
                _plain(ref_name) if ref_name is not None else None,
                content,
                origin="#tag:ref",
            )
        )

    def _short_footnote(self, template: Template, name: str) -> None:
        if self.book is None:
            return
        authors = [_plain(p.value) for p in template.params if not p.showkey]
        year = (
            authors.pop()
            if authors and re.fullmatch(r"\s*\d{3,4}[a-z]?\s*|n\.d\.", authors[-1])
            else ""
        )
        location = ""
        for key, prefix in (
            ("p", "p. "),
            ("page", "p. "),
            ("pp", "pp. "),
            ("pages", "pp. "),
            ("loc", ""),
        ):
            value = named(template, key)
            if value is not None:
                location = prefix + _plain(value)
                break
        names = (
            " & ".join(authors)
            if len(authors) <= 2
            else ", ".join(authors[:-1]) + " & " + authors[-1]
        )
        text = f"{names} {year}".strip() + (f", {location}" if location else "") + "."
        key = "FOOTNOTE" + "".join(authors) + year + location
        self.out.marker(self.book.cite("", key, mwparserfromhell.parse(text), origin="sfn"))

    def _reuse(self, template: Template) -> None:
        if self.book is None:
            return
        group = named(template, "group")
        for parameter in template.params:
            if parameter.showkey:
                continue
            ref_name = _plain(parameter.value)
            if ref_name:
                self.out.marker(
                    self.book.cite(
                        _plain(group) if group is not None else "", ref_name, None, origin="r"
                    )
                )

    def _list(self, template: Template) -> None:
        items = [p.value for p in template.params if not p.showkey]
        for item in items:
            if self.out.has_text():
                self.out.newline(bullet="*")
            else:
                self.out.current.bullet = "*"
            self.nodes(item.nodes)
        if items:
            self.out.newline()

    def _show(self, template: Template, index: int) -> None:
        if index == 0:
            return
        value = positional(template, index)
        if value is not None:
            self.nodes(value.nodes)

    def _date(self, template: Template) -> None:
        parts = [_plain(p.value) for p in template.params if not p.showkey]
        numbers = [p for p in parts[:3] if p.isdigit()]
        day_first = named(template, "df") is not None
        if len(numbers) >= 3 and 1 <= int(numbers[1]) <= 12:
            month = known.MONTHS[int(numbers[1]) - 1]
            text = (
                f"{int(numbers[2])} {month} {numbers[0]}"
                if day_first
                else f"{month} {int(numbers[2])}, {numbers[0]}"
            )
        elif len(numbers) == 2 and 1 <= int(numbers[1]) <= 12:
            text = f"{known.MONTHS[int(numbers[1]) - 1]} {numbers[0]}"
        else:
            text = " ".join(parts[:1])
        self.out.text(text)

    def _convert(self, template: Template) -> None:
        parts = [_plain(p.value) for p in template.params if not p.showkey]
        if len(parts) >= 4 and parts[1] in ("-", known.EN_DASH):
            self.out.text(f"{parts[0]}{known.EN_DASH}{parts[2]} {parts[3]}")
        elif len(parts) >= 4 and parts[1] in ("to", "and", "or"):
            self.out.text(f"{parts[0]} {parts[1]} {parts[2]} {parts[3]}")
        elif len(parts) >= 2:
            self.out.text(f"{parts[0]} {parts[1]}")
        elif parts:
            self.out.text(parts[0])


def _plain(code: Wikicode) -> str:
    return plain_text(code)


def plain_text(code: Wikicode | str | None) -> str:
    """The text a stretch of wikitext shows, on one line, without citation markers."""
    if code is None:
        return ""
    renderer = Renderer(book=None)
    return " ".join(line.text for line in renderer.lines(code) if line.text).strip()
