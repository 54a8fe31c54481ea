r"""Parse a query before any engine sees it, and refuse what could reach the network.

rdflib runs SERVICE against any URL and fetches `FROM <uri>`; pyoxigraph and the
Oxigraph server run SERVICE too; none of them can be told not to. So every query, stored
or ad hoc, is parsed here with rdflib's parser first: syntax errors become
`NAME:LINE:COLUMN: reason`, updates (LOAD, INSERT, DROP, ...) are always refused, and
SERVICE and FROM / FROM NAMED are refused unless the caller allows remote access.

The check is only worth anything if every engine runs exactly the text that was checked.
The engines do not read raw text alike: rdflib (as SPARQL 1.1 section 19.2 says) expands
`\uXXXX` / `\UXXXXXXXX` escapes everywhere before parsing, pyoxigraph only inside strings
and IRIs, so an escaped line feed could end a comment for one and not the other; and
pyoxigraph ends a comment at a carriage return, rdflib only at a line feed. So `prepare`
expands the escapes itself, turns a lone carriage return into a line feed, parses that
text without expanding it again, and hands it on as `PreparedQuery.text`: the backends and
the server run that text (or rdflib's translation of it), never the one they were given.
Positions in messages are still counted in the text as written.
"""

from __future__ import annotations

import bisect
import functools
import re
import threading
from dataclasses import dataclass

from pyparsing import ParseBaseException, ParserElement, ParseResults
from rdflib.plugins.sparql import parser as rdflib_parser
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Variable

from warkg.errors import InputError
from warkg.rdf.namespaces import PREFIXES
from warkg.sparql import scan as sparql_scan

_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S*)")
_ESCAPE = re.compile(r"\\(?:u([0-9A-Fa-f]{4})|U([0-9A-Fa-f]{8}))")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_LONE_CR = re.compile(r"\r(?!\n)")
_TOKEN = re.compile(r"""[\w?$:.-]+|<[^\s<>]{0,60}>?|"{1,3}|'{1,3}|\S""")
_OXIGRAPH_ERROR = re.compile(r"^error at (\d+):(\d+): (.*)$", re.DOTALL)
_OXIGRAPH_ITEM = re.compile(r"""\s*("(?:[^"\\]|\\.)*"|\[(?:'[^']*'|[^\]'])*\]|[^,]+)\s*(?:,|$)""")


@dataclass(frozen=True)
class Source:
    """A query as written and as the engines run it (escapes expanded, lone carriage
    returns made line feeds), with the way back from an offset in one to the other."""

    written: str
    text: str
    starts: tuple[int, ...] = ()
    """Offset in `text` of each character an escape became ..."""
    written_spans: tuple[tuple[int, int], ...] = ()
    """... and where that escape is in `written`."""

    def written_offset(self, offset: int) -> int:
        """The offset in `written` of the character at `offset` in `text`."""
        index = bisect.bisect_right(self.starts, offset) - 1
        if index < 0:
            return offset
        start, (escape_start, escape_end) = self.starts[index], self.written_spans[index]
        return escape_start if offset == start else escape_end + offset - start - 1

    def position(self, offset: int) -> tuple[int, int]:
        """1-based line and column in `written` of `offset` in `text`, lines ending at a
        line feed, a carriage return or both, as editors count them."""
        at = self.written_offset(offset)
        line, line_start = 1, 0
        for found in _LINE_BREAK.finditer(self.written, 0, at):
            line, line_start = line + 1, found.end()
        return line, at - line_start + 1

    def error(self, name: str, offset: int, reason: str) -> InputError:
        line, column = self.position(offset)
        return InputError.at(name, line, column, reason)


def expand(written: str, name: str = "query") -> Source:
    r"""`written` with its codepoint escapes expanded once, as SPARQL 1.1 section 19.2
    says, and lone carriage returns turned into line feeds; InputError for an escape that
    names no character, or one that leaves another escape behind (`\u005Cu0053`), which an
    engine that expands again would read as a different query."""
    parts: list[str] = []
    starts: list[int] = []
    spans: list[tuple[int, int]] = []
    done = length = 0
    for escape in _ESCAPE.finditer(written):
        code = int(escape.group(1) or escape.group(2), 16)
        source = Source(written, written)
        if code > 0x10FFFF or 0xD800 <= code <= 0xDFFF:
            raise source.error(
                name, escape.start(), f"syntax error: {escape.group(0)} is not a character"
            )
        before = written[done : escape.start()]
        parts += [before, chr(code)]
        length += len(before)
        starts.append(length)
        spans.append(escape.span())
        length += 1
        done = escape.end()
    parts.append(written[done:])
    source = Source(written, _LONE_CR.sub("\n", "".join(parts)), tuple(starts), tuple(spans))
    if again := _ESCAPE.search(source.text):
        raise source.error(
            name,
            again.start(),
            f"syntax error: an escaped backslash followed by {again.group(0)[1:]!r} reads as a "
            "second escape to engines that expand escapes again; write the character itself",
        )
    return source


@dataclass(frozen=True)
class PreparedQuery:
    """A query that passed the checks: the text every engine must run (`source.text`,
    also `text`), rdflib's translation of that same text (which the rdflib backend runs
    as is), the query form and the SELECT variables in order.

    From `check`, `query` is None, `form` empty if the scan found none (pyoxigraph then
    says why) and `variables` only the order for `SELECT *`, empty otherwise: pyoxigraph's
    answer names the variables (see `sparql_scan.in_order`)."""

    text: str
    query: Query | None
    form: str
    variables: tuple[str, ...]
    has_values_clause: bool
    source: Source | None = None

    def oxigraph_error(self, error: SyntaxError, name: str = "query") -> InputError:
        """pyoxigraph's SyntaxError about `text`, which rdflib accepted, as one
        `NAME:LINE:COLUMN: reason` line (see `oxigraph_error`)."""
        return oxigraph_error(error, self.source or Source(self.text, self.text), name)


def _field(node: CompValue, key: str) -> object:
    """A parse-tree field or None (CompValue.get returns the key itself when absent)."""
    return dict.get(node, key)


def _walk(node: object):
    """Every CompValue in a parse tree, depth first in document order."""
    if isinstance(node, CompValue):
        yield node
        for value in node.values():
            yield from _walk(value)
    elif isinstance(node, ParseResults | list | tuple):
        for item in node:
            yield from _walk(item)


def _variables_in_order(node: object):
    if isinstance(node, Variable):
        yield node
    elif isinstance(node, CompValue):
        for value in node.values():
            yield from _variables_in_order(value)
    elif isinstance(node, ParseResults | list | tuple):
        for item in node:
            yield from _variables_in_order(item)


# ---- syntax errors ----------------------------------------------------------------------

_TRACKING = threading.Lock()


@functools.cache
def _grammar() -> tuple[ParserElement, ...]:
    """Every element of rdflib's query grammar (about 1,300), comment skipping included."""
    seen: dict[int, ParserElement] = {}
    stack: list[ParserElement] = [rdflib_parser.Query]
    while stack:
        element = stack.pop()
        if id(element) in seen:
            continue
        seen[id(element)] = element
        stack += getattr(element, "exprs", None) or []
        stack += getattr(element, "ignoreExprs", None) or []
        if isinstance(inner := getattr(element, "expr", None), ParserElement):
            stack.append(inner)
    return tuple(seen.values())


def furthest_failure(text: str) -> int | None:
    """The offset in `text` up to which rdflib's grammar could still read it as the start
    of a query: where the first thing it cannot read begins.

    pyparsing reports where the alternative it tried last gave up, which after an
    optional or repeated part is often far back (`Expected SelectQuery` at the start of
    the line of a FILTER whose closing parenthesis is misplaced). So the query is parsed
    once more, on the error path only, with every grammar element recording how far it
    got; rdflib's grammar is shared, so this runs under a lock and restores it after."""
    furthest = -1
    thread = threading.get_ident()

    def record(_text: str, _start: int, _element: ParserElement, error: Exception) -> None:
        nonlocal furthest
        if threading.get_ident() == thread and isinstance(error, ParseBaseException):
            furthest = max(furthest, error.loc)

    with _TRACKING:
        elements = _grammar()
        saved = [element.failAction for element in elements]
        try:
            for element in elements:
                element.failAction = record
            rdflib_parser.Query.parse_string(text, parse_all=True)
        except ParseBaseException as error:
            furthest = max(furthest, error.loc)
        except Exception:  # a parse action failed: no position to add
            pass
        finally:
            for element, action in zip(elements, saved, strict=True):
                element.failAction = action
    return furthest if furthest >= 0 else None


def _at_the_end(text: str, offset: int) -> int:
    """An error past the last token is shown just after it, not on a blank last line."""
    return len(text.rstrip()) if not text[offset:].strip() else offset


def _unexpected(text: str, offset: int) -> str:
    """`unexpected ')'`, `unexpected 'LIMT'` or `unexpected end of query`."""
    if offset >= len(text) or not text[offset:].strip():
        return "unexpected end of query"
    token = _TOKEN.match(text, offset)
    return f"unexpected {token.group(0) if token else text[offset]!r}"


def _syntax_error(source: Source, name: str, error: Exception) -> InputError:
    offset = furthest_failure(source.text)
    if offset is None:
        offset = getattr(error, "loc", None)
    if offset is None:
        return InputError(f"{name}: syntax error: {error}")
    reason = f"syntax error: {_unexpected(source.text, offset)}"
    return source.error(name, _at_the_end(source.text, offset), reason)


def _oxigraph_reason(detail: str) -> str:
    """pyoxigraph's `expected one of ...` list, which mixes the tokens it expected with
    its own messages and long character classes, cut to what a person can use: its
    messages if it has any, else the first few tokens."""
    listed = detail.removeprefix("expected one of ").removeprefix("expected ")
    items = [found.group(1).strip() for found in _OXIGRAPH_ITEM.finditer(listed)]
    items = [item for item in items if item]
    sentences = [i for i in items if " " in i and not i.startswith(('"', "["))]
    if sentences:
        return "; ".join(sentences)
    tokens = [i for i in items if not i.startswith("[")] or ["another character"]
    shown = ", ".join(tokens[:6]) + (", ..." if len(tokens) > 6 else "")
    return f"expected {'one of ' if len(tokens) > 1 else ''}{shown}"


def oxigraph_error(error: SyntaxError, source: Source, name: str = "query") -> InputError:
    """A pyoxigraph SyntaxError (`error at LINE:COLUMN: expected one of ...`, often
    thousands of characters) about `source.text` as one `NAME:LINE:COLUMN: reason` line,
    the position counted in the text as written. pyoxigraph reports how far it read,
    which after a keyword it was trying can be a few characters past the mistake."""
    found = _OXIGRAPH_ERROR.match(str(error))
    if not found:
        return InputError(f"{name}: pyoxigraph rejects the query: {error}")
    line, column = int(found.group(1)), int(found.group(2))
    starts = [0] + [m.end() for m in re.finditer("\n", source.text)]
    offset = starts[min(line, len(starts)) - 1] + column - 1
    reason = _oxigraph_reason(" ".join(found.group(3).split()))
    offset = _at_the_end(source.text, min(offset, len(source.text)))
    return source.error(name, offset, f"syntax error (pyoxigraph): {reason}")


# ---- checks -----------------------------------------------------------------------------


def _refuse_update(text: str, name: str) -> None:
    """If `text` is a SPARQL update, refuse it (and say which operation it is)."""
    try:
        update = rdflib_parser.UpdateUnit.parse_string(text, parse_all=True)[0]
    except ParseBaseException:
        return
    operations = [op.name for op in (update.request or [])]
    if operations:
        kinds = ", ".join(dict.fromkeys(re.sub(r"(?<!^)(?=[A-Z])", " ", k) for k in operations))
        raise InputError(
            f"{name}: refusing a SPARQL update ({kinds.upper()}): queries are read-only"
        )


@functools.lru_cache(maxsize=256)
def prepare(text: str, name: str = "query", *, allow_remote: bool = False) -> PreparedQuery:
    """Parse and check `text`; InputError (one line, with line:column where known) if it
    does not parse, is an update, or would reach out (SERVICE, FROM) without permission.

    The text is first expanded (see `expand`) and only the expanded text is parsed:
    callers must run `PreparedQuery.text` (or `.query`), never `text`.
    Our prefixes (namespaces.PREFIXES) are predeclared; the query's own PREFIX lines win.
    Each text is prepared once per process and kept (the result is immutable, and rdflib
    evaluates a translated query again as `prepareQuery` intends): parsing costs more
    than running most stored queries on pyoxigraph."""
    source = expand(text, name)
    try:
        # The grammar itself, not rdflib's parseQuery, which would expand escapes again.
        parsed = rdflib_parser.Query.parse_string(source.text, parse_all=True)
    except Exception as error:  # pyparsing, or a parse action giving up
        _refuse_update(source.text, name)
        raise _syntax_error(source, name, error) from None
    body = parsed[1]
    if not allow_remote:
        for node in _walk(parsed):
            if node.name == "ServiceGraphPattern":
                term = _field(node, "term")
                if isinstance(term, CompValue):  # a prefixed name, not yet expanded
                    shown = f"{_field(term, 'prefix') or ''}:{_field(term, 'localname') or ''}"
                else:
                    shown = term.n3() if hasattr(term, "n3") else str(term)
                raise InputError(
                    f"{name}: refusing SERVICE {shown}: a query may not call other servers "
                    "unless you pass --allow-remote"
                )
        for clause in _field(body, "datasetClause") or []:
            named = _field(clause, "named")
            keyword, iri = ("FROM NAMED", named) if named else ("FROM", _field(clause, "default"))
            raise InputError(
                f"{name}: refusing {keyword} <{iri}>: a query may not fetch data "
                "unless you pass --allow-remote"
            )
    try:
        query = translateQuery(parsed, initNs=PREFIXES)
    except Exception as error:  # rdflib raises bare Exception for unknown prefixes
        message = str(error)
        if match := _UNKNOWN_PREFIX.search(message):
            prefix = match.group(1)
            found = re.search(rf"(?<![\w.:-]){re.escape(prefix)}:", source.text)
            if found:
                raise source.error(name, found.start(), f"unknown prefix {prefix}:") from None
            raise InputError(f"{name}: unknown prefix {prefix}:") from None
        raise InputError(f"{name}: cannot translate the query: {message}") from None
    form = body.name.removesuffix("Query").upper()
    variables: tuple[str, ...] = ()
    if form == "SELECT":
        projected = [str(v) for v in query.algebra["PV"]]
        if _field(body, "projection") is None:  # SELECT *: order of first appearance
            seen = dict.fromkeys(str(v) for v in _variables_in_order(_field(body, "where")))
            projected = [v for v in seen if v in projected] + [
                v for v in projected if v not in seen
            ]
        variables = tuple(projected)
    return PreparedQuery(
        text=source.text,
        query=query,
        form=form,
        variables=variables,
        has_values_clause=_field(body, "valuesClause") is not None,
        source=source,
    )


# ---- the linear-time check, for the queries pyoxigraph runs ----------------------------------


@functools.lru_cache(maxsize=256)
def check(text: str, name: str = "query", *, allow_remote: bool = False) -> PreparedQuery:
    """`text` expanded and checked in one linear pass (`sparql_scan`): updates, SERVICE and
    FROM (unless allowed) and over-deep nesting refused; the syntax is left to pyoxigraph,
    whose errors `PreparedQuery.oxigraph_error` words. Untrusted queries that pyoxigraph
    runs come here rather than to rdflib's parser (`prepare`), which is super-linear.
    Kept per text, as `prepare` is (stored queries come back again and again)."""
    source = expand(text, name)
    found = sparql_scan.scan(
        source.text,
        name,
        lambda offset, reason: source.error(name, offset, reason),
        allow_remote=allow_remote,
    )
    return PreparedQuery(
        source.text, None, found.form, found.star_order, found.has_values_clause, source
    )
