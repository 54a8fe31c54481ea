"""The ways `warkg validate` used to say "conforms" to invalid data (issue 11), each
reproduced on a small file and run through every validation path: plain pySHACL,
accelerated, and shared out among forked workers (forced on small graphs with
`workers=2`).

Also: literals compared as the files write them (SHACL 4.5, 4.8.3, 4.4.3), runs that
would check nothing refused, bad shapes as one line naming the shape, and every report
format carrying SHACL's conforms next to our verdict.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.namespace import XSD

from tests.support.validation_paths import PATHS
from warkg import paths
from warkg.cli import main as cli
from warkg.errors import InputError
from warkg.rdf import loading
from warkg.validation import api as validation
from warkg.validation import preflight, report_formats

HEAD = """\
@prefix ex: <http://example.org/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
"""


def _graph(text: str, tmp_path: Path, name: str) -> Graph:
    path = tmp_path / name
    path.write_text(HEAD + text, encoding="utf-8")
    return loading.load_files([path], as_written=True)


def _lines(report: validation.ValidationReport) -> list[str]:
    return [f"{r.source_shape} {r.line()}" for r in report.results]


def _run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(argv)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


# --- the shared-out path -----------------------------------------------------------------

SPARQL_TARGET = """
ex:A a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:B a sh:NodeShape ; sh:targetNode ex:b ; sh:property [ sh:path ex:p ; sh:minCount 1 ] .
ex:S a sh:NodeShape ;
    sh:target [ a sh:SPARQLTarget ;
                # STRLEN: outside the fragment pyoxigraph may answer, so pySHACL does
                sh:select "SELECT ?this WHERE { ?this a ex:D FILTER(STRLEN(STR(?this)) > 0) }" ;
                sh:prefixes ex:Prefixes ] ;
    sh:property [ sh:path ex:r ; sh:minCount 1 ; sh:message "D needs an r." ] .
ex:Prefixes sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_sparql_target_is_not_lost_when_shapes_are_shared_out(path: str, tmp_path: Path) -> None:
    """The issue's reproduction: with 200,000 filler triples the workers used to drop
    ex:S, whose target pySHACL evaluates itself, and the data "conformed"."""
    shapes = _graph(SPARQL_TARGET, tmp_path, "shapes.ttl")
    data = _graph("ex:d a ex:D . ex:a ex:p 1 . ex:b ex:p 2 .", tmp_path, "data.ttl")
    for i in range(1000):
        data.add((URIRef(f"http://example.org/f{i}"), URIRef("urn:x"), Literal(i)))
    report = validation.validate(data, shapes, **PATHS[path])
    assert _lines(report) == [
        "<http://example.org/S> Violation <http://example.org/d> <http://example.org/r>: "
        "D needs an r."
    ]
    assert not report.passed and not report.shared_out  # sh:target: one process


SUBCLASS_OF_CLASS = """
ex:MetaClass rdfs:subClassOf rdfs:Class .
ex:Person a ex:MetaClass , sh:NodeShape ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "Person needs a name." ] .
ex:Other a sh:NodeShape ; sh:targetNode ex:x ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "x needs a name." ] .
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_shape_that_is_a_class_through_a_subclass_of_rdfs_class_is_reported_once(
    path: str, tmp_path: Path
) -> None:
    shapes = _graph(SUBCLASS_OF_CLASS, tmp_path, "shapes.ttl")
    data = _graph("ex:bob a ex:Person . ex:x ex:p 1 .", tmp_path, "data.ttl")
    report = validation.validate(data, shapes, **PATHS[path])
    assert _lines(report) == [
        "<http://example.org/Person> Violation <http://example.org/bob> "
        "<http://example.org/name>: Person needs a name.",
        "<http://example.org/Other> Violation <http://example.org/x> "
        "<http://example.org/name>: x needs a name.",
    ]
    assert not report.shared_out


RULE = """
ex:Rule a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:rule [ a sh:TripleRule ; sh:subject sh:this ; sh:predicate ex:checked ;
              sh:object true ] .
ex:Checked a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:checked ; sh:minCount 1 ; sh:message "Not checked." ] .
ex:Named a sh:NodeShape ; sh:targetClass ex:Person ;
    sh:property [ sh:path ex:name ; sh:minCount 1 ; sh:message "No name." ] .
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_a_rule_is_applied_before_the_shapes_that_depend_on_it(path: str, tmp_path: Path) -> None:
    shapes = _graph(RULE, tmp_path, "shapes.ttl")
    data = _graph("ex:bob a ex:Person .", tmp_path, "data.ttl")
    report = validation.validate(data, shapes, **PATHS[path])
    assert [r.message for r in report.results] == ["No name."]  # the rule's triple seen
    assert not report.shared_out
    assert len(data) == 1  # the rule wrote into a copy, not into the caller's graph


def test_workers_keep_the_shapes_prefixes_in_messages(tmp_path: Path) -> None:
    shapes = _graph(
        "ex:A a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; "
        "sh:class ex:C ] .\nex:B a sh:NodeShape ; sh:targetNode ex:b ; sh:property [ "
        "sh:path ex:q ; sh:minCount 1 ] .",
        tmp_path,
        "shapes.ttl",
    )
    data = _graph("ex:a ex:p ex:v . ex:b ex:p 1 .", tmp_path, "data.ttl")
    one = validation.validate(data, shapes, workers=1)
    shared = validation.validate(data, shapes, workers=2)
    assert shared.shared_out and not one.shared_out
    assert shared == one
    assert [r.message for r in shared.results] == [
        "Value does not have class ex:C",
        "Less than 1 values on ex:b->ex:q",
    ]


# --- nothing checked ---------------------------------------------------------------------


def test_an_empty_shapes_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.ttl").write_text("", encoding="utf-8")
    code, out, err = _run(
        ["validate", "--bundled", "--shapes", str(tmp_path / "empty.ttl")], capsys
    )
    assert (code, out, err) == (
        2,
        "",
        f"warkg: {tmp_path / 'empty.ttl'}: no SHACL shape in the shapes graph\n",
    )


def test_an_empty_data_file_is_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "empty.ttl").write_text("# nothing\n", encoding="utf-8")
    code, out, err = _run(["validate", str(tmp_path / "empty.ttl")], capsys)
    assert (code, out, err) == (2, "", f"warkg: {tmp_path / 'empty.ttl'}: no triple to validate\n")


def test_shapes_with_no_focus_node_are_an_input_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shapes.ttl").write_text(
        HEAD + "ex:S a sh:NodeShape ; sh:targetClass ex:Nothing ; sh:closed true .\n",
        encoding="utf-8",
    )
    code, out, err = _run(
        ["validate", "--bundled", "--shapes", str(tmp_path / "shapes.ttl")], capsys
    )
    assert (code, out, err) == (
        2,
        "",
        f"warkg: {tmp_path / 'shapes.ttl'}: none of the 1 shapes has a focus node in the "
        "data, so nothing would be checked\n",
    )


# --- literals as written -----------------------------------------------------------------

LITERALS = """
ex:x ex:a "060"^^xsd:integer ; ex:b "60"^^xsd:integer ; ex:flag "1"^^xsd:boolean ;
    ex:n "3825.5"^^xsd:nonNegativeInteger .
"""
LITERAL_SHAPES = """
ex:Equals a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:a ; sh:equals ex:b ] .
ex:In a sh:NodeShape ; sh:targetNode ex:x ; sh:property [ sh:path ex:flag ; sh:in ( true ) ] .
ex:Range a sh:NodeShape ; sh:targetNode ex:x ;
    sh:property [ sh:path ex:n ; sh:datatype xsd:nonNegativeInteger ; sh:minInclusive 0 ] .
"""


@pytest.fixture(scope="module")
def literal_report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list]:
    tmp_path = tmp_path_factory.mktemp("literals")
    data = _graph(LITERALS, tmp_path, "data.ttl")
    shapes = _graph(LITERAL_SHAPES, tmp_path, "shapes.ttl")
    found = {}
    for name, options in PATHS.items():
        report = validation.validate(data, shapes, **options)
        found[name] = sorted((r.source_shape, r.constraint, r.value) for r in report.results)
    return found


@pytest.mark.parametrize("path", sorted(PATHS))
def test_sh_equals_compares_terms_as_written(path: str, literal_report: dict) -> None:
    """SHACL 4.8.3: "060" and "60" are different terms, so each is a result."""
    equals = [r for r in literal_report[path] if r[0] == "<http://example.org/Equals>"]
    assert equals == [
        ("<http://example.org/Equals>", "sh:EqualsConstraintComponent", '"060"^^xsd:integer'),
        ("<http://example.org/Equals>", "sh:EqualsConstraintComponent", '"60"^^xsd:integer'),
    ]  # fmt: skip


@pytest.mark.parametrize("path", sorted(PATHS))
def test_sh_in_compares_terms_as_written(path: str, literal_report: dict) -> None:
    """SHACL 4.5: "1"^^xsd:boolean is not the term true."""
    assert [r for r in literal_report[path] if r[0] == "<http://example.org/In>"] == [
        (
            "<http://example.org/In>",
            "sh:InConstraintComponent",
            '"1"^^xsd:boolean',
        )
    ]


@pytest.mark.parametrize("path", sorted(PATHS))
def test_an_ill_typed_literal_is_out_of_range_too(path: str, literal_report: dict) -> None:
    """SHACL 4.4.3: `0 <= "3825.5"^^xsd:nonNegativeInteger` is an error, not true, so
    sh:minInclusive gives a result besides sh:datatype's (as Jena reports)."""
    value = '"3825.5"^^xsd:nonNegativeInteger'
    assert [r for r in literal_report[path] if r[0] == "<http://example.org/Range>"] == [
        ("<http://example.org/Range>", "sh:DatatypeConstraintComponent", value),
        ("<http://example.org/Range>", "sh:MinInclusiveConstraintComponent", value),
    ]


def test_the_ill_typed_range_correction_is_undone_after_validation() -> None:
    """shacl_spec replaces a pySHACL function only while validation runs."""
    from pyshacl.constraints.core import value_range_constraints
    from pyshacl.rdfutil.compare import compare_literal

    from warkg.validation.pyshacl_patches import spec as shacl_spec

    with shacl_spec.spec_results():
        assert value_range_constraints.compare_literal is not compare_literal
    assert value_range_constraints.compare_literal is compare_literal


HOSTILE = """
ex:s ex:p "060"^^xsd:integer , "1"^^xsd:boolean , "+1.50"^^xsd:decimal , "1E0"^^xsd:double ,
    "2020-09-27T00:00:00Z"^^xsd:dateTime , "  padded  "^^xsd:token , "x"@en-GB-oed ,
    "ill"^^xsd:integer , "-5"^^xsd:nonNegativeInteger , \"\"\"long
text\"\"\" , 'single' , "\\u00e9\\t" , true , 1 , 1.0 , 1e0 , -0 .
ex:s ex:q _:b1 , [ ex:r _:b1 ] , ( 1 "two" ( ex:three ) ) .
_:b1 ex:r [ ex:r [] ] .
"""


@pytest.mark.parametrize(
    "text",
    [
        HOSTILE,
        HOSTILE + 'ex:s ex:t "a"^^xsd:string .',  # rdflib parses this file instead
        HOSTILE + 'ex:s ex:t "a"@EN .',  # and this one
    ],
    ids=["pyoxigraph", "typed-string", "capital-language-tag"],
)
def test_literals_as_written_parse_to_rdflib_s_own_graph(text: str, tmp_path: Path) -> None:
    """pyoxigraph parses validation input (ten times faster than rdflib); it must give
    the very graph rdflib gives with its literal normalisation off (literal forms,
    datatypes, language tags, blank nodes, prefixes), but for `"a"^^xsd:string`, which
    validation holds as the simple literal `"a"`, the same RDF 1.1 term."""
    path = tmp_path / "data.ttl"
    path.write_text(HEAD + text, encoding="utf-8")
    fast = loading.load_files([path], as_written=True)
    with loading.literals_as_written():
        reference = loading.load_files([path])
    for s, p, o in list(reference):
        if isinstance(o, Literal) and o.datatype == XSD.string:
            reference.remove((s, p, o))
            reference.add((s, p, Literal(str(o))))
    assert len(fast) == len(reference) > 20
    assert isomorphic(fast, reference)
    assert {(o, o.datatype, o.language) for o in fast.objects() if isinstance(o, Literal)} == {
        (o, o.datatype, o.language) for o in reference.objects() if isinstance(o, Literal)
    }  # fmt: skip
    assert dict(fast.namespaces()) == dict(reference.namespaces())


def test_two_files_blank_node_labels_stay_apart(tmp_path: Path) -> None:
    for name in ("a.ttl", "b.ttl"):
        (tmp_path / name).write_text(HEAD + "_:b ex:p ex:o .\n", encoding="utf-8")
    graph = loading.load_files([tmp_path / "a.ttl", tmp_path / "b.ttl"], as_written=True)
    assert len(set(graph.subjects())) == 2


def test_the_shipped_files_parse_as_rdflib_parses_them() -> None:
    for directory in (paths.triples_dir(), paths.ontology_dir(), paths.shapes_dir()):
        fast = loading.load_files([directory], as_written=True)
        with loading.literals_as_written():
            reference = loading.load_files([directory])
        assert isomorphic(fast, reference), directory


def test_literal_normalisation_is_back_on_after_loading(tmp_path: Path) -> None:
    import rdflib

    path = tmp_path / "data.ttl"
    path.write_text(HEAD + 'ex:s ex:p "060"^^xsd:integer , "a"^^xsd:string .', encoding="utf-8")
    loading.load_files([path], as_written=True)
    assert rdflib.NORMALIZE_LITERALS is True
    normalised = loading.load_files([path]).objects(None, URIRef("http://example.org/p"))
    assert {str(o) for o in normalised} == {"60", "a"}


# --- bad shapes --------------------------------------------------------------------------

BAD_SHAPES = {
    "wrong-parameter": (
        "ex:A a sh:NodeShape ; sh:targetNode ex:a ;\n"
        '    sh:property [ sh:path ex:p ; sh:minCount "many" ] .',
        "shape <http://example.org/A>: MinCountConstraintComponent sh:minCount must be a "
        "literal with datatype xsd:integer "
        "(see https://www.w3.org/TR/shacl/#MinCountConstraintComponent)",
    ),
    "sparql-syntax": (
        "ex:A a sh:NodeShape ; sh:targetNode ex:a ;\n"
        '    sh:sparql [ sh:select "SELECT $this WHERE { $this ?p }" ] .',
        "shape <http://example.org/A>: its SPARQL does not parse at line 1, column 22: "
        "Expected SelectQuery",
    ),
    "node-cycle": (
        "ex:A a sh:NodeShape ; sh:targetNode ex:a ; sh:node ex:B .\n"
        "ex:B a sh:NodeShape ; sh:node ex:A .",
        "shape <http://example.org/A> requires itself of the same focus node (sh:node, "
        "sh:not, sh:and, sh:or or sh:xone); SHACL leaves recursive shapes undefined "
        "(section 3.4.4)",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_SHAPES))
def test_bad_shapes_are_one_line_naming_the_shape(
    case: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, reason = BAD_SHAPES[case]
    (tmp_path / "shapes.ttl").write_text(HEAD + text + "\n", encoding="utf-8")
    (tmp_path / "data.ttl").write_text(HEAD + "ex:a ex:p 1 .\n", encoding="utf-8")
    code, out, err = _run(
        ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")],
        capsys,
    )
    assert (code, out, err) == (
        2,
        "",
        f"warkg: {tmp_path / 'shapes.ttl'}: the SHACL shapes cannot be used: {reason}\n",
    )


PREFIXES_SHAPES = """
<http://example.org/ontology>
    sh:declare [ sh:prefix "ex" ; sh:namespace "http://example.org/"^^xsd:anyURI ] .
ex:Prefixes owl:imports <http://example.org/ontology> ;
    sh:declare [ sh:prefix "test" ; sh:namespace "http://test.com/ns#"^^xsd:anyURI ] .
ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b ; sh:sparql [ sh:prefixes ex:Prefixes ;
    sh:message "Must not point at test:Value." ;
    sh:select "SELECT $this ?value WHERE { $this ex:p ?value . FILTER (?value = test:Value) }" ] .
"""  # fmt: skip


@pytest.mark.parametrize("path", sorted(PATHS))
def test_sh_prefixes_follow_owl_imports_whatever_the_data_binds(path: str, tmp_path: Path) -> None:
    """W3C prefixes-001 with the data written under another prefix: pySHACL alone raised
    "Unknown namespace prefix : ex", which used to be a traceback."""
    shapes = _graph(PREFIXES_SHAPES, tmp_path, "shapes.ttl")
    data = Graph().parse(
        data="<http://example.org/a> <http://example.org/p> <http://test.com/ns#Value> .",
        format="turtle",
    )
    report = validation.validate(data, shapes, **PATHS[path])
    assert [(r.source_shape, r.focus, r.message) for r in report.results] == [
        ("<http://example.org/S>", "<http://example.org/a>", "Must not point at test:Value.")
    ]


# --- every report format carries SHACL's conforms and every result -----------------------

SEVERITIES = """
ex:S a sh:NodeShape ; sh:targetNode ex:a ;
    sh:property [ sh:path ex:p ; sh:minCount 1 ; sh:severity sh:Info ; sh:message "info" ] ,
                [ sh:path ex:q ; sh:minCount 1 ; sh:severity ex:Minor ; sh:message "minor" ] .
"""


@pytest.mark.parametrize("strict", [False, True])
def test_info_and_custom_severities_are_reported_and_conforms_is_false(
    strict: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """SHACL: any result, whatever its severity, makes sh:conforms false. Our exit
    policy: an info never fails, a custom severity fails only with --strict."""
    (tmp_path / "shapes.ttl").write_text(HEAD + SEVERITIES, encoding="utf-8")
    (tmp_path / "data.ttl").write_text(HEAD + "ex:a ex:r 1 .\n", encoding="utf-8")
    base = ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")]
    base += ["--strict"] if strict else []
    expected_code = 1 if strict else 0
    code, out, _ = _run([*base, "--format", "json"], capsys)
    document = json.loads(out)
    assert code == expected_code
    assert (document["conforms"], document["passed"]) == (False, not strict)
    assert [(r["severity"], r["message"]) for r in document["results"]] == [
        ("Info", "info"),
        ("<http://example.org/Minor>", "minor"),
    ]
    assert document["summary"] | {"text": ""} == {
        "violations": 0,
        "warnings": 0,
        "infos": 1,
        "<http://example.org/Minor>": 1,
        "text": "",
    }
    code, out, _ = _run([*base, "--format", "junit"], capsys)
    suite = ET.fromstring(out.encode("utf-8")).find("testsuite")
    assert code == expected_code
    assert {p.get("name"): p.get("value") for p in suite.find("properties")} == {
        "conforms": "false",
        "passed": str(not strict).lower(),
    }
    assert (suite.get("tests"), suite.get("failures")) == ("2", "1" if strict else "0")
    code, out, _ = _run([*base, "--format", "sarif"], capsys)
    sarif = json.loads(out)["runs"][0]
    assert code == expected_code
    assert sarif["properties"] == {"conforms": False, "passed": not strict}
    assert [r["level"] for r in sarif["results"]] == ["note", "note"]
    for report_format in ("text", "github"):
        code, out, _ = _run([*base, "--format", report_format], capsys)
        assert code == expected_code
        assert out.splitlines()[-1].startswith("does not conform")
        assert len(out.splitlines()) == 3
    assert tuple(report_formats.FORMATS) == ("text", "json", "junit", "sarif", "github")


def test_validate_refuses_an_empty_graph_in_the_library_too() -> None:
    with pytest.raises(InputError, match="no triple to validate"):
        validation.validate(Graph(), loading.load_shapes())


PAIRS = """
ex:S a sh:NodeShape ; sh:targetNode ex:a , ex:b , ex:c ;
    sh:property [ sh:path ex:low ; sh:lessThanOrEquals ex:high ] ,
                [ sh:path ex:low ; sh:lessThan ex:high ] .
"""


@pytest.mark.parametrize("path", sorted(PATHS))
def test_values_that_cannot_be_compared_fail_less_than(path: str, tmp_path: Path) -> None:
    """SHACL 4.8.3-4: a result where the two values cannot be compared. pySHACL let the
    TypeError of a date against a number escape (reported as unusable shapes, exit 2)."""
    shapes = _graph(PAIRS, tmp_path, "shapes.ttl")
    data = _graph(
        'ex:a ex:low "2020-01-01"^^xsd:date ; ex:high 5 .\n'
        "ex:b ex:low 1 ; ex:high 2 .\n"
        "ex:c ex:low [] ; ex:high 2 .",
        tmp_path,
        "data.ttl",
    )
    report = validation.validate(data, shapes, **PATHS[path])
    assert sorted((r.focus, r.constraint) for r in report.results) == [
        ("<http://example.org/a>", "sh:LessThanConstraintComponent"),
        ("<http://example.org/a>", "sh:LessThanOrEqualsConstraintComponent"),
        ("<http://example.org/c>", "sh:LessThanConstraintComponent"),
        ("<http://example.org/c>", "sh:LessThanOrEqualsConstraintComponent"),
    ]


def test_two_results_on_one_line_with_and_without_a_path_are_ordered(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Ordering findings compared a result without a path (None) with one that has
    one, and raised TypeError: a traceback instead of a report."""
    (tmp_path / "shapes.ttl").write_text(
        HEAD + "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:class ex:C ;\n"
        "    sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    (tmp_path / "data.ttl").write_text(HEAD + "ex:a ex:q 1 .\n", encoding="utf-8")
    code, out, err = _run(
        ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")],
        capsys,
    )
    assert (code, err) == (1, "")
    assert [line.split(": ")[1] for line in out.splitlines()[:2]] == [
        "Violation <http://example.org/a>",
        "Violation <http://example.org/a> <http://example.org/p>",
    ]


def test_deactivated_shapes_check_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shapes.ttl").write_text(
        HEAD + "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:deactivated true ;\n"
        "    sh:property [ sh:path ex:p ; sh:minCount 1 ] .\n",
        encoding="utf-8",
    )
    (tmp_path / "data.ttl").write_text(HEAD + "ex:a ex:q 1 .\n", encoding="utf-8")
    code, out, err = _run(
        ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")],
        capsys,
    )
    assert (code, out) == (2, "")
    assert err.endswith(
        "none of the 2 shapes has a focus node in the data, so nothing would be checked\n"
    )


def test_the_shipped_shapes_sparql_is_not_parsed_for_the_remote_check(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """None of the shipped constraints names SERVICE or FROM outside its IRIs, strings
    and comments, so the check parses none of them (one says `prov:wasDerivedFrom`,
    which the plain word search before parsed, at 20-50 ms on every cold validate)."""
    from rdflib.namespace import SH

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("rdflib's parser was called")

    monkeypatch.setattr(preflight, "parseQuery", refuse)
    shapes = loading.load_files([paths.shapes_dir()], as_written=True)
    preflight.refuse_remote_sparql(shapes)
    assert any("wasDerivedFrom" in str(text) for text in shapes.objects(None, SH.select))
