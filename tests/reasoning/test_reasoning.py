"""OWL 2 RL reasoning: answers that exist only after it, on the shipped data.

Each expected answer is typed in from `triples/war.ttl` and the ontology, so a change
to an axiom (a dropped `rdfs:subPropertyOf`, a mistyped `owl:inverseOf`) or to the
reasoner fails here. Every check runs against both engines, and a separate test pins
down exactly how their closures differ (schema-level triples only).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph, Literal, Namespace
from rdflib.compare import isomorphic
from rdflib.namespace import OWL, PROV, RDF, RDFS, XSD

from warkg.errors import InputError
from warkg.rdf import loading
from warkg.rdf.namespaces import AGENT, CLAIM, EVENT, ID, REF, WARKG
from warkg.reasoning.closure import ENGINES, REASONABLE_UNSUPPORTED, is_noise, reason

EX = Namespace("http://example.org/")

# The eight claims whose evidence text cites reference [10] (`warkg:hasReference ref:10`).
CLAIMS_CITING_REF_10 = {
    CLAIM["lachin-corridor-connects"],
    CLAIM["peacekeepers-along-lachin-corridor"],
    CLAIM["peacekeepers-from-russia"],
    CLAIM["peacekeepers-mandate"],
    CLAIM["peacekeepers-strength"],
    CLAIM["war-duration-as-stated"],
    CLAIM["war-end-date"],
    CLAIM["war-start-date"],
}

# Every agent named as a claimant (`warkg:claimant rdfs:range warkg:Claimant`).
CLAIMANTS = {
    AGENT["armenia"],
    AGENT["artsakh"],
    AGENT["azerbaijan"],
    AGENT["syrian-observatory-for-human-rights"],
    AGENT["turkey"],
}

PREFIXES = {"prov": PROV, "warkg": WARKG, "ref": REF}


def test_engines_found() -> None:
    assert ENGINES == ("owlrl", "reasonable")


@pytest.fixture(scope="module")
def shipped(ontology_graph: Graph, data_graph: Graph) -> Graph:
    """Ontology and data in one graph: the reasoner only applies axioms it is given."""
    return ontology_graph + data_graph


@pytest.fixture(scope="module")
def closures(shipped: Graph) -> dict[str, Graph]:
    return {engine: reason(shipped, engine=engine) for engine in ENGINES}


def _rows(graph: Graph, query: str) -> set[tuple[object, ...]]:
    return {tuple(row) for row in graph.query(query, initNs=PREFIXES)}


DERIVED_FROM_REF_10 = "SELECT ?claim WHERE { ?claim prov:wasDerivedFrom ref:10 }"
SUPPORTS = "SELECT ?ref ?claim WHERE { ?ref warkg:supportsClaim ?claim }"
CITES = "SELECT ?ref ?claim WHERE { ?claim warkg:hasReference ?ref }"
CLAIMANT = "SELECT ?agent WHERE { ?agent a warkg:Claimant }"


@pytest.mark.parametrize("engine", ENGINES)
def test_subproperty_derives_provenance(
    shipped: Graph, closures: dict[str, Graph], engine: str
) -> None:
    """warkg:hasReference rdfs:subPropertyOf prov:wasDerivedFrom: the files state the
    derived links too (so plain stores answer them), and reasoning agrees with them."""
    assert _rows(shipped, DERIVED_FROM_REF_10) == {(c,) for c in CLAIMS_CITING_REF_10}
    assert _rows(closures[engine], DERIVED_FROM_REF_10) == {(c,) for c in CLAIMS_CITING_REF_10}


@pytest.mark.parametrize("engine", ENGINES)
def test_inverse_gives_reference_to_claim_links(
    shipped: Graph, closures: dict[str, Graph], engine: str
) -> None:
    """warkg:supportsClaim owl:inverseOf warkg:hasReference: one link back per citation."""
    cites = _rows(shipped, CITES)
    assert len(cites) >= 91  # claim:belligerent-turkey cites [1][2][3], not Turkey's denial [4]
    assert _rows(shipped, SUPPORTS) == set()
    assert _rows(closures[engine], SUPPORTS) == cites
    supported_by_10 = set(closures[engine].objects(REF["10"], WARKG.supportsClaim))
    assert supported_by_10 == CLAIMS_CITING_REF_10


@pytest.mark.parametrize("engine", ENGINES)
def test_inverse_gives_has_part(shipped: Graph, closures: dict[str, Graph], engine: str) -> None:
    """warkg:hasPart owl:inverseOf warkg:partOf; the data states only partOf."""
    assert set(shipped.subject_objects(WARKG.hasPart)) == set()
    assert set(closures[engine].subject_objects(WARKG.hasPart)) == {
        (EVENT["nagorno-karabakh-conflict"], EVENT["second-nagorno-karabakh-war"]),
        (EVENT["second-nagorno-karabakh-war"], EVENT["azerbaijani-offensive-of-september-2020"]),
        (EVENT["post-war-skirmishes"], EVENT["clashes-of-2022"]),
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_range_types_claimants(shipped: Graph, closures: dict[str, Graph], engine: str) -> None:
    """warkg:claimant rdfs:range warkg:Claimant; no agent is typed Claimant in the data."""
    assert (AGENT["armenia"], RDF.type, WARKG.Claimant) not in shipped
    assert _rows(shipped, CLAIMANT) == set()
    assert _rows(closures[engine], CLAIMANT) == {(agent,) for agent in CLAIMANTS}


@pytest.mark.parametrize("engine", ENGINES)
def test_subclass_chain_types_claims(
    shipped: Graph, closures: dict[str, Graph], engine: str
) -> None:
    """CasualtyClaim ⊑ QuantityClaim ⊑ Claim ⊑ prov:Entity: the data states the claim
    classes (the build's claim-classes rule), the closure adds prov:Entity."""
    claim = CLAIM["armenians-displaced"]
    assert set(shipped.objects(claim, RDF.type)) == {
        WARKG.CasualtyClaim,
        WARKG.QuantityClaim,
        WARKG.Claim,
    }
    assert set(closures[engine].objects(claim, RDF.type)) == {
        WARKG.CasualtyClaim,
        WARKG.QuantityClaim,
        WARKG.Claim,
        PROV.Entity,
    }


@pytest.mark.parametrize("engine", ENGINES)
def test_input_graph_untouched(ontology_graph: Graph, data_graph: Graph, engine: str) -> None:
    graph = ontology_graph + data_graph
    before = Graph()
    before += graph
    result = reason(graph, engine=engine)
    assert result is not graph
    assert len(graph) == len(before) > 0
    assert isomorphic(graph, before)
    assert len(result) > len(graph)


@pytest.mark.parametrize("engine", ENGINES)
def test_in_place_adds_the_same_closure_to_the_graph_itself(
    shipped: Graph, closures: dict[str, Graph], engine: str
) -> None:
    """What the command line does with a graph it loaded for one run: no copy."""
    graph = Graph()
    graph += shipped
    result = reason(graph, engine=engine, in_place=True)
    assert result is graph
    assert set(result) == set(closures[engine])


@pytest.mark.parametrize("engine", ENGINES)
def test_result_keeps_input_and_drops_noise(
    shipped: Graph, closures: dict[str, Graph], engine: str
) -> None:
    result = closures[engine]
    assert set(shipped) <= set(result)
    assert [triple for triple in result if triple not in shipped and is_noise(triple)] == []


@pytest.mark.parametrize("engine", ENGINES)
def test_result_is_valid_turtle(closures: dict[str, Graph], engine: str) -> None:
    """No literal subjects left, so the strict parser `warkg.rdf.loading` uses accepts it."""
    turtle = closures[engine].serialize(format="turtle").encode("utf-8")
    loading.check_syntax(turtle, "closure.ttl")


# How the owlrl closure may exceed reasonable's: schema-level families only.
_SCHEMA_FAMILIES: dict[str, Callable[[object, object, object], bool]] = {
    "scm-cls/scm-op/scm-dp: reflexive": lambda s, p, o: (
        s == o
        and p in {RDFS.subClassOf, OWL.equivalentClass, RDFS.subPropertyOf, OWL.equivalentProperty}
    ),
    "scm-cls: owl:Thing / owl:Nothing bounds": lambda s, p, o: (
        p == RDFS.subClassOf and (o == OWL.Thing or s == OWL.Nothing)
    ),
    "scm-dom/scm-rng: inherited domains and ranges": lambda s, p, o: p in {RDFS.domain, RDFS.range},
    "owlrl: built-in datatypes": lambda s, p, o: p == RDF.type and o == RDFS.Datatype,
    "owlrl: disjoint XSD datatypes": lambda s, p, o: (
        p == OWL.disjointWith and str(s).startswith(str(XSD)) and str(o).startswith(str(XSD))
    ),
    "owlrl: built-in annotation properties": lambda s, p, o: (
        p == RDF.type
        and o == OWL.AnnotationProperty
        and (str(s).startswith(str(OWL)) or str(s).startswith(str(RDFS)))
    ),
}


def _family(triple: tuple[object, object, object]) -> str | None:
    return next((name for name, test in _SCHEMA_FAMILIES.items() if test(*triple)), None)


def test_engines_agree_apart_from_documented_schema_families(
    shipped: Graph, closures: dict[str, Graph]
) -> None:
    by_owlrl, by_reasonable = set(closures["owlrl"]), set(closures["reasonable"])
    assert by_reasonable - by_owlrl == set()
    only_owlrl = by_owlrl - by_reasonable
    assert [t for t in only_owlrl if _family(t) is None] == []
    # Each family really occurs, so the docstring describes this data, not a guess.
    found = {_family(t) for t in only_owlrl}
    assert found == set(_SCHEMA_FAMILIES)
    assert (WARKG.hasReference, RDFS.domain, PROV.Entity) in only_owlrl
    # So everything inferred about the data itself (subjects under id/) is the same.
    about_data = {t for t in by_owlrl - set(shipped) if str(t[0]).startswith(str(ID))}
    assert len(about_data) > 800
    assert about_data <= by_reasonable


def test_unknown_engine_is_an_input_error(shipped: Graph) -> None:
    with pytest.raises(InputError, match="unknown reasoning engine 'hermit'"):
        reason(shipped, engine="hermit")


def _toy(turtle: str) -> Graph:
    prefixes = (
        f"PREFIX ex: <{EX}>\nPREFIX owl: <{OWL}>\nPREFIX rdfs: <{RDFS}>\nPREFIX xsd: <{XSD}>\n"
    )
    return Graph().parse(data=prefixes + turtle, format="turtle")


def test_reasonable_refuses_what_it_would_miss() -> None:
    """reasonable 0.4.4 ignores property chains; owlrl applies them."""
    graph = _toy(
        "ex:grandparent owl:propertyChainAxiom (ex:parent ex:parent) .\n"
        "ex:a ex:parent ex:b . ex:b ex:parent ex:c ."
    )
    assert (EX.a, EX.grandparent, EX.c) in reason(graph, engine="owlrl")
    with pytest.raises(InputError, match="owl:propertyChainAxiom; use engine 'owlrl'"):
        reason(graph, engine="reasonable")


def test_shipped_ontology_uses_nothing_reasonable_refuses(shipped: Graph) -> None:
    used = {term for term in REASONABLE_UNSUPPORTED if (None, term, None) in shipped}
    used |= {term for term in REASONABLE_UNSUPPORTED if (None, None, term) in shipped}
    assert used == set()


@pytest.mark.parametrize("engine", ENGINES)
def test_literals_come_back_as_given(engine: str) -> None:
    """reasonable types every simple literal xsd:string; the result keeps them plain."""
    graph = _toy(
        'ex:name rdfs:subPropertyOf rdfs:label . ex:x ex:name "plain", "tagged"@hy .\n'
        'ex:y ex:name "typed"^^xsd:string .'
    )
    result = reason(graph, engine=engine)
    assert (EX.x, RDFS.label, Literal("plain")) in result
    assert (EX.x, RDFS.label, Literal("plain", datatype=XSD.string)) not in result
    assert (EX.x, RDFS.label, Literal("tagged", lang="hy")) in result
    assert (EX.y, EX.name, Literal("typed", datatype=XSD.string)) in result
    assert (EX.y, EX.name, Literal("typed")) not in result  # not duplicated as plain


@pytest.mark.parametrize("engine", ENGINES)
def test_noise_in_the_input_is_kept(engine: str) -> None:
    """Only inferred noise is dropped: a triple someone wrote stays."""
    graph = _toy("ex:a owl:sameAs ex:a . ex:a a owl:Thing . ex:a a ex:C .")
    result = reason(graph, engine=engine)
    assert (EX.a, OWL.sameAs, EX.a) in result
    assert (EX.a, RDF.type, OWL.Thing) in result


@pytest.mark.parametrize("backend", ["rdflib", "oxigraph"])
def test_stored_query_kind_column_is_unchanged_by_reasoning(backend: str) -> None:
    """Reasoning adds super-classes to every claim; reference-supports must still report
    each claim once, under its most specific class."""
    from warkg import open_graph, run_query

    plain = run_query(open_graph(backend), "reference-supports", reference="10")
    reasoned = run_query(open_graph(backend, reason=True), "reference-supports", reference="10")
    assert len(plain.rows) == 8
    assert reasoned.rows == plain.rows
