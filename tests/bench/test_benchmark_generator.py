"""The synthetic data generator of benchmarks/generate.py, on small graphs.

The benchmarks trust the generator twice: that a graph of a given size and seed is
always the same graph (or timings could not be compared across runs), and that the
manifest names exactly the violations it planted (or a validator that misses one, or
reports one too many, could not be caught). These tests check both on graphs of a few
thousand triples, and that the graphs are ours: they parse, use only terms the ontology
declares, and conform to the shapes when nothing is planted.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

import pyoxigraph
import pyshacl
import pytest
from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.namespace import SH

from benchmarks import generate
from warkg.rdf.namespaces import ID, WARKG, WSH

GENERATOR = Path(__file__).resolve().parents[2] / "benchmarks" / "generate.py"
TARGET = 5_000
PLANTED_SHARE = "0.05"
"""High enough that a 5k graph (about 175 claims) gets several provenance violations."""
CLEAN_TARGET = 2_000
"""Smaller, to keep the suite under five seconds (pySHACL takes about 0.3 s per 1,000
triples). One war; the planted 5k graph has two, and its exact match with the manifest
shows that nothing breaks across wars (reference numbers, shared organisations)."""


def _run(tmp: Path, name: str, *args: str) -> tuple[Path, list[dict[str, str]]]:
    """Run the command line in-process; return the output file and the manifest."""
    out, manifest = tmp / f"{name}.out", tmp / f"{name}.json"
    argv = ["--out", str(out), "--manifest", str(manifest), *args]
    assert generate.main(argv) == 0
    return out, json.loads(manifest.read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def tmp(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("synthetic")


@pytest.fixture(scope="module")
def planted_graph(tmp: Path) -> tuple[Path, list[dict[str, str]]]:
    """5k triples, seed 1, with violations planted."""
    return _run(tmp, "planted", "--triples", str(TARGET), "--violations", PLANTED_SHARE)


@pytest.fixture(scope="module")
def clean_graph(tmp: Path) -> tuple[Path, list[dict[str, str]]]:
    """2k triples, seed 1, nothing planted."""
    return _run(tmp, "clean", "--triples", str(CLEAN_TARGET), "--violations", "0")


@pytest.fixture(scope="module")
def planted_data(planted_graph: tuple[Path, list[dict[str, str]]]) -> Graph:
    """The planted graph parsed once by rdflib (tests must not change it)."""
    return Graph().parse(planted_graph[0], format="nt")


@pytest.fixture(scope="module")
def ontology(repo_root: Path) -> Graph:
    return Graph().parse(repo_root / "ontology" / "warkg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes(repo_root: Path) -> Graph:
    return Graph().parse(repo_root / "shapes" / "warkg-shapes.ttl", format="turtle")


def _with_ontology(ontology: Graph, data: Graph | Path) -> Graph:
    """The data graph as the project validates it: data and ontology in one graph."""
    graph = Graph()
    graph += ontology
    if isinstance(data, Graph):
        graph += data
    else:
        graph.parse(data, format="nt")
    return graph


def _violations(data: Graph, shapes: Graph) -> set[tuple[str, str]]:
    """(focus node, source shape) of every sh:Violation pySHACL reports."""
    _, report, _ = pyshacl.validate(data, shacl_graph=shapes, inference="none", advanced=True)
    return {
        (str(report.value(result, SH.focusNode)), str(report.value(result, SH.sourceShape)))
        for result in report.subjects(RDF.type, SH.ValidationResult)
        if report.value(result, SH.resultSeverity) == SH.Violation
    }


def _provenance(manifest: list[dict[str, str]]) -> set[str]:
    return {entry["focus"] for entry in manifest if entry["kind"] == "provenance"}


# --- determinism ---------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["nt", "turtle"])
def test_same_seed_gives_the_same_bytes(tmp: Path, fmt: str) -> None:
    args = ("--triples", "3000", "--seed", "7", "--violations", "0.05", "--format", fmt)
    first, first_manifest = _run(tmp, f"same-a-{fmt}", *args)
    second, second_manifest = _run(tmp, f"same-b-{fmt}", *args)
    assert first.read_bytes() == second.read_bytes()
    assert first_manifest == second_manifest


def test_another_seed_gives_another_graph(tmp: Path) -> None:
    one, _ = _run(tmp, "seed-1", "--triples", "3000", "--seed", "1")
    two, _ = _run(tmp, "seed-2", "--triples", "3000", "--seed", "2")
    assert one.read_bytes() != two.read_bytes()


def test_planting_changes_only_the_planted_nodes() -> None:
    """Planted violations are edits of the clean graph, not a different graph.

    The one edit outside a planted node: a war planted to end before it starts keeps
    its fact claims true to it, so their stated dates are swapped too."""
    planted, clean = io.StringIO(), io.StringIO()
    summary = generate.generate(planted, 5_000, seed=4, violations=0.25)
    generate.generate(clean, 5_000, seed=4, violations=0)
    changed = set(planted.getvalue().splitlines()) ^ set(clean.getvalue().splitlines())
    manifest = [entry.as_json() for entry in summary.planted]
    assert {entry["kind"] for entry in manifest} == set(generate.SHAPE_OF_KIND)
    foci = {entry["focus"] for entry in manifest}
    assert {line.split(" ", 1)[0][1:-1] for line in changed} >= foci
    others = {line for line in changed if line.split(" ", 1)[0][1:-1] not in foci}
    states_value = f" <{WARKG.statesValue}> "
    assert {line for line in others if states_value not in line} == set()
    if others:
        assert "start-after-end" in {entry["kind"] for entry in manifest}


# --- size and syntax -----------------------------------------------------------------


def test_output_parses_with_pyoxigraph_and_rdflib(
    planted_graph: tuple[Path, list[dict[str, str]]], planted_data: Graph
) -> None:
    path, _ = planted_graph
    lines = path.read_text(encoding="utf-8").count("\n")
    by_oxigraph = list(pyoxigraph.parse(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES))
    # no duplicate lines: the line count is the triple count
    assert len(by_oxigraph) == len(planted_data) == lines
    assert abs(lines - TARGET) <= TARGET // 10


def test_turtle_is_the_same_graph_as_ntriples(tmp: Path) -> None:
    nt, _ = _run(tmp, "as-nt", "--triples", "2000", "--seed", "3")
    ttl, _ = _run(tmp, "as-ttl", "--triples", "2000", "--seed", "3", "--format", "turtle")
    from_nt = set(pyoxigraph.parse(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES))
    from_ttl = set(pyoxigraph.parse(path=str(ttl), format=pyoxigraph.RdfFormat.TURTLE))
    assert from_nt == from_ttl
    assert len(Graph().parse(ttl, format="turtle")) == len(from_nt)


@pytest.mark.parametrize("target", [2_000, 10_000])
def test_size_is_close_to_the_target(target: int) -> None:
    summary = generate.generate(io.StringIO(), target, seed=5)
    assert abs(summary.triples - target) <= target // 10
    assert summary.wars >= 1


# --- the graph is ours -------------------------------------------------------------------


def test_only_declared_terms_and_synthetic_iris(ontology: Graph, planted_data: Graph) -> None:
    data = planted_data
    declared = set(ontology.subjects(RDFS.isDefinedBy, None))
    predicates = {p for p in data.predicates() if p != RDF.type}
    classes = set(data.objects(None, RDF.type))
    assert predicates - declared == set()
    assert classes - declared == set()
    ours = {str(s) for s in data.subjects() if str(s).startswith(str(ID))}
    assert ours, "no instance IRIs found"
    assert {iri for iri in ours if not iri.startswith(f"{ID}synthetic-")} == set()
    # about 90 claims per war, as in the real article
    wars = len(set(data.subjects(WARKG.hasSide, None)))
    claims = sum(1 for _ in data.subjects(WARKG.evidenceText, None))
    assert 70 <= claims / wars <= 110


def test_shacl_finds_exactly_the_planted_violations(
    ontology: Graph,
    shapes: Graph,
    planted_graph: tuple[Path, list[dict[str, str]]],
    planted_data: Graph,
) -> None:
    _, manifest = planted_graph
    assert len(_provenance(manifest)) >= 3
    assert len(set(planted_data.subjects(WARKG.hasSide, None))) >= 2
    found = _violations(_with_ontology(ontology, planted_data), shapes)
    provenance_shape = str(WSH["ClaimShape-provenance"])
    assert {focus for focus, shape in found if shape == provenance_shape} == _provenance(manifest)
    # and nothing else: every other result is a planted secondary violation
    assert found == {(entry["focus"], entry["shape"]) for entry in manifest}


def test_shacl_conforms_without_violations(
    ontology: Graph, shapes: Graph, clean_graph: tuple[Path, list[dict[str, str]]]
) -> None:
    path, manifest = clean_graph
    assert manifest == []
    assert _violations(_with_ontology(ontology, path), shapes) == set()


def _query_claims(repo_root: Path, path: Path) -> set[str]:
    store = pyoxigraph.Store()
    store.load(path=str(repo_root / "ontology" / "warkg.ttl"), format=pyoxigraph.RdfFormat.TURTLE)
    store.load(path=str(path), format=pyoxigraph.RdfFormat.N_TRIPLES)
    query = (repo_root / "queries" / "claims-without-provenance-violation.rq").read_text(
        encoding="utf-8"
    )
    solutions = store.query(query)
    assert isinstance(solutions, pyoxigraph.QuerySolutions)
    return {solution["claim"].value for solution in solutions}


def test_stored_query_returns_the_planted_claims(
    repo_root: Path,
    planted_graph: tuple[Path, list[dict[str, str]]],
    clean_graph: tuple[Path, list[dict[str, str]]],
) -> None:
    path, manifest = planted_graph
    assert _query_claims(repo_root, path) == _provenance(manifest)
    assert _query_claims(repo_root, clean_graph[0]) == set()


# --- the command line --------------------------------------------------------------------


@pytest.mark.parametrize(
    "args",
    [["--triples", "0"], ["--violations", "1.5"], ["--format", "xml"], ["--seed", "x"]],
    ids=["zero-triples", "share-above-one", "unknown-format", "bad-seed"],
)
def test_bad_arguments_exit_2(args: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exit_info:
        generate.main(args)
    assert exit_info.value.code == 2
    assert "usage" in capsys.readouterr().err


def test_manifest_names_kind_and_shape(planted_graph: tuple[Path, list[dict[str, str]]]) -> None:
    _, manifest = planted_graph
    kinds = set(generate.SHAPE_OF_KIND)
    for entry in manifest:
        assert set(entry) == {"focus", "kind", "shape"}
        assert entry["kind"] in kinds
        assert entry["shape"] == generate.SHAPE_OF_KIND[entry["kind"]]
        assert entry["focus"].startswith(f"{ID}synthetic-")
        URIRef(entry["focus"])  # a well-formed IRI
