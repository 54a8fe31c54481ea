"""Every shape in shapes/warkg-shapes.ttl fires on some broken variant of the shipped
data, through every validation path and the command line, and a second SHACL engine
(Jena's `shacl`, Debian's libapache-jena-java) gives the same verdicts.

The variants: every generated mutation (tests/support/mutations.py, recorded in
tests/data/mutations.json) applied together, and the hand-made broken cases of
tests/validation/test_shapes_on_broken_data.py and
tests/wikidata/test_wikidata_alignment.py, grouped so that no two in a group touch the
same focus node. A shape "fires" when a result names it as source shape or source
constraint; a node shape fires when it or one of its property shapes does. A shape no
variant fires is dead, and fails the test.
"""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDFS, SH
from rdflib.term import Node

from tests.support import jena as jena_support
from tests.support import mutations
from tests.support.reference_reports import plain_reports
from tests.support.validation_paths import PATHS
from tests.validation.test_shapes_on_broken_data import BROKEN as SHAPE_CASES
from tests.wikidata.test_wikidata_alignment import BROKEN as ALIGNMENT_CASES
from warkg import paths
from warkg.cli import main as cli
from warkg.rdf import loading
from warkg.rdf.namespaces import AGENT, CLAIM, REF, WARKG, WDLINK, WORK
from warkg.rdf.terms import shorten_term
from warkg.validation import api as validation
from warkg.validation.engine import render_path, term_text

CORPUS = mutations.load()
# Shapes neither the generic edits nor the other files' cases reach.
EXTRA = [
    (
        "fact-claim-stating-nothing",
        lambda g: [
            g.remove((CLAIM["war-end-date"], p, None))
            for p in (WARKG.statesObject, WARKG.statesValue)
        ],
        ("wsh:FactClaimShape-value", "claim:war-end-date", None),
    ),
    (
        "claim-without-its-general-class",
        lambda g: g.remove((CLAIM["war-year"], RDF.type, WARKG.Claim)),
        ("wsh:ClaimShape-classStated", "claim:war-year", None),
    ),
    (
        "casualty-figure-without-its-general-class",
        lambda g: g.remove((CLAIM["french-journalists-injured"], RDF.type, WARKG.QuantityClaim)),
        ("wsh:QuantityClaimShape-classStated", "claim:french-journalists-injured", None),
    ),
    (
        "ontology-term-without-a-label",
        lambda g: g.remove((WARKG.CasualtyClaim, RDFS.label, None)),
        ("wsh:OntologyTermShape-label", "warkg:CasualtyClaim", None),
    ),
    (
        "unsourced-reference-whose-work-has-a-publisher",
        lambda g: g.add((WORK["17"], DCTERMS.publisher, AGENT["al-jazeera"])),
        ("wsh:UnsourcedReferenceShape-noSource", "ref:17", None),
    ),
    (
        "casualty-claim-counting-nothing",
        lambda g: g.remove((CLAIM["azerbaijani-civilians-killed"], WARKG.population, None)),
        ("wsh:CasualtyClaimShape", "claim:azerbaijani-civilians-killed", None),
    ),
    (
        "command-claim-of-nobody-with-a-measure-for-a-fate",
        lambda g: [
            g.add((CLAIM["mutant-command"], RDF.type, WARKG.CommandClaim)),
            g.add((CLAIM["mutant-command"], WARKG.fate, WARKG.killed)),
        ],
        ("wsh:CommandClaimShape-commander", "claim:mutant-command", None),
    ),
    (
        "unit-claim-of-no-unit",
        lambda g: g.add((CLAIM["mutant-unit"], RDF.type, WARKG.UnitClaim)),
        ("wsh:UnitClaimShape-unit", "claim:mutant-unit", None),
    ),
    (
        "free-text-reference-citing-a-work",
        lambda g: g.add((REF["18"], WARKG.unstructuredCitation, Literal(True))),
        ("wsh:UnstructuredReferenceShape-noWork", "ref:18", None),
    ),
    (
        "unverified-link-with-a-checked-label",
        lambda g: g.add(
            (WDLINK["al-jazeera"], WARKG.checkedLabel, Literal("Al Jazeera", lang="en"))
        ),
        ("wsh:UnverifiedWikidataLinkShape-checkedLabel", "wdlink:al-jazeera", None),
    ),
]
HAND_MADE = [*SHAPE_CASES, *ALIGNMENT_CASES, *EXTRA]


def _groups() -> list[list[tuple[str, Callable[[Graph], None], tuple]]]:
    """The hand-made cases, grouped so that no two in a group name the same focus node."""
    groups: list[list] = []
    for case in HAND_MADE:
        focus = case[2][1]
        for group in groups:
            if all(other[2][1] != focus for other in group):
                group.append(case)
                break
        else:
            groups.append([case])
    return groups


GROUPS = _groups()


def _base() -> Graph:
    """The shipped data and ontology, as `warkg validate` loads them."""
    graph = loading.load_files([paths.triples_dir()], as_written=True)
    for path in paths.ontology_files():
        loading.parse_into(graph, path, as_written=True)
    return graph


def _variants() -> dict[str, Graph]:
    base = _base()
    variants = {}
    generated = Graph()
    generated += base
    for mutation in CORPUS["mutations"].values():
        mutations.apply(generated, mutation)
    variants["generated"] = generated
    for i, group in enumerate(GROUPS):
        broken = Graph()
        broken += base
        for _, mutate, _ in group:
            mutate(broken)
        variants[f"hand-made-{i + 1}"] = broken
    return variants


@pytest.fixture(scope="module")
def variants() -> dict[str, Graph]:
    return _variants()


@pytest.fixture(scope="module")
def reports(
    variants: dict[str, Graph], shapes_graph: Graph
) -> dict[tuple[str, str], validation.ValidationReport]:
    # Plain pySHACL, the slow reference, two variants at a time in other processes.
    plain_options = {k: v for k, v in PATHS["plain"].items() if k != "accelerate"}
    plain = plain_reports(variants, shapes_graph, **plain_options)
    return {
        (name, path): (
            plain[name] if path == "plain" else validation.validate(graph, shapes_graph, **options)
        )
        for name, graph in variants.items()
        for path, options in PATHS.items()
    }


_NESTING = {
    SH.node: "sh:NodeConstraintComponent",
    SH["not"]: "sh:NotConstraintComponent",
    SH["and"]: "sh:AndConstraintComponent",
    SH["or"]: "sh:OrConstraintComponent",
    SH.xone: "sh:XoneConstraintComponent",
    SH.qualifiedValueShape: "sh:QualifiedMinCountConstraintComponent",
}


def _members(shapes: Graph) -> dict[tuple[Node, str], set[Node]]:
    """The shapes each shape refers to through one constraint component."""
    members: dict[tuple[Node, str], set[Node]] = {}
    for predicate, component in _NESTING.items():
        for shape, value in shapes.subject_objects(predicate):
            is_list = (value, RDF.first, None) in shapes
            nested = set(Collection(shapes, value)) if is_list else {value}
            members.setdefault((shape, component), set()).update(nested)
    return members


def _fired(report: validation.ValidationReport, shapes: Graph) -> set[str]:
    """The shapes a report shows firing: each result's source shape, the node shape that
    holds it, and its SPARQL constraint; and, since pySHACL reports no finer detail for
    them, the shapes a failed sh:node, sh:not, sh:and, sh:or, sh:xone or qualified value
    shape constraint refers to (and their property shapes)."""
    owners = {p: n for n, p in shapes.subject_objects(SH.property)}
    members = _members(shapes)
    fired = set()
    for result in report.results:
        shape, constraint = result.terms[3], result.terms[6]
        nested = set(members.get((shape, result.constraint), set()))
        # A failed sh:or (or sh:node ...) whose member is itself an sh:or of shapes
        # (wsh:IntegerShape: one shape per integer type) failed every one of those too.
        frontier = set(nested)
        while frontier:
            deeper = {
                m
                for f in frontier
                for (owner, _), found in members.items()
                if owner == f
                for m in found
            } - nested
            nested |= deeper
            frontier = deeper
        nested |= {p for m in nested for p in shapes.objects(m, SH.property)}
        for node in (shape, owners.get(shape), constraint, *nested):
            if isinstance(node, URIRef):
                fired.add(shorten_term(node))
    return fired


def test_the_corpus_covers_every_property_shape_it_could(shapes_graph: Graph) -> None:
    """The search found an edit for all but the listed property shapes; each of those
    is broken by a hand-made case instead (checked below, like every other shape)."""
    names = mutations.shape_names(shapes_graph)
    assert len(names["node shape"]) == 58  # 14 of them wsh:IntegerShape and its members
    assert len(names["property shape"]) == 115
    assert len(names["SPARQL constraint"]) == 8
    assert len(CORPUS["mutations"]) + len(CORPUS["unreached"]) == 115
    assert len(GROUPS) == 6


def test_every_shape_fires_through_every_path(
    reports: dict[tuple[str, str], validation.ValidationReport], shapes_graph: Graph
) -> None:
    every = set().union(*mutations.shape_names(shapes_graph).values())
    for path in PATHS:
        fired = set().union(
            *(_fired(report, shapes_graph) for (_, p), report in reports.items() if p == path)
        )
        assert sorted(every - fired) == [], path  # dead shapes
    for (name, path), report in reports.items():
        assert not report.passed, (name, path)


def test_every_path_reports_the_same_results(
    reports: dict[tuple[str, str], validation.ValidationReport],
) -> None:
    for (name, path), report in reports.items():
        assert report == reports[(name, "plain")], (name, path)


def test_the_command_exits_1_on_every_variant(
    variants: dict[str, Graph], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, graph in variants.items():
        path = tmp_path / f"{name}.ttl"
        graph.serialize(path, format="turtle", encoding="utf-8")
        # the ontology is in the variant already; an empty ontology file stands in
        (tmp_path / "none.ttl").write_text("", encoding="utf-8")
        code = cli.main(["validate", str(path), "--ontology", str(tmp_path / "none.ttl")])
        out = capsys.readouterr().out
        assert code == 1, (name, out.splitlines()[-1:])
        assert out.splitlines()[-1].startswith("does not conform: ")


# --- a second engine: Jena -----------------------------------------------------------------

# Where Jena 4.5 and pySHACL 0.40 (with warkg's corrections) differ on our variants, and
# which is right by the SHACL spec. Keys: (focus, path, constraint component).
# (None since a work's language became a plain string, which both read alike.)
ENGINE_DIFFERENCES: dict[tuple[str, str | None, str], str] = {}


@pytest.fixture(scope="module")
def jena(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """The `shacl validate` command (tests.support.jena)."""
    reason = jena_support.missing()
    if reason is not None:
        pytest.skip(reason)
    return jena_support.shacl_command(tmp_path_factory.mktemp("xerces-messages"))


def _jena_report(command: list[str], graph: Graph, tmp_path: Path) -> Graph:
    data = tmp_path / "data.nt"
    graph.serialize(data, format="nt", encoding="utf-8")
    shapes = paths.shapes_files()[0]
    done = subprocess.run(
        [*command, "--shapes", str(shapes), "--data", str(data)],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
    )
    return Graph().parse(data=done.stdout, format="turtle")


def _alternatives(graph: Graph, path: Node) -> list[str]:
    members = graph.value(path, SH.alternativePath)
    if members is None:
        return [render_path(graph, path)]
    return [name for member in Collection(graph, members) for name in _alternatives(graph, member)]


def _flat_path(graph: Graph, path: Node) -> str:
    """A path as warkg writes it. Jena writes `(a|b|c)` back as `((a|b)|c)`: the same
    path, nested, which is flattened here."""
    if graph.value(path, SH.alternativePath) is None:
        return render_path(graph, path)
    return "(" + "|".join(_alternatives(graph, path)) + ")"


def _jena_keys(report: Graph) -> set[tuple[str, str | None, str]]:
    keys = set()
    for node in report.objects(None, SH.result):
        path = report.value(node, SH.resultPath)
        keys.add(
            (
                term_text(report.value(node, SH.focusNode)),
                None if path is None else _flat_path(report, path),
                shorten_term(report.value(node, SH.sourceConstraintComponent)),
            )
        )
    return keys


def _warkg_keys(report: validation.ValidationReport) -> set[tuple[str, str | None, str]]:
    return {(r.focus, r.path, r.constraint) for r in report.results}


def test_jena_agrees_on_the_shipped_data(
    jena: list[str], data_graph: Graph, tmp_path: Path
) -> None:
    report = _jena_report(jena, _base(), tmp_path)
    assert [c.toPython() for c in report.objects(None, SH.conforms)] == [True]
    assert _jena_keys(report) == set()


def test_jena_gives_the_same_verdicts_on_every_variant(
    jena: list[str],
    variants: dict[str, Graph],
    reports: dict[tuple[str, str], validation.ValidationReport],
    tmp_path: Path,
) -> None:
    differences = {}
    for name, graph in variants.items():
        theirs = _jena_keys(_jena_report(jena, graph, tmp_path))
        ours = _warkg_keys(reports[(name, "accelerated")])
        assert theirs and ours, name
        for key in theirs ^ ours:
            differences[key] = "Jena only" if key in theirs else "warkg only"
    assert {k: v for k, v in differences.items() if k not in ENGINE_DIFFERENCES} == {}
    assert set(ENGINE_DIFFERENCES) <= set(differences)
