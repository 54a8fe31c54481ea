#!/usr/bin/env python3
"""Benchmark the whole warkg pipeline on the real article graph and on synthetic graphs.

One run measures, on each dataset (the article and the synthetic sizes chosen with
``--sizes``):

- cold processes: ``warkg validate`` and the main job, ``warkg query casualty-figures``,
  on each backend (rdflib, oxigraph, and the Oxigraph server through ``--endpoint``);
- load: the dataset's N-Triples (data + ontology) into rdflib, pyoxigraph, and the
  Oxigraph server (Graph Store Protocol PUT);
- every stored query, through ``warkg.catalogue.run.execute``, on each backend;
- SHACL validation with ``warkg.validation.api.validate``: accelerated (the default: each
  SPARQL constraint parsed once, marked SPARQL targets answered by pyoxigraph) and plain
  pySHACL (``accelerate=False``, the reference), and pyshacl-turbo when installed (timed
  and compared only: warkg does not use it);
- OWL 2 RL reasoning with ``warkg.reasoning.closure.reason``: owlrl and reasonable, their
  data-level closures compared.

Every measured job runs in a child process of its own, bounded by a timeout, and reports
its peak memory: the largest Pss of its process group (the job and any workers it
forks), sampled every 0.5 s, or the largest VmHWM of any one of them, read every 20 ms,
where that is higher. Runs are
repeated (``--repeats``, within ``--budget`` seconds per item); results give the median,
min and max. A job that would take absurdly long is skipped with the reason written into
the results. Output: ``results/results.json``, ``results/results.md`` and
``results/scaling.png`` (log-log time against graph size per job).

    python -m benchmarks.run                      # article, 10k, 100k, 1M (tens of minutes)
    python -m benchmarks.run --quick              # article and 10k, few repeats (a smoke run)
    python -m benchmarks.run --sizes article,100k --repeats 3

A full run ends with the cold-start comparison (``cold_start.py``, each command against
the floor of its work, into ``results/cold-start.md``); ``--cold-start`` runs only that.

Needs the `bench` extra (matplotlib) for the plot, and the `oxigraph` command (test
extra) for the server; without it the server backend is skipped, and so noted.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as _dt
import gc
import hashlib
import importlib.util
import json
import math
import os
import platform
import resource
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
SIZES = {"article": 0, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
BACKENDS = ("rdflib", "oxigraph", "server")
SHACL_ENGINES = ("pyshacl", "pyshacl-plain", "pyshacl-turbo")
REASONERS = ("owlrl", "reasonable")
MAIN_QUERY = "casualty-figures"
ID_BASE = "https://w3id.org/warkg/id/"

# Jobs skipped by size, with the reason written into the results. Each is an estimate
# from measurements on smaller sizes (see benchmarks/README.md), not a guess.
SKIPS: dict[tuple[str, ...], str] = {
    ("reason", "owlrl", "1m"): (
        "owlrl took 54 s at 100k triples on the quiet machine (about 90 s on a busy one) "
        "and grows faster than linearly; at 1M it would run for well over the job timeout"
    ),
    ("queries", "rdflib", "1m", "side-by-side-figures"): (
        "rdflib does not join on the shared ?war first: 0.26-0.48 s at 10k and 24-34 s at "
        "100k (x70-x92 for x10 data), so half an hour or more at 1M; pyoxigraph runs it in "
        "well under 1 s"
    ),
    ("queries", "rdflib", "1m", "conflicting-figures"): (
        "rdflib took 0.6 s CPU at 10k and 39 s at 100k (x65 for x10 data; issue 17, load "
        "average 7-11) for the same-population pairs, so most of an hour at 1M; pyoxigraph "
        "runs it in 0.13 s at 100k"
    ),
    ("shacl", "pyshacl-turbo", "1m"): (
        "pyshacl-turbo took 425 s at 1M here (against 4 s at 100k), and its results differ "
        "from pySHACL's at every size with planted violations, so warkg does not use it"
    ),
    ("shacl", "pyshacl-plain", "1m"): (
        "plain pySHACL re-parses each SPARQL constraint once per focus node (~13 ms x "
        "~50,000 focus nodes at 1M, about 11 minutes) and evaluates the used-term target "
        "with rdflib (0.6 s on the 4.5k-triple article, so minutes at 1M)"
    ),
}

# Targets from the issue: (id, description, limit, unit).
TARGETS = [
    ("cold-validate", "cold `warkg validate` on the article graph", 1.5, "s"),
    (
        "cold-main-job",
        "cold main-job command (`warkg query casualty-figures`, default backend)",
        1.0,
        "s",
    ),
    ("article-queries", "default path on the article graph: every stored query", 0.020, "s"),
    ("1m-load", "1M, fast path: load (pyoxigraph)", 5.0, "s"),
    ("1m-queries", "1M, fast path: every stored query (pyoxigraph)", 1.0, "s"),
    ("1m-shacl", "1M, fast path: SHACL validation", 60.0, "s"),
    ("1m-shacl-memory", "1M, fast path: SHACL peak memory", 4096.0, "MB"),
    ("1m-reason", "1M, fast path: OWL RL reasoning (reasonable)", 30.0, "s"),
    ("100k-load-ratio", "100k: pyoxigraph vs rdflib, load", 10.0, "x"),
    ("100k-query-ratio", "100k: pyoxigraph vs rdflib, every stored query", 10.0, "x"),
]


# ---- small helpers ------------------------------------------------------------------------


def summarise(samples: list[float]) -> dict[str, Any]:
    """Median, min, max, n (and the samples) of a list of seconds."""
    if not samples:
        return {"n": 0}
    return {
        "median": statistics.median(samples),
        "min": min(samples),
        "max": max(samples),
        "n": len(samples),
        "samples": [round(s, 6) for s in samples],
    }


def digest(lines: list[str]) -> str:
    """An order-insensitive fingerprint of a list of strings."""
    h = hashlib.sha256()
    for line in sorted(lines):
        h.update(line.encode("utf-8"))
        h.update(b"\n")
    return h.hexdigest()[:16]


def emit(**event: Any) -> None:
    """A worker's report line (the parent reads JSON lines from the worker's stdout)."""
    print(json.dumps(event), flush=True)


def peak_rss_mb() -> float:
    """This process's peak resident memory (VmHWM). Not getrusage's ru_maxrss: Linux
    carries that across exec, so a child started by a large parent reports the
    parent's peak."""
    peak = process_peak_mb(os.getpid())
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _group_members(group: int) -> list[str]:
    """The /proc entries of the processes in process group `group`."""
    members = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                stat = Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
            except (OSError, IndexError):
                continue
            if int(stat[2]) == group:  # field 5, pgrp
                members.append(entry)
    return members


def _status_kb(entry: str, field: str, source: str = "status") -> int:
    try:
        for line in Path(f"/proc/{entry}/{source}").read_text().splitlines():
            if line.startswith(field):
                return int(line.split()[1])
    except (OSError, IndexError, ValueError):
        pass
    return 0


class MemorySampler:
    """The peak memory of a process group while a job runs: the largest proportional
    resident memory (Pss) of all its processes together, a job and the workers it
    forks with shared copy-on-write pages counted once, sampled every half second; or
    the largest peak (VmHWM) of any one of them, read every 20 ms, if that is higher
    (a run shorter than half a second). Reading Pss walks the page tables, so sampling
    it often costs the jobs measured time: the 1M-triple SHACL job took 59 s with Pss
    read every 50 ms, 43 s in a run without sampling."""

    def __init__(self, group: int) -> None:
        self.group, self.peak, self._stop = group, 0.0, threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def _sample(self) -> None:
        tick = 0
        while not self._stop.is_set():
            members = _group_members(self.group)
            high = max((_status_kb(m, "VmHWM:") for m in members), default=0)
            if tick % 25 == 0:
                pss = sum(_status_kb(m, "Pss:", "smaps_rollup") for m in members)
                high = max(high, pss)
            self.peak = max(self.peak, high / 1024)
            tick += 1
            self._stop.wait(0.02)

    def __enter__(self) -> MemorySampler:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()


def repeat(
    fn, repeats: int, budget: float, warmup: bool = False, setup=None
) -> tuple[list[float], Any]:
    """Time `fn` up to `repeats` times, stopping early once the next run would go past
    `budget` seconds in all (at least one run). With `warmup`, one untimed run first when
    it is quick (under a second), else that run counts. With `setup`, each run is
    `fn(setup())`, `setup` untimed (a fresh input for a job that changes its input)."""
    samples: list[float] = []
    value = None

    def once() -> tuple[float, Any]:
        given = () if setup is None else (setup(),)
        start = time.perf_counter()
        answer = fn(*given)
        return time.perf_counter() - start, answer

    if warmup:
        first, value = once()
        if first >= 1.0:
            samples.append(first)
    while len(samples) < repeats:
        if samples and sum(samples) + statistics.median(samples) > budget:
            break
        seconds, value = once()
        samples.append(seconds)
    return samples, value


# ---- datasets -----------------------------------------------------------------------------


def _generator():
    from benchmarks import generate

    return generate


def prepare_datasets(names: list[str], cache: Path) -> dict[str, dict[str, Any]]:
    """For each dataset: `data` (Turtle dir or N-Triples of the data alone), `nt` (data +
    ontology as one N-Triples file), triple count, manifest and query parameters."""
    from warkg.rdf import loading

    cache.mkdir(parents=True, exist_ok=True)
    ontology = loading.load_ontology()
    ontology_nt = cache / "ontology.nt"
    ontology_nt.write_bytes(ontology.serialize(format="nt", encoding="utf-8"))
    datasets: dict[str, dict[str, Any]] = {}
    for name in names:
        if name == "article":
            data = loading.load_data()
            nt = cache / "article.nt"
            nt.write_bytes((data + ontology).serialize(format="nt", encoding="utf-8"))
            datasets[name] = {
                "data": None,  # the shipped triples/
                "nt": str(nt),
                "triples": len(data + ontology),
                "data_triples": len(data),
                "params": {},  # the stored queries' defaults
                "manifest": None,
            }
            continue
        target = SIZES[name]
        synth = cache / f"synth-{target}.nt"
        manifest = cache / f"synth-{target}.json"
        if not (synth.exists() and manifest.exists()):
            generate = _generator()
            assert (
                generate.main(
                    [
                        "--triples",
                        str(target),
                        "--seed",
                        "1",
                        "--out",
                        str(synth),
                        "--manifest",
                        str(manifest),
                    ]
                )
                == 0
            )
        nt = cache / f"data-{target}.nt"
        with nt.open("wb") as out:
            out.write(ontology_nt.read_bytes())
            with synth.open("rb") as source:
                shutil.copyfileobj(source, out, 1 << 20)
        data_triples = sum(1 for _ in synth.open("rb"))
        datasets[name] = {
            "data": str(synth),
            "nt": str(nt),
            "triples": data_triples + len(ontology),
            "data_triples": data_triples,
            "params": _synthetic_params(nt),
            "manifest": str(manifest),
        }
    return datasets


def _synthetic_params(nt: Path) -> dict[str, str]:
    """Parameter values that exist in a synthetic graph: the first claim of war 1 that
    cites a reference, the first reference it cites, and war 1's first claimant."""
    import pyoxigraph

    store = pyoxigraph.Store()
    store.bulk_load(path=str(nt), format=pyoxigraph.RdfFormat.N_TRIPLES)
    w = "https://w3id.org/warkg/ontology/"
    war1 = f"{ID_BASE}synthetic-claim/w1-"

    def first(select: str) -> str:
        return next(iter(store.query(select)))[0].value

    claim = first(
        f"SELECT ?c WHERE {{ ?c <{w}hasReference> ?r "
        f'FILTER(STRSTARTS(STR(?c), "{war1}")) }} ORDER BY ?c LIMIT 1'
    )
    reference = first(
        f"SELECT ?n WHERE {{ <{claim}> <{w}hasReference>/<{w}referenceNumber> ?n }} "
        "ORDER BY ?n LIMIT 1"
    )
    claimant = first(
        f"SELECT ?a WHERE {{ ?c <{w}claimant> ?a "
        f'FILTER(STRSTARTS(STR(?c), "{war1}")) }} ORDER BY ?c ?a LIMIT 1'
    )
    return {"claim": claim, "claimant": claimant, "reference": reference}


# ---- the Oxigraph server ------------------------------------------------------------------


def oxigraph_command() -> str | None:
    beside = Path(sys.executable).with_name("oxigraph")
    return str(beside) if beside.exists() else shutil.which("oxigraph")


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def oxigraph_server(location: Path) -> Iterator[tuple[str, int]]:
    """`oxigraph serve` on a free 127.0.0.1 port; yields (query URL, pid)."""
    command = oxigraph_command()
    assert command is not None
    port = _free_port()
    process = subprocess.Popen(
        [command, "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                ask = urllib.parse.urlencode({"query": "ASK {}"})
                with urllib.request.urlopen(f"{url}?{ask}", timeout=1):
                    break
            except (urllib.error.URLError, OSError):
                if process.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError("oxigraph serve did not start") from None
                time.sleep(0.05)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def server_put(endpoint: str, nt: Path, timeout: float) -> None:
    """Replace the server's default graph with the N-Triples file (Graph Store Protocol)."""
    from warkg.engines.remote import default_gsp_url

    request = urllib.request.Request(
        default_gsp_url(endpoint),
        data=nt.read_bytes(),
        headers={"Content-Type": "application/n-triples"},
        method="PUT",
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:
        response.read()


def process_peak_mb(pid: int) -> float | None:
    """VmHWM (peak resident memory) of a running process, in MB."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    return None


# ---- workers (child processes) ------------------------------------------------------------


def worker(spec: dict[str, Any]) -> None:
    import logging

    logging.getLogger("rdflib").setLevel(logging.CRITICAL)  # planted ill-typed literals
    job = spec["job"]
    {"load": work_load, "queries": work_queries, "shacl": work_shacl, "reason": work_reason}[job](
        spec
    )
    emit(event="done", peak_rss_mb=peak_rss_mb())


def _rdflib_graph(path: str):
    from rdflib import Graph

    graph = Graph(bind_namespaces="none")
    graph.parse(path, format="nt")
    return graph


def _oxigraph_store(path: str):
    import pyoxigraph

    store = pyoxigraph.Store()
    store.load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES)
    return store


def work_load(spec: dict[str, Any]) -> None:
    backend, nt = spec["backend"], spec["nt"]
    if backend == "rdflib":
        fn = lambda: _rdflib_graph(nt)  # noqa: E731
    elif backend == "oxigraph":
        fn = lambda: _oxigraph_store(nt)  # noqa: E731
    else:
        fn = lambda: server_put(spec["endpoint"], Path(nt), spec["timeout"])  # noqa: E731
    samples, _ = repeat(fn, spec["repeats"], spec["budget"])
    emit(event="sample", item="load", **summarise(samples))


def _open_backend(spec: dict[str, Any]):
    from warkg.engines.opening import open_graph
    from warkg.engines.oxigraph import OxigraphBackend
    from warkg.engines.rdflib import RdflibBackend
    from warkg.engines.remote import RemoteBackend

    backend, nt = spec["backend"], spec["nt"]
    if backend == "server":
        server_put(spec["endpoint"], Path(nt), spec["timeout"])
        return RemoteBackend(spec["endpoint"], timeout=spec["timeout"])
    if spec["dataset"] == "article":  # the library's own path: Turtle files
        return open_graph(backend)
    if backend == "rdflib":
        return RdflibBackend(_rdflib_graph(nt))
    return OxigraphBackend(_oxigraph_store(nt))


def _row_lines(result) -> list[str]:
    return [
        "\t".join("" if row[v] is None else row[v].n3() for v in result.variables)
        for row in result.rows
    ]


def work_queries(spec: dict[str, Any]) -> None:
    from warkg.catalogue import run as querying
    from warkg.catalogue import stored as stored_queries

    start = time.perf_counter()
    backend = _open_backend(spec)
    emit(event="setup", seconds=time.perf_counter() - start, peak_rss_mb=peak_rss_mb())
    for query in stored_queries.list_queries():
        if query.name in spec.get("skip_queries", {}):
            continue
        params = {p.name: spec["params"][p.name] for p in query.params if p.name in spec["params"]}

        def run(query=query, params=params):
            return querying.execute(backend, query, params)

        start = time.perf_counter()
        result = run()
        first = time.perf_counter() - start
        samples, result = repeat(run, spec["repeats"], spec["budget"])
        if first >= 1.0:  # slow enough that the first run is a sample like the others
            samples = [first, *samples]
        emit(
            event="sample",
            item=query.name,
            first=first,
            rows=len(result.rows),
            digest=digest(_row_lines(result)),
            **summarise(samples),
        )


def _shacl_inputs(spec: dict[str, Any]):
    from warkg.rdf import loading

    data = loading.load_data() if spec["data"] is None else _rdflib_graph(spec["data"])
    return data, loading.load_shapes(), loading.load_ontology()


def _shacl_inputs_as_validate_loads(spec: dict[str, Any]):
    """Data and ontology in one graph, shapes apart, all with literals as written and
    parsed by pyoxigraph: what `warkg validate` hands to `validation.validate` (rdflib's
    own parser gives the same triples, but literals converted to Python values make
    pySHACL slower: 53 s against 47 s at 1M on a quiet machine)."""
    from warkg import paths
    from warkg.rdf import loading

    sources = [paths.triples_dir()] if spec["data"] is None else [Path(spec["data"])]
    graph = loading.load_files(sources, as_written=True)
    for path in loading.expand([paths.ontology_dir()]):
        loading.parse_into(graph, path, as_written=True)
    return graph, loading.load_files([paths.shapes_dir()], as_written=True)


def work_shacl(spec: dict[str, Any]) -> None:
    from unittest import mock

    from warkg.validation import api as validation

    engine = spec["engine"]
    start = time.perf_counter()
    accelerate = engine != "pyshacl-plain"  # plain: pySHACL as it comes, the reference
    if accelerate:  # as `warkg validate` does: one graph, handed over without a copy,
        data, shapes = _shacl_inputs_as_validate_loads(spec)  # and what was loaded
        ontology = None  # left out of garbage collection
        gc.freeze()
    else:
        data, shapes, ontology = _shacl_inputs(spec)
    emit(event="setup", seconds=time.perf_counter() - start, peak_rss_mb=peak_rss_mb())
    patches: list[Any] = []
    if engine == "pyshacl-turbo":
        import pyshacl_turbo

        patches.append(mock.patch.object(validation.pyshacl, "validate", pyshacl_turbo.validate))
    with contextlib.ExitStack() as stack:
        for patch in patches:
            stack.enter_context(patch)
        samples, report = repeat(
            lambda: validation.validate(
                data, shapes, ontology, accelerate=accelerate, own_data=accelerate
            ),
            spec["repeats"],
            spec["budget"],
        )
    from warkg.rdf.namespaces import PREFIXES

    lines = [
        "\t".join(
            str(x)
            for x in (r.severity, r.focus, r.path, r.source_shape, r.constraint, r.message, r.value)
        )
        for r in report.results
    ]
    pairs = sorted(
        {
            (str(r.focus_node), PREFIXES["wsh"] + r.source_shape.removeprefix("wsh:"))
            for r in report.results
            if r.severity == "Violation"
        }
    )
    manifest_match = None
    if spec.get("manifest"):
        planted = json.loads(Path(spec["manifest"]).read_text(encoding="utf-8"))
        manifest_match = pairs == sorted({(p["focus"], p["shape"]) for p in planted})
    emit(
        event="sample",
        item="validate",
        results=len(report.results),
        conforms=report.conforms,
        digest=digest(lines),
        manifest_match=manifest_match,
        **summarise(samples),
    )


def work_reason(spec: dict[str, Any]) -> None:
    from rdflib import Graph, URIRef

    from warkg.rdf import loading
    from warkg.reasoning import closure as reasoning

    start = time.perf_counter()
    if spec["data"] is None:  # the article: the shipped Turtle, as the library loads it
        graph = loading.load_data() + loading.load_ontology()
    else:
        graph = _rdflib_graph(spec["nt"])  # data + ontology
    emit(event="setup", seconds=time.perf_counter() - start, peak_rss_mb=peak_rss_mb())
    if spec["engine"] == "reasonable":  # the fast path as `warkg query --reason` runs it:
        # the closure added to the graph loaded for the run (a fresh copy each time)

        def fresh() -> Graph:
            copy = Graph()
            copy += graph
            return copy

        samples, closure = repeat(
            lambda given: reasoning.reason(given, engine="reasonable", in_place=True),
            spec["repeats"],
            spec["budget"],
            setup=fresh,
        )
    else:  # the reference, as the library runs it: on a copy
        samples, closure = repeat(
            lambda: reasoning.reason(graph, engine=spec["engine"]), spec["repeats"], spec["budget"]
        )
    inferred = [
        f"{s.n3()} {p.n3()} {o.n3()}"
        for s, p, o in closure
        if isinstance(s, URIRef) and str(s).startswith(ID_BASE) and (s, p, o) not in graph
    ]
    emit(
        event="sample",
        item="reason",
        triples=len(closure),
        data_inferred=len(inferred),
        digest=digest(inferred),
        **summarise(samples),
    )


# ---- running children ---------------------------------------------------------------------


class Child:
    """A child process in its own session, killed (with its group) after `timeout`;
    wall time, exit code, peak memory (sampled Pss of its process group) and output lines."""

    def __init__(self, argv: list[str], timeout: float, env: dict[str, str] | None = None):
        self.argv, self.timeout, self.env = argv, timeout, env

    def run(self) -> dict[str, Any]:
        start = time.perf_counter()
        process = subprocess.Popen(
            self.argv,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            start_new_session=True,
            env=self.env,
            cwd=ROOT,
        )
        timed_out = threading.Event()

        def kill() -> None:
            timed_out.set()
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)

        timer = threading.Timer(self.timeout, kill)
        timer.start()
        out: list[bytes] = []
        err: list[bytes] = []
        readers = [
            threading.Thread(target=lambda: out.append(process.stdout.read())),
            threading.Thread(target=lambda: err.append(process.stderr.read())),
        ]
        for reader in readers:
            reader.start()
        with MemorySampler(process.pid) as memory:  # its own session: pgrp == pid
            _, status, usage = os.wait4(process.pid, 0)
        wall = time.perf_counter() - start
        timer.cancel()
        process.returncode = os.waitstatus_to_exitcode(status)
        for reader in readers:
            reader.join()
        return {
            "wall": wall,
            "exit": process.returncode,
            "timed_out": timed_out.is_set(),
            "peak_rss_mb": memory.peak,
            "cpu": usage.ru_utime + usage.ru_stime,
            "stdout": b"".join(out).decode("utf-8", "replace"),
            "stderr": b"".join(err).decode("utf-8", "replace"),
        }


def run_worker(spec: dict[str, Any], timeout: float) -> dict[str, Any]:
    """Run one job in a child; its report lines gathered, or why it failed."""
    child = Child([sys.executable, "-m", "benchmarks.run", "--worker", json.dumps(spec)], timeout)
    outcome = child.run()
    events = []
    for line in outcome["stdout"].splitlines():
        with contextlib.suppress(json.JSONDecodeError):
            events.append(json.loads(line))
    done = next((e for e in events if e.get("event") == "done"), {})
    record: dict[str, Any] = {
        "wall": outcome["wall"],
        # the sampled peak of the job's processes, or its own peak if that is higher
        # (a short job may end between two samples)
        "peak_rss_mb": max(outcome["peak_rss_mb"], done.get("peak_rss_mb") or 0.0),
        "items": {e["item"]: e for e in events if e.get("event") == "sample"},
    }
    setup = next((e for e in events if e.get("event") == "setup"), None)
    if setup:
        record["setup_seconds"] = setup["seconds"]
        record["setup_peak_rss_mb"] = setup["peak_rss_mb"]
    if outcome["timed_out"]:
        record["error"] = f"timed out after {timeout:.0f} s"
    elif outcome["exit"] != 0 or not any(e.get("event") == "done" for e in events):
        tail = outcome["stderr"].strip().splitlines()[-3:]
        record["error"] = f"exit {outcome['exit']}: {' | '.join(tail)}"
    return record


def warkg_command() -> list[str]:
    beside = Path(sys.executable).with_name("warkg")
    return [str(beside)] if beside.exists() else [sys.executable, "-m", "warkg"]


def run_cold(argv: list[str], repeats: int, budget: float, timeout: float) -> dict[str, Any]:
    """A command as a fresh process, repeated; wall time, CPU, peak memory, exit codes."""
    runs: list[dict[str, Any]] = []
    while len(runs) < repeats:
        walls = [r["wall"] for r in runs]
        if walls and sum(walls) + statistics.median(walls) > budget:
            break
        outcome = Child(argv, timeout).run()
        runs.append(outcome)
        if outcome["timed_out"]:
            return {"error": f"timed out after {timeout:.0f} s", "command": argv}
    record = summarise([r["wall"] for r in runs])
    record.update(
        command=[Path(argv[0]).name, *argv[1:]],
        cpu=statistics.median(r["cpu"] for r in runs),
        peak_rss_mb=max(r["peak_rss_mb"] for r in runs),
        exit=sorted({r["exit"] for r in runs}),
    )
    if any(r["exit"] not in (0, 1) for r in runs):
        record["error"] = runs[-1]["stderr"].strip().splitlines()[-1:]
    return record


# ---- the benchmark ------------------------------------------------------------------------


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def benchmark(args: argparse.Namespace) -> dict[str, Any]:
    names = [s.strip().lower() for s in args.sizes.split(",") if s.strip()]
    for name in names:
        if name not in SIZES:
            raise SystemExit(f"run.py: unknown size {name!r}; sizes: {', '.join(SIZES)}")
    cache = Path(args.cache)
    log(f"preparing datasets {', '.join(names)} in {cache}")
    datasets = prepare_datasets(names, cache)
    has_turbo = importlib.util.find_spec("pyshacl_turbo") is not None
    has_server = oxigraph_command() is not None
    results: dict[str, Any] = {
        "meta": {
            "date": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
            "python": platform.python_version(),
            "machine": f"{platform.machine()}, {os.cpu_count()} cores",
            "load_average_at_start": os.getloadavg(),
            "versions": _versions(),
            "repeats": args.repeats,
            "budget_seconds": args.budget,
            "timeout_seconds": args.timeout,
            "default_backend": _default("backend"),
            "default_reasoner": _default("reasoner"),
        },
        "datasets": datasets,
        "runs": [],
        "skipped": [],
    }

    def record(job: str, variant: str, dataset: str, outcome: dict[str, Any]) -> None:
        outcome.update(job=job, variant=variant, dataset=dataset)
        results["runs"].append(outcome)
        shown = (
            outcome.get("error")
            or ", ".join(
                f"{k} {v['median']:.3f}s"
                for k, v in list(outcome.get("items", {}).items())[:3]
                if "median" in v
            )
            or (f"{outcome['median']:.3f}s" if "median" in outcome else "")
        )
        log(f"{job:8} {variant:18} {dataset:8} {shown}")

    def skip(job: str, variant: str, dataset: str, reason: str) -> None:
        results["skipped"].append(
            {"job": job, "variant": variant, "dataset": dataset, "reason": reason}
        )
        log(f"{job:8} {variant:18} {dataset:8} skipped: {reason}")

    with contextlib.ExitStack() as stack:
        endpoint = server_pid = None
        if has_server:
            location = Path(stack.enter_context(tempfile.TemporaryDirectory(prefix="warkg-ox-")))
            endpoint, server_pid = stack.enter_context(oxigraph_server(location))
        for name in names:
            ds = datasets[name]
            base = {
                "dataset": name,
                "nt": ds["nt"],
                "data": ds["data"],
                "params": ds["params"],
                "manifest": ds["manifest"],
                "repeats": args.repeats,
                "budget": args.budget,
                "timeout": args.timeout,
                "endpoint": endpoint,
            }
            for backend in BACKENDS:
                if backend == "server" and not has_server:
                    skip("load", backend, name, "the `oxigraph` command is not installed")
                    continue
                spec = {**base, "job": "load", "backend": backend}
                record("load", backend, name, run_worker(spec, args.timeout))
            for backend in BACKENDS:
                if backend == "server" and not has_server:
                    skip("queries", backend, name, "the `oxigraph` command is not installed")
                    continue
                skip_queries = {
                    key[3]: reason
                    for key, reason in SKIPS.items()
                    if key[:3] == ("queries", backend, name)
                }
                spec = {**base, "job": "queries", "backend": backend, "skip_queries": skip_queries}
                outcome = run_worker(spec, args.timeout)
                for query, reason in skip_queries.items():
                    skip("queries", f"{backend}: {query}", name, reason)
                if backend == "server":
                    outcome["server_peak_rss_mb"] = process_peak_mb(server_pid)
                record("queries", backend, name, outcome)
            # cold processes; the server holds this dataset since the queries job
            cold_repeats = args.cold_repeats
            files = [] if ds["data"] is None else [ds["data"]]
            data_args = [] if ds["data"] is None else ["--data", ds["data"]]
            commands = {
                "validate": ["validate", *files],
                "main-job rdflib": ["query", MAIN_QUERY, "-b", "rdflib", *data_args],
                "main-job oxigraph": ["query", MAIN_QUERY, "-b", "oxigraph", *data_args],
                "main-job default": ["query", MAIN_QUERY, *data_args],
            }
            if has_server:
                commands["main-job server"] = ["query", MAIN_QUERY, "--endpoint", endpoint]
            for variant, command in commands.items():
                outcome = run_cold(
                    [*warkg_command(), *command], cold_repeats, args.budget, args.timeout
                )
                record("cold", variant, name, outcome)
            for engine in SHACL_ENGINES:
                if (reason := SKIPS.get(("shacl", engine, name))) is not None:
                    skip("shacl", engine, name, reason)
                    continue
                if engine == "pyshacl-turbo" and not has_turbo:
                    skip("shacl", engine, name, "pyshacl-turbo is not installed (bench extra)")
                    continue
                spec = {**base, "job": "shacl", "engine": engine}
                record("shacl", engine, name, run_worker(spec, args.timeout))
            for engine in REASONERS:
                if (reason := SKIPS.get(("reason", engine, name))) is not None:
                    skip("reason", engine, name, reason)
                    continue
                spec = {**base, "job": "reason", "engine": engine}
                record("reason", engine, name, run_worker(spec, args.timeout))
            _save(results, Path(args.out))  # partial results survive an interrupted run
    results["analysis"] = analyse(results)
    return results


def _versions() -> dict[str, str]:
    from importlib.metadata import PackageNotFoundError, version

    found = {}
    for package in (
        "warkg",
        "rdflib",
        "pyoxigraph",
        "oxigraph",
        "pyshacl",
        "pyshacl-turbo",
        "owlrl",
        "reasonable",
        "matplotlib",
    ):
        with contextlib.suppress(PackageNotFoundError):
            found[package] = version(package)
    return found


def _default(what: str) -> str:
    """The command line's default backend or reasoner."""
    from warkg.cli import query as query_commands

    return str(
        getattr(
            query_commands, f"DEFAULT_{what.upper()}", "rdflib" if what == "backend" else "owlrl"
        )
    )


# ---- analysis: parity, ratios, targets -----------------------------------------------------


def _find(results: dict[str, Any], job: str, variant: str, dataset: str) -> dict[str, Any] | None:
    for run in results["runs"]:
        if (run["job"], run["variant"], run["dataset"]) == (job, variant, dataset):
            return run
    return None


def _median(run: dict[str, Any] | None, item: str | None = None) -> float | None:
    if run is None or ("error" in run and item is None):
        return None
    if item is None:
        return run.get("median")
    entry = run.get("items", {}).get(item)
    return None if entry is None else entry.get("median")


def analyse(results: dict[str, Any]) -> dict[str, Any]:
    datasets = list(results["datasets"])
    queries = sorted(
        {item for r in results["runs"] if r["job"] == "queries" for item in r.get("items", {})}
    )
    parity: dict[str, Any] = {"queries": {}, "shacl": {}, "reason": {}}
    for name in datasets:
        by_backend = {b: _find(results, "queries", b, name) for b in BACKENDS}
        mismatches = []
        for query in queries:
            seen = {
                b: (r["items"][query]["rows"], r["items"][query]["digest"])
                for b, r in by_backend.items()
                if r and query in r.get("items", {})
            }
            if len(set(seen.values())) > 1:
                mismatches.append({"query": query, **{b: list(v) for b, v in seen.items()}})
        parity["queries"][name] = {"identical": not mismatches, "mismatches": mismatches}
        engines = {e: _find(results, "shacl", e, name) for e in SHACL_ENGINES}
        reference = (engines.get("pyshacl") or {}).get("items", {}).get("validate")
        shacl = {}
        for engine, run in engines.items():
            item = (run or {}).get("items", {}).get("validate")
            if item and reference:
                shacl[engine] = {
                    "identical_to_pyshacl": item["digest"] == reference["digest"],
                    "results": item["results"],
                    "matches_manifest": item.get("manifest_match"),
                }
        parity["shacl"][name] = shacl
        owl = (_find(results, "reason", "owlrl", name) or {}).get("items", {}).get("reason")
        fast = (_find(results, "reason", "reasonable", name) or {}).get("items", {}).get("reason")
        if owl and fast:
            parity["reason"][name] = {
                "data_level_identical": owl["digest"] == fast["digest"],
                "owlrl_data_inferred": owl["data_inferred"],
                "reasonable_data_inferred": fast["data_inferred"],
            }
    ratios = []
    for name in datasets:
        for job, slow, fast, items in (
            ("load", "rdflib", "oxigraph", ["load"]),
            ("queries", "rdflib", "oxigraph", queries),
            ("reason", "owlrl", "reasonable", ["reason"]),
            ("shacl", "pyshacl-plain", "pyshacl", ["validate"]),
            ("shacl", "pyshacl", "pyshacl-turbo", ["validate"]),
            ("cold", "main-job rdflib", "main-job oxigraph", [None]),
        ):
            for item in items:
                a = _median(_find(results, job, slow, name), item)
                b = _median(_find(results, job, fast, name), item)
                if a and b:
                    ratios.append(
                        {
                            "dataset": name,
                            "job": job,
                            "item": item,
                            "baseline": slow,
                            "fast": fast,
                            "baseline_s": a,
                            "fast_s": b,
                            "ratio": a / b,
                        }
                    )
    return {"parity": parity, "ratios": ratios, "targets": targets(results, queries, ratios)}


def targets(results, queries, ratios) -> list[dict[str, Any]]:
    default = results["meta"]["default_backend"]
    default = default if default in ("rdflib", "oxigraph") else "rdflib"
    out = []

    def worst(run, items):
        values = [(_median(run, q), q) for q in items]
        values = [(v, q) for v, q in values if v is not None]
        return max(values) if values and len(values) == len(items) else (None, None)

    for key, description, limit, unit in TARGETS:
        value, note = None, ""
        if key == "cold-validate":
            value = _median(_find(results, "cold", "validate", "article"))
        elif key == "cold-main-job":
            value = _median(_find(results, "cold", "main-job default", "article"))
            note = f"default backend: {default}"
        elif key == "article-queries":
            value, query = worst(_find(results, "queries", default, "article"), queries)
            note = f"slowest: {query} ({default})" if query else ""
        elif key == "1m-load":
            value = _median(_find(results, "load", "oxigraph", "1m"), "load")
        elif key == "1m-queries":
            value, query = worst(_find(results, "queries", "oxigraph", "1m"), queries)
            note = f"slowest: {query}" if query else ""
        elif key in ("1m-shacl", "1m-shacl-memory"):
            run = _find(results, "shacl", "pyshacl", "1m")
            if key == "1m-shacl":
                value = _median(run, "validate")
                note = "accelerated pySHACL, shapes shared out among forked workers"
            elif run and "error" not in run:
                value = run["peak_rss_mb"]
                note = "the job and its workers together (Pss), data, ontology and shapes loaded"
        elif key == "1m-reason":
            value = _median(_find(results, "reason", "reasonable", "1m"), "reason")
            note = "warkg.reasoning.closure.reason end to end, in place as the command line runs it"
        elif key in ("100k-load-ratio", "100k-query-ratio"):
            job = "load" if key == "100k-load-ratio" else "queries"
            found = [r for r in ratios if r["dataset"] == "100k" and r["job"] == job]
            if found and (job == "load" or len(found) == len(queries)):
                low = min(found, key=lambda r: r["ratio"])
                value = low["ratio"]
                if job == "queries":
                    geo = math.exp(statistics.mean(math.log(r["ratio"]) for r in found))
                    fast = sum(r["ratio"] >= limit for r in found)
                    note = (
                        f"lowest: {low['item']}; {fast} of {len(found)} queries at 10x or "
                        f"more; geometric mean {geo:.1f}x"
                    )
        if value is None:
            out.append(
                {
                    "target": key,
                    "description": description,
                    "limit": limit,
                    "unit": unit,
                    "value": None,
                    "met": None,
                    "note": note or "not measured",
                }
            )
            continue
        met = value >= limit if unit == "x" else value < limit
        margin = value / limit if unit == "x" else limit / value
        out.append(
            {
                "target": key,
                "description": description,
                "limit": limit,
                "unit": unit,
                "value": value,
                "met": met,
                "margin": margin,
                "note": note,
            }
        )
    return out


# ---- output -------------------------------------------------------------------------------


def _save(results: dict[str, Any], out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    (out / "results.json").write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")


def _fmt_s(value: float | None) -> str:
    if value is None:
        return "-"
    if value < 0.1:
        return f"{value * 1000:.1f} ms"
    if value < 10:
        return f"{value:.2f} s"
    return f"{value:.0f} s"


def _cell(entry: dict[str, Any] | None, memory: float | None = None) -> str:
    if not entry or "median" not in entry:
        return "-"
    text = _fmt_s(entry["median"])
    if entry["n"] > 1:
        text += f" ({_fmt_s(entry['min'])}-{_fmt_s(entry['max'])}, n={entry['n']})"
    else:
        text += " (n=1)"
    if memory is not None:
        text += f", {memory:,.0f} MB"
    return text


def markdown(results: dict[str, Any]) -> str:
    names = list(results["datasets"])
    meta = results["meta"]
    lines = [
        "# warkg benchmark results",
        "",
        f"{meta['date']}, Python {meta['python']}, {meta['machine']}, load average at start "
        f"{', '.join(f'{x:.2f}' for x in meta['load_average_at_start'])}. "
        f"Up to {meta['repeats']} repeats within {meta['budget_seconds']:.0f} s per item; "
        "median (min-max, n). Peak memory: the largest proportional resident memory (Pss) "
        "of the job's processes together (sampled every 0.5 s), or the largest peak "
        "(VmHWM) of any one of them (every 20 ms) where that is higher.",
        "",
        "Versions: " + ", ".join(f"{k} {v}" for k, v in meta["versions"].items()),
        f"Command-line defaults: backend {meta['default_backend']}, "
        f"reasoner {meta['default_reasoner']}.",
        "",
        "| dataset | " + " | ".join(names) + " |",
        "|---|" + "---|" * len(names),
        "| triples (data + ontology) | "
        + " | ".join(f"{results['datasets'][n]['triples']:,}" for n in names)
        + " |",
        "",
    ]
    skipped = {(s["job"], s["variant"], s["dataset"]): s["reason"] for s in results["skipped"]}

    def row(label: str, job: str, variant: str, item: str | None, memory: bool = False) -> str:
        cells = []
        for name in names:
            if (job, variant, name) in skipped or (job, f"{variant}: {item}", name) in skipped:
                cells.append("skipped")
                continue
            run = _find(results, job, variant, name)
            if run is None:
                cells.append("-")
            elif item is None:
                cells.append(
                    run.get("error") or _cell(run, run.get("peak_rss_mb") if memory else None)
                )
            else:
                entry = run.get("items", {}).get(item)
                if entry is None:
                    cells.append(run.get("error", "-"))
                else:
                    cells.append(_cell(entry, run.get("peak_rss_mb") if memory else None))
        return f"| {label} | " + " | ".join(cells) + " |"

    header = ["| job | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += ["## Cold processes (wall time, as a user runs them)", "", *header]
    for variant in (
        "validate",
        "main-job default",
        "main-job rdflib",
        "main-job oxigraph",
        "main-job server",
    ):
        lines.append(row(f"`warkg {variant}`", "cold", variant, None, memory=True))
    lines += ["", "## Load (N-Triples, data + ontology)", "", *header]
    for backend in BACKENDS:
        lines.append(row(backend, "load", backend, "load", memory=True))
    lines += [
        "",
        "## SHACL validation (`warkg.validation.api.validate`) and OWL 2 RL reasoning",
        "",
    ]
    lines += header
    for engine in SHACL_ENGINES:
        lines.append(row(f"SHACL: {engine}", "shacl", engine, "validate", memory=True))
    for engine in REASONERS:
        lines.append(row(f"OWL RL: {engine}", "reason", engine, "reason", memory=True))
    queries = sorted(
        {item for r in results["runs"] if r["job"] == "queries" for item in r.get("items", {})}
    )
    for backend in BACKENDS:
        lines += [
            "",
            f"## Stored queries on {backend} (`warkg.catalogue.run.execute`)",
            "",
            *header,
        ]
        for query in queries:
            lines.append(row(query, "queries", backend, query))
    analysis = results.get("analysis", {})
    lines += ["", "## Ratios (baseline median / fast median, same run)", ""]
    lines += ["| dataset | job | item | baseline | fast | ratio |", "|---|---|---|---|---|---|"]
    for r in analysis.get("ratios", []):
        lines.append(
            f"| {r['dataset']} | {r['job']} | {r['item'] or ''} | {r['baseline']} "
            f"{_fmt_s(r['baseline_s'])} | {r['fast']} {_fmt_s(r['fast_s'])} | "
            f"{r['ratio']:.1f}x |"
        )
    lines += ["", "## Targets", "", "| target | limit | measured | met | margin | note |"]
    lines += ["|---|---|---|---|---|---|"]
    for t in analysis.get("targets", []):
        unit = t["unit"]

        def show(v, unit=unit):
            if v is None:
                return "-"
            return {"s": _fmt_s(v), "MB": f"{v:,.0f} MB", "x": f"{v:.1f}x"}[unit]

        met = {True: "met", False: "**not met**", None: "not measured"}[t["met"]]
        margin = f"{t['margin']:.2f}x" if t.get("margin") else ""
        limit = show(t["limit"]) if unit != "x" else f"≥ {t['limit']:.0f}x"
        lines.append(
            f"| {t['description']} | {limit} | {show(t['value'])} | {met} | {margin} | "
            f"{t['note']} |"
        )
    lines += ["", "## Same results?", ""]
    for name, entry in analysis.get("parity", {}).get("queries", {}).items():
        verdict = (
            "identical on every backend"
            if entry["identical"]
            else (f"DIFFER: {entry['mismatches']}")
        )
        lines.append(f"- {name}, stored queries (rows, order-insensitive digest): {verdict}")
    for name, engines in analysis.get("parity", {}).get("shacl", {}).items():
        for engine, entry in engines.items():
            if engine == "pyshacl":
                continue
            same = "identical" if entry["identical_to_pyshacl"] else "**different**"
            lines.append(
                f"- {name}, SHACL {engine} vs pyshacl: {same} ({entry['results']} results"
                + (
                    f"; planted violations found exactly: {entry['matches_manifest']}"
                    if entry["matches_manifest"] is not None
                    else ""
                )
                + ")"
            )
    for name, entry in analysis.get("parity", {}).get("reason", {}).items():
        same = "identical" if entry["data_level_identical"] else "**different**"
        lines.append(
            f"- {name}, OWL RL data-level inferences (subject under id/), owlrl vs reasonable: "
            f"{same} ({entry['owlrl_data_inferred']:,} vs "
            f"{entry['reasonable_data_inferred']:,} triples)"
        )
    if results["skipped"]:
        lines += ["", "## Skipped", ""]
        for s in results["skipped"]:
            lines.append(f"- {s['job']} {s['variant']} at {s['dataset']}: {s['reason']}")
    errors = [r for r in results["runs"] if "error" in r]
    if errors:
        lines += ["", "## Failed or timed out", ""]
        for r in errors:
            lines.append(f"- {r['job']} {r['variant']} at {r['dataset']}: {r['error']}")
    return "\n".join(lines) + "\n"


def plot(results: dict[str, Any], path: Path) -> bool:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    names = list(results["datasets"])
    sizes = {n: results["datasets"][n]["triples"] for n in names}
    queries = sorted(
        {item for r in results["runs"] if r["job"] == "queries" for item in r.get("items", {})}
    )
    panels = [
        (
            "Cold process",
            [
                ("cold", v, None, f"warkg {v}")
                for v in ("validate", "main-job rdflib", "main-job oxigraph", "main-job server")
            ],
        ),
        ("Load", [("load", b, "load", b) for b in BACKENDS]),
        ("SHACL validation", [("shacl", e, "validate", e) for e in SHACL_ENGINES]),
        ("OWL 2 RL reasoning", [("reason", e, "reason", e) for e in REASONERS]),
        ("Slowest stored query", [("queries-max", b, None, b) for b in BACKENDS]),
        ("Main-job query (casualty-figures)", [("queries", b, MAIN_QUERY, b) for b in BACKENDS]),
    ]
    fig, axes = plt.subplots(2, 3, figsize=(15, 9))
    for axis, (title, series) in zip(axes.flat, panels, strict=True):
        for job, variant, item, label in series:
            xs, ys = [], []
            for name in names:
                if job == "queries-max":
                    run = _find(results, "queries", variant, name)
                    values = [_median(run, q) for q in queries]
                    value = max(values) if values and None not in values else None
                else:
                    value = _median(_find(results, job, variant, name), item)
                if value:
                    xs.append(sizes[name])
                    ys.append(value)
            if xs:
                axis.plot(xs, ys, marker="o", label=label)
        axis.set_xscale("log")
        axis.set_yscale("log")
        axis.set_title(title)
        axis.set_xlabel("triples (data + ontology)")
        axis.set_ylabel("seconds (median)")
        axis.grid(True, which="both", alpha=0.3)
        if axis.lines:
            axis.legend(fontsize=8)
    fig.suptitle("warkg: time against graph size (log-log)")
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    plt.close(fig)
    return True


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run.py", description=__doc__.split("\n\n")[0])
    parser.add_argument("--worker", help=argparse.SUPPRESS)
    parser.add_argument(
        "--sizes", default="article,10k,100k,1m", help="comma-separated: article,10k,100k,1m"
    )
    parser.add_argument("--quick", action="store_true", help="article and 10k, 2 repeats")
    parser.add_argument("--repeats", type=int, default=5, help="runs per item (default 5)")
    parser.add_argument(
        "--cold-repeats", type=int, default=5, help="runs per cold command (default 5)"
    )
    parser.add_argument(
        "--budget", type=float, default=30.0, help="seconds per item before repeats stop"
    )
    parser.add_argument("--timeout", type=float, default=900.0, help="seconds per job")
    parser.add_argument("--cache", default=str(Path(tempfile.gettempdir()) / "warkg-bench"))
    parser.add_argument("--out", default=str(HERE / "results"), help="results folder")
    parser.add_argument(
        "--cold-start",
        action="store_true",
        help="only the cold-start comparison (cold_start.py: each command against its floor)",
    )
    args = parser.parse_args(argv)
    if args.worker:
        worker(json.loads(args.worker))
        return 0
    if args.cold_start:
        return _cold_start(args.out)
    if args.quick:  # a smoke run: its results go beside the cache, not into results/
        args.sizes, args.repeats, args.cold_repeats, args.budget = "article,10k", 2, 2, 10.0
        if args.out == parser.get_default("out"):
            args.out = str(Path(args.cache) / "quick-results")
    results = benchmark(args)
    out = Path(args.out)
    _save(results, out)
    (out / "results.md").write_text(markdown(results), encoding="utf-8")
    drawn = plot(results, out / "scaling.png")
    log(
        f"wrote {out / 'results.json'}, {out / 'results.md'}"
        + (f", {out / 'scaling.png'}" if drawn else " (no plot: pip install -e '.[bench]')")
    )
    return _cold_start(args.out)


def _cold_start(out: str) -> int:
    """benchmarks/cold_start.py, into the same results folder (cold-start.md)."""
    from benchmarks import cold_start

    return cold_start.main(["--out", out])


if __name__ == "__main__":
    sys.exit(main())
