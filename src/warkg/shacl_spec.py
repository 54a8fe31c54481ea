"""Where pySHACL 0.40 gives other results than the SHACL spec, put right while warkg
validates (on every path: plain, accelerated and shared out among workers).

- An ill-typed literal is out of every value range. SHACL 4.4 defines sh:minInclusive
  and its siblings by the SPARQL expression `$minInclusive <= v`, which for an ill-typed
  `v` ("3825.5"^^xsd:nonNegativeInteger) is an error, not true: a validation result.
  pySHACL compares such a literal by its lexical form and lets it pass; Jena reports
  it. Its range constraints compare through one function imported into their module,
  `compare_literal`; while validation runs that name raises TypeError for an ill-typed
  literal, which pySHACL's own code turns into a result.

A private module attribute is replaced, so pyproject.toml bounds pySHACL's version and
`tests/test_literals_as_written.py` pins the behaviour. A lock keeps two threads from
patching at once.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager

from rdflib import Literal

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

    with _LOCK:
        module.compare_literal = compare
        try:
            yield
        finally:
            module.compare_literal = original
