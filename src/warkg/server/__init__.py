"""`warkg serve`: the graph over HTTP, read-only (the click command is `warkg.cli.serve`).

- `app`: routes and request checks (Starlette on uvicorn), the data snapshot;
- `pool`: worker processes with a time limit that kills the worker;
- `worker`: what runs in a worker: queries, stored queries, pages;
- `formats`: content negotiation and answer formats;
- `pages` (+ `templates/`, `static/`): the HTML pages;
- `config`: settings and their defaults.
"""
