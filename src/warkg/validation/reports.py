"""Validation results as findings a maintainer can act on: where the offending triple is
written, what its value is, and what exactly is wrong.

A finding is one result (pySHACL's duplicates dropped) or several results that say the
same thing about the same value: one value failing a shape's sh:or and its
sh:minInclusive, with one message, is one finding listing both constraint components, so
no report repeats a line. Each finding is placed at the line of the triple that holds
the offending value (`claim:x warkg:hasReference ref:957`), found through the result's
path when it is a predicate or its inverse (else at the focus node's first triple with
that predicate); a result without a value (sh:minCount) or with a longer path is placed
where its focus node is described (`rdf.locations`).

Every format (`report_formats`) carries the same fields: file, line, severity, focus,
path, value, shape, constraints, message and detail (`ref:957 is not a
warkg:Reference: nothing in the data describes ref:957`).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from rdflib import Graph
from rdflib.term import Node

from warkg.rdf.locations import Location, LocationIndex
from warkg.validation.model import SEVERITIES, ValidationReport, ValidationResult, fails


@dataclass(frozen=True)
class Finding:
    """One or more results with the same severity, focus, path, value, shape and message,
    where the triple is written, and whether it fails the run."""

    results: tuple[ValidationResult, ...]
    file: str | None
    line: int | None
    fails: bool

    @property
    def result(self) -> ValidationResult:
        return self.results[0]

    @property
    def constraints(self) -> list[str]:
        return sorted({result.constraint for result in self.results})

    @property
    def detail(self) -> str | None:
        details = sorted({r.detail for r in self.results if r.detail})
        return "; ".join(details) or None

    def where(self) -> str:
        """`focus path value`, as the triple is written; the path left out when there is
        none, the value when there is none or it is the focus node itself."""
        result = self.result
        parts = [result.focus]
        if result.path is not None:
            parts.append(result.path)
        if result.value is not None and (result.path is not None or result.value != result.focus):
            parts.append(result.value)
        return " ".join(parts)

    def says(self) -> str:
        """`where: message (detail)`."""
        detail = self.detail
        return f"{self.where()}: {self.result.message}" + (f" ({detail})" if detail else "")

    def text(self) -> str:
        """`FILE:LINE: Severity where: message (detail)`; without `FILE:LINE: ` if unknown."""
        prefix = "" if self.file is None else f"{self.file}:{self.line}: "
        return f"{prefix}{self.result.severity} {self.says()}"


@dataclass(frozen=True)
class Report:
    """Everything a format needs: the findings in order, the verdicts and the summary."""

    findings: list[Finding]
    conforms: bool
    passed: bool
    fail_on: str
    summary: str

    @property
    def strict(self) -> bool:
        """Whether warnings fail the run (the older `--strict`)."""
        return self.fail_on != "violation"


def report_path(path: str | Path) -> str:
    """A file as the person or CI job reading the report can open it: relative to the
    working directory when it is inside it (what CI annotations and SARIF expect),
    otherwise absolute, so a file elsewhere, such as the ontology shipped inside an
    installed package, is named by a path that exists."""
    given = Path(path)
    absolute = Path(os.path.abspath(given))
    for candidate in (absolute, given.resolve()):
        for base in (Path.cwd(), Path.cwd().resolve()):
            try:
                return candidate.relative_to(base).as_posix()
            except ValueError:
                continue
    return str(absolute)


def wanted(report: ValidationReport) -> set[Node]:
    """The terms whose triples `LocationIndex` should keep lines for."""
    return {
        node for r in report.results for node in (r.focus_node, r.value_node) if node is not None
    }


def _location(result: ValidationResult, index: LocationIndex, graph: Graph) -> Location | None:
    if result.step is not None and result.focus_node is not None and result.value_node is not None:
        direction, predicate = result.step
        subject, value = (
            (result.focus_node, result.value_node)
            if direction == "out"
            else (result.value_node, result.focus_node)
        )
        found = index.locate_triple(subject, predicate, value)
        if found is not None:
            return found
    if result.step is not None and result.step[0] == "out" and result.focus_node is not None:
        # a value that is not the triple's object (a SPARQL constraint's ?value)
        found = index.locate_property(result.focus_node, result.step[1])
        if found is not None:
            return found
    return None if result.focus_node is None else index.locate(result.focus_node, graph)


def build(
    report: ValidationReport,
    index: LocationIndex,
    graph: Graph,
    summary: str,
    *,
    fail_on: str | None = None,
) -> Report:
    """Group and locate the results (blank nodes are looked up through `graph`, the data
    and ontology that were validated) and order the findings by severity, then file and
    line, so a report reads top to bottom like the files."""
    level = fail_on or report.fail_on
    groups: dict[tuple, list[ValidationResult]] = {}
    for result in report.results:
        key = (
            result.severity,
            result.focus,
            result.path,
            result.value,
            result.source_shape,
            result.message,
        )
        groups.setdefault(key, []).append(result)
    findings = []
    for results in groups.values():
        location = _location(results[0], index, graph)
        findings.append(
            Finding(
                results=tuple(results),
                file=None if location is None else report_path(location.path),
                line=None if location is None else location.line,
                fails=fails(results[0].severity, level),
            )
        )
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    findings.sort(
        key=lambda f: (
            rank.get(f.result.severity, len(rank)),
            f.file is None,
            f.file or "",
            f.line or 0,
            # None (no path, no value) before any text: comparing the dataclasses
            # themselves raised TypeError on a None against a string
            tuple(
                (v is not None, v or "")
                for v in (f.result.focus, f.result.path, f.result.value, f.result.source_shape)
            ),
            f.constraints,
            f.result.message,
        )
    )
    return Report(
        findings=findings,
        conforms=report.conforms,
        passed=report.passed,
        fail_on=level,
        summary=summary,
    )
