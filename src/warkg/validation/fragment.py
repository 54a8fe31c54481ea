"""Which SPARQL queries pyoxigraph may answer in pySHACL's place: a fragment of SPARQL
decided on the query's algebra (rdflib's parser and translator, the reader pySHACL uses).

warkg's fast paths (`targets`, `narrowing`) run a shape's SELECT once in pyoxigraph, on a
copy of the data whose literals are opaque tokens (a store would rewrite typed literals
canonically: `"01"^^xsd:integer` as `"1"`, integer subtypes as xsd:integer, language tags
in lower case). A token keeps a literal a literal, distinct exactly from the literals
rdflib keeps distinct, and hides everything else. So a query may be answered that way only
if its answers cannot depend on what a literal says, and if pyoxigraph and rdflib evaluate
it alike. `literal_blind` accepts a query when every part of it is one of:

- triple patterns whose terms are variables, IRIs or blank nodes (no literal constant),
  with property paths built from sequences, alternatives, inverses, negated property sets
  and `+`; not `*` or `?`, whose zero-length matches pyoxigraph leaves out when the
  constant end is not in the data;
- joins, OPTIONAL, UNION, FILTER, DISTINCT/REDUCED, projection, BIND of an IRI or of a
  variable, EXISTS and NOT EXISTS over such patterns;
- filter expressions made of `&&`, `||`, `!`, isIRI/isURI/isBlank/isLiteral/BOUND,
  sameTerm, `=`/`!=`/IN/NOT IN between variables and IRIs (two variables only if one
  of them cannot be a literal), and STR of something that cannot be a literal, compared
  with `=`/`!=` or tested with STRSTARTS/STRENDS/CONTAINS against a plain string.

A variable "cannot be a literal" when every solution that binds it binds it in a subject
or predicate position, or when an `isIRI`/`isBlank` test of it is a conjunct of the same
`&&`. Anything else (ORDER BY, LIMIT, aggregates, VALUES, subqueries, MINUS, GRAPH,
functions of literals, literal constants in patterns) is left to pySHACL.

`narrowable` adds, for a SPARQL constraint: `?this` is bound by a pattern in every
solution (a mandatory part of every UNION branch, not only inside OPTIONAL), and nothing
binds it by BIND. Then running the query once with `?this` free and keeping the focus
nodes among its `?this` answers loses no focus node that pre-binding `$this` would report.

The fragment is a claim about two engines, so `tests/validation/test_differential.py`
checks it on generated queries and data against plain pySHACL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from rdflib import BNode, Literal, URIRef, Variable
from rdflib.namespace import XSD
from rdflib.paths import AlternativePath, InvPath, MulPath, NegatedPath, Path, SequencePath
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.plugins.sparql.parserutils import CompValue

_THIS = Variable("this")
_TYPE_TESTS = {"Builtin_isIRI", "Builtin_isURI", "Builtin_isBLANK", "Builtin_isLITERAL"}
_NOT_LITERAL_TESTS = {"Builtin_isIRI", "Builtin_isURI", "Builtin_isBLANK"}
_STRING_TESTS = {"Builtin_STRSTARTS", "Builtin_STRENDS", "Builtin_CONTAINS"}


class _Outside(Exception):
    """The query is outside the fragment."""


@lru_cache(maxsize=256)
def _algebra(text: str) -> CompValue | None:
    """The translated query, or None where rdflib cannot read it (pySHACL then reports
    it as it would)."""
    try:
        query = translateQuery(parseQuery(text))
    except Exception:  # rdflib raises assorted types, RecursionError included
        return None
    return query.algebra


def literal_blind(text: str) -> bool:
    """Whether the SELECT `text` (with its PREFIX lines) is in the fragment."""
    algebra = _algebra(text)
    if algebra is None or algebra.name != "SelectQuery" or algebra.get("datasetClause"):
        return False
    try:
        _pattern(algebra.p)
    except _Outside:
        return False
    return True


def narrowable(text: str) -> bool:
    """Whether the SPARQL constraint's SELECT `text` is literal-blind and binds `?this`
    in every solution by a pattern, so that a free run's `?this` answers hold every
    focus node a pre-bound run reports."""
    if not literal_blind(text):
        return False
    algebra = _algebra(text)
    assert algebra is not None
    try:
        return _THIS in _certain(algebra.p)
    except _Outside:
        return False


# --- patterns ---------------------------------------------------------------------------


@dataclass(frozen=True)
class _Kinds:
    """What a pattern's solutions bind some variables to: `not_literal`, only IRIs and
    blank nodes; `iri`, only IRIs (STR of a blank node is an error for pyoxigraph, as
    SPARQL has it, and the node's internal name for rdflib)."""

    not_literal: frozenset[Variable] = frozenset()
    iri: frozenset[Variable] = frozenset()

    def __or__(self, other: _Kinds) -> _Kinds:
        return _Kinds(self.not_literal | other.not_literal, self.iri | other.iri)

    def adding(self, variable: Variable, *, iri: bool) -> _Kinds:
        return _Kinds(self.not_literal | {variable}, self.iri | {variable} if iri else self.iri)


def _pattern(node: CompValue) -> _Kinds:
    """Check `node`; return what it binds its variables to, where that is known."""
    name = node.name
    if name == "BGP":
        return _bgp(node.triples)
    if name in ("Project", "Distinct", "Reduced"):
        return _pattern(node.p)
    if name == "Join":
        return _pattern(node.p1) | _pattern(node.p2)
    if name == "LeftJoin":
        left, right = _pattern(node.p1), _pattern(node.p2)
        if node.expr.name != "TrueFilter":
            _expression(node.expr, left | right)
        # Where the OPTIONAL part does not match, its variables keep the left side's.
        bound_left = _variables(node.p1)
        return _Kinds(
            left.not_literal | (right.not_literal - bound_left), left.iri | (right.iri - bound_left)
        )
    if name == "Union":
        left, right = _pattern(node.p1), _pattern(node.p2)
        left_vars, right_vars = _variables(node.p1), _variables(node.p2)

        def both(in_left: frozenset[Variable], in_right: frozenset[Variable]) -> frozenset:
            return frozenset(
                v
                for v in left_vars | right_vars
                if (v in in_left or v not in left_vars) and (v in in_right or v not in right_vars)
            )

        return _Kinds(both(left.not_literal, right.not_literal), both(left.iri, right.iri))
    if name == "Filter":
        inner = _pattern(node.p)
        _expression(node.expr, inner)
        return inner
    if name == "Extend":
        inner = _pattern(node.p)
        expr = node.expr
        if isinstance(expr, URIRef):
            return inner.adding(node.var, iri=True)
        if isinstance(expr, Variable):
            if expr in inner.not_literal:
                return inner.adding(node.var, iri=expr in inner.iri)
            return inner
        raise _Outside(f"BIND of {expr!r}")
    raise _Outside(name)


def _bgp(triples: Iterable[tuple]) -> _Kinds:
    not_literal: set[Variable] = set()
    iri: set[Variable] = set()
    for subject, predicate, obj in triples:
        for term in (subject, predicate, obj):
            if isinstance(term, Literal):
                raise _Outside("a literal in a triple pattern")
            if isinstance(term, Path):
                _path(term)
        if isinstance(subject, Variable):
            not_literal.add(subject)
        if isinstance(predicate, Variable):
            not_literal.add(predicate)
            iri.add(predicate)
    return _Kinds(frozenset(not_literal), frozenset(iri))


def _path(path: Path) -> None:
    if isinstance(path, MulPath):
        if path.mod != "+":
            raise _Outside("a path that may have length zero")
        _step(path.path)
    elif isinstance(path, SequencePath | AlternativePath):
        for step in path.args:
            _step(step)
    elif isinstance(path, InvPath):
        _step(path.arg)
    elif isinstance(path, NegatedPath):
        for step in path.args:
            _step(step)
    else:
        raise _Outside(f"path {path!r}")


def _step(step: object) -> None:
    if isinstance(step, URIRef):
        return
    if isinstance(step, Path):
        _path(step)
        return
    raise _Outside(f"path step {step!r}")


def _variables(node: CompValue) -> frozenset[Variable]:
    """Every variable a solution of `node` may bind."""
    name = node.name
    if name == "BGP":
        return frozenset(
            term for triple in node.triples for term in triple if isinstance(term, Variable)
        )
    if name in ("Join", "LeftJoin", "Union"):
        return _variables(node.p1) | _variables(node.p2)
    if name == "Extend":
        return _variables(node.p) | {node.var}
    if name == "Project":
        return _variables(node.p) & frozenset(node.PV)
    return _variables(node.p)  # Filter, Distinct, Reduced


def _certain(node: CompValue) -> frozenset[Variable]:
    """Variables bound in every solution of `node` by a pattern (not by BIND)."""
    name = node.name
    if name == "BGP":
        found = set()
        for triple in node.triples:
            found.update(term for term in triple if isinstance(term, Variable))
        return frozenset(found)
    if name in ("Project", "Distinct", "Reduced", "Filter", "LeftJoin"):
        return _certain(node.p if name != "LeftJoin" else node.p1)
    if name == "Join":
        return _certain(node.p1) | _certain(node.p2)
    if name == "Union":
        return _certain(node.p1) & _certain(node.p2)
    if name == "Extend":
        if node.var == _THIS:
            raise _Outside("BIND to ?this")
        return _certain(node.p)
    raise _Outside(name)


# --- expressions ------------------------------------------------------------------------


def _expression(expr: object, kinds: _Kinds) -> None:
    """Check a filter expression, given what its variables are bound to."""
    if not isinstance(expr, CompValue):
        raise _Outside(f"expression {expr!r}")
    name = expr.name
    if name == "ConditionalAndExpression":
        conjuncts = [expr.expr, *(expr.other or [])]
        for test in conjuncts:  # `isIRI(?x) && ...`: false, whatever the rest, for others
            if (
                isinstance(test, CompValue)
                and test.name in _NOT_LITERAL_TESTS
                and isinstance(test.arg, Variable)
            ):
                kinds = kinds.adding(test.arg, iri=test.name != "Builtin_isBLANK")
        for conjunct in conjuncts:
            _expression(conjunct, kinds)
        return
    if name == "ConditionalOrExpression":
        for disjunct in [expr.expr, *(expr.other or [])]:
            _expression(disjunct, kinds)
        return
    if name == "UnaryNot":
        _expression(expr.expr, kinds)
        return
    if name in _TYPE_TESTS or name == "Builtin_BOUND":
        if not isinstance(expr.arg, Variable):
            raise _Outside(f"{name} of {expr.arg!r}")
        return
    if name == "Builtin_sameTerm":
        for arg in (expr.arg1, expr.arg2):
            if not isinstance(arg, Variable | URIRef | BNode):
                raise _Outside("sameTerm of a literal")
        return
    if name in ("Builtin_EXISTS", "Builtin_NOTEXISTS"):
        _pattern(expr.graph)
        return
    if name in _STRING_TESTS:
        _string_of_iri(expr.arg1, kinds)
        _plain_string(expr.arg2)
        return
    if name == "RelationalExpression":
        _relation(expr, kinds)
        return
    raise _Outside(name)


def _relation(expr: CompValue, kinds: _Kinds) -> None:
    op, left, right = expr.op, expr.expr, expr.other
    if op in ("IN", "NOT IN"):
        _term(left)
        for member in right:
            if not (isinstance(member, URIRef) or member in kinds.not_literal):
                raise _Outside("IN with a member that may be a literal")
            if isinstance(member, Variable) and left not in kinds.not_literal:
                raise _Outside("IN between variables that may both be literals")
        return
    if op not in ("=", "!="):
        raise _Outside(f"operator {op}")
    if _is_str_call(left) or _is_str_call(right):
        call, other = (left, right) if _is_str_call(left) else (right, left)
        _string_of_iri(call, kinds)
        if _is_str_call(other):
            _string_of_iri(other, kinds)
        else:
            _plain_string(other)
        return
    _term(left)
    _term(right)
    both_variables = isinstance(left, Variable) and isinstance(right, Variable)
    if both_variables and left not in kinds.not_literal and right not in kinds.not_literal:
        raise _Outside("= between two variables that may both be literals")


def _term(term: object) -> None:
    if not isinstance(term, Variable | URIRef):
        raise _Outside(f"compared term {term!r}")


def _is_str_call(expr: object) -> bool:
    return isinstance(expr, CompValue) and expr.name == "Builtin_STR"


def _string_of_iri(expr: object, kinds: _Kinds) -> None:
    if not _is_str_call(expr):
        raise _Outside("string function of something other than STR")
    arg = expr.arg  # type: ignore[union-attr]
    if not (isinstance(arg, URIRef) or arg in kinds.iri):
        raise _Outside("STR of something that may be a literal or a blank node")


def _plain_string(term: object) -> None:
    if not (
        isinstance(term, Literal) and term.language is None and term.datatype in (None, XSD.string)
    ):
        raise _Outside(f"{term!r} is not a plain string")
