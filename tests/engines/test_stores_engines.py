"""Every stored query on Apache Jena's engine (ARQ, from Debian's libapache-jena-java)
and on Comunica gives the rows the embedded backend gives (Comunica: in the same order,
but for the two queries whose header documents that it orders them differently).

Debian ships no Fuseki, so there is no Jena endpoint to load and query (see
tests/support/stores.py); Jena's query engine is run directly instead, on the shipped files,
by tests/jena/RunQueries.java (run from source by `java`, no build step). Each query is
sent as the remote backend would send it (parameters bound in the WHERE group, our
prefixes declared) and the answers are read and compared as the remote backend's are.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from functools import partial
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from warkg import list_queries, open_graph, paths, run_query
from warkg.catalogue import stored as stored_queries
from warkg.engines.base import ordered as _ordered
from warkg.results.json import from_json
from warkg.results.model import normalise_lists
from warkg.sparql import checks as sparql
from warkg.sparql import protocol as sparql_protocol

HERE = Path(__file__).resolve().parents[1]
JAVA_DIR = Path("/usr/share/java")
# Jena's jars and what they need, as Debian names them (no versions: the symlinks).
JARS = [
    *(f"jena-{name}" for name in ("arq", "base", "core", "iri")),
    *("slf4j-api", "slf4j-nop", "commons-io", "commons-lang3", "commons-codec"),
    *("commons-compress", "commons-csv", "commons-cli", "dexx.collection", "caffeine"),
    *("jackson-core", "jackson-databind", "jackson-annotations", "jsonld-java", "gson"),
    *("httpclient", "httpcore", "titanium-json-ld", "jakarta.json-api", "guava"),
    *("thrift", "protobuf"),
]


def _skip_reason() -> str | None:
    if shutil.which("java") is None:
        return "no java: apt-get install default-jre-headless libapache-jena-java"
    missing = [jar for jar in JARS if not (JAVA_DIR / f"{jar}.jar").exists()]
    if missing:
        shown = ", ".join(missing[:3])
        return f"Debian's Jena is missing ({shown}...): apt-get install libapache-jena-java"
    return None


def _xerces_messages(directory: Path) -> Path:
    """Debian's jena-core has the Xerces classes Jena embeds under `xerces.` but their
    message files under `org/apache/jena/ext/xerces/`, so Jena's first use of an XSD
    datatype fails ("internal error" in XSSimpleTypeDecl); copy them where the classes
    look."""
    prefix = "org/apache/jena/ext/"
    with zipfile.ZipFile(JAVA_DIR / "jena-core.jar") as jar:
        for name in jar.namelist():
            if name.startswith(prefix + "xerces/") and name.endswith(".properties"):
                target = directory / name.removeprefix(prefix)
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(jar.read(name))
    return directory


def _remote_text(query: stored_queries.StoredQuery) -> str:
    """The text the remote backend sends for `query` with its default parameters."""
    prepared = sparql.prepare(query.text, query.name)
    text = sparql_protocol.bind_in_where(prepared.text, stored_queries.bind(query, {}))
    return sparql_protocol.prologue_for(text) + text


@pytest.fixture(scope="module")
def jena_answers(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Jena's answer to every stored query: NAME.json (or NAME.error) in one directory."""
    if reason := _skip_reason():
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("jena")
    queries, answers = work / "queries", work / "answers"
    queries.mkdir()
    answers.mkdir()
    for query in list_queries():
        (queries / f"{query.name}.rq").write_text(_remote_text(query), encoding="utf-8")
    classpath = [str(JAVA_DIR / f"{jar}.jar") for jar in JARS]
    classpath.append(str(_xerces_messages(work / "xerces-messages")))
    files = [str(p) for p in [*paths.ontology_files(), *paths.triples_files()]]
    command = ["java", "-cp", ":".join(classpath), str(HERE / "jena" / "RunQueries.java")]
    done = subprocess.run(
        [*command, str(answers), str(queries), *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    return answers


QUERIES = list_queries()


def test_all_stored_queries_are_found() -> None:
    assert len(QUERIES) == 13


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_jena_gives_the_embedded_rows(
    jena_answers: Path, query: stored_queries.StoredQuery
) -> None:
    error = jena_answers / f"{query.name}.error"
    assert not error.exists(), error.read_text(encoding="utf-8")
    variables = sparql.prepare(query.text, query.name).variables
    raw = from_json(
        json.loads((jena_answers / f"{query.name}.json").read_text(encoding="utf-8")),
        expected=variables,
    )
    jena = normalise_lists(_ordered(variables, raw.rows), query.list_columns)
    expected = run_query(open_graph("oxigraph"), query)
    assert jena == expected


# ---- Comunica ---------------------------------------------------------------------------

# Where .ci/run installs Comunica (npm, @comunica/query-sparql 4: version 5 needs Node 22).
COMUNICA = Path(os.environ.get("WARKG_COMUNICA", Path(__file__).parents[1] / "node"))
# Comunica 4.5 does not order ties of the first ORDER BY key by the later keys (the rows
# are right, their order is not); no rewrite of the ORDER BY clause changed that. The
# query headers say so.
COMUNICA_ORDER = {"belligerents", "sources-by-publisher"}


def _comunica_skip_reason() -> str | None:
    if shutil.which("node") is None:
        return "no node: Comunica runs on Node.js"
    if not (COMUNICA / "node_modules" / "@comunica" / "query-sparql").is_dir():
        return (
            f"Comunica is not installed in {COMUNICA}: npm ci --prefix tests/node "
            "(.ci/run does; WARKG_COMUNICA names another prefix)"
        )
    return None


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def _serve(directory: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), partial(_Quiet, directory=str(directory)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05})
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.fixture(scope="module")
def comunica_answers(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Comunica's answer to every stored query, over the shipped graph served as one
    Turtle document on 127.0.0.1 (Comunica reads sources by URL)."""
    if reason := _comunica_skip_reason():
        pytest.skip(reason)
    work = tmp_path_factory.mktemp("comunica")
    queries, answers, served = work / "queries", work / "answers", work / "served"
    for directory in (queries, answers, served):
        directory.mkdir()
    for query in list_queries():
        (queries / f"{query.name}.rq").write_text(_remote_text(query), encoding="utf-8")
    from warkg.rdf.loading import shipped_graph

    shipped_graph().serialize(served / "warkg.ttl", format="turtle")
    runner = HERE / "comunica" / "run-queries.cjs"
    environment = {**os.environ, "NODE_PATH": str(COMUNICA / "node_modules")}
    with _serve(served) as url:
        done = subprocess.run(
            ["node", str(runner), str(answers), str(queries), f"{url}/warkg.ttl"],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
            env=environment,
        )
    assert done.returncode == 0, done.stderr[-2000:]
    yield answers


@pytest.mark.parametrize("query", QUERIES, ids=[q.name for q in QUERIES])
def test_comunica_gives_the_embedded_rows(
    comunica_answers: Path, query: stored_queries.StoredQuery
) -> None:
    error = comunica_answers / f"{query.name}.error"
    assert not error.exists(), error.read_text(encoding="utf-8")
    variables = sparql.prepare(query.text, query.name).variables
    answer = json.loads((comunica_answers / f"{query.name}.json").read_text(encoding="utf-8"))
    raw = from_json(answer, expected=variables)
    comunica = normalise_lists(_ordered(variables, raw.rows), query.list_columns)
    expected = run_query(open_graph("oxigraph"), query)
    if query.name in COMUNICA_ORDER:
        assert "Comunica" in query.description  # the deviation is documented beside it
        assert sorted(map(repr, comunica.rows)) == sorted(map(repr, expected.rows))
    else:
        assert comunica == expected
