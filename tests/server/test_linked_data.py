"""The Linked Data and research side of `warkg serve`, in process (Starlette's test
client, the real worker processes): every kind of IRI dereferences by content
negotiation to RDF that parses (or to its page), old page paths redirect to one address,
every link of every page resolves,
the search, the query page, stored queries for browsers, the VoID description, the
ontology documentation, and the w3id.org redirect rules.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import tempfile
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path

# Hypothesis keeps a cache (.hypothesis/) in the working directory unless told
# otherwise; tests never write into the repository.
os.environ.setdefault(
    "HYPOTHESIS_STORAGE_DIRECTORY", os.path.join(tempfile.gettempdir(), "warkg-hypothesis")
)

import pyoxigraph
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markupsafe import escape

from tests.support.serving import InProcessServer, in_process_server, request
from warkg.catalogue import run as querying
from warkg.rdf.namespaces import BASE
from warkg.server.config import Limits

CHROME_ACCEPT = (
    "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,"
    "image/apng,*/*;q=0.8,application/signed-exchange;v=b3;q=0.7"
)
RDF = {
    "text/turtle": pyoxigraph.RdfFormat.TURTLE,
    "application/n-triples": pyoxigraph.RdfFormat.N_TRIPLES,
    "application/ld+json": pyoxigraph.RdfFormat.JSON_LD,
    "application/rdf+xml": pyoxigraph.RdfFormat.RDF_XML,
}
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    with in_process_server(tmp_path_factory.mktemp("serve"), workers=2) as running:
        yield running


@dataclass
class Raw:
    status: int
    headers: dict[str, str]
    body: bytes

    def getheader(self, name: str) -> str | None:
        return self.headers.get(name.lower())


def raw(server: InProcessServer, path: str, accept: str | None = None) -> Raw:
    """One request that does not follow redirects."""
    answer = server.client.get(
        path, headers={"Accept": accept} if accept else {}, follow_redirects=False
    )
    return Raw(answer.status_code, dict(answer.headers.items()), answer.content)


def kinds_of_iri(oxigraph_backend) -> dict[str, str]:
    """One IRI of each kind the graph has (`/id/KIND/...`, plus the loose `/id/NAME`
    ones), chosen from the data so a new kind is tested without editing this test."""
    rows = querying.run_sparql(
        oxigraph_backend,
        "SELECT DISTINCT ?s WHERE { ?s ?p ?o FILTER(STRSTARTS(STR(?s), "
        '"https://w3id.org/warkg/id/")) } ORDER BY ?s',
    ).rows
    found: dict[str, str] = {}
    for row in rows:
        rest = str(row["s"]).removeprefix(BASE + "id/")
        kind = rest.split("/")[0] if "/" in rest else "id"
        found.setdefault(kind, str(row["s"]))
    return found


def test_every_kind_of_iri_is_found(oxigraph_backend) -> None:
    kinds = kinds_of_iri(oxigraph_backend)
    assert set(kinds) == {
        "agent", "claim", "concept", "event", "footnote", "id", "place", "population",
        "reference", "section", "wikidata-link", "work",
    }  # fmt: skip


@pytest.mark.parametrize("accept", list(RDF))
def test_every_kind_of_iri_answers_rdf_that_parses(
    server: InProcessServer, oxigraph_backend, accept: str
) -> None:
    iris = [*kinds_of_iri(oxigraph_backend).values(), BASE + "ontology/startDate"]
    iris.append(BASE + "ontology/")
    for iri in iris:
        path = "/" + iri.removeprefix(BASE)
        answer = raw(server, path, accept)
        assert answer.status == 200, path
        assert answer.getheader("content-type") == f"{accept}; charset=utf-8", path
        assert answer.getheader("vary") == "Accept"
        triples = list(pyoxigraph.parse(answer.body, format=RDF[accept]))
        node = pyoxigraph.NamedNode(iri)
        assert any(node in (t.subject, t.object) for t in triples), path


def test_both_directions_and_the_claims_provenance(server: InProcessServer) -> None:
    answer = raw(server, "/id/claim/belligerent-turkey", "application/n-triples")
    parsed = pyoxigraph.parse(answer.body, format=pyoxigraph.RdfFormat.N_TRIPLES)
    triples = {quad.triple for quad in parsed}
    n = pyoxigraph.NamedNode
    w = BASE + "ontology/"
    claim = n(BASE + "id/claim/belligerent-turkey")
    denial = n(BASE + "id/claim/turkey-belligerence-denied-by-turkey")
    assert pyoxigraph.Triple(claim, n(w + "hasStance"), denial) in triples  # outgoing
    assert pyoxigraph.Triple(denial, n(w + "stanceOn"), claim) in triples  # incoming
    # its reference 1, the work that reference cites, and that work's Russian title
    ref = n(BASE + "id/reference/1")
    assert pyoxigraph.Triple(ref, n(w + "citesWork"), n(BASE + "id/work/1")) in triples
    titles = {t.object.value for t in triples if t.subject == n(BASE + "id/work/1")}
    assert "Принуждение к конфликту" in titles


def test_format_parameter_and_refusals(server: InProcessServer) -> None:
    assert raw(server, "/id/agent/azerbaijan?format=rdf").getheader("content-type") == (
        "application/rdf+xml; charset=utf-8"
    )
    answer = raw(server, "/id/agent/azerbaijan", "image/png")
    assert answer.status == 406
    assert answer.body.startswith(b"cannot answer in any type the Accept header allows")
    missing = raw(server, "/id/agent/nobody", "text/turtle")
    assert missing.status == 404
    assert (
        missing.body == b"the graph says nothing about <https://w3id.org/warkg/id/agent/nobody>\n"
    )


def test_browsers_get_pages(server: InProcessServer) -> None:
    for path in ("/id/agent/azerbaijan", "/id/claim/war-result", "/ontology/"):
        answer = raw(server, path, CHROME_ACCEPT)
        assert answer.status == 200
        assert answer.getheader("content-type") == "text/html; charset=utf-8"
        assert answer.getheader("content-security-policy").startswith("default-src 'none'")
    term = raw(server, "/ontology/startDate", CHROME_ACCEPT)
    assert (term.status, term.getheader("location")) == (303, "/ontology/#startDate")


@pytest.mark.parametrize(
    ("path", "location"),
    [
        ("/references/0057", "/id/reference/57"),
        ("/references/57", "/id/reference/57"),
        ("/id/reference/0057", "/id/reference/57"),
        ("/claims/war-result", "/id/claim/war-result"),
        ("/ontology", "/ontology/"),
        ("/favicon.ico", "/static/favicon.svg"),
    ],
)
def test_one_address_per_resource(server: InProcessServer, path: str, location: str) -> None:
    answer = raw(server, path, CHROME_ACCEPT)
    assert answer.status == 301
    assert answer.getheader("location") == location


class Page(HTMLParser):
    """The links (href, src, form actions) of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.assets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("link", "script", "img", "iframe", "source") or tag == "form":
            self.assets += [v for k, v in attrs if k in ("href", "src", "action") and v]
        for name, value in attrs:
            if name in ("href", "src", "action") and value is not None:
                self.urls.append(value)
            if name == "id" and value:
                self.ids.add(value)


def test_every_link_resolves_and_nothing_comes_from_elsewhere(
    server: InProcessServer, oxigraph_backend
) -> None:
    """Crawl from the home page: every internal link answers 200 (redirects followed),
    every fragment exists on its page, and the only links to other hosts are plain
    links (Wikidata, the licence, the article), never an asset a page would load."""
    pages = ["/", "/claims", "/references", "/search?q=turkey", "/query", "/queries"]
    seen: set[str] = set()
    ids: dict[str, set[str]] = {}
    fragments: list[tuple[str, str, str]] = []
    external: set[str] = set()
    while pages:
        url = pages.pop()
        if url in seen:
            continue
        seen.add(url)
        answer = request(server.url + url, headers={"Accept": CHROME_ACCEPT})
        assert answer.status == 200, url
        if not answer.headers["content-type"].startswith("text/html"):
            continue
        page = Page()
        page.feed(answer.text)
        assert page.assets and all(a.startswith("/") for a in page.assets), (url, page.assets)
        ids[url.split("?")[0]] = page.ids
        for link in page.urls:
            parsed = urllib.parse.urlsplit(link)
            if parsed.scheme:  # a plain link out, never loaded by the page itself
                assert parsed.scheme in ("http", "https"), (url, link)
                external.add(parsed.netloc)
                continue
            assert link.startswith(("/", "#")) and not link.startswith("//"), (url, link)
            target = parsed.path or url.split("?")[0]
            if parsed.fragment:
                fragments.append((url, target, parsed.fragment))
            if "format=" in parsed.query or not parsed.path:
                continue  # downloads are checked by the content negotiation tests
            pages.append(urllib.parse.urlunsplit(("", "", parsed.path, parsed.query, "")))
    for url, target, fragment in fragments:
        if target in ids:
            assert fragment in ids[target], (url, target, fragment)
    assert "www.wikidata.org" in external and "creativecommons.org" in external
    claims = querying.run_sparql(
        oxigraph_backend, "SELECT DISTINCT ?c WHERE { ?c a/rdfs:subClassOf* warkg:Claim }"
    )
    for row in claims.rows:
        assert "/" + str(row["c"]).removeprefix(BASE) in seen
    assert {f"/id/reference/{n}" for n in range(1, 92)} <= seen
    assert {"/id/agent/azerbaijan", "/id/footnote/a", "/id/section/infobox-casualties"} <= seen


def test_claims_page_marks_what_is_uncited(server: InProcessServer, oxigraph_backend) -> None:
    html = request(server.url + "/claims").text
    uncited = querying.run_query(oxigraph_backend, "uncited-claims").rows
    assert len(uncited) == 29
    assert html.count('<span class="flag">no citation</span>') == 29 + 1  # + the legend
    assert html.count('<span class="flag">footnote only</span>') == 5 + 1
    assert "29 are statements for which the article gives no citation" in html
    # the two claims with the same label are told apart
    assert "(in “Infobox: result”, <code>war-result</code>)" in html
    assert "(in “Lead, paragraph 1”, <code>war-result-lead</code>)" in html
    page = request(server.url + "/id/claim/war-result").text
    assert (
        "<title>The war resulted in Azerbaijani victory (Infobox: result) · warkg</title>" in page
    )
    assert (
        'Another claim has the same title: <a href="/id/claim/war-result-lead">'
        "The war resulted in Azerbaijani victory</a>, in “Lead, paragraph 1”." in page
    )


def test_references_that_support_nothing_say_why(server: InProcessServer, oxigraph_backend) -> None:
    html = request(server.url + "/references").text
    unsupported = querying.run_query(oxigraph_backend, "uncited-references").rows
    assert len(unsupported) == 41
    assert html.count('<span class="flag">supports nothing</span>') == 41 + 1
    first = int(str(unsupported[0]["number"]))
    page = request(f"{server.url}/id/reference/{first}").text
    assert "Supports nothing in this graph" in page
    assert "parts of the infobox that the snapshot renders empty" in page


def test_turkeys_participation_links_allegation_denial_and_reference_4(
    server: InProcessServer,
) -> None:
    html = request(server.url + "/id/claim/belligerent-turkey").text
    related = html[html.index('<h2 id="related">') : html.index('<h2 id="cite">')]
    assert '<a href="/id/claim/turkey-belligerence-alleged-by-armenia">' in related
    assert '<a href="/id/claim/turkey-belligerence-denied-by-turkey">' in related
    assert 'href="/id/reference/4"' in related
    # [n] markers in the article text are links
    assert 'denied by Turkey<a class="ref" href="/id/reference/4"' in html
    assert "https://w3id.org/warkg/id/claim/belligerent-turkey" in html[html.index('id="cite"') :]
    assert "51d931998ab613665cd9ae63f3c7d563a854cb086b57546a8e80ea1859da132d" in html


def test_resource_pages_say_what_the_graph_says(server: InProcessServer) -> None:
    agent = request(server.url + "/id/agent/azerbaijan").text
    assert 'href="http://www.wikidata.org/entity/Q227"' in agent
    assert '<h2 id="claims-1">Claims it makes (5)</h2>' in agent
    assert "Claims that give it as their answer (7)" in agent
    assert "Claims with it as" not in agent
    work = request(server.url + "/id/work/1").text
    assert '<h1 lang="ru">' in work or 'lang="ru">Принуждение к конфликту' in work
    assert "Russian" in work and ">ru<" not in work
    publisher = request(server.url + "/id/agent/kommersant").text
    assert 'href="/id/reference/1"' in publisher
    event = request(server.url + "/id/event/second-nagorno-karabakh-war").text
    assert '<h2 id="timeline">Timeline</h2>' in event
    assert '<time datetime="2020-09-27">' in event
    timeline = request(server.url + "/timeline").text
    assert (
        '<a href="/id/claim/war-year">Second Nagorno-Karabakh War: year</a>  '
        '<span class="flag">no citation</span>' in timeline
    )
    assert timeline.index('datetime="1988"') < timeline.index('datetime="2020-09-27"')
    section = request(server.url + "/id/section/lead-paragraph-4").text
    order = re.findall(r'<li><a href="/id/claim/([^"]+)"', section)
    # article order: the paragraph's first sentence is about Shusha, then the agreement
    assert order[:4] == [
        "shusha-second-largest-city", "shusha-in-nagorno-karabakh", "shusha-captured",
        "agreement-effective-date",
    ]  # fmt: skip
    footnote = request(server.url + "/id/footnote/a").text
    assert "does not render this footnote\u2019s text" in footnote


def test_search(server: InProcessServer) -> None:
    html = request(server.url + "/search?q=kommersant").text
    assert '<input id="q" name="q" type="search" value="kommersant"' in html
    hits = json.loads(request(server.url + "/search?q=kommersant&format=json").text)
    assert hits["query"] == "kommersant"
    assert hits["hits"][0]["iri"] == BASE + "id/agent/kommersant"  # the label ranks first
    assert {BASE + "id/work/1", BASE + "id/reference/1"} <= {h["iri"] for h in hits["hits"]}
    state = json.loads(request(server.url + "/search?q=turkey&format=json").text)
    assert state["hits"][0]["iri"] == BASE + "id/agent/turkey"
    author = json.loads(request(server.url + "/search?q=Kramer&format=json").text)
    assert author["hits"][0]["iri"] == BASE + "id/work/2"
    assert author["hits"][0]["field"] == "author"
    both = json.loads(request(server.url + "/search?q=turkey+denied&format=json").text)
    assert all(h["score"] >= both["hits"][-1]["score"] for h in both["hits"])
    assert BASE + "id/claim/turkey-belligerence-denied-by-turkey" in [
        h["iri"] for h in both["hits"][:3]
    ]
    russian = request(
        server.url + "/search?q=%D0%BA%D0%BE%D0%BD%D1%84%D0%BB%D0%B8%D0%BA%D1%82"
    ).text
    assert '<span lang="ru">' in russian
    evil = request(server.url + "/search?q=%3Cscript%3E").text
    assert "<script>" not in evil and "&lt;script&gt;" in evil
    long = request(server.url + "/search?q=" + "a" * 201 + "&format=json")
    assert (long.status, long.text) == (400, "parameter 'q' is longer than 200 characters\n")


def test_query_page_runs_a_query_and_links_the_same_results(server: InProcessServer) -> None:
    query = (
        "SELECT ?agent ?label WHERE { ?agent a warkg:State ; rdfs:label ?label } ORDER BY ?label"
    )
    html = request(server.url + "/query?query=" + urllib.parse.quote(query)).text
    assert "<p>6 rows.</p>" in html
    assert '<a href="/id/agent/armenia">agent:armenia</a>' in html
    csv_link = re.search(r'href="(/sparql\?query=[^"]+&amp;format=csv)"', html).group(1)
    rows = list(csv.reader(io.StringIO(request(server.url + csv_link.replace("&amp;", "&")).text)))
    assert rows[0] == ["agent", "label"] and len(rows) == 7
    assert rows[1] == [BASE + "id/agent/armenia", "Armenia"]
    refused = request(
        server.url + "/query?query=" + urllib.parse.quote("SELECT * { SERVICE <http://x/> {} }")
    )
    assert refused.status == 403
    construct = "CONSTRUCT { ?s rdfs:label ?l } WHERE { ?s a warkg:State ; rdfs:label ?l }"
    built = request(server.url + "/query?query=" + urllib.parse.quote(construct)).text
    assert "<p>6 triples.</p>" in built and "format=ttl" in built
    asked = request(server.url + "/query?query=" + urllib.parse.quote("ASK { ?s a warkg:War }"))
    assert "The answer is <strong>yes</strong>." in asked.text
    example = request(server.url + "/query?example=timeline").text
    assert "SELECT ?war ?when ?event ?what ?claim" in example


def test_stored_query_is_a_page_for_browsers_and_results_for_programs(
    server: InProcessServer,
) -> None:
    page = request(server.url + "/queries/conflicting-figures", headers={"Accept": CHROME_ACCEPT})
    assert page.headers["content-type"] == "text/html; charset=utf-8"
    assert "content-disposition" not in page.headers
    assert '<table class="results">' in page.text
    program = request(server.url + "/queries/conflicting-figures")
    assert program.headers["content-type"] == "application/sparql-results+json; charset=utf-8"
    xml = request(
        server.url + "/queries/conflicting-figures", headers={"Accept": "application/xml"}
    )
    assert xml.headers["content-type"] == "application/sparql-results+xml; charset=utf-8"
    form = request(server.url + "/queries/claim-references", headers={"Accept": CHROME_ACCEPT}).text
    assert '<input id="param-claim" name="claim" value=""' in form
    assert "<p>3 rows." in form  # run with the default, claim:armenians-displaced
    bound = request(
        server.url + "/queries/claim-references?claim=belligerent-turkey",
        headers={"Accept": CHROME_ACCEPT},
    ).text
    assert '<input id="param-claim" name="claim" value="belligerent-turkey"' in bound
    assert "<p>3 rows." in bound and 'href="/id/reference/1"' in bound
    bad = request(
        server.url + "/queries/claim-references?claim=a+%3Cx%3E", headers={"Accept": CHROME_ACCEPT}
    )
    assert bad.status == 400 and "got &#39;a &lt;x&gt;&#39;" in bad.text and "<x>" not in bad.text
    listed = request(server.url + "/queries", headers={"Accept": CHROME_ACCEPT}).text
    assert '<a href="/queries/timeline">timeline</a>' in listed
    assert request(server.url + "/queries").headers["content-type"].startswith("application/json")


def test_void_and_service_description(server: InProcessServer, oxigraph_backend) -> None:
    answer = raw(server, "/.well-known/void", "text/turtle")
    graph = list(pyoxigraph.parse(answer.body, format=pyoxigraph.RdfFormat.TURTLE))
    void = "http://rdfs.org/ns/void#"
    n = pyoxigraph.NamedNode
    dataset = n(server.url + "/.well-known/void#dataset")

    def values(predicate: str) -> set[str]:
        return {
            t.object.value for t in graph if t.subject == dataset and t.predicate == n(predicate)
        }

    assert values(void + "triples") == {"5182"}
    assert values(void + "sparqlEndpoint") == {server.url + "/sparql"}
    assert values(void + "dataDump") == {
        server.url + f"/graph.{e}" for e in ("ttl", "nt", "jsonld")
    }
    assert BASE + "id/reference/1" in values(void + "exampleResource")
    assert values("http://purl.org/dc/terms/license") == {
        "https://creativecommons.org/licenses/by-sa/4.0/"
    }
    classes = querying.run_sparql(oxigraph_backend, "SELECT DISTINCT ?c WHERE { ?s a ?c }")
    assert values(void + "classes") == {str(len(classes))} == {"57"}
    assert "http://www.w3.org/ns/dcat#Dataset" in values(
        "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
    )
    for url in values(void + "dataDump"):
        assert request(url).status == 200
    description = raw(server, "/sparql", "application/n-triples").body.decode()
    named = f"<{server.url}/.well-known/void#dataset>"
    for fact in (
        "<http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <http://www.w3.org/ns/dcat#Dataset>",
        f'<{void}triples> "5182"^^<http://www.w3.org/2001/XMLSchema#integer>',
        f"<{void}sparqlEndpoint> <{server.url}/sparql>",
        f"<{void}dataDump> <{server.url}/graph.ttl>",
        f"<http://www.w3.org/ns/dcat#distribution> <{server.url}/graph.jsonld>",
    ):
        assert f"{named} {fact} .\n" in description, fact


def test_ontology_documentation(server: InProcessServer, ontology_graph) -> None:
    html = request(server.url + "/ontology/").text
    terms = {
        str(s).removeprefix(BASE + "ontology/")
        for s in ontology_graph.subjects()
        if str(s).startswith(BASE + "ontology/") and str(s) != BASE + "ontology/"
    }
    assert len(terms) > 150
    for term in terms:
        assert f'<article class="term" id="{term}"' in html, term
    start = html.index('id="CasualtyClaim"')
    entry = html[start : html.index("</article>", start)]
    assert "<dd>26 resources of this class in the data</dd>" in entry
    assert "Subclass of" in entry and "Definition" in entry
    prop = html[html.index('id="claimant"') :]
    assert "Domain" in prop[: prop.index("</article>")]


def test_w3id_rules_send_every_kind_of_iri_to_its_path(oxigraph_backend) -> None:
    """The .htaccess rules, applied as Apache would (first match wins), send each IRI
    to the same path on the server, which is where `warkg serve` answers it."""
    text = (REPO / "w3id" / "warkg" / ".htaccess").read_text()
    rules = re.findall(r"^RewriteRule (\S+) (\S+) \[([^\]]+)\]$", text, re.M)
    assert len(rules) == 5

    def rewrite(path: str) -> tuple[str, str]:
        for pattern, target, flags in rules:
            match = re.match(pattern, path)
            if match:
                status = re.search(r"R=(\d+)", flags).group(1)
                return status, match.expand(re.sub(r"\$(\d)", r"\\\1", target))
        raise AssertionError(f"no rule for {path}")

    host = "https://warkg.example.org/"
    for iri in kinds_of_iri(oxigraph_backend).values():
        path = iri.removeprefix(BASE)
        assert rewrite(path) == ("303", host + path)
    assert rewrite("ontology/startDate") == ("303", host + "ontology/startDate")
    assert rewrite("ontology/") == ("303", host + "ontology/")
    assert rewrite("") == ("302", host)


def test_bad_input_gets_one_line_or_a_page_never_a_500(
    server: InProcessServer, tmp_path: Path
) -> None:
    with in_process_server(tmp_path, limits=Limits(max_request_bytes=2048)) as small:
        big = request(small.url + "/query?query=" + "x" * 3000)
    assert (big.status, big.text) == (
        413,
        "request larger than 2048 bytes, the server's limit (--max-request-bytes)\n",
    )
    twice = request(server.url + "/search?q=a&q=b")
    assert (twice.status, twice.text) == (400, "parameter 'q' given 2 times; give it once\n")
    broken = request(server.url + "/query?query=SELECT+%7B")
    assert broken.status == 400 and '<p class="notice" role="alert">' in broken.text
    assert request(server.url + "/id/").status == 404
    assert request(server.url + "/id/claim/%00").status == 404
    assert request(server.url + "/queries/nope", headers={"Accept": CHROME_ACCEPT}).status == 404


def test_rdflib_backend_and_base_url_give_the_same_descriptions(
    server: InProcessServer, tmp_path: Path
) -> None:
    """Either engine describes a resource with the same triples; --base-url is the
    address written into the VoID description."""
    base = "https://w3id.org/warkg/"
    with in_process_server(tmp_path, backend="rdflib", base_url=base) as other:
        for path in ("/id/claim/belligerent-turkey", "/id/agent/kommersant", "/ontology/claimant"):
            ours = raw(server, path, "application/n-triples").body
            theirs = raw(other, path, "application/n-triples").body
            assert sorted(ours.splitlines()) == sorted(theirs.splitlines()), path
        void = raw(other, "/.well-known/void", "application/n-triples").body.decode()
        assert (
            f"<{base}.well-known/void#dataset> <http://rdfs.org/ns/void#sparqlEndpoint> "
            f"<{base}sparql> ." in void
        )
        page = request(other.url + "/id/event/second-nagorno-karabakh-war").text
        assert '<h2 id="timeline">Timeline</h2>' in page


@settings(
    max_examples=40,
    deadline=None,
    database=None,  # tests never write into the repository
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
@given(text=st.text(min_size=1, max_size=60))
def test_any_search_or_path_is_answered_and_escaped(server: InProcessServer, text: str) -> None:
    """Whatever is typed into the search box or appended to /id/, the answer is a page
    or a one-line error, never a 500, and the text comes back escaped."""
    quoted = urllib.parse.quote(text, safe="")
    found = request(f"{server.url}/search?q={quoted}")
    assert found.status in (200, 400)
    if found.status == 200 and text.strip():
        assert str(escape(text.strip())) in found.text
    resource = request(f"{server.url}/id/agent/{quoted}", headers={"Accept": "text/turtle"})
    assert resource.status in (200, 404), resource.text


def test_the_version_iri_dereferences(server: InProcessServer) -> None:
    """`owl:versionIRI` is `.../ontology/0.1.0/`: it answered 307 to a 404."""
    triples = request(server.url + "/ontology/0.1.0/", headers={"Accept": "application/n-triples"})
    assert triples.status == 200
    assert (
        "<https://w3id.org/warkg/ontology/> <http://www.w3.org/2002/07/owl#versionIRI> "
        "<https://w3id.org/warkg/ontology/0.1.0/> ."
    ) in triples.text
    page = request(server.url + "/ontology/0.1.0/", headers={"Accept": CHROME_ACCEPT})
    assert page.status == 200 and "<h1>" in page.text
    other = request(server.url + "/ontology/0.0.9/", headers={"Accept": "text/turtle"})
    assert (other.status, other.text) == (
        404,
        "this server has version 0.1.0 of the ontology, not 0.0.9\n",
    )
