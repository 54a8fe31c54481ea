"""Issue 24's "done when": a throwaway data repository that gates its commits and pull
requests on warkg, used as an outsider would use it.

The repository holds the warkg-shaped data of a small article (claims in one file, the
references they cite in another), the pre-commit configuration exactly as the CI guide
(docs/how-to/gate-ci.md) documents it, and is checked as the GitHub action's Validate
step checks a checkout. Each kind of broken data is committed and must be refused, by
the hook and by the action's step, with a message naming the file, the line of the
offending triple, the offending value and the missing or wrong target; valid data must
pass, including a commit that stages only one of the two files (cross-file references).

Nothing needs the network: the hook is the shipped hook definition run as a `repo: local`
hook with this interpreter (test_validate_reports.py installs the real one), and the
action's `warkg` is a shim for this interpreter.
"""

from __future__ import annotations

import os
import re
import shlex
import stat
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[2]

PREFIXES = """\
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
@prefix dcterms: <http://purl.org/dc/terms/> .
@prefix warkg: <https://w3id.org/warkg/ontology/> .
@prefix claim: <https://w3id.org/warkg/id/claim/> .
@prefix pop: <https://w3id.org/warkg/id/population/> .
@prefix ref: <https://w3id.org/warkg/id/reference/> .
@prefix work: <https://w3id.org/warkg/id/work/> .
@prefix org: <https://w3id.org/warkg/id/organisation/> .
@prefix section: <https://w3id.org/warkg/id/section/> .
"""

CLAIMS = (
    PREFIXES
    + """
claim:soldiers-killed
    a warkg:CasualtyClaim , warkg:QuantityClaim , warkg:Claim ;
    rdfs:label "Per the ministry: 3,825 soldiers killed"@en ;
    prov:wasDerivedFrom ref:57 ;
    warkg:evidenceText "3,825 soldiers killed[57]" ;
    warkg:exactness warkg:exact ;
    warkg:hasReference ref:57 ;
    warkg:inSection section:casualties ;
    warkg:measure warkg:killed ;
    warkg:population pop:soldiers ;
    warkg:quantityAmount "3825"^^xsd:nonNegativeInteger ;
    warkg:statedAs "3,825" .

pop:soldiers a warkg:Population ; rdfs:label "Soldiers"@en ; warkg:populationGroup warkg:aircrew .

section:casualties a warkg:ArticleSection ; rdfs:label "Casualties"@en .
"""
)

REFERENCES = (
    PREFIXES
    + """
ref:57
    a warkg:Reference ;
    rdfs:label "Reference 57"@en ;
    warkg:backlinkCount "1"^^xsd:nonNegativeInteger ;
    warkg:citesWork work:57 ;
    warkg:referenceNumber "57"^^xsd:positiveInteger ;
    warkg:renderedText "Ministry of Defence (2021). Casualties." .

work:57 a warkg:CitedWork ; rdfs:label "Casualties"@en ;
    dcterms:title "Casualties" ; warkg:publishedIn org:ministry .

org:ministry a warkg:SourceOrganisation ; rdfs:label "Ministry of Defence"@en .
"""
)

# Each broken variant: the edits to claims.ttl, then what the reports must say: the line
# (the first line of the broken file containing the text given) and what that line's
# result names (the value, the missing or wrong target, both sides of a disagreement).
BROKEN = {
    "claim-without-reference": (
        [
            ("    prov:wasDerivedFrom ref:57 ;\n", ""),
            ("    warkg:hasReference ref:57 ;\n", ""),
            ('"3,825 soldiers killed[57]"', '"3,825 soldiers killed"'),
        ],
        "claim:soldiers-killed\n",
        ("claim:soldiers-killed", "Claim has no provenance"),
    ),
    "figure-typed-as-a-string": (
        [('"3825"^^xsd:nonNegativeInteger', '"3,825"')],
        'warkg:quantityAmount "3,825"',
        ('warkg:quantityAmount "3,825"', "Quantity amount must be"),
    ),
    "reference-that-does-not-exist": (
        [
            ("ref:57 ;\n    warkg:evidenceText", "ref:957 ;\n    warkg:evidenceText"),
            ("warkg:hasReference ref:57", "warkg:hasReference ref:957"),
            ("killed[57]", "killed[957]"),
        ],
        "warkg:hasReference ref:957",
        (
            "warkg:hasReference ref:957",
            "ref:957 is not a warkg:Reference: nothing in the data describes ref:957",
        ),
    ),
    "evidence-marker-that-disagrees": (
        [('"3,825 soldiers killed[57]"', '"3,825 soldiers killed[58]"')],
        "warkg:hasReference ref:57",
        (
            "warkg:hasReference ref:57",
            'The claim cites [57], but its evidence text has no marker [57]: "3,825 soldiers '
            'killed[58]"',
        ),
    ),
}


def _apply(text: str, edits: list[tuple[str, str]]) -> str:
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text


def _line_of(text: str, needle: str) -> int:
    """The 1-based line of the first line containing `needle` (a needle ending in a new
    line: the first line that is exactly it)."""
    for number, line in enumerate(text.splitlines(), start=1):
        if (needle.endswith("\n") and line == needle[:-1]) or (
            not needle.endswith("\n") and needle in line
        ):
            return number
    raise AssertionError(needle)


@pytest.fixture(scope="module")
def documented_hook() -> dict[str, object]:
    """The hook exactly as the CI guide's snippet configures it, made a `repo: local` hook
    run by this interpreter: the shipped definition (.pre-commit-hooks.yaml) with the
    snippet's settings on top, and `entry` and `language` swapped so nothing is
    installed."""
    readme = (REPO / "docs" / "how-to" / "gate-ci.md").read_text(encoding="utf-8")
    blocks = [yaml.safe_load(b.split("```")[0]) for b in readme.split("```yaml\n")[1:]]
    snippets = [b for b in blocks if isinstance(b, dict) and "repos" in b]
    assert len(snippets) == 1, "the CI guide documents one pre-commit snippet"
    [configured] = snippets[0]["repos"][0]["hooks"]
    [shipped] = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert configured["id"] == shipped["id"]
    assert shipped["entry"] == "warkg validate"
    return (
        shipped
        | configured
        | {
            "language": "system",
            "entry": f"{shlex.quote(sys.executable)} -m warkg validate",
        }
    )


@pytest.fixture
def toy(tmp_path: Path, documented_hook: dict[str, object]):
    """A git repository with data/claims.ttl and data/references.ttl, the hook installed."""
    repo = tmp_path / "toy"
    (repo / "data").mkdir(parents=True)
    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GIT_", "PRE_COMMIT"))}
    env |= {
        "HOME": str(home),
        "PRE_COMMIT_HOME": str(tmp_path / "pre-commit-cache"),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_AUTHOR_NAME": "toy",
        "GIT_AUTHOR_EMAIL": "toy@example.org",
        "GIT_COMMITTER_NAME": "toy",
        "GIT_COMMITTER_EMAIL": "toy@example.org",
        "PIP_NO_INDEX": "1",
    }
    config = {"repos": [{"repo": "local", "hooks": [documented_hook]}]}
    (repo / ".pre-commit-config.yaml").write_text(yaml.safe_dump(config), encoding="utf-8")
    (repo / "README.md").write_text("A toy data repository.\n", encoding="utf-8")

    def run(*command: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        done = subprocess.run(
            list(command), cwd=repo, env=env, capture_output=True, text=True, timeout=600
        )
        if check and done.returncode != 0:
            raise AssertionError(done.stdout + done.stderr)
        return done

    run("git", "init", "-q")
    run(sys.executable, "-m", "pre_commit", "install")
    (repo / "data" / "claims.ttl").write_text(CLAIMS, encoding="utf-8")
    (repo / "data" / "references.ttl").write_text(REFERENCES, encoding="utf-8")
    run("git", "add", "-A")
    run("git", "commit", "-q", "-m", "valid data")  # the hook runs and passes
    return repo, env, run


def _action_step(
    repo: Path, env: dict[str, str], tmp_path: Path
) -> subprocess.CompletedProcess[str]:
    """action.yml's Validate step with its default inputs, run by bash in the checkout
    as the runner runs it, `warkg` a shim for this interpreter."""
    action = yaml.safe_load((REPO / "action.yml").read_text(encoding="utf-8"))
    [validate] = [step for step in action["runs"]["steps"] if step.get("name") == "Validate"]
    shim = tmp_path / "runner" / "warkg-venv" / "bin" / "warkg"
    shim.parent.mkdir(parents=True, exist_ok=True)
    shim.write_text(f'#!/bin/sh\nexec {shlex.quote(sys.executable)} -m warkg "$@"\n')
    shim.chmod(shim.stat().st_mode | stat.S_IXUSR)
    defaults = {name: str(spec.get("default", "")) for name, spec in action["inputs"].items()}
    step_env = dict(env) | {"RUNNER_TEMP": str(tmp_path / "runner"), "GITHUB_WORKSPACE": str(repo)}
    for name, expression in validate["env"].items():
        [(input_name)] = re.findall(r"\$\{\{ inputs\.([\w-]+) \}\}", expression)
        step_env[name] = defaults[input_name]
    return subprocess.run(
        ["bash", "-c", validate["run"]],
        cwd=repo,
        env=step_env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )


def test_valid_data_passes_the_hook_and_the_action(toy, tmp_path: Path) -> None:
    repo, env, _ = toy  # the fixture committed it: the hook passed
    done = _action_step(repo, env, tmp_path)
    assert done.returncode == 0, done.stdout + done.stderr
    assert done.stdout.splitlines()[-1].startswith("conforms: 1 claim, 1 reference")


def test_a_commit_of_one_file_is_checked_with_the_files_it_refers_to(toy) -> None:
    """Only claims.ttl is staged; its reference lives in references.ttl. With the staged
    files alone, every citation was "not a warkg:Reference"."""
    repo, _, run = toy
    claims = repo / "data" / "claims.ttl"
    claims.write_text(CLAIMS.replace("Per the ministry", "According to the ministry"), "utf-8")
    run("git", "add", "data/claims.ttl")
    done = run("git", "commit", "-q", "-m", "reword a label", check=False)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.mark.parametrize("variant", BROKEN)
def test_broken_data_is_refused_naming_file_line_value_and_target(
    toy, tmp_path: Path, variant: str
) -> None:
    repo, env, run = toy
    edits, needle, named = BROKEN[variant]
    broken = _apply(CLAIMS, edits)
    line = _line_of(broken, needle)
    (repo / "data" / "claims.ttl").write_text(broken, encoding="utf-8")
    run("git", "add", "data/claims.ttl")
    committed = run("git", "commit", "-q", "-m", variant, check=False)
    assert committed.returncode != 0, f"the hook let {variant} through"
    hook_lines = (committed.stdout + committed.stderr).splitlines()
    assert any("warkg validate" in x and "Failed" in x for x in hook_lines), hook_lines
    expected = f"data/claims.ttl:{line}: Violation "
    assert [x for x in hook_lines if x.startswith(expected) and all(n in x for n in named)], (
        expected,
        named,
        hook_lines,
    )
    action = _action_step(repo, env, tmp_path)
    assert action.returncode == 1, action.stdout + action.stderr
    annotations = [_unescape(x) for x in action.stdout.splitlines() if x.startswith("::error ")]
    at_line = f"::error file=data/claims.ttl,line={line},"
    assert [a for a in annotations if a.startswith(at_line) and all(n in a for n in named)], (
        at_line,
        named,
        annotations,
    )


def _unescape(line: str) -> str:
    return line.replace("%3A", ":").replace("%2C", ",").replace("%0A", "\n").replace("%25", "%")
