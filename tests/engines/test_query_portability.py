"""The conflict queries give the same rows on rdflib, pyoxigraph, Comunica and Virtuoso.

Comunica 4 (`@comunica/query-sparql`, Node 20) ran the first version of these queries
with their rows out of order: ORDER BY whose first keys are literals that tie for every
row (`?measure ?population ?claimA ?claimB`) came back unsorted, so both queries order
by the claim pair alone, which is unique per row. The graph is the shipped one with
planted conflicting figures (tests/catalogue/test_stored_queries.py), written as N-Triples and
loaded into an N3 store for Comunica by tests/comunica/run.js.

Comunica is found in the folder named by COMUNICA_DIR (one holding
node_modules/@comunica/query-sparql, e.g. after `npm install --prefix DIR
@comunica/query-sparql@4`); without it the test is skipped with that reason. Virtuoso 7
(Debian's virtuoso-opensource) is started on kernel-picked loopback ports in a temporary
folder, loaded with isql-vt, asked by GET (it never answers a direct POST) and stopped.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import time
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from rdflib import Graph

from tests.catalogue.test_stored_queries import CONFLICT_FIXTURE, _figure
from warkg.catalogue import stored as stored_queries
from warkg.catalogue.run import execute
from warkg.engines.opening import open_graph
from warkg.rdf.loading import shipped_graph
from warkg.results.json import from_json
from warkg.results.model import normalise_lists

RUNNER = Path(__file__).parents[1] / "comunica" / "run.js"
COMUNICA_DIR = Path(os.environ.get("COMUNICA_DIR", Path(__file__).parents[1] / "node"))


def _missing() -> str | None:
    if shutil.which("node") is None:
        return "node not installed"
    if not (COMUNICA_DIR / "node_modules" / "@comunica" / "query-sparql").is_dir():
        return (
            f"{COMUNICA_DIR} holds no node_modules/@comunica/query-sparql: "
            "run `npm ci --prefix tests/node` (needs Node and npm)"
        )
    return None


comunica_needed = pytest.mark.skipif(_missing() is not None, reason=str(_missing()))
VIRTUOSO_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
virtuoso_needed = pytest.mark.skipif(
    shutil.which("virtuoso-t") is None or shutil.which("isql-vt") is None,
    reason="virtuoso-t or isql-vt not installed (Debian: virtuoso-opensource)",
)


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


NAMES = ["conflicting-figures", "side-by-side-figures"]
ROW_COUNTS = {"conflicting-figures": 6, "side-by-side-figures": 3}


@comunica_needed
@pytest.mark.parametrize("name", NAMES)
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
    assert len(rdflib_rows) == ROW_COUNTS[name]


def _virtuoso_ini(template: str, folder: Path, isql: int, http: int) -> str:
    """Debian's virtuoso.ini with every file in `folder` and both ports on loopback."""
    main, _, temp = template.partition("[TempDatabase]")
    for key in ("DatabaseFile", "ErrorLogFile", "LockFile", "TransactionFile"):
        main = re.sub(rf"(?m)^{key}\s*=.*$", f"{key} = {folder}/virtuoso.{key.lower()}", main)
        temp = re.sub(rf"(?m)^{key}\s*=.*$", f"{key} = {folder}/temp.{key.lower()}", temp)
    text = f"{main}[TempDatabase]{temp}"
    text = re.sub(r"(?m)^xa_persistent_file\s*=.*$", f"xa_persistent_file = {folder}/v.pxa", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*1111\s*$", f"ServerPort = 127.0.0.1:{isql}", text)
    text = re.sub(r"(?m)^ServerPort\s*=\s*8890\s*$", f"ServerPort = 127.0.0.1:{http}", text)
    return re.sub(r"(?m)^DirsAllowed\s*=.*$", f"DirsAllowed = ., {folder}", text)


@pytest.fixture(scope="module")
def virtuoso(data, tmp_path_factory: pytest.TempPathFactory):
    from tests.support.loopback import free_port

    _, path = data
    folder = tmp_path_factory.mktemp("virtuoso")
    isql, http = free_port(), free_port()
    ini = folder / "virtuoso.ini"
    ini.write_text(_virtuoso_ini(VIRTUOSO_INI.read_text(), folder, isql, http))
    shutil.copy(path, folder / "data.nt")
    log = (folder / "out.log").open("wb")
    server = subprocess.Popen(
        ["virtuoso-t", "+foreground", "+configfile", str(ini)], stdout=log, stderr=log
    )
    try:
        deadline = time.monotonic() + 180
        while b"Server online" not in (folder / "out.log").read_bytes():
            assert server.poll() is None, (folder / "out.log").read_text(errors="replace")
            assert time.monotonic() < deadline, "Virtuoso did not start in 180 s"
            time.sleep(0.5)
        subprocess.run(
            [
                "isql-vt",
                f"127.0.0.1:{isql}",
                "dba",
                "dba",
                f"exec=DB.DBA.TTLP_MT(file_to_string_output('{folder}/data.nt'), '', "
                "'urn:warkg', 0);",
            ],
            check=True,
            capture_output=True,
            timeout=300,
        )
        yield f"http://127.0.0.1:{http}/sparql"
    finally:
        server.terminate()
        server.wait(timeout=60)
        log.close()


@virtuoso_needed
@pytest.mark.parametrize("name", NAMES)
def test_same_rows_on_rdflib_and_virtuoso(data, virtuoso: str, name: str) -> None:
    graph, _ = data
    query = stored_queries.get_query(name)
    url = f"{virtuoso}?" + urllib.parse.urlencode(
        {"query": query.text, "default-graph-uri": "urn:warkg"}
    )
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    with urllib.request.urlopen(request, timeout=120) as response:
        answer = json.loads(response.read())
    answer["head"].pop("link", None)
    for binding in answer["results"]["bindings"]:
        for value in binding.values():
            if value["type"] == "typed-literal":  # Virtuoso's older spelling
                value["type"] = "literal"
    rows = _rows(normalise_lists(from_json(answer), query.list_columns))
    assert rows == _rows(execute(open_graph("rdflib", graph=graph), query, {}))
    assert len(rows) == ROW_COUNTS[name]
