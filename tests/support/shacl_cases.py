"""A seeded generator of small SHACL cases (shapes and data as Turtle) that go where
validators differ: severities nested in logical and qualified shapes, zero-length and
alternative paths, SPARQL targets and constraints with literal constants, ill-typed,
huge and oddly written literals, and value nodes shared by several focus nodes.

Each case lives in a namespace of its own (`http://example.org/cN/`), names every shape
(so a result's source shape is an IRI every engine reports alike) and gives each blank
node of the data an `ex:id` (so results on blank nodes can be compared across engines,
which name blank nodes as they like). Nested shapes form no cycle: SHACL leaves
recursion undefined.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field

XSD = "http://www.w3.org/2001/XMLSchema#"

# Literals as Turtle, chosen where engines, rdflib and the SHACL spec part ways.
LITERALS = (
    "1",
    '"01"^^xsd:integer',
    '"-0"^^xsd:integer',
    "5",
    "-3",
    '"5"^^xsd:positiveInteger',
    '"0"^^xsd:positiveInteger',  # ill-typed
    '"abc"^^xsd:integer',  # ill-typed
    '"3825.5"^^xsd:nonNegativeInteger',  # ill-typed
    "1.50",
    '"NaN"^^xsd:double',
    '"INF"^^xsd:double',
    '"-INF"^^xsd:double',
    '"1E0"^^xsd:double',
    '"NaN"^^xsd:decimal',  # ill-typed: NaN is no decimal
    "true",
    "false",
    '"1"^^xsd:boolean',
    '"TRUE"^^xsd:boolean',  # ill-typed
    '"active"',
    '"active"^^xsd:string',
    '"active"@en',
    '"Active"@en-GB',
    '""',
    '"banned"',
    '"2020-01-01"^^xsd:date',
    '"2020-02-30"^^xsd:date',  # ill-typed
    '"2020-01-01T00:00:00Z"^^xsd:dateTime',
    '"2020"^^xsd:gYear',
    '"1_000"^^xsd:integer',  # ill-typed, though Python's int reads it
    '"x"^^ex:custom',
    # beyond Python's default int-from-string limit (4,300 digits); written quoted, as
    # rdflib's Turtle parser raises on a bare one
    '"' + "9" * 4400 + '"^^xsd:integer',
    '"-' + "9" * 4301 + '"^^xsd:integer',
)

DATATYPES = (
    "xsd:integer",
    "xsd:string",
    "xsd:boolean",
    "xsd:decimal",
    "xsd:double",
    "xsd:date",
    "xsd:positiveInteger",
    "xsd:nonNegativeInteger",
    "rdf:langString",
    "rdfs:Literal",
)
SEVERITIES = ("sh:Violation", "sh:Violation", "sh:Warning", "sh:Info", "ex:Minor")
PREDICATES = ("ex:p", "ex:q", "ex:r")


@dataclass
class Case:
    """One generated case: `shapes` and `data` are Turtle documents."""

    seed: int
    shapes: str
    data: str
    notes: list[str] = field(default_factory=list)

    @property
    def name(self) -> str:
        return f"case-{self.seed}"

    @property
    def namespace(self) -> str:
        return namespace(self.seed)


class _Builder:
    def __init__(self, seed: int) -> None:
        self.seed = seed
        self.rng = random.Random(seed)
        self.namespace = namespace(seed)
        self.shape_blocks: list[str] = []
        self.shape_count = 0
        self.nested: list[str] = []
        self.node_count = self.rng.randint(3, 7)
        self.blank_count = self.rng.randint(0, 3)

    # -- data -------------------------------------------------------------------------

    def node(self) -> str:
        """An IRI of the data, now and then one the data never mentions."""
        if self.rng.random() < 0.08:
            return "ex:absent"
        return f"ex:n{self.rng.randrange(self.node_count)}"

    def value(self) -> str:
        roll = self.rng.random()
        if roll < 0.35:
            return self.node()
        if roll < 0.45 and self.blank_count:
            return f"_:b{self.rng.randrange(self.blank_count)}"
        return self.rng.choice(LITERALS)

    def data(self) -> str:
        lines = [
            f"@prefix ex: <{self.namespace}> .",
            f"@prefix xsd: <{XSD}> .",
            "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        ]
        if self.rng.random() < 0.5:
            lines.append("ex:D rdfs:subClassOf ex:C .")
        subjects = [f"ex:n{i}" for i in range(self.node_count)]
        subjects += [f"_:b{i}" for i in range(self.blank_count)]
        for i in range(self.blank_count):
            lines.append(f'_:b{i} ex:id "b{i}" .')
        for subject in subjects:
            roll = self.rng.random()
            if roll < 0.3:
                lines.append(f"{subject} a ex:C .")
            elif roll < 0.5:
                lines.append(f"{subject} a ex:D .")
            for predicate in PREDICATES:
                for _ in range(self.rng.choice((0, 0, 1, 1, 2, 3))):
                    lines.append(f"{subject} {predicate} {self.value()} .")
        if self.rng.random() < 0.4:  # a cycle, for + and * paths
            lines.append("ex:n0 ex:p ex:n1 .")
            lines.append("ex:n1 ex:p ex:n0 .")
        return "\n".join(lines) + "\n"

    # -- shapes -----------------------------------------------------------------------

    def new_shape(self) -> str:
        self.shape_count += 1
        return f"ex:s{self.shape_count}"

    def severity(self) -> str:
        return self.rng.choice(SEVERITIES)

    def path(self) -> str:
        roll = self.rng.random()
        p, q = self.rng.sample(PREDICATES, 2)
        if roll < 0.55:
            return p
        if roll < 0.62:
            return f"[ sh:inversePath {p} ]"
        if roll < 0.70:
            return f"( {p} {q} )"
        if roll < 0.78:
            return f"[ sh:alternativePath ( {p} {q} ) ]"
        if roll < 0.85:
            return f"[ sh:zeroOrMorePath {p} ]"
        if roll < 0.92:
            return f"[ sh:oneOrMorePath {p} ]"
        return f"[ sh:zeroOrOnePath {p} ]"

    def literal_limit(self) -> str:
        return self.rng.choice(
            ("0", "3", "10", "1.5", '"NaN"^^xsd:double', "true", '"2020-01-01"^^xsd:date', '"m"')
        )

    def constraint(self, *, on_property: bool) -> str:
        """One constraint (a predicate-object pair list), for a node or property shape."""
        kinds = [
            "datatype",
            "nodeKind",
            "class",
            "in",
            "hasValue",
            "range",
            "length",
            "pattern",
            "languageIn",
            "logical",
            "node",
        ]
        if on_property:
            kinds += ["count", "count", "pair", "uniqueLang", "qualified"]
        kind = self.rng.choice(kinds)
        rng = self.rng
        if kind == "count":
            which = rng.choice(("sh:minCount", "sh:maxCount"))
            return f"{which} {rng.choice((0, 1, 1, 2))}"
        if kind == "datatype":
            return f"sh:datatype {rng.choice(DATATYPES)}"
        if kind == "nodeKind":
            kinds_ = (
                "sh:IRI",
                "sh:BlankNode",
                "sh:Literal",
                "sh:BlankNodeOrIRI",
                "sh:IRIOrLiteral",
            )
            return f"sh:nodeKind {rng.choice(kinds_)}"
        if kind == "class":
            return f"sh:class {rng.choice(('ex:C', 'ex:D'))}"
        if kind == "in":
            members = rng.sample(
                ('"active"', '"active"^^xsd:string', "1", "ex:n0", '"active"@en', "true"), 2
            )
            return f"sh:in ( {' '.join(members)} )"
        if kind == "hasValue":
            value = rng.choice(("ex:n1", '"active"', "1", "true"))
            return f"sh:hasValue {value}"
        if kind == "range":
            which = rng.choice(
                ("sh:minInclusive", "sh:maxInclusive", "sh:minExclusive", "sh:maxExclusive")
            )
            return f"{which} {self.literal_limit()}"
        if kind == "length":
            which = rng.choice(("sh:minLength", "sh:maxLength"))
            return f"{which} {rng.choice((0, 0, 1, 4))}"
        if kind == "pattern":
            flags = rng.choice(("", ' ; sh:flags "i"'))
            return f'sh:pattern "^a"{flags}'
        if kind == "languageIn":
            return 'sh:languageIn ( "en" )'
        if kind == "uniqueLang":
            return "sh:uniqueLang true"
        if kind == "pair":
            which = rng.choice(("sh:equals", "sh:disjoint", "sh:lessThan", "sh:lessThanOrEquals"))
            return f"{which} {rng.choice(PREDICATES)}"
        if kind == "qualified":
            nested = self.nested_shape()
            bound = rng.choice(("sh:qualifiedMinCount", "sh:qualifiedMaxCount"))
            return f"sh:qualifiedValueShape {nested} ; {bound} {rng.choice((0, 1, 2))}"
        if kind == "node":
            return f"sh:node {self.nested_shape()}"
        which = rng.choice(("sh:not", "sh:and", "sh:or", "sh:xone"))
        if which == "sh:not":
            return f"sh:not {self.nested_shape()}"
        members = " ".join(self.nested_shape() for _ in range(rng.randint(1, 3)))
        return f"{which} ( {members} )"

    def nested_shape(self) -> str:
        """A shape without targets, made now or reused (which gives shared nested shapes)."""
        if self.nested and (len(self.nested) > 4 or self.rng.random() < 0.3):
            return self.rng.choice(self.nested)
        name = self.new_shape()
        parts = [f"sh:severity {self.severity()}"] if self.rng.random() < 0.7 else []
        if self.rng.random() < 0.5:
            parts.append(f"sh:property {self.property_shape(depth=1)}")
        else:
            parts.append(self.simple_constraint())
        kind = "sh:NodeShape"
        self.shape_blocks.append(f"{name} a {kind} ;\n    " + " ;\n    ".join(parts) + " .")
        self.nested.append(name)
        return name

    def simple_constraint(self) -> str:
        """A value check that nests nothing (for nested shapes, keeping depth bounded)."""
        while True:
            text = self.constraint(on_property=False)
            if not text.startswith(("sh:not", "sh:and", "sh:or", "sh:xone", "sh:node")):
                return text

    def property_shape(self, *, depth: int = 0) -> str:
        name = self.new_shape()
        parts = [f"sh:path {self.path()}", f"sh:severity {self.severity()}"]
        for _ in range(self.rng.randint(1, 2)):
            if depth > 0:
                part = self.simple_constraint_for_property()
            else:
                part = self.constraint(on_property=True)
            if not _repeats(parts, part):
                parts.append(part)
        self.shape_blocks.append(
            f"{name} a sh:PropertyShape ;\n    " + " ;\n    ".join(parts) + " ."
        )
        return name

    def simple_constraint_for_property(self) -> str:
        while True:
            text = self.constraint(on_property=True)
            if not text.startswith(
                ("sh:not", "sh:and", "sh:or", "sh:xone", "sh:node", "sh:qualifiedValueShape")
            ):
                return text

    def target(self) -> str:
        rng = self.rng
        roll = rng.random()
        if roll < 0.15:
            node = rng.choice((self.node(), self.node(), "1", '"active"'))
            return f"sh:targetNode {node}"
        if roll < 0.35:
            return f"sh:targetClass {rng.choice(('ex:C', 'ex:D'))}"
        if roll < 0.5:
            return f"sh:targetSubjectsOf {rng.choice(PREDICATES)}"
        if roll < 0.6:
            return f"sh:targetObjectsOf {rng.choice(PREDICATES)}"
        return f"sh:target {self.sparql_target()}"

    def sparql_target(self) -> str:
        rng = self.rng
        n = f"ex:n{rng.randrange(self.node_count + 2)}"  # sometimes absent from the data
        selects = (
            "SELECT ?this WHERE { ?this ex:p ?o }",
            f"SELECT ?this WHERE {{ ?this ex:p* {n} }}",
            f"SELECT ?this WHERE {{ {n} ex:p? ?this }}",
            f"SELECT ?this WHERE {{ ?this ex:p+ {n} }}",
            f"SELECT ?this WHERE {{ ?this (ex:p|ex:q) {n} }}",
            'SELECT ?this WHERE { ?this ex:q "active" }',
            "SELECT ?this WHERE { ?this ex:q ?v . FILTER(?v = 1) }",
            "SELECT ?this WHERE { ?this ex:q ?v . FILTER(isLiteral(?v)) }",
            (
                "SELECT DISTINCT ?this WHERE { { ?this ex:p ?o } UNION { ?o ex:q ?this . "
                "FILTER(isIRI(?this)) } }"
            ),
            (
                f"SELECT ?this WHERE {{ ?s ex:p ?this . FILTER(STRSTARTS(STR(?s), "
                f'"{self.namespace}n1")) }}'
            ),
            "SELECT ?this WHERE { ?this ex:r ?a . ?this ex:q ?b . FILTER(?a = ?b) }",
            "SELECT ?this WHERE { ?this ex:r ?a . ?x ex:q ?a }",
            "SELECT ?this WHERE { ?this a ?c . FILTER(?c IN (ex:C, ex:D)) }",
            "SELECT ?this WHERE { ?this ex:q ?v . FILTER(DATATYPE(?v) = xsd:integer) }",
            "SELECT ?this WHERE { ?this ex:p ?o . FILTER NOT EXISTS { ?o ex:p ?this } }",
        )
        select = rng.choice(selects)
        mark = " ; wsh:literalIndependent true" if rng.random() < 0.5 else ""
        return (
            f"[ a sh:SPARQLTarget ; sh:prefixes ex:prefixes{mark} ;\n"
            f'      sh:select """{select}""" ]'
        )

    def sparql_constraint(self) -> str:
        rng = self.rng
        selects = (
            'SELECT $this WHERE { $this ex:q "banned" }',
            'SELECT $this ?value WHERE { $this ex:q ?value . FILTER(?value = "banned") }',
            (
                "SELECT $this ?value WHERE { $this ex:p ?value . FILTER NOT EXISTS { ?value ex:p "
                "?x } }"
            ),
            (
                "SELECT $this ?value WHERE { $this ex:p ?value . FILTER NOT EXISTS { $this ex:q "
                "?value } }"
            ),
            "SELECT $this ?value WHERE { $this ex:p* ?value . FILTER(isLiteral(?value)) }",
            (
                "SELECT $this ?value WHERE { { $this ex:p ?value } UNION { $this ex:q ?value } "
                "FILTER(isBlank(?value)) }"
            ),
            f"SELECT $this WHERE {{ $this ex:p* ex:n{rng.randrange(self.node_count + 2)} }}",
            (
                "SELECT $this ?value WHERE { $this ex:r ?value . ?other ex:r ?value . "
                "FILTER(?other != $this) }"
            ),
        )
        mark = " ; wsh:narrowable true" if rng.random() < 0.6 else ""
        message = ' ; sh:message "SPARQL constraint"' if rng.random() < 0.7 else ""
        return (
            f"[ a sh:SPARQLConstraint ; sh:prefixes ex:prefixes{mark}{message} ;\n"
            f'      sh:select """{rng.choice(selects)}""" ]'
        )

    def top_shape(self) -> None:
        name = self.new_shape()
        parts = [self.target() for _ in range(self.rng.choice((1, 1, 2)))]
        parts.append(f"sh:severity {self.severity()}")
        if self.rng.random() < 0.25:  # a SPARQL constraint alone: what narrowing looks for
            parts.append(f"sh:sparql {self.sparql_constraint()}")
        else:
            for _ in range(self.rng.randint(1, 3)):
                if self.rng.random() < 0.6:
                    parts.append(f"sh:property {self.property_shape()}")
                elif self.rng.random() < 0.8:
                    part = self.constraint(on_property=False)
                    if not _repeats(parts, part):
                        parts.append(part)
                else:
                    parts.append(f"sh:sparql {self.sparql_constraint()}")
        self.shape_blocks.append(f"{name} a sh:NodeShape ;\n    " + " ;\n    ".join(parts) + " .")

    def shapes(self) -> str:
        for _ in range(self.rng.randint(1, 3)):
            self.top_shape()
        header = "\n".join(
            (
                f"@prefix ex: <{self.namespace}> .",
                "@prefix sh: <http://www.w3.org/ns/shacl#> .",
                f"@prefix xsd: <{XSD}> .",
                "@prefix rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#> .",
                "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
                "@prefix owl: <http://www.w3.org/2002/07/owl#> .",
                "@prefix wsh: <https://w3id.org/warkg/shapes/> .",
                "ex:prefixes owl:imports sh: ;",
                f'    sh:declare [ sh:prefix "ex" ; sh:namespace "{self.namespace}"^^xsd:anyURI ]',
                "        ,",
                f'        [ sh:prefix "xsd" ; sh:namespace "{XSD}"^^xsd:anyURI ] .',
            )
        )
        return header + "\n\n" + "\n\n".join(self.shape_blocks) + "\n"


def namespace(seed: int) -> str:
    return f"http://example.org/c{seed}/"


def _repeats(parts: list[str], part: str) -> bool:
    """Whether `part` gives a parameter one of `parts` already gives: a shape with two
    sh:minCount is badly written, not a case for comparing verdicts."""
    return part.split()[0] in {existing.split()[0] for existing in parts}


def generate(seed: int) -> Case:
    """The case of `seed`: the same seed gives the same case on every machine."""
    builder = _Builder(seed)
    data = builder.data()
    shapes = builder.shapes()
    return Case(seed=seed, shapes=shapes, data=data)
