"""Running `warkg serve`: load the data once, start the workers (the query workers and
the reconciliation workers), listen, and serve with uvicorn and our connection policy
until Ctrl-C or SIGTERM; then stop the workers and remove the snapshot."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import ipaddress
import logging
import resource
import signal
import socket
import sys
import tempfile
from collections.abc import AsyncIterator
from pathlib import Path

from starlette.applications import Starlette

from warkg.errors import InputError
from warkg.server.app import create_app
from warkg.server.config import ServerConfig
from warkg.server.endpoints import sparql
from warkg.server.http import connections
from warkg.server.http.clients import ClientAddresses, networks
from warkg.server.snapshot import Snapshot, write_snapshot
from warkg.server.state import ServerState, lanes
from warkg.server.workers.engine import WorkerSettings
from warkg.server.workers.pool import WorkerPool


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _log_to_stderr() -> None:
    """The server's own warnings (a client that left, a worker that could not be
    replaced) as one line each on standard error, `warkg serve: ...`."""
    log = logging.getLogger("warkg.server")
    if not log.handlers:
        handler = logging.StreamHandler(sys.stderr)
        handler.setFormatter(logging.Formatter("warkg serve: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.WARNING)
        log.propagate = False


def listen(host: str, port: int) -> socket.socket:
    """A listening socket, bound before the workers start so a taken port fails fast.

    It is made with proto IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on accepted
    sockets whose proto says TCP, and without it every request after the first on a
    keep-alive connection waits for the client's delayed ACK (uvicorn writes head and
    body separately; Nagle holds the body until that ACK)."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host, port))
    except OSError as error:
        sock.close()
        raise InputError(f"cannot listen on {host}:{port}: {error.strerror or error}") from None
    sock.listen(2048)
    sock.set_inheritable(False)
    return sock


def _pools(config: ServerConfig, snapshot: Snapshot) -> tuple[WorkerPool, WorkerPool]:
    """The query workers (the site's lane and ad-hoc queries', one worker kept for the
    site) and the reconciliation workers."""
    settings = WorkerSettings(
        backend=config.backend,
        snapshot=snapshot.worker_file,
        max_rows=config.limits.max_rows,
        memory_mb=config.worker_memory_mb,
        max_answer_bytes=config.limits.max_answer_bytes,
        spool_dir=snapshot.worker_file.parent,
        base_iri=config.public_url + "sparql",
    )
    site, sparql, reconcile = lanes(config.limits.timeout)
    timeout, limit = config.limits.timeout, config.client_limit
    pool = WorkerPool(
        settings, config.workers, timeout, (site, sparql), reserve=1, client_limit=limit
    )
    reconcile_pool = WorkerPool(
        dataclasses.replace(settings, reconcile=True),
        config.reconcile_workers,
        timeout,
        (reconcile,),
        client_limit=limit,
    )
    return pool, reconcile_pool


@contextlib.asynccontextmanager
async def serving(config: ServerConfig, snapshot: Snapshot) -> AsyncIterator[ServerState]:
    """The workers started (InputError if one cannot load the data), and stopped after."""
    pool, reconcile_pool = _pools(config, snapshot)
    try:
        await asyncio.gather(pool.start(), reconcile_pool.start())
        yield ServerState(config, pool, reconcile_pool, snapshot)
    finally:
        await asyncio.gather(pool.close(), reconcile_pool.close())


def app_with_workers(config: ServerConfig, snapshot: Snapshot) -> Starlette:
    """The application with its own workers, started and stopped by its lifespan: for
    Starlette's TestClient (the tests run the server in process this way) or any ASGI
    server that runs lifespans."""

    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        async with serving(config, snapshot) as state:
            app.state.warkg = state
            yield

    return create_app(config, lifespan=lifespan)


async def _serve(config: ServerConfig, snapshot: Snapshot, sock: socket.socket) -> None:
    import uvicorn

    async with serving(config, snapshot) as state:
        app = create_app(config, state)
        # the direct lane, where no access log line or CORS header is to be written
        lane = None
        if config.access_log is None and not config.cors_origins:
            addresses = ClientAddresses(networks(config.trusted_proxies))
            lane = sparql.direct_endpoint(state, addresses)
        server = uvicorn.Server(
            uvicorn.Config(
                app,
                lifespan="off",
                # The connection policy (timeouts, who gives way when full) is ours.
                http=connections.protocol_class(
                    connections.ConnectionPolicy(
                        config.max_connections,
                        config.header_timeout,
                        config.send_timeout,
                        max_request_bytes=config.limits.max_request_bytes,
                    ),
                    direct=lane,
                ),
                timeout_keep_alive=config.keep_alive_timeout,
                log_level="warning",
                access_log=False,  # ours: http.access_log
                server_header=False,
                proxy_headers=False,
            )
        )
        host, port = sock.getsockname()[:2]
        shown = f"[{host}]" if ":" in host else host

        async def announce() -> None:
            while not server.started:
                await asyncio.sleep(0.02)
            print(
                f"warkg serve: http://{shown}:{port}/ (SPARQL endpoint /sparql; "
                f"{snapshot.triples} triples; {config.backend}; {config.workers} workers; "
                f"timeout {config.limits.timeout:g} s)",
                file=sys.stderr,
                flush=True,
            )

        announcer = asyncio.create_task(announce())
        await server.serve(sockets=[sock])
        announcer.cancel()


def _raise_file_limit(max_connections: int) -> None:
    """Room for --max-connections sockets plus the workers' pipes and files: the soft
    descriptor limit (often 1024) raised as far as the hard one allows."""
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    wanted = max_connections + 256
    if soft != resource.RLIM_INFINITY and soft < wanted:
        target = wanted if hard == resource.RLIM_INFINITY else min(wanted, hard)
        if target > soft:
            resource.setrlimit(resource.RLIMIT_NOFILE, (target, hard))


class _Terminated(Exception):
    """SIGTERM arrived: stop as Ctrl-C stops us."""


def _event_loop_runner():
    """uvloop's runner where uvloop is installed (not on Windows): its event loop costs
    about half of asyncio's per request; else asyncio's."""
    try:
        import uvloop
    except ImportError:
        return asyncio.run
    return uvloop.run


def _on_sigterm(signum: int, frame: object) -> None:
    raise _Terminated


def run(config: ServerConfig) -> int:
    """`warkg serve`: load the data, start the workers, serve until interrupted.

    SIGTERM stops the server as Ctrl-C does, workers closed and the snapshot directory
    removed, with exit code 0. (uvicorn shuts down on SIGTERM, then sends the signal
    again to the handler it found; with the default one the process would die there,
    leaving the directory behind in /tmp.)"""
    _raise_file_limit(config.max_connections)
    _log_to_stderr()
    previous = signal.signal(signal.SIGTERM, _on_sigterm)
    try:
        with tempfile.TemporaryDirectory(prefix="warkg-serve-") as directory:
            snapshot = write_snapshot(config, Path(directory))
            sock = listen(config.host, config.port)
            if not _is_loopback(config.host):  # said only once the address is bound
                print(
                    f"warkg serve: listening on {config.host}, reachable from other machines",
                    file=sys.stderr,
                )
            if config.base_url is None:  # the listening address, with the port bound
                host, port = sock.getsockname()[:2]
                shown = f"[{host}]" if ":" in host else host
                config = dataclasses.replace(config, base_url=f"http://{shown}:{port}/")
            try:
                _event_loop_runner()(_serve(config, snapshot, sock))
            finally:
                sock.close()
    except (KeyboardInterrupt, _Terminated):
        pass
    finally:
        signal.signal(signal.SIGTERM, previous)
    return 0
