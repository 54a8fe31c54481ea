"""Where a Turtle text has comments, which canonical form cannot keep.

`warkg fmt` rewrites a file from its graph, and a comment is not part of the graph, so
it would be lost without a word; `fmt` refuses such a file unless told `--force`. A
`#` starts a comment only outside IRIs and string literals, so this is a small scanner
over those, not a search for `#`.
"""

from __future__ import annotations


def first_comment(text: str) -> tuple[int, int] | None:
    """The 1-based line and column of the first comment in Turtle `text`, or None."""
    i, line, n = 0, 1, len(text)
    while i < n:
        char = text[i]
        if char == "\n":
            line += 1
        elif char == "#":
            return line, i - text.rfind("\n", 0, i)
        elif char == "<":
            # an IRI (no spaces or newlines in one); `<` elsewhere is not Turtle anyway
            end = i + 1
            while end < n and text[end] not in "> \n":
                end += 1
            if end < n and text[end] == ">":
                i = end
        elif char in "\"'":
            quote = text[i : i + 3] if text[i : i + 3] == char * 3 else char
            i += len(quote)
            while i < n and not text.startswith(quote, i):
                if text[i] == "\\":
                    i += 1
                elif text[i] == "\n":
                    line += 1
                i += 1
            i += len(quote)
            continue
        i += 1
    return None
