"""The differential test: seeded generated shapes and data (tests.support.shacl_cases)
through warkg and through other engines, every disagreement a failure unless the
documented list of upstream bugs (upstream.py) explains it.

- warkg's fast paths (pyoxigraph SPARQL targets, narrowed SPARQL constraints, the
  pySHACL speedups) against warkg's plain path, on every case: no difference at all.
  The forked workers too, on a sample (a fork per case costs).
- warkg's plain path against plain pySHACL run with the spec's settings, on every case.
- warkg against Jena SHACL (Debian's libapache-jena-java), on a sample.

The corpus is small cases in their own namespaces: nested shapes with every severity,
zero-length, alternative, inverse and sequence paths, SPARQL targets and constraints
with and without literal constants, ill-typed, huge and oddly written literals, value
nodes shared by several focus nodes. `test_the_corpus_reaches_what_it_must` keeps it so.

In CI it runs CASES seeds (about a minute on two busy cores). A longer run for
maintainers, e.g. after upgrading pySHACL or rdflib, or changing a fast path:

    WARKG_DIFFERENTIAL_CASES=3000 WARKG_DIFFERENTIAL_SEED=100000 \\
        python -m pytest tests/validation/test_differential.py

(about 10 minutes; any seed range may be used, and a failure names the seed, whose case
`tests.support.shacl_cases.generate(seed)` writes out again).
"""

from __future__ import annotations

import os
import re
from collections import Counter
from dataclasses import dataclass

import pytest
from rdflib import Graph
from rdflib.namespace import SH

from tests.support import evidence_cases, jena
from tests.support import shacl_outcomes as outcomes_of
from tests.support.shacl_cases import Case, generate
from tests.support.shacl_outcomes import Outcome
from tests.validation import upstream
from warkg.rdf.namespaces import WARKG, WSH
from warkg.validation import api as validation
from warkg.validation import evidence, fragment
from warkg.validation.targets import plain_select

FIRST = int(os.environ.get("WARKG_DIFFERENTIAL_SEED", "0"))
CASES = int(os.environ.get("WARKG_DIFFERENTIAL_CASES", "220"))
JENA_EVERY = 3
PARALLEL_EVERY = 20


@dataclass
class Run:
    case: Case
    accelerated: Outcome
    plain: Outcome
    pyshacl: Outcome
    parallel: Outcome | None = None
    jena: Outcome | None = None


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> list[Run]:
    root = tmp_path_factory.mktemp("differential")
    cases = [generate(seed) for seed in range(FIRST, FIRST + CASES)]
    folders = {case.seed: outcomes_of.write(case, root / str(case.seed)) for case in cases}
    sampled = [case for case in cases if case.seed % JENA_EVERY == 0]
    if jena.missing() is None:
        jena.validate_cases(root / "xerces-messages", [folders[c.seed] for c in sampled])
    done = []
    for case in cases:
        data, shapes = outcomes_of.load(folders[case.seed])
        run = Run(
            case=case,
            accelerated=outcomes_of.warkg(case, data, shapes, accelerate=True, workers=1),
            plain=outcomes_of.warkg(case, data, shapes, accelerate=False, workers=1),
            pyshacl=outcomes_of.plain_pyshacl(case),
        )
        if case.seed % PARALLEL_EVERY == 0:
            run.parallel = outcomes_of.warkg(case, data, shapes, accelerate=True, workers=2)
        if case in sampled and jena.missing() is None:
            run.jena = outcomes_of.jena(case, folders[case.seed])
        done.append(run)
    return done


def _unexplained(name: str, ours: Outcome, theirs: Outcome, case: Case) -> list[str]:
    """The disagreements no upstream bug explains, one line each."""
    bugs = upstream.PYSHACL if name == "pyshacl" else upstream.JENA
    facts = upstream.Facts(case)
    if ours.error is not None or theirs.error is not None:
        if ours.error is not None and theirs.error is not None:
            return []  # both refuse the shapes
        if ours.error and "so nothing would be checked" in ours.error and not theirs.keys:
            return []  # warkg refuses a run that checks nothing; the other "conforms"
        side = "other" if theirs.error else "warkg"
        difference = upstream.Difference(name, side, None, facts, theirs.error or ours.error)
        if upstream.explanation(difference, bugs) is None:
            return [f"seed {case.seed}: warkg: {ours.describe()}; {name}: {theirs.describe()}"]
        return []
    lines = []
    for side, keys in (("warkg", ours.keys - theirs.keys), ("other", theirs.keys - ours.keys)):
        for key in sorted(keys, key=str):
            difference = upstream.Difference(name, side, key, facts)
            if upstream.explanation(difference, bugs) is None:
                only = "warkg" if side == "warkg" else name
                lines.append(f"seed {case.seed}: only {only}: {key}")
    return lines


def test_fast_paths_give_the_plain_path_s_results(runs: list[Run]) -> None:
    differing = [
        f"seed {r.case.seed}:\naccelerated {r.accelerated.describe()}\nplain {r.plain.describe()}"
        for r in runs
        if r.accelerated != r.plain
    ]
    assert differing == []
    shared = [r for r in runs if r.parallel is not None]
    assert len(shared) >= CASES // PARALLEL_EVERY
    assert [r.case.seed for r in shared if r.parallel != r.plain] == []


def test_plain_pyshacl_agrees_but_for_documented_upstream_bugs(runs: list[Run]) -> None:
    lines = [line for r in runs for line in _unexplained("pyshacl", r.plain, r.pyshacl, r.case)]
    assert lines == []


def test_jena_agrees_but_for_documented_upstream_bugs(runs: list[Run]) -> None:
    reason = jena.missing()
    if reason is not None:
        pytest.skip(reason)
    sampled = [r for r in runs if r.jena is not None]
    assert len(sampled) == sum(1 for seed in range(FIRST, FIRST + CASES) if seed % JENA_EVERY == 0)
    lines = [line for r in sampled for line in _unexplained("jena", r.accelerated, r.jena, r.case)]
    assert lines == []


def test_the_corpus_reaches_what_it_must(runs: list[Run]) -> None:
    """A generator that drifted into trivial cases would prove nothing: count what the
    cases hold and what the engines made of them."""
    seen: Counter[str] = Counter()
    for run in runs:
        case = run.case
        shapes = upstream.Facts(case).shapes
        data = case.data
        seen["checked"] += run.plain.error is None
        seen["results"] += bool(run.plain.keys)
        seen["nested warning or info"] += any(
            key[2] in upstream.NESTING and key[4] in ("Warning", "Info") for key in run.plain.keys
        ) or bool(re.search(r"sh:severity sh:(Warning|Info)", case.shapes))
        seen["zero-length path"] += "sh:zeroOrMorePath" in case.shapes or "*" in case.shapes
        seen["alternative path"] += "sh:alternativePath" in case.shapes
        seen["literal constant in SPARQL"] += (
            '"banned"' in case.shapes or '"active" }' in case.shapes
        )
        seen["ill-typed literal"] += '"abc"^^xsd:integer' in data or '"1_000"' in data
        seen["huge literal"] += "9" * 4301 in data
        seen["shared value node"] += _shared_values(data)
        for _, target in shapes.subject_objects(SH.target):
            text = plain_select(shapes, target)
            if text is not None:
                seen[
                    "target in the fragment" if fragment.literal_blind(text) else "target outside"
                ] += 1
        for _, constraint in shapes.subject_objects(SH.sparql):
            text = plain_select(shapes, constraint)
            if text is not None:
                seen["narrowable" if fragment.narrowable(text) else "not narrowable"] += 1
    for what in (
        "nested warning or info",
        "zero-length path",
        "alternative path",
        "literal constant in SPARQL",
        "ill-typed literal",
        "huge literal",
        "shared value node",
        "target in the fragment",
        "target outside",
        "narrowable",
        "not narrowable",
    ):
        assert seen[what] >= CASES // 20, (what, seen)
    assert seen["checked"] >= 0.8 * CASES, seen
    assert seen["results"] >= 0.6 * CASES, seen


EVIDENCE_CASES = int(os.environ.get("WARKG_DIFFERENTIAL_EVIDENCE_CASES", "40"))


def test_the_evidence_marker_claims_left_out_give_no_result(shapes_graph: Graph) -> None:
    """validation.evidence.may_fire has pySHACL run the shipped evidence-marker
    constraints only on the claims it names: on generated claims, texts and citations
    the accelerated run reports exactly what running them on every claim reports, and
    the corpus holds claims of both kinds."""
    shapes = evidence_cases.shapes(shapes_graph)
    assert evidence.applies(shapes, shapes.objects(WSH.EvidenceMarkerShape, SH.sparql))
    differing, fired, quiet = [], 0, 0
    for seed in range(FIRST, FIRST + EVIDENCE_CASES):
        data = evidence_cases.generate(seed)
        fast = validation.validate(data, shapes, workers=1)
        plain = validation.validate(data, shapes, accelerate=False, workers=1)
        if fast != plain:
            differing.append(seed)
        claims = set(data.subjects(WARKG.evidenceText, None))
        with_results = {r.focus_node for r in plain.results}
        fired += len(with_results)
        quiet += len(claims - with_results)
    assert differing == []
    assert fired >= EVIDENCE_CASES and quiet >= EVIDENCE_CASES // 2, (fired, quiet)


def _shared_values(data: str) -> bool:
    """Whether some object is the value of two different subjects."""
    subjects: dict[str, set[str]] = {}
    for line in data.splitlines():
        parts = line.split(" ", 2)
        if len(parts) == 3 and not line.startswith("@"):
            subjects.setdefault(parts[2], set()).add(parts[0])
    return any(len(found) > 1 for found in subjects.values())
