"""The load test (`benchmarks/load.py`), run briefly: every request of the mix, on both
`warkg serve` and `oxigraph serve-read-only`, is answered with the library's rows, and
the warkg server's memory stays within the script's bound. No timing is asserted: the
machine's speed is not the code's, so neither is how many requests the timed phases get
through (every kind is checked once before them).
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from tests.support.serving import request, warkg_server
from warkg.catalogue import stored as stored_queries

LOAD = Path(__file__).resolve().parents[2] / "benchmarks" / "load.py"
MAX_GROWTH_MB = 64


def test_short_load_run_has_no_errors_and_bounded_memory(tmp_path: Path) -> None:
    report = tmp_path / "load.json"
    run = subprocess.run(
        [
            *(sys.executable, str(LOAD), "--duration", "3", "--warmup", "1", "--clients", "4"),
            *("--workers", "2", "--max-growth-mb", str(MAX_GROWTH_MB), "--json", str(report)),
        ],
        capture_output=True,
        text=True,
        timeout=240,
        stdin=subprocess.DEVNULL,
        cwd=tmp_path,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert run.stdout.rstrip().endswith("OK")
    results = json.loads(report.read_text(encoding="utf-8"))
    names = [q.name for q in stored_queries.list_queries()]
    assert len(names) == 13
    assert list(results["requests"]) == [*names, "lookup"]
    assert results["requests"]["reference-supports"] == 8  # reference 10, the default
    assert results["ok"] is True and results["problems"] == []
    for server in ("warkg", "oxigraph"):
        summary = results["servers"][server]
        assert summary["errors"] == 0, summary["first_errors"]
        # every kind of request answered with the library's rows, however slow the machine
        assert summary["checked"] == dict.fromkeys([*names, "lookup"], "ok"), server
        assert summary["requests"] >= 1
        assert summary["requests"] == sum(q["requests"] for q in summary["per_query"].values())
    rss = results["servers"]["warkg"]["rss_mb"]
    assert rss["growth"] <= MAX_GROWTH_MB
    assert rss["start"] > 0


def _private_dirty_mb(pid: int) -> float:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        for line in rollup:
            if line.startswith("Private_Dirty:"):
                return int(line.split()[1]) / 1024
    raise AssertionError(f"no Private_Dirty for {pid}")


def test_workers_keep_sharing_the_forkserver_pages_under_load() -> None:
    """Workers inherit the forkserver's heap, frozen out of garbage collection
    (`server/preload.py`): 150 rounds of every stored query leave each worker's private
    memory within 8 MiB of where it started. Without the freeze, a worker's first full
    collection wrote to every inherited object and copied the heap: 7 MiB grew to 20."""
    names = [q.name for q in stored_queries.list_queries()]
    with warkg_server("--workers", "2") as server:
        workers = sorted(server.worker_pids())
        assert len(workers) == 3  # two query workers, one reconciliation worker
        before = {pid: _private_dirty_mb(pid) for pid in workers}
        for _ in range(150):
            for name in names:
                answer = request(f"{server.url}/queries/{name}?format=json")
                assert answer.status == 200, (name, answer.body)
        after = {pid: _private_dirty_mb(pid) for pid in workers}
    grown = {pid: round(after[pid] - before[pid], 1) for pid in workers}
    assert all(growth < 8 for growth in grown.values()), grown


def _private_mb(pid: int) -> float:
    with open(f"/proc/{pid}/smaps_rollup") as rollup:
        fields = dict(line.split(":", 1) for line in rollup if ":" in line)
    return sum(int(fields[k].split()[0]) for k in ("Private_Clean", "Private_Dirty")) / 1024


def test_query_workers_share_the_sparql_parser() -> None:
    """rdflib's SPARQL parser, which a query worker imports for its first ad-hoc query
    (and at start, to warm it), is imported by the forkserver (`preload`), so the workers
    share one copy: each query worker's own memory stays under 12 MiB (7.2 MiB measured;
    18.7 MiB when each imported its own)."""
    with warkg_server("--workers", "2") as server:
        assert request(f"{server.url}/sparql?query=ASK%20%7B%7D").status == 200
        private = {pid: round(_private_mb(pid), 1) for pid in server.worker_pids()}
    assert len(private) == 3  # two query workers, one reconciliation worker
    assert all(megabytes < 12 for megabytes in private.values()), private


def test_workers_run_below_the_server_priority() -> None:
    """The event loop keeps its share of the CPU while every worker is busy."""
    with warkg_server("--workers", "2") as server:
        niceness = {}
        for pid in (server.process.pid, *server.worker_pids()):
            with open(f"/proc/{pid}/stat") as stat:
                niceness[pid] = int(stat.read().rsplit(")", 1)[1].split()[16])
    base = niceness.pop(server.process.pid)
    assert sorted(niceness.values()) == [min(base + 5, 19)] * 3  # and the reconciliation worker


def test_the_floor_servers_answer_the_lookup_with_the_librarys_rows(tmp_path: Path) -> None:
    """The sweep's floors (benchmarks/floor_server.py) give answers the load clients accept:
    the fixed bytes, the same through worker processes, and the workers' own pyoxigraph
    answer on the data, each with as many rows as the library gives for the lookup."""
    from benchmarks import load
    from warkg.catalogue import run as querying
    from warkg.engines.opening import open_graph

    expected = len(querying.run_sparql(open_graph("oxigraph"), load.LOOKUP))
    assert expected == 7
    data = tmp_path / "graph.nt"
    open_graph("rdflib").graph.serialize(data, format="nt", encoding="utf-8")
    answer = json.dumps(
        {"head": {"vars": ["p", "o"]}, "results": {"bindings": [{}] * expected}}
    ).encode()
    job = load.Job("lookup", load.LOOKUP.encode(), expected)
    for hop, query in ((0, None), (2, None), (2, data)):
        with load.floor_server(answer, tmp_path, hop, query) as (_, port):
            status, body = load._post(port, "/", load.LOOKUP)
            assert load._check(job, status, body) is None, (hop, query, body[:200])
            if query is None:
                assert body == answer
            else:  # pyoxigraph's own JSON: real terms, not the fixed bytes
                rows = json.loads(body)["results"]["bindings"]
                assert {row["p"]["type"] for row in rows} == {"uri"}
