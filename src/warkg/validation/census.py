"""What a validation run checks: the shapes in the shapes graph and their focus nodes.

pySHACL reports only the results it found, so a shapes file with no shape in it, or
shapes whose targets match nothing in the data, validate to "conforms" having checked
nothing: an empty or mistyped shapes file would turn a CI run green. `take` counts the
shapes and each shape's focus nodes the way pySHACL finds them
(`pyshacl_patches.focus`), so `validation` can refuse a run that checks nothing and say
in its summary how much was checked.

The focus nodes are found again when pySHACL validates: cheap for the core targets and
for SPARQL targets `targets` has answered (`sh:targetNode` by then), a second rdflib
evaluation for any other SPARQL target. `parallel` reuses the counts to share out the
shapes.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph
from rdflib.namespace import SH
from rdflib.term import Node

from warkg.validation.pyshacl_patches.focus import focus_nodes


@dataclass(frozen=True)
class Census:
    """`shapes`: every shape pySHACL found; `focus`: how many focus nodes each active
    (not sh:deactivated) one that has any has, `targets` which; `nodes`: the distinct
    focus nodes of all shapes together; `rules`: whether any shape has an sh:rule."""

    shapes: int
    focus: dict[Node, int] = field(default_factory=dict)
    targets: dict[Node, tuple[Node, ...]] = field(default_factory=dict)
    nodes: int = 0
    rules: bool = False

    @property
    def checks_nothing(self) -> bool:
        """No shape has a focus node, and no SHACL rule could add one before validation."""
        return not self.focus and not self.rules


def take(shapes: Graph, data: Graph) -> Census:
    """The census of `shapes` on `data`; pySHACL's errors for unusable shapes propagate,
    for the caller to report as it reports them from a validation run."""
    found = focus_nodes(shapes, data)
    focus: dict[Node, int] = {}
    kept: dict[Node, tuple[Node, ...]] = {}
    nodes: set[Node] = set()
    for shape, targets in found:
        if targets:
            focus[shape] = len(targets)
            kept[shape] = targets
            nodes.update(targets)
    rules = next(iter(shapes.subjects(SH.rule, None)), None) is not None
    return Census(shapes=len(found), focus=focus, targets=kept, nodes=len(nodes), rules=rules)
