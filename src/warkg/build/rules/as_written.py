"""Infobox rows kept in the article's own words: where the conflict took place, a result
that names no victor the rules can read, and its territorial changes.

No single relation of the ontology says "Eastern North America, Gibraltar, ... parts of
Africa and elsewhere", "Peace of Paris" or "Spain gains East Florida", so each line of
these rows is a textual claim about the conflict (warkg:TextualClaim) in its row's
section, with the references it cites; nothing is read into it. A line the curation
states a claim on is left to the curation, and the first result line is left to the
victor claim when `infobox.result` read one.
"""

from __future__ import annotations

from rdflib import Literal
from rdflib.namespace import RDF, RDFS

from warkg.build.rules.common import cite, evidence
from warkg.build.rules.context import POINTER_RE, Context
from warkg.rdf.namespaces import WARKG

__all__ = ["rows"]

PART = "war"
ROWS = (("place", "place"), ("result", "result"), ("territory", "territorial changes"))


def rows(context: Context) -> None:
    infobox = context.article.infobox
    if infobox is None:
        return
    noun = context.noun
    victor_claim = context.minter.claim(f"{noun}-result")
    for name, what in ROWS:
        row = infobox.field(name)
        if row is None:
            continue
        rule = f"infobox-{name}-as-written"
        for position, line in enumerate(row.lines, start=1):
            plain = " ".join(line.text.plain.split())
            if not plain or POINTER_RE.match(plain):
                continue
            read_as_victor = (victor_claim, RDF.type, WARKG.FactClaim) in context.out.makers
            if name == "result" and position == 1 and read_as_victor:
                continue
            if context.curated(line):
                continue
            claim = context.minter.claim(f"{noun}-{name}-line-{position}")
            add = context.out.add
            add(PART, claim, RDF.type, WARKG.TextualClaim, rule)
            label = f"The infobox's {what} row: {plain.rstrip(';,')}"
            add(PART, claim, RDFS.label, Literal(label, lang="en"), rule)
            add(PART, claim, WARKG.about, context.subject, rule)
            evidence(context, PART, claim, line.text.text, context.section_of(line), rule)
            cite(context, PART, claim, line.text, rule)
