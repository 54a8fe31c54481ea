"""prov:wasDerivedFrom is shipped beside its subproperties, and a shape keeps them in step.

A plain triplestore (no `warkg load --reason`) answers `?claim prov:wasDerivedFrom ?ref`
only if the triple is in the files, so every warkg:hasReference, warkg:citesFootnote and
warkg:supplementedBy link is stated a second time as prov:wasDerivedFrom, and
wsh:DerivationShape fails when one is stated without the other.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from rdflib import Graph
from rdflib.namespace import PROV, RDFS

from warkg.rdf.namespaces import CLAIM, NOTE, REF, WARKG
from warkg.validation.api import validate

SUBPROPERTIES = {WARKG.hasReference, WARKG.citesFootnote, WARKG.supplementedBy}


def test_the_shape_knows_every_subproperty(ontology_graph: Graph) -> None:
    """The shape lists the subproperties by name; a new one must be added there too."""
    assert set(ontology_graph.subjects(RDFS.subPropertyOf, PROV.wasDerivedFrom)) == SUBPROPERTIES


def test_shipped_links_are_in_step(data_graph: Graph) -> None:
    derived = set(data_graph.subject_objects(PROV.wasDerivedFrom))
    stated = {pair for p in SUBPROPERTIES for pair in data_graph.subject_objects(p)}
    assert derived == stated
    assert len(derived) == 110
    assert len(set(data_graph.subject_objects(WARKG.hasReference))) == 102
    assert len(set(data_graph.subject_objects(WARKG.citesFootnote))) == 7
    assert len(set(data_graph.subject_objects(WARKG.supplementedBy))) == 1


def test_a_plain_store_answers_prov_without_reasoning(data_graph: Graph) -> None:
    rows = data_graph.query(
        "SELECT ?claim WHERE { ?claim <http://www.w3.org/ns/prov#wasDerivedFrom> ?ref }",
        initBindings={"ref": REF["10"]},
    )
    assert {row[0] for row in rows} == set(data_graph.subjects(WARKG.hasReference, REF["10"]))


Mutation = Callable[[Graph], None]
KILLED = CLAIM["armenia-artsakh-servicemen-killed"]
CASES = [
    (
        "derivation-dropped",
        lambda g: g.remove((KILLED, PROV.wasDerivedFrom, REF["57"])),
        "warkg:hasReference",
        "ref:57",
    ),
    (
        "derivation-without-reference",
        lambda g: g.add((KILLED, PROV.wasDerivedFrom, REF["58"])),
        "prov:wasDerivedFrom",
        "ref:58",
    ),
    (
        "footnote-without-derivation",
        lambda g: g.add((KILLED, WARKG.citesFootnote, NOTE["b"])),
        "warkg:citesFootnote",
        "note:b",
    ),
]


@pytest.mark.parametrize(("name", "mutate", "path", "value"), CASES, ids=[c[0] for c in CASES])
def test_out_of_step_links_fail_the_derivation_shape(
    name: str,
    mutate: Mutation,
    path: str,
    value: str,
    data_graph: Graph,
    ontology_graph: Graph,
    shapes_graph: Graph,
) -> None:
    broken = Graph()
    for triple in data_graph:
        broken.add(triple)
    mutate(broken)
    report = validate(broken, shapes_graph, ontology_graph)
    found = [(r.source_shape, r.focus, r.path, r.value, r.severity) for r in report.results]
    if name == "footnote-without-derivation":  # and the claim's text has no marker [b]
        assert (
            "wsh:EvidenceMarkerShape",
            "claim:armenia-artsakh-servicemen-killed",
            "warkg:citesFootnote",
            "note:b",
            "Violation",
        ) in found
    found = [key for key in found if key[0] != "wsh:EvidenceMarkerShape"]
    assert found == [
        ("wsh:DerivationShape", "claim:armenia-artsakh-servicemen-killed", path, value, "Violation")
    ]
    assert report.results[0].message == (
        "A derivation link is stated one way only: prov:wasDerivedFrom and its subproperty"
        " (warkg:hasReference, warkg:citesFootnote or warkg:supplementedBy) must both link"
        " the claim to this value."
    )
