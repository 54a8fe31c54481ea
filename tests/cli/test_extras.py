"""The light install: `pip install warkg` brings what validate, query, sparql, fmt, load
and wikidata need; a command that needs an extra (`serve`, `reason`) says which one, in
one line, exit 2.

Each case runs in a child process in which the extra's module cannot be imported (its
entry in sys.modules is None, as when it is not installed)."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from warkg.cli import main as cli

REPO = Path(__file__).resolve().parents[2]

SCRIPT = """
import sys
for name in {missing!r}:
    sys.modules[name] = None
from warkg.cli.main import main
sys.exit(main({args!r}))
"""


def _run(missing: list[str], args: list[str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", SCRIPT.format(missing=missing, args=args)],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=REPO,
        check=False,
    )


@pytest.mark.parametrize(
    ("missing", "args", "message"),
    [
        (
            ["starlette"],
            ["serve", "--port", "0"],
            "warkg: serve needs the serve extra: pip install 'warkg[serve]' "
            "(starlette is not installed)\n",
        ),
        (
            ["reasonable"],
            ["query", "casualty-figures", "--reason", "--reasoner", "reasonable"],
            "warkg: query needs the reason extra: pip install 'warkg[reason]' "
            "(reasonable is not installed)\n",
        ),
    ],
    ids=["serve", "reason"],
)
def test_a_command_that_needs_an_extra_names_it(
    missing: list[str], args: list[str], message: str
) -> None:
    done = _run(missing, args)
    assert (done.returncode, done.stdout, done.stderr) == (2, "", message)


def test_the_light_install_validates_queries_and_reasons_without_the_extras(
    tmp_path: Path,
) -> None:
    """With none of the extras' modules: validate and query work, and --reason falls
    back to owlrl (the auto engine) rather than failing."""
    missing = sorted(cli.EXTRAS)
    done = _run(missing, ["validate", "--bundled"])
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert done.stdout.startswith("conforms: 97 claims, 91 references")
    done = _run(missing, ["query", "casualty-figures", "--reason", "--format", "csv"])
    assert (done.returncode, done.stderr) == (0, ""), done.stderr
    assert len(done.stdout.splitlines()) > 20


def test_the_extras_hold_what_the_commands_need() -> None:
    """pyproject.toml: the core has no server and no fast reasoner, every module of
    cli.EXTRAS is in the extra it names, and [test] pulls them all."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    core = " ".join(project["dependencies"]).lower()
    extras = project["optional-dependencies"]
    for module, extra in cli.EXTRAS.items():
        assert module not in core, module
        assert any(requirement.lower().startswith(module) for requirement in extras[extra])
    assert "warkg[serve,reason]" in extras["test"]
