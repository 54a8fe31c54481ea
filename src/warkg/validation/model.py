"""What a validation run answers: its results, SHACL's verdict and ours, and the one-line
summary.

Two verdicts, kept apart. SHACL's sh:conforms is false as soon as there is any result,
of any severity (`ValidationReport.conforms`, carried by every report format). Ours,
which the exit code follows, is decided from the results by `--fail-on`: `violation` (the
default) fails on an sh:Violation only; `warning` also on an sh:Warning and on custom
severities (any other IRI, SHACL 2.1.5); `info` on any result. pySHACL is never asked to
decide: its allow_warnings/allow_infos change what nested shapes mean (a failing Warning
shape would count as conforming inside sh:not, sh:and, sh:or, sh:xone and qualified
shapes), so pySHACL runs as the spec has it and warkg reads the severities afterwards.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDF, RDFS, Graph, URIRef
from rdflib.term import Node

from warkg.rdf.namespaces import WARKG

SEVERITIES = ("Violation", "Warning", "Info")
FAIL_ON = ("violation", "warning", "info")
"""The values of `--fail-on`, from the least to the most that fails a run."""


@dataclass(frozen=True, order=True)
class ValidationResult:
    """One sh:ValidationResult, its terms written with our prefixes (`claim:foo`).

    `source_shape` is the shape's IRI; for an anonymous property shape it is the IRI of
    the node shape that declares it, since a blank node name means nothing to a reader.
    `path` and `value` are None when the result has none. `detail` says, where warkg can
    tell from the data, what exactly is wrong (`ref:957 is not a warkg:Reference: no
    triple describes it`). The rdflib terms after it take no part in comparisons, so
    results compare by what a reader sees."""

    severity: str
    focus: str
    path: str | None
    source_shape: str
    constraint: str
    message: str
    value: str | None
    detail: str | None = field(default=None, compare=False)
    focus_node: Node | None = field(default=None, compare=False, repr=False)
    value_node: Node | None = field(default=None, compare=False, repr=False)
    step: tuple[str, URIRef] | None = field(default=None, compare=False, repr=False)
    """("out", p) for a path that is the predicate p, ("in", p) for `^p`, else None:
    which triple holds the value, so reports can point at its line."""
    terms: tuple[Node | str | None, ...] = field(default=(), compare=False, repr=False)
    """The result as pySHACL gave it: focus node, path (as `render_path` writes it),
    value, source shape, severity, constraint component and source constraint (a SPARQL
    constraint's node, else None), as rdflib terms, for tests that compare results with
    a test suite's expected report."""

    def line(self) -> str:
        """`<severity> <focus> <path>: <message>`, the path left out when there is none."""
        where = self.focus if self.path is None else f"{self.focus} {self.path}"
        return f"{self.severity} {where}: {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    """`passed` is our verdict, what the exit code follows (see `fails`); `conforms` is
    SHACL's sh:conforms, false as soon as there is any result, whatever its severity.
    `shapes` and `focus_nodes` say how much was checked (`census`); `shared_out`,
    whether forked workers validated the shapes (`parallel`) or one process did."""

    passed: bool
    results: list[ValidationResult] = field(default_factory=list)
    shapes: int = 0
    focus_nodes: int = 0
    shared_out: bool = field(default=False, compare=False)
    fail_on: str = field(default="violation", compare=False)

    @property
    def conforms(self) -> bool:
        """SHACL's sh:conforms (section 3.6.1): true only if there is no result at all."""
        return not self.results

    def counts(self) -> Counter[str]:
        """How many results of each severity, each counted once however many times
        pySHACL reached it: the three SHACL ones always present, then any custom
        severity a shape gives (its name as written, `ex:Minor`)."""
        counted = Counter({severity: 0 for severity in SEVERITIES})
        counted.update(result.severity for result in set(self.results))
        return counted


def fail_level(fail_on: str | None = None, *, strict: bool = False) -> str:
    """The `--fail-on` level: `fail_on` if given, else `warning` for the older `strict`,
    else `violation`; ValueError for anything else."""
    level = fail_on or ("warning" if strict else "violation")
    if level not in FAIL_ON:
        raise ValueError(f"fail_on must be one of {', '.join(FAIL_ON)}, not {level!r}")
    return level


def fails(severity: str, fail_on: str = "violation") -> bool:
    """Whether a result of `severity` fails a run that fails on `fail_on` and worse:
    Violation, then Warning and custom severities, then Info."""
    if severity == "Violation":
        return True
    if severity == "Info":
        return fail_on == "info"
    return fail_on in ("warning", "info")


def ordered(results: Iterable[ValidationResult]) -> list[ValidationResult]:
    """Severest first, then by what a reader sees: the same list however many processes
    found them. Every result stays, as SHACL's report has it (a property shape reached
    twice for one focus node gives two); `reports` shows each once."""
    rank = {name: i for i, name in enumerate(SEVERITIES)}
    return sorted(
        results,
        key=lambda r: (
            rank.get(r.severity, len(rank)),
            r.focus,
            r.path or "",
            r.source_shape,
            r.constraint,
            r.message,
            r.value or "",
        ),
    )


def count_instances(data: Graph, ontology: Graph, cls: URIRef) -> int:
    """Distinct resources in `data` typed with `cls` or any of its subclasses (the
    ontology's rdfs:subClassOf, followed transitively), for the summary line."""
    classes = set(ontology.transitive_subjects(RDFS.subClassOf, cls)) | {cls}
    return len({s for c in classes for s in data.subjects(RDF.type, c)})


def summary(report: ValidationReport, data: Graph, ontology: Graph) -> str:
    """One line: SHACL's verdict first (`conforms` only when there is no result at all),
    then ours where they differ, then how much was checked:

    `conforms: 91 claims, 91 references (133 shapes, 1,234 focus nodes checked)`
    `does not conform: 3 violations, 1 warning, 0 infos (...)`
    `does not conform, passes with --fail-on violation: 0 violations, 2 warnings, ...`"""
    counts = report.counts()
    tally = ", ".join(
        f"{counts[s]} {s.lower()}{'' if counts[s] == 1 else 's'}" for s in SEVERITIES
    ) + "".join(f", {n} {s}" for s, n in sorted(counts.items()) if s not in SEVERITIES)
    checked = (
        f"({report.shapes:,} shape{'' if report.shapes == 1 else 's'}, "
        f"{report.focus_nodes:,} focus node{'' if report.focus_nodes == 1 else 's'} checked)"
    )
    if report.conforms:
        claims = count_instances(data, ontology, WARKG.Claim)
        references = count_instances(data, ontology, WARKG.Reference)
        return (
            f"conforms: {claims} claim{'' if claims == 1 else 's'}, "
            f"{references} reference{'' if references == 1 else 's'} {checked}"
        )
    if not report.passed:
        return f"does not conform: {tally} {checked}"
    return f"does not conform, passes with --fail-on {report.fail_on}: {tally} {checked}"
