"""The W3C SPARQL 1.1 Protocol test suite (tests/w3c/sparql11-protocol, vendored with its
licence), every entry run against `warkg serve` as the manifest writes the requests.

warkg serve is a read-only endpoint over one default graph, as its service description
and README say, so three kinds of case are answered by that policy rather than as the
suite expects, and each is asserted exactly:

- `update_*`: refused with 403 (the second request of update_base_uri, which reads what
  the refused update would have written, is not sent);
- `query_dataset_*` and `query_multiple_dataset`, which name other graphs by protocol
  parameters (or FROM): refused with 403;
- the other `query_*` cases, whose request URLs carry a `default-graph-uri` only as
  incidental context, are sent without it (and the same request with it is checked to be
  refused, as the dataset cases are); their expected status, format and boolean hold.

Every `bad_*` case gets the 4xx the suite expects.
"""

from __future__ import annotations

import http.client
import json
import urllib.parse
from pathlib import Path

import pytest
from rdflib import RDF, Graph, Namespace, URIRef
from rdflib.collection import Collection

from tests.support.serving import RunningServer, warkg_server

SUITE = Path(__file__).parents[1] / "w3c" / "sparql11-protocol"
MF = Namespace("http://www.w3.org/2001/sw/DataAccess/tests/test-manifest#")
HT = Namespace("http://www.w3.org/2011/http#")
CNT = Namespace("http://www.w3.org/2011/content#")
HTS = Namespace("http://www.w3.org/2011/http-statusCodes#")
DATASET_PARAMS = (
    "default-graph-uri",
    "named-graph-uri",
    "using-graph-uri",
    "using-named-graph-uri",
)
DATASET_CASES = {
    "query_dataset_default_graphs_get",
    "query_dataset_default_graphs_post",
    "query_dataset_named_graphs_post",
    "query_dataset_named_graphs_get",
    "query_dataset_full",
    "query_multiple_dataset",
}
RDF_TYPES = ("text/turtle", "application/n-triples", "application/rdf+xml", "application/ld+json")


def _manifest() -> tuple[Graph, list[URIRef]]:
    graph = Graph().parse(SUITE / "manifest.ttl", format="turtle")  # vendored, trusted
    manifest = next(graph.subjects(RDF.type, MF.Manifest))
    return graph, list(Collection(graph, graph.value(manifest, MF.entries)))


GRAPH, ENTRIES = _manifest()


def _name(entry: URIRef) -> str:
    return str(entry).rsplit("#", 1)[1]


def _requests(entry: URIRef) -> list[dict]:
    """The requests of a case: method, path, headers, body (encoded as the case says),
    expected statuses, format and boolean."""
    action = GRAPH.value(entry, MF.action)
    found = []
    for node in Collection(GRAPH, GRAPH.value(action, HT.requests)):
        body_node = GRAPH.value(node, HT.body)
        body = None
        if body_node is not None:
            encoding = str(GRAPH.value(body_node, CNT.characterEncoding) or "UTF-8")
            body = str(GRAPH.value(body_node, CNT.chars)).encode(encoding)
        headers = {}
        header_list = GRAPH.value(node, HT.headers)
        if header_list is not None:
            for header in Collection(GRAPH, header_list):
                headers[str(GRAPH.value(header, HT.fieldName))] = str(
                    GRAPH.value(header, HT.fieldValue)
                )
        response = GRAPH.value(node, HT.resp)
        found.append(
            {
                "method": str(GRAPH.value(node, HT.methodName)),
                "path": str(GRAPH.value(node, HT.absolutePath)),
                "headers": headers,
                "body": body,
                "statuses": {
                    str(s).rsplit("#", 1)[1] for s in GRAPH.objects(response, MF.expectedStatus)
                },
                "format": str(GRAPH.value(response, MF.expectedFormat) or ""),
                "boolean": GRAPH.value(response, MF.expectedBoolean),
            }
        )
    return found


def _without_dataset(path: str) -> str:
    url = urllib.parse.urlsplit(path)
    kept = [(k, v) for k, v in urllib.parse.parse_qsl(url.query) if k not in DATASET_PARAMS]
    return urllib.parse.urlunsplit(url._replace(query=urllib.parse.urlencode(kept)))


def _send(server: RunningServer, req: dict, path: str) -> tuple[int, str, bytes]:
    port = int(server.url.rsplit(":", 1)[1])
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # The suite's paths start with /sparql/; ours is /sparql.
    assert path.startswith("/sparql/")
    path = "/sparql" + path[len("/sparql/") :]
    connection.request(req["method"], path, body=req["body"], headers=req["headers"])
    answer = connection.getresponse()
    body = answer.read()
    connection.close()
    return answer.status, answer.getheader("content-type", ""), body


def _class(status: int) -> str:
    return f"StatusCode{status // 100}xx"


@pytest.fixture(scope="module")
def server() -> RunningServer:
    with warkg_server("--workers", "1") as running:
        yield running


def test_every_case_is_found() -> None:
    names = [_name(e) for e in ENTRIES]
    assert len(names) == 34
    assert sum(n.startswith("query_") for n in names) == 13
    assert sum(n.startswith("update_") for n in names) == 7
    assert sum(n.startswith("bad_") for n in names) == 14


@pytest.mark.parametrize("entry", ENTRIES, ids=_name)
def test_w3c_protocol_case(server: RunningServer, entry: URIRef) -> None:
    name = _name(entry)
    requests = _requests(entry)
    first = requests[0]
    if name.startswith("update_"):
        status, _, body = _send(server, first, first["path"])
        assert status == 403, body
        assert b"read-only" in body
        return
    if name in DATASET_CASES:
        status, _, body = _send(server, first, first["path"])
        assert status == 403, body
        assert body.startswith((b"refusing ", b"query: refusing FROM")), body
        return
    if name.startswith("bad_"):
        status, _, body = _send(server, first, first["path"])
        assert _class(status) in first["statuses"], (status, body)
        assert status != 500
        assert body.endswith(b"\n") and body.count(b"\n") == 1, body
        return
    assert len(requests) == 1
    if any(f"{p}=" in first["path"] for p in DATASET_PARAMS):
        status, _, body = _send(server, first, first["path"])
        assert status == 403, body
    status, content_type, body = _send(server, first, _without_dataset(first["path"]))
    assert _class(status) in first["statuses"], (status, body)
    media_type = content_type.split(";")[0]
    if first["format"] == "boolean":
        assert media_type == "application/sparql-results+json"
        expected = first["boolean"]  # query_content_type_ask gives no value, only a format
        assert isinstance(json.loads(body)["boolean"], bool)
        if expected is not None:
            assert json.loads(body)["boolean"] is expected.toPython()
    elif first["format"] == "tabular":
        assert media_type == "application/sparql-results+json"
        assert json.loads(body)["head"]["vars"] == ["value"]
    else:
        assert first["format"] == "RDF"
        assert media_type in RDF_TYPES
