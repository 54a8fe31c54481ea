"""`warkg serve` started by the tests themselves, on 127.0.0.1 with a port the kernel
picks (`--port 0`; the server prints its URL), in a subprocess exactly as a user runs it.
Also plain HTTP helpers, and a look at the server's worker processes through /proc, so a
test can tell that a killed query really stopped using the CPU.
"""

from __future__ import annotations

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

from tests.support.loopback import stop

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
    """One HTTP request; the status, headers (lower-case names) and body of any answer."""
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
    yields once it has printed its URL, and stops it (SIGTERM, then SIGKILL) afterwards."""
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
