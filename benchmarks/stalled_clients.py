"""Memory of `warkg serve`'s main process while clients that never read wait for large
answers (issue 12, goal: 100 such clients keep it under 512 MiB).

Each client asks for an 8 MiB SELECT answer (a string doubled 20 times by BIND/CONCAT)
with a 4 KiB receive buffer and reads nothing. The main process's RSS is sampled until
every answer has been produced and the send timeout has dropped the clients.

    python -m benchmarks.stalled_clients [CLIENTS]
"""

from __future__ import annotations

import socket
import sys
import time
import urllib.parse

from tests.server.test_server_answers import _open_answers, _rss_mib, doubling
from tests.support.serving import warkg_server


def main(clients: int) -> None:
    send_timeout = 120
    with warkg_server(
        *("--workers", "2", "--timeout", "300", "--send-timeout", str(send_timeout)),
        *("--max-connections", str(clients + 20)),
    ) as server:
        pid = server.process.pid
        target = "/sparql?" + urllib.parse.urlencode({"query": doubling(20), "format": "csv"})
        port = int(server.url.rsplit(":", 1)[1])
        start_rss = _rss_mib(pid)
        held = []
        for _ in range(clients):
            sock = socket.create_connection(("127.0.0.1", port))
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
            sock.sendall(f"GET {target} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
            held.append(sock)
        peak, most_open, started = start_rss, 0, time.monotonic()
        while time.monotonic() - started < 600:
            now_open = _open_answers(pid)
            peak, most_open = max(peak, _rss_mib(pid)), max(most_open, now_open)
            if most_open >= clients:
                break
            time.sleep(0.2)
        peak = max(peak, _rss_mib(pid))
        print(
            f"{clients} stalled clients, 8 MiB answer each: {most_open} answers held at once; "
            f"main process RSS {start_rss:.0f} MiB before, peak {peak:.0f} MiB "
            f"({time.monotonic() - started:.0f} s)"
        )
        for sock in held:
            sock.close()


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 100)
