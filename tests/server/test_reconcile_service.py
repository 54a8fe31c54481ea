"""`warkg serve`'s /reconcile against the Reconciliation Service API 0.2.

First the specification's own examples (vendored in tests/reconciliation_api, see its
NOTICE.md) are run as its test.sh runs them, which shows the schemas and our validator
work; then the server, in process with its real reconciliation worker, is asked as
OpenRefine asks, and every answer is validated against the schemas and checked for its
content on the shipped data.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx2
import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from referencing import Registry
from referencing.jsonschema import DRAFT7

from tests.support.serving import InProcessServer, in_process_server
from warkg.rdf.loading import shipped_graph
from warkg.server.reconcile.index import Index, QueryError, check_query

SPEC = Path(__file__).parents[1] / "reconciliation_api" / "0.2"
SCHEMAS = {path.stem: json.loads(path.read_text()) for path in (SPEC / "schemas").glob("*.json")}
REGISTRY = Registry().with_resources(
    (schema["$id"].rstrip("#"), DRAFT7.create_resource(schema)) for schema in SCHEMAS.values()
)
BASE = "https://w3id.org/warkg/"


def validator(name: str) -> jsonschema.Draft7Validator:
    return jsonschema.Draft7Validator(SCHEMAS[name], registry=REGISTRY)


def examples(kind: str) -> list[tuple[str, Path, bool]]:
    found = []
    for name in sorted(SCHEMAS):
        for path in sorted((SPEC / "examples" / name / kind).glob("*.json")):
            found.append((name, path, kind == "valid"))
    return found


CASES = examples("valid") + examples("invalid")


def test_the_vendored_suite_is_all_there() -> None:
    assert len(SCHEMAS) == 11
    assert (len(examples("valid")), len(examples("invalid"))) == (28, 16)


@pytest.mark.parametrize(
    ("schema", "path", "valid"),
    CASES,
    ids=[f"{c[0]}/{c[1].parent.name}/{c[1].stem}" for c in CASES],
)
def test_specification_examples(schema: str, path: Path, valid: bool) -> None:
    """As the specification's test.sh: valid examples pass their schema, invalid fail."""
    errors = list(validator(schema).iter_errors(json.loads(path.read_text())))
    assert (not errors) == valid, [e.message for e in errors]


# --- the service -----------------------------------------------------------------------


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process_server(tmp_path_factory.mktemp("serve")) as running:
        yield running


def get(server: InProcessServer, path: str, **params: str) -> httpx2.Response:
    return server.client.get(path, params=params)


def reconcile(server: InProcessServer, queries: dict) -> dict:
    answer = server.client.post("/reconcile", data={"queries": json.dumps(queries)})
    assert answer.status_code == 200, answer.text
    assert answer.headers["access-control-allow-origin"] == "*"
    payload = answer.json()
    assert not list(validator("reconciliation-result-batch").iter_errors(payload))
    return payload


def test_manifest(server: InProcessServer) -> None:
    answer = get(server, "/reconcile")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "application/json"
    manifest = answer.json()
    assert not list(validator("manifest").iter_errors(manifest))
    assert manifest["versions"] == ["0.2"]
    assert manifest["identifierSpace"] == BASE + "id/"
    assert manifest["schemaSpace"] == BASE + "ontology/"
    assert manifest["preview"]["url"] == f"{server.url}/reconcile/preview?id={{{{id}}}}"
    assert [t["id"] for t in manifest["defaultTypes"]] == [
        BASE + "ontology/Event",
        BASE + "ontology/Place",
        BASE + "ontology/State",
    ]
    assert manifest["suggest"]["entity"] == {
        "service_url": f"{server.url}/reconcile",
        "service_path": "/suggest/entity",
    }


def test_batch_finds_exact_names_and_flags_them_as_matches(server: InProcessServer) -> None:
    payload = reconcile(
        server,
        {"q0": {"query": "Shusha"}, "q1": {"query": " sohr."}, "q2": {"query": "BBC"}},
    )
    assert payload.keys() == {"q0", "q1", "q2"}
    top = {key: payload[key]["result"][0] for key in payload}
    assert top["q0"]["id"] == BASE + "id/place/shusha"
    assert top["q0"]["type"] == [{"id": BASE + "ontology/City", "name": "city"}]
    assert (top["q0"]["score"], top["q0"]["match"]) == (100.0, True)
    assert top["q1"]["id"] == BASE + "id/agent/syrian-observatory-for-human-rights"
    assert top["q1"]["features"] == [{"id": "name_alias", "value": 100.0}]
    assert top["q2"]["name"] == "BBC"
    assert [r["name"] for r in payload["q2"]["result"]] == ["BBC", "BBC News"]
    assert [r["match"] for r in payload["q2"]["result"]] == [True, False]


def test_a_misspelt_name_ranks_first_but_is_not_a_match(server: InProcessServer) -> None:
    result = reconcile(server, {"q0": {"query": "Azerbajan", "limit": 3}})["q0"]["result"]
    assert len(result) == 3
    assert result[0]["id"] == BASE + "id/agent/azerbaijan"
    assert (result[0]["score"], result[0]["match"]) == (94.7, False)
    assert result[0]["score"] > result[1]["score"]


def test_type_filter_keeps_only_that_type_and_its_subclasses(server: InProcessServer) -> None:
    places = reconcile(server, {"q0": {"query": "Nagorno-Karabakh", "type": "warkg:Place"}})
    events = reconcile(
        server, {"q0": {"query": "Nagorno-Karabakh", "type": BASE + "ontology/Event"}}
    )
    place_types = {t["id"] for r in places["q0"]["result"] for t in r["type"]}
    event_names = [r["name"] for r in events["q0"]["result"]]
    assert places["q0"]["result"][0]["id"] == BASE + "id/place/nagorno-karabakh"
    assert BASE + "ontology/War" not in place_types
    assert BASE + "id/place/nagorno-karabakh" not in {r["id"] for r in events["q0"]["result"]}
    assert event_names[0] == "Nagorno-Karabakh conflict"


def test_property_constraint_scores_and_reports_a_feature(server: InProcessServer) -> None:
    query = {
        "query": "Shusha",
        "properties": [{"pid": "locatedIn", "v": {"id": BASE + "id/place/nagorno-karabakh"}}],
    }
    result = reconcile(server, {"q0": query})["q0"]["result"][0]
    assert result["id"] == BASE + "id/place/shusha"
    assert result["features"] == [
        {"id": "name_label", "value": 100.0},
        {"id": f"property:{BASE}ontology/locatedIn", "value": 100.0},
    ]
    assert result["score"] == 100.0
    wrong = {**query, "properties": [{"pid": "warkg:locatedIn", "v": {"id": BASE + "id/place/x"}}]}
    assert reconcile(server, {"q0": wrong})["q0"]["result"][0]["score"] == 50.0


def test_properties_without_a_name(server: InProcessServer) -> None:
    query = {"properties": [{"pid": "rdfs:label", "v": "Lachin corridor"}], "limit": 1}
    result = reconcile(server, {"q0": query})["q0"]["result"]
    assert [r["id"] for r in result] == [BASE + "id/place/lachin-corridor"]


def test_single_query_forms(server: InProcessServer) -> None:
    plain = get(server, "/reconcile", query="Reuters").json()
    as_json = get(server, "/reconcile", query=json.dumps({"query": "Reuters", "limit": 1})).json()
    assert plain["result"][0]["id"] == BASE + "id/agent/reuters"
    assert as_json["result"] == plain["result"][:1]


@pytest.mark.parametrize(
    ("params", "status", "message"),
    [
        ({"queries": "{"}, 400, "parameter 'queries' is not JSON: Expecting property name"),
        ({"queries": "[]"}, 400, "parameter 'queries' must be a non-empty JSON object"),
        ({"queries": '{"q0": {"limit": 2}}'}, 400, "query 'q0' has neither a 'query' string nor"),
        ({"queries": '{"q0": {"query": "x", "limit": 0}}'}, 400, "query 'q0': 'limit' must be"),
        ({"queries": '{"q0": {"query": "x", "type": "Q5"}}'}, 400, "unknown type 'Q5'"),
        (
            {"queries": '{"q0": {"query": "x", "properties": [{"pid": "P31", "v": "y"}]}}'},
            400,
            "unknown property 'P31'",
        ),
        (
            {"queries": json.dumps({f"q{i}": {"query": "x"} for i in range(101)})},
            413,
            "parameter 'queries' has 101 queries; the limit is 100 per request",
        ),
    ],
    ids=["not-json", "not-object", "no-query", "limit", "type", "property", "too-many"],
)
def test_bad_queries_get_one_line(
    server: InProcessServer, params: dict, status: int, message: str
) -> None:
    answer = server.client.post("/reconcile", data=params)
    assert answer.status_code == status
    assert answer.text.startswith(message), answer.text
    assert answer.text.count("\n") == 1


def test_preview(server: InProcessServer) -> None:
    answer = get(server, "/reconcile/preview", id=BASE + "id/place/shusha")
    assert answer.status_code == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    assert (
        '<a href="https://w3id.org/warkg/id/place/shusha" target="_blank">Shusha</a>' in answer.text
    )
    assert get(server, "/reconcile/preview", id="http://example.org/x").status_code == 404
    assert get(server, "/reconcile/preview").text == "parameter 'id' is required: an entity IRI\n"


def test_suggest_entity(server: InProcessServer) -> None:
    answer = get(server, "/reconcile/suggest/entity", prefix="rus")
    payload = answer.json()
    assert not list(validator("suggest-entities-response").iter_errors(payload))
    names = [r["name"] for r in payload["result"]]
    assert names[0] == "Russia"
    typed = get(server, "/reconcile/suggest/entity", prefix="nag", type="Place").json()
    assert typed["result"][0]["id"] == BASE + "id/place/nagorno-karabakh"
    assert all(
        BASE + "ontology/Event" not in {t["id"] for t in r["notable"]} for r in typed["result"]
    )
    assert all("nag" in r["name"].lower() for r in typed["result"])
    paged = get(server, "/reconcile/suggest/entity", prefix="a", limit="2", cursor="2").json()
    everything = get(server, "/reconcile/suggest/entity", prefix="a", limit="4").json()
    assert paged["result"] == everything["result"][2:4]


def test_suggest_type_and_property(server: InProcessServer) -> None:
    types = get(server, "/reconcile/suggest/type", prefix="cit").json()
    assert not list(validator("suggest-types-response").iter_errors(types))
    assert types["result"] == [{"id": BASE + "ontology/City", "name": "city"}]
    props = get(server, "/reconcile/suggest/property", prefix="located").json()
    assert not list(validator("suggest-properties-response").iter_errors(props))
    assert [p["id"] for p in props["result"]] == [BASE + "ontology/locatedIn"]
    assert get(server, "/reconcile/suggest/nothing", prefix="x").status_code == 404


# --- hostile input ---------------------------------------------------------------------

JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4)
    ),
    max_leaves=12,
)
QUERY_KEYS = st.sampled_from(["query", "type", "limit", "properties", "type_strict", "pid", "v"])
QUERIES = st.dictionaries(QUERY_KEYS, JSON_VALUES, max_size=5) | JSON_VALUES


@pytest.fixture(scope="module")
def index(tmp_path_factory: pytest.TempPathFactory) -> Index:
    path = tmp_path_factory.mktemp("index") / "graph.nt"
    shipped_graph().serialize(path, format="nt", encoding="utf-8")
    return Index.from_file(path)


@settings(
    max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(query=QUERIES)
def test_any_json_query_is_answered_or_refused_in_one_line(index: Index, query: object) -> None:
    """Whatever JSON a client sends as one query: a list of candidates, or QueryError
    (400), never another exception (500)."""
    try:
        results = index.reconcile(check_query("q0", query))
    except QueryError as error:
        assert "\n" not in str(error)
        return
    assert isinstance(results, list)
    assert not list(
        validator("reconciliation-result-batch").iter_errors({"q0": {"result": results}})
    )


def test_hostile_requests(server: InProcessServer) -> None:
    url = "/reconcile"
    big = server.client.post(url, data={"queries": "x" * 300_000})
    assert big.status_code == 413
    latin = server.client.post(
        url,
        content=b"queries=%FF%FE",
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )
    assert latin.status_code == 400
    json_body = server.client.post(url, json={"q0": {"query": "x"}})
    assert (json_body.status_code, json_body.text) == (
        415,
        "send queries as a form (application/x-www-form-urlencoded)\n",
    )
    twice = server.client.get(url, params=[("query", "a"), ("query", "b")])
    assert (twice.status_code, twice.text) == (400, "parameter 'query' given twice; give it once\n")
    markup = get(server, "/reconcile/suggest/entity", prefix="<script>").json()
    assert markup == {"result": []}


def test_overlong_names_are_refused(server: InProcessServer) -> None:
    answer = reconcile_raw(server, {"q0": {"query": "x" * 501}})
    assert (answer.status_code, answer.text) == (
        422,
        "query 'q0': 'query' is longer than 500 characters\n",
    )


def reconcile_raw(server: InProcessServer, queries: dict) -> httpx2.Response:
    return server.client.post("/reconcile", data={"queries": json.dumps(queries)})


NAMES = st.sampled_from(
    ["Shusha", "Stepanakert", "Azerbaijan", "Republic of Artsakh", "Armenia", "Turkey"]
)
NEAR_NAMES = st.one_of(
    st.text(max_size=500),
    st.builds(lambda a, b, c: a + b + c, st.text(max_size=30), NAMES, st.text(max_size=30)),
    st.builds(lambda name, n: name * n, NAMES, st.integers(1, 40)),
    st.builds(lambda name, cut: name[:cut], NAMES, st.integers(0, 20)),
)


@settings(
    max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(text=NEAR_NAMES, limit=st.integers(1, 100))
def test_skipping_names_that_cannot_score_changes_no_answer(
    index: Index, text: str, limit: int
) -> None:
    """Names too far apart in length to reach the minimum score are not compared (a
    480-character name cost 47 ms of CPU per query, so a batch ran into the time
    limit): every answer, scores and features included, is the one comparing them all."""
    query = {"query": text, "limit": limit}
    assert index.reconcile(query) == index.reconcile(query, prune=False)
