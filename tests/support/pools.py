"""A stand-in for the server's worker pools, for tests of what the server does with a
job's reply (tests/server/test_protocol_lane.py, test_direct_lane.py)."""

from __future__ import annotations

import random
from pathlib import Path

from warkg.server.workers.jobs import Reply
from warkg.server.workers.queries import SparqlJob


class Echo:
    """Stands where the worker pools are: a reply that shows the job it was given, and
    for some queries the other kinds of reply a pool gives (headers of its own, a
    large answer in a file, a status without a body)."""

    def __init__(self, spool_dir: Path) -> None:
        self.spool_dir = spool_dir

    async def run(self, job: SparqlJob, lane: str, client: str = "") -> Reply:
        shown = f"{lane} {client} {job.text!r} {job.accept!r} {job.format!r}\n".encode()
        if "busy" in job.text:
            return Reply(429, "text/plain; charset=utf-8", shown, {"Retry-After": "10"})
        if "large" in job.text:
            spool = self.spool_dir / f"answer-{random.random()}"
            spool.write_bytes(shown * 100)
            return Reply(200, "application/sparql-results+json", b"", {}, spool)
        if "nothing" in job.text:
            return Reply(204, "text/plain", b"")
        return Reply(200, "application/sparql-results+json", shown)
