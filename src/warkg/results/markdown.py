"""The `markdown` format: a GitHub-flavoured Markdown table for people."""

from __future__ import annotations

import re

from warkg.rdf.terms import display_compact
from warkg.results.model import Result, column_is_numeric

# What Markdown (GitHub's flavour included) gives a meaning to inside a table cell:
# the cell separator, backslash escapes, code, emphasis and strikethrough, links and
# images (brackets), raw HTML and autolinks (angle brackets), entities (&) and maths ($).
_MARKDOWN_SIGNIFICANT = re.compile(r"([\\|`*_\[\]<>&~$])")


def _markdown_cell(text: str) -> str:
    """`text` on one line, each Markdown- or HTML-significant character backslash-escaped,
    so a value reads as the text it is: `<b>` is not bold, `[l](http://e)` is not a link.
    (A bare URL may still be linked by renderers that autolink; its text is its target.)"""
    return _MARKDOWN_SIGNIFICANT.sub(r"\\\1", " ".join(text.split()))


def format_markdown(result: Result) -> str:
    """A GitHub-flavoured Markdown table; IRIs shortened, significant characters escaped."""
    header = [_markdown_cell(v) for v in result.variables]
    lines = [
        "| " + " | ".join(header) + " |",
        "|"
        + "|".join("---:" if column_is_numeric(result, v) else "---" for v in result.variables)
        + "|",
    ]
    for row in result.rows:
        cells = (_markdown_cell(display_compact(row.get(v))) for v in result.variables)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"
