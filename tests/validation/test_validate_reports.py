"""`warkg validate` in other people's CI: file:line for every result, five report
formats, severities and exit codes, and the pre-commit hook and GitHub action.

Fixtures are small Turtle files written to tmp_path (the working directory, so files are
named relative to it) that use the shipped ontology. Expected messages are read from
the shapes that produce them, so a reworded message does not break these tests but a
message that goes missing or lands on the wrong result does.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import stat
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
import yaml
from rdflib import Graph
from rdflib.namespace import SH

import warkg
from warkg import paths
from warkg.cli import main as cli
from warkg.errors import InputError
from warkg.rdf.namespaces import WSH
from warkg.validation import report_formats

REPO = Path(__file__).resolve().parents[2]

PREFIXES = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix claim: <https://w3id.org/warkg/id/claim/> .
@prefix pop: <https://w3id.org/warkg/id/population/> .
@prefix section: <https://w3id.org/warkg/id/section/> .
"""

CLAIM = (
    PREFIXES
    + """
# A casualty claim{comment}.
claim:soldiers-killed
    a warkg:CasualtyClaim , warkg:QuantityClaim , warkg:Claim ;
    rdfs:label "Per nobody: {amount} soldiers killed"@en ;
    warkg:evidenceText "{amount} soldiers killed" ;
    warkg:exactness warkg:exact ;
    warkg:inSection section:casualties ;
    warkg:measure warkg:killed ;
    warkg:population pop:soldiers ;
    warkg:quantityAmount {literal} ;
    warkg:statedAs "{amount}" {provenance}.

section:casualties a warkg:ArticleSection ; rdfs:label "Casualties"@en .

pop:soldiers a warkg:Population ;
    rdfs:label "Soldiers"@en ;
    warkg:populationGroup warkg:people .
"""
)
CLAIM_LINE = 9  # the line of `claim:soldiers-killed`, where the claim is described
AMOUNT_LINE = 17  # the line of its `warkg:quantityAmount`, the triple at fault

# No reference, no footnote, no "uncited" flag, and a count below zero.
BROKEN = CLAIM.format(
    comment=" that cites nothing and counts below zero",
    amount="-5",
    literal="-5",
    provenance="",
)
# The same claim, honest about citing nothing, with a count the shapes accept.
GOOD = CLAIM.format(
    comment=" the article gives no citation for",
    amount="5",
    literal='"5"^^xsd:nonNegativeInteger',
    provenance="; warkg:articleGivesNoCitation true ",
)

FOCUS = "claim:soldiers-killed"
PROVENANCE_PATH = "(warkg:hasReference|warkg:citesFootnote|warkg:articleGivesNoCitation)"
MINUS_FIVE = '"-5"^^xsd:integer'
CHECKED = "(173 shapes, 274 focus nodes checked)"
SUMMARY = f"does not conform: 2 violations, 0 warnings, 0 infos {CHECKED}"


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def message(shapes_graph: Graph, shape: str) -> str:
    """The sh:message of a shipped shape (one line, as reports print it)."""
    text = shapes_graph.value(WSH[shape], SH.message)
    assert text is not None, shape
    return " ".join(str(text).split())


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the working directory, with the broken claim in data/claims.ttl."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.ttl").write_text(BROKEN, encoding="utf-8")
    return tmp_path


@pytest.fixture
def messages(shapes_graph: Graph) -> dict[str, str]:
    return {
        "provenance": message(shapes_graph, "ClaimShape-provenance"),
        "amount": message(shapes_graph, "QuantityClaimShape-amount"),
    }


def test_the_fixture_lines_are_where_the_tests_say() -> None:
    assert BROKEN.splitlines()[CLAIM_LINE - 1] == FOCUS
    assert GOOD.splitlines()[CLAIM_LINE - 1] == FOCUS
    assert BROKEN.splitlines()[AMOUNT_LINE - 1] == "    warkg:quantityAmount -5 ;"


# --- the five formats on the broken claim -----------------------------------------------


def test_text_names_file_line_severity_focus_path_and_message(
    workdir: Path, messages: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(["validate", "data/claims.ttl"], capsys)
    assert (code, err) == (1, "")
    assert out.splitlines() == [
        f"data/claims.ttl:{CLAIM_LINE}: Violation {FOCUS} {PROVENANCE_PATH}: "
        f"{messages['provenance']}",
        # -5 is an integer (any integer type passes, wsh:IntegerShape), below the minimum:
        f"data/claims.ttl:{AMOUNT_LINE}: Violation {FOCUS} warkg:quantityAmount {MINUS_FIVE}: "
        f"{messages['amount']}",  # sh:minInclusive
        SUMMARY,
    ]


def test_json_lists_every_result_with_its_location_and_a_summary(
    workdir: Path, messages: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["validate", "data/claims.ttl", "--format", "json"], capsys)
    assert code == 1
    common = {"file": "data/claims.ttl", "severity": "Violation", "focus": FOCUS, "detail": None}
    assert json.loads(out) == {
        "conforms": False,
        "passed": False,
        "fail_on": "violation",
        "strict": False,
        "summary": {"violations": 2, "warnings": 0, "infos": 0, "text": SUMMARY},
        "results": [
            {
                **common,
                "line": CLAIM_LINE,
                "path": PROVENANCE_PATH,
                "value": None,
                "shape": "wsh:ClaimShape-provenance",
                "constraints": ["sh:MinCountConstraintComponent"],
                "message": messages["provenance"],
            },
            {
                **common,
                "line": AMOUNT_LINE,
                "path": "warkg:quantityAmount",
                "value": MINUS_FIVE,
                "shape": "wsh:QuantityClaimShape-amount",
                "constraints": ["sh:MinInclusiveConstraintComponent"],
                "message": messages["amount"],
            },
        ],
    }


def test_junit_has_a_failing_testcase_per_violation(
    workdir: Path, messages: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["validate", "data/claims.ttl", "--format", "junit"], capsys)
    assert code == 1
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n')
    root = ET.fromstring(out.encode("utf-8"))
    assert root.tag == "testsuites"
    [suite] = root.findall("testsuite")
    for element in (root, suite):
        assert {k: element.get(k) for k in ("tests", "failures", "errors", "skipped")} == {
            "tests": "2",
            "failures": "2",
            "errors": "0",
            "skipped": "0",
        }
    cases = suite.findall("testcase")
    assert [(c.get("classname"), c.get("file"), c.get("line")) for c in cases] == [
        ("data/claims.ttl", "data/claims.ttl", str(CLAIM_LINE)),
        ("data/claims.ttl", "data/claims.ttl", str(AMOUNT_LINE)),
    ]
    assert [c.get("name") for c in cases] == [
        f"{FOCUS} {PROVENANCE_PATH} (wsh:ClaimShape-provenance, sh:MinCountConstraintComponent)",
        f"{FOCUS} warkg:quantityAmount {MINUS_FIVE} (wsh:QuantityClaimShape-amount, "
        "sh:MinInclusiveConstraintComponent)",
    ]
    failures = [c.find("failure") for c in cases]
    assert [(f.get("type"), f.get("message")) for f in failures if f is not None] == [
        ("Violation", f"{FOCUS} {PROVENANCE_PATH}: {messages['provenance']}"),
        ("Violation", f"{FOCUS} warkg:quantityAmount {MINUS_FIVE}: {messages['amount']}"),
    ]
    properties = {p.get("name"): p.get("value") for p in cases[1].find("properties")}
    assert properties == {
        "severity": "Violation",
        "focus": FOCUS,
        "path": "warkg:quantityAmount",
        "value": MINUS_FIVE,
        "shape": "wsh:QuantityClaimShape-amount",
        "constraints": "sh:MinInclusiveConstraintComponent",
        "message": messages["amount"],
    }
    assert failures[0] is not None
    assert failures[0].text == (
        f"data/claims.ttl:{CLAIM_LINE}: Violation {FOCUS} {PROVENANCE_PATH}: "
        f"{messages['provenance']}"
    )


def test_sarif_is_one_run_with_the_shapes_as_rules(
    workdir: Path, messages: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["validate", "data/claims.ttl", "--format", "sarif"], capsys)
    assert code == 1
    sarif = json.loads(out)
    assert sarif["version"] == "2.1.0"
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    [sarif_run] = sarif["runs"]
    driver = sarif_run["tool"]["driver"]
    assert (driver["name"], driver["version"]) == ("warkg", warkg.__version__)
    assert driver["rules"] == [
        {
            "id": "wsh:ClaimShape-provenance",
            "shortDescription": {"text": messages["provenance"]},
            "defaultConfiguration": {"level": "error"},
        },
        {
            "id": "wsh:QuantityClaimShape-amount",
            "shortDescription": {"text": messages["amount"]},
            "defaultConfiguration": {"level": "error"},
        },
    ]
    results = sarif_run["results"]
    assert [(r["ruleId"], r["ruleIndex"], r["level"]) for r in results] == [
        ("wsh:ClaimShape-provenance", 0, "error"),
        ("wsh:QuantityClaimShape-amount", 1, "error"),
    ]
    for result, line in zip(results, (CLAIM_LINE, AMOUNT_LINE), strict=True):
        [location] = result["locations"]
        physical = location["physicalLocation"]
        assert physical["artifactLocation"] == {
            "uri": "data/claims.ttl",
            "uriBaseId": "%SRCROOT%",
        }
        assert physical["region"] == {"startLine": line}
    assert results[0]["message"] == {"text": f"{FOCUS} {PROVENANCE_PATH}: {messages['provenance']}"}
    assert results[1]["properties"] == {
        "severity": "Violation",
        "focus": FOCUS,
        "path": "warkg:quantityAmount",
        "value": MINUS_FIVE,
        "shape": "wsh:QuantityClaimShape-amount",
        "constraints": ["sh:MinInclusiveConstraintComponent"],
        "message": messages["amount"],
        "detail": None,
    }


def test_github_annotations_are_escaped_workflow_commands(
    workdir: Path, messages: dict[str, str], capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["validate", "data/claims.ttl", "--format", "github"], capsys)
    assert code == 1
    where = "::error file=data/claims.ttl,line={},title=wsh%3A".format
    assert out.splitlines() == [
        f"{where(CLAIM_LINE)}ClaimShape-provenance::{FOCUS} {PROVENANCE_PATH}: "
        f"{messages['provenance']}",
        f"{where(AMOUNT_LINE)}QuantityClaimShape-amount::{FOCUS} warkg:quantityAmount "
        f"{MINUS_FIVE}: {messages['amount']}",
        SUMMARY,
    ]


def test_escaping_follows_githubs_toolkit() -> None:
    assert report_formats.escape_data("100% a\r\nb: c, d") == "100%25 a%0D%0Ab: c, d"
    assert report_formats.escape_property("100% a\r\nb: c, d") == "100%25 a%0D%0Ab%3A c%2C d"
    assert (
        report_formats.annotation(
            "warning", "50%\nmore", file="a,b.ttl", line=3, col=None, title="x:y"
        )
        == "::warning file=a%2Cb.ttl,line=3,title=x%3Ay::50%25%0Amore"
    )
    assert report_formats.annotation("notice", "plain") == "::notice::plain"


def test_output_writes_the_report_and_prints_only_the_summary(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = run(
        ["validate", "data/claims.ttl", "--format", "sarif", "--output", "warkg.sarif"], capsys
    )
    assert (code, out, err) == (1, f"{SUMMARY}\n", "")
    sarif = json.loads((workdir / "warkg.sarif").read_text(encoding="utf-8"))
    assert len(sarif["runs"][0]["results"]) == 2


def test_a_conforming_file_exits_0_and_junit_still_has_a_testcase(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "data" / "claims.ttl").write_text(GOOD, encoding="utf-8")
    code, out, _ = run(["validate", "data/claims.ttl"], capsys)
    assert (code, out) == (0, f"conforms: 1 claim, 0 references {CHECKED}\n")
    code, out, _ = run(["validate", "data", "--format", "junit"], capsys)
    assert code == 0
    root = ET.fromstring(out.encode("utf-8"))
    [case] = root.iter("testcase")
    assert (root.get("tests"), root.get("failures")) == ("1", "0")
    assert (case.get("name"), case.findtext("system-out")) == (
        "conforms",
        f"conforms: 1 claim, 0 references {CHECKED}",
    )
    code, out, _ = run(["validate", "data", "--format", "github"], capsys)
    assert (code, out) == (0, f"conforms: 1 claim, 0 references {CHECKED}\n")


# --- two files, the ontology, and nodes written nowhere ----------------------------------

TWO_FILE_PREFIXES = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix claim: <https://w3id.org/warkg/id/claim/> .
@prefix ref: <https://w3id.org/warkg/id/reference/> .
"""

CLAIMS = (
    TWO_FILE_PREFIXES
    + """
claim:cited a warkg:TextualClaim ;
    rdfs:label "Cited"@en ;
    warkg:hasReference ref:1 .

claim:uncited a warkg:TextualClaim ;
    rdfs:label "Uncited"@en .
"""
)

REFERENCES = (
    TWO_FILE_PREFIXES
    + """
ref:1 a warkg:Reference ;
    warkg:renderedText "Reference one." .

ref:2 a warkg:Reference .
"""
)

# A claim must cite a warkg:Reference (typed in the other file); a reference must keep
# its text; and a meta-shape asks the ontology's Reference class for a scope note.
TWO_FILE_SHAPES = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix wsh: <https://w3id.org/warkg/shapes/> .

wsh:ClaimShape a sh:NodeShape ; sh:targetClass warkg:Claim ;
    sh:property wsh:ClaimShape-reference .
wsh:ClaimShape-reference a sh:PropertyShape ; sh:path warkg:hasReference ;
    sh:minCount 1 ; sh:class warkg:Reference ; sh:name "reference" ;
    sh:severity sh:Violation ; sh:message "Claim must cite a warkg:Reference." .
wsh:ReferenceShape a sh:NodeShape ; sh:targetClass warkg:Reference ;
    sh:property wsh:ReferenceShape-text .
wsh:ReferenceShape-text a sh:PropertyShape ; sh:path warkg:renderedText ;
    sh:minCount 1 ; sh:name "rendered text" ;
    sh:severity sh:Violation ; sh:message "Reference must keep its rendered text." .
wsh:ReferenceClassShape a sh:NodeShape ; sh:targetNode warkg:Reference ;
    sh:property wsh:ReferenceClassShape-note .
wsh:ReferenceClassShape-note a sh:PropertyShape ; sh:path skos:scopeNote ;
    sh:minCount 1 ; sh:name "scope note" ;
    sh:severity sh:Info ; sh:message "The Reference class could use a scope note." .
"""


@pytest.fixture
def two_files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "claims.ttl").write_text(CLAIMS, encoding="utf-8")
    (tmp_path / "refs.ttl").write_text(REFERENCES, encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(TWO_FILE_SHAPES, encoding="utf-8")
    return tmp_path


def shipped_ontology_line(subject: str) -> int:
    """The line of the shipped ontology on which `subject` starts its description."""
    [ontology] = paths.ontology_files()
    lines = ontology.read_text(encoding="utf-8").splitlines()
    [line] = [n for n, text in enumerate(lines, 1) if text == subject]
    return line


def test_each_result_points_at_the_file_that_describes_its_node(
    two_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert CLAIMS.splitlines()[9] == "claim:uncited a warkg:TextualClaim ;"
    assert REFERENCES.splitlines()[8] == "ref:2 a warkg:Reference ."
    reference_line = shipped_ontology_line("warkg:Reference")
    [ontology] = paths.ontology_files()
    expected = [
        "claims.ttl:10: Violation claim:uncited warkg:hasReference: "
        "Claim must cite a warkg:Reference.",
        "refs.ttl:9: Violation ref:2 warkg:renderedText: Reference must keep its rendered text.",
        # the shipped ontology is outside the working directory: named so it can be opened
        f"{ontology}:{reference_line}: Info warkg:Reference skos:scopeNote: "
        "The Reference class could use a scope note.",
        "does not conform: 2 violations, 0 warnings, 1 info (6 shapes, 5 focus nodes checked)",
    ]
    for args in (["claims.ttl", "refs.ttl"], ["claims.ttl", "--data", "refs.ttl"], ["."]):
        code, out, _ = run(["validate", *args, "--shapes", "shapes.ttl"], capsys)
        assert (code, out.splitlines()) == (1, expected), args


def test_files_are_named_as_the_user_can_open_them(
    two_files: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Relative to the working directory when inside it, else absolute: never relative
    to where warkg keeps its data (`ontology/warkg.ttl` is wrong in someone else's
    repository, and in an installed wheel)."""
    [ontology] = paths.ontology_files()
    line = shipped_ontology_line("warkg:Reference")
    note = "Info warkg:Reference skos:scopeNote: The Reference class could use a scope note."
    shapes = str(two_files / "shapes.ttl")

    def shipped_line(*args: str) -> str:
        code, out, _ = run(["validate", *args, "--shapes", shapes, "--format", "json"], capsys)
        assert code == 1
        [result] = [r for r in json.loads(out)["results"] if r["severity"] == "Info"]
        return f"{result['file']}:{result['line']}"

    (two_files / "elsewhere").mkdir()
    monkeypatch.chdir(two_files / "elsewhere")  # neither inside the data nor the repository
    where = shipped_line(str(two_files / "claims.ttl"), str(two_files / "refs.ttl"))
    assert where == f"{ontology}:{line}"
    assert Path(where.rsplit(":", 1)[0]).is_file()
    monkeypatch.chdir(ontology.parent.parent)  # inside the data root: relative again
    assert shipped_line(str(two_files / "claims.ttl")) == f"ontology/warkg.ttl:{line}"
    monkeypatch.chdir(ontology.parent)
    code, out, _ = run(["validate", str(two_files / "claims.ttl"), "--shapes", shapes], capsys)
    assert (code, out.splitlines()[-2]) == (1, f"warkg.ttl:{line}: {note}")


def test_files_are_validated_together(two_files: Path, capsys: pytest.CaptureFixture[str]) -> None:
    """Alone, claims.ttl cites a ref:1 nobody says is a warkg:Reference."""
    code, out, _ = run(["validate", "claims.ttl", "--shapes", "shapes.ttl"], capsys)
    assert code == 1
    assert out.splitlines()[:2] == [
        # the line of the triple at fault, its value, and what is wrong with it
        "claims.ttl:8: Violation claim:cited warkg:hasReference ref:1: "
        "Claim must cite a warkg:Reference. "
        "(ref:1 is not a warkg:Reference: nothing in the data describes ref:1)",
        "claims.ttl:10: Violation claim:uncited warkg:hasReference: "
        "Claim must cite a warkg:Reference.",
    ]


def test_a_focus_written_nowhere_has_no_location(
    two_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (two_files / "shapes.ttl").write_text(
        TWO_FILE_SHAPES.replace(
            "sh:targetNode warkg:Reference", "sh:targetNode <https://example.org/nowhere>"
        ),
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "refs.ttl", "--shapes", "shapes.ttl"], capsys)
    assert code == 1
    assert out.splitlines()[1] == (
        "Info <https://example.org/nowhere> skos:scopeNote: "
        "The Reference class could use a scope note."
    )
    code, out, _ = run(
        ["validate", "refs.ttl", "--shapes", "shapes.ttl", "--format", "json"], capsys
    )
    last = json.loads(out)["results"][-1]
    assert (last["focus"], last["file"], last["line"]) == (
        "<https://example.org/nowhere>",
        None,
        None,
    )
    code, out, _ = run(
        ["validate", "refs.ttl", "--shapes", "shapes.ttl", "--format", "github"], capsys
    )
    assert out.splitlines()[1] == (
        "::notice title=wsh%3AReferenceClassShape-note::<https://example.org/nowhere> "
        "skos:scopeNote: The Reference class could use a scope note."
    )


# --- severities --------------------------------------------------------------------------

SEVERITY_SHAPES = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix wsh: <https://w3id.org/warkg/shapes/> .

wsh:ClaimShape a sh:NodeShape ; sh:targetClass warkg:Claim ;
    sh:property wsh:ClaimShape-note , wsh:ClaimShape-comment .
wsh:ClaimShape-note a sh:PropertyShape ; sh:path skos:note ; sh:minCount 1 ;
    sh:name "note" ; sh:severity sh:Warning ; sh:message "Claim should have a note." .
wsh:ClaimShape-comment a sh:PropertyShape ; sh:path rdfs:comment ; sh:minCount 1 ;
    sh:name "comment" ; sh:severity sh:Info ; sh:message "A comment would help." .
"""


def test_warnings_fail_only_with_strict_in_every_format(
    two_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (two_files / "shapes.ttl").write_text(SEVERITY_SHAPES, encoding="utf-8")
    base = ["validate", "claims.ttl", "--shapes", "shapes.ttl"]
    lines = [
        "claims.ttl:6: Warning claim:cited skos:note: Claim should have a note.",
        "claims.ttl:10: Warning claim:uncited skos:note: Claim should have a note.",
        "claims.ttl:6: Info claim:cited rdfs:comment: A comment would help.",
        "claims.ttl:10: Info claim:uncited rdfs:comment: A comment would help.",
    ]
    code, out, _ = run(base, capsys)
    tally, checked = "0 violations, 2 warnings, 2 infos", "(3 shapes, 2 focus nodes checked)"
    assert (code, out.splitlines()) == (
        0,
        [
            *lines,
            f"does not conform, passes with --fail-on violation: {tally} {checked}",
        ],
    )
    code, out, _ = run([*base, "--strict"], capsys)
    assert (code, out.splitlines()) == (1, [*lines, f"does not conform: {tally} {checked}"])

    code, out, _ = run([*base, "--format", "github"], capsys)
    assert code == 0
    assert out.splitlines()[0] == (
        "::warning file=claims.ttl,line=6,title=wsh%3AClaimShape-note::"
        "claim:cited skos:note: Claim should have a note."
    )
    assert out.splitlines()[2] == (
        "::notice file=claims.ttl,line=6,title=wsh%3AClaimShape-comment::"
        "claim:cited rdfs:comment: A comment would help."
    )

    for strict, failures in ((False, "0"), (True, "2")):
        code, out, _ = run([*base, "--format", "junit", *(["--strict"] if strict else [])], capsys)
        assert code == (1 if strict else 0)
        root = ET.fromstring(out.encode("utf-8"))
        assert (root.get("tests"), root.get("failures")) == ("4", failures)
        cases = list(root.iter("testcase"))
        assert [c.find("failure") is not None for c in cases] == [strict, strict, False, False]
        assert cases[3].findtext("system-out") == lines[3]

    code, out, _ = run([*base, "--format", "sarif", "--strict"], capsys)
    sarif_run = json.loads(out)["runs"][0]
    assert [r["level"] for r in sarif_run["results"]] == ["warning", "warning", "note", "note"]
    assert [
        (rule["id"], rule["defaultConfiguration"]["level"])
        for rule in sarif_run["tool"]["driver"]["rules"]
    ] == [("wsh:ClaimShape-comment", "note"), ("wsh:ClaimShape-note", "warning")]


# --- bad input ---------------------------------------------------------------------------

SYNTAX_ERROR = """\
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix claim: <https://w3id.org/warkg/id/claim/> .
claim:x a warkg:TextualClaim
claim:y a warkg:TextualClaim .
"""


@pytest.mark.parametrize("report_format", report_formats.FORMATS)
def test_a_syntax_error_is_one_line_and_exit_2(
    report_format: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "data" / "zz-bad.ttl").write_text(SYNTAX_ERROR, encoding="utf-8")
    code, out, err = run(["validate", "data", "--format", report_format], capsys)
    reason = "bad syntax: A dot is expected at the end of statements"
    assert (code, err) == (2, f"warkg: data/zz-bad.ttl:4:1: {reason}\n")
    if report_format == "github":  # also an annotation on the offending line
        assert out == f"::error file=data/zz-bad.ttl,line=4,col=1,title=warkg::{reason}\n"
    else:
        assert out == ""


def test_a_missing_file_is_exit_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(["validate", "data/nope.ttl", "--format", "github"], capsys)
    assert (code, err) == (2, "warkg: data/nope.ttl: no such file\n")
    assert out == "::error title=warkg::data/nope.ttl: no such file\n"


def test_input_error_positions_are_kept() -> None:
    error = InputError.at("a.ttl", 3, 7, "bad  syntax:\n  oops")
    assert (str(error), error.position, error.reason) == (
        "a.ttl:3:7: bad syntax: oops",
        ("a.ttl", 3, 7),
        "bad syntax: oops",
    )


# --- pre-commit hook and GitHub action ---------------------------------------------------

HOOK = {
    "id": "warkg-validate",
    "name": "warkg validate",
    "description": "Check the repository's Turtle, all files together, against the warkg "
    "ontology and SHACL shapes (provenance checks).",
    "entry": "warkg validate",
    "language": "python",
    "files": r"\.ttl$",
    "pass_filenames": False,
    "require_serial": True,
}


def test_pre_commit_hook_definition() -> None:
    hooks = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert hooks == [HOOK]


def _offline_env(tmp_path: Path) -> dict[str, str]:
    """No user or system git config, pre-commit's cache in tmp_path, no GIT_* leaking in
    from a surrounding hook; nothing here needs the network."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    return env | {
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "PIP_NO_INDEX": "1",
    }


def assert_hook_failed_on_the_claim(
    failed: subprocess.CompletedProcess[str], messages: dict[str, str]
) -> None:
    """pre-commit's report of the hook failing on data/claims.ttl's uncited claim."""
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "- hook id: warkg-validate\n- exit code: 1\n" in failed.stdout
    assert (
        f"data/claims.ttl:{CLAIM_LINE}: Violation {FOCUS} {PROVENANCE_PATH}: "
        f"{messages['provenance']}\n"
    ) in failed.stdout
    assert "\ndoes not conform: 2 violations, 0 warnings, 0 infos (173 shapes, " in failed.stdout


def test_pre_commit_hook_fails_on_a_broken_file_and_passes_a_good_one(
    tmp_path: Path, messages: dict[str, str]
) -> None:
    """The hook's definition with `language: system` and this interpreter, so nothing is
    installed: a quick check that `pre-commit run --all-files` passes only the Turtle
    files (README.md is left out). The shipped definition itself runs for real in
    test_the_shipped_hook_installs_and_runs_with_pre_commit."""
    repo = tmp_path / "repo"
    (repo / "data").mkdir(parents=True)
    env = _offline_env(tmp_path)
    local_hook = HOOK | {
        "language": "system",
        "entry": f"{shlex.quote(sys.executable)} -m warkg validate",
    }
    config = {"repos": [{"repo": "local", "hooks": [local_hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (repo / "data" / "claims.ttl").write_text(BROKEN, encoding="utf-8")
    (repo / "README.md").write_text("not Turtle, not passed to the hook\n", encoding="utf-8")

    def git(*args: str) -> None:
        subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)

    def pre_commit() -> subprocess.CompletedProcess[str]:
        git("add", "-A")
        return subprocess.run(
            [sys.executable, "-m", "pre_commit", "run", "--all-files", "--color", "never"],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    git("init", "-q")
    assert_hook_failed_on_the_claim(pre_commit(), messages)

    (repo / "data" / "claims.ttl").write_text(GOOD, encoding="utf-8")
    passed = pre_commit()
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "warkg validate" in passed.stdout
    assert "Passed" in passed.stdout


# What a wheel of warkg is built from (pyproject.toml's force-include and packages).
PACKAGE_PARTS = ("pyproject.toml", "README.md", ".pre-commit-hooks.yaml", "src/", "ontology/")
PACKAGE_PARTS += ("triples/", "shapes/", "queries/", "curation/", "hatch_build.py")


def _snapshot_of_this_checkout(target: Path, env: dict[str, str]) -> Path:
    """A git repository holding this checkout's files as they are now (committed or
    not), which is what pre-commit clones and installs: a plain clone would test the
    last commit instead of the hook definition and code being tested."""
    listed = subprocess.run(
        ["git", "ls-files", "--cached", "--others", "--exclude-standard"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    for name in listed:
        source = REPO / name
        if name.startswith(PACKAGE_PARTS) and source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            (target / name).write_bytes(source.read_bytes())
    for args in (["init", "-q"], ["add", "-A"], ["commit", "-q", "-m", "snapshot"]):
        subprocess.run(["git", *args], cwd=target, env=env, check=True, capture_output=True)
    return target


def test_the_shipped_hook_installs_and_runs_with_pre_commit(
    tmp_path: Path, messages: dict[str, str]
) -> None:
    """The hook exactly as .pre-commit-hooks.yaml ships it, for real: `pre-commit
    try-repo` clones a snapshot of this checkout, installs it with `language: python`
    into pre-commit's own virtual environment (from the package index), and runs it on
    the files given, in a fresh git repository."""
    env = _offline_env(tmp_path)
    del env["PIP_NO_INDEX"]  # installing the hook's environment needs the package index
    env |= {
        "GIT_AUTHOR_NAME": "test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
    }
    hook_repo = _snapshot_of_this_checkout(tmp_path / "warkg", env)
    repo = tmp_path / "theirs"
    (repo / "data").mkdir(parents=True)
    subprocess.run(["git", "init", "-q"], cwd=repo, env=env, check=True)
    (repo / "data" / "claims.ttl").write_text(BROKEN, encoding="utf-8")
    # another claim: the hook checks both files together
    (repo / "data" / "good.ttl").write_text(GOOD.replace("soldiers-killed", "other"), "utf-8")
    subprocess.run(["git", "add", "-A"], cwd=repo, env=env, check=True)

    command = [sys.executable, "-m", "pre_commit", "try-repo", str(hook_repo), "warkg-validate"]

    def try_repo(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [*command, "--color", "never", "--files", *files],
            cwd=repo,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    # Whatever file changed, the hook checks the whole repository: claims.ttl too.
    assert_hook_failed_on_the_claim(try_repo("data/good.ttl"), messages)

    (repo / "data" / "claims.ttl").write_text(GOOD, encoding="utf-8")
    passed = try_repo("data/claims.ttl")  # the environment is installed once and reused
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert re.search(r"^warkg validate\.+Passed$", passed.stdout, re.MULTILINE), passed.stdout


def test_github_action_runs_validate_with_its_inputs(
    workdir: Path, tmp_path: Path, messages: dict[str, str]
) -> None:
    """The action's Validate step, run by bash as the runner would, with `warkg` a shim
    for this interpreter in place of the virtual environment the Install step makes."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    assert action["runs"]["using"] == "composite"
    assert {name: spec["default"] for name, spec in action["inputs"].items()} == {
        "files": "",
        "shapes": "",
        "fail-on": "violation",
        "strict": "false",
        "format": "github",
        "output": "",
    }
    install, validate = action["runs"]["steps"]
    assert (
        '-m pip install --quiet --disable-pip-version-check "${{ github.action_path }}"'
        in (install["run"])
    )
    assert validate["env"] == {
        f"WARKG_{name.upper().replace('-', '_')}": f"${{{{ inputs.{name} }}}}"
        for name in ("files", "shapes", "fail-on", "strict", "format", "output")
    }
    shim = tmp_path / "runner" / "warkg-venv" / "bin" / "warkg"
    shim.parent.mkdir(parents=True)
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m warkg "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    action_defaults = {name: spec["default"] for name, spec in action["inputs"].items()}

    def step(**inputs: str) -> subprocess.CompletedProcess[str]:
        env = os.environ | {"RUNNER_TEMP": str(tmp_path / "runner")}
        env |= {
            f"WARKG_{k.upper().replace('-', '_')}": v for k, v in (action_defaults | inputs).items()
        }
        return subprocess.run(
            ["bash", "-c", validate["run"]],
            cwd=workdir,
            env=env,
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )

    done = step(files="data/claims.ttl\n")
    assert done.returncode == 1, done.stderr
    assert done.stdout.splitlines()[0] == (
        f"::error file=data/claims.ttl,line={CLAIM_LINE},title=wsh%3AClaimShape-provenance::"
        f"{FOCUS} {PROVENANCE_PATH}: {messages['provenance']}"
    )
    (workdir / "shapes.ttl").write_text(SEVERITY_SHAPES, encoding="utf-8")
    (workdir / "data" / "claims.ttl").write_text(GOOD, encoding="utf-8")
    done = step(files="data", shapes="shapes.ttl", format="text")
    tally, checked = "0 violations, 1 warning, 1 info", "(3 shapes, 1 focus node checked)"
    assert (done.returncode, done.stdout.splitlines()[-1]) == (
        0,
        f"does not conform, passes with --fail-on violation: {tally} {checked}",
    )
    done = step(
        files="data", shapes="shapes.ttl", strict="true", format="json", output="report.json"
    )
    assert (done.returncode, done.stdout) == (1, f"does not conform: {tally} {checked}\n")
    assert json.loads((workdir / "report.json").read_text(encoding="utf-8"))["strict"] is True


def test_sarif_names_a_file_outside_the_working_directory_by_file_uri(
    workdir: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    claims = workdir / "data" / "claims.ttl"
    (workdir / "elsewhere").mkdir()
    monkeypatch.chdir(workdir / "elsewhere")
    code, out, _ = run(["validate", str(claims), "--format", "sarif"], capsys)
    assert code == 1
    location = json.loads(out)["runs"][0]["results"][0]["locations"][0]["physicalLocation"]
    assert location == {
        "artifactLocation": {"uri": claims.as_uri()},
        "region": {"startLine": CLAIM_LINE},
    }


def test_readme_examples_use_the_real_hook_and_action_inputs() -> None:
    """The copy-paste YAML in the CI guide parses and names what the repository defines:
    one pre-commit snippet, for the shipped hook; the action used with its defaults (the
    repository's own data), the commented-out settings being real inputs."""
    readme = (REPO / "docs" / "how-to" / "gate-ci.md").read_text(encoding="utf-8")
    texts = [b.split("```")[0] for b in readme.split("```yaml\n")[1:]]
    blocks = [yaml.safe_load(text) for text in texts]
    [pre_commit] = [b for b in blocks if "repos" in b]
    [hook] = pre_commit["repos"][0]["hooks"]
    assert hook == {"id": HOOK["id"], "args": ["data/"]}
    [(workflow, text)] = [(b, t) for b, t in zip(blocks, texts, strict=True) if "jobs" in b]
    [step] = [s for s in workflow["jobs"]["validate"]["steps"] if "warkg" in s["uses"]]
    assert "with" not in step
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    commented = re.findall(r"^\s*#\s+([\w-]+):", text.split("warkg@")[1], re.MULTILINE)
    assert set(commented) - {"with"} == {"files", "shapes", "fail-on", "format", "output"}
    assert set(commented) - {"with"} <= set(action["inputs"])


def test_blank_node_and_literal_foci_are_placed_where_they_are_objects(
    two_files: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A `[ ]` population is placed at its `[`; a shared reference number (the focus is
    the literal itself) at its first use."""
    (two_files / "shapes.ttl").write_text(
        TWO_FILE_SHAPES.split("wsh:ClaimShape a")[0]
        + """\
wsh:PopulationShape a sh:NodeShape ; sh:targetClass warkg:Population ;
    sh:property wsh:PopulationShape-group .
wsh:PopulationShape-group a sh:PropertyShape ; sh:path warkg:populationGroup ;
    sh:minCount 1 ; sh:name "group" ; sh:severity sh:Violation ;
    sh:message "Population needs a group." .
wsh:NumberShape a sh:NodeShape ; sh:targetObjectsOf warkg:referenceNumber ;
    sh:property wsh:NumberShape-unique .
wsh:NumberShape-unique a sh:PropertyShape ; sh:path [ sh:inversePath warkg:referenceNumber ] ;
    sh:maxCount 1 ; sh:name "unique" ; sh:severity sh:Violation ;
    sh:message "Two references share this number." .
""",
        encoding="utf-8",
    )
    (two_files / "data.ttl").write_text(
        TWO_FILE_PREFIXES
        + """\
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
claim:x warkg:population
    [ a warkg:Population ; rdfs:label "Somebody"@en ] .
ref:1 warkg:referenceNumber 7 .
ref:2 warkg:referenceNumber 7 .
""",
        encoding="utf-8",
    )
    code, out, _ = run(["validate", "data.ttl", "--shapes", "shapes.ttl"], capsys)
    assert code == 1
    blank, literal, summary = out.splitlines()
    assert blank.startswith("data.ttl:7: Violation _:")
    assert blank.endswith(" warkg:populationGroup: Population needs a group.")
    assert literal == (
        'data.ttl:8: Violation "7"^^xsd:integer ^warkg:referenceNumber: '
        "Two references share this number. (2 values, at most 1 allowed)"
    )
    assert summary == (
        "does not conform: 2 violations, 0 warnings, 0 infos (4 shapes, 2 focus nodes checked)"
    )
