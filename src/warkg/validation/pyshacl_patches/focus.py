"""pySHACL's own answer to "which shapes, and which focus nodes does each have": its
`ShapesGraph` with SHACL-AF target types applied, and `Shape.focus_nodes` with advanced
features on, as `pyshacl.validate(advanced=True)` finds them. Not a patch: a read of
pySHACL's internals, kept here so this folder is the only one that touches them.
"""

from __future__ import annotations

from pyshacl import shape as _shape
from pyshacl import shapes_graph as _shapes_graph
from pyshacl import target as _target
from rdflib import Graph
from rdflib.term import Node

from warkg.validation.pyshacl_patches.require import require

require(_shapes_graph, "ShapesGraph")
require(_shapes_graph.ShapesGraph, "shapes")
require(_target, "gather_target_types")
require(_target, "apply_target_types")
for _name in ("deactivated", "focus_nodes", "node", "set_advanced"):
    require(_shape.Shape, _name)


def focus_nodes(shapes: Graph, data: Graph) -> list[tuple[Node, tuple[Node, ...] | None]]:
    """Every shape pySHACL finds in `shapes`, in its order, with its focus nodes in
    `data`; None for a deactivated shape (sh:deactivated true: pySHACL checks nothing
    with it). pySHACL's errors for unusable shapes propagate."""
    graph = _shapes_graph.ShapesGraph(shapes)
    _target.apply_target_types(_target.gather_target_types(graph))
    found: list[tuple[Node, tuple[Node, ...] | None]] = []
    for shape in graph.shapes:
        if shape.deactivated:
            found.append((shape.node, None))
            continue
        shape.set_advanced(True)
        found.append((shape.node, tuple(shape.focus_nodes(data))))
    return found
