"""The `json` format: SPARQL 1.1 Query Results JSON, written and read (an endpoint's
answers are checked all through)."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from typing import TYPE_CHECKING

import pyoxigraph

from warkg.rdf.prefixes import PREFIXES
from warkg.rdf.terms import parts
from warkg.results.model import Result

if TYPE_CHECKING:
    from rdflib.term import Node

_XSD_STRING = PREFIXES["xsd"] + "string"
_LANG_STRING = PREFIXES["rdf"] + "langString"


_LANGUAGE_TAG = re.compile(r"^[A-Za-z]{1,8}(-[A-Za-z0-9]{1,8})*$")  # BCP 47, as RDF 1.1 asks


_VARIABLE = re.compile(r"^[A-Za-z0-9_\u00b7\u00c0-\ufffd]+$")  # SPARQL VARNAME, loosely


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
    if kind == "triple":
        raise ValueError(
            f"{where} is an RDF 1.2 triple term, which warkg's query results do not support "
            "(RDF 1.1 terms only)"
        )
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
