"""SHACL validation of the data and of the ontology, with a verdict of our own.

pySHACL gets one data graph: a copy of the data with the ontology's triples added, and
no inference. Why not `ont_graph`? pySHACL 0.40 copies only the RDFS/OWL axioms of an
`ont_graph` into the data graph (its "inoculation"), so skos:definition, dcterms:title
and the like never reach the meta-shapes that check the ontology, and every term fails
them. The ontology is small (about a thousand triples) and, with inference "none",
its triples cost no more than any other (2.7 s vs 2.8 s on the 0.1.0 data); what
STACK-NOTES warns about is OWL plus inference. `advanced=True` turns on SHACL-AF.

Shapes are input too: a SPARQL constraint with SERVICE or FROM would make rdflib fetch
a URL, so such shapes are refused before pySHACL sees them.

Two verdicts, kept apart: SHACL's sh:conforms is false as soon as there is any result
(`ValidationReport.conforms`, carried by every report format); ours, which the exit code
follows, fails on any sh:Violation, on an sh:Warning or a custom severity only when
strict, never on an sh:Info (`ValidationReport.passed`, `fails`). A run that would
check nothing (no shape, no data, no focus node) is an input error, not a pass.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

import pyshacl
from pyparsing import ParseBaseException
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, RDFS, BNode, Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import OWL, SH
from rdflib.plugins.sparql.parser import parseQuery
from rdflib.term import Node

from warkg import paths
from warkg.errors import InputError
from warkg.rdf.loading import new_graph, source_files
from warkg.rdf.namespaces import WARKG
from warkg.rdf.terms import shorten_term
from warkg.sparql import checks as sparql
from warkg.sparql import scan as sparql_scan
from warkg.validation import (
    census as shacl_census,
)
from warkg.validation import (
    narrowing as shacl_narrowing,
)
from warkg.validation import (
    parallel as shacl_parallel,
)
from warkg.validation import (
    targets as shacl_targets,
)
from warkg.validation.pyshacl_patches import spec as shacl_spec
from warkg.validation.pyshacl_patches import speedups as shacl_speedups

SEVERITIES = ("Violation", "Warning", "Info")
_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One sh:ValidationResult, its terms written with our prefixes (`claim:foo`).

    `source_shape` is the shape's IRI; for an anonymous property shape it is the IRI of
    the node shape that declares it, since a blank node name means nothing to a reader.
    `path` and `value` are None when the result has none. `focus_node` is the focus as
    an rdflib term, kept so reports can find where it is written in the Turtle; it
    takes no part in comparisons, so results still compare by what a reader sees."""

    severity: str
    focus: str
    path: str | None
    source_shape: str
    constraint: str
    message: str
    value: str | None
    focus_node: Node | None = field(default=None, compare=False, repr=False)
    terms: tuple[Node | str | None, ...] = field(default=(), compare=False, repr=False)
    """The result as pySHACL gave it: focus node, path (as `render_path` writes it),
    value, source shape, severity, constraint component and source constraint (a SPARQL
    constraint's node, else None), as rdflib terms, for tests that compare results with
    a test suite's expected report."""

    def line(self) -> str:
        """`<severity> <focus> <path>: <message>`, the path left out when there is none."""
        where = self.focus if self.path is None else f"{self.focus} {self.path}"
        return f"{self.severity} {where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """`passed` is our verdict, what the exit code follows (a violation fails, a warning
    only when strict, an info never); `conforms` is SHACL's sh:conforms, false as soon
    as there is any result, whatever its severity. `shapes` and `focus_nodes` say how
    much was checked (`shacl_census`); `shared_out`, whether forked workers validated the
    shapes (`shacl_parallel`) or one process did."""

    passed: bool
    results: list[ValidationResult] = field(default_factory=list)
    shapes: int = 0
    focus_nodes: int = 0
    shared_out: bool = field(default=False, compare=False)

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms (section 3.6.1): true only if there is no result at all."""
        return not self.results

    def counts(self) -> Counter[str]:
        """How many results of each severity: the three SHACL ones always present, then
        any custom severity a shape gives (its name as written, `ex:Minor`)."""
        counted = Counter({severity: 0 for severity in SEVERITIES})
        counted.update(result.severity for result in self.results)
        return counted


def fails(severity: str, *, strict: bool) -> bool:
    """Our exit policy: a violation always fails the run; a warning, or a custom
    severity (any other IRI, SHACL 2.1.5), only when strict; an info never does."""
    if severity == "Violation":
        return True
    return strict and severity != "Info"


def render_path(graph: Graph, path: Node) -> str:
    """A SHACL property path in SPARQL property-path syntax (`^a`, `a/b`, `(a|b)`, `a*`)."""
    if not isinstance(path, BNode):
        return shorten_term(path)
    if (path, RDF.first, None) in graph:
        return "/".join(render_path(graph, step) for step in Collection(graph, path))
    for predicate, template in (
        (SH.inversePath, "^{}"),
        (SH.zeroOrMorePath, "{}*"),
        (SH.oneOrMorePath, "{}+"),
        (SH.zeroOrOnePath, "{}?"),
    ):
        inner = graph.value(path, predicate)
        if inner is not None:
            return template.format(render_path(graph, inner))
    alternatives = graph.value(path, SH.alternativePath)
    if alternatives is not None:
        return "(" + "|".join(render_path(graph, a) for a in Collection(graph, alternatives)) + ")"
    return shorten_term(path)


def _shape_name(shapes: Graph, shape: Node) -> str:
    if not isinstance(shape, BNode):
        return shorten_term(shape)
    for parent in sorted(shapes.subjects(None, shape)):  # sh:property, sh:sparql, ...
        if not isinstance(parent, BNode):
            return shorten_term(parent)
    name = shapes.value(shape, SH.name)
    return f"[{name}]" if name is not None else "[]"


def _message(report: Graph, shapes: Graph, node: Node, constraint: str) -> str:
    """The English (or untagged) sh:resultMessage, on one line; SPARQL constraints
    without sh:message get none from pySHACL, so name the constraint instead.

    For a SPARQL constraint pySHACL gives both the constraint's sh:message and its
    shape's; the constraint's is the specific one (as SHACL 5.3.2 has it), so the
    shape's own message is used only when the constraint has none."""
    messages = sorted(
        str(m)
        for m in report.objects(node, SH.resultMessage)
        if getattr(m, "language", None) in (None, "en")
    )
    messages = messages or sorted(str(m) for m in report.objects(node, SH.resultMessage))
    if report.value(node, SH.sourceConstraint) is not None:
        shape = report.value(node, SH.sourceShape)
        own = {str(m) for m in shapes.objects(shape, SH.message)}
        messages = [m for m in messages if m not in own] or messages
    chosen = messages[0] if messages else f"{constraint} (the shape gives no sh:message)"
    return " ".join(chosen.split())


def _results(report: Graph, shapes: Graph) -> list[ValidationResult]:
    results = []
    # The report's own results, not those pySHACL nests under them as sh:detail (the
    # results of an sh:node shape, SHACL 3.6.2.6): the spec's report lists only these.
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        constraint = shorten_term(report.value(node, SH.sourceConstraintComponent))
        focus = report.value(node, SH.focusNode)
        results.append(
            ValidationResult(
                severity=_SEVERITY_NAMES.get(severity, shorten_term(severity)),
                focus=shorten_term(focus),
                path=None if path is None else render_path(report, path),
                source_shape=_shape_name(shapes, report.value(node, SH.sourceShape)),
                constraint=constraint,
                message=_message(report, shapes, node, constraint),
                value=None if value is None else shorten_term(value),
                focus_node=focus,
                terms=(
                    focus,
                    None if path is None else render_path(report, path),
                    value,
                    report.value(node, SH.sourceShape),
                    severity,
                    report.value(node, SH.sourceConstraintComponent),
                    report.value(node, SH.sourceConstraint),
                ),
            )
        )
    return _ordered(results)


def _ordered(results: Iterable[ValidationResult]) -> list[ValidationResult]:
    """Severest first, then by what a reader sees: the same order however many
    processes found them."""
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    return sorted(
        results,
        key=lambda r: (
            rank.get(r.severity, len(rank)),
            r.focus,
            r.path or "",
            r.source_shape,
            r.constraint,
            r.message,
            r.value or "",
        ),
    )


def _walk(node: object) -> Iterator[str]:
    """Names of the nodes in an rdflib SPARQL parse tree."""
    name = getattr(node, "name", None)
    if isinstance(name, str):
        yield name
    if isinstance(node, dict):
        node = list(node.values())
    if isinstance(node, Iterable) and not isinstance(node, str):  # lists, ParseResults
        for child in node:
            yield from _walk(child)


def refuse_remote_sparql(shapes: Graph) -> None:
    """InputError if any SPARQL in the shapes uses SERVICE or FROM (remote fetches).

    A text is parsed only if, with its codepoint escapes expanded as rdflib expands them
    before parsing, it names SERVICE or FROM outside its IRIs, strings and comments
    (`sparql_scan.may_name_remote`, one linear pass): without one it cannot hold either
    clause, and parsing costs 20-50 ms a text (a tenth of validating the shipped data;
    one shipped shape says `prov:wasDerivedFrom`). A text that does not parse is
    reported by pySHACL when it loads it."""
    for predicate in (SH.select, SH.ask, SH.construct):
        for shape, text in shapes.subject_objects(predicate):
            where = f"shape {_shape_name(shapes, shape)}"
            try:
                expanded = sparql.expand(str(text)).text
            except InputError as error:
                raise InputError(f"{where}: its SPARQL does not parse: {error}") from None
            if not sparql_scan.may_name_remote(expanded):
                continue
            try:
                tree = parseQuery(str(text))
            except Exception as error:
                raise InputError(f"{where}: its SPARQL does not parse: {error}") from None
            names = set(_walk(tree))
            if "ServiceGraphPattern" in names or "DatasetClause" in names:
                raise InputError(
                    f"{where}: its SPARQL uses SERVICE or FROM, which would fetch remote "
                    "data; refused"
                )


def validate(
    data: Graph,
    shapes: Graph,
    ontology: Graph | None = None,
    *,
    strict: bool = False,
    accelerate: bool = True,
    own_data: bool = False,
    workers: int | None = None,
) -> ValidationReport:
    """Validate `data` (and `ontology`, checked by the meta-shapes) against `shapes`;
    `strict` makes warnings fail too. Neither input graph is changed.

    InputError (one line) for shapes pySHACL cannot use, and for a run that would check
    nothing: no shape in `shapes`, no triple in `data`, no focus node for any shape.

    `accelerate` (the default) answers marked SPARQL targets with pyoxigraph
    (`shacl_targets`), checks marked SPARQL constraints only on the focus nodes
    pyoxigraph says they can fire on (`shacl_narrowing`) and patches slow loops in
    pySHACL (`shacl_speedups`): the
    same results, in about half the time on the shipped data and a third at 100k.
    `accelerate=False` is plain pySHACL, the reference the tests and benchmarks/run.py
    compare it with.

    `own_data` hands `data`, which must then hold the ontology too, to pySHACL as it is,
    sparing a copy of the whole graph (a tenth of the time, and its memory, at 1M
    triples); only SHACL rules in `shapes` would write to it. The command line does so
    with the graph it loads for one run.

    `workers` processes share out the shapes (`shacl_parallel`); by default every core
    for a graph of 200,000 triples or more, one process below that. Given explicitly,
    it is used on a graph of any size (the tests force it on small graphs). Shapes the
    shared-out path is not proven safe for run in one process whatever `workers` says."""
    refuse_remote_sparql(shapes)
    if own_data:
        if ontology is not None:
            raise ValueError("own_data: `data` must already hold the ontology")
        combined = data
    else:
        combined = new_graph()
        for graph in (data, ontology) if ontology is not None else (data,):
            # pySHACL 0.40 resolves a SPARQL prefix sh:prefixes does not declare
            # through the data graph's bindings (W3C test prefixes-001): keep them.
            for prefix, namespace in graph.namespaces():
                combined.bind(prefix, namespace, override=False)
            combined += graph
    if len(combined) == 0:
        raise InputError(f"{_named('data', data)}: no triple to validate")
    cycle = _recursion(shapes)
    if cycle is not None:
        raise InputError(f"{_unusable(shapes)}: {cycle}")
    checked = _imported_prefixes(shapes)
    store = shacl_targets.DataStore(combined)  # built only if a fast path needs it
    checked = shacl_targets.materialise(combined, checked, store) if accelerate else checked
    found = _census(combined, checked, shapes)
    if found.shapes == 0:
        raise InputError(f"{_named('shapes', shapes)}: no SHACL shape in the shapes graph")
    if found.checks_nothing:
        raise InputError(
            f"{_named('shapes', shapes)}: none of the {found.shapes} shapes has a focus node "
            "in the data, so nothing would be checked"
        )
    if accelerate:
        checked = shacl_narrowing.narrow(combined, checked, found.targets, store)
    workers = shacl_parallel.workers_for(combined) if workers is None else workers
    groups = shacl_parallel.largest_first(found.focus)
    shared = workers > 1 and bool(groups) and shacl_parallel.unsafe(checked, groups) is None
    if shared:

        def check_one(shape: Node) -> tuple[str, object]:
            alone = shacl_parallel.only(checked, shape)
            return _check(combined, alone, shapes, accelerate=accelerate)

        answers = shacl_parallel.run(check_one, combined, groups, workers)
    else:
        answers = [_check(combined, checked, shapes, accelerate=accelerate)]
    results: list[ValidationResult] = []
    for kind, answer in answers:
        if kind == "error":
            raise InputError(str(answer))
        results.extend(answer)  # type: ignore[arg-type]
    results = _ordered(results)
    return ValidationReport(
        passed=not any(fails(r.severity, strict=strict) for r in results),
        results=results,
        shapes=found.shapes,
        focus_nodes=found.nodes,
        shared_out=shared,
    )


def _census(data: Graph, checked: Graph, shapes: Graph) -> shacl_census.Census:
    """`shacl_census.take`, pySHACL's errors for unusable shapes as one line."""
    try:
        with _quiet_pyshacl():
            return shacl_census.take(checked, data)
    except ReportableRuntimeError as error:
        raise InputError(f"{_unusable(shapes)}: {_reason(error)}") from None
    except ParseBaseException as error:
        raise InputError(f"{_unusable(shapes)}: {_sparql_syntax(shapes, error)}") from None
    except RecursionError:
        raise InputError(f"{_unusable(shapes)}: pySHACL recursed too deeply") from None


def _named(kind: str, graph: Graph) -> str:
    """The files a graph was loaded from, or what it is (`data`, `shapes`)."""
    files = ", ".join(paths.display_path(path) for path in source_files(graph))
    return files or kind


def _check(data: Graph, checked: Graph, shapes: Graph, *, accelerate: bool) -> tuple[str, object]:
    """pySHACL's results for `data` against `checked` (the shapes as pySHACL gets them;
    `shapes`, as the user gave them, names them): ("results", [...]) or ("error", the
    one-line message). An answer, not an exception, so a worker process can hand it back."""
    try:
        _, report_graph, _ = _run_pyshacl(data, checked, accelerate=accelerate)
    except ReportableRuntimeError as error:  # a shape pySHACL cannot load: name it
        culprit = _culprit(data, checked, shapes, accelerate=accelerate)
        return "error", f"{_unusable(shapes)}: {culprit + ': ' if culprit else ''}{_reason(error)}"
    except ParseBaseException as error:  # a shape's SPARQL, parsed as pySHACL runs it
        return "error", f"{_unusable(shapes)}: {_sparql_syntax(shapes, error)}"
    except RecursionError:
        return "error", f"{_unusable(shapes)}: pySHACL recursed too deeply evaluating them"
    except Exception as error:  # pySHACL raises assorted types on shapes it cannot use
        reason = " ".join(f"{type(error).__name__}: {error}".split())
        culprit = _culprit(data, checked, shapes, accelerate=accelerate)
        return "error", f"{_unusable(shapes)}: {culprit + ': ' if culprit else ''}{reason}"
    if not isinstance(report_graph, Graph):  # pySHACL returns a ValidationFailure
        return "error", f"{_unusable(shapes)}: {report_graph}"
    return "results", _results(report_graph, shapes)


def _culprit(data: Graph, checked: Graph, shapes: Graph, *, accelerate: bool) -> str | None:
    """`shape ex:S`, the first targeted shape that fails when validated on its own (as
    `shacl_parallel.only` isolates it), to name in the error; None if none does alone.
    Only reached once validation has failed, so the cost is paid only then."""
    try:
        found = shacl_census.take(checked, data)
    except Exception:
        return None
    for shape in shacl_parallel.largest_first(found.focus):
        alone = shacl_parallel.only(checked, shape)
        try:
            _run_pyshacl(data, alone, accelerate=accelerate)
        except Exception:
            return f"shape {_shape_name(shapes, shape)}"
    return None


def _sparql_syntax(shapes: Graph, error: ParseBaseException) -> str:
    """`shape wsh:X: its SPARQL does not parse at line L, column C: reason`, the position
    counted in the shape's own text (pySHACL parses it with PREFIX lines put in front)."""
    parsed = str(getattr(error, "pstr", ""))
    reason = " ".join(str(getattr(error, "msg", error)).split())
    for predicate in (SH.select, SH.ask, SH.construct):
        for shape, text in shapes.subject_objects(predicate):
            start = parsed.rfind(str(text)) if str(text) else -1
            if start < 0 or not start <= error.loc <= start + len(str(text)):
                continue
            before = str(text)[: error.loc - start]
            line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
            return (
                f"shape {_shape_name(shapes, shape)}: its SPARQL does not parse at line "
                f"{line}, column {column}: {reason}"
            )
    return f"a SPARQL query in them does not parse: {reason}"


def _imported_prefixes(shapes: Graph) -> Graph:
    """`shapes`, or a copy in which every sh:prefixes node also declares the prefixes of
    the nodes it owl:imports, transitively (SHACL 5.2.1, W3C test prefixes-001).
    pySHACL 0.40 does not follow owl:imports there and falls back on the data graph's
    own prefix bindings, so the same shapes worked or failed with "Unknown namespace
    prefix" depending on how the data file was written."""
    added = []
    for holder in set(shapes.objects(None, SH.prefixes)):
        own = set(shapes.objects(holder, SH.declare))
        for imported in shapes.transitive_objects(holder, OWL.imports):
            for declaration in shapes.objects(imported, SH.declare):
                if declaration not in own:
                    own.add(declaration)
                    added.append((holder, SH.declare, declaration))
    if not added:
        return shapes
    copied = shacl_targets.copy_shapes(shapes)
    for triple in added:
        copied.add(triple)
    return copied


def _recursion(shapes: Graph) -> str | None:
    """Name a node shape that requires itself of the same focus node (through sh:node,
    sh:not, sh:and, sh:or, sh:xone), or None. SHACL 3.4.4 leaves recursive shapes
    undefined; on such a cycle pySHACL backs out with a warning on stderr and lets the
    data conform, whatever the data, so warkg refuses the shapes instead."""
    edges: dict[Node, set[Node]] = {}
    for predicate in (SH.node, SH["not"]):
        for shape, other in shapes.subject_objects(predicate):
            edges.setdefault(shape, set()).add(other)
    for predicate in (SH["and"], SH["or"], SH.xone):
        for shape, members in shapes.subject_objects(predicate):
            edges.setdefault(shape, set()).update(Collection(shapes, members))
    # Only node shapes: a property shape passes its value nodes on, not its focus node,
    # and recursion over the data's values ends where the data does (shacl-shacl).
    edges = {
        shape: others for shape, others in edges.items() if (shape, SH.path, None) not in shapes
    }
    for start in sorted(edges, key=str):
        seen: set[Node] = set()
        stack = list(edges[start])
        while stack:
            node = stack.pop()
            if node == start:
                return (
                    f"shape {_shape_name(shapes, start)} requires itself of the same focus "
                    "node (sh:node, sh:not, sh:and, sh:or or sh:xone); SHACL leaves recursive "
                    "shapes undefined (section 3.4.4)"
                )
            if node not in seen:
                seen.add(node)
                stack.extend(edges.get(node, ()))
    return None


def _unusable(shapes: Graph) -> str:
    """`shapes/x.ttl: the SHACL shapes cannot be used`, naming the files when known."""
    files = ", ".join(paths.display_path(path) for path in source_files(shapes))
    return f"{files + ': ' if files else ''}the SHACL shapes cannot be used"


def _reason(error: ReportableRuntimeError) -> str:
    """pySHACL's message with its 'For reference, see <link>' line folded into brackets."""
    link = getattr(error, "link", None)
    message = str(getattr(error, "message", error))
    return f"{message.rstrip('.')} (see {link})" if link else message


def _run_pyshacl(data: Graph, shapes: Graph, *, accelerate: bool) -> tuple[bool, object, str]:
    """pySHACL on `data`, which is ours to hand over: `inplace` spares pySHACL copying it
    (a copy of the whole graph, a fifth of the time at 100k triples), and only SHACL rules,
    which our shapes have none of, would write to it."""
    speedups = shacl_speedups.accelerated() if accelerate else nullcontext()
    with speedups, shacl_spec.spec_results(), _quiet_pyshacl():
        return pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            meta_shacl=False,
            abort_on_first=False,
            allow_infos=True,
            allow_warnings=True,
            do_owl_imports=False,
            inplace=True,
        )


@contextmanager
def _quiet_pyshacl() -> Iterator[None]:
    """Silence pySHACL's own logger while it runs: on every call it gives the logger a
    stderr handler, and it logs a shape it cannot load before raising, which would put
    two more lines on stderr before our one-line InputError."""
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        yield
    finally:
        log.disabled = was_disabled


def count_instances(data: Graph, ontology: Graph, cls: URIRef) -> int:
    """Distinct resources in `data` typed with `cls` or any of its subclasses (the
    ontology's rdfs:subClassOf, followed transitively), for the summary line."""
    classes = set(ontology.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
    return len({s for c in classes for s in data.subjects(RDF.type, c)})


def summary(report: ValidationReport, data: Graph, ontology: Graph) -> str:
    """One line: SHACL's verdict first (`conforms` only when there is no result at all),
    then ours where they differ, then how much was checked:

    `conforms: 91 claims, 91 references (133 shapes, 1,234 focus nodes checked)`
    `does not conform: 3 violations, 1 warning, 0 infos (...)`
    `does not conform, passes: 0 violations, 2 warnings, 0 infos; ... (...)`"""
    counts = report.counts()
    tally = ", ".join(
        f"{counts[s]} {s.lower()}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES
    ) + "".join(f", {n} {s}" for s, n in sorted(counts.items()) if s not in SEVERITIES)
    checked = (
        f"({report.shapes:,} shape{'' if report.shapes == 1 else 's'}, "
        f"{report.focus_nodes:,} focus node{'' if report.focus_nodes == 1 else 's'} checked)"
    )
    if report.conforms:
        claims = count_instances(data, ontology, WARKG.Claim)
        references = count_instances(data, ontology, WARKG.Reference)
        return (
            f"conforms: {claims} claim{'' if claims == 1 else 's'}, "
            f"{references} reference{'' if references == 1 else 's'} {checked}"
        )
    if not report.passed:
        return f"does not conform: {tally} {checked}"
    return f"does not conform, passes: {tally}; only violations fail without --strict {checked}"
