#!/usr/bin/env python3
"""A bounded load test of `warkg serve` on loopback, beside `oxigraph serve-read-only` on
the same data, in the same run.

Both servers run side by side and are loaded in turn, never together: `--clients`
closed-loop clients, each with one keep-alive connection, first `--warmup` seconds on
each (not counted), then `--duration` seconds on each, split into `--rounds` turns that
alternate between the servers, so that both get the same share of whatever else the
machine is doing (on a busy machine, measuring one server after the other made the
second look slower or faster by chance). Both get the same requests: every stored
query with its default parameters bound by a trailing VALUES block (as `warkg query
--backend remote` sends them), plus one lookup SELECT, POSTed as
`application/sparql-query` for SPARQL JSON results, in turn. Every answer is checked:
status 200 and as many rows as the library gives for that query; anything else is an
error. Before the warm-up each server answers every request once, one after another,
checked the same way (`checked` in the JSON), so every kind is checked however few
requests a slow machine gets through in the timed phases.

The Oxigraph store holds exactly what `warkg serve` serves: its `/graph.nt` download,
loaded with `oxigraph load` into a temporary directory (and the triple counts compared).

Reported per server: requests, throughput (req/s), latency p50/p90/p99/max, errors, and
the resident memory (RSS summed over the server's process tree: the server, its
forkserver and its workers) at the start and end of the measured phase and its maximum
(sampled every 0.25 s); and the warkg/oxigraph ratios. As tables on standard output
and, with `--json FILE`, as JSON.

Exit codes: 0 ok; 1 some request failed, or the warkg tree's RSS grew during the
measured phase by more than `--max-growth-mb`; 2 a server could not be started or set up.

    python -m benchmarks.load                         # 8 clients, 20 s on each server
    python -m benchmarks.load --duration 3 --clients 4 --json /tmp/load.json

Only the standard library and warkg (installed) are used; the `oxigraph` command comes
with the test extra (the PyPI `oxigraph` package).
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import queue
import re
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_CLIENTS = 8
DEFAULT_DURATION = 20.0
DEFAULT_WARMUP = 2.0
DEFAULT_ROUNDS = 4
DEFAULT_MAX_GROWTH_MB = 64.0
"""How much the warkg server tree's RSS may grow from the start of the measured phase to
its end. Workers hold the data from the start and each caches at most 256 prepared
queries (`warkg.sparql.checks.prepare`), so steady serving should stay far below this."""

PAGE_SIZE = os.sysconf("SC_PAGE_SIZE")
ANNOUNCEMENT = re.compile(r"^warkg serve: (http://127\.0\.0\.1:(\d+))/ ")
LOOKUP = """PREFIX ref: <https://w3id.org/warkg/id/reference/>
SELECT ?p ?o WHERE { ref:57 ?p ?o } ORDER BY ?p ?o"""
"""The simple SELECT: one subject's triples, the kind of lookup a page makes."""


# ---- what is sent -----------------------------------------------------------------------


@dataclass(frozen=True)
class Job:
    """One kind of request: its name, the query text, and the row count the library
    gives for it (every answer must have exactly that many)."""

    name: str
    body: bytes
    rows: int
    stored: str | None = None
    """For a stored query: warkg's own URL for it (`/queries/NAME`), which `--sweep`
    GETs from warkg while Oxigraph gets the same query text."""


def request_mix() -> list[Job]:
    """The stored queries (default parameters bound by VALUES) and the lookup, with the
    rows the library's pyoxigraph backend returns for each."""
    from warkg.catalogue import run as querying
    from warkg.catalogue import stored as stored_queries
    from warkg.engines.opening import open_graph
    from warkg.engines.remote import values_block

    backend = open_graph("oxigraph")
    jobs = []
    for query in stored_queries.list_queries():
        bindings = stored_queries.bind(query, {})
        text = query.text + (values_block(bindings) if bindings else "")
        rows = len(querying.run_query(backend, query))
        jobs.append(Job(query.name, text.encode("utf-8"), rows, f"/queries/{query.name}"))
    lookup = len(querying.run_sparql(backend, LOOKUP))
    jobs.append(Job("lookup", LOOKUP.encode("utf-8"), lookup))
    return jobs


# ---- the clients ------------------------------------------------------------------------


@dataclass
class Tally:
    """What one client saw: latency per job name (seconds) and its errors."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: list[str] = field(default_factory=list)


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def _check(job: Job, status: int, body: bytes) -> str | None:
    """Why the answer is wrong, or None."""
    if status != 200:
        return f"{job.name}: HTTP {status}: {body[:200].decode('utf-8', 'replace').strip()}"
    try:
        rows = len(json.loads(body)["results"]["bindings"])
    except (ValueError, KeyError, TypeError) as error:
        return f"{job.name}: unreadable answer ({error})"
    if rows != job.rows:
        return f"{job.name}: {rows} rows, the library gives {job.rows}"
    return None


def client(
    port: int,
    path: str,
    jobs: list[Job],
    offset: int,
    stop: float,
    measure_from: float,
    stored: bool = False,
) -> Tally:
    """Send jobs in turn (starting at `offset`) until `stop`; count what ends after
    `measure_from`. With `stored`, stored queries are GET from their own URL."""
    tally = Tally()
    headers = {
        "Content-Type": "application/sparql-query",
        "Accept": "application/sparql-results+json",
        # each client its own, as behind a reverse proxy (warkg trusts loopback's)
        "X-Forwarded-For": f"10.77.{offset // 250}.{offset % 250 + 1}",
    }
    connection = _connect(port)
    turn = offset
    while (started := time.monotonic()) < stop:
        job = jobs[turn % len(jobs)]
        turn += 1
        try:
            if stored and job.stored:
                get = {k: v for k, v in headers.items() if k != "Content-Type"}
                connection.request("GET", job.stored, headers=get)
            else:
                connection.request("POST", path, body=job.body, headers=headers)
            response = connection.getresponse()
            status, body = response.status, response.read()
            problem = _check(job, status, body)
        except (OSError, http.client.HTTPException) as error:
            problem = f"{job.name}: {type(error).__name__}: {error}"
            connection.close()
            connection = _connect(port)
        ended = time.monotonic()
        if started < measure_from:
            continue
        if problem:
            tally.errors.append(problem)
        else:
            tally.latencies.setdefault(job.name, []).append(ended - started)
    connection.close()
    return tally


# ---- memory -----------------------------------------------------------------------------


def process_tree(root: int) -> set[int]:
    """`root` and every process below it (from /proc's parent pids)."""
    parents: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as stat:
                    parents[int(entry)] = int(stat.read().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
    tree, grew = {root}, True
    while grew:
        more = {pid for pid, parent in parents.items() if parent in tree} - tree
        tree |= more
        grew = bool(more)
    return tree


def tree_rss_mb(root: int) -> float:
    """Resident memory of `root`'s process tree, in MiB (shared pages counted in each
    process, as `ps` does)."""
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/statm") as statm:
                total += int(statm.read().split()[1])
        except OSError:
            continue
    return total * PAGE_SIZE / 2**20


def tree_pss_mb(root: int) -> float:
    """Proportional memory of `root`'s tree, in MiB: pages shared by several processes
    (the workers' copy-on-write pages from the forkserver) counted once in all."""
    total = 0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
        except OSError:
            continue
    return total / 1024


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(root: int) -> tuple[float, float]:
    """CPU time (user + system) used so far by `root` alone and by its whole tree, in
    seconds, from /proc (processes that ended meanwhile are not counted)."""
    own = total = 0.0
    for pid in process_tree(root):
        try:
            with open(f"/proc/{pid}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        seconds = (int(fields[11]) + int(fields[12])) / CLOCK_TICKS
        total += seconds
        if pid == root:
            own = seconds
    return own, total


class Sampler:
    """Samples the tree's RSS every `interval` seconds in a thread; `peak` is the most."""

    def __init__(self, root: int, interval: float = 0.25) -> None:
        self.root, self.interval = root, interval
        self.peak = tree_rss_mb(root)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.peak = max(self.peak, tree_rss_mb(self.root))

    def __enter__(self) -> Sampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.peak = max(self.peak, tree_rss_mb(self.root))


# ---- one server under load --------------------------------------------------------------


def _percentile(ordered: list[float], share: float) -> float:
    """The nearest-rank percentile of sorted samples (0 when there are none)."""
    if not ordered:
        return 0.0
    rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
    return ordered[rank - 1]


def _latency_ms(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    return {
        name: round(_percentile(ordered, share) * 1000, 2)
        for name, share in (("p50", 0.50), ("p90", 0.90), ("p99", 0.99), ("max", 1.0))
    }


@dataclass(frozen=True)
class Target:
    """A server under test: its name, process id (the root of its tree), port, path."""

    name: str
    pid: int
    port: int
    path: str
    stored: bool = False


def check_each(target: Target, jobs: list[Job]) -> dict[str, str]:
    """Every job sent once, one after another, and its answer checked: what the timed
    phases answer depends on the machine's speed (a slow query may never come round in a
    short run), this does not. Job name -> "ok" or why the answer is wrong."""
    connection = _connect(target.port)
    checked = {}
    try:
        for job in jobs:
            try:
                connection.request(
                    "POST",
                    target.path,
                    body=job.body,
                    headers={
                        "Content-Type": "application/sparql-query",
                        "Accept": "application/sparql-results+json",
                    },
                )
                response = connection.getresponse()
                problem = _check(job, response.status, response.read())
            except (OSError, http.client.HTTPException) as error:
                problem = f"{job.name}: {type(error).__name__}: {error}"
                connection.close()
                connection = _connect(target.port)
            checked[job.name] = problem or "ok"
    finally:
        connection.close()
    return checked


def run_clients(
    target: Target, jobs: list[Job], clients: int, seconds: float, measured: bool = True
) -> tuple[list[Tally], float]:
    """`clients` clients on `target` for `seconds`; their tallies (empty when not
    `measured`: a warm-up) and the seconds until the last answer came."""
    start = time.monotonic()
    stop = start + seconds
    measure_from = start if measured else stop
    tallies: queue.Queue[Tally] = queue.Queue()
    threads = [
        threading.Thread(
            target=lambda i=i: tallies.put(
                client(target.port, target.path, jobs, i, stop, measure_from, target.stored)
            ),
            daemon=True,
        )
        for i in range(clients)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    elapsed = max(time.monotonic(), stop) - start
    return [tallies.get() for _ in range(tallies.qsize())], elapsed


def summarise(
    target: Target, jobs: list[Job], tallies: list[Tally], seconds: float, rss: dict
) -> dict[str, Any]:
    latencies: dict[str, list[float]] = {}
    errors: list[str] = []
    for tally in tallies:
        errors += tally.errors
        for job, samples in tally.latencies.items():
            latencies.setdefault(job, []).extend(samples)
    every = [s for samples in latencies.values() for s in samples]
    return {
        "server": target.name,
        "requests": len(every) + len(errors),
        "errors": len(errors),
        "first_errors": errors[:5],
        "seconds": round(seconds, 2),
        "throughput": round((len(every) + len(errors)) / seconds, 1),
        "latency_ms": _latency_ms(every),
        "per_query": {
            job.name: {
                "requests": len(latencies.get(job.name, [])),
                **_latency_ms(latencies.get(job.name, [])),
            }
            for job in jobs
        },
        "rss_mb": {key: round(value, 1) for key, value in rss.items()},
    }


def load(targets: list[Target], jobs: list[Job], args: argparse.Namespace) -> dict[str, Any]:
    """Warm each server up, then measure them in turn, `--rounds` times each, so both see
    the same share of whatever else the machine is doing; memory sampled throughout."""
    idle = {t.name: tree_rss_mb(t.pid) for t in targets}
    checked = {t.name: check_each(t, jobs) for t in targets}
    for target in targets:
        run_clients(target, jobs, args.clients, args.warmup, measured=False)
    start = {t.name: tree_rss_mb(t.pid) for t in targets}
    samplers = {t.name: Sampler(t.pid) for t in targets}
    tallies: dict[str, list[Tally]] = {t.name: [] for t in targets}
    seconds = dict.fromkeys(tallies, 0.0)
    cpu = {t.name: [0.0, 0.0] for t in targets}  # the root process's, the tree's
    with contextlib.ExitStack() as sampling:
        for sampler in samplers.values():
            sampling.enter_context(sampler)
        for _ in range(args.rounds):
            for target in targets:
                before = cpu_seconds(target.pid)
                found, elapsed = run_clients(
                    target, jobs, args.clients, args.duration / args.rounds
                )
                after = cpu_seconds(target.pid)
                tallies[target.name] += found
                seconds[target.name] += elapsed
                for i in (0, 1):
                    cpu[target.name][i] += after[i] - before[i]
    summaries = {}
    for target in targets:
        end = tree_rss_mb(target.pid)
        rss = {
            "idle": idle[target.name],
            "start": start[target.name],
            "end": end,
            "max": max(samplers[target.name].peak, start[target.name], end),
            "growth": end - start[target.name],
        }
        summary = summarise(target, jobs, tallies[target.name], seconds[target.name], rss)
        summary["checked"] = checked[target.name]
        served = max(summary["requests"], 1)
        own, tree = cpu[target.name]
        summary["cpu_ms_per_request"] = {
            "server": round(own * 1000 / served, 3),
            "tree": round(tree * 1000 / served, 3),
        }
        summaries[target.name] = summary
    return summaries


# ---- the servers ------------------------------------------------------------------------


class SetupError(Exception):
    """A server that could not be started or loaded: exit 2."""


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@contextmanager
def warkg_server(workers: int | None) -> Iterator[tuple[int, int]]:
    """`python -m warkg serve --port 0` (as a user runs it); yields (pid, port)."""
    extra = ["--workers", str(workers)] if workers else []
    extra += ["--trusted-proxy", "127.0.0.1"]  # the clients' X-Forwarded-For: one client each
    process = subprocess.Popen(
        [sys.executable, "-m", "warkg", "serve", "--port", "0", *extra],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()

    def drain() -> None:  # keep reading, so the server never blocks on a full pipe
        assert process.stderr is not None
        for line in process.stderr:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline, port = time.monotonic() + 120, None
        while port is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise SetupError("warkg serve printed no URL within 120 s") from None
            if line is None:
                raise SetupError(f"warkg serve exited with {process.wait()}")
            if match := ANNOUNCEMENT.match(line):
                port = int(match.group(2))
        yield process.pid, port
    finally:
        _stop(process)


def oxigraph_command() -> str:
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise SetupError("the `oxigraph` command is missing: pip install -e '.[test]'")
    return found


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _post(port: int, path: str, query: str) -> tuple[int, bytes]:
    connection = _connect(port)
    try:
        connection.request(
            "POST",
            path,
            body=query.encode(),
            headers={
                "Content-Type": "application/sparql-query",
                "Accept": "application/sparql-results+json",
            },
        )
        response = connection.getresponse()
        return response.status, response.read()
    finally:
        connection.close()


COUNT = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"


def triple_count(port: int, path: str) -> int:
    status, body = _post(port, path, COUNT)
    if status != 200:
        raise SetupError(f"counting triples on port {port}: HTTP {status}")
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def download(port: int, path: str, target: Path) -> None:
    connection = _connect(port)
    try:
        connection.request("GET", path)
        response = connection.getresponse()
        if response.status != 200:
            raise SetupError(f"GET {path}: HTTP {response.status}")
        target.write_bytes(response.read())
    finally:
        connection.close()


@contextmanager
def oxigraph_server(data: Path, directory: Path) -> Iterator[tuple[int, int]]:
    """`oxigraph load` `data` into a store under `directory`, then `oxigraph
    serve-read-only` on it on a free loopback port; yields (pid, port)."""
    command = oxigraph_command()
    location = directory / "oxigraph"
    loaded = subprocess.run(
        [command, "load", "--location", str(location), "--file", str(data)],
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
    )
    if loaded.returncode != 0:
        raise SetupError(f"oxigraph load failed: {loaded.stderr.strip()}")
    port = _free_port()
    serve = [command, "serve-read-only", "--location", str(location), "--bind", f"127.0.0.1:{port}"]
    with _answering(serve, port, "/query", "ASK {}", "oxigraph serve-read-only") as pid:
        yield pid, port


@contextmanager
def _answering(argv: list[str], port: int, path: str, query: str, name: str) -> Iterator[int]:
    """`argv` started, and its pid yielded once it answers `query` POSTed to `path` on
    `port` with 200 (SetupError if it exits or has not within 30 s); stopped after."""
    process = subprocess.Popen(
        argv, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if _post(port, path, query)[0] == 200:
                    break
            except OSError:
                pass
            if process.poll() is not None:
                raise SetupError(f"{name} exited with {process.returncode}")
            if time.monotonic() > deadline:
                raise SetupError(f"{name} did not answer within 30 s")
            time.sleep(0.05)
        yield process.pid
    finally:
        _stop(process)


@contextmanager
def floor_server(
    answer: bytes, directory: Path, hop: int = 0, data: Path | None = None
) -> Iterator[tuple[int, int]]:
    """`floor_server.py` (uvicorn, httptools, uvloop; fixed bytes for every POST, through
    `hop` worker processes if not 0, which run the query on `data` if given) on a free
    loopback port, answering `answer`; yields (pid, port)."""
    saved = directory / "floor-answer.json"
    saved.write_bytes(answer)
    port = _free_port()
    script = str(Path(__file__).with_name("floor_server.py"))
    query = ["--query", str(data)] if data else []
    argv = [sys.executable, script, str(port), str(saved), "--hop", str(hop), *query]
    with _answering(argv, port, "/", LOOKUP, "floor_server.py") as pid:
        yield pid, port


# ---- the run ----------------------------------------------------------------------------


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    jobs = request_mix()
    results: dict[str, Any] = {
        "clients": args.clients,
        "duration": args.duration,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "max_growth_mb": args.max_growth_mb,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "requests": {job.name: job.rows for job in jobs},
        "servers": {},
    }
    with tempfile.TemporaryDirectory(prefix="warkg-load-") as scratch:
        data = Path(scratch) / "graph.nt"
        with warkg_server(args.workers) as (pid, port):
            warkg = Target("warkg", pid, port, "/sparql")
            download(port, "/graph.nt", data)
            warkg_triples = triple_count(port, warkg.path)
            with oxigraph_server(data, Path(scratch)) as (pid, port):
                oxigraph = Target("oxigraph", pid, port, "/query")
                oxigraph_triples = triple_count(port, oxigraph.path)
                if oxigraph_triples != warkg_triples:
                    raise SetupError(
                        f"oxigraph holds {oxigraph_triples} triples, warkg {warkg_triples}"
                    )
                results["servers"] = load([warkg, oxigraph], jobs, args)
        results["triples"] = warkg_triples
    warkg, oxigraph = results["servers"]["warkg"], results["servers"]["oxigraph"]
    results["ratio_warkg_to_oxigraph"] = {
        "throughput": round(warkg["throughput"] / max(oxigraph["throughput"], 1e-9), 3),
        "p50": round(warkg["latency_ms"]["p50"] / max(oxigraph["latency_ms"]["p50"], 1e-9), 2),
        "p99": round(warkg["latency_ms"]["p99"] / max(oxigraph["latency_ms"]["p99"], 1e-9), 2),
    }
    problems = [
        f"{name}: {s['errors']} failed requests, e.g. {s['first_errors'][0]}"
        for name, s in results["servers"].items()
        if s["errors"]
    ]
    problems += [
        f"{name}: {why}"
        for name, s in results["servers"].items()
        for why in s["checked"].values()
        if why != "ok"
    ]
    if warkg["rss_mb"]["growth"] > args.max_growth_mb:
        problems.append(
            f"warkg: RSS grew {warkg['rss_mb']['growth']} MiB during the run "
            f"(bound {args.max_growth_mb:g} MiB)"
        )
    results["problems"] = problems
    results["ok"] = not problems
    return results


SWEEP_CONCURRENCY = (1, 8, 32)
FLOOR_HOP_WORKERS = 4
"""As many worker processes as `warkg serve` starts by default."""
FLOORS = ("floor", "floor+hop", "floor+query")


def sweep(args: argparse.Namespace) -> dict[str, Any]:
    """`--sweep`: throughput of both servers at each concurrency in SWEEP_CONCURRENCY, on
    the stored queries (warkg: GET /queries/NAME; Oxigraph: the same text POSTed) and on
    the lookup SELECT (both POSTed), side by side in one run; and the memory of each
    server's process tree, resident (RSS, shared pages counted in every process) and
    proportional (PSS, shared pages counted once)."""
    jobs = request_mix()
    mixes = [("stored", [j for j in jobs if j.stored], True), ("select", jobs[-1:], False)]
    rows = []
    memory: dict[str, dict[str, float]] = {}
    with (
        tempfile.TemporaryDirectory(prefix="warkg-load-") as scratch,
        contextlib.ExitStack() as servers,
    ):
        data = Path(scratch) / "graph.nt"
        warkg_pid, warkg_port = servers.enter_context(warkg_server(args.workers))
        download(warkg_port, "/graph.nt", data)
        oxigraph_pid, oxigraph_port = servers.enter_context(oxigraph_server(data, Path(scratch)))
        status, answer = _post(warkg_port, "/sparql", LOOKUP)
        if status != 200:
            raise SetupError(f"warkg answered the lookup with HTTP {status}")
        floors = {
            name: servers.enter_context(floor_server(answer, Path(scratch), hop, query))
            for name, hop, query in (
                ("floor", 0, None),
                ("floor+hop", FLOOR_HOP_WORKERS, None),
                ("floor+query", FLOOR_HOP_WORKERS, data),
            )
        }
        pids = {"warkg": warkg_pid, "oxigraph": oxigraph_pid}
        pids.update({name: pid for name, (pid, _) in floors.items()})
        for mix, mix_jobs, stored in mixes:
            for clients in SWEEP_CONCURRENCY:
                targets = [
                    Target("warkg", warkg_pid, warkg_port, "/sparql", stored),
                    Target("oxigraph", oxigraph_pid, oxigraph_port, "/query"),
                ]
                if mix == "select":  # the floors know only the lookup's answer
                    for name, (pid, port) in floors.items():
                        targets.append(Target(name, pid, port, "/"))
                run = argparse.Namespace(**{**vars(args), "clients": clients})
                found = load(targets, mix_jobs, run)
                w, o = found["warkg"], found["oxigraph"]

                def ratio(name: str, found: dict = found, o: dict = o) -> float | None:
                    if name not in found:
                        return None
                    return round(found[name]["throughput"] / max(o["throughput"], 1e-9), 3)

                rows.append(
                    {
                        "mix": mix,
                        "clients": clients,
                        "warkg_rps": w["throughput"],
                        "oxigraph_rps": o["throughput"],
                        "ratio": ratio("warkg"),
                        **{
                            f"{name}_rps": found[name]["throughput"] if name in found else None
                            for name in floors
                        },
                        **{f"{name}_ratio": ratio(name) for name in floors},
                        "cpu_ms_per_request": {
                            name: summary["cpu_ms_per_request"] for name, summary in found.items()
                        },
                        "warkg_p99_ms": w["latency_ms"]["p99"],
                        "oxigraph_p99_ms": o["latency_ms"]["p99"],
                        "errors": sum(s["errors"] for s in found.values()),
                        "first_errors": [e for s in found.values() for e in s["first_errors"]],
                    }
                )
        for name, pid in pids.items():
            memory[name] = {
                "rss_mb": round(tree_rss_mb(pid), 1),
                "pss_mb": round(tree_pss_mb(pid), 1),
            }
    bound = {kind: round(2 * memory["oxigraph"][kind] + 100, 1) for kind in ("rss_mb", "pss_mb")}
    return {
        "command": " ".join(["python", "-m", "benchmarks.load", *sys.argv[1:]]),
        "duration": args.duration,
        "warmup": args.warmup,
        "rounds": args.rounds,
        "workers": args.workers,
        "cpus": os.cpu_count(),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "rows": rows,
        "memory": memory,
        "memory_bound": bound,
        "ok": not any(r["errors"] for r in rows),
    }


def sweep_table(results: dict[str, Any]) -> str:
    lines = [
        f"`{results['command']}`: {results['duration']:g} s measured per server and "
        f"setting (in {results['rounds']} alternating turns) after {results['warmup']:g} s "
        f"warm-up; {results['cpus']} CPUs, load average {results['load_average']} at the end",
        "",
        "| requests | clients | warkg req/s | oxigraph req/s | warkg/oxigraph | "
        "floor req/s | floor/oxigraph | floor+hop req/s | floor+hop/oxigraph | "
        "floor+query req/s | floor+query/oxigraph | warkg p99 ms | oxigraph p99 ms | errors |",
        "|---|---|---|---|---|---|---|---|---|---|---|---|---|---|",
    ]

    def cell(value: object) -> str:
        return "-" if value is None else str(value)

    for r in results["rows"]:
        lines.append(
            f"| {r['mix']} | {r['clients']} | {r['warkg_rps']} | {r['oxigraph_rps']} | "
            f"{r['ratio']} | {cell(r.get('floor_rps'))} | {cell(r.get('floor_ratio'))} | "
            f"{cell(r.get('floor+hop_rps'))} | {cell(r.get('floor+hop_ratio'))} | "
            f"{cell(r.get('floor+query_rps'))} | {cell(r.get('floor+query_ratio'))} | "
            f"{r['warkg_p99_ms']} | {r['oxigraph_p99_ms']} | {r['errors']} |"
        )
    memory, bound = results["memory"], results["memory_bound"]
    names = [name for name in ("warkg", "oxigraph", *FLOORS) if name in memory]
    lines += [
        "",
        "CPU per request, in ms (user + system from /proc over the measured turns, divided "
        "by the requests answered; the clients' own CPU not included): the server process "
        "/ its whole tree (workers included).",
        "",
        "| requests | clients | " + " | ".join(names) + " |",
        "|---|---|" + "---|" * len(names),
    ]
    for r in results["rows"]:
        cpu = r.get("cpu_ms_per_request", {})
        cells = [
            f"{cpu[name]['server']} / {cpu[name]['tree']}" if name in cpu else "-" for name in names
        ]
        lines.append(f"| {r['mix']} | {r['clients']} | " + " | ".join(cells) + " |")
    lines += [
        "",
        "The floors (benchmarks/floor_server.py): uvicorn with httptools on uvloop, as warkg "
        "serve runs it, answering every POST with warkg's answer to the lookup as fixed "
        "bytes: no routing, no check, no query. floor: in one process; floor+hop: the "
        f"request body sent to one of {FLOOR_HOP_WORKERS} worker processes over a socket "
        "pair and their reply (the fixed bytes) sent back, the least a server that runs "
        "queries in processes it can kill adds; floor+query: the same workers run the "
        "query in pyoxigraph on the same data and write the solutions with pyoxigraph's "
        "JSON writer (an endpoint with killable workers and nothing else: no check, no "
        "limit, no content negotiation).",
        "",
        "| memory of the process tree | "
        + " | ".join(f"{name} MiB" for name in names)
        + " | goal (2x oxigraph + 100) |",
        "|---|" + "---|" * (len(names) + 1),
    ]
    for kind, label in (("rss_mb", "RSS"), ("pss_mb", "PSS")):
        lines.append(
            f"| {label} | "
            + " | ".join(str(memory[name][kind]) for name in names)
            + f" | {bound[kind]} |"
        )
    return "\n".join(lines)


def table(results: dict[str, Any]) -> str:
    """The summary as Markdown tables: per server, then p50 per request kind."""
    lines = [
        f"{results['clients']} clients, {results['duration']:g} s measured per server "
        f"(in {results['rounds']} turns each) after {results['warmup']:g} s warm-up, "
        f"{results['triples']} triples, "
        f"{results['cpus']} CPUs, load average {results['load_average'][0]} at start",
        "",
        "| server | requests | req/s | p50 ms | p90 ms | p99 ms | max ms | errors "
        "| RSS start MiB | RSS end MiB | RSS max MiB |",
        "|---|---|---|---|---|---|---|---|---|---|---|",
    ]
    for name, s in results["servers"].items():
        latency, rss = s["latency_ms"], s["rss_mb"]
        lines.append(
            f"| {name} | {s['requests']} | {s['throughput']} | {latency['p50']} | "
            f"{latency['p90']} | {latency['p99']} | {latency['max']} | {s['errors']} | "
            f"{rss['start']} | {rss['end']} | {rss['max']} |"
        )
    ratio = results["ratio_warkg_to_oxigraph"]
    lines += [
        "",
        f"warkg/oxigraph: throughput {ratio['throughput']}, p50 {ratio['p50']}, p99 {ratio['p99']}",
        "",
        "| request | rows | warkg p50 ms | warkg p99 ms | oxigraph p50 ms | oxigraph p99 ms |",
        "|---|---|---|---|---|---|",
    ]
    warkg, oxigraph = results["servers"]["warkg"], results["servers"]["oxigraph"]
    for name, rows in results["requests"].items():
        w, o = warkg["per_query"][name], oxigraph["per_query"][name]
        lines.append(f"| {name} | {rows} | {w['p50']} | {w['p99']} | {o['p50']} | {o['p99']} |")
    lines += ["", "OK" if results["ok"] else "FAILED: " + "; ".join(results["problems"])]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--clients",
        type=int,
        default=DEFAULT_CLIENTS,
        help=f"concurrent clients (default {DEFAULT_CLIENTS})",
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=DEFAULT_DURATION,
        help=f"seconds measured per server (default {DEFAULT_DURATION:g})",
    )
    parser.add_argument(
        "--warmup",
        type=float,
        default=DEFAULT_WARMUP,
        help=f"seconds of load before measuring (default {DEFAULT_WARMUP:g})",
    )
    parser.add_argument(
        "--rounds",
        type=int,
        default=DEFAULT_ROUNDS,
        help="measure the servers in turn this many times each, the duration "
        f"split between them (default {DEFAULT_ROUNDS})",
    )
    parser.add_argument(
        "--workers",
        type=int,
        default=None,
        help="warkg serve --workers (default: the server's default)",
    )
    parser.add_argument(
        "--max-growth-mb",
        type=float,
        default=DEFAULT_MAX_GROWTH_MB,
        help="fail if warkg's RSS grows more than this during the run "
        f"(default {DEFAULT_MAX_GROWTH_MB:g})",
    )
    parser.add_argument(
        "--sweep",
        action="store_true",
        help="instead of the mix: stored queries and the lookup SELECT apart, at "
        f"{', '.join(map(str, SWEEP_CONCURRENCY))} clients each",
    )
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    if args.clients < 1 or args.rounds < 1 or args.duration <= 0 or args.warmup < 0:
        parser.error(
            "--clients and --rounds must be at least 1, --duration positive, --warmup not negative"
        )
    if args.sweep:
        try:
            results = sweep(args)
        except SetupError as error:
            print(f"load.py: {error}", file=sys.stderr)
            return 2
        print(sweep_table(results))
        if args.json:
            args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
        return 0 if results["ok"] else 1
    try:
        results = benchmark(args)
    except SetupError as error:
        print(f"load.py: {error}", file=sys.stderr)
        return 2
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
