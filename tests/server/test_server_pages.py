"""The HTML pages of `warkg serve`: what they show (checked against the stored queries),
that every link resolves, that nothing is loaded from elsewhere, that data is escaped,
and, in a real browser (Debian's Chromium driven by Playwright), a click from a claim to
its reference.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tests.support.serving import (
    Answer,
    InProcessServer,
    RunningServer,
    in_process_server,
    request,
    warkg_server,
)
from warkg.catalogue import run as querying

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CLAIM_TITLE = "Per Armenia/Artsakh: 3,825 servicemen killed"
REFERENCE_TITLE = (
    "Prime Minister Nikol Pashinyan's speech at the National Assembly during the discussion "
    "of the performance report of the Government Action Plan for 2021"
)


class Links(HTMLParser):
    """Every href and src of a page, the text of each link, and the h1."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.links: list[tuple[str, str]] = []
        self.h1 = ""
        self._href: str | None = None
        self._text: list[str] = []
        self._in_h1 = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        for name, value in attrs:
            if name in ("href", "src") and value is not None:
                self.urls.append(value)
        if tag == "a":
            self._href = dict(attrs).get("href")
            self._text = []
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, " ".join("".join(self._text).split())))
            self._href = None
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)
        if self._in_h1:
            self.h1 += data


def parse(answer: Answer) -> Links:
    links = Links()
    links.feed(answer.text)
    return links


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[InProcessServer]:
    """The pages in process (the browser test below has a server of its own)."""
    with in_process_server(tmp_path_factory.mktemp("serve"), workers=2) as running:
        yield running


@pytest.fixture(scope="module")
def live() -> Iterator[RunningServer]:
    with warkg_server("--workers", "2") as running:
        yield running


def test_figures_page_shows_every_casualty_figure(
    server: InProcessServer, oxigraph_backend
) -> None:
    answer = request(f"{server.url}/")
    assert answer.status == 200
    assert answer.headers["content-type"] == "text/html; charset=utf-8"
    page = parse(answer)
    assert page.h1 == "Casualty figures"
    figures = {href: text for href, text in page.links if href.startswith("/id/claim/")}
    rows = querying.run_query(oxigraph_backend, "casualty-figures").rows
    assert len(rows) == 26
    assert figures == {
        "/id/claim/" + str(row["claim"]).rsplit("/", 1)[1]: str(row["statedAs"]) for row in rows
    }
    assert figures["/id/claim/armenia-artsakh-servicemen-killed"] == "3,825"


def test_figures_sit_side_by_side(server: InProcessServer) -> None:
    """The servicemen killed row holds both sides' figures, one column per claimant."""
    html = request(f"{server.url}/").text
    killed = html[html.index(">Killed</h2>") : html.index(">Missing</h2>")]
    headers = re.findall(r'<th scope="col">([^<]*)</th>', killed)
    assert headers == [
        "Who was counted",
        "Per Armenia/Artsakh",
        "Per Azerbaijan",
        "Per SOHR",
        "No claimant named",
    ]
    servicemen = killed[killed.index('<th scope="row">servicemen</th>') :]
    servicemen = servicemen[: servicemen.index("</tr>")]
    cells = re.findall(r"<td[^>]*>(.*?)</td>", servicemen, re.S)
    assert [re.findall(r'class="amount"[^>]*>([^<]*)<', cell) for cell in cells] == [
        ["3,825"],
        ["2,906"],
        [],
        [],
    ]


def test_claim_page_shows_references_and_article_text(
    server: InProcessServer, oxigraph_backend
) -> None:
    answer = request(f"{server.url}/claims/armenians-displaced")
    page = parse(answer)
    assert page.h1 == "100,000 Armenians displaced"
    assert (
        "40,000 Azerbaijanis (according to Azerbaijan)"
        '<a class="ref" href="/id/reference/71" aria-label="reference 71">[71]</a>'
        " and 100,000 Armenians displaced" in answer.text
    )
    assert "Infobox: casualties and losses" in answer.text
    references = [(href, text) for href, text in page.links if text.startswith("Reference ")]
    # the reference list, then the same three in "What the graph says about it", once as
    # warkg:hasReference and once as prov:wasDerivedFrom (both are shipped)
    assert references == 3 * [(f"/id/reference/{n}", f"Reference {n}") for n in (72, 73, 74)]
    expected = querying.run_query(oxigraph_backend, "claim-references", claim="armenians-displaced")
    for row in expected.rows:
        assert str(row["title"]).replace("'", "&#39;").replace('"', "&#34;") in answer.text


def test_reference_page_lists_what_it_supports(server: InProcessServer, oxigraph_backend) -> None:
    answer = request(f"{server.url}/references/10")
    page = parse(answer)
    assert page.h1 == "Reference 10"
    assert "Deal Struck to End Nagorno-Karabakh War" in answer.text
    assert "The Moscow Times" in answer.text
    supports = {href for href, _ in page.links if href.startswith("/id/claim/")}
    rows = querying.run_query(oxigraph_backend, "reference-supports", reference=10).rows
    assert len(rows) == 8
    assert supports == {"/id/claim/" + str(row["claim"]).rsplit("/", 1)[1] for row in rows}


@pytest.mark.parametrize(
    ("path", "message"),
    [
        (
            "/claims/no-such-claim",
            "The graph says nothing about https://w3id.org/warkg/id/claim/no-such-claim.",
        ),
        (
            "/references/999",
            "The graph says nothing about https://w3id.org/warkg/id/reference/999.",
        ),
        (
            "/references/abc",
            "The graph says nothing about https://w3id.org/warkg/id/reference/abc.",
        ),
    ],
)
def test_missing_pages(server: InProcessServer, path: str, message: str) -> None:
    answer = request(server.url + path)
    assert answer.status == 404
    assert f"<p>{message}</p>" in answer.text


def test_data_is_escaped(tmp_path: Path) -> None:
    """Markup in the data is shown as text, never run: served with --data."""
    (tmp_path / "evil.ttl").write_text(
        "PREFIX claim: <https://w3id.org/warkg/id/claim/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX warkg: <https://w3id.org/warkg/ontology/>\n"
        'claim:evil a warkg:FactClaim ; rdfs:label "<script>alert(1)</script>"@en ;\n'
        '  warkg:evidenceText "a & b <img src=x onerror=alert(2)>" .\n',
        encoding="utf-8",
    )
    with in_process_server(tmp_path / "serve", data_paths=(tmp_path / "evil.ttl",)) as evil:
        answer = request(f"{evil.url}/claims/evil")
    assert answer.status == 200
    assert "<script>" not in answer.text and "<img" not in answer.text
    assert "<h1>&lt;script&gt;alert(1)&lt;/script&gt;</h1>" in answer.text
    assert "a &amp; b &lt;img src=x onerror=alert(2)&gt;" in answer.text


# ---- in a real browser ------------------------------------------------------------------

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's Chromium is not installed (/usr/bin/chromium); .ci/run installs it",
)


@needs_chromium
def test_browser_clicks_from_a_claim_to_its_reference(live: RunningServer) -> None:
    server = live
    from playwright.sync_api import expect, sync_playwright

    requested: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page()
            page.on("request", lambda r: requested.append(r.url))
            page.goto(f"{server.url}/")
            expect(page.get_by_role("heading", level=1)).to_have_text("Casualty figures")

            # the figure in the table leads to its claim
            page.get_by_role("link", name="3,825", exact=True).click()
            expect(page).to_have_url(f"{server.url}/id/claim/armenia-artsakh-servicemen-killed")
            expect(page.get_by_role("heading", level=1)).to_have_text(CLAIM_TITLE)
            expect(page.locator("blockquote.evidence")).to_have_text("3,825 servicemen killed[57]")

            # the claim's reference leads to the reference's page
            page.locator("a.ref-link", has_text="Reference 57").click()
            expect(page).to_have_url(f"{server.url}/id/reference/57")
            expect(page.get_by_role("heading", level=1)).to_have_text("Reference 57")
            expect(page.locator("p.title cite")).to_have_text(REFERENCE_TITLE)
            expect(page.locator("dl.fields dd").first).to_have_text(
                "https://w3id.org/warkg/id/reference/57"
            )
            supported = page.locator("ul.supports a")
            expect(supported).to_have_count(1)
            expect(supported).to_have_text(CLAIM_TITLE)
            expect(supported).to_have_attribute(
                "href", "/id/claim/armenia-artsakh-servicemen-killed"
            )

            # and back again, from the reference to the claim it supports
            supported.click()
            expect(page.get_by_role("heading", level=1)).to_have_text(CLAIM_TITLE)
            styled = page.locator("h1").evaluate("e => getComputedStyle(e).fontSize")
            assert styled == "28.8px"  # 1.8rem: the stylesheet loaded
        finally:
            browser.close()
    assert requested
    assert all(url.startswith(server.url + "/") for url in requested), requested
