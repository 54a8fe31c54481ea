"""The conflict queries give the same rows on rdflib, pyoxigraph and Comunica.

Comunica 4 (`@comunica/query-sparql`, Node 20) ran the first version of these queries
with their rows out of order: ORDER BY whose first keys are literals that tie for every
row (`?measure ?population ?claimA ?claimB`) came back unsorted, so both queries order
by the claim pair alone, which is unique per row. The graph is the shipped one with
planted conflicting figures (tests/test_stored_queries.py), written as N-Triples and
loaded into an N3 store for Comunica by tests/comunica/run.js.

Comunica is found in the folder named by COMUNICA_DIR (one holding
node_modules/@comunica/query-sparql, e.g. after `npm install --prefix DIR
@comunica/query-sparql@4`); without it the test is skipped with that reason.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from rdflib import Graph
from test_stored_queries import CONFLICT_FIXTURE, _figure

from warkg import stored_queries
from warkg.backends import open_graph, shipped_graph
from warkg.querying import execute
from warkg.results import from_json, normalise_lists

RUNNER = Path(__file__).parent / "comunica" / "run.js"
COMUNICA_DIR = Path(os.environ.get("COMUNICA_DIR", "/nonexistent"))


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node not installed"
    if not (COMUNICA_DIR / "node_modules" / "@comunica" / "query-sparql").is_dir():
        return "COMUNICA_DIR does not hold node_modules/@comunica/query-sparql"
    return None


pytestmark = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))


@pytest.fixture(scope="module")
def data(tmp_path_factory: pytest.TempPathFactory) -> tuple[Graph, Path]:
    extra = CONFLICT_FIXTURE + "".join(
        [
            _figure("t-one", "armenia", "Per officials", 10),
            _figure("t-two", "azerbaijan", "Per officials", 20),
            _figure("t-three", "armenia", "according to Armenia", 30),
            _figure("t-four", "turkey", "Per Turkey", 20),
            _figure("t-five", "turkey", "Per Turkey", 15).replace(
                "warkg:statedAs", "warkg:exactness warkg:atLeast ;\n    warkg:statedAs"
            ),
        ]
    )
    graph = shipped_graph() + Graph().parse(data=extra, format="turtle")
    path = tmp_path_factory.mktemp("portability") / "data.nt"
    graph.serialize(path, format="nt", encoding="utf-8")
    return graph, path


def _rows(result) -> list[tuple]:
    return [tuple(None if r[v] is None else str(r[v]) for v in result.variables) for r in result]


@pytest.mark.parametrize("name", ["conflicting-figures", "side-by-side-figures"])
def test_same_rows_on_rdflib_oxigraph_and_comunica(data, name: str) -> None:
    graph, path = data
    query = stored_queries.get_query(name)
    rdflib_rows = _rows(execute(open_graph("rdflib", graph=graph), query, {}))
    assert rdflib_rows == _rows(execute(open_graph("oxigraph", graph=graph), query, {}))
    done = subprocess.run(
        ["node", str(RUNNER), str(path), str(query.path)],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
        env={**os.environ, "NODE_PATH": str(COMUNICA_DIR / "node_modules")},
    )
    assert done.returncode == 0, done.stderr
    comunica = normalise_lists(from_json(json.loads(done.stdout)), query.list_columns)
    assert _rows(comunica) == rdflib_rows
    assert len(rdflib_rows) == {"conflicting-figures": 6, "side-by-side-figures": 3}[name]
