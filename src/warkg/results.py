"""Query results and the formats they are written in.

A `Result` is the SELECT variables in order and the rows, each a dict from variable to
an rdflib term (None where unbound), whichever backend produced it, so results compare
equal across backends. Formats: an aligned plain-text table and Markdown for people
(IRIs shortened with our prefixes), and CSV, TSV and JSON as the SPARQL 1.1 Query
Results specifications define them for programs.

Rows hold rdflib terms, or, from `warkg.quick_query` (the command line's way to a stored
query without rdflib), pyoxigraph terms of the datatypes it keeps; every format writes
the two alike (`parts`), which tests/test_quick_query.py checks term by term.
"""

from __future__ import annotations

import csv
import functools
import io
import json
import re
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph

from warkg.errors import InputError
from warkg.rdf.prefixes import PREFIXES

if TYPE_CHECKING:
    from rdflib import Literal
    from rdflib.term import Node

Row = dict[str, "Node | Any | None"]

_XSD = PREFIXES["xsd"]
_XSD_STRING = _XSD + "string"
_LANG_STRING = PREFIXES["rdf"] + "langString"

FORMATS = ("table", "csv", "tsv", "json", "markdown")

_INTEGER_ITEM = re.compile(r"^[+-]?[0-9]+$")
_LOCAL_NAME = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.-]*$")
_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")  # BCP 47, as RDF 1.1 asks
_VARIABLE = re.compile(r"^[A-Za-z0-9_\u00b7\u00c0-\ufffd]+$")  # SPARQL VARNAME, loosely
_NUMERIC = {
    _XSD + name
    for name in (
        *("integer", "decimal", "double", "float", "positiveInteger", "nonNegativeInteger"),
        *("negativeInteger", "nonPositiveInteger", "long", "int", "short", "byte"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
}
# Longest namespace first, so claim:x wins over id:claim/x.
_NAMESPACES = sorted(((ns, p) for p, ns in PREFIXES.items()), key=lambda item: -len(item[0]))


@dataclass
class Result:
    """SELECT results: `variables` in projection order and `rows` (dicts of rdflib terms,
    None where unbound). Iterating a Result iterates its rows."""

    variables: tuple[str, ...]
    rows: list[Row] = field(default_factory=list)

    def __iter__(self) -> Iterator[Row]:
        return iter(self.rows)

    def __len__(self) -> int:
        return len(self.rows)


def normalise_lists(result: Result, columns: Sequence[str], *, empty: Any = None) -> Result:
    """Sort the items of space-separated list columns (GROUP_CONCAT leaves their order to
    the engine): numerically when every item is an integer, else as text. An empty list
    is "" on every backend (rdflib gives "", Oxigraph leaves the aggregate unbound):
    `empty`, an rdflib Literal("") unless given (`quick_query` gives pyoxigraph's)."""
    columns = [c for c in columns if c in result.variables]
    if not columns:
        return result
    rows = []
    for row in result.rows:
        row = dict(row)
        for column in columns:
            value = row.get(column)
            if value is None:
                row[column] = _empty_list() if empty is None else empty
            elif isinstance(value, pyoxigraph.Literal):
                row[column] = _sorted_oxigraph_list(value)
            elif _kind(value) == "literal":
                row[column] = _sorted_list(value)
        rows.append(row)
    return Result(result.variables, rows)


@functools.cache
def _empty_list() -> Literal:
    from rdflib import Literal

    return Literal("")


def _sorted_items(text: str) -> str:
    items = text.split()
    if all(_INTEGER_ITEM.match(item) for item in items):
        items.sort(key=int)
    else:
        items.sort()
    return " ".join(items)


@functools.lru_cache(maxsize=4096)
def _sorted_list(value: Literal) -> Literal:
    """`value`'s items sorted. Kept: the same lists come back in answer after answer,
    and building a Literal costs more than looking one up (terms are immutable)."""
    from rdflib import Literal

    return Literal(_sorted_items(str(value)), lang=value.language, datatype=value.datatype)


@functools.lru_cache(maxsize=4096)
def _sorted_oxigraph_list(value: pyoxigraph.Literal) -> pyoxigraph.Literal:
    """`_sorted_list` for a pyoxigraph literal."""
    text = _sorted_items(value.value)
    if value.language:
        return pyoxigraph.Literal(text, language=value.language)
    return pyoxigraph.Literal(text, datatype=value.datatype)


# ---- terms ------------------------------------------------------------------------------


def _kind(term: object) -> str | None:
    """ "uri", "bnode" or "literal" for an rdflib or a pyoxigraph term, else None."""
    if isinstance(term, pyoxigraph.Literal):
        return "literal"
    if isinstance(term, pyoxigraph.NamedNode):
        return "uri"
    if isinstance(term, pyoxigraph.BlankNode):
        return "bnode"
    rdflib_term = sys.modules.get("rdflib.term")  # not imported: no rdflib term exists
    if rdflib_term is not None:
        if isinstance(term, rdflib_term.URIRef):
            return "uri"
        if isinstance(term, rdflib_term.BNode):
            return "bnode"
        if isinstance(term, rdflib_term.Literal):
            return "literal"
    return None


def parts(term: object) -> tuple[str, str, str | None, str | None]:
    """(kind, text, datatype, language) of an rdflib or a pyoxigraph term: kind "uri",
    "bnode" or "literal"; text the IRI, the blank node's label or the lexical form;
    datatype None for a simple literal (xsd:string, as RDF 1.1 has it) or a language-
    tagged one. TypeError for anything else."""
    kind = _kind(term)
    if kind is None:
        raise TypeError(f"not an RDF term: {term!r}")
    if isinstance(term, pyoxigraph.Literal):
        language = term.language or None
        datatype = term.datatype.value
        simple = language is not None or datatype == _XSD_STRING
        return kind, term.value, None if simple else datatype, language
    if isinstance(term, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
        return kind, term.value, None, None
    if kind == "literal":
        datatype = term.datatype  # type: ignore[attr-defined]
        simple = datatype is None or str(datatype) == _XSD_STRING
        return kind, str(term), None if simple else str(datatype), term.language or None  # type: ignore[attr-defined]
    return kind, str(term), None, None


def shorten(iri: str) -> str:
    """`claim:armenians-displaced` for an IRI in one of our namespaces, else `<iri>`."""
    for namespace, prefix in _NAMESPACES:
        if iri.startswith(namespace):
            local = iri[len(namespace) :]
            if local == "" or _LOCAL_NAME.match(local):
                return f"{prefix}:{local}"
    return f"<{iri}>"


def display(term: Node | None) -> str:
    """A term as a person reads it: shortened IRI, a literal's text, empty if unbound."""
    if term is None:
        return ""
    kind = _kind(term)
    if kind is None:
        return str(term)
    _, text, _, _ = parts(term)
    if kind == "uri":
        return shorten(text)
    if kind == "bnode":
        return f"_:{text}"
    return text


def _escape_nt(text: str) -> str:
    return (
        text.replace("\\", "\\\\")
        .replace('"', '\\"')
        .replace("\n", "\\n")
        .replace("\r", "\\r")
        .replace("\t", "\\t")
    )


def ntriples(term: Node) -> str:
    """A term in N-Triples syntax (RDF 1.1: xsd:string literals carry no datatype)."""
    kind, text, datatype, language = parts(term)
    if kind == "uri":
        return f"<{text}>"
    if kind == "bnode":
        return f"_:{text}"
    quoted = f'"{_escape_nt(text)}"'
    if language:
        return f"{quoted}@{language}"
    if datatype is not None:
        return f"{quoted}^^<{datatype}>"
    return quoted


def _is_numeric(term: Node | None) -> bool:
    if _kind(term) != "literal":
        return False
    _, _, datatype, _ = parts(term)
    return datatype in _NUMERIC


# ---- formats ----------------------------------------------------------------------------


def _cell(term: Node | None, width: int) -> str:
    """A table cell on one line; a literal longer than `width` is cut (never an IRI)."""
    text = " ".join(display(term).split())
    if width and len(text) > width and _kind(term) == "literal":
        return text[: width - 1] + "…"
    return text


def _cut(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def format_table(result: Result, max_width: int = 60, fit: int = 0) -> str:
    """An aligned plain-text table with a row count; numbers right-aligned, literals
    longer than `max_width` characters cut with an ellipsis (0: never cut). With `fit`,
    the widest columns (IRIs too) are cut further until the table is at most `fit`
    characters wide (see warkg.table_view)."""
    from warkg.table_view import fit_widths

    header = list(result.variables)
    cells = [[_cell(row.get(v), max_width) for v in header] for row in result.rows]
    numeric = [_column_numeric(result, v) for v in header]
    widths = [max([len(h)] + [len(r[i]) for r in cells]) for i, h in enumerate(header)]
    if fit and max_width and sum(widths) + 2 * (len(widths) - 1) > fit:
        # A column of IRIs named like their prefix (claim: in "claim") drops the prefix.
        for i, name in enumerate(header):
            prefix = f"{name}:"
            column = [row[i] for row in cells if row[i]]
            if column and all(c.startswith(prefix) for c in column):
                for row in cells:
                    row[i] = row[i].removeprefix(prefix)
                widths[i] = max([len(name)] + [len(row[i]) for row in cells])
        widths = fit_widths(widths, header, fit)
        cells = [[_cut(c, widths[i]) for i, c in enumerate(row)] for row in cells]
        header = [_cut(h, widths[i]) for i, h in enumerate(header)]

    def line(values: Sequence[str]) -> str:
        parts = [
            value.rjust(widths[i]) if numeric[i] else value.ljust(widths[i])
            for i, value in enumerate(values)
        ]
        return "  ".join(parts).rstrip()

    lines = [line(header), "  ".join("-" * w for w in widths)]
    lines += [line(row) for row in cells]
    count = len(result.rows)
    lines.append(f"({count} row{'' if count == 1 else 's'})")
    return "\n".join(lines) + "\n"


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
        + "|".join("---:" if _column_numeric(result, v) else "---" for v in result.variables)
        + "|",
    ]
    for row in result.rows:
        cells = (_markdown_cell(display(row.get(v))) for v in result.variables)
        lines.append("| " + " | ".join(cells) + " |")
    return "\n".join(lines) + "\n"


def _column_numeric(result: Result, variable: str) -> bool:
    values = [row.get(variable) for row in result.rows]
    return any(v is not None for v in values) and all(v is None or _is_numeric(v) for v in values)


def _csv_value(term: Node | None) -> str:
    if term is None:
        return ""
    kind = _kind(term)
    if kind is None:
        return str(term)
    _, text, _, _ = parts(term)
    return f"_:{text}" if kind == "bnode" else text


def format_csv(result: Result) -> str:
    """SPARQL 1.1 Query Results CSV: plain values, RFC 4180 quoting, CRLF line ends."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(result.variables)
    for row in result.rows:
        writer.writerow([_csv_value(row.get(v)) for v in result.variables])
    return out.getvalue()


def format_tsv(result: Result) -> str:
    """SPARQL 1.1 Query Results TSV: `?var` header, terms in N-Triples syntax."""
    lines = ["\t".join(f"?{v}" for v in result.variables)]
    for row in result.rows:
        terms = [row.get(v) for v in result.variables]
        lines.append("\t".join("" if t is None else ntriples(t) for t in terms))
    return "\n".join(lines) + "\n"


def json_term(term: Node) -> dict[str, str]:
    """One RDF term as a SPARQL 1.1 Results JSON binding."""
    kind, text, datatype, language = parts(term)
    if kind != "literal":
        return {"type": kind, "value": text}
    value = {"type": "literal", "value": text}
    if language:
        value["xml:lang"] = language
    elif datatype is not None:
        value["datatype"] = datatype
    return value


def to_json(result: Result) -> dict:
    """The SPARQL 1.1 Query Results JSON object; unbound variables are left out of a row."""
    return {
        "head": {"vars": list(result.variables)},
        "results": {
            "bindings": [
                {v: json_term(row[v]) for v in result.variables if row.get(v) is not None}
                for row in result.rows
            ]
        },
    }


def format_json(result: Result) -> str:
    """SPARQL 1.1 Query Results JSON, indented, UTF-8 kept readable."""
    return json.dumps(to_json(result), indent=2, ensure_ascii=False) + "\n"


def _check_iri(text: str, where: str, what: str = "IRI") -> None:
    try:
        pyoxigraph.NamedNode(text)  # strict RFC 3987: absolute, no spaces or <>"{}|^`
    except ValueError:
        raise ValueError(f"{where}: {what} {text!r} is not an IRI") from None


def term_from_json(value: object, where: str = "term") -> Node:
    """An rdflib term from a SPARQL 1.1 Results JSON binding (also the older
    `typed-literal`); xsd:string literals come back without a datatype, as rdflib reads
    them from Turtle. ValueError, naming `where`, for anything that is not a well-formed
    term: a missing or non-string value, an unknown type, a datatype that is no IRI."""
    from rdflib import BNode, Literal, URIRef

    if not isinstance(value, dict):
        raise ValueError(f"{where} is not an object")
    kind = value.get("type")
    text = value.get("value")
    if kind not in ("uri", "bnode", "literal", "typed-literal"):
        raise ValueError(f"{where} has type {kind!r}, not uri, bnode or literal")
    if not isinstance(text, str):
        raise ValueError(f"{where} has no string value")
    if unknown := sorted(set(value) - {"type", "value", "xml:lang", "datatype"}):
        raise ValueError(f"{where} has unknown keys {', '.join(map(repr, unknown))}")
    if kind == "uri":
        _check_iri(text, where)
        return URIRef(text)
    if kind == "bnode":
        if not text:
            raise ValueError(f"{where} is a blank node without a label")
        return BNode(text)
    lang, datatype = value.get("xml:lang"), value.get("datatype")
    if lang is not None:
        if not isinstance(lang, str) or not _LANGUAGE_TAG.match(lang):
            raise ValueError(f"{where} has xml:lang {lang!r}, not a language tag")
        if datatype is not None and datatype != _LANG_STRING:
            raise ValueError(f"{where} has both xml:lang and datatype {datatype!r}")
        return Literal(text, lang=lang)
    if datatype is not None:
        if not isinstance(datatype, str):
            raise ValueError(f"{where} has a datatype that is not a string")
        _check_iri(datatype, where, "datatype")
        if datatype != _XSD_STRING:
            return Literal(text, datatype=URIRef(datatype))
    return Literal(text)


def from_json(data: object, expected: Sequence[str] | None = None) -> Result:
    """A Result from a SPARQL 1.1 Results JSON object, checked all through: ValueError
    naming the first thing that is not as the format says (where it is, as in
    `results.bindings[2].s`). With `expected`, the variables the query selects, the
    answer's variables must be those, in any order."""
    if not isinstance(data, dict):
        raise ValueError("the answer is not a JSON object")
    head, results = data.get("head"), data.get("results")
    if not isinstance(head, dict) or not isinstance(head.get("vars"), list):
        raise ValueError("no head.vars list")
    variables = tuple(head["vars"])
    for name in variables:
        if not isinstance(name, str) or not _VARIABLE.match(name):
            raise ValueError(f"head.vars has {name!r}, not a variable name")
    if len(set(variables)) != len(variables):
        raise ValueError("head.vars names a variable twice")
    if expected is not None and set(variables) != set(expected):
        answered = " ".join(f"?{v}" for v in variables) or "none"
        asked = " ".join(f"?{v}" for v in expected) or "none"
        raise ValueError(f"it answers variables {answered}, the query selects {asked}")
    if not isinstance(results, dict) or not isinstance(results.get("bindings"), list):
        raise ValueError("no results.bindings list")
    rows = []
    for index, binding in enumerate(results["bindings"]):
        where = f"results.bindings[{index}]"
        if not isinstance(binding, dict):
            raise ValueError(f"{where} is not an object")
        if extra := [k for k in binding if k not in variables]:
            raise ValueError(f"{where} binds ?{extra[0]}, which head.vars does not list")
        rows.append(
            {
                v: term_from_json(binding[v], f"{where}.{v}") if v in binding else None
                for v in variables
            }
        )
    return Result(variables, rows)


def format_result(result: Result, fmt: str = "table", *, max_width: int = 60, fit: int = 0) -> str:
    """`result` written in one of FORMATS (`fit`: the table's width limit, 0 none)."""
    if fmt == "table":
        return format_table(result, max_width=max_width, fit=fit)
    writers = {
        "csv": format_csv,
        "tsv": format_tsv,
        "json": format_json,
        "markdown": format_markdown,
    }
    if fmt not in writers:
        raise InputError(f"unknown format {fmt!r}; formats: {', '.join(FORMATS)}")
    return writers[fmt](result)
