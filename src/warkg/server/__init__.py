"""`warkg serve`: the graph over HTTP, read-only (the click command is `warkg.cli.serve`).

- `run`: load the data once (`snapshot`), start the workers, serve with uvicorn;
- `app`: the one route table and the middleware; `state`: what the endpoints share;
- `endpoints/`: the routes' functions (SPARQL, stored queries, Linked Data, pages,
  reconciliation, files), which only read and check requests;
- `http/`: errors, media types and negotiation, requests and responses, the connection
  policy, client addresses, the access log;
- `workers/`: the processes where queries, pages and reconciliation run, the pool with
  its lanes and fair queue, and the one job protocol (`run(engine) -> Reply`);
- `pages/` (+ `templates/`, `queries/*.rq`): the HTML pages and RDF descriptions;
- `reconcile/`: the entity index and the reconciliation jobs;
- `answers`: SPARQL results and RDF written in a negotiated format;
- `config`: settings and their defaults.
"""
