"""Real triplestores the store tests start on 127.0.0.1 and stop: Oxigraph server (the
`oxigraph` PyPI package) and Virtuoso 7 (Debian's `virtuoso-opensource`), each in a
temporary directory on ports nobody else holds. Where a store cannot be had, `skip_reason`
says why, and the tests that need it are skipped with that reason.

Jena: Debian's `libapache-jena-java` 4.5 ships the Jena libraries and command-line tools
but no Fuseki (`dpkg -L libapache-jena-java` lists no fuseki jar, and Debian has no
fuseki package), so there is no Jena SPARQL endpoint to start; see `JENA_SKIP`.
"""

from __future__ import annotations

import shutil
import subprocess
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from tests.support.loopback import free_port, oxigraph_server, stop

GRAPH = "https://w3id.org/warkg/graph/test"
JENA_SKIP = (
    "no Jena SPARQL endpoint: Debian's libapache-jena-java 4.5 ships the Jena libraries "
    "and tools but not Fuseki (no fuseki jar in `dpkg -L libapache-jena-java`)"
)


@dataclass(frozen=True)
class RunningStore:
    """A store answering on `endpoint`; `graph` is the named graph tests load into (None:
    the default graph), `server` the name it gives in its Server header."""

    kind: str
    endpoint: str
    graph: str | None
    server: str
    directory: Path

    def graph_args(self) -> list[str]:
        return ["--graph", self.graph] if self.graph else []


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        request = urllib.request.Request(
            f"{url}?{query}", headers={"Accept": "application/sparql-results+json"}
        )
        with urllib.request.urlopen(request, timeout=2) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def _wait_until_answering(process: subprocess.Popen, url: str, what: str, wait: float) -> None:
    deadline = time.monotonic() + wait
    while not _answers(url):
        if process.poll() is not None:
            raise RuntimeError(f"{what} exited with {process.returncode} before answering")
        if time.monotonic() > deadline:
            raise RuntimeError(f"{what} did not answer on {url} within {wait} s")
        time.sleep(0.2)


@contextmanager
def oxigraph(directory: Path) -> Iterator[RunningStore]:
    with oxigraph_server(directory) as url:
        yield RunningStore("oxigraph", url, None, "Oxigraph", directory)


# ---- Virtuoso ---------------------------------------------------------------------------

VIRTUOSO = "virtuoso-t"
ISQL = "isql-vt"  # Debian's name for Virtuoso's isql


def virtuoso_skip_reason() -> str | None:
    """Why Virtuoso cannot be started here, or None."""
    missing = [tool for tool in (VIRTUOSO, ISQL) if shutil.which(tool) is None]
    if missing:
        return (
            f"Virtuoso is not installed ({', '.join(missing)} missing): "
            "apt-get install virtuoso-opensource (.ci/run does)"
        )
    return None


def virtuoso_ini(directory: Path, sql_port: int, http_port: int) -> str:
    """A virtuoso.ini keeping everything in `directory`, listening on 127.0.0.1 only."""
    return f"""\
[Database]
DatabaseFile = {directory}/virtuoso.db
ErrorLogFile = {directory}/virtuoso.log
LockFile = {directory}/virtuoso.lck
TransactionFile = {directory}/virtuoso.trx
xa_persistent_file = {directory}/virtuoso.pxa
[TempDatabase]
DatabaseFile = {directory}/virtuoso-temp.db
TransactionFile = {directory}/virtuoso-temp.trx
[Parameters]
ServerPort = 127.0.0.1:{sql_port}
DisableUnixSocket = 1
CheckpointInterval = 0
NumberOfBuffers = 10000
MaxDirtyBuffers = 6000
ThreadsPerQuery = 2
DirsAllowed = ., {directory}
[HTTPServer]
ServerPort = 127.0.0.1:{http_port}
ServerRoot = /var/lib/virtuoso-opensource-7/vsp
ServerThreads = 4
MaxClientConnections = 4
[SPARQL]
ResultSetMaxRows = 100000
MaxQueryExecutionTime = 60
"""


@contextmanager
def virtuoso(directory: Path, wait: float = 120.0) -> Iterator[RunningStore]:
    """Virtuoso 7 in `directory` (a fresh database), with SPARQL updates granted to the
    SPARQL user (as its Graph Store endpoint needs); yields once /sparql answers."""
    sql_port, http_port = free_port(), free_port()
    ini = directory / "virtuoso.ini"
    ini.write_text(virtuoso_ini(directory, sql_port, http_port), encoding="utf-8")
    log = (directory / "virtuoso.out").open("wb")
    process = subprocess.Popen(
        [VIRTUOSO, "-f", "+configfile", str(ini)],
        cwd=directory,
        stdin=subprocess.DEVNULL,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{http_port}/sparql"
    try:
        _wait_until_answering(process, url, "virtuoso-t", wait)
        grant = subprocess.run(
            [ISQL, f"127.0.0.1:{sql_port}", "dba", "dba", 'exec=GRANT SPARQL_UPDATE TO "SPARQL";'],
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        if grant.returncode != 0 or "Error" in grant.stdout + grant.stderr:
            raise RuntimeError(f"isql GRANT failed: {grant.stdout} {grant.stderr}")
        yield RunningStore("virtuoso", url, GRAPH, "Virtuoso", directory)
    finally:
        stop(process, wait=60)
        log.close()
