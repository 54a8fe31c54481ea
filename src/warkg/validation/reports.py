"""Validation results as reports: text for people, JSON, JUnit XML, SARIF 2.1.0 and
GitHub workflow annotations for machines.

Every format carries the same findings: a SHACL result plus the file and line where its
focus node is written (see `locations`), so a CI system can point at the Turtle that
needs fixing. The formats differ only in shape, each following what its consumers read:

- text: `FILE:LINE: Severity focus path: message`, then the summary line;
- json: `{"conforms", "passed", "strict", "summary", "results": [...]}`, one object per
  result;
- junit: one testcase per result, a failure for each result that fails the run
  (violations, and warnings with --strict), so CI test tabs list them; a run with no
  results has one passing testcase, since some CI systems reject an empty report;
- sarif: SARIF 2.1.0, one run, the shapes as rules, for GitHub code scanning and others;
- github: `::error file=F,line=N,title=SHAPE::focus path: message` workflow commands,
  escaped as GitHub's toolkit escapes them, then the summary line for the log.

Severity levels follow the shapes (Violation error, Warning warning, Info and custom
severities note/notice) whatever --strict says; --strict only decides what fails the run.
Every format carries both verdicts: SHACL's sh:conforms (false as soon as there is any
result, Info included) and ours, `passed`, which the exit code follows: JSON as two
keys, JUnit as testsuite properties, SARIF as run properties, text and GitHub in the
summary line. Every result is reported, whatever its severity.
"""

from __future__ import annotations

import json
import os
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from rdflib import Graph

from warkg.errors import InputError
from warkg.rdf.locations import LocationIndex
from warkg.validation.api import SEVERITIES, ValidationReport, ValidationResult, fails
from warkg.version import package_version

FORMATS = ("text", "json", "junit", "sarif", "github")

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
_GITHUB_COMMANDS = {"Violation": "error", "Warning": "warning", "Info": "notice"}
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


@dataclass(frozen=True)
class Finding:
    """A validation result, where its focus node is written, and whether it fails."""

    result: ValidationResult
    file: str | None
    line: int | None
    fails: bool

    def where(self) -> str:
        """`focus path`, or only the focus when the result has no path."""
        result = self.result
        return result.focus if result.path is None else f"{result.focus} {result.path}"

    def text(self) -> str:
        """`FILE:LINE: Severity focus path: message`; without `FILE:LINE: ` if unknown."""
        prefix = "" if self.file is None else f"{self.file}:{self.line}: "
        return f"{prefix}{self.result.severity} {self.where()}: {self.result.message}"


@dataclass(frozen=True)
class Report:
    """Everything a format needs: the findings in order, the verdict and the summary."""

    findings: list[Finding]
    conforms: bool
    passed: bool
    strict: bool
    summary: str


def report_path(path: str | Path) -> str:
    """A file as the person or CI job reading the report can open it: relative to the
    working directory when it is inside it (what CI annotations and SARIF expect),
    otherwise absolute, so a file elsewhere, such as the ontology shipped inside an
    installed package, is named by a path that exists rather than one relative to
    where warkg keeps its data."""
    given = Path(path)
    absolute = Path(os.path.abspath(given))
    for candidate in (absolute, given.resolve()):
        for base in (Path.cwd(), Path.cwd().resolve()):
            try:
                return candidate.relative_to(base).as_posix()
            except ValueError:
                continue
    return str(absolute)


def build(
    report: ValidationReport,
    index: LocationIndex,
    graph: Graph,
    summary: str,
    *,
    strict: bool = False,
) -> Report:
    """Locate each result's focus node (blank nodes are looked up through `graph`, the
    data and ontology that were validated) and order the findings by severity, then
    file and line, so a report reads top to bottom like the files."""
    findings = []
    for result in report.results:
        location = None if result.focus_node is None else index.locate(result.focus_node, graph)
        findings.append(
            Finding(
                result=result,
                file=None if location is None else report_path(location.path),
                line=None if location is None else location.line,
                fails=fails(result.severity, strict=strict),
            )
        )
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    findings.sort(
        key=lambda f: (
            rank.get(f.result.severity, len(rank)),
            f.file is None,
            f.file or "",
            f.line or 0,
            # a result's fields, None (no path, no value) before any text: comparing
            # the dataclasses themselves raised TypeError on a None against a string
            tuple((v is not None, v or "") for v in _fields(f.result)),
        )
    )
    return Report(
        findings=findings,
        conforms=report.conforms,
        passed=report.passed,
        strict=strict,
        summary=summary,
    )


def _fields(result: ValidationResult) -> tuple[str | None, ...]:
    return (
        result.severity,
        result.focus,
        result.path,
        result.source_shape,
        result.constraint,
        result.message,
        result.value,
    )


def render(report: Report, report_format: str) -> str:
    """The report in one of FORMATS, ending with a newline."""
    renderers = {
        "text": text_report,
        "json": json_report,
        "junit": junit_report,
        "sarif": sarif_report,
        "github": github_report,
    }
    if report_format not in renderers:
        raise InputError(f"unknown report format {report_format!r}; use one of {FORMATS}")
    return renderers[report_format](report)


# --- text and JSON -----------------------------------------------------------------------


def text_report(report: Report) -> str:
    return "".join(f"{line}\n" for line in [*(f.text() for f in report.findings), report.summary])


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """`{"violations": n, "warnings": n, "infos": n}`, then any custom severity by its
    name as written (`"ex:Minor": n`)."""
    tally = {f"{severity.lower()}s": 0 for severity in SEVERITIES}
    for finding in findings:
        severity = finding.result.severity
        key = f"{severity.lower()}s" if severity in SEVERITIES else severity
        tally[key] = tally.get(key, 0) + 1
    return tally


def json_report(report: Report) -> str:
    document = {
        "conforms": report.conforms,
        "passed": report.passed,
        "strict": report.strict,
        "summary": {**counts(report.findings), "text": report.summary},
        "results": [
            {
                "file": f.file,
                "line": f.line,
                "severity": f.result.severity,
                "focus": f.result.focus,
                "path": f.result.path,
                "shape": f.result.source_shape,
                "constraint": f.result.constraint,
                "message": f.result.message,
                "value": f.result.value,
            }
            for f in report.findings
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- JUnit XML ---------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_report(report: Report) -> str:
    """JUnit XML as Jenkins, GitLab and the GitHub test-report actions read it: one
    testsuite; testcase `classname` is the file (GitLab also reads `file`, `line`)."""
    failures = sum(f.fails for f in report.findings)
    cases = max(len(report.findings), 1)
    counts_ = {"tests": str(cases), "failures": str(failures), "errors": "0", "skipped": "0"}
    suites = ET.Element("testsuites", {"name": "warkg validate", **counts_})
    suite = ET.SubElement(suites, "testsuite", {"name": "warkg validate", **counts_})
    properties = ET.SubElement(suite, "properties")
    for name, value in (("conforms", report.conforms), ("passed", report.passed)):
        ET.SubElement(properties, "property", {"name": name, "value": str(value).lower()})
    for finding in report.findings:
        result = finding.result
        attributes = {
            "classname": finding.file or "warkg",
            "name": _xml_text(f"{finding.where()} ({result.source_shape}, {result.constraint})"),
        }
        if finding.file is not None:
            attributes |= {"file": finding.file, "line": str(finding.line)}
        case = ET.SubElement(suite, "testcase", attributes)
        if finding.fails:
            failure = ET.SubElement(
                case, "failure", {"type": result.severity, "message": _xml_text(result.message)}
            )
            failure.text = _xml_text(finding.text())
        else:
            ET.SubElement(case, "system-out").text = _xml_text(finding.text())
    if not report.findings:
        case = ET.SubElement(suite, "testcase", {"classname": "warkg", "name": "conforms"})
        ET.SubElement(case, "system-out").text = _xml_text(report.summary)
    ET.indent(suites)
    body = ET.tostring(suites, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{body}\n'


# --- SARIF 2.1.0 -------------------------------------------------------------------------


def _artifact_location(file: str) -> dict[str, str]:
    """A repository-relative URI (what GitHub code scanning matches against the
    checkout), or a file: URI for a file outside the working directory."""
    path = Path(file)
    if path.is_absolute():
        return {"uri": path.as_uri()}
    return {"uri": quote(path.as_posix(), safe="/"), "uriBaseId": "%SRCROOT%"}


def sarif_report(report: Report) -> str:
    """One run whose rules are the source shapes that produced results, each described
    by its messages and levelled by its most severe result."""
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    severities: dict[str, str] = {}
    messages: dict[str, list[str]] = {}
    for finding in report.findings:
        shape, severity = finding.result.source_shape, finding.result.severity
        known = severities.setdefault(shape, severity)
        if rank.get(severity, len(rank)) < rank.get(known, len(rank)):
            severities[shape] = severity
        shape_messages = messages.setdefault(shape, [])
        if finding.result.message not in shape_messages:
            shape_messages.append(finding.result.message)
    rule_ids = sorted(severities)
    descriptors = [
        {
            "id": rule_id,
            "shortDescription": {"text": " / ".join(messages[rule_id])},
            "defaultConfiguration": {"level": _SARIF_LEVELS.get(severities[rule_id], "note")},
        }
        for rule_id in rule_ids
    ]
    results = []
    for finding in report.findings:
        result = finding.result
        entry: dict[str, object] = {
            "ruleId": result.source_shape,
            "ruleIndex": rule_ids.index(result.source_shape),
            "level": _SARIF_LEVELS.get(result.severity, "note"),
            "message": {"text": f"{finding.where()}: {result.message}"},
            "locations": [],
            "properties": {
                "focus": result.focus,
                "path": result.path,
                "constraint": result.constraint,
                "value": result.value,
            },
        }
        if finding.file is not None:
            entry["locations"] = [
                {
                    "physicalLocation": {
                        "artifactLocation": _artifact_location(finding.file),
                        "region": {"startLine": finding.line},
                    }
                }
            ]
        results.append(entry)
    document = {
        "$schema": SARIF_SCHEMA,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "warkg",
                        "version": package_version(),  # read only for SARIF
                        "rules": descriptors,
                    }
                },
                "results": results,
                "properties": {"conforms": report.conforms, "passed": report.passed},
            }
        ],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- GitHub workflow commands ------------------------------------------------------------


def escape_data(text: str) -> str:
    """A workflow command's message, escaped as @actions/core escapes it."""
    return text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property value: also `:` and `,`, which delimit them."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def annotation(level: str, message: str, **properties: str | int | None) -> str:
    """`::level key=value,...::message`, properties whose value is None left out."""
    given = ",".join(
        f"{key}={escape_property(str(value))}"
        for key, value in properties.items()
        if value is not None
    )
    return f"::{level}{' ' + given if given else ''}::{escape_data(message)}"


def github_report(report: Report) -> str:
    lines = [
        annotation(
            _GITHUB_COMMANDS.get(f.result.severity, "notice"),
            f"{f.where()}: {f.result.message}",
            file=f.file,
            line=f.line,
            title=f.result.source_shape,
        )
        for f in report.findings
    ]
    return "".join(f"{line}\n" for line in [*lines, report.summary])


def github_input_error(error: InputError) -> str:
    """Bad input as an error annotation, at the file, line and column when known, so a
    syntax error shows on the pull request like a failed check does."""
    if error.position is None:
        return annotation("error", error.message, title="warkg")
    file, line, column = error.position
    return annotation("error", error.reason, file=file, line=line, col=column, title="warkg")
