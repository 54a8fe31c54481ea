"""The claims the shipped evidence-marker constraints can fire on, found in one pass.

wsh:EvidenceMarkerShape checks that the citation markers in a claim's evidence text
([57], [c]) are exactly the references and footnotes cited for it (or for the other
claims quoting the same text). Its two SPARQL constraints group and rewrite strings, so
rdflib evaluates them slowly for every claim, and pyoxigraph cannot answer them on its
copy of the data, whose literals are opaque (`targets.DataStore`). `may_fire` reads the same
rules in Python over the graph, with Python's `re` exactly as rdflib's REPLACE uses it,
and `narrowing` then has pySHACL run the constraints only on the claims it names: the
results are pySHACL's own.

What is proven is inclusion: a claim `may_fire` leaves out gets no result from either
constraint. It answers True wherever it cannot tell (a text that is not a simple
literal, a number or label that is not letters and digits, a blank node), and only for
the constraints exactly as shipped (`SHIPPED`, their query texts' SHA-256): an edited
copy is run by pySHACL on every claim. tests/validation/test_differential.py compares it
with pySHACL on generated claims, texts and citations.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from rdflib import BNode, Graph, Literal
from rdflib.namespace import SH
from rdflib.term import Node

from warkg.rdf.namespaces import WARKG, WSH

SHIPPED = {
    WSH["EvidenceMarkerShape-unmarked"]: (
        "1bc6de2a9491496a73087bd2db42c665ab693957bbdd579d07cfe1e8ca95a473"
    ),
    WSH["EvidenceMarkerShape-uncited"]: (
        "42c22ab5a0548fee5e5f4eecc8d5726d1fe5a85949b31328075c11ce6e3ad52c"
    ),
}
"""The SHA-256 of each shipped constraint's sh:select text, as `may_fire` reads it."""

_PLAIN = re.compile(r"[0-9A-Za-z]*")
_MARKER = r"(\[([0-9]+|[a-z]{1,2})\])|[\s\S]"


def digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def applies(shapes: Graph, constraints: Iterable[Node]) -> bool:
    """Whether every constraint is one of the shipped two, unchanged."""
    found = list(constraints)
    if not found:
        return False
    for constraint in found:
        expected = SHIPPED.get(constraint)  # type: ignore[call-overload]
        selects = list(shapes.objects(constraint, SH.select))
        if expected is None or len(selects) != 1 or digest(str(selects[0])) != expected:
            return False
    return True


def may_fire(data: Graph, claim: Node) -> bool:
    """Whether either constraint can give `claim` a result (module docstring)."""
    texts = list(data.objects(claim, WARKG.evidenceText))
    for text in texts:
        if not _simple(text):
            return True
        written = str(text)
        for marker in _markers(data, claim):
            if marker is None or marker not in written:
                return True
        cited: set[str] = set()
        for sibling in set(data.subjects(WARKG.evidenceText, text)):
            numbers = _numbers(data, sibling)
            if numbers is None:
                return True
            # as the query: what is not letters and digits is no marker, and goes in as ""
            cited |= {n if _PLAIN.fullmatch(n) else "" for n in numbers} or {""}
        pattern = r"\[(" + "|".join(sorted(cited)) + r")\]"
        if re.sub(_MARKER, r"\1", re.sub(pattern, "", written)):
            return True
    return False


def _simple(term: Node) -> bool:
    """A literal SPARQL's string functions take as plain text: no datatype (or
    xsd:string) and no language tag."""
    return isinstance(term, Literal) and term.datatype is None and term.language is None


def _markers(data: Graph, claim: Node) -> list[str | None]:
    """`[n]` for each reference number and footnote label the claim cites; None where
    rdflib's STR would not give the text Python gives (a blank node)."""
    markers: list[str | None] = []
    for link, name in (
        (WARKG.hasReference, WARKG.referenceNumber),
        (WARKG.citesFootnote, WARKG.footnoteLabel),
    ):
        for cited in data.objects(claim, link):
            for number in data.objects(cited, name):
                markers.append(None if _blank(number) else f"[{number}]")
    return markers


def _numbers(data: Graph, claim: Node) -> set[str] | None:
    """The claim's reference numbers and footnote labels as text; None for a blank node."""
    found: set[str] = set()
    for link, name in (
        (WARKG.hasReference, WARKG.referenceNumber),
        (WARKG.citesFootnote, WARKG.footnoteLabel),
    ):
        for cited in data.objects(claim, link):
            for number in data.objects(cited, name):
                if _blank(number):
                    return None
                found.add(str(number))
    return found


def _blank(term: Node) -> bool:
    return isinstance(term, BNode)
