"""Answers that explain themselves: the names a query asked about that occur nowhere in
the graph, and the names close to them that do.

An empty table is the most common way to be wrong without knowing it: a parameter
value mistyped (`agent:armenai`), a number out of range (`reference=999`), a property
that does not exist (`warkg:claimnt`). After a query has run, the command line asks the
same engine, one ASK per name, whether each IRI or parameter value it used occurs in
the graph at all (as subject, predicate or object), and words a warning for each that
does not, with the closest IRIs of the same namespace that do. Warnings go to standard
error; the answer and the exit code stay as they were.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import pyoxigraph

from warkg.rdf.prefixes import PREFIXES
from warkg.rdf.terms import ntriples, parts, shorten
from warkg.sparql import scan as sparql_scan

# Names a query uses that are not in the graph by design: datatypes and functions.
_NOT_IN_GRAPH = (PREFIXES["xsd"], "http://www.w3.org/2005/xpath-functions#")


@dataclass(frozen=True)
class Lookup:
    """How to ask the engine that answered: `ask(text)` runs an ASK query, `select(text)`
    a SELECT query whose rows are lists of IRI strings (the first column)."""

    ask: Callable[[str], bool]
    select: Callable[[str], list[str]]


def for_store(store: Any) -> Lookup:
    """A Lookup on a pyoxigraph Store (the command line's quick path, no rdflib)."""

    def select(text: str) -> list[str]:
        return [solution[0].value for solution in store.query(text)]

    return Lookup(lambda text: bool(store.query(text)), select)


def for_backend(backend: Any) -> Lookup:
    """A Lookup on an embedded backend's own graph (`warkg.engines`): its pyoxigraph
    Store, or its rdflib Graph. The lookups are ours, not the user's, so they go to the
    engine's graph directly rather than through the checks every user query passes."""
    store = getattr(backend, "store", None)
    if store is not None:
        return for_store(store)
    graph = backend.graph

    def ask(text: str) -> bool:
        return bool(graph.query(text).askAnswer)

    def select(text: str) -> list[str]:
        return [str(row[0]) for row in graph.query(text)]

    return Lookup(ask, select)


def occurs(lookup: Lookup, term: Any) -> bool:
    """Whether `term` (an rdflib or pyoxigraph term) occurs anywhere in the graph."""
    kind, _, _, _ = parts(term)
    written = ntriples(term)
    if kind == "literal":
        return lookup.ask(f"ASK {{ ?s ?p {written} }}")
    return lookup.ask(
        f"ASK {{ {{ {written} ?p ?o }} UNION {{ ?s {written} ?o }} UNION {{ ?s ?p {written} }} }}"
    )


def close_iris(lookup: Lookup, iri: str, *, limit: int = 3) -> list[str]:
    """IRIs of the graph in `iri`'s namespace whose local names are closest to its own."""
    namespace = _namespace(iri)
    if not namespace:
        return []
    local = iri[len(namespace) :]
    quoted = namespace.replace("\\", "\\\\").replace('"', '\\"')
    found = lookup.select(
        "SELECT DISTINCT ?iri WHERE { { ?iri ?p ?o } UNION { ?s ?iri ?o } UNION { ?s ?p ?iri } "
        f'FILTER(isIRI(?iri) && STRSTARTS(STR(?iri), "{quoted}")) }}'
    )
    locals_ = {candidate[len(namespace) :]: candidate for candidate in found}
    matches = difflib.get_close_matches(local, list(locals_), n=limit, cutoff=0.6)
    return [locals_[match] for match in matches]


def _namespace(iri: str) -> str:
    """The known namespace `iri` is in (longest first), else up to its last / or #."""
    known = [ns for ns in PREFIXES.values() if iri.startswith(ns)]
    if known:
        return max(known, key=len)
    cut = max(iri.rfind("/"), iri.rfind("#"))
    return iri[: cut + 1] if cut > 0 else ""


def _suggestion(lookup: Lookup, iri: str) -> str:
    close = close_iris(lookup, iri)
    return f"; did you mean {' or '.join(shorten(c) for c in close)}?" if close else ""


def parameter_warnings(
    lookup: Lookup, given: Mapping[str, str], bound: Mapping[str, Any]
) -> list[str]:
    """A warning for each parameter the user gave whose value occurs nowhere in the graph."""
    warnings = []
    for name, term in bound.items():
        if name not in given or occurs(lookup, term):
            continue
        kind, text, _, _ = parts(term)
        shown = shorten(text) if kind == "uri" else text
        hint = _suggestion(lookup, text) if kind == "uri" else ""
        warnings.append(
            f"warning: --param {name}={given[name]}: {shown} occurs nowhere in the graph, "
            f"so nothing can match it{hint}"
        )
    return warnings


def query_iris(text: str) -> list[str]:
    """The absolute IRIs a query names, prefixed or in full, in order of first use;
    PREFIX and BASE declarations themselves, datatypes and functions left out."""
    declared = dict(PREFIXES)
    found: list[str] = []
    tokens = sparql_scan.tokens(text, lambda offset, reason: ValueError(reason))
    index = 0
    while index < len(tokens):
        token = tokens[index]
        index += 1
        keyword = token.text.upper() if token.kind == "name" else ""
        if keyword == "PREFIX" and index + 1 < len(tokens):
            label, iri = tokens[index], tokens[index + 1]
            if iri.kind == "iri":
                declared[label.text.rstrip(":")] = iri.text[1:-1]
            index += 2
            continue
        if keyword == "BASE":
            index += 1
            continue
        if token.kind == "iri":
            iri = token.text[1:-1]
        elif token.kind == "name" and ":" in token.text:
            prefix, _, local = token.text.partition(":")
            if prefix not in declared:
                continue
            iri = declared[prefix] + local.replace("\\", "")
        else:
            continue
        if ":" in iri and not iri.startswith(_NOT_IN_GRAPH) and iri not in found:
            found.append(iri)
    return found


def query_warnings(lookup: Lookup, text: str) -> list[str]:
    """A warning for each IRI of an ad-hoc query that occurs nowhere in the graph."""
    warnings = []
    for iri in query_iris(text):
        if occurs(lookup, pyoxigraph.NamedNode(iri)):
            continue
        warnings.append(
            f"warning: {shorten(iri)} occurs nowhere in the graph, so nothing can match it"
            f"{_suggestion(lookup, iri)}"
        )
    return warnings


def suggest(word: str, choices: Iterable[str]) -> str:
    """` (did you mean X?)` for the choice closest to `word` (or the one it begins), or
    "" if none is close."""
    choices = list(choices)
    close = difflib.get_close_matches(word, choices, n=1, cutoff=0.6)
    if not close and len(word) >= 3:
        close = [c for c in choices if c.startswith(word)][:1]
    return f" (did you mean {close[0]}?)" if close else ""
