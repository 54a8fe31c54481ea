"""The `warkg serve` command. Only click is imported here: the server's own modules
(Starlette, uvicorn, the worker pool) load when the command runs, so `warkg --help`
and every other command stay as fast as they were."""

from __future__ import annotations

from pathlib import Path

import click

from warkg.server import config as defaults
from warkg.server.config import Limits, ServerConfig


def _base_url(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """An absolute http(s) URL without query or fragment, ending in `/`."""
    if value is None:
        return None
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(value)
        parts.port  # noqa: B018 (raises ValueError for a port that is not a number)
    except ValueError:
        raise click.BadParameter(f"{value!r} is not a URL") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise click.BadParameter(f"{value!r} is not an http:// or https:// URL with a host")
    if parts.query or parts.fragment or any(c in value for c in ' <>"\\{}|^`'):
        raise click.BadParameter(f"{value!r}: give the URL without query, fragment or spaces")
    return value if value.endswith("/") else value + "/"


def _networks(
    ctx: click.Context, param: click.Parameter, values: tuple[str, ...]
) -> tuple[str, ...]:
    """Each value an IP address or network (CIDR)."""
    import ipaddress

    for value in values:
        try:
            ipaddress.ip_network(value, strict=False)
        except ValueError:
            raise click.BadParameter(f"{value!r} is not an IP address or network") from None
    return values


ACCESS_LOG_FORMATS = ("common", "json")


@click.command("serve")
@click.option(
    "--host",
    default=defaults.DEFAULT_HOST,
    show_default=True,
    help="Address to listen on; anything but loopback is reachable from other machines.",
)
@click.option(
    "--port",
    type=click.IntRange(0, 65535),
    default=defaults.DEFAULT_PORT,
    show_default=True,
    help="TCP port (0: any free port; the URL is printed).",
)
@click.option(
    "--backend",
    "-b",
    type=click.Choice(defaults.BACKENDS),
    default=defaults.DEFAULT_BACKEND,
    show_default=True,
    help="Query engine.",
)
@click.option(
    "--data",
    "data_paths",
    multiple=True,
    type=click.Path(path_type=Path),
    help="Serve these Turtle files or folders (repeatable; default: the shipped "
    "triples/), with the shipped ontology.",
)
@click.option(
    "--timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=defaults.DEFAULT_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Time limit per query (its worker is killed) and for waiting for a worker.",
)
@click.option(
    "--max-rows",
    type=click.IntRange(min=1),
    default=defaults.DEFAULT_MAX_ROWS,
    show_default=True,
    help="Most rows (or triples) in one answer; more is a 422.",
)
@click.option(
    "--max-request-bytes",
    type=click.IntRange(min=1024),
    default=defaults.DEFAULT_MAX_REQUEST_BYTES,
    show_default=True,
    help="Largest request body or GET query string; more is a 413.",
)
@click.option(
    "--workers",
    type=click.IntRange(1, 64),
    default=defaults.DEFAULT_WORKERS,
    show_default=True,
    help="Worker processes running queries and making pages in parallel; ad-hoc "
    "queries may hold all but one, which is kept for the pages and stored queries.",
)
@click.option(
    "--worker-memory",
    type=click.IntRange(min=0),
    default=defaults.DEFAULT_WORKER_MEMORY_MB,
    show_default=True,
    metavar="MIB",
    help="Address-space limit per worker (0: none).",
)
@click.option(
    "--max-connections",
    type=click.IntRange(min=1),
    default=defaults.DEFAULT_MAX_CONNECTIONS,
    show_default=True,
    help="Concurrent connections before new ones get 503.",
)
@click.option(
    "--cors-origin",
    "cors_origins",
    multiple=True,
    metavar="ORIGIN",
    help="Allow cross-origin requests from ORIGIN (repeatable; * for any). Off by default.",
)
@click.option(
    "--max-answer-bytes",
    type=click.IntRange(min=1024),
    default=defaults.DEFAULT_MAX_ANSWER_BYTES,
    show_default=True,
    help="Largest answer body; more is a 422.",
)
@click.option(
    "--header-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=defaults.DEFAULT_HEADER_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Time for a request's headers to arrive; then 408 and the connection closed.",
)
@click.option(
    "--body-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=defaults.DEFAULT_BODY_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="Time for a request's body to arrive once its headers have; then 408.",
)
@click.option(
    "--keep-alive-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=defaults.DEFAULT_KEEP_ALIVE_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="How long an idle keep-alive connection stays open.",
)
@click.option(
    "--send-timeout",
    type=click.FloatRange(min=0, min_open=True),
    default=defaults.DEFAULT_SEND_TIMEOUT,
    show_default=True,
    metavar="SECONDS",
    help="How long a client may read nothing of its answer before it is cut off.",
)
@click.option(
    "--access-log",
    is_flag=False,
    flag_value="-",
    default=None,
    metavar="[FILE]",
    help="Write one line per request to FILE (appended), or to standard output if no "
    "FILE is given.",
)
@click.option(
    "--access-log-format",
    type=click.Choice(ACCESS_LOG_FORMATS),
    default=ACCESS_LOG_FORMATS[0],
    show_default=True,
    help="common: the Common Log Format; json: one JSON object per line.",
)
@click.option(
    "--reconcile-workers",
    type=click.IntRange(1, 64),
    default=defaults.DEFAULT_RECONCILE_WORKERS,
    show_default=True,
    help="Worker processes answering reconciliation requests.",
)
@click.option(
    "--client-limit",
    type=click.IntRange(min=1),
    default=defaults.DEFAULT_CLIENT_LIMIT,
    show_default=True,
    help="Requests one client may have in progress in each kind of work (queries, "
    "pages, reconciliation); more get 429 with Retry-After.",
)
@click.option(
    "--trusted-proxy",
    "trusted_proxies",
    multiple=True,
    callback=_networks,
    metavar="ADDRESS",
    help="A reverse proxy (address or network, repeatable) whose X-Forwarded-For names "
    "the client; off by default (the peer address is the client).",
)
@click.option(
    "--base-url",
    default=None,
    callback=_base_url,
    metavar="URL",
    help="The server's public URL, used in every absolute URL it writes (service "
    "description, base IRI of queries); default: the listening address. The Host "
    "header is never used.",
)
def serve(
    host: str,
    port: int,
    backend: str,
    data_paths: tuple[Path, ...],
    timeout: float,
    max_rows: int,
    max_request_bytes: int,
    workers: int,
    worker_memory: int,
    max_connections: int,
    cors_origins: tuple[str, ...],
    max_answer_bytes: int,
    header_timeout: float,
    body_timeout: float,
    keep_alive_timeout: float,
    send_timeout: float,
    access_log: str | None,
    access_log_format: str,
    reconcile_workers: int,
    client_limit: int,
    trusted_proxies: tuple[str, ...],
    base_url: str | None,
) -> int:
    """Serve the graph read-only over HTTP: a SPARQL 1.1 endpoint (/sparql), the stored
    queries (/queries), the whole graph (/graph.ttl) and pages to browse claims and
    their sources (/). Stops on Ctrl-C."""
    from warkg.server.run import run

    config = ServerConfig(
        host=host,
        port=port,
        backend=backend,
        data_paths=data_paths,
        limits=Limits(
            timeout=timeout,
            max_rows=max_rows,
            max_request_bytes=max_request_bytes,
            max_answer_bytes=max_answer_bytes,
        ),
        workers=workers,
        worker_memory_mb=worker_memory,
        max_connections=max_connections,
        cors_origins=cors_origins,
        access_log=access_log,
        access_log_format=access_log_format,
        reconcile_workers=reconcile_workers,
        client_limit=client_limit,
        trusted_proxies=trusted_proxies,
        base_url=base_url,
        header_timeout=header_timeout,
        body_timeout=body_timeout,
        keep_alive_timeout=keep_alive_timeout,
        send_timeout=send_timeout,
    )
    return run(config)
