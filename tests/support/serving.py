"""`warkg serve` started by the tests themselves, on 127.0.0.1 with a port the kernel
picks (`--port 0`; the server prints its URL), in a subprocess exactly as a user runs it.
Also plain HTTP helpers, and a look at the server's worker processes through /proc, so a
test can tell that a killed query really stopped using the CPU.
"""

from __future__ import annotations

import itertools
import os
import queue
import re
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from tests.support.loopback import stop

if TYPE_CHECKING:
    from starlette.testclient import TestClient

_ANNOUNCEMENT = re.compile(r"^warkg serve: (http://127\.0\.0\.1:\d+)/ ")
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8")


def request(
    url: str,
    *,
    data: bytes | None = None,
    headers: dict[str, str] | None = None,
    method: str | None = None,
    timeout: float = 30,
) -> Answer:
    """One HTTP request; the status, headers (lower-case names) and body of any answer.
    A URL of a server run in process (`in_process_server`) goes to its TestClient,
    redirects followed as urllib follows them."""
    for base, client in _IN_PROCESS.items():
        if url == base or url.startswith(base + "/"):
            answer = client.request(
                method or ("POST" if data is not None else "GET"),
                url[len(base) :] or "/",  # the server's paths start at its public URL
                content=data,
                headers=headers or {},
                follow_redirects=True,
            )
            return Answer(answer.status_code, dict(answer.headers.items()), answer.content)
    req = urllib.request.Request(url, data=data, headers=headers or {}, method=method)
    try:
        with urllib.request.urlopen(req, timeout=timeout) as response:
            return Answer(
                response.status,
                {k.lower(): v for k, v in response.headers.items()},
                response.read(),
            )
    except urllib.error.HTTPError as error:
        return Answer(error.code, {k.lower(): v for k, v in error.headers.items()}, error.read())


def _process_table() -> dict[int, tuple[int, int]]:
    """pid -> (parent pid, CPU ticks used: user + system) for every process."""
    table = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        table[int(entry)] = (int(fields[1]), int(fields[11]) + int(fields[12]))
    return table


@dataclass
class RunningServer:
    url: str
    process: subprocess.Popen
    stderr: list[str] = field(default_factory=list)

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"

    def children(self) -> set[int]:
        """The server's own child processes (the forkserver, the resource tracker)."""
        return {pid for pid, (parent, _) in _process_table().items() if parent == self.process.pid}

    def worker_pids(self) -> set[int]:
        """The query workers: children of the forkserver, the server's child."""
        table = _process_table()
        children = {pid for pid, (parent, _) in table.items() if parent == self.process.pid}
        return {pid for pid, (parent, _) in table.items() if parent in children}

    def cpu_seconds(self, extra: set[int] = frozenset()) -> float:
        """CPU time used so far by the server, every process under it and `extra`
        (processes that might have left the tree), those still alive."""
        table = _process_table()
        family, grew = {self.process.pid, *extra}, True
        while grew:
            more = {pid for pid, (parent, _) in table.items() if parent in family} - family
            family |= more
            grew = bool(more)
        return sum(table[pid][1] for pid in family if pid in table) / CLOCK_TICKS


def alive(pid: int) -> bool:
    """Whether process `pid` exists and is not a zombie."""
    try:
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


@contextmanager
def warkg_server(
    *args: str, wait: float = 60.0, env: dict[str, str] | None = None
) -> Iterator[RunningServer]:
    """`python -m warkg serve --port 0 ARGS...` (with `env` added to the environment);
    yields once it has printed its URL, and stops it (SIGTERM, then SIGKILL) afterwards.

    Whatever the tests did to it, its log must hold no traceback: misbehaving clients get
    one warning line each (AssertionError at the end otherwise)."""
    process = subprocess.Popen(
        [sys.executable, "-m", "warkg", "serve", "--port", "0", *args],
        env={**os.environ, **(env or {})},
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines: queue.Queue[str | None] = queue.Queue()
    collected: list[str] = []

    def drain() -> None:  # keep reading, so the server never blocks on a full pipe
        assert process.stderr is not None
        for line in process.stderr:
            collected.append(line)
            lines.put(line)
        lines.put(None)

    threading.Thread(target=drain, daemon=True).start()
    try:
        deadline = time.monotonic() + wait
        url = None
        while url is None:
            try:
                line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
            except queue.Empty:
                raise RuntimeError(f"warkg serve printed no URL within {wait} s") from None
            if line is None:
                raise RuntimeError(f"warkg serve exited: {''.join(collected)}")
            if match := _ANNOUNCEMENT.match(line):
                url = match.group(1)
        yield RunningServer(url, process, collected)
    finally:
        stop(process, wait=15)
    assert_no_traceback(collected)


def assert_no_traceback(log: list[str]) -> None:
    """No line of a server's log starts a traceback."""
    found = [i for i, line in enumerate(log) if line.startswith("Traceback")]
    if found:
        raise AssertionError("a traceback in the server's log:\n" + "".join(log[found[0] :][:60]))


_IN_PROCESS: dict[str, TestClient] = {}
"""The servers run in process: their URL -> their TestClient."""
_PORTS = itertools.count(47001)


@dataclass
class InProcessServer:
    """A server run in process: `url` (the public URL, as the server writes it) and the
    TestClient it answers through; `request` sends `url`'s requests there."""

    url: str
    client: TestClient
    stderr: list[str] = field(default_factory=list)

    @property
    def sparql(self) -> str:
        return f"{self.url}/sparql"


@contextmanager
def in_process_server(directory: Path, **settings: object) -> Iterator[InProcessServer]:
    """`in_process`, reached through `request` at the server's own URL, so a test written
    for `warkg_server` runs unchanged where it needs no socket of its own."""
    settings.setdefault("port", next(_PORTS))  # a URL of its own (nothing listens there)
    with in_process(directory, **settings) as client:
        from warkg.server.config import ServerConfig

        config = ServerConfig(**{"workers": 1, **settings})  # type: ignore[arg-type]
        url = config.public_url.rstrip("/")
        _IN_PROCESS[url] = client
        try:
            yield InProcessServer(url, client)
        finally:
            _IN_PROCESS.pop(url, None)


@contextmanager
def in_process(directory: Path, **settings: object) -> Iterator[TestClient]:
    """The server's application in this process, with its real worker processes, for
    Starlette's TestClient: every route answers as `warkg serve` answers it, without a
    socket. `settings` are ServerConfig's fields (`workers=1`, `base_url=...`)."""
    from starlette.testclient import TestClient

    from warkg.server.config import ServerConfig
    from warkg.server.run import app_with_workers
    from warkg.server.snapshot import write_snapshot

    config = ServerConfig(**{"workers": 1, **settings})  # type: ignore[arg-type]
    directory.mkdir(parents=True, exist_ok=True)
    snapshot = write_snapshot(config, directory)
    with TestClient(app_with_workers(config, snapshot), client=("127.0.0.1", 50000)) as client:
        yield client
