"""Literals as SHACL needs them judged: whether a literal is a value of its datatype, and
how SPARQL orders two terms.

Well-typed. rdflib decides by whether Python can convert the text, which accepts forms
XSD does not: `"1_000"^^xsd:integer` and `"١٢"^^xsd:integer` (Python's int reads
underscores and any Unicode digit), `"NaN"^^xsd:decimal` and `"1e5"^^xsd:decimal`
(Python's Decimal). sh:datatype (SHACL 4.1.1: an ill-typed literal is not a value of the
datatype) and the comparisons below need XSD's answer, so for the datatypes in `_FORMS`
the text is checked against XSD 1.1's lexical space too.

Ordered. SHACL's range and pair constraints are defined by SPARQL's `<` and `<=`
(`$min <= v`, SHACL 4.4; `v < w`, 4.8.3): where the SPARQL expression is false or an error
there is a result. SPARQL 1.1's operator table orders numbers (xsd:integer and its
subtypes, xsd:decimal, xsd:float, xsd:double) with numbers, simple literals and xsd:string
with each other, xsd:boolean with xsd:boolean, xsd:dateTime with xsd:dateTime, and, as
XPath and Jena do, xsd:date with xsd:date. Anything else (IRIs, blank nodes, language-
tagged strings, a boolean against a number, ill-typed literals) is an error, and NaN
compares false with everything.
"""

from __future__ import annotations

import datetime
import math
import re
from decimal import Decimal

from rdflib import RDF, Literal
from rdflib.namespace import XSD
from rdflib.term import Node

INTEGER_TYPES = frozenset(
    {
        XSD.integer,
        XSD.nonPositiveInteger,
        XSD.negativeInteger,
        XSD.long,
        XSD.int,
        XSD.short,
        XSD.byte,
        XSD.nonNegativeInteger,
        XSD.unsignedLong,
        XSD.unsignedInt,
        XSD.unsignedShort,
        XSD.unsignedByte,
        XSD.positiveInteger,
    }
)
NUMERIC_TYPES = INTEGER_TYPES | {XSD.decimal, XSD.float, XSD.double}

_INTEGER = r"[+-]?[0-9]+"
_DECIMAL = r"[+-]?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)"
_FLOAT = rf"(?:{_DECIMAL}(?:[Ee][+-]?[0-9]+)?|[+-]?INF|NaN)"
_ZONE = r"(?:Z|[+-](?:(?:0[0-9]|1[0-3]):[0-5][0-9]|14:00))?"
_DATE = r"-?(?:[1-9][0-9]{3,}|0[0-9]{3})-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12][0-9]|3[01])"
_TIME = r"(?:(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9](?:\.[0-9]+)?|24:00:00(?:\.0+)?)"

_FORMS: dict[str, re.Pattern[str]] = {
    **{str(datatype): re.compile(_INTEGER) for datatype in INTEGER_TYPES},
    str(XSD.decimal): re.compile(_DECIMAL),
    str(XSD.float): re.compile(_FLOAT),
    str(XSD.double): re.compile(_FLOAT),
    str(XSD.boolean): re.compile(r"true|false|1|0"),
    str(XSD.date): re.compile(_DATE + _ZONE),
    str(XSD.dateTime): re.compile(_DATE + "T" + _TIME + _ZONE),
}
# XSD's whiteSpace facet "collapse": these types ignore leading and trailing blanks.
_BLANKS = " \t\n\r"


def lexically_valid(literal: Literal) -> bool:
    """False if the literal's datatype is one of `_FORMS` and its text is not in that
    datatype's lexical space; True otherwise."""
    form = _FORMS.get(str(literal.datatype)) if literal.datatype is not None else None
    return form is None or form.fullmatch(str(literal).strip(_BLANKS)) is not None


def well_typed(literal: Literal) -> bool:
    """Not ill-typed by rdflib's check or XSD's lexical space."""
    return not literal.ill_typed and lexically_valid(literal)


def has_datatype(literal: Literal, datatype: object) -> bool:
    """Whether `literal` is a value of `datatype`: its datatype (xsd:string for a simple
    literal, rdf:langString for a tagged one) is `datatype` and it is well-typed."""
    own = literal.datatype or (RDF.langString if literal.language else XSD.string)
    return own == datatype and well_typed(literal)


def _ordering_key(node: Node) -> tuple[str, object] | None:
    """(kind, value) of a term SPARQL's `<` can order; None for anything else."""
    if not isinstance(node, Literal):
        return None
    datatype = node.datatype
    if datatype is None or datatype == XSD.string:
        return ("string", str(node)) if node.language is None else None
    if not well_typed(node) or node.value is None:
        return None
    value = node.value
    if datatype in NUMERIC_TYPES and isinstance(value, int | float | Decimal):
        if isinstance(value, bool):
            return None
        return "number", value
    if datatype == XSD.boolean and isinstance(value, bool):
        return "boolean", value
    if datatype == XSD.dateTime and isinstance(value, datetime.datetime):
        return "dateTime", value
    if datatype == XSD.date and isinstance(value, datetime.date):
        return "date", value
    return None


def order(left: Node, right: Node) -> int | None:
    """-1, 0 or 1 as SPARQL orders `left` and `right`; None where `<`, `=` and `>` are
    all false or errors (values SPARQL cannot compare, NaN)."""
    a, b = _ordering_key(left), _ordering_key(right)
    if a is None or b is None or a[0] != b[0]:
        return None
    x, y = a[1], b[1]
    if a[0] == "number" and any(isinstance(v, float | Decimal) and _is_nan(v) for v in (x, y)):
        return None
    try:
        return -1 if x < y else 1 if x > y else 0  # type: ignore[operator]
    except (TypeError, ArithmeticError):  # a date with a time zone against one without
        return None


def _is_nan(value: float | Decimal) -> bool:
    return value.is_nan() if isinstance(value, Decimal) else math.isnan(value)
