"""The documented list of upstream bugs: where pySHACL 0.40, rdflib 7 or Jena SHACL 4.5
answer otherwise than the SHACL 1.0 specification, found by comparing engines on
generated cases (test_differential.py) and kept here with what the spec says and the
test that shows it (test_upstream_bugs.py runs each bug's smallest case on the engine
that has it, so a fixed upstream bug fails that test and gets noticed).

The differential test accepts a disagreement between warkg and another engine only if
one of these entries explains it; every other disagreement fails the test. Each entry
says which side of a disagreement it explains: `warkg` (a result only warkg reports,
because it follows the spec where the other engine does not) or `other`.

Entries marked `warkg corrects it` are put right in warkg (pyshacl_patches/spec.py, the
loader); the others are differences warkg has, and README.md lists them.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property

from rdflib import RDFS, BNode, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH
from rdflib.term import Node

from tests.support.shacl_cases import Case
from tests.support.shacl_outcomes import Key, as_written, term_key
from warkg.validation import literals

RANGES = {
    "MinInclusiveConstraintComponent": SH.minInclusive,
    "MaxInclusiveConstraintComponent": SH.maxInclusive,
    "MinExclusiveConstraintComponent": SH.minExclusive,
    "MaxExclusiveConstraintComponent": SH.maxExclusive,
}
PAIRS = {
    "LessThanConstraintComponent": SH.lessThan,
    "LessThanOrEqualsConstraintComponent": SH.lessThanOrEquals,
}
TERM_COMPARING = {
    "InConstraintComponent",
    "HasValueConstraintComponent",
    "EqualsConstraintComponent",
    "DisjointConstraintComponent",
    "SPARQLConstraintComponent",
}
NESTING = {
    "NodeConstraintComponent",
    "NotConstraintComponent",
    "AndConstraintComponent",
    "OrConstraintComponent",
    "XoneConstraintComponent",
    "QualifiedMinCountConstraintComponent",
    "QualifiedMaxCountConstraintComponent",
}


class Facts:
    """What a classifier may ask about a case: its graphs as written, the terms behind
    a key's strings, and the shapes a shape reaches."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self.data = as_written(case.data)
        self.shapes = as_written(case.shapes)

    @cached_property
    def _terms(self) -> dict[str, Node]:
        found: dict[str, Node] = {}
        for triple in self.data:
            for term in triple:
                key = term_key(term, self.data, self.case.namespace)
                if key is not None:
                    found.setdefault(key, term)
        for term in self.shapes.objects():
            if isinstance(term, Literal):
                found.setdefault(term_key(term, self.shapes, self.case.namespace) or "", term)
        return found

    def term(self, key: str | None) -> Node | None:
        return None if key is None else self._terms.get(key)

    def reached(self, shape: str) -> set[Node]:
        """`shape` and every shape it uses, through sh:property, sh:node, sh:not,
        sh:and, sh:or, sh:xone and sh:qualifiedValueShape."""
        start = URIRef(shape)
        seen: set[Node] = set()
        stack: list[Node] = [start]
        while stack:
            node = stack.pop()
            if node in seen:
                continue
            seen.add(node)
            for predicate in (SH.property, SH.node, SH["not"], SH.qualifiedValueShape):
                stack.extend(self.shapes.objects(node, predicate))
            for predicate in (SH["and"], SH["or"], SH.xone):
                for members in self.shapes.objects(node, predicate):
                    stack.extend(Collection(self.shapes, members))
        return seen

    def uses(self, shape: str, *predicates: URIRef) -> bool:
        """Whether `shape`, or a shape it uses, has one of `predicates`."""
        return any(
            (node, predicate, None) in self.shapes
            for node in self.reached(shape)
            for predicate in predicates
        )

    def literals(self) -> list[Literal]:
        return [o for o in self.data.objects() if isinstance(o, Literal)]

    def has_blank_values(self) -> bool:
        return any(isinstance(o, BNode) for o in self.data.objects())


@dataclass(frozen=True)
class Difference:
    """A result one engine reports and the other does not (`key`), or the two engines'
    errors (`key` None): `side` is "warkg" or "other", `other` the other engine."""

    other: str
    side: str
    key: Key | None
    facts: Facts
    error: str | None = None


@dataclass(frozen=True)
class Bug:
    id: str
    engine: str
    summary: str
    spec: str
    shown_by: str
    warkg_corrects: bool
    explains: Callable[[Difference], bool]
    trigger: Callable[[Facts, str], bool] = lambda facts, shape: False
    """Whether a nested shape that `shape` reaches could meet this bug (for the results
    of sh:node, sh:not, sh:or ... which carry a nested shape's verdict)."""


def _component(d: Difference) -> str:
    return d.key[2] if d.key else ""


def _value(d: Difference) -> Node | None:
    return d.facts.term(d.key[3]) if d.key else None


def _parameter(d: Difference, predicate: URIRef) -> list[Node]:
    return list(d.facts.shapes.objects(URIRef(d.key[1]), predicate)) if d.key else []


def _unordered_range(d: Difference) -> bool:
    predicate = RANGES.get(_component(d))
    value = _value(d)
    return predicate is not None and any(
        literals.order(value, limit) is None for limit in _parameter(d, predicate)
    )


def _unordered_pair(d: Difference) -> bool:
    predicate = PAIRS.get(_component(d))
    return predicate is not None and d.side == "warkg"


def _is_nan(term: Node | None) -> bool:
    return isinstance(term, Literal) and str(term).strip() == "NaN"


def _falsy_literal(term: Node | None) -> bool:
    return isinstance(term, Literal) and not term


def _nan_involved(d: Difference) -> bool:
    """A NaN is the value, a limit, or a value of the focus node."""
    if d.key is None:
        return False
    focus = d.facts.term(d.key[0])
    near = list(d.facts.data.objects(focus, None)) if focus is not None else []
    limits = [t for p in RANGES.values() for t in _parameter(d, p)]
    return any(_is_nan(t) for t in [_value(d), *near, *limits])


def _string_in_sparql(facts: Facts) -> bool:
    """A SPARQL query of the shapes with a string constant (`?this ex:q "active"`): its
    matches, targets included, differ where rdflib keeps "a"^^xsd:string apart."""
    return any('"' in str(text) for text in facts.shapes.objects(None, SH.select))


def _twins(candidates: list[Node]) -> set[Literal]:
    """The literals among `candidates` that share their value with another one of them
    while being a different term ("01" and "1"^^xsd:integer)."""
    by_value: dict[object, set[Literal]] = {}
    for term in candidates:
        if isinstance(term, Literal) and term.value is not None and literals.well_typed(term):
            value = term.value
            number = isinstance(value, int | float) and not isinstance(value, bool)
            if isinstance(value, datetime.datetime) and value.time() == datetime.time(0):
                value = value.date()  # Jena joins a date and midnight of that day
            by_value.setdefault((number, value), set()).add(term)
    return {t for group in by_value.values() if len(group) > 1 for t in group}


def _value_joined(d: Difference) -> bool:
    """Literal twins where Jena's value matching can reach: among the focus node's values
    with the result's value, or anywhere when the shape runs SPARQL."""
    if d.key is None:
        return False
    everywhere = _twins(d.facts.literals())
    if not everywhere:
        return False
    if d.facts.uses(d.key[1], SH.sparql, SH.target):
        return True
    focus = d.facts.term(d.key[0])
    near = list(d.facts.data.objects(focus, None)) if focus is not None else []
    return bool(_twins([*near, _value(d)])) or _value(d) in everywhere


def _huge(term: Node | None) -> bool:
    digits = str(term).strip().lstrip("+-") if isinstance(term, Literal) else ""
    return digits.isdigit() and len(digits) > 4300


def _nested(bugs: list[Bug]) -> Callable[[Difference], bool]:
    def explains(d: Difference) -> bool:
        if _component(d) not in NESTING or d.key is None:
            return False
        return any(bug.trigger(d.facts, d.key[1]) for bug in bugs)

    return explains


_PYSHACL = [
    Bug(
        id="pyshacl-min-length-zero",
        engine="pySHACL 0.40",
        summary="sh:minLength 0 lets a blank node pass",
        spec="SHACL 4.7.1: a blank node value gives a result whatever sh:minLength says",
        shown_by="test_gate_findings.py::test_min_length_zero_fails_a_blank_node",
        warkg_corrects=True,
        explains=lambda d: (
            d.side == "warkg"
            and _component(d) == "MinLengthConstraintComponent"
            and isinstance(_value(d), BNode)
        ),
        trigger=lambda facts, shape: facts.uses(shape, SH.minLength) and facts.has_blank_values(),
    ),
    Bug(
        id="pyshacl-range-order",
        engine="pySHACL 0.40",
        summary="value ranges order values SPARQL cannot compare (a boolean as a number, "
        "ill-typed literals by their text) and raise on a decimal NaN",
        spec="SHACL 4.4: a result where `$min <= v` (and siblings) is not true; SPARQL's "
        "operator table orders only numbers, strings, booleans and date-times among "
        "themselves",
        shown_by="test_gate_findings.py::test_a_boolean_is_not_within_a_numeric_range",
        warkg_corrects=True,
        explains=lambda d: (
            (d.side == "warkg" and _unordered_range(d))
            or (d.side == "other" and "InvalidOperation" in (d.error or ""))
        ),
        trigger=lambda facts, shape: facts.uses(shape, *RANGES.values()),
    ),
    Bug(
        id="pyshacl-less-than-order",
        engine="pySHACL 0.40",
        summary="sh:lessThan and sh:lessThanOrEquals compare IRIs as strings, pass values "
        "SPARQL cannot compare, and raise on blank nodes and NaN",
        spec="SHACL 4.8.3, 4.8.4: a result where the values cannot be compared",
        shown_by="test_gate_findings.py::test_less_than_gives_a_result_where_values_cannot_be_ordered",
        warkg_corrects=True,
        explains=lambda d: (
            _unordered_pair(d)
            or (
                d.side == "other"
                and any(
                    text in (d.error or "")
                    for text in ("InvalidOperation", "to compare a BlankNode", "TypeError")
                )
            )
        ),
        trigger=lambda facts, shape: facts.uses(shape, *PAIRS.values()),
    ),
    Bug(
        id="pyshacl-datatype",
        engine="pySHACL 0.40 (rdflib 7's lexical checks)",
        summary="sh:datatype accepts text Python can convert but XSD does not allow "
        '("1_000"^^xsd:integer, "NaN"^^xsd:decimal), and any literal for rdfs:Literal',
        spec="SHACL 4.1.1: the value's datatype is the one given and it is not ill-typed",
        shown_by="test_upstream_bugs.py::test_pyshacl_datatype",
        warkg_corrects=True,
        explains=lambda d: (
            d.side == "warkg"
            and _component(d) == "DatatypeConstraintComponent"
            and (
                (isinstance(_value(d), Literal) and not literals.lexically_valid(_value(d)))
                or any(t in (RDFS.Literal, RDFS.Datatype) for t in _parameter(d, SH.datatype))
            )
        ),
        trigger=lambda facts, shape: facts.uses(shape, SH.datatype),
    ),
    Bug(
        id="rdflib-xsd-string",
        engine="rdflib 7",
        summary='"a"^^xsd:string and "a" are two terms for rdflib (so for sh:in, '
        "sh:hasValue, sh:equals, sh:disjoint, and SPARQL's matching: a target "
        '`?this ex:q "a"` misses `"a"^^xsd:string`)',
        spec="RDF 1.1 Concepts 3.3: a simple literal is one with datatype xsd:string",
        shown_by="test_gate_findings.py::test_xsd_string_and_a_plain_literal_are_one_term_in_sh_in",
        warkg_corrects=True,
        explains=lambda d: (
            "^^xsd:string" in d.facts.case.data + d.facts.case.shapes
            and (_component(d) in TERM_COMPARING or _string_in_sparql(d.facts))
        ),
        trigger=lambda facts, shape: "^^xsd:string" in facts.case.data + facts.case.shapes,
    ),
    Bug(
        id="rdflib-long-integers",
        engine="rdflib 7 (Python 3.11)",
        summary="an integer of more than 4,300 digits is ill-typed (Python's default limit "
        "on converting strings to int)",
        spec="XSD 1.1: xsd:integer has no bound on its number of digits",
        shown_by="test_gate_findings.py::test_an_integer_of_4301_digits_is_an_integer",
        warkg_corrects=True,
        explains=lambda d: (
            (d.side == "other" and _huge(_value(d)))
            or (d.side == "other" and "Exceeds the limit" in (d.error or ""))
        ),
        trigger=lambda facts, shape: any(_huge(o) for o in facts.literals()),
    ),
    Bug(
        id="rdflib-falsy-literal-path",
        engine="rdflib 7",
        summary='a path pattern whose subject is a literal Python finds false ("", 0, '
        'false: `"" ex:p* ?v`, or $this pre-bound to one) matches as if the subject '
        "were a variable: every node of the graph",
        spec="SPARQL 1.1, 18.4: a constant subject is matched as itself",
        shown_by="test_upstream_bugs.py::test_rdflib_falsy_literal_path",
        warkg_corrects=False,
        explains=lambda d: (
            d.side == "warkg"
            and _component(d) == "SPARQLConstraintComponent"
            and _falsy_literal(d.facts.term(d.key[0]) if d.key else None)
        ),
    ),
]
PYSHACL = [
    *_PYSHACL,
    Bug(
        id="nested",
        engine="(any of the above)",
        summary="a nested shape's verdict differs because of one of the bugs above, and so "
        "does the verdict of the sh:node, sh:not, sh:and, sh:or, sh:xone or qualified shape "
        "that uses it",
        spec="SHACL 4.6",
        shown_by="the entries above",
        warkg_corrects=True,
        explains=_nested(_PYSHACL),
    ),
]

_JENA: list[Bug] = [
    Bug(
        id="jena-nan-order",
        engine="Jena 4.5",
        summary="NaN is ordered (above every number, as Java's Double.compare does: 1 < NaN "
        "is true) and equal to itself (NaN = NaN is true for one and the same term)",
        spec="XPath numeric comparisons: every comparison with NaN is false, NaN = NaN "
        "included (SHACL 4.4, 4.8.3 through SPARQL's operators)",
        shown_by="test_upstream_bugs.py::test_jena_nan_order",
        warkg_corrects=False,
        explains=_nan_involved,
        trigger=lambda facts, shape: any(_is_nan(o) for o in facts.literals()),
    ),
    Bug(
        id="jena-value-joins",
        engine="Jena 4.5",
        summary='its in-memory graph matches literals by value in triple patterns: "01" '
        'and "1" (xsd:integer) join, and so do a date and midnight of that day',
        spec="SPARQL 1.1, 18.3: basic graph patterns match by RDF term equality",
        shown_by="test_upstream_bugs.py::test_jena_value_joins",
        warkg_corrects=False,
        explains=_value_joined,
        trigger=lambda facts, shape: bool(_twins(facts.literals())),
    ),
    Bug(
        id="jena-language-string-order",
        engine="Jena 4.5",
        summary="language-tagged strings with the same tag are ordered by `<`",
        spec="SPARQL 1.1, 17.3: `<` is defined for simple literals and xsd:string, not "
        "for language-tagged strings",
        shown_by="test_upstream_bugs.py::test_jena_language_string_order",
        warkg_corrects=False,
        explains=lambda d: (
            d.side == "warkg"
            and (_component(d) in RANGES or _component(d) in PAIRS)
            and isinstance(_value(d), Literal)
            and _value(d).language is not None
        ),
        trigger=lambda facts, shape: facts.uses(shape, *RANGES.values(), *PAIRS.values()),
    ),
    *[bug for bug in _PYSHACL if bug.id == "rdflib-falsy-literal-path"],
]
JENA = [
    *_JENA,
    Bug(
        id="nested",
        engine="(any of the above)",
        summary="a nested shape's verdict differs because of one of the bugs above",
        spec="SHACL 4.6",
        shown_by="the entries above",
        warkg_corrects=False,
        explains=_nested(_JENA),
    ),
]


def explanation(difference: Difference, bugs: list[Bug]) -> str | None:
    """The id of the first bug that explains `difference`, or None."""
    for bug in bugs:
        if bug.explains(difference):
            return bug.id
    return None
