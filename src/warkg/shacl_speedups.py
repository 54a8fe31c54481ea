"""Three places where pySHACL spends time for nothing, patched while warkg validates.

Both patches change how pySHACL finds things, never what it finds; `validation.validate`
applies them only when `accelerate` is on (the default), `tests/test_fast_paths.py`
compares the results with plain pySHACL on the shipped data and on broken variants,
and `benchmarks/run.py` does the same on the synthetic graphs.

- SPARQL parsed once. pySHACL hands rdflib the same query text (with $this as an
  initial binding) for every focus node of a SPARQL constraint, and rdflib parses and
  translates it every time: about 13 ms each. rdflib's query entry point here keeps each
  translated query and evaluates it again, as `prepareQuery` is meant to be used.
- Constraint parameters found by hashing. For every shape it validates, and pySHACL
  validates a nested shape (`sh:node`, `sh:or` members) once per value node, it tests
  each of the shape's predicates for membership in a list of about 40 constraint
  parameters, comparing terms one by one: 28 million `__eq__` calls, a quarter of the
  time, on a 100k-triple graph. The list is swapped for one that answers `in` from a set.
- Shapes looked up once. In the same loop it asks the shapes graph for the shape's
  predicates and objects again (1.1 million lookups through rdflib's context-aware
  store at 100k triples), though the shapes graph does not change while pySHACL
  validates. Its `subjects`, `objects` and `predicate_objects` answers are kept.

The patches are undone when validation ends; a lock keeps two threads from patching at
once (they patch module state).
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager

import pyshacl.shape
from rdflib.plugins.sparql import processor
from rdflib.plugins.sparql.algebra import translateQuery
from rdflib.plugins.sparql.parser import parseQuery

_LOCK = threading.Lock()
_UNSET = object()


@contextmanager
def accelerated() -> Iterator[None]:
    """Both patches, for the duration of one pySHACL run."""
    with _LOCK, _prepared_queries(), _hashed_parameters(), _memoised_shapes_graph():
        yield


@contextmanager
def _prepared_queries() -> Iterator[None]:
    original = processor.SPARQLProcessor.query
    prepared: dict[tuple, object] = {}

    def query(self, query, initBindings=None, initNs=None, base=None, DEBUG=False):
        if isinstance(query, str):
            key = (query, base, tuple(sorted((initNs or {}).items())))
            if key not in prepared:
                prepared[key] = translateQuery(parseQuery(query), base, initNs)
            query = prepared[key]
        return original(self, query, initBindings, initNs, base, DEBUG)

    processor.SPARQLProcessor.query = query
    try:
        yield
    finally:
        processor.SPARQLProcessor.query = original


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
    from pyshacl.constraints import ALL_CONSTRAINT_PARAMETERS, CONSTRAINT_PARAMETERS_MAP

    module = pyshacl.shape
    saved = getattr(module, "CONSTRAINT_PARAMS", _UNSET)
    module.CONSTRAINT_PARAMS = (_HashedList(ALL_CONSTRAINT_PARAMETERS), CONSTRAINT_PARAMETERS_MAP)
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
    from pyshacl.shapes_graph import ShapesGraph

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
