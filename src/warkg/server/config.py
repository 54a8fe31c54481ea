"""The server's settings and their defaults, in one place so `warkg serve --help`, the
README and the code cannot disagree.

Every limit exists because the endpoint is meant to be left running: a query that would
run for hours, return millions of rows or arrive as a 1 GB body must be stopped by the
server, not by whoever happens to notice.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
DEFAULT_BACKEND = "oxigraph"
BACKENDS = ("oxigraph", "rdflib")

DEFAULT_TIMEOUT = 10.0
"""Seconds a query may run in its worker before the worker is killed (and replaced); also
the longest a request waits for a free worker."""

DEFAULT_MAX_ROWS = 10_000
"""Most result rows (SELECT) or triples (CONSTRUCT, DESCRIBE) one answer may have."""

DEFAULT_MAX_REQUEST_BYTES = 65_536
"""Largest request body, or query string of a GET, in bytes."""

DEFAULT_WORKERS = 5
"""Worker processes that run queries and make pages, each holding its own copy of the
data. Ad-hoc queries may use all of them but one, which is kept for the pages, Linked
Data and stored queries: four for ad-hoc queries, as many as ran them before the site
had a worker of its own."""

DEFAULT_RECONCILE_WORKERS = 1
"""Worker processes that answer reconciliation requests, each holding the entity index."""

DEFAULT_CLIENT_LIMIT = 8
"""Requests one client may have in progress (running or waiting) in each kind of work:
ad-hoc queries, the site, reconciliation. More get 429 with Retry-After."""

DEFAULT_WORKER_MEMORY_MB = 2048
"""Address-space limit of each worker process, in MiB (0: none)."""

DEFAULT_MAX_CONNECTIONS = 1000
"""Open connections; when full, the one idle for longest is closed for a new one, and
only if every one has a request in progress does the new one get 503."""

DEFAULT_MAX_ANSWER_BYTES = 16 * 1024 * 1024
"""Largest answer body in bytes; a bigger one is refused with 422 and one line."""

DEFAULT_HEADER_TIMEOUT = 10.0
"""Seconds for a request's head to arrive once a connection opens or wakes up."""

DEFAULT_BODY_TIMEOUT = 10.0
"""Seconds for a request's body to arrive once its head has."""

DEFAULT_KEEP_ALIVE_TIMEOUT = 5.0
"""Seconds an idle keep-alive connection stays open after a response."""

DEFAULT_SEND_TIMEOUT = 30.0
"""Seconds a client may read nothing of its answer before the connection is dropped."""


@dataclass(frozen=True)
class Limits:
    """The limits every request is held to."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES
    max_answer_bytes: int = DEFAULT_MAX_ANSWER_BYTES


@dataclass(frozen=True)
class ServerConfig:
    """What `warkg serve` was asked for: where to listen, what to load, which limits."""

    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    backend: str = DEFAULT_BACKEND
    data_paths: tuple[Path, ...] = ()
    limits: Limits = field(default_factory=Limits)
    workers: int = DEFAULT_WORKERS
    worker_memory_mb: int = DEFAULT_WORKER_MEMORY_MB
    max_connections: int = DEFAULT_MAX_CONNECTIONS
    cors_origins: tuple[str, ...] = ()
    access_log: str | None = None
    """Where to write one line per request: a file, `-` for standard output, or None."""
    access_log_format: str = "common"
    base_url: str | None = None
    header_timeout: float = DEFAULT_HEADER_TIMEOUT
    body_timeout: float = DEFAULT_BODY_TIMEOUT
    keep_alive_timeout: float = DEFAULT_KEEP_ALIVE_TIMEOUT
    send_timeout: float = DEFAULT_SEND_TIMEOUT
    reconcile_workers: int = DEFAULT_RECONCILE_WORKERS
    client_limit: int = DEFAULT_CLIENT_LIMIT
    trusted_proxies: tuple[str, ...] = ()
    """Addresses or networks of reverse proxies whose X-Forwarded-For is believed."""

    @property
    def public_url(self) -> str:
        """The URL every absolute URL the server writes starts with: --base-url, else
        the listening address. Never the Host header, which the client chooses."""
        if self.base_url:
            return self.base_url
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}/"
