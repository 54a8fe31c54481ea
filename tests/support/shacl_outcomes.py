"""Each engine's answer to a generated case (tests.support.shacl_cases), as keys that
compare across engines.

A key is (focus, source shape, constraint component, value, severity), terms written so
that engines that name blank nodes differently still agree: a blank node of the data by
its `ex:id`, a literal by its lexical form, its datatype (none for xsd:string, which RDF
1.1 makes the same term as a simple literal) and its language tag in lower case (tags
compare case-insensitively).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from pathlib import Path

import pyshacl
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import SH, XSD
from rdflib.term import Node

from tests.support.shacl_cases import Case
from warkg.errors import InputError
from warkg.rdf import loading
from warkg.validation import api as validation

Key = tuple[str, str, str, str | None, str]


@dataclass(frozen=True)
class Outcome:
    """An engine's answer: its result keys, or the error it gave instead."""

    keys: frozenset[Key] = frozenset()
    error: str | None = None

    def describe(self) -> str:
        if self.error is not None:
            return f"error: {self.error}"
        return "\n".join(
            " | ".join(str(part) for part in key) for key in sorted(self.keys, key=str)
        )


def term_key(term: Node | None, data: Graph, namespace: str) -> str | None:
    if term is None:
        return None
    if isinstance(term, BNode):
        ident = data.value(term, URIRef(namespace + "id"))
        return f"_:{ident}" if ident is not None else "_:?"
    if isinstance(term, Literal):
        datatype = None if term.datatype in (None, XSD.string) else str(term.datatype)
        language = term.language.lower() if term.language else None
        return f"{str(term)!r}^^{datatype}@{language}"
    return str(term)


def _name(term: Node | None) -> str:
    return "" if term is None else str(term).rsplit("#", 1)[-1].rsplit("/", 1)[-1]


def report_keys(report: Graph, data: Graph, namespace: str) -> frozenset[Key]:
    """The keys of a SHACL report graph; `data` resolves the report's blank nodes (for
    Jena, whose blank node labels are its own, the report and the data are one graph)."""
    keys = set()
    for result in report.objects(None, SH.result):
        shape = report.value(result, SH.sourceShape)
        keys.add(
            (
                term_key(report.value(result, SH.focusNode), data, namespace) or "",
                str(shape) if isinstance(shape, URIRef) else "_",
                _name(report.value(result, SH.sourceConstraintComponent)),
                term_key(report.value(result, SH.value), data, namespace),
                _name(report.value(result, SH.resultSeverity)),
            )
        )
    return frozenset(keys)


def as_written(text: str) -> Graph:
    """Turtle parsed by rdflib with its literal normalisation off: SHACL compares terms
    as the file writes them."""
    with loading.literals_as_written():
        return Graph().parse(data=text, format="turtle")


def plain_pyshacl(case: Case) -> Outcome:
    """pySHACL as the SHACL spec has it run: SHACL-AF (SPARQL targets), no inference, no
    allow_warnings or allow_infos (which change what nested shapes mean)."""
    data, shapes = as_written(case.data), as_written(case.shapes)
    log = logging.getLogger("pyshacl-validate")
    was, log.disabled = log.disabled, True
    try:
        _, report, _ = pyshacl.validate(
            data,
            shacl_graph=shapes,
            inference="none",
            advanced=True,
            meta_shacl=False,
            allow_warnings=False,
            allow_infos=False,
            do_owl_imports=False,
        )
    except Exception as error:  # pySHACL raises assorted types
        return Outcome(error=f"{type(error).__name__}: {error}"[:300])
    finally:
        log.disabled = was
    return Outcome(keys=report_keys(report, data, case.namespace))


def write(case: Case, folder: Path) -> Path:
    """The case's two files in `folder` (as Jena and warkg's loader read them)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shapes.ttl").write_text(case.shapes, encoding="utf-8")
    (folder / "data.ttl").write_text(case.data, encoding="utf-8")
    return folder


def load(folder: Path) -> tuple[Graph, Graph]:
    """(data, shapes) as `warkg validate` loads them."""
    data = loading.load_files([folder / "data.ttl"], as_written=True)
    shapes = loading.load_files([folder / "shapes.ttl"], as_written=True)
    return data, shapes


def warkg(case: Case, data: Graph, shapes: Graph, **options: object) -> Outcome:
    """`validation.validate` with `options` (the path: plain, accelerated, shared out)."""
    try:
        report = validation.validate(data, shapes, **options)  # type: ignore[arg-type]
    except InputError as error:
        return Outcome(error=f"InputError: {error}"[:300])
    keys = set()
    for result in report.results:
        focus, _, value, shape, severity, component, _ = result.terms
        keys.add(
            (
                term_key(focus, data, case.namespace) or "",
                str(shape) if isinstance(shape, URIRef) else "_",
                _name(component),
                term_key(value, data, case.namespace),
                _name(severity),
            )
        )
    return Outcome(keys=frozenset(keys))


def jena(case: Case, folder: Path) -> Outcome:
    """What tests.support.jena.validate_cases left in `folder`."""
    error = folder / "jena.error"
    if error.exists():
        return Outcome(error=error.read_text(encoding="utf-8").strip()[:300])
    with loading.literals_as_written():
        graph = Graph().parse(folder / "jena.nt", format="nt")
    return Outcome(keys=report_keys(graph, graph, case.namespace))
