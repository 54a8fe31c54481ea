"""SHACL validation of the data and of the ontology, with a verdict of our own.

pySHACL gets one data graph: a copy of the data with the ontology's triples added, and
no inference. Why not `ont_graph`? pySHACL 0.40 copies only the RDFS/OWL axioms of an
`ont_graph` into the data graph (its "inoculation"), so skos:definition, dcterms:title
and the like never reach the meta-shapes that check the ontology, and every term fails
them. With inference "none" the ontology's triples cost no more than any other; what
STACK-NOTES warns about is OWL plus inference.

A run that checks nothing of the user's is an input error, not a pass: no shape, no
data, no focus node, or focus nodes that are all the ontology's (shapes whose targets
reach nothing in the data would otherwise "conform" on the ontology alone).
"""

from __future__ import annotations

from pyparsing import ParseBaseException
from pyshacl.errors import ReportableRuntimeError
from rdflib import Graph
from rdflib.term import Node

from warkg import paths
from warkg.errors import InputError
from warkg.rdf.loading import new_graph, source_files
from warkg.validation import census, narrowing, parallel, preflight, targets
from warkg.validation.engine import check, quiet_pyshacl, reason, sparql_syntax, unusable
from warkg.validation.model import (
    ValidationReport,
    ValidationResult,
    fail_level,
    fails,
    ordered,
)

__all__ = ["ValidationReport", "ValidationResult", "validate"]


def validate(
    data: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    *,
    fail_on: str | None = None,
    strict: bool = False,
    accelerate: bool = True,
    own_data: bool = False,
    workers: int | None = None,
) -> ValidationReport:
    """Validate `data` (and `ontology`, checked by the meta-shapes) against `shapes`.
    `fail_on` (`violation`, the default; `warning`; `info`) says which results fail the
    run (`model.fails`); `strict` is the older spelling of `fail_on="warning"`. Neither
    input graph is changed.

    InputError (one line) for shapes pySHACL cannot use, and for a run that would check
    nothing: no shape in `shapes`, no triple in `data`, no focus node for any shape, or
    none among the data's own nodes.

    `accelerate` (the default) answers SPARQL targets with pyoxigraph (`targets`),
    checks SPARQL constraints only on the focus nodes pyoxigraph says they can fire on
    (`narrowing`), both only for queries `fragment` proves pyoxigraph answers as rdflib
    does, and patches slow loops in pySHACL (`pyshacl_patches.speedups`): the same
    results, in much less time. `accelerate=False` is pySHACL with only the spec
    corrections, the reference the differential test compares with.

    `own_data` hands `data`, which must then hold the ontology too, to pySHACL as it is,
    sparing a copy of the whole graph and its memory; its literals must be as
    `rdf.loading` reads them for validation. The ontology may still be given: it then
    only tells the data's nodes from its own.

    `workers` processes share out the shapes (`parallel`); by default every core for a
    graph of 200,000 triples or more, one process below that. Given explicitly, it is
    used on a graph of any size (the tests force it on small graphs). Shapes the
    shared-out path is not proven safe for run in one process whatever `workers` says."""
    level = fail_level(fail_on, strict=strict)
    preflight.refuse_remote_sparql(shapes)
    combined = data if own_data else _combined(data, ontology)
    if len(combined) == 0:
        raise InputError(f"{_named('data', data)}: no triple to validate")
    cycle = preflight.recursion(shapes)
    if cycle is not None:
        raise InputError(f"{unusable(shapes)}: {cycle}")
    checked = preflight.prepared(shapes)
    store = targets.DataStore(combined)  # built only if a fast path needs it
    checked = targets.materialise(combined, checked, store) if accelerate else checked
    found = _census(combined, checked, shapes)
    if found.shapes == 0:
        raise InputError(f"{_named('shapes', shapes)}: no SHACL shape in the shapes graph")
    if found.checks_nothing:
        raise InputError(
            f"{_named('shapes', shapes)}: none of the {found.shapes} shapes has a focus node "
            "in the data, so nothing would be checked"
        )
    if ontology is not None and not found.rules:
        _refuse_if_only_the_ontology_is_checked(data, combined, ontology, found)
    if accelerate:
        checked = narrowing.narrow(combined, checked, found.targets, store)
    workers = parallel.workers_for(combined) if workers is None else workers
    groups = parallel.largest_first(found.focus)
    shared = workers > 1 and bool(groups) and parallel.unsafe(checked, groups) is None
    if shared:

        def check_one(shape: Node) -> tuple[str, object]:
            alone = parallel.only(checked, shape)
            return check(combined, alone, shapes, accelerate=accelerate)

        answers = parallel.run(check_one, combined, groups, workers)
    else:
        answers = [check(combined, checked, shapes, accelerate=accelerate)]
    results: list[ValidationResult] = []
    for kind, answer in answers:
        if kind == "error":
            raise InputError(str(answer))
        results.extend(answer)  # type: ignore[arg-type]
    results = ordered(results)
    return ValidationReport(
        passed=not any(fails(r.severity, level) for r in results),
        results=results,
        shapes=found.shapes,
        focus_nodes=found.nodes,
        shared_out=shared,
        fail_on=level,
    )


def _combined(data: Graph, ontology: Graph | None) -> Graph:
    """A copy of `data` and `ontology` in one graph, xsd:string literals written as the
    simple literals RDF 1.1 makes them (`preflight`)."""
    combined = new_graph()
    for graph in (data, ontology) if ontology is not None else (data,):
        # pySHACL 0.40 resolves a SPARQL prefix sh:prefixes does not declare through
        # the data graph's bindings (W3C test prefixes-001): keep them.
        for prefix, namespace in graph.namespaces():
            combined.bind(prefix, namespace, override=False)
        simple = preflight.simple
        combined.addN((s, p, simple(o), combined) for s, p, o in graph)
    return combined


def _refuse_if_only_the_ontology_is_checked(
    data: Graph, combined: Graph, ontology: Graph, found: census.Census
) -> None:
    """InputError unless some focus node is a node of the data rather than only of the
    ontology (the ontology's own nodes are always checked by the meta-shapes), or the
    data has no node of its own (the ontology alone was given to check)."""

    def only_the_ontology_s(node: Node) -> bool:
        if (node, None, None) not in ontology and (None, None, node) not in ontology:
            return False
        mentions = sum(1 for _ in combined.triples((node, None, None)))
        return mentions == sum(1 for _ in ontology.triples((node, None, None)))

    focus = {node for nodes in found.targets.values() for node in nodes}
    if any(not only_the_ontology_s(node) for node in focus):
        return
    nodes = {n for s, _, o in combined for n in (s, o)}
    nodes -= {n for s, _, o in ontology for n in (s, o)}
    if not nodes:  # only the ontology was given to check, and it was
        return
    raise InputError(
        f"{_named('data', data)}: none of the {len(nodes):,} node{'' if len(nodes) == 1 else 's'} "
        f"of the data is a focus node of the {found.shapes:,} shapes, so nothing in it was "
        "checked"
    )


def _census(data: Graph, checked: Graph, shapes: Graph) -> census.Census:
    """`census.take`, pySHACL's errors for unusable shapes as one line."""
    try:
        with quiet_pyshacl():
            return census.take(checked, data)
    except ReportableRuntimeError as error:
        raise InputError(f"{unusable(shapes)}: {reason(error)}") from None
    except ParseBaseException as error:
        raise InputError(f"{unusable(shapes)}: {sparql_syntax(shapes, error)}") from None
    except RecursionError:
        raise InputError(f"{unusable(shapes)}: pySHACL recursed too deeply") from None


def _named(kind: str, graph: Graph) -> str:
    """The files a graph was loaded from, or what it is (`data`, `shapes`)."""
    files = ", ".join(paths.display_path(path) for path in source_files(graph))
    return files or kind
