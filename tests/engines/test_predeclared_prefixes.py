"""The oxigraph engine hands pyoxigraph only those of our prefixes a query can use
(`warkg.rdf.prefixes.used_in`), not all 29: proven to give the same answers and the
same errors as handing it all of them, on a seeded generator of queries that use,
shadow, misspell and merely mention prefixes (in strings, IRIs and comments), beside
prefixes that are not ours.
"""

from __future__ import annotations

import random
from collections import Counter

import pyoxigraph
import pytest

from warkg.errors import InputError
from warkg.rdf.prefixes import PREFIXES, used_in

FOREIGN = ("ex", "w", "wdx", "i", "re", "xsdx", "")
"""Labels that are not ours, some a part of ours (`w` of `wd`, `re` of `ref`), and the
empty prefix."""

QUERIES = 600


def _name(rng: random.Random) -> str:
    label = rng.choice([*PREFIXES, *FOREIGN])
    local = rng.choice(["57", "x", "a-b", "claim_1", "", "type", "label", "Q1"])
    return f"{label}:{local}"


REAL = ("ref:57", "warkg:Reference", "rdfs:label", "warkg:citesWork", "work:57", "rdf:type")
"""Names in the shipped data, so that some queries find rows."""


def _term(rng: random.Random) -> str:
    kind = rng.randrange(8)
    if kind == 0:
        return _name(rng)
    if kind in (5, 6):
        return rng.choice(REAL)
    if kind == 1:
        return f'"{_name(rng)}"'  # a prefixed name only mentioned, in a string
    if kind == 2:
        return f"<urn:x:{_name(rng)}>"  # ... or inside an IRI
    if kind == 3:
        return f"?v{rng.randrange(3)}"
    if kind == 4:
        return "a"
    return f"?v{rng.randrange(3)}"


def query(rng: random.Random) -> str:
    """A small query, valid or not, over the shipped namespaces."""
    lines = []
    for _ in range(rng.randrange(3)):  # the query's own PREFIX lines shadow ours
        label = rng.choice([*PREFIXES, *FOREIGN])
        lines.append(f"PREFIX {label}: <https://example.org/{rng.randrange(3)}/>")
    if rng.random() < 0.3:
        lines.append(f"# {_name(rng)} in a comment")
    patterns = " . ".join(
        f"{_term(rng)} {_term(rng)} {_term(rng)}" for _ in range(rng.randrange(2))
    )
    if rng.random() < 0.4:  # one name and two variables: rows, usually
        patterns = f"{rng.choice(REAL)} ?p ?o . {patterns}"
    form = rng.randrange(3)
    if form == 0:
        lines.append(f"SELECT * WHERE {{ {patterns} }} LIMIT 20")
    elif form == 1:
        lines.append(f"ASK {{ {patterns} }}")
    else:
        lines.append(f"CONSTRUCT {{ {patterns} }} WHERE {{ {patterns} }} LIMIT 20")
    return "\n".join(lines)


def outcome(store: pyoxigraph.Store, text: str, prefixes: dict[str, str] | None) -> object:
    """What pyoxigraph makes of `text`: its answer, or its error, word for word."""
    try:
        answer = store.query(text, prefixes=prefixes)
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return "answer", bool(answer)
        if isinstance(answer, pyoxigraph.QuerySolutions):
            variables = [v.value for v in answer.variables]
            return "answer", variables, sorted(str([s[v] for v in variables]) for s in answer)
        return "answer", sorted(str(t) for t in answer)
    except (SyntaxError, OSError, RuntimeError, ValueError) as error:
        return "error", type(error).__name__, str(error)


@pytest.fixture(scope="module")
def store(oxigraph_backend) -> pyoxigraph.Store:
    return oxigraph_backend.store


def test_used_in_finds_each_label_before_a_colon() -> None:
    assert used_in("SELECT * { ref:57 ?p ?o }") == {"ref": PREFIXES["ref"]}
    # wd: and wdt: are different labels; a mention is enough (a superset is harmless)
    assert set(used_in('SELECT * { ?s wdt:P31 "wd:Q1" }')) == {"wd", "wdt"}
    assert used_in("SELECT * { ?s ?p ?o }") == {}


def test_the_same_answers_and_errors_as_with_every_prefix(store: pyoxigraph.Store) -> None:
    rng = random.Random(25)
    kinds: Counter[str] = Counter()
    for _ in range(QUERIES):
        text = query(rng)
        expected = outcome(store, text, PREFIXES)
        assert outcome(store, text, used_in(text) or None) == expected, text
        kinds[expected[0]] += 1
        kinds["rows"] += expected[0] == "answer" and expected[-1] not in ([], False)
    # the generator reaches every side: errors, answers, answers with rows
    assert min(kinds.values()) > 50, kinds


def test_the_engine_answers_our_prefixes_undeclared(oxigraph_backend) -> None:
    rows = oxigraph_backend.select("SELECT ?o WHERE { ref:57 warkg:referenceNumber ?o }")
    assert [str(row["o"]) for row in rows] == ["57"]
    with pytest.raises(InputError, match="Prefix not found"):
        oxigraph_backend.select("SELECT ?o WHERE { nosuch:57 ?p ?o }")
