#!/usr/bin/env python3
"""A soak test of `warkg serve` as a public endpoint: a few abusive clients beside
normal ones for minutes, on loopback.

Abusive clients (`--abusers` of each kind): loop a query that runs into the time limit
(a 4-way cross join), send reconciliation batches of long names, ask for a large
answer and never read it (4 KiB receive buffer), and open sockets that never send a
byte. Normal clients (`--clients` of each kind) loop the requests people and programs make:
the home page, a resource page, a claim's Turtle, a stored query, a lookup SELECT, the
stylesheet and a short reconciliation query, each kind on its own connection, `--think`
seconds apart.

First `--quiet` seconds with the normal clients alone, then `--duration` seconds with the
abusers too. Reported: the normal clients' p50/p99 per kind of request in both phases,
the answers every client got by status (refusals included), the memory (RSS and PSS) of
the server's process tree sampled every `--sample` seconds, and the tracebacks in the
server's log (there must be none). Every client sends its own X-Forwarded-For and the
server trusts the loopback proxy, as behind a reverse proxy.

Exit codes: 0 ok; 1 a traceback in the log, a normal request that failed other than by
refusal, or memory that grew by more than `--max-growth-mb` from the end of the first
minute of the attack to its end; 2 the server could not be started.

    python -m benchmarks.soak --duration 300 --json benchmarks/results/soak.json
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import socket
import sys
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from benchmarks.load import LOOKUP, process_tree, tree_pss_mb, tree_rss_mb
from tests.support.serving import warkg_server

CROSS_JOIN = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
LONG_NAME = ("Shusha Stepanakert Azerbaijan Armenia Karabakh " * 10)[:480]
"""The issue's name: 480 characters (now refused a comparison it cannot win)."""
COSTLY_NAME = "Republic of Artsakh Stepanakert Shusha"
"""A name as long as one that can still score against the entities' names: compared with
every one of them, the most a name can cost."""
_BINDS = " ".join(f"BIND(CONCAT(?a{i}, ?a{i}) AS ?a{i + 1})" for i in range(20))
BIG_ANSWER = f'SELECT ?a20 WHERE {{ BIND("abcdefgh" AS ?a0) {_BINDS} }}'
"""One value of 8 MiB: more than the kernel buffers, so the server must wait for a reader
that never reads (and drops it after --send-timeout)."""

NORMAL: dict[str, tuple[str, str, bytes | None, dict[str, str]]] = {
    "home page": ("GET", "/", None, {"Accept": "text/html"}),
    "resource page": ("GET", "/id/agent/azerbaijan", None, {"Accept": "text/html"}),
    "claim turtle": ("GET", "/id/claim/armenians-displaced", None, {"Accept": "text/turtle"}),
    "stored query": ("GET", "/queries/casualty-figures", None, {"Accept": "application/json"}),
    "lookup select": (
        "POST",
        "/sparql",
        LOOKUP.encode(),
        {"Content-Type": "application/sparql-query", "Accept": "application/json"},
    ),
    "stylesheet": ("GET", "/static/warkg.css", None, {}),
    "reconcile": (
        "POST",
        "/reconcile",
        urllib.parse.urlencode({"query": "Shusha"}).encode(),
        {"Content-Type": "application/x-www-form-urlencoded"},
    ),
}


@dataclass
class Record:
    """What clients of one kind saw: latency per request kind and statuses."""

    seconds: dict[str, list[float]] = field(default_factory=dict)
    statuses: Counter = field(default_factory=Counter)
    failures: list[str] = field(default_factory=list)


def _connect(port: int) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, timeout=60)


def normal_client(
    port: int, index: int, name: str, until: float, record: Record, think: float
) -> None:
    """Send one kind of request, again and again, on a kept-alive connection, `think`
    seconds apart (a person or a polite program, not a load generator)."""
    connection = _connect(port)
    while time.monotonic() < until:
        time.sleep(think)
        method, path, body, headers = NORMAL[name]
        headers = {**headers, "X-Forwarded-For": f"10.1.0.{index}"}
        started = time.monotonic()
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            answer.read()
        except (OSError, http.client.HTTPException) as error:
            record.failures.append(f"{name}: {type(error).__name__}")
            connection.close()
            connection = _connect(port)
            continue
        record.statuses[answer.status] += 1
        if answer.status == 200:
            record.seconds.setdefault(name, []).append(time.monotonic() - started)
        elif answer.status not in (429, 503):
            record.failures.append(f"{name}: HTTP {answer.status}")
    connection.close()


def _abuse_loop(port: int, client: str, until: float, record: Record, send) -> None:
    connection = _connect(port)
    while time.monotonic() < until:
        try:
            send(connection, {"X-Forwarded-For": client})
            answer = connection.getresponse()
            answer.read()
            record.statuses[answer.status] += 1
        except (OSError, http.client.HTTPException) as error:
            record.statuses[type(error).__name__] += 1
            connection.close()
            connection = _connect(port)
            time.sleep(0.1)
    connection.close()


def _cross_join(connection: http.client.HTTPConnection, headers: dict) -> None:
    connection.request(
        "POST",
        "/sparql",
        body=CROSS_JOIN,
        headers={**headers, "Content-Type": "application/sparql-query"},
    )


def _reconcile_batch(connection: http.client.HTTPConnection, headers: dict) -> None:
    batch = {f"q{i}": {"query": (LONG_NAME, COSTLY_NAME)[i % 2]} for i in range(100)}
    connection.request(
        "POST",
        "/reconcile",
        body=urllib.parse.urlencode({"queries": json.dumps(batch)}),
        headers={**headers, "Content-Type": "application/x-www-form-urlencoded"},
    )


def stalled_reader(port: int, client: str, until: float, record: Record) -> None:
    """Ask for a large answer and read none of it; again once the server drops us."""
    target = "/sparql?" + urllib.parse.urlencode({"query": BIG_ANSWER, "format": "csv"})
    while time.monotonic() < until:
        sock = socket.socket()
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
        try:
            sock.connect(("127.0.0.1", port))
            sock.sendall(
                f"GET {target} HTTP/1.1\r\nHost: x\r\nX-Forwarded-For: {client}\r\n\r\n".encode()
            )
            record.statuses["stalled"] += 1
            sock.settimeout(1.0)
            while time.monotonic() < until:
                try:
                    if sock.recv(1, socket.MSG_PEEK) == b"":
                        break  # dropped by the server's send timeout
                except TimeoutError:
                    pass
                time.sleep(1.0)
        except OSError:
            record.statuses["dropped"] += 1
        finally:
            sock.close()


def idle_sockets(port: int, count: int, until: float, record: Record) -> None:
    """Keep `count` sockets open that never send a byte, reopening those closed."""
    held: list[socket.socket] = []
    while time.monotonic() < until:
        alive = []
        for sock in held:
            try:
                sock.settimeout(0)
                if sock.recv(1) == b"":
                    sock.close()
                    record.statuses["idle closed by server"] += 1
                    continue
            except BlockingIOError:
                pass
            except OSError:
                sock.close()
                continue
            alive.append(sock)
        held = alive
        while len(held) < count:
            with contextlib.suppress(OSError):
                held.append(socket.create_connection(("127.0.0.1", port), timeout=5))
                record.statuses["idle opened"] += 1
        time.sleep(1.0)
    for sock in held:
        sock.close()


# ---- the server -------------------------------------------------------------------------


def _percentiles(samples: list[float]) -> dict[str, float]:
    ordered = sorted(samples)
    if not ordered:
        return {"n": 0, "p50": 0.0, "p99": 0.0}

    def at(share: float) -> float:
        rank = max(1, min(len(ordered), round(share * len(ordered) + 0.5)))
        return round(ordered[rank - 1] * 1000, 2)

    return {"n": len(ordered), "p50": at(0.5), "p99": at(0.99)}


def phase(port: int, args: argparse.Namespace, seconds: float, abuse: bool) -> dict[str, Any]:
    until = time.monotonic() + seconds
    normal = Record()
    abusers = {
        kind: Record() for kind in ("cross join", "reconcile batch", "stalled reader", "idle")
    }
    threads = [
        threading.Thread(
            target=normal_client, args=(port, i * 10 + k, name, until, normal, args.think)
        )
        for i in range(1, args.clients + 1)
        for k, name in enumerate(NORMAL)
    ]
    if abuse:
        for i in range(1, args.abusers + 1):
            threads += [
                threading.Thread(
                    target=_abuse_loop,
                    args=(port, f"10.9.1.{i}", until, abusers["cross join"], _cross_join),
                ),
                threading.Thread(
                    target=_abuse_loop,
                    args=(port, f"10.9.2.{i}", until, abusers["reconcile batch"], _reconcile_batch),
                ),
                threading.Thread(
                    target=stalled_reader,
                    args=(port, f"10.9.3.{i}", until, abusers["stalled reader"]),
                ),
            ]
        threads.append(
            threading.Thread(
                target=idle_sockets, args=(port, args.idle_sockets, until, abusers["idle"])
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {
        "seconds": seconds,
        "normal": {name: _percentiles(normal.seconds.get(name, [])) for name in NORMAL},
        "normal_statuses": dict(sorted((str(k), v) for k, v in normal.statuses.items())),
        "normal_failures": normal.failures[:10],
        "abusers": {
            kind: dict(sorted((str(k), v) for k, v in record.statuses.items()))
            for kind, record in abusers.items()
        }
        if abuse
        else {},
    }


def run(args: argparse.Namespace) -> dict[str, Any]:
    server_args = ["--trusted-proxy", "127.0.0.1", "--max-connections", str(args.idle_sockets * 2)]
    with warkg_server(*server_args) as server:
        pid, port, log = server.process.pid, int(server.url.rsplit(":", 1)[1]), server.stderr
        memory: list[dict[str, float]] = []
        stop = threading.Event()
        started = time.monotonic()

        def sample() -> None:
            while not stop.is_set():
                memory.append(
                    {
                        "t": round(time.monotonic() - started, 1),
                        "rss_mb": round(tree_rss_mb(pid), 1),
                        "pss_mb": round(tree_pss_mb(pid), 1),
                        "processes": len(process_tree(pid)),
                    }
                )
                stop.wait(args.sample)

        sampler = threading.Thread(target=sample, daemon=True)
        sampler.start()
        quiet = phase(port, args, args.quiet, abuse=False)
        attack_from = time.monotonic() - started
        loud = phase(port, args, args.duration, abuse=True)
        stop.set()
        sampler.join()
        time.sleep(1.0)
        tracebacks = sum("Traceback" in line for line in log)
        warnings = [line.rstrip() for line in log if not line.startswith("warkg serve: http")]
    settled = [m for m in memory if m["t"] >= attack_from + 60] or memory
    growth = {kind: round(settled[-1][kind] - settled[0][kind], 1) for kind in ("rss_mb", "pss_mb")}
    problems = []
    if tracebacks:
        problems.append(f"{tracebacks} tracebacks in the server's log")
    if quiet["normal_failures"] or loud["normal_failures"]:
        problems.append("normal requests failed: " + "; ".join(loud["normal_failures"][:3]))
    if growth["pss_mb"] > args.max_growth_mb:
        problems.append(f"PSS grew {growth['pss_mb']} MiB during the attack")
    return {
        "command": " ".join(["python -m benchmarks.soak", *sys.argv[1:]]),
        "cpus": os.cpu_count(),
        "load_average_end": [round(x, 2) for x in os.getloadavg()],
        "clients": args.clients,
        "abusers_per_kind": args.abusers,
        "idle_sockets": args.idle_sockets,
        "think_seconds": args.think,
        "quiet": quiet,
        "attack": loud,
        "memory": memory,
        "memory_growth_after_first_minute": growth,
        "tracebacks": tracebacks,
        "log_lines": len(warnings),
        "log_sample": warnings[:5],
        "problems": problems,
        "ok": not problems,
    }


def table(results: dict[str, Any]) -> str:
    lines = [
        f"`{results['command']}`: {results['clients']} normal client(s) of each kind; "
        f"{results['abusers_per_kind']} abusers of each kind and {results['idle_sockets']} "
        f"idle sockets; {results['cpus']} CPUs, load average {results['load_average_end']} "
        "at the end",
        "",
        "| request (normal clients) | quiet n | quiet p50 ms | quiet p99 ms | attack n | "
        "attack p50 ms | attack p99 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for name in NORMAL:
        q, a = results["quiet"]["normal"][name], results["attack"]["normal"][name]
        lines.append(
            f"| {name} | {q['n']} | {q['p50']} | {q['p99']} | {a['n']} | {a['p50']} | {a['p99']} |"
        )
    lines += [
        "",
        f"Normal clients' answers by status: quiet {results['quiet']['normal_statuses']}, "
        f"attack {results['attack']['normal_statuses']}.",
        "",
        "| abusive client | answers and events |",
        "|---|---|",
    ]
    for kind, statuses in results["attack"]["abusers"].items():
        lines.append(f"| {kind} | {statuses} |")
    memory = results["memory"]
    lines += [
        "",
        "| t s | RSS MiB | PSS MiB | processes |",
        "|---|---|---|---|",
    ]
    step = max(1, len(memory) // 12)
    for m in [*memory[::step], memory[-1]] if memory else []:
        lines.append(f"| {m['t']} | {m['rss_mb']} | {m['pss_mb']} | {m['processes']} |")
    lines += [
        "",
        f"Memory growth from the end of the attack's first minute to its end: "
        f"{results['memory_growth_after_first_minute']}. Tracebacks in the server's log: "
        f"{results['tracebacks']}; log lines: {results['log_lines']}.",
        "",
        "OK" if results["ok"] else "FAILED: " + "; ".join(results["problems"]),
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--duration", type=float, default=180.0, help="seconds of attack")
    parser.add_argument("--quiet", type=float, default=20.0, help="seconds without abusers first")
    parser.add_argument(
        "--clients", type=int, default=1, help="normal clients of each kind of request"
    )
    parser.add_argument("--abusers", type=int, default=2, help="abusive clients of each kind")
    parser.add_argument(
        "--think", type=float, default=0.05, help="seconds a normal client waits between requests"
    )
    parser.add_argument("--idle-sockets", type=int, default=200, help="idle sockets held")
    parser.add_argument("--sample", type=float, default=5.0, help="memory sampling interval")
    parser.add_argument("--max-growth-mb", type=float, default=64.0)
    parser.add_argument("--json", type=Path, help="also write the results as JSON here")
    args = parser.parse_args(argv)
    try:
        results = run(args)
    except AssertionError as error:  # a traceback in the server's log, found at its end
        print(f"soak.py: FAILED: {error}", file=sys.stderr)
        return 1
    except RuntimeError as error:
        print(f"soak.py: {error}", file=sys.stderr)
        return 2
    print(table(results))
    if args.json:
        args.json.write_text(json.dumps(results, indent=1) + "\n", encoding="utf-8")
    return 0 if results["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
