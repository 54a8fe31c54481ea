"""N-Quads (what `warkg build` writes for several articles) read by every tool as the
union of its graphs: the shipped data split over two named graphs validates and answers
queries exactly as the Turtle files do."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.support.nquads import write_shipped_as_nquads
from warkg import paths
from warkg.cli import main as cli
from warkg.errors import InputError
from warkg.rdf import loading


@pytest.fixture(scope="module")
def two_graphs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Each triples/ file in a named graph of its own, as N-Quads."""
    return write_shipped_as_nquads(tmp_path_factory.mktemp("nq") / "articles.nq")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code = cli.main(list(args))
    return code, capsys.readouterr().out


def test_the_union_of_the_graphs_is_the_shipped_data(two_graphs: Path) -> None:
    union = loading.load_files([two_graphs], as_written=True)
    shipped = loading.load_files([paths.triples_dir()], as_written=True)
    assert len(union) == len(shipped)
    assert set(union) == set(shipped)


def test_validate_reads_n_quads(two_graphs: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out = run(capsys, "validate", str(two_graphs))
    _, shipped = run(capsys, "validate", "--bundled")
    assert code == 0
    assert out.splitlines()[-1] == shipped.splitlines()[-1]
    assert out.splitlines()[-1].startswith("conforms: ")


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_query_reads_n_quads(
    two_graphs: Path, backend: str, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = run(
        capsys, "query", "casualty-figures", "--data", str(two_graphs), "-b", backend, "-f", "csv"
    )
    _, shipped = run(capsys, "query", "casualty-figures", "-b", backend, "-f", "csv")
    assert code == 0
    assert out == shipped
    assert len(out.splitlines()) == 27  # the header and 26 casualty figures


def test_a_broken_n_quads_line_is_named(tmp_path: Path) -> None:
    bad = tmp_path / "bad.nq"
    bad.write_text("<http://a.example/s> <http://a.example/p> .\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        loading.load_files([bad])
    assert caught.value.message.startswith(f"{bad}:1:")
