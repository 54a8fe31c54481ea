"""Where nodes are written: the parser in `warkg.rdf.locations` and its tokenizer,
`warkg.rdf.turtle_tokens`.

Each case is a small Turtle text whose expected lines are counted by hand; the shipped
files then check the whole thing at scale: every node rdflib reads is found, and each
IRI subject is placed on a line that starts with that very subject.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from warkg import paths
from warkg.rdf import loading
from warkg.rdf.locations import Location, LocationIndex
from warkg.rdf.namespaces import PREFIXES

EX = "http://example.org/"
FILE = Path("case.ttl")


def ex(local: str) -> URIRef:
    return URIRef(EX + local)


def index_of(text: str) -> tuple[LocationIndex, Graph]:
    """The index of `text` and rdflib's graph of it (which must parse)."""
    index = LocationIndex()
    index.add_file(FILE, text)
    return index, Graph().parse(data=text, format="turtle")


def line_of(index: LocationIndex, graph: Graph, node: URIRef | Literal | BNode) -> int | None:
    location = index.locate(node, graph)
    return None if location is None else location.line


def test_subject_is_followed_across_semicolons_and_commas() -> None:
    index, graph = index_of(
        f"@prefix ex: <{EX}> .\n"  # 1
        "\n"  # 2
        "ex:a ex:p ex:b ;\n"  # 3
        "    ex:q ex:c ,\n"  # 4
        "        ex:d ;\n"  # 5
        "    ex:r ex:a .\n"  # 6
        "ex:c ex:p ex:a ; .\n"  # 7  (a trailing ';' is allowed)
    )
    assert [line_of(index, graph, ex(n)) for n in "abcd"] == [3, 3, 7, 5]
    assert line_of(index, graph, ex("q")) == 4  # only ever a predicate
    assert index.incomplete == []


def test_prefixed_names_full_iris_and_sparql_style_directives_are_one_node() -> None:
    index, graph = index_of(
        f"PREFIX ex: <{EX}>\n"  # 1
        f"prefix : <{EX}colon/>\n"  # 2
        f"<{EX}a> ex:p :b .\n"  # 3
        ":b a ex:Thing .\n"  # 4
        r"ex:dotted\.name ex:p ex:c%20d ." + "\n"  # 5
        f"<{EX}\\u0065scaped> ex:p 1 .\n"  # 6
    )
    assert line_of(index, graph, ex("a")) == 3
    assert line_of(index, graph, URIRef(EX + "colon/b")) == 4
    assert line_of(index, graph, ex("dotted.name")) == 5
    assert line_of(index, graph, ex("c%20d")) == 5
    assert line_of(index, graph, ex("escaped")) == 6
    assert line_of(index, graph, ex("Thing")) == 4
    assert line_of(index, graph, RDF.type) == 4


def test_base_resolves_relative_iris() -> None:
    index, graph = index_of(
        f"@base <{EX}base/> .\n"  # 1
        "<a> <p> <../b> .\n"  # 2
        f"BASE <{EX}other/>\n"  # 3
        "<c> <p> <a> .\n"  # 4
    )
    assert line_of(index, graph, URIRef(EX + "base/a")) == 2
    assert line_of(index, graph, URIRef(EX + "b")) == 2
    assert line_of(index, graph, URIRef(EX + "other/c")) == 4
    assert line_of(index, graph, URIRef(EX + "other/a")) == 4


def test_strings_and_comments_do_not_confuse_lines_or_statements() -> None:
    index, graph = index_of(
        f"@prefix ex: <{EX}> .\n"  # 1
        '# a comment with "quotes", <angles> and a dot .\n'  # 2
        'ex:a ex:p """first line\n'  # 3
        "second line with ex:fake ex:p ex:b . and # not a comment\n"  # 4
        'third "line" ends"""@en ;  # a comment after the literal\n'  # 5
        "    ex:q '''single\n"  # 6
        "quoted''' , 'x # y ; z .' , \"esc \\\" \\u00e9\" .\n"  # 7
        "ex:b ex:p ex:c .\n"  # 8
    )
    assert line_of(index, graph, ex("a")) == 3
    assert line_of(index, graph, ex("b")) == 8
    assert line_of(index, graph, ex("fake")) is None
    assert line_of(index, graph, Literal("x # y ; z .")) == 7
    assert line_of(index, graph, Literal('esc " \u00e9')) == 7
    long_literal = next(graph.objects(ex("a"), ex("p")))
    assert line_of(index, graph, long_literal) == 3


def test_literals_are_placed_where_they_are_objects() -> None:
    index, graph = index_of(
        f"@prefix ex: <{EX}> .\n"  # 1
        "@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .\n"  # 2
        'ex:a ex:n "7"^^xsd:positiveInteger ;\n'  # 3
        "    ex:m 5 , -1.50 , 2e3 , true .\n"  # 4
        'ex:b ex:n "7"^^xsd:positiveInteger ; ex:m 5. \n'  # 5  (5 then the final dot)
    )
    assert line_of(index, graph, Literal("7", datatype=XSD.positiveInteger)) == 3
    assert line_of(index, graph, Literal(5)) == 4
    assert line_of(index, graph, Literal("-1.50", datatype=XSD.decimal)) == 4
    assert line_of(index, graph, Literal("2e3", datatype=XSD.double)) == 4
    assert line_of(index, graph, Literal(True)) == 4
    assert line_of(index, graph, ex("b")) == 5
    assert line_of(index, graph, Literal("absent")) is None


def test_blank_nodes_are_placed_where_they_are_written() -> None:
    index, graph = index_of(
        f"@prefix ex: <{EX}> .\n"  # 1
        "ex:a ex:p [ ex:q 1 ] ,\n"  # 2
        "    [\n"  # 3
        "        ex:q 2 ;\n"  # 4
        "        ex:r [ ex:q 3 ]\n"  # 5
        "    ] .\n"  # 6
        "[ ex:q 4 ] ex:p ex:a .\n"  # 7
        "_:x ex:q 5 .\n"  # 8
        "ex:b ex:p _:x .\n"  # 9
        "ex:c ex:list ( ex:d\n"  # 10
        "    ex:e ) .\n"  # 11
    )

    def blank_with(value: int) -> BNode:
        [node] = graph.subjects(ex("q"), Literal(value))
        assert isinstance(node, BNode)
        return node

    assert [line_of(index, graph, blank_with(v)) for v in (1, 2, 3, 4, 5)] == [2, 3, 5, 7, 9]
    assert line_of(index, graph, ex("e")) == 11
    [head] = graph.objects(ex("c"), ex("list"))
    assert line_of(index, graph, head) == 10
    assert line_of(index, graph, BNode("not-in-the-graph")) is None
    assert index.locate(blank_with(1)) is None  # without the graph a blank node is lost


def test_first_file_wins_and_each_location_names_its_file() -> None:
    index = LocationIndex()
    index.add_file(Path("data.ttl"), f"@prefix ex: <{EX}> .\nex:a ex:p ex:Term .\n")
    index.add_file(Path("ontology.ttl"), f"@prefix ex: <{EX}> .\n\nex:Term ex:p ex:a .\n")
    assert index.locate(ex("a")) == Location(Path("data.ttl"), 2)
    assert index.locate(ex("Term")) == Location(Path("ontology.ttl"), 3)  # subject first


def test_unreadable_rest_keeps_what_came_before() -> None:
    """RDF 1.2 triple terms are beyond it: it stops there instead of guessing."""
    index = LocationIndex()
    index.add_file(
        FILE,
        f"@prefix ex: <{EX}> .\nex:a ex:p ex:b .\n"
        "ex:c ex:p <<( ex:a ex:p ex:b )>> .\nex:d ex:p 1 .\n",
    )
    assert index.locate(ex("a")) == Location(FILE, 2)
    assert index.locate(ex("d")) is None
    assert index.incomplete == [FILE]


# --- the shipped files -------------------------------------------------------------------

SHIPPED = paths.triples_files() + paths.ontology_files() + paths.shapes_files()


def test_shipped_turtle_files_are_found() -> None:
    """At least the data, ontology and shapes files of 0.1.0, so a bad glob fails."""
    assert len(paths.triples_files()) >= 3
    assert len(paths.ontology_files()) >= 1
    assert len(paths.shapes_files()) >= 1
    assert len(SHIPPED) >= 5


@pytest.fixture(scope="module")
def shipped_index() -> LocationIndex:
    return LocationIndex.from_files(SHIPPED)


def _expand(token: str) -> URIRef | None:
    """A subject as written at the start of a line (`claim:x` or `<iri>`) as an IRI."""
    if token.startswith("<") and token.endswith(">"):
        return URIRef(token[1:-1])
    prefix, colon, local = token.partition(":")
    return URIRef(PREFIXES[prefix] + local) if colon and prefix in PREFIXES else None


@pytest.mark.parametrize("path", SHIPPED, ids=lambda p: paths.display_path(p))
def test_every_node_of_a_shipped_file_is_located_on_its_own_line(
    path: Path, shipped_index: LocationIndex
) -> None:
    graph = loading.load_files([path])
    lines = path.read_text(encoding="utf-8").splitlines()
    nodes = {node for triple in graph for node in (triple[0], triple[2])}
    located = {node: shipped_index.locate(node, graph) for node in nodes}
    assert [node for node, where in located.items() if where is None] == []
    assert shipped_index.incomplete == []
    subjects = {s for s in graph.subjects() if isinstance(s, URIRef)}
    for subject in subjects:
        where = located[subject]
        assert where is not None
        if where.path != path:  # described in an earlier file too: first one wins
            continue
        assert _expand(lines[where.line - 1].split()[0]) == subject, (subject, where)
    assert len(subjects) > 10
