"""Parse a query before any engine sees it, and refuse what could reach the network.

rdflib runs SERVICE against any URL and fetches `FROM <uri>`; pyoxigraph and the
Oxigraph server run SERVICE too; none of them can be told not to. So every query, stored
or ad hoc, is parsed here with rdflib's parser first: syntax errors become
`NAME:LINE:COLUMN: reason`, updates (LOAD, INSERT, DROP, ...) are always refused, and
SERVICE and FROM / FROM NAMED are refused unless the caller allows remote access.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from pyparsing import ParseBaseException, ParseResults
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery, parseUpdate
from rdflib.plugins.sparql.parserutils import CompValue
from rdflib.plugins.sparql.sparql import Query
from rdflib.term import Variable

from warkg.errors import InputError
from warkg.namespaces import PREFIXES

_PARSER_POSITION = re.compile(r"\s*\(at char \d+\), \(line:\d+, col:\d+\)\s*$")
_UNKNOWN_PREFIX = re.compile(r"Unknown namespace prefix\s*:\s*(\S*)")


@dataclass(frozen=True)
class PreparedQuery:
    """A query that passed the checks: its text, rdflib's translation (which the rdflib
    backend runs as is), the query form and the SELECT variables in order."""

    text: str
    query: Query
    form: str
    variables: tuple[str, ...]
    has_values_clause: bool


def _field(node: CompValue, key: str) -> object:
    """A parse-tree field or None (CompValue.get returns the key itself when absent)."""
    return dict.get(node, key)


def _position(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


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


def _syntax_error(text: str, name: str, error: ParseBaseException) -> InputError:
    reason = _PARSER_POSITION.sub("", str(error)) or "syntax error"
    line, column = _position(text, error.loc)
    return InputError.at(name, line, column, f"syntax error: {reason}")


def _refuse_update(text: str, name: str) -> None:
    """If `text` is a SPARQL update, refuse it (and say which operation it is)."""
    try:
        update = parseUpdate(text)
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

    Our prefixes (namespaces.PREFIXES) are predeclared; the query's own PREFIX lines win.
    Each text is prepared once per process and kept (the result is immutable, and rdflib
    evaluates a translated query again as `prepareQuery` intends): parsing costs 3-17 ms,
    more than running most stored queries on pyoxigraph (benchmarks/README.md)."""
    try:
        parsed = parseQuery(text)
    except ParseBaseException as error:
        _refuse_update(text, name)
        raise _syntax_error(text, name, error) from None
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
            found = re.search(rf"(?<![\w.:-]){re.escape(prefix)}:", text)
            if found:
                line, column = _position(text, found.start())
                raise InputError.at(name, line, column, f"unknown prefix {prefix}:") from None
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
        text=text,
        query=query,
        form=form,
        variables=variables,
        has_values_clause=_field(body, "valuesClause") is not None,
    )
