r"""A linear-time check of untrusted SPARQL text: a tokenizer that refuses SERVICE, FROM
and updates, and nesting deeper than an engine can take, before any parser sees it.

rdflib's parser is super-linear on long lists (`FILTER(?o IN (0, ..., 4999))` takes
seconds) and recursive (a few dozen nested groups fail with a misleading error), while
pyoxigraph runs such queries in milliseconds (figures in docs/decisions.md). So the
queries that pyoxigraph runs are checked here instead, in one pass, and pyoxigraph's own
parser gives the syntax verdict (`sparql.oxigraph_error`).

The scan reads the text `sparql.expand` made (`\u` escapes expanded once, lone carriage
returns made line feeds: the text the engine runs), and splits it as the SPARQL grammar
does into comments, strings, IRIs, numbers, variables, names and punctuation. Keywords
are only looked for in names, never inside an IRI, a string or a comment. Where the scan
could read a name longer than the grammar would, it could hide a keyword; so names are
read no longer than the grammar allows, and a name is taken for SERVICE or FROM as soon
as it *starts* with one (pyoxigraph reads `SERVICEex:y` as `SERVICE ex:y`). The price is
refusing a prefix such as `fromage:`; the message says which word was refused. A prefix
that is exactly `from:` or `service:` is allowed unless the query also uses the empty
prefix, the only way `from:x` could be read as `FROM :x`.

pyoxigraph crashes (stack overflow) on a few thousand nested brackets and slows down
sharply on deeply nested blank nodes, so nesting is limited to MAX_NESTING.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

from warkg.errors import InputError

MAX_NESTING = 64
"""Deepest nesting of `{`, `(` and `[` together that a query may have."""

_UPDATE_KEYWORDS = frozenset(
    ("LOAD", "CLEAR", "DROP", "CREATE", "ADD", "MOVE", "COPY", "INSERT", "DELETE", "WITH")
)
_FORMS = frozenset(("SELECT", "CONSTRUCT", "DESCRIBE", "ASK"))

# The grammar's terminals (SPARQL 1.1, section 19.8), each read no further than it allows,
# in one pattern so that the regular-expression engine, not Python, walks the text; space
# and comments are skipped in front of every token.
_LOCAL_CHAR = r"(?:[\w\-:]|%[0-9A-Fa-f]{2}|\\[_~.\-!$&'()*+,;=/?#@%])"
_LOCAL = rf"{_LOCAL_CHAR}(?:(?:{_LOCAL_CHAR}|\.)*{_LOCAL_CHAR})?"
_PREFIX = r"[^\W\d_](?:[\w.\-]*[\w\-])?"
_TOKEN = re.compile(
    r"(?:[ \t\n\r]+|#[^\n\r]*)*+(?:"
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*')"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<number>[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?)"
    r"|(?P<variable>[?$]\w*)"
    r"|(?P<language>@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*)"
    r"|(?P<blank>_:\w(?:[\w.\-]*[\w\-])?)"
    rf"|(?P<name>{_PREFIX}(?::(?:{_LOCAL})?)?|:(?:{_LOCAL})?)"
    r"|(?P<open>[{(\[])"
    r"|(?P<close>[})\]])"
    r"|(?P<punct>[^\w\s\"'<{}()\[\]#?$@:.]+|.)"
    r"|(?P<end>\Z))",
    re.DOTALL,
)
# The same terminals for `scan`, which needs only names, variables, brackets and
# unterminated quotes: everything else (space, comments, strings, IRIs, numbers, language
# tags, blank nodes, punctuation) is skipped inside the pattern by a possessive loop (no
# backtracking into it), in the order _TOKEN tries them, so Python sees fewer tokens.
# Every character the loop leaves starts one of the groups after it (or is the end), so
# no match attempt fails and restarts further on.
_INTERESTING = re.compile(
    r"(?:[ \t\n\r]+|#[^\n\r]*"
    r'|"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n\r]|\\.)*"'
    r"|'(?:[^'\\\n\r]|\\.)*'"
    r"|<[^<>\"{}|^`\\\x00-\x20]*>"
    r"|[0-9]+(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|\.[0-9]+(?:[eE][+-]?[0-9]+)?"
    r"|@[a-zA-Z]+(?:-[a-zA-Z0-9]+)*"
    r"|_:\w(?:[\w.\-]*[\w\-])?"
    r"|[^\w\s\"'<{}()\[\]#?$@:.]+|[<.@\s]|[\d_])*+"
    rf"(?:(?P<name>{_PREFIX}(?::(?:{_LOCAL})?)?|:(?:{_LOCAL})?)"
    r"|(?P<variable>[?$]\w*)"
    r"|(?P<open>[{(\[])"
    r"|(?P<close>[})\]])"
    r"|(?P<quote>[\"'])"
    r"|(?P<end>\Z))",
    re.DOTALL,
)


@dataclass(frozen=True)
class Scan:
    """What the scan found: the query form (SELECT, ASK, CONSTRUCT, DESCRIBE), whether
    a VALUES block follows the query's WHERE clause and, for `SELECT *`, every variable
    in the order it first appears (pyoxigraph projects `*` in its own order; the library
    promises the order of first appearance)."""

    form: str
    has_values_clause: bool
    star_order: tuple[str, ...] = ()


def in_order(variables: tuple[str, ...], star_order: tuple[str, ...]) -> tuple[str, ...]:
    """`variables` (an engine's projection) in `star_order` where that is given."""
    if not star_order:
        return variables
    rank = {name: index for index, name in enumerate(star_order)}
    return tuple(sorted(variables, key=lambda name: rank.get(name, len(rank))))


class _Token(NamedTuple):
    kind: str  # a group name of _TOKEN: "name", "iri", "variable", "open", "punct", ...
    text: str
    start: int


def tokens(text: str, error) -> list[_Token]:
    """The tokens of `text` (comments and space skipped); `error(offset, reason)` makes
    the InputError for a string that does not end."""
    found = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup
        if kind == "end":  # after trailing space or a comment
            break
        value = match.group(kind)
        if kind == "punct" and value in "\"'":
            raise error(match.start(kind), "syntax error: a string that does not end")
        found.append(_Token(kind, value, match.start(kind)))
    return found


def _refused_keyword(token: _Token) -> str | None:
    """SERVICE or FROM if the name `token` is, or starts with, that keyword."""
    if token.kind != "name":
        return None
    upper = token.text.upper()
    for keyword in ("SERVICE", "FROM"):
        if upper.startswith(keyword):
            return keyword
    return None


def _shown(found: list[_Token], index: int) -> str:
    """What follows a refused keyword, as written, for the message (`<iri>`, `ex:y`)."""
    token = found[index]
    keyword = _refused_keyword(token) or ""
    rest = token.text[len(keyword) :]
    if rest:
        return rest
    following = found[index + 1 : index + 3]
    if following and following[0].text.upper() in ("SILENT", "NAMED") and len(following) > 1:
        following = following[1:]
    return following[0].text if following else ""


def _update_kinds(found: list[_Token]) -> list[str]:
    """The update operations at the top level, in the words rdflib used for them."""
    kinds, expect_operation, depth = [], True, 0
    for index, token in enumerate(found):
        if token.kind == "open":
            depth += 1
        elif token.kind == "close":
            depth -= 1
        elif token.kind == "punct" and token.text == ";" and depth == 0:
            expect_operation = True
        elif token.kind == "name" and depth == 0 and expect_operation:
            word = token.text.upper()
            if word in ("PREFIX", "BASE") or word.endswith(":"):
                continue
            if word in _UPDATE_KEYWORDS:
                following = found[index + 1].text.upper() if index + 1 < len(found) else ""
                if word in ("INSERT", "DELETE") and following in ("DATA", "WHERE"):
                    kinds.append(f"{word} {following}")
                elif word in ("INSERT", "DELETE", "WITH"):
                    kinds.append("MODIFY")
                else:
                    kinds.append(word)
            expect_operation = False
    return list(dict.fromkeys(kinds))


_STAR = re.compile(r"\s*(?:(?:DISTINCT|REDUCED)\s+)?\*", re.IGNORECASE)


def _refuse(text: str, name: str, start: int, error) -> InputError:
    """The refusal of the SERVICE or FROM whose name token begins at `start`."""
    found = tokens(text[start:], error)
    keyword = _refused_keyword(found[0])
    if keyword == "SERVICE":
        return InputError(
            f"{name}: refusing SERVICE {_shown(found, 0)}: a query may not call "
            "other servers unless you pass --allow-remote"
        )
    following = found[1].text.upper() if len(found) > 1 else ""
    shown = "FROM NAMED" if following == "NAMED" else "FROM"
    return InputError(
        f"{name}: refusing {shown} {_shown(found, 0)}: a query may not fetch data "
        "unless you pass --allow-remote"
    )


def _names_remote(word: str) -> bool:
    """A name taken for SERVICE or FROM: it is, or starts with, one of them."""
    return word[0] in "sSfF" and word[:7].upper().startswith(("SERVICE", "FROM"))


def _keyword_prefix(word: str) -> bool:
    """Whether `word` is a prefixed name whose prefix is exactly SERVICE or FROM
    (`from:x`, `service:`). An engine could read it as the keyword only if `:` then began
    a name of the empty prefix, so it is refused only where the query uses that prefix
    (none is predeclared)."""
    prefix, colon, _ = word.partition(":")
    return bool(colon) and prefix.upper() in ("SERVICE", "FROM")


def may_name_remote(text: str) -> bool:
    """Whether expanded `text` may hold a SERVICE or FROM clause: a name that is or
    starts with one (as `scan` refuses them), or a string that does not end, after which
    the tokens cannot be trusted. False means the words occur, if at all, only inside
    IRIs, strings, comments and longer names (`prov:wasDerivedFrom`), where no parser
    reads them as keywords; `validation.refuse_remote_sparql` then spares rdflib's
    parse of a shape's text."""
    for match in _INTERESTING.finditer(text):
        kind = match.lastgroup
        if kind == "name":
            if _names_remote(match.group(kind)):
                return True
        elif kind == "quote":
            return True
        elif kind == "end":
            break
    return False


def scan(text: str, name: str, error, *, allow_remote: bool = False) -> Scan:
    """Check expanded query `text` in one pass; InputError (via `error(offset, reason)`
    where a position helps) for an update, SERVICE or FROM (unless `allow_remote`), or
    nesting deeper than MAX_NESTING. The syntax is left to the engine's parser.

    One loop over the pattern's matches, doing as little as it can per token: a query
    up to the server's request limit is tens of thousands of tokens."""
    depth, form, form_end, values_at_top = 0, None, 0, False
    variables: list[str] = []
    keyword_prefixes: list[int] = []  # where `from:`/`service:` names start
    empty_prefix = False  # whether the text has a name `:` or `:x`
    for match in _INTERESTING.finditer(text):
        kind = match.lastgroup
        if kind == "name":
            word = match.group(kind)
            if word[0] == ":":
                empty_prefix = True
            elif not allow_remote and _names_remote(word):
                if not _keyword_prefix(word):
                    raise _refuse(text, name, match.start(kind), error)
                keyword_prefixes.append(match.start(kind))
            if depth == 0:
                upper = word.upper()
                if form is None:
                    if upper in _FORMS:
                        form, form_end = upper, match.end()
                    elif upper in _UPDATE_KEYWORDS:
                        break
                elif upper == "VALUES":
                    values_at_top = True
        elif kind == "open":
            depth += 1
            if depth > MAX_NESTING:
                raise error(
                    match.start(kind),
                    f"nesting deeper than {MAX_NESTING} brackets ({{, ( and [ together), "
                    "the limit on a query; flatten the query",
                )
        elif kind == "close":
            if depth:
                depth -= 1
        elif kind == "variable":
            variables.append(match.group(kind))
        elif kind == "quote":
            raise error(match.start(kind), "syntax error: a string that does not end")
        elif kind == "end":
            break
    if keyword_prefixes and empty_prefix:
        raise _refuse(text, name, keyword_prefixes[0], error)
    if form is None and (kinds := _update_kinds(tokens(text, error))):
        raise InputError(
            f"{name}: refusing a SPARQL update ({', '.join(kinds)}): queries are read-only"
        )
    star_order: tuple[str, ...] = ()
    if form == "SELECT" and _STAR.match(text, form_end):
        star_order = tuple(dict.fromkeys(v[1:] for v in variables))
    return Scan(form or "", values_at_top, star_order)
