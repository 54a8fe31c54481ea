"""The `warkg serve` command itself: every limit has a flag whose default `--help` shows
and the documentation states; bad input is one line and exit 2; SIGTERM stops it cleanly; and
its connections send small answers at once (TCP_NODELAY).
"""

from __future__ import annotations

import asyncio
import re
import socket
import time
from pathlib import Path

import click
import pytest

from tests.support.serving import alive, request, warkg_server
from warkg.cli import main as cli
from warkg.cli.serve import serve
from warkg.server import config, run

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "public-endpoint.md"

DEFAULTS = {
    "--host": config.DEFAULT_HOST,
    "--port": config.DEFAULT_PORT,
    "--backend": config.DEFAULT_BACKEND,
    "--timeout": config.DEFAULT_TIMEOUT,
    "--max-rows": config.DEFAULT_MAX_ROWS,
    "--max-request-bytes": config.DEFAULT_MAX_REQUEST_BYTES,
    "--workers": config.DEFAULT_WORKERS,
    "--worker-memory": config.DEFAULT_WORKER_MEMORY_MB,
    "--max-connections": config.DEFAULT_MAX_CONNECTIONS,
    "--max-answer-bytes": config.DEFAULT_MAX_ANSWER_BYTES,
    "--header-timeout": config.DEFAULT_HEADER_TIMEOUT,
    "--body-timeout": config.DEFAULT_BODY_TIMEOUT,
    "--keep-alive-timeout": config.DEFAULT_KEEP_ALIVE_TIMEOUT,
    "--send-timeout": config.DEFAULT_SEND_TIMEOUT,
    "--reconcile-workers": config.DEFAULT_RECONCILE_WORKERS,
    "--client-limit": config.DEFAULT_CLIENT_LIMIT,
    "--access-log-format": "common",
}
"""Every flag with a default, and that default as config.py gives it."""


def _options() -> dict[str, click.Option]:
    return {
        max(p.opts, key=len): p
        for p in serve.params
        if isinstance(p, click.Option) and p.name != "help"
    }


def _readme_flags() -> dict[str, str]:
    """The flag table of the public-endpoint guide: flag -> default as written."""
    text = GUIDE.read_text(encoding="utf-8")
    section = text[text.index("\n## 3. Set the limits\n") :]
    section = section[: section.index("\n## ", 1)]
    return dict(re.findall(r"^\| `(--[a-z-]+)` \| ([^|]+?) \|", section, re.M))


def test_every_default_is_a_flag_with_its_default() -> None:
    options = _options()
    assert len(options) == 22
    with_defaults = {
        name
        for name, option in options.items()
        if not (option.multiple or option.is_flag or name in ("--base-url", "--access-log"))
    }
    assert with_defaults == set(DEFAULTS)
    for name, value in DEFAULTS.items():
        assert options[name].default == value, name
        assert options[name].show_default, name


def test_help_shows_every_default(capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["serve", "--help"]) == 0
    shown = " ".join(capsys.readouterr().out.split())
    for name, value in DEFAULTS.items():
        # the nearest "[default: ...]" after the flag is its own: every one of these has one
        assert re.search(rf"{name} .*?\[default: {re.escape(str(value))}[;\]]", shown), name


def test_readme_states_every_flag_and_its_default() -> None:
    documented = _readme_flags()
    assert set(documented) == set(_options()) - {"--data"}
    for name, value in DEFAULTS.items():
        number = f"{value:g}" if isinstance(value, float) else str(value)
        assert documented[name].split()[0] == f"`{number}`", (name, documented[name])
    assert documented["--cors-origin"] == "none (CORS off)"
    assert documented["--base-url"] == "the listening address"
    assert documented["--trusted-proxy"] == "none"
    assert documented["--access-log"] == "off"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--data", "/nonexistent/triples.ttl"], "warkg: /nonexistent/triples.ttl: no such file"),
        (
            ["--workers", "0"],
            "warkg: Invalid value for '--workers': 0 is not in the range "
            "1<=x<=64. (see warkg serve --help)",
        ),
        (
            ["--base-url", "w3id.org/warkg"],
            "warkg: Invalid value for '--base-url': 'w3id.org/warkg' is not an http:// or "
            "https:// URL with a host (see warkg serve --help)",
        ),
        (
            ["--backend", "blazegraph"],
            "warkg: Invalid value for '--backend' / '-b': "
            "'blazegraph' is not one of 'oxigraph', 'rdflib'. (see warkg serve --help)",
        ),
    ],
)
def test_bad_input_is_one_line_and_exit_2(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    assert cli.main(["serve", *args]) == 2
    assert capsys.readouterr().err == message + "\n"


def test_port_taken_is_one_line_and_exit_2(capsys: pytest.CaptureFixture[str]) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        assert cli.main(["serve", "--port", str(port)]) == 2
    assert capsys.readouterr().err == (
        f"warkg: cannot listen on 127.0.0.1:{port}: Address already in use\n"
    )


def test_accepted_connections_have_tcp_nodelay() -> None:
    """uvicorn writes an answer's head and body separately; without TCP_NODELAY the body
    waits for the client's delayed ACK, ~40 ms per request on a kept-alive connection.
    asyncio sets it only on sockets whose proto is TCP, which `_listen` must give."""

    async def accept_one() -> int:
        sock = run.listen("127.0.0.1", 0)
        accepted: asyncio.Future[int] = asyncio.get_running_loop().create_future()

        async def on_connect(reader: asyncio.StreamReader, writer: asyncio.StreamWriter):
            option = writer.get_extra_info("socket").getsockopt(
                socket.IPPROTO_TCP, socket.TCP_NODELAY
            )
            accepted.set_result(option)
            writer.close()

        server = await asyncio.start_server(on_connect, sock=sock)
        async with server:
            _, writer = await asyncio.open_connection(*sock.getsockname())
            option = await asyncio.wait_for(accepted, 10)
            writer.close()
        return option

    assert asyncio.run(accept_one()) != 0


def test_sigterm_stops_workers_and_removes_the_snapshot(tmp_path: Path) -> None:
    with warkg_server("--workers", "2", env={"TMPDIR": str(tmp_path)}) as server:
        snapshots = list(tmp_path.glob("warkg-serve-*"))
        assert len(snapshots) == 1
        assert {p.name for p in snapshots[0].iterdir()} == {
            "worker.nt",
            "graph.ttl",
            "graph.nt",
            "graph.jsonld",
            "graph.rdf",
        }
        workers = server.worker_pids()
        assert len(workers) == 3  # two query workers, one reconciliation worker
        assert request(f"{server.url}/queries").status == 200
        server.process.terminate()
        assert server.process.wait(timeout=20) == 0
        assert server.stderr[-1].startswith("warkg serve: http://127.0.0.1:")  # no traceback
    deadline = time.monotonic() + 10
    while any(alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not any(alive(pid) for pid in workers)
    assert list(tmp_path.iterdir()) == []
