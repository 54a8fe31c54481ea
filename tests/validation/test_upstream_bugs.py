"""Each entry of the list of upstream bugs (upstream.py), shown on its smallest case in the
engine that has it. When an upstream release fixes one, its test here fails: take the
entry off the list (and, for the ones warkg corrects, the correction off
validation/pyshacl_patches/spec.py). test_gate_findings.py shows warkg's answer to the
same cases; pySHACL here runs unpatched, with the spec's settings.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import SH

from tests.support import jena
from tests.support.shacl_cases import Case
from tests.support.shacl_outcomes import plain_pyshacl
from tests.validation import upstream
from warkg.rdf import loading
from warkg.validation.pyshacl_patches.require import require

HEAD = """\
@prefix ex: <http://example.org/c0/> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
"""


def _case(shapes: str, data: str) -> Case:
    return Case(seed=0, shapes=HEAD + shapes, data=HEAD + data)


def _pyshacl(shapes: str, data: str) -> set[tuple[str, str]]:
    """Plain pySHACL's (focus, component) pairs, focus and component shortened."""
    outcome = plain_pyshacl(_case(shapes, data))
    assert outcome.error is None, outcome.error
    return {(key[0].rsplit("/", 1)[-1], key[2]) for key in outcome.keys}


def test_every_entry_names_a_test_that_exists() -> None:
    here = Path(__file__).parent
    for bug in [*upstream.PYSHACL, *upstream.JENA]:
        if "::" not in bug.shown_by:
            continue
        module, test = bug.shown_by.split("::")
        assert f"def {test}(" in (here / module).read_text(encoding="utf-8"), bug.id


def test_pyshacl_min_length_zero() -> None:
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:minLength 0 ] ."
    )
    assert _pyshacl(shapes, "ex:a ex:p [ ex:q 1 ] .") == set()


def test_pyshacl_range_order() -> None:
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ex:n ; sh:maxInclusive 10 ] ."
    )
    assert _pyshacl(shapes, "ex:a ex:n true .") == set()
    nan = _case(shapes.replace("10", "2"), 'ex:a ex:n "NaN"^^xsd:decimal .')
    assert "InvalidOperation" in (plain_pyshacl(nan).error or "")


def test_pyshacl_less_than_order() -> None:
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ex:s ; sh:lessThan ex:e ] ."
    )
    assert _pyshacl(shapes, "ex:a ex:s ex:x ; ex:e ex:y .") == set()
    blank = plain_pyshacl(_case(shapes, "ex:a ex:s [] ; ex:e 1 ."))
    assert "to compare a BlankNode" in (blank.error or "")


def test_pyshacl_datatype() -> None:
    integer = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ex:n ; sh:datatype xsd:integer ] ."
    )
    assert _pyshacl(integer, 'ex:a ex:n "1_000"^^xsd:integer .') == set()
    literal = integer.replace("xsd:integer", "rdfs:Literal")
    assert _pyshacl(literal, 'ex:a ex:n "x" .') == set()


def test_rdflib_xsd_string() -> None:
    assert Literal("a", datatype=URIRef("http://www.w3.org/2001/XMLSchema#string")) != Literal("a")
    shapes = (
        'ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:property [ sh:path ex:p ; sh:in ( "a" ) ] .'
    )
    assert _pyshacl(shapes, 'ex:a ex:p "a"^^xsd:string .') == {("a", "InConstraintComponent")}


def test_rdflib_long_integers() -> None:
    literal = Literal("9" * 4301, datatype=URIRef("http://www.w3.org/2001/XMLSchema#integer"))
    assert literal.ill_typed and literal.value is None


def test_rdflib_falsy_literal_path() -> None:
    graph = Graph().parse(data=HEAD + 'ex:a ex:p "" . ex:b ex:q 5 .', format="turtle")
    for subject in ('""', "0", "false"):
        query = f"SELECT ?v WHERE {{ {subject} <http://example.org/c0/p>* ?v }}"
        found = {str(row[0]) for row in graph.query(query)}
        assert len(found) > 1, subject  # every node, not just the subject itself
    query = 'SELECT ?v WHERE { "x" <http://example.org/c0/p>* ?v }'
    assert {str(row[0]) for row in graph.query(query)} == {"x"}


@pytest.fixture(scope="module")
def jena_report(tmp_path_factory: pytest.TempPathFactory):
    reason = jena.missing()
    if reason is not None:
        pytest.skip(reason)
    root = tmp_path_factory.mktemp("jena-bugs")

    def report(shapes: str, data: str) -> set[tuple[str, str]]:
        folder = root / str(len(list(root.iterdir())))
        folder.mkdir()
        (folder / "shapes.ttl").write_text(HEAD + shapes, encoding="utf-8")
        (folder / "data.ttl").write_text(HEAD + data, encoding="utf-8")
        jena.validate_cases(root / "messages", [folder])
        assert not (folder / "jena.error").exists()
        with loading.literals_as_written():
            graph = Graph().parse(folder / "jena.nt", format="nt")
        return {
            (
                str(graph.value(r, SH.focusNode)).rsplit("/", 1)[-1],
                str(graph.value(r, SH.sourceConstraintComponent)).rsplit("#", 1)[-1],
            )
            for r in graph.objects(None, SH.result)
        }

    return report


def test_jena_nan_order(jena_report) -> None:
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ex:s ; sh:lessThan ex:e ] ."
    )
    assert jena_report(shapes, 'ex:a ex:s 1 ; ex:e "NaN"^^xsd:double .') == set()


def test_jena_value_joins(jena_report) -> None:
    shapes = """ex:S a sh:NodeShape ; sh:targetNode ex:a ; sh:sparql [ sh:select
        "SELECT $this WHERE { $this <http://example.org/c0/p> ?v . ?x <http://example.org/c0/q> ?v }"
    ] ."""  # noqa: E501
    assert jena_report(shapes, 'ex:a ex:p "01"^^xsd:integer . ex:b ex:q "1"^^xsd:integer .') == {
        ("a", "SPARQLConstraintComponent")
    }


def test_jena_language_string_order(jena_report) -> None:
    """Jena orders two strings with the same language tag ("a"@en < "b"@en)."""
    shapes = (
        "ex:S a sh:NodeShape ; sh:targetNode ex:a ; "
        "sh:property [ sh:path ex:s ; sh:lessThan ex:e ] ."
    )
    assert jena_report(shapes, 'ex:a ex:s "a"@en ; ex:e "b"@en .') == set()


def test_a_patch_refuses_a_pyshacl_without_what_it_replaces() -> None:
    class Component:
        pass

    with pytest.raises(ImportError, match=r"warkg patches pySHACL's .*Component\.evaluate"):
        require(Component, "evaluate")
