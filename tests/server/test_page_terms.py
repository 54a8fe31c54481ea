"""Pages shorten IRIs by the one rule (`warkg.rdf.terms.prefixed_name`); what it leaves
whole they show bare, as a person reads an address."""

from __future__ import annotations

from warkg.rdf.prefixes import PREFIXES
from warkg.server.pages.terms import prefixed, show_iri


def test_pages_shorten_by_the_one_rule_and_show_the_rest_bare() -> None:
    assert prefixed(PREFIXES["agent"] + "armenia") == "agent:armenia"
    assert prefixed(PREFIXES["warkg"]) == "warkg:"
    assert prefixed(PREFIXES["claim"] + "x.") == PREFIXES["claim"] + "x."
    assert prefixed("http://example.org/x") == "http://example.org/x"
    assert show_iri(PREFIXES["warkg"]).text == "warkg:"
    assert show_iri(PREFIXES["agent"] + "armenia").href == "/id/agent/armenia"
