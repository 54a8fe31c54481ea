"""Mutations of the shipped data, one or more for every shape in shapes/warkg-shapes.ttl.

A mutation is one careless edit of one node: drop a property's values, add a stray
value of the wrong kind, and so on (`OPS`). Which edit makes which shape fire was found
by search (`python -m tests.support.mutations`, which tries the edits on each shape's focus
nodes in order, validating after each, and writes tests/data/mutations.json); the
tests replay the recorded edits (`apply`) and check each shape fires, through every
validation path, and in the second engine. The search is not run by the tests: it
validates the data a few hundred times.

Shapes no generic edit reaches are broken by hand in tests/validation/test_shapes_on_broken_data.py
and tests/wikidata/test_wikidata_alignment.py (`HAND_MADE` lists which); `dead` in the JSON names
any shape nothing fires, so the test can fail on it.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterable
from pathlib import Path

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

CORPUS = Path(__file__).parents[1] / "data" / "mutations.json"
MUTANT = URIRef("https://w3id.org/warkg/id/mutant")


def _values(graph: Graph, focus: Node, path: URIRef, inverse: bool) -> list[Node]:
    if inverse:
        return list(graph.subjects(path, focus))
    return list(graph.objects(focus, path))


def _add(graph: Graph, focus: Node, path: URIRef, inverse: bool, value: Node) -> None:
    graph.add((value, path, focus) if inverse else (focus, path, value))


def _drop(graph: Graph, focus: Node, path: URIRef, inverse: bool) -> None:
    if inverse:
        graph.remove((None, path, focus))
    else:
        graph.remove((focus, path, None))


def _copy_of_value(graph: Graph, focus: Node, path: URIRef, inverse: bool) -> None:
    """A second value like the first, so one value becomes two."""
    for value in _values(graph, focus, path, inverse)[:1]:
        if isinstance(value, Literal):
            copy = Literal(f"{value} (copy)", lang=value.language, datatype=value.datatype)
        else:
            copy = MUTANT
        _add(graph, focus, path, inverse, copy)


def _replace(value: Node) -> Callable[[Graph, Node, URIRef, bool], None]:
    def replace(graph: Graph, focus: Node, path: URIRef, inverse: bool) -> None:
        _drop(graph, focus, path, inverse)
        _add(graph, focus, path, inverse, value)

    return replace


def _extra(value: Node) -> Callable[[Graph, Node, URIRef, bool], None]:
    def extra(graph: Graph, focus: Node, path: URIRef, inverse: bool) -> None:
        _add(graph, focus, path, inverse, value)

    return extra


OPS: dict[str, Callable[[Graph, Node, URIRef, bool], None]] = {
    "drop": _drop,
    "copy-of-value": _copy_of_value,
    "replace-with-text": _replace(Literal("mutant")),
    "replace-with-iri": _replace(MUTANT),
    "replace-with-negative": _replace(Literal(-1)),
    "replace-with-empty-text": _replace(Literal("")),
    "replace-with-french-text": _replace(Literal("mutant", lang="fr")),
    "replace-with-bad-date": _replace(Literal("2020-02-30", datatype=XSD.date)),
    "extra-text": _extra(Literal("mutant")),
    "extra-iri": _extra(MUTANT),
    "extra-true": _extra(Literal(True)),
    "extra-blank-node": _extra(BNode()),
}


def apply(graph: Graph, mutation: dict) -> None:
    """Make one recorded edit (a JSON object from the corpus) in `graph`."""
    focus = URIRef(mutation["focus"])
    OPS[mutation["op"]](graph, focus, URIRef(mutation["path"]), mutation["inverse"])


def load() -> dict:
    return json.loads(CORPUS.read_text(encoding="utf-8"))


def _simple_path(shapes: Graph, shape: Node) -> tuple[URIRef, bool] | None:
    path = shapes.value(shape, SH.path)
    if isinstance(path, URIRef):
        return path, False
    inverse = shapes.value(path, SH.inversePath) if path is not None else None
    if isinstance(inverse, URIRef):
        return inverse, True
    return None


def _search(known: dict[str, dict | None], limit_focus: int = 2) -> dict:  # pragma: no cover
    from warkg.errors import InputError
    from warkg.rdf import loading
    from warkg.rdf.terms import shorten_term
    from warkg.validation import api as validation
    from warkg.validation import targets as shacl_targets
    from warkg.validation.pyshacl_patches.focus import focus_nodes

    shapes = loading.load_shapes()
    base = loading.load_files([loading.paths.triples_dir()], as_written=True)
    for path in loading.paths.ontology_files():
        loading.parse_into(base, path, as_written=True)
    checked = shacl_targets.materialise(base, shapes)
    focus_of: dict[Node, list[Node]] = {
        shape: sorted(nodes or (), key=str) for shape, nodes in focus_nodes(checked, base)
    }
    owners: dict[Node, Node] = {p: n for n, p in checked.subject_objects(SH.property)}
    corpus: dict = {"mutations": {}, "unreached": []}
    properties = sorted({p for p in owners if isinstance(p, URIRef)}, key=str)
    for shape in properties:
        name = shorten_term(shape)
        if name in known:  # found by an earlier, interrupted search (its log)
            if known[name] is None:
                corpus["unreached"].append(name)
            else:
                corpus["mutations"][name] = known[name]
            continue
        simple = _simple_path(checked, shape)
        focus_nodes = focus_of.get(shape) or focus_of.get(owners[shape], [])
        found = None
        if simple is not None:
            path, inverse = simple
            for focus in focus_nodes[:limit_focus]:
                for op in OPS:
                    if (
                        inverse
                        and op.startswith(("replace-with-", "extra-"))
                        and ("iri" not in op and "blank" not in op)
                    ):
                        continue  # a literal cannot be a subject
                    mutation = {
                        "op": op,
                        "focus": str(focus),
                        "path": str(path),
                        "inverse": inverse,
                    }
                    broken = Graph()
                    broken += base
                    apply(broken, mutation)
                    try:
                        report = validation.validate(broken, shapes, own_data=True)
                    except InputError:
                        continue
                    if any(r.terms[3] == shape for r in report.results):
                        found = mutation
                        break
                if found:
                    break
        if found:
            corpus["mutations"][name] = found
        else:
            corpus["unreached"].append(name)
        print(name, found, file=sys.stderr)
    return corpus


def shape_names(shapes: Graph) -> dict[str, set[str]]:
    """Every named shape: node shapes, property shapes and SPARQL constraints."""
    from warkg.rdf.terms import shorten_term

    kinds: dict[str, Iterable[Node]] = {
        "node shape": shapes.subjects(None, SH.NodeShape),
        "property shape": shapes.objects(None, SH.property),
        "SPARQL constraint": shapes.objects(None, SH.sparql),
    }
    return {
        kind: {shorten_term(n) for n in nodes if isinstance(n, URIRef)}
        for kind, nodes in kinds.items()
    }


def _resume(log: Path) -> dict[str, dict | None]:  # pragma: no cover
    """`name {mutation}` / `name None` lines that an interrupted search printed."""
    import ast

    known: dict[str, dict | None] = {}
    for line in log.read_text(encoding="utf-8").splitlines():
        name, _, rest = line.partition(" ")
        if name.startswith("wsh:") and (rest == "None" or rest.startswith("{")):
            known[name] = None if rest == "None" else ast.literal_eval(rest)
    return known


if __name__ == "__main__":  # pragma: no cover
    known = _resume(Path(sys.argv[1])) if len(sys.argv) > 1 else {}
    CORPUS.write_text(json.dumps(_search(known), indent=2) + "\n", encoding="utf-8")
