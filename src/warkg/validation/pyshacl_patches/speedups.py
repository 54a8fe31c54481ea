"""Five places where pySHACL spends time for nothing, patched while warkg validates.

The patches change how pySHACL finds things, never what it finds; `validation.validate`
applies them only when `accelerate` is on (the default),
`tests/validation/test_fast_paths.py` compares the results with plain pySHACL on the
shipped data and on broken variants, and `benchmarks/run.py` does the same on the
synthetic graphs.

- SPARQL parsed once. pySHACL hands rdflib the same query text (with $this as an
  initial binding) for every focus node of a SPARQL constraint, and rdflib parses and
  translates it every time. `PreparingProcessor`, registered for the run as rdflib's
  "sparql" processor (rdflib's plugin registry: no rdflib code is replaced), keeps each
  prepared query and evaluates it again; tests/validation/test_pyshacl_patches.py pins
  the rdflib API it uses and that it answers as rdflib does.
- Constraint parameters found by hashing. For every shape it validates, and pySHACL
  validates a nested shape (`sh:node`, `sh:or` members) once per value node, it tests
  each of the shape's predicates for membership in a list of about 40 constraint
  parameters, comparing terms one by one. The list is swapped for one that answers `in`
  from a set.
- Shapes looked up once. In the same loop it asks the shapes graph for the shape's
  predicates and objects again, through rdflib's context-aware store, though the shapes
  graph does not change while pySHACL validates. Its `subjects`, `objects` and
  `predicate_objects` answers are kept.
- `sh:or` stops at the first member a value conforms to. pySHACL validates every value
  against every member and builds a full validation result (messages, stringified
  terms) for each member it fails, only to throw them away (`wsh:IntegerShape`, an
  `sh:or` of the 13 integer datatypes, builds 12 per integer value). Which member
  passes first cannot change the verdict
  (SHACL's `sh:or` needs one); what could change is an error pySHACL raises while
  loading a later member, so the short cut is taken only when every member is a
  node shape built from value checks that cannot raise on any value (`_SIMPLE`), and
  the first value an `sh:or` sees is still checked against every member, where
  pySHACL raises the errors of a badly written member. Anything else runs pySHACL's
  own loop.
- A property shape checks all its focus nodes at once. For a node shape's
  `sh:property`, pySHACL validates the property shape once per focus node, building
  its constraint components and looking up its parameters again each time. Validating
  it once with the focus nodes as a list, which `Shape.validate` accepts and evaluates
  focus node by focus node, gives the same results. The batch is taken only where
  the per-node loop and the batch are the same computation: no `abort_on_first`
  (which stops a shape at its first failing constraint), no value node met twice
  (pySHACL would report it twice), and the property shape found and not recursive
  (otherwise pySHACL's own loop warns or raises as it does).

The patches are undone when validation ends; a lock keeps two threads from patching at
once (they patch module state).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import ClassVar

import pyshacl.shape
from pyshacl import constraints as _constraints
from pyshacl.constraints.core.logical_constraints import OrConstraintComponent
from pyshacl.constraints.core.shape_based_constraints import PropertyConstraintComponent
from pyshacl.shapes_graph import ShapesGraph
from rdflib import RDF, RDFS, plugin
from rdflib.namespace import SH
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.sparql import Query
from rdflib.query import Processor
from rdflib.term import Node

from warkg.validation.pyshacl_patches.require import require

require(processor.SPARQLProcessor, "query")
require(_constraints, "ALL_CONSTRAINT_PARAMETERS")
require(_constraints, "CONSTRAINT_PARAMETERS_MAP")
for _name in ("subjects", "objects", "predicate_objects"):
    require(ShapesGraph, _name)
require(OrConstraintComponent, "_evaluate_or_constraint")
require(PropertyConstraintComponent, "_evaluate_property_shape")

_LOCK = threading.Lock()
_UNSET = object()


@contextmanager
def accelerated() -> Iterator[None]:
    """The patches, for the duration of one pySHACL run."""
    with (
        _LOCK,
        _prepared_queries(),
        _hashed_parameters(),
        _memoised_shapes_graph(),
        _first_conforming_member(),
        _property_shapes_at_once(),
    ):
        yield


class PreparingProcessor(processor.SPARQLProcessor):
    """rdflib's SPARQL processor keeping each query text it prepares (`prepareQuery`),
    so a text asked again is evaluated without parsing it again. The key is all that
    preparing reads: the text, `initNs` and `base`. Only public rdflib API: a subclass
    of its processor, its `query` called as `Graph.query` calls it."""

    prepared: ClassVar[dict[tuple, Query]] = {}

    def query(self, strOrQuery, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(strOrQuery, str):
            key = (strOrQuery, base, tuple(sorted((initNs or {}).items())))
            if key not in self.prepared:
                self.prepared[key] = processor.prepareQuery(strOrQuery, initNs, base)
            strOrQuery = self.prepared[key]
        return super().query(strOrQuery, initBindings, initNs, base, DEBUG)


@contextmanager
def _prepared_queries() -> Iterator[None]:
    """`PreparingProcessor` as the "sparql" processor every `Graph.query` uses, chosen
    the way rdflib offers (`rdflib.plugin.register`); the one before it is registered
    again afterwards, and the kept queries are dropped."""
    before = plugin.get("sparql", Processor)
    plugin.register("sparql", Processor, __name__, PreparingProcessor.__name__)
    try:
        yield
    finally:
        plugin.register("sparql", Processor, before.__module__, before.__qualname__)
        PreparingProcessor.prepared.clear()


class _HashedList(list):
    """A list whose `in` is a set lookup; `copy` and `append` keep it so (pySHACL copies
    the parameter list and appends sh:expression to it on every shape it validates)."""

    def __init__(self, items: Iterable = ()) -> None:
        super().__init__(items)
        self._members = set(self)

    def __contains__(self, item: object) -> bool:
        return item in self._members

    def append(self, item: object) -> None:
        super().append(item)
        self._members.add(item)

    def copy(self) -> _HashedList:
        return _HashedList(self)


@contextmanager
def _hashed_parameters() -> Iterator[None]:
    """pySHACL keeps the parameter list it looks up, once found, on its `shape` module as
    CONSTRAINT_PARAMS; setting it first makes it use ours."""
    module = pyshacl.shape
    saved = getattr(module, "CONSTRAINT_PARAMS", _UNSET)
    module.CONSTRAINT_PARAMS = (
        _HashedList(_constraints.ALL_CONSTRAINT_PARAMETERS),
        _constraints.CONSTRAINT_PARAMETERS_MAP,
    )
    try:
        yield
    finally:
        if saved is _UNSET:
            del module.CONSTRAINT_PARAMS
        else:
            module.CONSTRAINT_PARAMS = saved


_SHAPES_GRAPH_LOOKUPS = ("subjects", "objects", "predicate_objects")


@contextmanager
def _memoised_shapes_graph() -> Iterator[None]:
    originals = {name: getattr(ShapesGraph, name) for name in _SHAPES_GRAPH_LOOKUPS}

    def memoised(name: str, original):
        def lookup(self, *args):
            answers = self.__dict__.setdefault("_warkg_lookups", {})
            key = (name, *args)
            if key not in answers:
                answers[key] = tuple(original(self, *args))
            return iter(answers[key])

        return lookup

    for name, original in originals.items():
        setattr(ShapesGraph, name, memoised(name, original))
    try:
        yield
    finally:
        for name, original in originals.items():
            setattr(ShapesGraph, name, original)


_SIMPLE = frozenset(
    {
        RDF.type,
        SH.datatype,
        SH.nodeKind,
        SH["in"],
        SH.hasValue,
        SH["class"],
        SH.message,
        SH.severity,
        SH.name,
        SH.description,
        RDFS.label,
        RDFS.comment,
    }
)
"""What a member of `sh:or` may say for the short cut: value checks whose evaluation
cannot raise once the shape has loaded, and words for people."""


@contextmanager
def _first_conforming_member() -> Iterator[None]:
    original = OrConstraintComponent._evaluate_or_constraint
    found: dict[tuple[int, Node], list | None] = {}
    loaded: set[tuple[int, Node]] = set()  # every member validated once, as pySHACL does

    def evaluate(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path):
        key = (id(self.shape), or_c)  # pySHACL keeps its Shape objects for the whole run
        if key not in found:
            found[key] = _simple_members(self, or_c)
        members = found[key]
        if members is None:
            return original(self, executor, or_c, target_graph, focus_value_nodes, _evaluation_path)
        reports = []
        for focus, value_nodes in focus_value_nodes.items():
            for value in value_nodes:
                passed = False
                for member in members:
                    conforms, _ = member.validate(
                        executor, target_graph, focus=value, _evaluation_path=_evaluation_path[:]
                    )
                    passed = passed or conforms
                    if passed and key in loaded:
                        break
                loaded.add(key)
                if not passed:
                    reports.append(self.make_v_result(target_graph, focus, value_node=value))
        return bool(reports), reports

    OrConstraintComponent._evaluate_or_constraint = evaluate
    try:
        yield
    finally:
        OrConstraintComponent._evaluate_or_constraint = original


def _simple_members(component, or_c) -> list | None:
    """The members of `or_c` in list order as pySHACL shapes, or None where the short
    cut is not proven (a member that says more than `_SIMPLE`, a filtered-out or missing
    member, a list that is not one)."""
    sg = component.shape.sg
    graph = sg.graph
    nodes = list(dict.fromkeys(graph.items(or_c)))
    if not nodes:
        return None
    members = []
    for node in nodes:
        if sg.is_filtered_out_shape(node):
            return None
        if (node, RDF.type, SH.NodeShape) not in graph:
            return None
        if any(predicate not in _SIMPLE for predicate in graph.predicates(node, None)):
            return None
        member = component.shape.get_other_shape(node)
        if not member:
            return None
        members.append(member)
    return members


@contextmanager
def _property_shapes_at_once() -> Iterator[None]:
    original = PropertyConstraintComponent._evaluate_property_shape

    def evaluate(
        self,
        executor,
        prop_shape,
        target_graph,
        focus_value_nodes,
        potentially_recursive,
        _evaluation_path,
    ):
        values = [value for nodes in focus_value_nodes.values() for value in nodes]
        found = self.shape.get_other_shape(prop_shape)
        if (
            executor.abort_on_first
            or len(values) < 2
            or len(set(values)) != len(values)
            or not found
            or not found.is_property_shape
            or (potentially_recursive and found in potentially_recursive)
        ):
            return original(
                self,
                executor,
                prop_shape,
                target_graph,
                focus_value_nodes,
                potentially_recursive,
                _evaluation_path,
            )
        conforms, reports = found.validate(
            executor, target_graph, focus=values, _evaluation_path=_evaluation_path[:]
        )
        return not conforms, reports

    PropertyConstraintComponent._evaluate_property_shape = evaluate
    try:
        yield
    finally:
        PropertyConstraintComponent._evaluate_property_shape = original
