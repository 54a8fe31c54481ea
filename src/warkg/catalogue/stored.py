"""The stored queries in `queries/*.rq`: their `#+` metadata headers and typed parameters.

Each file is one SPARQL query whose leading `#+` comment lines hold YAML (summary,
description, list_columns, params), so the file stays valid SPARQL. A parameter is a
plain variable of the query, bound to an RDF term at run time (never pasted into the
text); `convert` turns what a user typed into exactly the term the data holds, because
triple patterns match terms, not values ("057" is not "57"^^xsd:positiveInteger).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from warkg import paths
from warkg.errors import InputError
from warkg.sparql import proven

if TYPE_CHECKING:
    from rdflib import Literal, URIRef

# yaml, rdflib and pyoxigraph are imported where they are needed: a shipped query whose
# file matches queries/index.json is read without YAML (see warkg.catalogue.index), and
# `warkg queries` never touches an RDF term.

PARAM_TYPES = ("iri", "xsd:string", "xsd:integer", "xsd:positiveInteger", "xsd:date")

_HEADER_KEYS = {"summary", "description", "list_columns", "params"}
_PARAM_KEYS = {"name", "type", "description", "default"}
_NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")
_INTEGER = re.compile(r"^[+-]?[0-9]+$")
MAX_DIGITS = 1000
"""Longest integer parameter, in digits: no number in the data comes near it."""
_DATE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")
_SLUG = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9_.%/-]*$")


@dataclass(frozen=True)
class Param:
    """One parameter: a variable of the query with the type of term it is bound to."""

    name: str
    type: str
    description: str
    default: str | None = None

    @property
    def required(self) -> bool:
        return self.default is None

    def describe(self) -> str:
        """`name (type, default X)` or `name (type, required)`, for listings and errors."""
        extra = "required" if self.default is None else f"default {self.default}"
        return f"{self.name} ({self.type}, {extra})"


@dataclass(frozen=True)
class StoredQuery:
    """A stored query: its metadata header and its full text (header included)."""

    name: str
    summary: str
    description: str
    params: tuple[Param, ...]
    list_columns: tuple[str, ...]
    text: str
    path: Path | None = None

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    @property
    def sparql(self) -> str:
        """The query without its `#+` metadata header: what a person copies and edits
        (the header's facts are the fields above)."""
        lines = self.text.splitlines(keepends=True)
        while lines and lines[0].startswith("#+"):
            lines.pop(0)
        return "".join(lines).lstrip("\n")


def parse_header(text: str, name: str) -> dict:
    """The YAML in the leading `#+` lines of a query; InputError naming the file if bad."""
    lines = []
    for line in text.splitlines():
        if not line.startswith("#+"):
            break
        lines.append(line[2:])
    where = f"queries/{name}.rq"
    if not lines:
        raise InputError(f"{where}: no '#+' metadata header")
    indent = min((len(x) - len(x.lstrip(" ")) for x in lines if x.strip()), default=0)
    import yaml

    try:
        header = yaml.safe_load("\n".join(line[indent:] for line in lines))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:  # back to the file's own line and column (1-based)
            reason = getattr(error, "problem", None) or "bad YAML"
            column = mark.column + len("#+") + indent + 1
            raise InputError.at(where, mark.line + 1, column, reason) from None
        raise InputError(f"{where}: bad YAML header: {error}") from None
    if not isinstance(header, dict):
        raise InputError(f"{where}: the '#+' header must be a YAML mapping")
    missing = sorted(_HEADER_KEYS - header.keys())
    unknown = sorted(header.keys() - _HEADER_KEYS)
    if missing or unknown:
        problems = [f"missing {', '.join(missing)}"] if missing else []
        problems += [f"unknown {', '.join(map(str, unknown))}"] if unknown else []
        raise InputError(f"{where}: header keys: {'; '.join(problems)}")
    return header


def _param(entry: object, where: str) -> Param:
    if not isinstance(entry, dict) or not {"name", "type", "description"} <= entry.keys():
        raise InputError(f"{where}: each param needs name, type and description")
    if unknown := sorted(entry.keys() - _PARAM_KEYS):
        raise InputError(f"{where}: param {entry['name']!r}: unknown keys {', '.join(unknown)}")
    name, type_ = str(entry["name"]), str(entry["type"])
    if not _NAME.match(name):
        raise InputError(f"{where}: param name {name!r} is not a SPARQL variable name")
    if type_ not in PARAM_TYPES:
        raise InputError(
            f"{where}: param {name!r} has type {type_!r}; known types: {', '.join(PARAM_TYPES)}"
        )
    default = entry.get("default")
    return Param(name, type_, str(entry["description"]), None if default is None else str(default))


def parse_query_file(path: str | Path, *, use_index: bool = True) -> StoredQuery:
    """Read one `.rq` file and its header; the name is the file name without `.rq`.

    A shipped query whose content is exactly what queries/index.json was written from
    is built from its entry there, the same StoredQuery the YAML gives (a test checks
    it), without reading the YAML; `use_index=False` always reads the YAML."""
    path = Path(path)
    name = path.stem
    text = path.read_text(encoding="utf-8")
    if use_index and (entry := proven.lookup(path, text)) is not None:
        return StoredQuery(
            name=name,
            summary=entry["summary"],
            description=entry["description"],
            params=tuple(Param(**param) for param in entry["params"]),
            list_columns=tuple(entry["list_columns"]),
            text=text,
            path=path,
        )
    header = parse_header(text, name)
    where = f"queries/{name}.rq"
    params = header["params"] or []
    columns = header["list_columns"] or []
    if not isinstance(params, list) or not isinstance(columns, list):
        raise InputError(f"{where}: params and list_columns must be YAML lists")
    query = StoredQuery(
        name=name,
        summary=" ".join(str(header["summary"]).split()),
        description=" ".join(str(header["description"]).split()),
        params=tuple(_param(entry, where) for entry in params),
        list_columns=tuple(str(c) for c in columns),
        text=text,
        path=path,
    )
    for param in query.params:  # a default that does not fit its type is a bug in the file
        if param.default is not None:
            convert(param, param.default)
    return query


# The catalogue, read once per process: the server's pages call queries by name on every
# request, and a query costs less to run than its file costs to find and read again.
_FILES: dict[str, Path] | None = None
_READ: dict[str, StoredQuery] = {}


def _files() -> dict[str, Path]:
    global _FILES
    if _FILES is None:
        _FILES = {path.stem: path for path in paths.query_files()}
    return _FILES


def forget() -> None:
    """Forget the queries read so far in this process, so the next call reads
    `paths.query_files()` again (for tests that point it at another folder)."""
    global _FILES
    _FILES = None
    _READ.clear()


def list_queries() -> list[StoredQuery]:
    """Every stored query, sorted by name."""
    return [get_query(name) for name in _files()]


def get_query(name: str) -> StoredQuery:
    """The stored query called `name`; InputError listing the available ones if none is.
    Each file is read once per process (a file with a bad header is reported each time)."""
    query = _READ.get(name)
    if query is None:
        files = _files()
        if name not in files:
            from warkg.catalogue.explain import suggest

            available = ", ".join(files) or "(none)"
            raise InputError(
                f"no stored query named {name!r}{suggest(name, files)}; available: {available}"
            )
        query = _READ[name] = parse_query_file(files[name])
    return query


# ---- parameter values -------------------------------------------------------------------


def _bad(param: Param, value: object, expected: str | None = None) -> InputError:
    return InputError(
        f"parameter {param.name!r} expects {expected or param.type}, got {str(value)!r}"
    )


def _iri(param: Param, value: str) -> URIRef:
    from rdflib import URIRef

    return URIRef(_iri_text(param, value))


def _iri_text(param: Param, value: str) -> str:
    import pyoxigraph

    from warkg.rdf.prefixes import PREFIXES

    expected = "iri (a full IRI, a prefixed name such as claim:armenians-displaced, or a slug)"
    text = value.strip()
    if text.startswith("<") and text.endswith(">"):
        text = text[1:-1]
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES:
        if not (local == "" or _SLUG.match(local)):
            raise _bad(param, value, expected)
        iri = PREFIXES[prefix] + local
    elif _SCHEME.match(text):
        iri = text
    elif _SLUG.match(text) and param.default and param.default.partition(":")[0] in PREFIXES:
        iri = PREFIXES[param.default.partition(":")[0]] + text
    else:
        raise _bad(param, value, expected)
    try:
        pyoxigraph.NamedNode(iri)  # strict RFC 3987 check: no spaces, <, >, {, }, ...
    except ValueError:
        raise _bad(param, value, expected) from None
    return iri


def convert(param: Param, value: object) -> URIRef | Literal:
    """The RDF term for `value` (a string as typed, an int, or an rdflib term), with the
    lexical form the data uses; InputError naming the parameter and type if it does not fit."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import XSD
    from rdflib.term import Identifier

    if isinstance(value, Identifier) and not isinstance(value, URIRef | Literal):
        raise _bad(param, value)
    text = str(value)
    if param.type == "iri":
        if isinstance(value, Literal):
            raise _bad(param, value)
        return _iri(param, text)
    if isinstance(value, URIRef):
        raise _bad(param, value)
    if param.type == "xsd:string":
        return Literal(text)
    if param.type in ("xsd:integer", "xsd:positiveInteger"):
        if isinstance(value, bool):
            raise _bad(param, value)
        number = _integer(param, value, text)
        datatype = XSD.positiveInteger if param.type == "xsd:positiveInteger" else XSD.integer
        return Literal(str(number), datatype=datatype)
    if param.type == "xsd:date":
        return Literal(_date(param, value, text), datatype=XSD.date)
    raise _bad(param, value)  # pragma: no cover - types are checked when the header is read


def _integer(param: Param, value: object, text: str) -> int:
    """The integer `text` writes, for an xsd:integer or xsd:positiveInteger parameter;
    InputError for anything else, including a number too long to be a reference."""
    if not _INTEGER.match(text.strip()):
        raise _bad(param, value)
    digits = len(text.strip().lstrip("+-"))
    if digits > MAX_DIGITS:  # Python refuses int() of more than 4,300 digits anyway
        raise InputError(
            f"parameter {param.name!r} expects {param.type} of at most {MAX_DIGITS} "
            f"digits, got {digits} digits"
        )
    number = int(text.strip())
    if param.type == "xsd:positiveInteger" and number < 1:
        raise _bad(param, value)
    return number


def _date(param: Param, value: object, text: str) -> str:
    """The date `text` writes (YYYY-MM-DD, a real day), for an xsd:date parameter."""
    text = text.strip()
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        date.fromisoformat(text)
    except ValueError:
        raise _bad(param, value, "xsd:date (YYYY-MM-DD)") from None
    return text


@functools.lru_cache(maxsize=256)
def _default_term(param: Param) -> URIRef | Literal:
    """The term for `param`'s default, made once (terms are immutable; the server's
    pages run the same queries with their defaults on every request)."""
    assert param.default is not None
    return convert(param, param.default)


def oxigraph_term(param: Param, value: object) -> Any:
    """`convert(param, value)` as a pyoxigraph term (what `rdf.conversion.to_oxigraph` makes of
    it), without rdflib for a string or an int; the same InputError for a bad value
    (tests/catalogue/test_quick_query.py compares the two on a corpus of values)."""
    import pyoxigraph

    if isinstance(value, bool) or not isinstance(value, str | int):  # rdflib terms, ...
        from warkg.rdf.conversion import to_oxigraph

        return to_oxigraph(convert(param, value))
    text = str(value)
    if param.type == "iri":
        return pyoxigraph.NamedNode(_iri_text(param, text))
    if param.type == "xsd:string":
        return pyoxigraph.Literal(text)
    xsd = "http://www.w3.org/2001/XMLSchema#"
    if param.type in ("xsd:integer", "xsd:positiveInteger"):
        number = _integer(param, value, text)
        datatype = pyoxigraph.NamedNode(xsd + param.type.removeprefix("xsd:"))
        return pyoxigraph.Literal(str(number), datatype=datatype)
    if param.type == "xsd:date":
        day = _date(param, value, text)
        return pyoxigraph.Literal(day, datatype=pyoxigraph.NamedNode(xsd + "date"))
    raise _bad(param, value)  # pragma: no cover - types are checked when the header is read


@functools.lru_cache(maxsize=256)
def _default_oxigraph_term(param: Param) -> Any:
    assert param.default is not None
    return oxigraph_term(param, param.default)


def bind(query: StoredQuery, values: Mapping[str, object]) -> dict[str, URIRef | Literal]:
    """Every parameter of `query` as an RDF term: the value given, else the default.

    InputError for a parameter the query does not have, a required one not given, or a
    value that does not fit the parameter's type."""
    return _bind(query, values, convert, _default_term)


def bind_oxigraph(query: StoredQuery, values: Mapping[str, object]) -> dict[str, Any]:
    """`bind` with pyoxigraph terms (`oxigraph_term`), for `warkg.catalogue.quick`."""
    return _bind(query, values, oxigraph_term, _default_oxigraph_term)


def _bind(
    query: StoredQuery,
    values: Mapping[str, object],
    make: Callable[[Param, object], Any],
    default: Callable[[Param], Any],
) -> dict[str, Any]:
    for name in values:
        if query.param(name) is None:
            from warkg.catalogue.explain import suggest

            known = ", ".join(p.describe() for p in query.params)
            has = f"its parameters: {known}" if known else "it takes no parameters"
            hint = suggest(name, [p.name for p in query.params])
            raise InputError(f"query {query.name!r} has no parameter {name!r}{hint}; {has}")
    bound: dict[str, Any] = {}
    for param in query.params:
        if param.name in values:
            bound[param.name] = make(param, values[param.name])
        elif param.default is not None:
            bound[param.name] = default(param)
        else:
            raise InputError(
                f"query {query.name!r} needs parameter {param.name!r} ({param.type}); "
                f"give it with --param {param.name}=VALUE"
            )
    return bound
