"""The one IRI shortener (`warkg.rdf.terms.prefixed_name`) and its wrappers: the rule on
edge IRIs, and every name it writes read back to the same IRI by rdflib's Turtle parser
and by pyoxigraph's Turtle and SPARQL parsers."""

from __future__ import annotations

import pyoxigraph
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rdflib import Graph, URIRef

from warkg.rdf.prefixes import PREFIXES
from warkg.rdf.terms import prefixed_name, shorten, shorten_term

CLAIM = PREFIXES["claim"]

EDGES = {
    CLAIM + "armenians-displaced": "claim:armenians-displaced",
    PREFIXES["id"] + "claim/x": "claim:x",  # the longest namespace wins
    PREFIXES["warkg"]: "warkg:",  # the empty local name (the ontology)
    CLAIM: "claim:",
    CLAIM + "1x": "claim:1x",
    CLAIM + "x.y": "claim:x.y",
    CLAIM + "a:b": "claim:a:b",
    CLAIM + "Ünï·x": "claim:Ünï·x",
    CLAIM + "x.": None,  # PN_LOCAL cannot end with '.'
    CLAIM + "a.a.a": None,  # two dots: pyoxigraph 0.5.13's SPARQL parser refuses it
    CLAIM + "-x": None,  # nor start with '-'
    CLAIM + ".x": None,
    CLAIM + "·x": None,
    CLAIM + "a/b": None,  # '/' would need an escape
    CLAIM + "a#b": None,
    CLAIM + "a%20b": None,  # %-encodings are left out of the rule
    CLAIM + "a b": None,
    CLAIM + "a\ufff0": None,  # not an IRI character
    CLAIM + "a\U00010000": None,  # beyond the BMP: pyoxigraph's SPARQL parser refuses it
    "http://example.org/x": None,
}


@pytest.mark.parametrize("iri", EDGES, ids=[repr(i.rsplit("/", 1)[-1]) for i in EDGES])
def test_the_rule_on_edge_iris(iri: str) -> None:
    expected = EDGES[iri]
    assert prefixed_name(iri) == expected
    assert shorten(iri) == (expected or f"<{iri}>")
    assert shorten_term(URIRef(iri)) == (expected or f"<{iri}>")


_TURTLE_PROLOGUE = "".join(f"@prefix {p}: <{ns}> .\n" for p, ns in PREFIXES.items())


@settings(max_examples=300, deadline=None)
@given(
    namespace=st.sampled_from(sorted(PREFIXES.values())),
    local=st.text(
        st.sampled_from("aZ_09-.:\u00b7\u00e9\u0300\u203f\ufdf0\uffef\ufff0%/#\\ ")
        | st.characters(codec="utf-8", exclude_categories=("Cs",)),
        max_size=8,
    ),
)
def test_every_shortened_name_reads_back_as_the_same_iri(namespace: str, local: str) -> None:
    iri = namespace + local
    name = prefixed_name(iri)
    if name is None:
        return
    graph = Graph().parse(data=f"{_TURTLE_PROLOGUE}<urn:s> <urn:p> {name} .\n", format="turtle")
    assert list(graph.objects()) == [URIRef(iri)]
    [triple] = pyoxigraph.parse(
        f"{_TURTLE_PROLOGUE}<urn:s> <urn:p> {name} .\n".encode(), format=pyoxigraph.RdfFormat.TURTLE
    )
    assert triple.object == pyoxigraph.NamedNode(iri)
    store = pyoxigraph.Store()
    [solution] = store.query(f"SELECT ?x WHERE {{ BIND({name} AS ?x) }}", prefixes=PREFIXES)
    assert solution["x"] == pyoxigraph.NamedNode(iri)
