"""How long the query check takes on the queries that took rdflib's parser seconds:
the linear-time scan (`sparql.check`, in front of pyoxigraph) against rdflib's parser
(`sparql.prepare`), on the same texts in the same run; and pyoxigraph's own run for scale.

    python -m benchmarks.query_check

Writes benchmarks/results/query-check.txt (CPU seconds, the best of 3 runs).
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from warkg.engines.opening import open_graph
from warkg.sparql import checks as sparql

QUERIES = {
    "IN list of 5,000 (24 KB)": "SELECT * { ?s ?p ?o FILTER(?o IN ("
    + ",".join(map(str, range(5000)))
    + ")) } LIMIT 1",
    "2,000-term ||": "SELECT * { ?s ?p ?o FILTER("
    + " || ".join(f"?o = {i}" for i in range(2000))
    + ") }",
    "1,000 UNIONs": "SELECT * WHERE { "
    + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(1000))
    + " }",
    "64 KB of comment": "SELECT * WHERE { ?s ?p ?o } LIMIT 1 #" + "x" * 65_000,
    "64 KB of one-letter names": "SELECT * {" + " a" * 32_000 + " }",
    "64 KB of '<a' (not IRIs)": "SELECT * {" + "<a" * 32_000 + " }",
    "64 KB of '{}'": "SELECT * " + "{}" * 32_000,
}


def best(function, repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        started = time.process_time()
        function()
        times.append(time.process_time() - started)
    return min(times)


def main() -> None:
    store = open_graph("oxigraph").store
    lines = [
        f"# {' '.join(sys.argv)}  (python -m benchmarks.query_check)",
        f"# load: {os.getloadavg()[0]:.2f} {os.getloadavg()[1]:.2f} {os.getloadavg()[2]:.2f}",
        "query | bytes | scan check s | rdflib parse s | ratio | pyoxigraph run s",
    ]
    for name, text in QUERIES.items():
        scan = best(lambda text=text: sparql.check.__wrapped__(text))
        if len(text) <= 30_000 and "UNION" not in text:  # rdflib takes seconds
            rdflib = best(lambda text=text: sparql.prepare.__wrapped__(text), repeat=1)
            shown = f"{rdflib:.3f} | {rdflib / scan:.0f}x"
        else:
            shown = "not run | -"
        try:
            run = f"{best(lambda text=text: list(store.query(text)), repeat=1):.3f}"
        except SyntaxError:
            run = "syntax error"
        lines.append(f"{name} | {len(text)} | {scan:.4f} | {shown} | {run}")
    output = "\n".join(lines) + "\n"
    print(output, end="")
    results = Path(__file__).parent / "results"
    results.mkdir(exist_ok=True)
    (results / "query-check.txt").write_text(output, encoding="utf-8")


if __name__ == "__main__":
    main()
