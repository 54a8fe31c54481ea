"""The Host header never reaches what the server writes: not a redirect's Location, not
the reconciliation manifest, not the service description or VoID, not a page. Every
route of the one route table is asked with a hostile Host (and the forwarding headers a
proxy might pass on), in process, and the hostile names appear in no header and no body.
Before, a trailing-slash redirect sent `/claims/` to `http://evil.example/claims` and the
manifest named `http://evil.example/reconcile/preview`."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from starlette.routing import Route

from tests.support.serving import in_process
from warkg.server.app import _routes

HOSTILE = {
    "Host": "evil.example",
    "X-Forwarded-Host": "evil2.example",
    "X-Forwarded-Proto": "gopher",
    "Forwarded": "host=evil3.example;proto=gopher",
}
NAMES = ("evil", "gopher")
BASE = "https://kg.example.org/warkg/"

# One path for each route (a template's parameters filled in), and the variants that
# redirect: a trailing slash added or removed, old page paths, a zero-padded number.
SAMPLES = {
    "/sparql": ["/sparql", "/sparql?query=ASK%7B%7D", "/sparql/"],
    "/queries": ["/queries", "/queries/"],
    "/queries/{name}": ["/queries/reference-supports?reference=57", "/queries/timeline/"],
    "/id/{rest:path}": ["/id/agent/azerbaijan", "/id/reference/057", "/id/claim/x/"],
    "/ontology/": ["/ontology/"],
    "/ontology": ["/ontology"],
    "/ontology/{version}/": ["/ontology/0.1.0/"],
    "/ontology/{term}": ["/ontology/startDate", "/ontology/startDate/"],
    "/.well-known/void": ["/.well-known/void", "/.well-known/void/"],
    "/claims/{slug}": ["/claims/armenians-displaced", "/claims/armenians-displaced/"],
    "/references/{number}": ["/references/57", "/references/"],
    "/": ["/"],
    "/claims": ["/claims", "/claims/"],
    "/references": ["/references"],
    "/timeline": ["/timeline/"],
    "/search": ["/search?q=shusha", "/search?q=shusha&format=json"],
    "/query": ["/query?query=ASK%7B%7D", "/query/"],
    "/reconcile": ["/reconcile", "/reconcile/", "/reconcile?query=Shusha"],
    "/reconcile/preview": ["/reconcile/preview?id=https://w3id.org/warkg/id/agent/azerbaijan"],
    "/reconcile/suggest/{kind}": ["/reconcile/suggest/entity?prefix=Shu"],
    "/graph": ["/graph", "/graph/"],
    "/graph.{extension}": ["/graph.nt"],
    "/static/{name}": ["/static/warkg.css", "/static/warkg.css/"],
    "/favicon.ico": ["/favicon.ico"],
}


@pytest.fixture(scope="module", params=[None, BASE], ids=["listening-address", "base-url"])
def client(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator:
    with in_process(tmp_path_factory.mktemp("serve"), base_url=request.param) as running:
        yield running


def test_every_route_has_samples() -> None:
    paths = [route.path for route in _routes() if isinstance(route, Route)]
    assert sorted(paths) == sorted(SAMPLES)
    assert len(paths) == 24


@pytest.mark.parametrize("accept", ["text/html", "*/*", "text/turtle"])
def test_no_hostile_name_in_any_answer(client, accept: str) -> None:
    asked = 0
    for samples in SAMPLES.values():
        for path in samples:
            answer = client.get(path, headers={**HOSTILE, "Accept": accept}, follow_redirects=False)
            asked += 1
            assert answer.status_code < 500, (path, answer.text)
            written = " ".join(f"{k}: {v}" for k, v in answer.headers.items()) + answer.text
            assert not any(name in written for name in NAMES), (path, answer.headers)
            location = answer.headers.get("location")
            if location is not None:  # a path on this server, or the --base-url
                assert location.startswith("/") and not location.startswith("//"), location
    assert asked == sum(len(s) for s in SAMPLES.values())


def test_redirects_are_paths(client) -> None:
    cases = {
        "/claims/": "/claims",
        "/sparql/": "/sparql",
        "/ontology": "/ontology/",
        "/claims/armenians-displaced?x=1": "/id/claim/armenians-displaced?x=1",
        "/id/reference/057": "/id/reference/57",
        "/favicon.ico": "/static/favicon.svg",
    }
    for path, target in cases.items():
        answer = client.get(path, headers=HOSTILE, follow_redirects=False)
        assert 300 <= answer.status_code < 400, path
        assert answer.headers["location"] == target


def test_the_manifest_and_descriptions_name_the_public_url(client, request) -> None:
    base = BASE if "base-url" in request.node.callspec.id else "http://127.0.0.1:8000/"
    manifest = client.get("/reconcile", headers=HOSTILE).json()
    assert manifest["preview"]["url"] == f"{base}reconcile/preview?id={{{{id}}}}"
    assert {s["service_url"] for s in manifest["suggest"].values()} == {f"{base}reconcile"}
    described = client.get("/sparql", headers={**HOSTILE, "Accept": "application/n-triples"})
    assert f"<{base}sparql> <http://www.w3.org/ns/sparql-service-description#endpoint>" in (
        described.text
    )
    void = client.get("/.well-known/void", headers={**HOSTILE, "Accept": "text/turtle"})
    assert f"<{base}.well-known/void#dataset>" in void.text
