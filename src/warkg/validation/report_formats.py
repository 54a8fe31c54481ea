"""A validation report in the five formats people and CI systems read: text, JSON, JUnit
XML, SARIF 2.1.0 and GitHub workflow annotations (the registry is `FORMATS`).

Every format carries the same findings (`reports.Finding`) with the same fields, and both
verdicts: SHACL's sh:conforms (false as soon as there is any result, Info included) and
ours, `passed`, which the exit code follows (`--fail-on`): JSON as keys, JUnit as
testsuite properties, SARIF as run properties, text and GitHub in the summary line.

- text: `FILE:LINE: Severity focus path value: message (detail)`, then the summary;
- json: `{"conforms", "passed", "fail_on", "strict", "summary", "results": [...]}`;
- junit: one testcase per finding, a failure for each finding that fails the run, so CI
  test tabs list them; a run with no results has one passing testcase, since some CI
  systems reject an empty report;
- sarif: one run, the shapes as rules, for GitHub code scanning and others;
- github: `::error file=F,line=N,title=SHAPE::focus path value: message (detail)`,
  escaped as GitHub's toolkit escapes them, then the summary line for the log.

Severity levels follow the shapes (Violation error, Warning warning, Info and custom
severities note/notice) whatever `--fail-on` says.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterable
from pathlib import Path
from urllib.parse import quote

from warkg.errors import InputError
from warkg.validation.model import SEVERITIES
from warkg.validation.reports import Finding, Report
from warkg.version import package_version

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
_SARIF_LEVELS = {"Violation": "error", "Warning": "warning", "Info": "note"}
_GITHUB_COMMANDS = {"Violation": "error", "Warning": "warning", "Info": "notice"}
# Characters XML 1.0 cannot carry at all, even escaped.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(report: Report, report_format: str) -> str:
    """The report in one of FORMATS, ending with a newline."""
    if report_format not in FORMATS:
        raise InputError(f"unknown report format {report_format!r}; use one of {tuple(FORMATS)}")
    return FORMATS[report_format](report)


def fields(finding: Finding) -> dict[str, object]:
    """The fields every machine format carries for a finding."""
    result = finding.result
    return {
        "file": finding.file,
        "line": finding.line,
        "severity": result.severity,
        "focus": result.focus,
        "path": result.path,
        "value": result.value,
        "shape": result.source_shape,
        "constraints": finding.constraints,
        "message": result.message,
        "detail": finding.detail,
    }


# --- text and JSON -----------------------------------------------------------------------


def text_report(report: Report) -> str:
    return "".join(f"{line}\n" for line in [*(f.text() for f in report.findings), report.summary])


def counts(findings: Iterable[Finding]) -> dict[str, int]:
    """`{"violations": n, "warnings": n, "infos": n}`, then any custom severity by its
    name as written (`"ex:Minor": n`): how many results, as the summary line counts."""
    tally = {f"{severity.lower()}s": 0 for severity in SEVERITIES}
    for result in {r for finding in findings for r in finding.results}:  # each result once
        severity = result.severity
        key = f"{severity.lower()}s" if severity in SEVERITIES else severity
        tally[key] = tally.get(key, 0) + 1
    return tally


def json_report(report: Report) -> str:
    document = {
        "conforms": report.conforms,
        "passed": report.passed,
        "fail_on": report.fail_on,
        "strict": report.strict,
        "summary": {**counts(report.findings), "text": report.summary},
        "results": [fields(f) for f in report.findings],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


# --- JUnit XML ---------------------------------------------------------------------------


def _xml_text(text: str) -> str:
    return _NOT_XML.sub("\ufffd", text)


def junit_report(report: Report) -> str:
    """JUnit XML as Jenkins, GitLab and the GitHub test-report actions read it: one
    testsuite; testcase `classname` is the file (GitLab also reads `file`, `line`); the
    fields go in each testcase's properties."""
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
        constraints = ", ".join(finding.constraints)
        attributes = {
            "classname": finding.file or "warkg",
            "name": _xml_text(f"{finding.where()} ({result.source_shape}, {constraints})"),
        }
        if finding.file is not None:
            attributes |= {"file": finding.file, "line": str(finding.line)}
        case = ET.SubElement(suite, "testcase", attributes)
        own = ET.SubElement(case, "properties")
        for name, value in fields(finding).items():
            if value is not None and name not in ("file", "line"):
                text = ", ".join(value) if isinstance(value, list) else str(value)
                ET.SubElement(own, "property", {"name": name, "value": _xml_text(text)})
        if finding.fails:
            failure = ET.SubElement(
                case, "failure", {"type": result.severity, "message": _xml_text(finding.says())}
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
            "message": {"text": finding.says()},
            "locations": [],
            "properties": {k: v for k, v in fields(finding).items() if k not in ("file", "line")},
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
            f.says(),
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


FORMATS: dict[str, Callable[[Report], str]] = {
    "text": text_report,
    "json": json_report,
    "junit": junit_report,
    "sarif": sarif_report,
    "github": github_report,
}
