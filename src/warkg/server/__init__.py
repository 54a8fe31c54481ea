"""`warkg serve`: the graph over HTTP, read-only.

- `command`: the click command (imports nothing heavy);
- `app`: routes and request checks (Starlette on uvicorn), the data snapshot;
- `pool`: worker processes with a time limit that kills the worker;
- `worker`: what runs in a worker: queries, stored queries, pages;
- `formats`: content negotiation and answer formats;
- `pages` (+ `templates/`, `static/`): the HTML pages;
- `config`: settings and their defaults.
"""

from __future__ import annotations

from warkg.server.command import serve
from warkg.server.config import Limits, ServerConfig

__all__ = ["Limits", "ServerConfig", "serve"]
