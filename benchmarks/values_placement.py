"""Where the remote backend puts bound parameters: a VALUES block after the whole query
(as it used to) or first inside the WHERE group (as it does now), measured on a real
Oxigraph server holding the shipped data, with the stored query `reference-supports`.

    python -m benchmarks.values_placement [--seconds 3] [--rounds 3]

Both forms are sent the same way (GET, one keep-alive connection, one request at a time)
and answer the same rows; rounds alternate so a busy machine slows both alike. Writes
benchmarks/results/values-placement.md (requests per second, median of the rounds, and
their ratio) with the command and the machine's load.
"""

from __future__ import annotations

import argparse
import http.client
import os
import statistics
import tempfile
import time
import urllib.parse
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import XSD

from tests.support.loopback import oxigraph_server
from warkg.catalogue import stored as stored_queries
from warkg.engines.remote import values_block
from warkg.engines.upload import load_remote
from warkg.sparql import checks as sparql
from warkg.sparql import protocol as sparql_protocol

HERE = Path(__file__).resolve().parent
QUERY = "reference-supports"


def texts() -> dict[str, str]:
    """The two forms of the query, with reference 57 bound."""
    stored = stored_queries.get_query(QUERY)
    prepared = sparql.prepare(stored.text, QUERY)
    bindings = {"reference": Literal("57", datatype=XSD.positiveInteger)}
    after = prepared.text + values_block(bindings)
    inside = sparql_protocol.bind_in_where(prepared.text, bindings)
    return {
        "after the query (before)": sparql_protocol.prologue_for(after) + after,
        "inside the WHERE group (now)": sparql_protocol.prologue_for(inside) + inside,
    }


def server_pid() -> int:
    """The pid of the `oxigraph serve` this process started (its only oxigraph child)."""
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
            name = stat.read_text().split("(", 1)[1].rsplit(")", 1)[0]
        except OSError:
            continue
        if int(fields[1]) == os.getpid() and name == "oxigraph":
            return int(stat.parent.name)
    raise RuntimeError("no oxigraph child process")


def cpu_seconds(pid: int) -> float:
    """User + system CPU time the process has used so far."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def rate(
    connection: http.client.HTTPConnection, path: str, seconds: float, pid: int
) -> tuple[float, float, bytes]:
    """Requests answered per second over `seconds`, the server's CPU milliseconds per
    request, and the last answer."""
    count, body, end = 0, b"", time.monotonic() + seconds
    started, cpu = time.monotonic(), cpu_seconds(pid)
    while time.monotonic() < end:
        connection.request("GET", path, headers={"Accept": "application/sparql-results+json"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise RuntimeError(f"{response.status}: {body[:200]!r}")
        count += 1
    cpu_ms = (cpu_seconds(pid) - cpu) * 1000 / count
    return count / (time.monotonic() - started), cpu_ms, body


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--output", type=Path, default=HERE / "results" / "values-placement.md")
    args = parser.parse_args()
    load_before = os.getloadavg()
    forms = texts()
    rates: dict[str, list[float]] = {name: [] for name in forms}
    cpu: dict[str, list[float]] = {name: [] for name in forms}
    answers: dict[str, bytes] = {}
    with tempfile.TemporaryDirectory() as tmp, oxigraph_server(Path(tmp)) as endpoint:
        load_remote(endpoint)
        parts = urllib.parse.urlsplit(endpoint)
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=60)
        paths = {
            name: f"{parts.path}?{urllib.parse.urlencode({'query': text})}"
            for name, text in forms.items()
        }
        pid = server_pid()
        for _ in range(args.rounds):
            for name, path in paths.items():
                measured, cpu_ms, answers[name] = rate(connection, path, args.seconds, pid)
                rates[name].append(measured)
                cpu[name].append(cpu_ms)
        connection.close()
    first, second = forms
    if answers[first] != answers[second]:
        raise SystemExit("the two forms answered differently")
    medians = {name: statistics.median(values) for name, values in rates.items()}
    command = (
        f"python -m benchmarks.values_placement --seconds {args.seconds:g} --rounds {args.rounds}"
    )
    lines = [
        "# Bound parameters: VALUES after the query or inside the WHERE group",
        "",
        f"Stored query `{QUERY}` with `reference=57`, GET, one keep-alive connection, on",
        "Oxigraph server (`oxigraph serve`, the PyPI package) holding the shipped ontology",
        f"and triples. Median of {args.rounds} alternating rounds of {args.seconds:g} s each.",
        "",
        f"Command: `{command}`",
        f"Load average before the run (1, 5, 15 min): {', '.join(f'{x:.2f}' for x in load_before)}"
        f" on {os.cpu_count()} cores (shared with other jobs: compare the ratio, not the rates).",
        "",
        "| VALUES placed | requests/s (median) | rounds | server CPU ms/request (median) |",
        "|---|---|---|---|",
    ]
    cpu_medians = {name: statistics.median(values) for name, values in cpu.items()}
    for name, values in rates.items():
        rounds = ", ".join(f"{v:.0f}" for v in values)
        lines.append(f"| {name} | {medians[name]:.0f} | {rounds} | {cpu_medians[name]:.2f} |")
    ratio = medians[second] / medians[first]
    cpu_ratio = cpu_medians[first] / cpu_medians[second]
    lines += [
        "",
        f"Ratio (inside / after): {ratio:.1f}x the requests per second, {cpu_ratio:.1f}x less "
        "server CPU per request (CPU time is the steadier measure on a shared machine); "
        "both forms gave the same answer.",
        "",
    ]
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
