"""Broken variants of the shipped data fail with the right shape and focus node.

Each test changes one thing in a copy of the real graph, the way a careless edit would,
and asserts which shape catches it and where, not only that validation failed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, OWL, RDF, RDFS, SH, SKOS, XSD

from warkg import paths
from warkg.cli import main as cli
from warkg.rdf.namespaces import CLAIM, EVENT, REF, SECTION, WARKG, WORK
from warkg.validation.api import validate

Mutation = Callable[[Graph], None]


def _replace(subject: URIRef, predicate: URIRef, value: Literal) -> Mutation:
    def mutate(graph: Graph) -> None:
        graph.remove((subject, predicate, None))
        graph.add((subject, predicate, value))

    return mutate


KILLED = CLAIM["armenia-artsakh-servicemen-killed"]
WAR = EVENT["second-nagorno-karabakh-war"]

# name, mutation of the data, expected (source shape, focus node, message) among the results
BROKEN = [
    (
        "claim-with-no-reference",
        lambda g: g.remove((KILLED, WARKG.hasReference, None)),
        (
            "wsh:ClaimShape-provenance",
            "claim:armenia-artsakh-servicemen-killed",
            "Claim has no provenance: it cites no reference (warkg:hasReference) and no footnote "
            "(warkg:citesFootnote), and is not marked warkg:articleGivesNoCitation true.",
        ),
    ),
    (
        "claim-with-no-footnote",
        lambda g: g.remove((CLAIM["azerbaijan-servicemen-killed"], WARKG.citesFootnote, None)),
        ("wsh:ClaimShape-provenance", "claim:azerbaijan-servicemen-killed", None),
    ),
    (
        "uncited-flag-on-a-cited-claim",
        lambda g: g.add((KILLED, WARKG.articleGivesNoCitation, Literal(True))),
        (
            "wsh:UncitedClaimShape-noSources",
            "claim:armenia-artsakh-servicemen-killed",
            "Claim is marked warkg:articleGivesNoCitation true but cites a reference or footnote.",
        ),
    ),
    (
        "negative-count",
        _replace(KILLED, WARKG.quantityAmount, Literal(-3825)),
        ("wsh:QuantityClaimShape-amount", "claim:armenia-artsakh-servicemen-killed", None),
    ),
    (
        "ill-typed-count",
        _replace(KILLED, WARKG.quantityAmount, Literal("-3825", datatype=XSD.nonNegativeInteger)),
        ("wsh:QuantityClaimShape-amount", "claim:armenia-artsakh-servicemen-killed", None),
    ),
    (
        "malformed-date",
        _replace(WAR, WARKG.startDate, Literal("2020-09-31", datatype=XSD.date)),
        (
            "wsh:EventShape-startDate",
            "event:second-nagorno-karabakh-war",
            "Start date must be at most one valid xsd:date, not after the end date.",
        ),
    ),
    (
        "date-as-plain-text",
        _replace(WAR, WARKG.startDate, Literal("27 September 2020")),
        ("wsh:EventShape-startDate", "event:second-nagorno-karabakh-war", None),
    ),
    (
        "start-after-end",
        _replace(WAR, WARKG.startDate, Literal("2020-12-01", datatype=XSD.date)),
        ("wsh:EventShape-startDate", "event:second-nagorno-karabakh-war", None),
    ),
    (
        "reference-with-no-title",
        lambda g: g.remove((WORK["57"], DCTERMS.title, None)),
        (
            "wsh:ReferenceShape-title",
            "ref:57",
            "Reference must cite a work with exactly one non-empty title (dcterms:title).",
        ),
    ),
    (
        "reference-with-no-source",
        lambda g: [g.remove((WORK["57"], p, None)) for p in (WARKG.publishedIn, DCTERMS.publisher)],
        ("wsh:ReferenceShape-source", "ref:57", None),
    ),
    (
        "evidence-marker-that-disagrees",
        # the text marks [58], the claim cites ref:57: both constraints fire
        _replace(KILLED, WARKG.evidenceText, Literal("3,825 servicemen killed[58]")),
        ("wsh:EvidenceMarkerShape", "claim:armenia-artsakh-servicemen-killed", None),
    ),
    (
        "duplicate-reference-number",
        _replace(REF["58"], WARKG.referenceNumber, Literal("57", datatype=XSD.positiveInteger)),
        (
            "wsh:ReferenceNumberShape",
            "ref:58",
            "Two references share this reference number.",
        ),
    ),
    (
        "term-not-in-the-ontology",
        lambda g: g.add((KILLED, WARKG.confidence, Literal("high"))),
        (
            "wsh:UsedTermShape-declared",
            "warkg:confidence",
            "Term is used in the data but the ontology does not declare it (no rdfs:isDefinedBy).",
        ),
    ),
    (
        "class-not-in-the-ontology",
        lambda g: g.add((KILLED, RDF.type, WARKG.Rumour)),
        ("wsh:UsedTermShape-declared", "warkg:Rumour", None),
    ),
    (
        "lower-bound-with-an-upper-bound",
        lambda g: g.add(
            (
                CLAIM["armenia-artsakh-servicemen-captured"],
                WARKG.upperBound,
                Literal("80", datatype=XSD.nonNegativeInteger),
            )
        ),
        ("wsh:QuantityClaimShape", "claim:armenia-artsakh-servicemen-captured", None),
    ),
    (
        "exact-figure-with-a-bound",
        lambda g: g.add(
            (KILLED, WARKG.lowerBound, Literal("3000", datatype=XSD.nonNegativeInteger))
        ),
        ("wsh:QuantityClaimShape", "claim:armenia-artsakh-servicemen-killed", None),
    ),
    (
        "fact-claim-without-its-plain-triple",
        lambda g: g.remove((WAR, WARKG.endDate, None)),
        (  # the SPARQL constraint's own message, not its shape's general one
            "wsh:FactClaimShape",
            "claim:war-end-date",
            "Fact claim states 2020-11-10 but the graph lacks the plain triple it stands for.",
        ),
    ),
    (
        "ontology-term-without-definition",
        lambda g: g.remove((WARKG.CasualtyClaim, SKOS.definition, None)),
        ("wsh:OntologyTermShape-definition", "warkg:CasualtyClaim", None),
    ),
    (
        "class-declared-without-definition-or-isDefinedBy",
        lambda g: [
            g.add((WARKG.Foo, RDF.type, OWL.Class)),
            g.add((WARKG.Foo, RDFS.label, Literal("foo", lang="en"))),
        ],
        (
            "wsh:OntologyTermShape-definition",
            "warkg:Foo",
            "Ontology term must have exactly one English skos:definition, a full sentence.",
        ),
    ),
    (
        "class-declared-without-isDefinedBy",
        lambda g: [
            g.add((WARKG.Foo, RDF.type, OWL.Class)),
            g.add((WARKG.Foo, RDFS.label, Literal("foo", lang="en"))),
        ],
        (
            "wsh:OntologyNamespaceTermShape-definedByOntology",
            "warkg:Foo",
            "Term is in the warkg ontology namespace but is not rdfs:isDefinedBy the ontology "
            "(warkg:).",
        ),
    ),
    (
        "claim-from-a-row-the-snapshot-renders-empty",
        lambda g: _replace(KILLED, WARKG.inSection, SECTION["infobox-location"])(g),
        (
            "wsh:EmptySectionShape-noClaims",
            "section:infobox-location",
            "Section is marked warkg:renderedEmpty true but a claim names it as the section its "
            "evidence comes from.",
        ),
    ),
    (
        "supplemented-claim-without-a-note",
        lambda g: g.remove((CLAIM["offensive-start-date"], SKOS.note, None)),
        ("wsh:SupplementedClaimShape-note", "claim:offensive-start-date", None),
    ),
]


def test_broken_cases_are_all_here() -> None:
    assert len(BROKEN) == 22


@pytest.fixture(scope="module")
def shipped(data_graph: Graph, ontology_graph: Graph) -> Graph:
    union = Graph()
    for triple in data_graph:
        union.add(triple)
    for triple in ontology_graph:
        union.add(triple)
    return union


def test_shipped_data_conforms(
    data_graph: Graph, shapes_graph: Graph, ontology_graph: Graph
) -> None:
    report = validate(data_graph, shapes_graph, ontology_graph)
    assert report.results == []
    assert report.conforms


@pytest.mark.parametrize("case", BROKEN, ids=[case[0] for case in BROKEN])
def test_broken_variant_fails_at_the_right_shape_and_focus(
    case: tuple, shipped: Graph, shapes_graph: Graph
) -> None:
    _, mutate, (shape, focus, message) = case
    broken = Graph()
    for triple in shipped:
        broken.add(triple)
    mutate(broken)
    report = validate(broken, shapes_graph)
    assert not report.conforms
    hits = [r for r in report.results if r.source_shape == shape and r.focus == focus]
    assert hits, [r.line() for r in report.results]
    assert {hit.severity for hit in hits} == {"Violation"}
    if message is not None:
        assert {hit.message for hit in hits} == {message}


def test_validate_command_on_the_shipped_data_conforms(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert cli.main(["validate", "--bundled"]) == 0
    assert capsys.readouterr().out == (
        "conforms: 97 claims, 91 references (173 shapes, 814 focus nodes checked)\n"
    )


def _shapes_of_each_kind(shapes: Graph) -> dict[str, set]:
    """Every node shape, property shape and SPARQL constraint, named or anonymous: the
    typed ones and the ones only used as a value (sh:property, sh:or members, ...)."""
    nodes = set(shapes.subjects(RDF.type, SH.NodeShape))
    for combine in (SH["or"], SH["and"], SH.xone):
        for members in shapes.objects(None, combine):
            nodes |= set(Collection(shapes, members))
    nodes |= set(shapes.objects(None, SH.node)) | set(shapes.objects(None, SH["not"]))
    properties = set(shapes.subjects(RDF.type, SH.PropertyShape))
    properties |= set(shapes.objects(None, SH.property))
    sparql = set(shapes.subjects(RDF.type, SH.SPARQLConstraint))
    sparql |= set(shapes.objects(None, SH.sparql))
    return {"node shape": nodes, "property shape": properties, "SPARQL constraint": sparql}


def test_every_shape_has_a_message_and_a_severity(shapes_graph: Graph) -> None:
    files = paths.shapes_files()
    assert [p.name for p in files] == ["warkg-shapes.ttl"]
    kinds = _shapes_of_each_kind(shapes_graph)
    assert {kind: len(found) for kind, found in kinds.items()} == {
        "node shape": 58,  # 14 of them wsh:IntegerShape and its sh:or members
        "property shape": 115,
        "SPARQL constraint": 8,
    }
    assert _lacking(shapes_graph, kinds) == []


def _lacking(shapes: Graph, kinds: dict[str, set]) -> list[str]:
    return sorted(
        f"{kind} {'[]' if isinstance(shape, BNode) else shape.n3()} has no {name}"
        for kind, found in kinds.items()
        for shape in found
        for predicate, name in ((SH.message, "sh:message"), (SH.severity, "sh:severity"))
        if (shape, predicate, None) not in shapes
    )


def test_the_shape_check_sees_anonymous_shapes() -> None:
    """A property shape written inline in an sh:or member is found, and its missing
    message and severity reported, so the check above cannot pass by not looking."""
    shapes = Graph().parse(
        data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> .
        @prefix ex: <http://example.org/> .
        ex:S a sh:NodeShape ; sh:message "m" ; sh:severity sh:Violation ;
            sh:or ( [ sh:property [ sh:path ex:p ; sh:minCount 1 ] ] ) .
        """,
        format="turtle",
    )
    kinds = _shapes_of_each_kind(shapes)
    assert {kind: len(found) for kind, found in kinds.items()} == {
        "node shape": 2,
        "property shape": 1,
        "SPARQL constraint": 0,
    }
    assert _lacking(shapes, kinds) == [
        "node shape [] has no sh:message",
        "node shape [] has no sh:severity",
        "property shape [] has no sh:message",
        "property shape [] has no sh:severity",
    ]


def test_validate_command_reports_a_broken_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from warkg import paths

    for source in paths.triples_files():
        text = source.read_text(encoding="utf-8")
        if source.name == "war.ttl":
            text = text.replace("    warkg:hasReference ref:57 ;\n", "", 1)
            text = text.replace("    prov:wasDerivedFrom ref:57 ;\n", "", 1)
        (tmp_path / source.name).write_text(text, encoding="utf-8")
    assert "ref:57" not in (tmp_path / "war.ttl").read_text(encoding="utf-8")
    code = cli.main(["validate", "--data", str(tmp_path)])
    out = capsys.readouterr().out
    assert code == 1
    war_lines = (tmp_path / "war.ttl").read_text(encoding="utf-8").splitlines()
    line = war_lines.index("claim:armenia-artsakh-servicemen-killed") + 1
    assert (
        f"{tmp_path / 'war.ttl'}:{line}: Violation claim:armenia-artsakh-servicemen-killed "
        "(warkg:hasReference|warkg:citesFootnote|warkg:articleGivesNoCitation): "
        "Claim has no provenance: it cites no "
        "reference (warkg:hasReference) and no footnote (warkg:citesFootnote), and is not marked "
        "warkg:articleGivesNoCitation true." in out.splitlines()
    )
    # and the text's marker [57] is now cited by no claim quoting it
    text = war_lines.index('    warkg:evidenceText "3,825 servicemen killed[57]" ;') + 1
    assert (
        f"{tmp_path / 'war.ttl'}:{text}: Violation claim:armenia-artsakh-servicemen-killed "
        'warkg:evidenceText "[57]": The evidence text marks [57], which no claim quoting it '
        'cites: "3,825 servicemen killed[57]".' in out.splitlines()
    )
    assert out.splitlines()[-1] == (
        "does not conform: 2 violations, 0 warnings, 0 infos (173 shapes, 814 focus nodes checked)"
    )


def test_results_with_and_without_a_path_sort_together(shipped: Graph, shapes_graph: Graph) -> None:
    """One focus node failing a node-level constraint (no path) and a property constraint
    (a path) must still give a sorted report, not a comparison of None with a string."""
    broken = Graph()
    for triple in shipped:
        broken.add(triple)
    broken.add((KILLED, WARKG.lowerBound, Literal("3000", datatype=XSD.nonNegativeInteger)))
    broken.remove((KILLED, WARKG.statedAs, None))
    broken.add((KILLED, WARKG.statedAs, Literal(3825)))
    report = validate(broken, shapes_graph)
    on_claim = [r for r in report.results if r.focus == "claim:armenia-artsakh-servicemen-killed"]
    assert [r.source_shape for r in on_claim] == [
        "wsh:QuantityClaimShape",
        "wsh:QuantityClaimShape-statedAs",
    ]
    assert on_claim[0].path is None
    assert on_claim[1].path == "warkg:statedAs"
