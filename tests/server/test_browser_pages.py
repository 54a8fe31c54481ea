"""Every kind of page in a real browser (Debian's Chromium driven by Playwright), at
1280 and 390 px: no horizontal overflow, readable with JavaScript disabled, nothing
requested from another host, and axe-core (from npm, tests/node) finding no
accessibility violation. Also the focus ring's contrast and the favicon.
"""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.support.serving import RunningServer, warkg_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
AXE = Path(__file__).parents[1] / "node" / "node_modules" / "axe-core" / "axe.min.js"
WIDTHS = (1280, 390)

# One page of every kind, by what it shows.
PAGES = {
    "figures": "/",
    "claims": "/claims",
    "references": "/references",
    "timeline": "/timeline",
    "search": "/search?q=turkey",
    "query": "/query?query=SELECT+%3Fs+%3Fl+WHERE+%7B+%3Fs+a+warkg%3AState+%3B"
    "+rdfs%3Alabel+%3Fl+%7D",
    "stored queries": "/queries",
    "stored query": "/queries/conflicting-figures",
    "ontology": "/ontology/",
    "claim": "/id/claim/belligerent-turkey",
    "reference": "/id/reference/1",
    "unsupported reference": "/id/reference/5",
    "agent": "/id/agent/azerbaijan",
    "publisher": "/id/agent/kommersant",
    "place": "/id/place/shusha",
    "event": "/id/event/second-nagorno-karabakh-war",
    "population": "/id/population/armenian-civilians",
    "work": "/id/work/1",
    "section": "/id/section/infobox-casualties",
    "footnote": "/id/footnote/a",
    "concept": "/id/concept/mi-24",
    "wikidata link": "/id/wikidata-link/azerbaijan",
    "side and snapshot": "/id/armenian-side",
    "not found": "/id/agent/nobody",
}

needs_chromium = pytest.mark.skipif(
    not CHROMIUM.exists() and not os.environ.get("CI"),
    reason="Debian's Chromium is not installed (/usr/bin/chromium); .ci/run installs it",
)
pytestmark = needs_chromium


@pytest.fixture(scope="module")
def server() -> Iterator[RunningServer]:
    with warkg_server("--workers", "2") as running:
        yield running


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_FLAGS)
        yield launched
        launched.close()


def test_every_kind_of_page_is_listed() -> None:
    assert len(PAGES) == 24


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_without_javascript_fits_and_stays_local(
    server: RunningServer, browser, kind: str, width: int
) -> None:
    context = browser.new_context(
        viewport={"width": width, "height": 800}, java_script_enabled=False
    )
    requested: list[str] = []
    try:
        page = context.new_page()
        page.on("request", lambda r: requested.append(r.url))
        response = page.goto(server.url + PAGES[kind])
        assert response.status == (404 if kind == "not found" else 200)
        assert page.locator("h1").count() == 1
        assert page.locator("main").inner_text().strip()
        overflow = page.evaluate(
            "document.documentElement.scrollWidth - document.documentElement.clientWidth"
        )
        assert overflow <= 0, f"{kind} at {width}px is {overflow}px wider than the screen"
        styled = page.locator("h1").evaluate("e => getComputedStyle(e).fontSize")
        assert styled in ("28.8px",), styled  # the stylesheet loaded (1.8rem)
    finally:
        context.close()
    assert requested and all(url.startswith(server.url + "/") for url in requested), requested
    assert any(url.endswith("/static/favicon.svg") for url in requested) or len(requested) >= 2


@pytest.mark.skipif(
    not AXE.exists(),
    reason=(
        "axe-core is not installed: run `npm ci` in tests/node (needs Node and npm)"
        if shutil.which("npm")
        else "Node/npm is missing, so axe-core (tests/node) cannot be installed"
    ),
)
@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("kind", list(PAGES))
def test_page_has_no_accessibility_violations(
    server: RunningServer, browser, kind: str, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    try:
        page = context.new_page()
        page.goto(server.url + PAGES[kind])
        # Evaluated through the DevTools protocol, which the page's CSP does not govern.
        page.evaluate(AXE.read_text(encoding="utf-8"))
        result = page.evaluate(
            "async () => { const r = await axe.run(document, {resultTypes: ['violations']});"
            " return r.violations.map(v => `${v.id}: ${v.help} (${v.nodes.length}) `"
            " + v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(', ')); }"
        )
    finally:
        context.close()
    assert result == [], f"{kind} at {width}px: {result}"


def _luminance(rgb: tuple[int, ...]) -> float:
    def channel(c: int) -> float:
        c = c / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb[:3])
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def test_focus_ring_contrasts_at_least_3_to_1(server: RunningServer, browser) -> None:
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    try:
        page = context.new_page()
        page.goto(server.url + "/id/claim/belligerent-turkey")
        colours = []
        for _ in range(4):  # the skip link, then the site links
            page.keyboard.press("Tab")
            style = page.evaluate(
                "() => { const s = getComputedStyle(document.activeElement);"
                " return [s.outlineStyle, s.outlineWidth, s.outlineColor]; }"
            )
            colours.append(style)
    finally:
        context.close()
    for style, width, colour in colours:
        assert style == "solid" and width == "3px"
        rgb = tuple(int(x) for x in colour.removeprefix("rgb(").rstrip(")").split(","))
        ratio = (1.05) / (_luminance(rgb) + 0.05)  # against the white page
        assert ratio >= 3, (colour, ratio)
