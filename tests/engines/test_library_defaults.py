"""The library gives what the command line gives: the same graph (ontology and data,
as `warkg query` and `warkg serve` hold it) and the same default engine."""

from __future__ import annotations

import inspect
import subprocess
import sys

import warkg
from warkg.cli import query as query_commands
from warkg.engines.opening import open_graph


def test_load_graph_holds_what_the_command_line_queries() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "warkg", "sparql", "-", "-f", "csv"],
        input="SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }",
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    served = int(done.stdout.split()[1])
    assert len(warkg.load_graph()) == served
    assert len(warkg.load_data()) < served  # the data alone, without the ontology


def test_load_graph_with_data_is_the_ontology_and_that_data(tmp_path) -> None:
    mine = tmp_path / "mine.ttl"
    mine.write_text("<http://example.org/a> <http://example.org/b> 1 .\n", encoding="utf-8")
    assert len(warkg.load_graph(mine)) == len(warkg.load_ontology()) + 1


def test_the_library_and_the_command_line_default_to_the_same_engine() -> None:
    signature = inspect.signature(open_graph).parameters
    assert signature["backend"].default == query_commands.DEFAULT_BACKEND == "oxigraph"
    assert open_graph().name == "oxigraph"
