"""The README is the front door: short, its title and one paragraph first, then exactly
the two set-up commands, and every link in it leads somewhere."""

from __future__ import annotations

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_the_readme_is_under_15_kb() -> None:
    assert len(README.encode("utf-8")) < 15_000


def test_title_paragraph_then_the_two_commands() -> None:
    blocks = README.split("\n\n")
    assert blocks[0] == "# warkg"
    assert not blocks[1].startswith(("#", "`", "-"))  # one paragraph of prose
    assert blocks[2] == (
        "```\n"
        "pip install -e . && warkg query casualty-figures\n"
        "pip install -e '.[test]' && pytest\n"
        "```"
    )


def test_every_relative_link_leads_to_a_file() -> None:
    links = re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", README)
    local = [link for link in links if not re.match(r"^[a-z]+:", link)]
    assert len(local) >= 10
    assert [link for link in local if not (ROOT / link).exists()] == []


def test_no_placeholder_repository_or_tag() -> None:
    assert "OWNER/" not in README
    assert "v0.1.0" not in README


def test_the_tour_s_python_runs(capsys) -> None:
    """The five-minute tour's Python block, as a reader pastes it."""
    import pytest

    pytest.importorskip("pandas")  # the block's last line; warkg[pandas], in [test]
    [block] = re.findall(r"```python\n(.*?)```", README, re.S)
    namespace: dict = {}
    exec(compile(block, "README.md", "exec"), namespace)
    assert capsys.readouterr().out.splitlines()[:2] == ["60+ captured 60", "3,825 killed 57"]
    assert {"claimant", "claim", "statedAs"} <= set(namespace["frame"].columns)


def test_the_tour_s_sparql_finds_the_russian_references(tmp_path) -> None:
    import subprocess
    import sys

    [query] = re.findall(r"echo '(SELECT .*?)' \| warkg sparql -", README, re.S)
    done = subprocess.run(
        [sys.executable, "-m", "warkg", "sparql", "-", "-f", "csv"],
        input=query,
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    numbers = [line.split(",")[0] for line in done.stdout.splitlines()[1:]]
    assert numbers == ["1", "24", "34", "49", "60", "69", "73", "84", "85"]
    assert done.stderr == ""


def test_no_guide_names_a_placeholder_repository_or_a_missing_tag() -> None:
    """The guides' snippets name no `OWNER/warkg` and no release tag warkg does not have."""
    for page in (ROOT / "docs").rglob("*.md"):
        text = page.read_text(encoding="utf-8")
        assert "OWNER/" not in text, page
        assert "v0.1.0" not in text, page
