"""What every endpoint shares: the settings, the worker pools and their lanes, the data
snapshot, the stored queries and the public URL; and how a request's job is run in its
lane for its client."""

from __future__ import annotations

from dataclasses import dataclass, field

from starlette.requests import Request
from starlette.types import Scope

from warkg.catalogue import stored as stored_queries
from warkg.catalogue.stored import StoredQuery
from warkg.server.config import Limits, ServerConfig
from warkg.server.snapshot import Snapshot
from warkg.server.workers.admission import Lane
from warkg.server.workers.jobs import Job, Reply
from warkg.server.workers.pool import WorkerPool, retry_after


def lanes(timeout: float) -> tuple[Lane, Lane, Lane]:
    """The kinds of work: the site (pages, Linked Data, stored queries: known, bounded
    cost), ad-hoc SPARQL (any cost up to the time limit: kept out of the site's reserved
    worker), and reconciliation (its own workers)."""
    wait = retry_after(timeout)
    return (
        Lane("site", capped=False),
        Lane("sparql", capped=True, retry_after=wait),
        Lane("reconcile", capped=False, retry_after=wait),
    )


SITE, SPARQL, RECONCILE = (lane.name for lane in lanes(1.0))


@dataclass
class ServerState:
    config: ServerConfig
    pool: WorkerPool
    """The query workers: the site's lane and the ad-hoc queries' lane."""
    reconcile_pool: WorkerPool
    snapshot: Snapshot
    queries: dict[str, StoredQuery] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Read once: the names and parameters the server promises must not change under it.
        if not self.queries:
            self.queries = {q.name: q for q in stored_queries.list_queries()}

    @property
    def limits(self) -> Limits:
        return self.config.limits

    @property
    def base_url(self) -> str:
        return self.config.public_url

    async def run(self, job: Job, lane: str, request: Request) -> Reply:
        """`job`'s reply, run in `lane` for the request's client (see `http.clients`)."""
        return await self.run_for(job, lane, request.scope)

    async def run_for(self, job: Job, lane: str, scope: Scope) -> Reply:
        """`run`, for the request of an ASGI `scope`."""
        pool = self.reconcile_pool if lane == RECONCILE else self.pool
        client = scope.get("warkg.client") or _peer(scope)
        return await pool.run(job, lane, client)


def _peer(scope: Scope) -> str:
    peer = scope.get("client")
    return peer[0] if peer else "-"
