"""Servers the tests start on 127.0.0.1 themselves: a recording HTTP listener and a real
Oxigraph server. Nothing here talks to anything but the loopback interface.
"""

from __future__ import annotations

import json
import shutil
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

TRIPLE = b'<http://example.org/s> <http://example.org/p> "o" .\n'
RESULTS = json.dumps(
    {
        "head": {"vars": ["s"]},
        "results": {"bindings": [{"s": {"type": "uri", "value": "http://example.org/s"}}]},
    }
).encode()


def refuse_connections_off_loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make any connection that is not to 127.0.0.1 fail before a packet is sent, so no
    test reaches the internet (not even a default endpoint, should a test forget to name
    its own). Test modules use it in an autouse fixture."""
    connect = socket.socket.connect

    def guarded(sock: socket.socket, address: object) -> None:
        host = address[0] if isinstance(address, tuple) else address
        if host not in ("127.0.0.1", "::1", "localhost"):
            raise AssertionError(f"a test tried to connect to {address!r}")
        connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


def stop(process: subprocess.Popen, wait: float) -> None:
    """Terminate `process`, and kill it if it has not exited within `wait` seconds."""
    process.terminate()
    try:
        process.wait(timeout=wait)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on (closed again before returning)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Listener:
    """An HTTP server on 127.0.0.1 that records every request and every TCP connection.

    It answers like a SPARQL endpoint (one row of results JSON) or, for a path ending
    in .ttl, with one Turtle triple, so an engine that does reach it succeeds and the
    test can tell a refused query from one whose request merely failed."""

    def __init__(self, answer: bytes = RESULTS) -> None:
        """`answer`: the body every SPARQL request gets (default: one row, ?s)."""
        self.requests: list[tuple[str, str]] = []
        self.connections = 0
        self.answer = answer
        listener = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                listener.requests.append((self.command, self.path))
                if self.path.split("?")[0].endswith(".ttl"):
                    body, kind = TRIPLE, "text/turtle"
                else:
                    body, kind = listener.answer, "application/sparql-results+json"
                self.send_response(200)
                self.send_header("Content-Type", kind)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            do_GET = do_POST = do_PUT = _answer

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

            def verify_request(self, request, client_address) -> bool:  # every connection
                listener.connections += 1
                return True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def __enter__(self) -> Listener:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


@contextmanager
def silent_listener() -> Iterator[str]:
    """A TCP port on 127.0.0.1 that accepts connections and never answers: the URL of a
    SPARQL endpoint that hangs."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"


@contextmanager
def trickle_server(interval: float = 0.5) -> Iterator[str]:
    """An HTTP server on 127.0.0.1 that reads each request and then sends a valid SPARQL
    results answer one byte every `interval` seconds (headers included): no single read
    ever waits long, so only a limit on the whole exchange stops a client. Yields the
    URL of its /query path."""
    stop = threading.Event()
    answer = (
        b"HTTP/1.1 200 OK\r\nContent-Type: application/sparql-results+json\r\n"
        + f"Content-Length: {len(RESULTS)}\r\nConnection: close\r\n\r\n".encode()
        + RESULTS
    )

    def serve(conn: socket.socket) -> None:
        with conn:
            conn.settimeout(5)
            try:
                conn.recv(65536)  # the request line and headers (and a small body)
                for i in range(len(answer)):
                    if stop.wait(interval):
                        return
                    conn.sendall(answer[i : i + 1])
            except OSError:  # the client gave up and closed the connection
                return

    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(8)
        sock.settimeout(0.05)

        def accept() -> None:
            while not stop.is_set():
                try:
                    conn, _ = sock.accept()
                except TimeoutError:
                    continue
                except OSError:
                    return
                threading.Thread(target=serve, args=(conn,), daemon=True).start()

        acceptor = threading.Thread(target=accept, daemon=True)
        acceptor.start()
        try:
            yield f"http://127.0.0.1:{sock.getsockname()[1]}/query"
        finally:
            stop.set()
            acceptor.join(timeout=5)


def oxigraph_command() -> str:
    """The `oxigraph` executable of the PyPI package (test extra), beside this Python or
    on PATH."""
    beside = Path(sys.executable).with_name("oxigraph")
    found = str(beside) if beside.exists() else shutil.which("oxigraph")
    if not found:
        raise RuntimeError("the `oxigraph` command is missing: pip install -e '.[test]'")
    return found


def _answers(url: str) -> bool:
    query = urllib.parse.urlencode({"query": "ASK {}"})
    try:
        with urllib.request.urlopen(f"{url}?{query}", timeout=1) as response:
            return response.status == 200
    except (urllib.error.URLError, OSError):
        return False


def oxigraph_location_with(location: Path, *files: Path) -> Path:
    """`location`, an Oxigraph store holding `files` (Turtle), loaded by the `oxigraph`
    command, for `oxigraph_server` to serve."""
    for file in files:
        subprocess.run(
            [oxigraph_command(), "load", "--location", str(location), "--file", str(file)],
            check=True,
            stdin=subprocess.DEVNULL,
            capture_output=True,
        )
    return location


@contextmanager
def oxigraph_server(location: Path, wait: float = 30.0) -> Iterator[str]:
    """`oxigraph serve` on a free loopback port, storing in `location`; yields the query
    endpoint URL once the server answers, and stops the server afterwards."""
    port = free_port()
    process = subprocess.Popen(
        [oxigraph_command(), "serve", "--location", str(location), "--bind", f"127.0.0.1:{port}"],
        stdin=subprocess.DEVNULL,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}/query"
    try:
        deadline = time.monotonic() + wait
        while not _answers(url):
            if process.poll() is not None:
                error = process.stderr.read().decode("utf-8", "replace") if process.stderr else ""
                raise RuntimeError(f"oxigraph serve exited with {process.returncode}: {error}")
            if time.monotonic() > deadline:
                raise RuntimeError(f"oxigraph serve did not answer on {url} within {wait} s")
            time.sleep(0.05)
        yield url
    finally:
        stop(process, wait=10)
