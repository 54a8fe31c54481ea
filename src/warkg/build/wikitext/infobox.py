"""The Infobox military conflict of a page: found by name (with its redirects), its
parameters visited in the order the rendered infobox shows them (that order decides the
reference numbers), each value rendered into lines."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

import mwparserfromhell
from mwparserfromhell.nodes import Template
from mwparserfromhell.wikicode import Wikicode

from warkg.build.wikitext.citations import normalise_name
from warkg.build.wikitext.lines import Line, LineBuilder
from warkg.build.wikitext.render import Renderer

# Template:Infobox military conflict and the redirects to it used in articles.
INFOBOX_NAMES = {
    "infobox military conflict", "infobox war", "infobox battle", "infobox conflict",
    "infobox military conflict/sandbox", "warbox", "infobox military operation",
    "infobox civil conflict", "infobox civil war",
}  # fmt: skip

# A cheap test on raw text before parsing (dumps hold millions of pages).
MENTION = re.compile(
    r"\{\{\s*(?:template\s*:\s*)?(?:infobox[ _]+(?:military[ _]+conflict|war|battle|conflict"
    r"|military[ _]+operation|civil[ _]+(?:conflict|war))|warbox)\s*(?:\||\}\}|<!--|\n)",
    re.IGNORECASE,
)

# The rows of the rendered infobox, top to bottom; a parameter not listed comes after,
# in the order written. combatant1a etc. share the combatants' row.
DISPLAY_ORDER = [
    "conflict", "partof", "width", "image", "image_size", "image_upright", "alt", "caption",
    "date", "place", "coordinates", "map_type", "map_relief", "latitude", "longitude",
    "map_size", "map_marksize", "map_caption", "map_label", "territory", "result", "status",
    "combatants_header", "combatant1", "combatant2", "combatant3", "combatant1a",
    "combatant2a", "combatant3a", "combatant1b", "combatant2b", "combatant3b",
    "combatant1c", "combatant2c", "combatant3c", "combatant1d", "combatant2d", "combatant3d",
    "commander1", "commander2", "commander3", "units1", "units2", "units3",
    "strength1", "strength2", "strength3", "polstrength1", "polstrength2", "polstrength3",
    "milstrength1", "milstrength2", "milstrength3", "casualties1", "casualties2",
    "casualties3", "notes", "campaignbox",
]  # fmt: skip


@dataclass
class InfoboxField:
    """One parameter: its name, its value as written and as rendered lines."""

    name: str
    raw: str
    lines: list[Line] = field(default_factory=list)


class BrokenTemplate(ValueError):
    """The page names the infobox but the template is not well formed."""


def find_infobox(code: Wikicode, text: str) -> Template | None:
    """The page's first Infobox military conflict, or None when the page has none.

    Raises BrokenTemplate when the text opens the template but the parser finds no
    template there (an unclosed ``{{``, a stray ``}}`` inside a parameter)."""
    for template in code.filter_templates(recursive=True):
        if normalise_name(str(template.name)) in INFOBOX_NAMES:
            return template
    found = MENTION.search(text)
    if found is not None:
        line = text.count("\n", 0, found.start()) + 1
        raise BrokenTemplate(
            f"{{{{{found.group(0).strip('{|').strip()}}}}} on line {line} is not closed "
            "(no matching '}}')"
        )
    return None


def ordered_parameters(infobox: Template) -> list[tuple[str, Wikicode]]:
    """The parameters in display order; a repeated parameter counts once (the last, as
    MediaWiki takes it)."""
    values: dict[str, Wikicode] = {}
    for parameter in infobox.params:
        values[str(parameter.name).strip()] = parameter.value
    rank = {name: index for index, name in enumerate(DISPLAY_ORDER)}
    written = list(values)
    ordered = sorted(written, key=lambda name: (rank.get(name, len(rank)), written.index(name)))
    return [(name, values[name]) for name in ordered]


def render_infobox(infobox: Template, renderer: Renderer) -> list[InfoboxField]:
    """Every non-empty parameter rendered into lines, numbering references on the way."""
    fields = []
    for name, value in ordered_parameters(infobox):
        raw = str(value).strip()
        if not raw:
            continue
        renderer.out = LineBuilder()
        lines = renderer.lines(mwparserfromhell.parse(raw))
        fields.append(InfoboxField(name, raw, _split_headings(lines)))
    return fields


def _split_headings(lines: list[Line]) -> list[Line]:
    """A bold heading that opens a line ("'''Native Allies:''' 13,000") on a line of its
    own, as it is read; blank lines and lines of punctuation only are dropped."""
    result: list[Line] = []
    for line in lines:
        if not re.search(r"\w", line.text) and not line.markers:
            continue
        heading = line.bold[0] if line.bold else ""
        if heading.endswith(":") and line.text.startswith(heading) and line.text != heading:
            cut = len(heading)
            result.append(Line(text=heading, bold=[heading], bullet=line.bullet))
            rest = line.text[cut:]
            shift = len(rest) - len(rest.lstrip())
            line.text = rest.strip()
            line.markers = [(end - cut - shift, ref) for end, ref in line.markers]
            line.bold = line.bold[1:]
        result.append(line)
    return result
