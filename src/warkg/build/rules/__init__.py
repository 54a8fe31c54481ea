"""The extraction rules, declared in one table and applied in its order.

Each rule reads the article model (and the curation) and adds triples, naming itself
on every triple it adds, so the output can say which rule made what. `extract` runs
them all for one article.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from warkg.build.curation import Curation
from warkg.build.iris import Minter, slug
from warkg.build.model import Article
from warkg.build.rules import (
    article,
    as_written,
    casualties,
    classes,
    curated,
    forces,
    infobox,
    quantities,
    references,
)
from warkg.build.rules.context import Context

__all__ = ["RULES", "Rule", "extract"]


@dataclass(frozen=True)
class Rule:
    name: str
    apply: Callable[[Context], None]
    description: str


RULES: tuple[Rule, ...] = (
    Rule("article-source", article.source, "the article's source, digest, licence, notices"),
    Rule("article-sections", article.sections, "sections in the page's order"),
    Rule("article-footnotes", article.footnotes, "footnotes cited or rendered"),
    Rule("article-subject", curated.subject, "the conflict the article is about"),
    Rule("infobox-part-of", infobox.part_of, "'Part of ...': the parent conflict"),
    Rule("infobox-date", infobox.date, "the date row: start, end, duration as stated"),
    Rule("infobox-belligerent", infobox.belligerents, "belligerents by side, with stances"),
    Rule("infobox-result", infobox.result, "'X victory': the victor"),
    Rule(
        "infobox-as-written",
        as_written.rows,
        "place, a result naming no victor, territorial changes: each line as written",
    ),
    Rule("infobox-commander", forces.commanders, "commanders and leaders by side, with fates"),
    Rule("infobox-unit", forces.units, "units involved by side"),
    Rule("infobox-strength", quantities.strength, "each strength figure as written, by side"),
    Rule("infobox-casualty", casualties.casualties, "each casualty figure as written"),
    Rule("reference", references.references, "references, works, authors, organisations"),
    Rule("curated-entity", curated.entities, "what each curated entity is"),
    Rule("curated-claim", curated.claims, "curated claims, located in the article"),
    Rule("claim-classes", classes.claim_classes, "each claim's classes up to warkg:Claim"),
)


def extract(article_: Article, curation: Curation) -> Context:
    """Apply every rule to one article; the context holds the output and warnings."""
    scope = curation.scope if curation.scope is not None else slug(article_.title)
    context = Context(article_, curation, Minter(scope))
    context.lay_out()
    for rule in RULES:
        rule.apply(context)
    return context
