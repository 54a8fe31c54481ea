"""The findings of issue 24, one test each: how `warkg validate` could pass data it should
fail in someone else's CI, or fail data it should pass, reproduced on small files.

Each test failed on main before the fix it names (see the commit messages). Verdicts
are checked against the SHACL spec; where pySHACL 0.40 or rdflib gets one wrong, the
test says which (the same cases are in the list of upstream bugs that the differential
test, tests/validation/test_differential.py, explains disagreements with).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tests.support.validation_paths import PATHS
from warkg.cli import main as cli
from warkg.rdf import loading
from warkg.validation import api as validation

HEAD = """\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix wsh: <https://w3id.org/warkg/shapes/> .
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    return path


def _validate(tmp_path: Path, shapes: str, data: str, **options) -> validation.ValidationReport:
    shapes_graph = loading.load_files([_write(tmp_path, "shapes.ttl", shapes)], as_written=True)
    data_graph = loading.load_files([_write(tmp_path, "data.ttl", data)], as_written=True)
    return validation.validate(data_graph, shapes_graph, **options)


def _short(text: str | None) -> str | None:
    """A term as the tests write it: ex:a for <http://example.org/a>, xsd:date for XSD's."""
    if text is None:
        return None
    text = re.sub(r"<http://example\.org/([\w-]*)>", r"ex:\1", text)
    return re.sub(r"<http://www\.w3\.org/2001/XMLSchema#(\w+)>", r"xsd:\1", text)


def _keys(report: validation.ValidationReport) -> set[tuple[str, str, str | None]]:
    return {(_short(r.focus), r.constraint, _short(r.value)) for r in report.results}


# --- no run passes on data the user did not name --------------------------------------


def test_validate_without_a_path_in_an_empty_folder_names_what_to_pass(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It validated warkg's own bundled data, in any folder, and exited 0."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("warkg: no Turtle file (*.ttl) under the current folder")
    assert err.rstrip().endswith("; name the files or folders to validate (or give --bundled)")


def test_validate_without_a_path_checks_the_turtle_under_the_current_folder(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.ttl").write_text(
        "@prefix warkg: <https://w3id.org/warkg/ontology/> .\n"
        "@prefix claim: <https://w3id.org/warkg/id/claim/> .\n"
        "claim:x a warkg:FactClaim .\n",
        encoding="utf-8",
    )
    for ignored in (".git", ".venv", "node_modules"):  # never read
        (tmp_path / ignored).mkdir()
        (tmp_path / ignored / "broken.ttl").write_text("not Turtle", encoding="utf-8")
    assert cli.main(["validate"]) == 1
    out = capsys.readouterr().out
    assert "data/claims.ttl:3: Violation claim:x" in out


def test_bundled_data_is_validated_only_when_asked_for(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    assert cli.main(["validate", "--bundled"]) == 0
    assert capsys.readouterr().out.startswith("conforms: 97 claims, 91 references")


def test_data_no_shape_reaches_exits_2_with_the_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """`ex:a ex:p ex:b .` conformed with exit 0: the focus nodes counted were the bundled
    ontology's."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:p ex:b .\n", encoding="utf-8"
    )
    assert cli.main(["validate", "data.ttl"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("warkg: data.ttl: none of the 2 nodes of the data is a focus node")


def test_fmt_without_a_path_acts_on_the_current_folder_and_names_each_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """It rewrote the shipped files (inside site-packages, from a wheel) in any folder."""
    monkeypatch.chdir(tmp_path)
    assert cli.main(["fmt"]) == 2
    assert capsys.readouterr().err.rstrip().endswith("; name the files or folders to format")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "a.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:b ex:p ex:c . ex:a ex:p ex:c .\n",
        encoding="utf-8",
    )
    assert cli.main(["fmt"]) == 0
    assert capsys.readouterr().out == "reformatted: data/a.ttl\n1 of 1 files reformatted\n"
    assert cli.main(["fmt", "--check"]) == 0


# --- verdicts by the specification -----------------------------------------------------

NESTED = """
ex:W a sh:NodeShape ; sh:severity sh:Warning ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:not ex:W .
ex:I a sh:NodeShape ; sh:severity sh:Info ; sh:property [ sh:path ex:q ; sh:minCount 1 ] .
ex:T a sh:NodeShape ; sh:targetNode ex:b ; sh:and ( ex:I ) .
"""


@pytest.mark.parametrize("path", PATHS)
def test_a_failing_warning_or_info_shape_does_not_conform_inside_logical_shapes(
    tmp_path: Path, path: str
) -> None:
    """ex:a fails ex:W (a warning), so it conforms to `sh:not ex:W`; ex:b fails ex:I (an
    info), so it does not conform to `sh:and (ex:I)` (SHACL 2.3.1: a node conforms only
    if there is no result of any severity). With pySHACL's allow_warnings/allow_infos,
    which warkg passed, both verdicts were the other way round."""
    report = _validate(tmp_path, NESTED, "ex:a ex:r 1 .\nex:b ex:r 1 .\n", **PATHS[path])
    assert _keys(report) == {("ex:b", "sh:AndConstraintComponent", "ex:b")}


@pytest.mark.parametrize("path", PATHS)
def test_a_sparql_target_with_a_zero_length_path_keeps_its_constant_end(
    tmp_path: Path, path: str
) -> None:
    """`?this ex:partOf* ex:root` selects ex:root even when the data never mentions it
    (SPARQL 1.1, 18.4; rdflib and Jena agree); pyoxigraph, which answered such targets,
    drops it."""
    shapes = """
ex:S a sh:NodeShape ;
  sh:target [ a sh:SPARQLTarget ; wsh:literalIndependent true ;
     sh:select "SELECT ?this WHERE { ?this ex:partOf* ex:root }" ; sh:prefixes ex:p ] ;
  sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:T a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:name ; sh:minCount 1 ] .
ex:p sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""
    report = _validate(tmp_path, shapes, 'ex:x ex:name "x" .\n', **PATHS[path])
    assert _keys(report) == {("ex:root", "sh:MinCountConstraintComponent", None)}


def test_a_sparql_constraint_matching_a_literal_constant_fails_every_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Narrowed by pyoxigraph, whose copy of the data hides literals, the constraint
    matched nothing and only one focus node, the first in hash order, was checked: six
    identical runs exited 1 1 0 0 1 1."""
    shapes = """
ex:S a sh:NodeShape ; sh:targetClass ex:Item ;
  sh:sparql [ a sh:SPARQLConstraint ; wsh:narrowable true ; sh:message "banned" ;
     sh:select "SELECT $this WHERE { $this <http://example.org/status> \\"banned\\" }" ] .
"""
    items = "".join(
        f'ex:i{i} a ex:Item ; ex:status "{"banned" if i == 3 else "ok"}" .\n' for i in range(8)
    )
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "shapes.ttl", shapes)
    _write(tmp_path, "data.ttl", items)
    # Hash order changes with each new graph: every run loads the files again.
    codes = [cli.main(["validate", "data.ttl", "--shapes", "shapes.ttl"]) for _ in range(6)]
    assert codes == [1] * 6
    for path, options in PATHS.items():
        report = _validate(tmp_path, shapes, items, **options)
        assert _keys(report) == {("ex:i3", "sh:SPARQLConstraintComponent", "ex:i3")}, path


LESS_THAN = """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:start ;
  sh:property [ sh:path ex:start ; sh:lessThan ex:end ] .
"""


@pytest.mark.parametrize("path", PATHS)
@pytest.mark.parametrize(
    ("data", "value"),
    [
        ('ex:a ex:start "NaN"^^xsd:double ; ex:end 3.0 .', '"NaN"^^xsd:double'),
        ('ex:a ex:start 1 ; ex:end "NaN"^^xsd:double .', '"1"^^xsd:integer'),
        ('ex:a ex:start "NaN"^^xsd:decimal ; ex:end 2 .', '"NaN"^^xsd:decimal'),
        ("ex:a ex:start ex:x ; ex:end ex:y .", "ex:x"),
        ('ex:a ex:start "a" ; ex:end ex:y .', '"a"'),
    ],
    ids=["nan-start", "nan-end", "nan-decimal", "iris", "string-and-iri"],
)
def test_less_than_gives_a_result_where_values_cannot_be_ordered(
    tmp_path: Path, path: str, data: str, value: str
) -> None:
    """SPARQL's `<` is false on NaN and an error on IRIs, so sh:lessThan gives a result
    (SHACL 4.8.3). NaN made pySHACL raise decimal.InvalidOperation (warkg: unusable
    shapes, exit 2); IRIs passed, compared as strings."""
    report = _validate(tmp_path, LESS_THAN, data + "\n", **PATHS[path])
    assert _keys(report) == {("ex:a", "sh:LessThanConstraintComponent", value)}


@pytest.mark.parametrize("path", PATHS)
def test_xsd_string_and_a_plain_literal_are_one_term_in_sh_in(tmp_path: Path, path: str) -> None:
    """RDF 1.1: "active"^^xsd:string and "active" are the same term; rdflib keeps them
    apart, so sh:in ("active") failed the first."""
    shapes = """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:status ;
  sh:property [ sh:path ex:status ; sh:in ( "active" ) ] .
ex:T a sh:NodeShape ; sh:targetSubjectsOf ex:status ;
  sh:property [ sh:path ex:status ; sh:in ( "gone"^^xsd:string ) ] .
"""
    data = 'ex:a ex:status "active"^^xsd:string .\nex:b ex:status "gone" .\n'
    report = _validate(tmp_path, shapes, data, **PATHS[path])
    assert _keys(report) == {
        ("ex:a", "sh:InConstraintComponent", '"active"'),
        ("ex:b", "sh:InConstraintComponent", '"gone"'),
    }


@pytest.mark.parametrize("path", PATHS)
def test_min_length_zero_fails_a_blank_node(tmp_path: Path, path: str) -> None:
    """SHACL 4.7.1: a blank node value gives a result whatever sh:minLength says; pySHACL
    skips the check when it is 0."""
    shapes = """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:p ; sh:property [ sh:path ex:p ; sh:minLength 0 ] .
"""
    report = _validate(tmp_path, shapes, 'ex:a ex:p [ ex:q 1 ] .\nex:b ex:p "x" .\n', **PATHS[path])
    assert {(focus, constraint) for focus, constraint, _ in _keys(report)} == {
        ("ex:a", "sh:MinLengthConstraintComponent")
    }


@pytest.mark.parametrize("path", PATHS)
def test_a_boolean_is_not_within_a_numeric_range(tmp_path: Path, path: str) -> None:
    """`10 >= true` is a type error in SPARQL, so sh:maxInclusive 10 gives a result for
    `true`; pySHACL compared the boolean as the number 1."""
    shapes = """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:maxInclusive 10 ] .
"""
    data = 'ex:a ex:n true .\nex:b ex:n 5 .\nex:c ex:n "2020-01-01"^^xsd:date .\n'
    report = _validate(tmp_path, shapes, data, **PATHS[path])
    assert _keys(report) == {
        ("ex:a", "sh:MaxInclusiveConstraintComponent", '"true"^^xsd:boolean'),
        ("ex:c", "sh:MaxInclusiveConstraintComponent", '"2020-01-01"^^xsd:date'),
    }


@pytest.mark.parametrize("path", PATHS)
def test_an_integer_of_4301_digits_is_an_integer(tmp_path: Path, path: str) -> None:
    """Python reads at most 4,300 digits into an int by default, so rdflib made the
    literal ill-typed: sh:datatype and sh:minInclusive both failed it."""
    shapes = """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ;
  sh:property [ sh:path ex:n ; sh:datatype xsd:integer ; sh:minInclusive 0 ; sh:maxInclusive -1 ] .
"""
    data = f'ex:a ex:n {"9" * 4301} .\nex:b ex:n "-{"9" * 5000}"^^xsd:integer .\n'
    report = _validate(tmp_path, shapes, data, **PATHS[path])
    assert {(f, c) for f, c, _ in _keys(report)} == {
        ("ex:a", "sh:MaxInclusiveConstraintComponent"),
        ("ex:b", "sh:MinInclusiveConstraintComponent"),
    }


def test_an_integer_longer_than_the_limit_is_refused_naming_the_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    _write(tmp_path, "data.ttl", f"ex:a ex:n {'9' * 100_001} .\n")
    assert cli.main(["validate", "data.ttl"]) == 2
    err = capsys.readouterr().err
    assert err == (
        "warkg: data.ttl: an integer literal of 100,001 digits (9999999999...) is longer "
        "than warkg reads (100,000 digits)\n"
    )


def test_json_report_of_the_nested_case_says_which_results_fail_the_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """--fail-on decides what fails the run, from the results pySHACL gives by the spec."""
    monkeypatch.chdir(tmp_path)
    info = NESTED.replace("sh:and ( ex:I )", "sh:and ( ex:I ) ; sh:severity sh:Info")
    _write(tmp_path, "shapes.ttl", info)
    _write(tmp_path, "data.ttl", "ex:a ex:r 1 .\nex:b ex:r 1 .\n")
    args = ["validate", "data.ttl", "--shapes", "shapes.ttl", "--format", "json"]
    assert cli.main(args) == 0
    document = json.loads(capsys.readouterr().out)
    assert (document["conforms"], document["passed"]) == (False, True)
    assert cli.main([*args, "--fail-on", "info"]) == 1


def test_results_from_forked_workers_keep_their_literals_as_written(tmp_path: Path) -> None:
    """Found by the differential test's longer run: the shared-out path's results came
    back pickled, and rdflib made each literal again with its normalisation on, so the
    value "NaN"^^xsd:double came back "nan" and "01"^^xsd:integer "1" (the report then
    could not find its line)."""
    shapes = """
ex:S a sh:NodeShape ; sh:targetSubjectsOf ex:n ; sh:property [ sh:path ex:n ; sh:maxInclusive -5 ] .
"""
    data = 'ex:a ex:n "01"^^xsd:integer .\nex:b ex:n "NaN"^^xsd:double .\n'
    report = _validate(tmp_path, shapes, data, **PATHS["parallel"])
    assert report.shared_out
    assert sorted(str(r.value_node) for r in report.results) == ["01", "NaN"]
