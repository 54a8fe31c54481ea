"""pySHACL run once, and its report read into `ValidationResult`s.

pySHACL runs as the SHACL spec has it: SHACL-AF on (`advanced`: SPARQL targets and
constraints), no inference, no allow_warnings or allow_infos (`model` says why), with
warkg's corrections of where it departs from the spec (`pyshacl_patches.spec`) and, when
accelerating, its speedups (`pyshacl_patches.speedups`). Errors pySHACL raises on shapes
it cannot use come back as one line naming the shape.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext

import pyshacl
from pyparsing import ParseBaseException
from pyshacl.errors import ReportableRuntimeError
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from warkg import paths
from warkg.rdf.loading import long_integers, source_files
from warkg.rdf.terms import shorten_term
from warkg.validation import census, parallel
from warkg.validation.model import ValidationResult, ordered
from warkg.validation.pyshacl_patches import spec, speedups

_SEVERITY_NAMES = {SH.Violation: "Violation", SH.Warning: "Warning", SH.Info: "Info"}


def check(data: Graph, checked: Graph, shapes: Graph, *, accelerate: bool) -> tuple[str, object]:
    """pySHACL's results for `data` against `checked` (the shapes as pySHACL gets them;
    `shapes`, as the user gave them, names them): ("results", [...]) or ("error", the
    one-line message). An answer, not an exception, so a worker process can hand it back."""
    try:
        _, report_graph, _ = run_pyshacl(data, checked, accelerate=accelerate)
    except ReportableRuntimeError as error:  # a shape pySHACL cannot load: name it
        culprit = _culprit(data, checked, shapes, accelerate=accelerate)
        return "error", f"{unusable(shapes)}: {culprit + ': ' if culprit else ''}{reason(error)}"
    except ParseBaseException as error:  # a shape's SPARQL, parsed as pySHACL runs it
        return "error", f"{unusable(shapes)}: {sparql_syntax(shapes, error)}"
    except RecursionError:
        return "error", f"{unusable(shapes)}: pySHACL recursed too deeply evaluating them"
    except Exception as error:  # pySHACL raises assorted types on shapes it cannot use
        why = " ".join(f"{type(error).__name__}: {error}".split())
        culprit = _culprit(data, checked, shapes, accelerate=accelerate)
        return "error", f"{unusable(shapes)}: {culprit + ': ' if culprit else ''}{why}"
    if not isinstance(report_graph, Graph):  # pySHACL returns a ValidationFailure
        return "error", f"{unusable(shapes)}: {report_graph}"
    return "results", results(report_graph, shapes, data)


def run_pyshacl(data: Graph, shapes: Graph, *, accelerate: bool) -> tuple[bool, object, str]:
    """pySHACL on `data`, which is ours to hand over: `inplace` spares pySHACL copying
    the whole graph, and only SHACL rules, which our shapes have none of, would write to
    it."""
    faster = speedups.accelerated() if accelerate else nullcontext()
    with faster, spec.spec_results(), quiet_pyshacl(), long_integers():
        return pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            meta_shacl=False,
            abort_on_first=False,
            allow_infos=False,
            allow_warnings=False,
            do_owl_imports=False,
            inplace=True,
        )


@contextmanager
def quiet_pyshacl() -> Iterator[None]:
    """Silence pySHACL's own logger while it runs: on every call it gives the logger a
    stderr handler, and it logs a shape it cannot load before raising, which would put
    two more lines on stderr before our one-line InputError."""
    log = logging.getLogger("pyshacl-validate")
    was_disabled, log.disabled = log.disabled, True
    try:
        yield
    finally:
        log.disabled = was_disabled


def _culprit(data: Graph, checked: Graph, shapes: Graph, *, accelerate: bool) -> str | None:
    """`shape ex:S`, the first targeted shape that fails when validated on its own (as
    `parallel.only` isolates it), to name in the error; None if none does alone. Only
    reached once validation has failed, so the cost is paid only then."""
    try:
        found = census.take(checked, data)
    except Exception:
        return None
    for shape in parallel.largest_first(found.focus):
        alone = parallel.only(checked, shape)
        try:
            run_pyshacl(data, alone, accelerate=accelerate)
        except Exception:
            return f"shape {shape_name(shapes, shape)}"
    return None


def sparql_syntax(shapes: Graph, error: ParseBaseException) -> str:
    """`shape wsh:X: its SPARQL does not parse at line L, column C: reason`, the position
    counted in the shape's own text (pySHACL parses it with PREFIX lines put in front)."""
    parsed = str(getattr(error, "pstr", ""))
    why = " ".join(str(getattr(error, "msg", error)).split())
    for predicate in (SH.select, SH.ask, SH.construct):
        for shape, text in shapes.subject_objects(predicate):
            start = parsed.rfind(str(text)) if str(text) else -1
            if start < 0 or not start <= error.loc <= start + len(str(text)):
                continue
            before = str(text)[: error.loc - start]
            line, column = before.count("\n") + 1, len(before) - before.rfind("\n")
            return (
                f"shape {shape_name(shapes, shape)}: its SPARQL does not parse at line "
                f"{line}, column {column}: {why}"
            )
    return f"a SPARQL query in them does not parse: {why}"


def unusable(shapes: Graph) -> str:
    """`shapes/x.ttl: the SHACL shapes cannot be used`, naming the files when known."""
    files = ", ".join(paths.display_path(path) for path in source_files(shapes))
    return f"{files + ': ' if files else ''}the SHACL shapes cannot be used"


def reason(error: ReportableRuntimeError) -> str:
    """pySHACL's message with its 'For reference, see <link>' line folded into brackets."""
    link = getattr(error, "link", None)
    message = str(getattr(error, "message", error))
    return f"{message.rstrip('.')} (see {link})" if link else message


# --- reading the report --------------------------------------------------------------


def term_text(term: Node) -> str:
    """A term as Turtle with our prefixes: `claim:x`, `"3,825"`, `"-5"^^xsd:integer`."""
    if isinstance(term, Literal) and term.datatype is not None:
        return f"{Literal(str(term)).n3()}^^{shorten_term(term.datatype)}"
    return shorten_term(term)


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


def shape_name(shapes: Graph, shape: Node) -> str:
    """A shape as reports name it: its IRI, else the IRI of the shape that declares it."""
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


def _step(report: Graph, path: Node | None) -> tuple[str, URIRef] | None:
    if isinstance(path, URIRef):
        return "out", path
    inverse = report.value(path, SH.inversePath) if isinstance(path, BNode) else None
    return ("in", inverse) if isinstance(inverse, URIRef) else None


def results(report: Graph, shapes: Graph, data: Graph) -> list[ValidationResult]:
    """The report's results, each once, in `model.ordered`'s order; `data` is what was
    validated, for the details (`detail`)."""
    found = []
    # The report's own results, not those pySHACL nests under them as sh:detail (the
    # results of an sh:node shape, SHACL 3.6.2.6): the spec's report lists only these.
    for node in report.objects(None, SH.result):
        severity = report.value(node, SH.resultSeverity)
        path = report.value(node, SH.resultPath)
        value = report.value(node, SH.value)
        component = report.value(node, SH.sourceConstraintComponent)
        constraint = shorten_term(component)
        focus = report.value(node, SH.focusNode)
        source = report.value(node, SH.sourceShape)
        step = _step(report, path)
        found.append(
            ValidationResult(
                severity=_SEVERITY_NAMES.get(severity, shorten_term(severity)),
                focus=term_text(focus),
                path=None if path is None else render_path(report, path),
                source_shape=shape_name(shapes, source),
                constraint=constraint,
                message=_message(report, shapes, node, constraint),
                value=None if value is None else term_text(value),
                detail=detail(component, shapes, source, data, focus, value, step),
                focus_node=focus,
                value_node=value,
                step=step,
                terms=(
                    focus,
                    None if path is None else render_path(report, path),
                    value,
                    source,
                    severity,
                    component,
                    report.value(node, SH.sourceConstraint),
                ),
            )
        )
    return ordered(found)


def detail(
    component: Node | None,
    shapes: Graph,
    shape: Node | None,
    data: Graph,
    focus: Node | None,
    value: Node | None,
    step: tuple[str, URIRef] | None,
) -> str | None:
    """What exactly is wrong, where the data shows it: the class a value is not an
    instance of, and what it is instead (or that nothing describes it); the datatype a
    literal is not a valid value of; how many values a count constraint found."""
    if component == SH.ClassConstraintComponent and value is not None:
        wanted = " or ".join(sorted(shorten_term(c) for c in shapes.objects(shape, SH["class"])))
        name = term_text(value)
        if isinstance(value, Literal):
            return f"{name} is a literal, not a {wanted}"
        types = sorted(shorten_term(t) for t in data.objects(value, RDF.type))
        if types:
            return f"{name} is not a {wanted}: it is a {', '.join(types)}"
        if (value, None, None) in data:
            return f"{name} is not a {wanted}: it has no rdf:type"
        return f"{name} is not a {wanted}: nothing in the data describes {name}"
    if component == SH.DatatypeConstraintComponent and value is not None:
        wanted = shorten_term(shapes.value(shape, SH.datatype))
        if not isinstance(value, Literal):
            return f"{term_text(value)} is not a literal, so not a {wanted}"
        given = value.datatype or (RDF.langString if value.language else XSD.string)
        if given == shapes.value(shape, SH.datatype):
            return f"{term_text(value)} is not a valid {wanted}"
        return f"{term_text(value)} is a {shorten_term(given)}, not a {wanted}"
    if component in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent):
        if step is None or focus is None:
            return None
        direction, predicate = step
        pattern = (focus, predicate, None) if direction == "out" else (None, predicate, focus)
        count = len(set(data.triples(pattern)))
        if count == 0:  # the message says a value is missing
            return None
        if component == SH.MinCountConstraintComponent:
            wanted = f"at least {shapes.value(shape, SH.minCount)} needed"
        else:
            wanted = f"at most {shapes.value(shape, SH.maxCount)} allowed"
        return f"{count} value{'' if count == 1 else 's'}, {wanted}"
    return None
