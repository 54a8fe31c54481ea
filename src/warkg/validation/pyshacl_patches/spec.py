"""Where pySHACL 0.40 gives other results than the SHACL spec, put right while warkg
validates (on every path: plain, accelerated and shared out among workers). Each one is
an entry in the list of upstream bugs (tests/validation/upstream.py) with a test that
shows pySHACL's answer and ours.

- Value ranges compare as SPARQL does (`literals.order`). SHACL 4.4 defines
  sh:minInclusive and its siblings by the SPARQL expression `$minInclusive <= v`, which
  is an error (so a result) for an ill-typed `v`, for a boolean against a number, a date
  against a number and so on, and false for NaN. pySHACL orders such values anyway (a
  boolean as 0 or 1, an ill-typed literal by its text) and raises on a decimal NaN. Its
  range constraints compare through `compare_literal`, imported into their module;
  while validation runs that name is ours, and raises TypeError where SPARQL's answer
  is an error or false, which pySHACL's own code turns into a result.
- sh:lessThan and sh:lessThanOrEquals (SHACL 4.8.3, 4.8.4): a result "where the two
  values cannot be compared". pySHACL compares IRIs as strings, raises on blank nodes
  and on NaN (warkg then reported the shapes as unusable, exit 2). Its pair comparisons
  are replaced by ones built on `literals.order`.
- sh:minLength gives a result for a blank node whatever its value (SHACL 4.7.1);
  pySHACL skips the check altogether when it is 0.
- sh:datatype (SHACL 4.1.1): a value conforms only if it is a literal whose datatype is
  the one given and which is not ill-typed. pySHACL asks only whether Python could
  convert the text (so "1_000"^^xsd:integer and "NaN"^^xsd:decimal passed), and lets any
  literal pass sh:datatype rdfs:Literal and any typed one rdfs:Datatype, which are the
  datatype of no literal. Its evaluation is replaced by the spec's.

What is replaced is checked when this module is imported, so a pySHACL without it fails
at once with a message rather than validating differently; pyproject.toml bounds
pySHACL's version, tests/validation/test_upstream_bugs.py shows each departure on plain
pySHACL (and fails when a release fixes it) and test_gate_findings.py warkg's answer to
the same cases. A lock keeps two threads from patching at once.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from pyshacl.constraints.core import property_pair_constraints as _pairs
from pyshacl.constraints.core import string_based_constraints as _strings
from pyshacl.constraints.core import value_constraints as _values
from pyshacl.constraints.core import value_range_constraints as _ranges
from rdflib import BNode, Literal

from warkg.validation import literals
from warkg.validation.pyshacl_patches.require import require

require(_ranges, "compare_literal")
require(_pairs.LessThanConstraintComponent, "_compare_lt")
require(_pairs.LessThanOrEqualsConstraintComponent, "_compare_ltoe")
require(_strings.MinLengthConstraintComponent, "_evaluate_string_rule")
require(_strings.MinLengthConstraintComponent, "value_node_to_string")
require(_values.DatatypeConstraintComponent, "evaluate")

_LOCK = threading.Lock()


@contextmanager
def spec_results() -> Iterator[None]:
    """The corrections above, for the duration of one pySHACL run."""
    saved = (
        _ranges.compare_literal,
        _pairs.LessThanConstraintComponent._compare_lt,
        _pairs.LessThanOrEqualsConstraintComponent._compare_ltoe,
        _strings.MinLengthConstraintComponent._evaluate_string_rule,
        _values.DatatypeConstraintComponent.evaluate,
    )

    with _LOCK:
        _ranges.compare_literal = _compare
        _pairs.LessThanConstraintComponent._compare_lt = _pairs_where(lambda o: o < 0)
        _pairs.LessThanOrEqualsConstraintComponent._compare_ltoe = _pairs_where(lambda o: o <= 0)
        _strings.MinLengthConstraintComponent._evaluate_string_rule = _min_length
        _values.DatatypeConstraintComponent.evaluate = _datatype
        try:
            yield
        finally:
            (
                _ranges.compare_literal,
                _pairs.LessThanConstraintComponent._compare_lt,
                _pairs.LessThanOrEqualsConstraintComponent._compare_ltoe,
                _strings.MinLengthConstraintComponent._evaluate_string_rule,
                _values.DatatypeConstraintComponent.evaluate,
            ) = saved


def _compare(value: Literal, limit: Literal) -> int:
    """pySHACL's `compare_literal(v, limit)`: the order, or TypeError (a result) where
    SPARQL's comparison is an error or false."""
    found = literals.order(value, limit)
    if found is None:
        raise TypeError("SPARQL cannot order these values")
    return found


def _pairs_where(holds: Callable[[int], bool]):
    """pySHACL's `_compare_lt`/`_compare_ltoe`: a result for each pair whose order does
    not satisfy `holds`, or that SPARQL cannot order."""

    def compare(self, value_node_set, compare_values, datagraph, focus):
        reports = []
        for value_node in value_node_set:
            for compare_value in compare_values:
                found = literals.order(value_node, compare_value)
                if found is None or not holds(found):
                    reports.append(self.make_v_result(datagraph, focus, value_node=value_node))
        return bool(reports), reports

    return compare


def _min_length(self, rule, target_graph, focus_value_nodes):
    """pySHACL's MinLength `_evaluate_string_rule`, with a blank node a result even for
    sh:minLength 0."""
    minimum = rule.value
    reports = []
    for focus, value_nodes in focus_value_nodes.items():
        for value in value_nodes:
            if isinstance(value, BNode) or len(self.value_node_to_string(value)) < minimum:
                reports.append(self.make_v_result(target_graph, focus, value_node=value))
    return bool(reports), reports


def _datatype(self, executor, target_graph, focus_value_nodes, _evaluation_path):
    """pySHACL's DatatypeConstraintComponent.evaluate, by the spec: a result for each
    value that is not a well-typed literal of the datatype."""
    wanted = self.datatype_rule
    reports = []
    for focus, value_nodes in focus_value_nodes.items():
        for value in value_nodes:
            if not (isinstance(value, Literal) and literals.has_datatype(value, wanted)):
                reports.append(self.make_v_result(target_graph, focus, value_node=value))
    return not reports, reports
