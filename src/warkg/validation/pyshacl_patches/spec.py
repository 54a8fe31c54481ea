"""Where pySHACL 0.40 gives other results than the SHACL spec, put right while warkg
validates (on every path: plain, accelerated and shared out among workers).

- An ill-typed literal is out of every value range. SHACL 4.4 defines sh:minInclusive
  and its siblings by the SPARQL expression `$minInclusive <= v`, which for an ill-typed
  `v` ("3825.5"^^xsd:nonNegativeInteger) is an error, not true: a validation result.
  pySHACL compares such a literal by its lexical form and lets it pass; Jena reports
  it. Its range constraints compare through one function imported into their module,
  `compare_literal`; while validation runs that name raises TypeError for an ill-typed
  literal, which pySHACL's own code turns into a result.

- Values that cannot be compared fail sh:lessThan and sh:lessThanOrEquals. SHACL 4.8.3
  and 4.8.4 give a result "where the two values cannot be compared" (SPARQL's `<`);
  pySHACL 0.40 compares rdflib Literals, which order a date and a number by datatype
  IRI rather than fail, lets a TypeError escape for others (warkg then reported the
  shapes as unusable, exit 2), and raises on a blank node. Its pair comparison is
  replaced by one that makes each such pair a result.

Private module attributes are replaced, so pyproject.toml bounds pySHACL's version and
`tests/test_validation_guards.py` pins the behaviour. A lock keeps two threads from
patching at once.
"""

from __future__ import annotations

import operator
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from decimal import Decimal

from rdflib import Literal, URIRef

_LOCK = threading.Lock()


@contextmanager
def spec_results() -> Iterator[None]:
    """The corrections above, for the duration of one pySHACL run."""
    from pyshacl.constraints.core import value_range_constraints as module

    original = module.compare_literal

    def compare(value: Literal, limit: Literal) -> int:
        if value.ill_typed or limit.ill_typed:
            raise TypeError("an ill-typed literal has no value to compare")
        return original(value, limit)

    from pyshacl.constraints.core import property_pair_constraints as pairs

    less_than = pairs.LessThanConstraintComponent
    less_or_equal = pairs.LessThanOrEqualsConstraintComponent
    saved = (less_than._compare_lt, less_or_equal._compare_ltoe)
    with _LOCK:
        module.compare_literal = compare
        less_than._compare_lt = _pair_comparison(operator.lt)
        less_or_equal._compare_ltoe = _pair_comparison(operator.le)
        try:
            yield
        finally:
            module.compare_literal = original
            less_than._compare_lt, less_or_equal._compare_ltoe = saved


def _comparable(node: object) -> tuple[object, object] | None:
    """(kind, value): what SPARQL's `<` may compare, strings (and IRIs, as pySHACL
    compares them) with strings, numbers with numbers, dates with dates and so on; None
    for what it cannot compare at all (a blank node, an ill-typed literal)."""
    if isinstance(node, URIRef):
        return str, str(node)
    if not isinstance(node, Literal) or node.ill_typed or node.value is None:
        return None
    value = node.value
    if isinstance(value, str):
        return str, value
    if isinstance(value, int | float | Decimal) and not isinstance(value, bool):
        return Decimal, value
    return type(value), value


def _pair_comparison(holds: Callable[[object, object], bool]):
    """pySHACL's `_compare_lt`/`_compare_ltoe`, with pairs that cannot be compared (a
    blank node, an ill-typed literal, values of types `<` cannot order) a result."""

    def compare(self, value_node_set, compare_values, datagraph, focus):
        reports = []
        for value_node in value_node_set:
            left = _comparable(value_node)
            for compare_value in compare_values:
                right = _comparable(compare_value)
                try:
                    ok = (
                        left is not None
                        and right is not None
                        and left[0] is right[0]
                        and bool(holds(left[1], right[1]))
                    )
                except TypeError:
                    ok = False
                if not ok:
                    reports.append(self.make_v_result(datagraph, focus, value_node=value_node))
        return bool(reports), reports

    return compare
