"""The command line's contract: exit codes, one-line errors, safe formatting, version.

Every test works on small files of its own in tmp_path (the shipped shapes may not exist
yet, and tests never write into the repository), and runs `cli.main` in-process.
"""

from __future__ import annotations

import importlib.metadata
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rdflib import Graph
from rdflib.compare import isomorphic

import warkg
from warkg import paths
from warkg.cli import main as cli
from warkg.errors import InputError
from warkg.rdf import canonical as formatting
from warkg.rdf import loading
from warkg.validation import api as validation

PREFIXES = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix owl: <http://www.w3.org/2002/07/owl#> .
@prefix sh: <http://www.w3.org/ns/shacl#> .
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix wsh: <https://w3id.org/warkg/shapes/> .
@prefix claim: <https://w3id.org/warkg/id/claim/> .
@prefix ref: <https://w3id.org/warkg/id/reference/> .
"""

ONTOLOGY = (
    PREFIXES
    + """
warkg:Claim a owl:Class ; rdfs:label "claim"@en ;
    skos:definition "A statement the article makes."@en .
warkg:QuantityClaim a owl:Class ; rdfs:subClassOf warkg:Claim ;
    rdfs:label "quantity claim"@en ; skos:definition "A claim about a number."@en .
warkg:Reference a owl:Class ; rdfs:label "reference"@en ;
    skos:definition "A numbered reference of the article."@en .
"""
)

# A label is required (Violation), a note is wanted (Warning), a comment is nice (Info);
# the meta-shape needs the ontology's skos:definition, which pySHACL's ont_graph drops.
SHAPES = (
    PREFIXES
    + """
wsh:ClaimShape a sh:NodeShape ;
    sh:targetClass warkg:Claim ;
    sh:property [ sh:path rdfs:label ; sh:minCount 1 ; sh:name "label" ;
        sh:severity sh:Violation ; sh:message "Claim needs a label." ] ;
    sh:property [ sh:path skos:note ; sh:minCount 1 ; sh:name "note" ;
        sh:severity sh:Warning ; sh:message "Claim should have a note." ] ;
    sh:property [ sh:path rdfs:comment ; sh:minCount 1 ; sh:name "comment" ;
        sh:severity sh:Info ; sh:message "A comment would help." ] .
wsh:ClassShape a sh:NodeShape ;
    sh:targetClass owl:Class ;
    sh:property [ sh:path skos:definition ; sh:minCount 1 ; sh:name "definition" ;
        sh:severity sh:Violation ; sh:message "Class needs a definition." ] .
"""
)

GOOD_DATA = (
    PREFIXES
    + """
claim:a a warkg:QuantityClaim ; rdfs:label "a" ; skos:note "n" ; rdfs:comment "c" .
ref:1 a warkg:Reference .
ref:2 a warkg:Reference .
"""
)

# Not canonical (one line, prefixes in odd order) but lossless to rewrite.
MESSY = """\
@prefix warkg: <https://w3id.org/warkg/ontology/> .  @prefix claim: <https://w3id.org/warkg/id/claim/>.
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
claim:b rdfs:label "b"@en ; warkg:statedAs "two" . claim:a rdfs:label "a"@en , "A"@de .
"""

BROKEN = {
    "unterminated-string": (
        PREFIXES + 'claim:a rdfs:label "no end ;\n',
        "9:20: bad syntax: Unexpected end of file",
    ),
    "missing-dot": (
        PREFIXES + "claim:a rdfs:label claim:b\nclaim:c rdfs:label claim:d .\n",
        "10:1: bad syntax: A dot is expected at the end of statements",
    ),
    "undeclared-prefix": (
        PREFIXES + "claim:a rdfs:label nope:x .\n",
        "9:20: bad syntax: The prefix nope: has not been declared",
    ),
    "relative-iri": (
        PREFIXES + "claim:a rdfs:seeAlso <x> .\n",
        "9:22: bad syntax: No scheme found in an absolute IRI",
    ),
    "rdf-1.2-triple-term": (  # pyoxigraph reads it, rdflib does not: rdflib's position
        PREFIXES + "claim:a rdfs:seeAlso <<( claim:a rdfs:label claim:b )>> .\n",
        "9:55: bad syntax: rdflib: expected '.' or '}' or ']' at end of statement",
    ),
}


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = cli.main(args)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def workdir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """tmp_path as the working directory, so messages name files relative to it."""
    monkeypatch.chdir(tmp_path)
    (tmp_path / "ontology.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (tmp_path / "shapes.ttl").write_text(SHAPES, encoding="utf-8")
    return tmp_path


def validate_args(*data: str, strict: bool = False) -> list[str]:
    args = ["validate", "--ontology", "ontology.ttl", "--shapes", "shapes.ttl"]
    for item in data:
        args += ["--data", item]
    return [*args, "--strict"] if strict else args


# --- malformed and missing input -------------------------------------------------------


def test_broken_cases_are_all_here() -> None:
    assert len(BROKEN) == 5


@pytest.mark.parametrize("case", sorted(BROKEN))
def test_malformed_turtle_is_one_line_with_file_line_column(
    case: str, workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    text, where = BROKEN[case]
    (workdir / "broken.ttl").write_text(text, encoding="utf-8")
    code, out, err = run(validate_args("broken.ttl"), capsys)
    assert code == 2
    assert err == f"warkg: broken.ttl:{where}\n"
    assert out == ""
    assert "Traceback" not in err


def test_not_utf8_names_the_position(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "latin1.ttl").write_bytes(b'<http://a> <http://b> "caf\xe9" .\n')
    code, _, err = run(validate_args("latin1.ttl"), capsys)
    assert (code, err) == (2, "warkg: latin1.ttl:1:27: not UTF-8\n")


def test_file_outside_the_working_directory_is_named_as_given(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN["missing-dot"][0], encoding="utf-8")
    with pytest.raises(InputError) as raised:
        loading.load_files([broken])
    assert (
        str(raised.value)
        == f"{broken}:10:1: bad syntax: A dot is expected at the end of statements"
    )


def test_missing_file_exits_2(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(validate_args("nope.ttl"), capsys)
    assert (code, out, err) == (2, "", "warkg: nope.ttl: no such file\n")


def test_directory_without_turtle_exits_2(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "empty").mkdir()
    code, _, err = run(validate_args("empty"), capsys)
    assert (code, err) == (2, "warkg: empty: no .ttl files in this directory\n")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["bogus"], "warkg: No such command 'bogus'. (see warkg --help)\n"),
        (["validate", "--bogus"], "warkg: No such option '--bogus'. (see warkg validate --help)\n"),
    ],
    ids=["unknown-command", "unknown-option"],
)
def test_usage_errors_are_one_line_exit_2(
    args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, _, err = run(args, capsys)
    assert (code, err) == (2, message)


def test_console_script_exit_code_and_no_traceback(tmp_path: Path) -> None:
    """The real process: exit status 2 and a single stderr line."""
    broken = tmp_path / "broken.ttl"
    broken.write_text(BROKEN["undeclared-prefix"][0], encoding="utf-8")
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from warkg.cli.main import main; sys.exit(main())",
            "validate",
            "--data",
            "broken.ttl",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert (
        done.stderr
        == "warkg: broken.ttl:9:20: bad syntax: The prefix nope: has not been declared\n"
    )
    assert done.stdout == ""


def test_unusable_shapes_are_one_line_naming_the_file(tmp_path: Path) -> None:
    """pySHACL logs a shape it cannot load to stderr itself; only our line may appear.
    A real process, because pySHACL's handler writes to the process's own stderr."""
    (tmp_path / "data.ttl").write_text(GOOD_DATA, encoding="utf-8")
    (tmp_path / "ontology.ttl").write_text(ONTOLOGY, encoding="utf-8")
    (tmp_path / "bad-shapes.ttl").write_text(
        PREFIXES
        + "wsh:ClaimShape a sh:NodeShape ; sh:targetClass warkg:Claim ;\n"
        + '    sh:property [ sh:path rdfs:label ; sh:minCount "x" ] .\n',
        encoding="utf-8",
    )
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from warkg.cli.main import main; sys.exit(main())",
            "validate",
            "--ontology",
            "ontology.ttl",
            "--shapes",
            "bad-shapes.ttl",
            "data.ttl",
        ],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "warkg: bad-shapes.ttl: the SHACL shapes cannot be used: shape wsh:ClaimShape: "
        "MinCountConstraintComponent sh:minCount must be a literal with datatype xsd:integer "
        "(see https://www.w3.org/TR/shacl/#MinCountConstraintComponent)\n"
    )


def _shapes_with_sparql(select: str, *, target: bool = False) -> str:
    """A shapes file whose one shape runs `select`, as a constraint or as its target."""
    if target:
        body = f'sh:target [ a sh:SPARQLTarget ; sh:select """{select}""" ] ;'
    else:
        body = (
            "sh:targetClass warkg:Claim ;\n    sh:sparql [ a sh:SPARQLConstraint ; "
            f'sh:message "m" ; sh:severity sh:Violation ; sh:select """{select}""" ] ;'
        )
    return (
        PREFIXES
        + 'wsh:TheirShape a sh:NodeShape ; sh:message "m" ; sh:severity sh:Violation ;\n'
        + f"    {body}\n    sh:property [ sh:path rdfs:label ; sh:minCount 1 ] .\n"
    )


@pytest.mark.parametrize("target", [False, True], ids=["constraint", "target"])
@pytest.mark.parametrize(
    "select",
    [
        "SELECT $this WHERE { SERVICE <{url}/sparql> { $this ?p ?o } }",
        "SELECT $this WHERE { \\\\u0053ERVICE <{url}/sparql> { $this ?p ?o } }",
        "SELECT $this FROM <{url}/data.ttl> WHERE { $this ?p ?o }",
        "SELECT $this WHERE { # \\\\u000A FILTER('''\n"
        "  SERVICE <{url}/sparql> { $this ?p ?o } # ''')\n}",
    ],
    ids=["service", "escaped-service", "from", "escaped-line-feed"],
)
def test_their_shapes_may_not_reach_out(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], select: str, target: bool
) -> None:
    """Their own shapes run SPARQL too: one that would call a server is refused before
    any engine (rdflib for constraints, pyoxigraph for targets) sees it; and one that only
    seems to, once its escapes are read as SPARQL says, runs without calling anyone."""
    from tests.support.loopback import Listener

    with Listener() as listener:
        shapes = _shapes_with_sparql(select.replace("{url}", listener.url), target=target)
        (tmp_path / "shapes.ttl").write_text(shapes, encoding="utf-8")
        (tmp_path / "data.ttl").write_text(GOOD_DATA, encoding="utf-8")
        code = cli.main(
            ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")]
        )
    assert (listener.connections, listener.requests) == (0, [])
    err = capsys.readouterr().err
    if "FILTER" in select:  # SERVICE sits in a string once \\u000A ends the comment
        if target:  # harmless as SPARQL reads it, and run as such: it selects nothing
            assert (code, err) == (
                2,
                f"warkg: {tmp_path / 'shapes.ttl'}: none of the 2 shapes has a focus node "
                "in the data, so nothing would be checked\n",
            )
        else:  # pySHACL refuses the word SERVICE in a constraint's text itself
            assert (code, err) == (
                2,
                f"warkg: {tmp_path / 'shapes.ttl'}: the SHACL shapes cannot be used: A "
                "SPARQL Constraint must not contain a federated query (SERVICE).\n",
            )
        return
    assert code == 2
    assert err == (
        "warkg: shape wsh:TheirShape: its SPARQL uses SERVICE or FROM, which would fetch "
        "remote data; refused\n"
    )


def test_their_shapes_sparql_syntax_error_is_one_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "shapes.ttl").write_text(
        _shapes_with_sparql("SELECT $this WHERE {\n  $this ?p }}"), encoding="utf-8"
    )
    (tmp_path / "data.ttl").write_text(GOOD_DATA, encoding="utf-8")
    code = cli.main(
        ["validate", str(tmp_path / "data.ttl"), "--shapes", str(tmp_path / "shapes.ttl")]
    )
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith(
        f"warkg: {tmp_path / 'shapes.ttl'}: the SHACL shapes cannot be used: shape "
        "wsh:TheirShape: its SPARQL does not parse at line 2, column "
    )
    assert err.count("\n") == 1


# --- validate ----------------------------------------------------------------------------


def test_conforming_data_exits_0_with_counts(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "data.ttl").write_text(GOOD_DATA, encoding="utf-8")
    code, out, err = run(validate_args("data.ttl"), capsys)
    assert (code, out, err) == (
        0,
        "conforms: 1 claim, 2 references (6 shapes, 4 focus nodes checked)\n",
        "",
    )


def test_violation_exits_1_and_names_focus_path_and_shape(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "data.ttl").write_text(
        PREFIXES + 'claim:x a warkg:Claim ; skos:note "n" ; rdfs:comment "c" .\n',
        encoding="utf-8",
    )
    code, out, _ = run(validate_args("data.ttl"), capsys)
    assert code == 1
    assert out == (
        "data.ttl:9: Violation claim:x rdfs:label: Claim needs a label.\n"
        "does not conform: 1 violation, 0 warnings, 0 infos (6 shapes, 4 focus nodes checked)\n"
    )
    report = validation.validate(
        loading.load_files(["data.ttl"]),
        loading.load_files(["shapes.ttl"]),
        loading.load_files(["ontology.ttl"]),
    )
    [result] = report.results
    assert (result.focus, result.path, result.source_shape, result.constraint) == (
        "claim:x",
        "rdfs:label",
        "wsh:ClaimShape",
        "sh:MinCountConstraintComponent",
    )


def test_warnings_fail_only_when_strict_and_infos_never(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "data.ttl").write_text(
        PREFIXES + 'claim:x a warkg:Claim ; rdfs:label "x" .\n', encoding="utf-8"
    )
    lines = [
        "data.ttl:9: Warning claim:x skos:note: Claim should have a note.",
        "data.ttl:9: Info claim:x rdfs:comment: A comment would help.",
    ]
    code, out, _ = run(validate_args("data.ttl"), capsys)
    checked = "(6 shapes, 4 focus nodes checked)"
    assert code == 0
    assert out.splitlines() == [
        *lines,
        f"does not conform, passes with --fail-on violation: 0 violations, 1 warning, 1 info "
        f"{checked}",
    ]
    code, out, _ = run(validate_args("data.ttl", strict=True), capsys)
    assert code == 1
    assert out.splitlines() == [
        *lines,
        f"does not conform: 0 violations, 1 warning, 1 info {checked}",
    ]


def test_shapes_see_the_whole_ontology(workdir: Path) -> None:
    """pySHACL's ont_graph would drop skos:definition; our validate must not."""
    report = validation.validate(
        loading.load_files([]),
        loading.load_files(["shapes.ttl"]),
        loading.load_files(["ontology.ttl"]),
    )
    assert report.conforms
    assert report.results == []


def test_shapes_with_service_are_refused(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (workdir / "data.ttl").write_text(GOOD_DATA, encoding="utf-8")
    (workdir / "shapes.ttl").write_text(
        PREFIXES
        + "wsh:ClaimShape a sh:NodeShape ; sh:targetClass warkg:Claim ;\n"
        + '  sh:sparql [ sh:select "SELECT $this WHERE { SERVICE <http://127.0.0.1:9/> '
        + '{ $this ?p ?o } }" ] .\n',
        encoding="utf-8",
    )
    code, _, err = run(validate_args("data.ttl"), capsys)
    assert code == 2
    assert err == (
        "warkg: shape wsh:ClaimShape: its SPARQL uses SERVICE or FROM, which would fetch "
        "remote data; refused\n"
    )


# --- fmt ---------------------------------------------------------------------------------


def test_fmt_check_reports_and_does_not_write(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = workdir / "messy.ttl"
    messy.write_text(MESSY, encoding="utf-8")
    before = messy.read_bytes(), messy.stat().st_mtime_ns
    code, out, err = run(["fmt", "--check", "messy.ttl"], capsys)
    assert (code, err) == (1, "")
    assert out == "would reformat: messy.ttl\n1 of 1 files not canonical\n"
    assert (messy.read_bytes(), messy.stat().st_mtime_ns) == before


def test_fmt_rewrites_to_canonical_and_keeps_the_graph(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    messy = workdir / "messy.ttl"
    messy.write_text(MESSY, encoding="utf-8")
    messy.chmod(0o640)
    original = Graph().parse(data=MESSY, format="turtle")
    code, out, _ = run(["fmt", "messy.ttl"], capsys)
    assert code == 0
    assert out == "reformatted: messy.ttl\n1 of 1 files reformatted\n"
    rewritten = messy.read_text(encoding="utf-8")
    assert rewritten != MESSY
    assert rewritten == formatting.canonical_turtle(loading.load_files([messy]))
    assert isomorphic(original, Graph().parse(data=rewritten, format="turtle"))
    assert messy.stat().st_mode & 0o777 == 0o640
    assert sorted(p.name for p in workdir.iterdir()) == ["messy.ttl", "ontology.ttl", "shapes.ttl"]
    assert run(["fmt", "--check", "messy.ttl"], capsys)[0] == 0


def test_fmt_is_idempotent(workdir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    messy = workdir / "messy.ttl"
    messy.write_text(MESSY, encoding="utf-8")
    assert run(["fmt", "messy.ttl"], capsys)[0] == 0
    once = messy.read_bytes()
    code, out, _ = run(["fmt", "messy.ttl"], capsys)
    assert (code, out) == (0, "0 of 1 files reformatted\n")
    assert messy.read_bytes() == once


def test_fmt_leaves_a_file_with_a_syntax_error_alone(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    broken = workdir / "broken.ttl"
    text, where = BROKEN["missing-dot"]
    broken.write_text(text, encoding="utf-8")
    for args in (["fmt", "broken.ttl"], ["fmt", "--check", "broken.ttl"]):
        code, out, err = run(args, capsys)
        assert (code, out, err) == (2, "", f"warkg: broken.ttl:{where}\n")
        assert broken.read_text(encoding="utf-8") == text
    assert sorted(p.name for p in workdir.iterdir()) == ["broken.ttl", "ontology.ttl", "shapes.ttl"]


def test_fmt_refuses_a_rewrite_that_would_change_a_literal(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """rdflib reads "01"^^xsd:integer as 1: a different RDF term, so no rewrite."""
    lossy = workdir / "lossy.ttl"
    text = (
        PREFIXES + "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"
        'claim:a warkg:quantityAmount "01"^^xsd:integer .\n'
    )
    lossy.write_text(text, encoding="utf-8")
    code, out, err = run(["fmt", "lossy.ttl"], capsys)
    assert (code, out) == (2, "")
    assert err == (
        "warkg: lossy.ttl: refusing to rewrite: the canonical form would change the graph; "
        "e.g. it would drop <https://w3id.org/warkg/id/claim/a> "
        "<https://w3id.org/warkg/ontology/quantityAmount> "
        '"01"^^<http://www.w3.org/2001/XMLSchema#integer> (write it as rdflib does)\n'
    )
    assert lossy.read_text(encoding="utf-8") == text


def test_fmt_keeps_going_after_a_bad_file(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (workdir / "a-broken.ttl").write_text(BROKEN["missing-dot"][0], encoding="utf-8")
    (workdir / "b-messy.ttl").write_text(MESSY, encoding="utf-8")
    code, out, err = run(["fmt", "a-broken.ttl", "b-messy.ttl"], capsys)
    assert code == 2
    assert err.startswith("warkg: a-broken.ttl:10:1: bad syntax:")
    assert out == "reformatted: b-messy.ttl\n"


def test_fmt_reports_what_rdflib_cannot_read_as_loading_does(
    workdir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """RDF 1.2 syntax pyoxigraph reads but rdflib does not: file:line:column and a
    readable reason, the same line `validate` gives, not rdflib's raw bytes."""
    (workdir / "rdf12.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b << ex:c ex:d ex:e >> .\n",
        encoding="utf-8",
    )
    expected = (
        "warkg: rdf12.ttl:2:30: bad syntax: rdflib: expected '.' or '}' or ']' "
        "at end of statement\n"
    )
    for args in (["fmt", "rdf12.ttl"], ["fmt", "--check", "rdf12.ttl"], validate_args("rdf12.ttl")):
        assert run(args, capsys) == (2, "", expected)


def test_fmt_check_passes_on_all_shipped_turtle(capsys: pytest.CaptureFixture[str]) -> None:
    """What CI runs: every shipped Turtle file is already in canonical form."""
    names = sorted(paths.display_path(p) for p in formatting.default_targets())
    assert names == [
        "ontology/warkg.ttl",
        "shapes/warkg-shapes.ttl",
        "triples/references.ttl",
        "triples/sources.ttl",
        "triples/war.ttl",
        "triples/wikidata-links.ttl",
    ]
    shipped = [str(p) for p in formatting.default_targets()]
    assert run(["fmt", "--check", *shipped], capsys) == (0, "0 of 6 files not canonical\n", "")


def test_shipped_turtle_files_are_found() -> None:
    targets = formatting.default_targets()
    assert len(targets) >= 1
    assert all(p.suffix == ".ttl" for p in targets)
    assert paths.ontology_files(), "ontology/*.ttl should not be empty"


@pytest.mark.parametrize("path", formatting.default_targets(), ids=lambda p: paths.display_path(p))
def test_canonical_form_of_shipped_files_is_a_fixpoint(path: Path) -> None:
    """Formatting twice gives the same bytes (checked without writing to the repo)."""
    once = formatting.canonical_turtle(loading.load_files([path]))
    twice = formatting.canonical_turtle(loading.new_graph().parse(data=once, format="turtle"))
    assert once == twice


# --- version and package surface ------------------------------------------------------


def test_version_is_package_metadata(capsys: pytest.CaptureFixture[str]) -> None:
    expected = importlib.metadata.version("warkg")
    assert warkg.__version__ == expected
    assert run(["version"], capsys) == (0, f"{expected}\n", "")


def test_package_exports_resolve() -> None:
    assert all(hasattr(warkg, name) for name in warkg.__all__)


def test_article_snapshot_ships() -> None:
    assert paths.article_path().is_file()
    assert os.path.getsize(paths.article_path()) > 10_000
