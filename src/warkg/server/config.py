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

DEFAULT_WORKERS = 4
"""Worker processes that run queries, each holding its own copy of the data."""

DEFAULT_WORKER_MEMORY_MB = 2048
"""Address-space limit of each worker process, in MiB (0: none)."""

DEFAULT_MAX_CONNECTIONS = 100
"""Open connections (and so requests in progress) before new ones get 503."""


@dataclass(frozen=True)
class Limits:
    """The limits every request is held to."""

    timeout: float = DEFAULT_TIMEOUT
    max_rows: int = DEFAULT_MAX_ROWS
    max_request_bytes: int = DEFAULT_MAX_REQUEST_BYTES


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
    access_log: bool = False
    base_url: str | None = None
