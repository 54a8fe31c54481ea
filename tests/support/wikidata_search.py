"""A small HTTP server on 127.0.0.1 that answers like Wikidata's search API
(`action=wbsearchentities`, format=json) from a table of names, records every request,
and can be told to be slow, to rate-limit (429 with Retry-After), or to report
replication lag (MediaWiki's maxlag error, status 200 with Retry-After). Test-only.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
import urllib.parse
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SearchServer:
    """`answers`: search text -> list of result objects (id, label, description, match).
    `busy`: canned (status, headers, body) answers given, in order, before real ones.
    `delay`: seconds to wait before answering each request."""

    def __init__(self, answers: dict[str, list[dict]]) -> None:
        self.answers = answers
        self.busy: list[tuple[int, dict[str, str], bytes]] = []
        self.delay = 0.0
        self.requests: list[tuple[dict[str, str], dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:
                query = urllib.parse.urlsplit(self.path).query
                params = dict(urllib.parse.parse_qsl(query, keep_blank_values=True))
                server.requests.append((params, {k.lower(): v for k, v in self.headers.items()}))
                if server.delay:
                    time.sleep(server.delay)
                if server.busy:
                    status, headers, body = server.busy.pop(0)
                else:
                    status, headers, body = 200, {}, server._answer(params)
                self.send_response(status)
                self.send_header("Content-Type", "application/json; charset=utf-8")
                for name, value in headers.items():
                    self.send_header(name, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                with contextlib.suppress(OSError):  # the client may have given up
                    self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        class Server(ThreadingHTTPServer):
            daemon_threads = True

        self.server = Server(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/w/api.php"
        self.thread = threading.Thread(
            target=self.server.serve_forever, kwargs={"poll_interval": 0.02}, daemon=True
        )

    def _answer(self, params: dict[str, str]) -> bytes:
        if params.get("action") != "wbsearchentities":
            error = {"code": "badvalue", "info": "Unrecognized value for parameter action"}
            return json.dumps({"error": error}).encode()
        found = self.answers.get(params.get("search", ""), [])
        limit = int(params.get("limit", "7"))
        return json.dumps(
            {"searchinfo": {"search": params.get("search")}, "search": found[:limit], "success": 1}
        ).encode()

    def searches(self) -> list[str]:
        return [p.get("search", "") for p, _ in self.requests]

    def __enter__(self) -> SearchServer:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


MAXLAG = json.dumps(
    {"error": {"code": "maxlag", "info": "Waiting for 10.64.48.35: 6 seconds lagged."}}
).encode()
