"""Where a node is written in the Turtle files: the file and line, which rdflib forgets.

A SHACL report names a focus node but not where it is described, and people and CI
annotations need `triples/war.ttl:42`. Neither rdflib nor pyoxigraph keeps source
positions, so this module reads the Turtle again with a small parser of its own (over
`turtle_tokens`) that records, for every triple, the line of its subject, predicate and
object. It follows the current subject across `;` and `,`, and knows prefixed names, full and
relative IRIs, all four string quotings (triple-quoted ones may span lines), comments,
numbers, `[ ]` blank nodes, labelled blank nodes and `( )` collections.

It only sees files that pyoxigraph and rdflib have already accepted, so it aims at
exact positions for valid Turtle, not at error messages: on anything it cannot follow
it keeps what it has read so far and gives up on the rest of that file, so a location
may be missing but validation never fails because of this module.

A node is placed at the first triple having it as subject; a node that is never a
subject (a literal, a term only used as an object or predicate, a `[ ]` blank node)
at the first triple where it is the object, then where it is the predicate. Blank
nodes have no names that survive parsing, so they are matched by the triple that
points at them (`claim:x warkg:population [ ... ]`), else by their own ground triples.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

from rdflib import RDF, XSD, BNode, Graph, Literal, URIRef
from rdflib.term import Node

from warkg.rdf.turtle_tokens import ESCAPE, LOCAL_ESCAPE, GiveUp, Token, tokenize, unescape


@dataclass(frozen=True, order=True)
class Location:
    """A 1-based line in a file (the path as it was given to the index)."""

    path: Path
    line: int


@dataclass(frozen=True)
class _Blank:
    """A blank node as written in one file: `_:label` or the n-th `[`/`(` in it."""

    file: int
    name: str


_Term = URIRef | Literal | _Blank


class _Parser:
    """Recursive descent over the Turtle grammar, reporting each triple to the index."""

    def __init__(self, text: str, file: int, path: Path, index: LocationIndex) -> None:
        self.tokens: list[Token] = []
        self.complete = True  # False if the tokenizer stopped before the end
        try:
            self.tokens.extend(tokenize(text))
        except GiveUp:
            self.complete = False
        self.position = 0
        self.file = file
        self.path = path
        self.index = index
        self.prefixes: dict[str, str] = {}
        self.base = ""
        self.blanks = 0

    # -- tokens ---------------------------------------------------------------------

    def peek(self) -> Token | None:
        return self.tokens[self.position] if self.position < len(self.tokens) else None

    def next(self) -> Token:
        token = self.peek()
        if token is None:
            raise GiveUp("unexpected end of file")
        self.position += 1
        return token

    def expect(self, text: str) -> Token:
        token = self.next()
        if token.text != text:
            raise GiveUp(f"line {token.line}: expected {text!r}, found {token.text!r}")
        return token

    def at(self, text: str) -> bool:
        token = self.peek()
        return token is not None and token.kind == "punct" and token.text == text

    def where(self, token: Token) -> Location:
        return Location(self.path, token.line)

    # -- statements -----------------------------------------------------------------

    def parse(self) -> None:
        while self.peek() is not None:
            self.statement()

    def statement(self) -> None:
        token = self.next()
        if token.kind == "at" and token.text in ("@prefix", "@base"):
            self.directive(token.text[1:])
            self.expect(".")
        elif token.kind == "word" and token.text.lower() in ("prefix", "base"):
            self.directive(token.text.lower())
        else:
            self.triples(token)
            self.expect(".")

    def directive(self, name: str) -> None:
        if name == "prefix":
            prefix = self.next()
            if prefix.kind != "pname" or not prefix.text.endswith(":"):
                raise GiveUp(f"line {prefix.line}: expected a prefix, found {prefix.text!r}")
            self.prefixes[prefix.text[:-1]] = str(self.iri(self.next()))
        else:
            self.base = str(self.iri(self.next()))

    def triples(self, token: Token) -> None:
        if token.kind == "punct" and token.text == "[":
            subject = self.blank_property_list(token)
            if not self.at("."):
                self.predicate_object_list(subject)
            return
        if token.kind in ("iri", "pname"):
            subject: _Term = self.iri(token)
        elif token.kind == "blank":
            subject = _Blank(self.file, token.text)
        elif token.kind == "punct" and token.text == "(":
            subject = self.collection()
        else:
            raise GiveUp(f"line {token.line}: unexpected {token.text!r} as a subject")
        self.index._add_subject(subject, self.where(token))
        self.predicate_object_list(subject)

    def predicate_object_list(self, subject: _Term) -> None:
        self.predicate_objects(subject)
        while self.at(";"):
            while self.at(";"):
                self.next()
            if self.at(".") or self.at("]") or self.peek() is None:
                return
            self.predicate_objects(subject)

    def predicate_objects(self, subject: _Term) -> None:
        token = self.next()
        if token.kind == "word" and token.text == "a":
            predicate = URIRef(RDF.type)
        elif token.kind in ("iri", "pname"):
            predicate = self.iri(token)
        else:
            raise GiveUp(f"line {token.line}: unexpected {token.text!r} as a predicate")
        self.index._add_predicate(predicate, self.where(token))
        self.object(subject, predicate)
        while self.at(","):
            self.next()
            self.object(subject, predicate)

    def object(self, subject: _Term, predicate: URIRef) -> None:
        token = self.next()
        if token.kind == "punct" and token.text == "[":
            value: _Term = self.blank_property_list(token)
        else:
            value = self.term(token)
        self.index._add_triple(subject, predicate, value, self.where(token))

    def term(self, token: Token) -> _Term:
        """A one-token object (or a collection): IRI, blank node, literal, number."""
        if token.kind in ("iri", "pname"):
            return self.iri(token)
        if token.kind == "blank":
            return _Blank(self.file, token.text)
        if token.kind == "string":
            return self.literal(token)
        if token.kind == "number":
            text = token.text
            if "e" in text or "E" in text:
                return Literal(text, datatype=XSD.double, normalize=False)
            datatype = XSD.decimal if "." in text else XSD.integer
            return Literal(text, datatype=datatype, normalize=False)
        if token.kind == "word" and token.text in ("true", "false"):
            return Literal(token.text, datatype=XSD.boolean, normalize=False)
        if token.kind == "punct" and token.text == "(":
            return self.collection()
        raise GiveUp(f"line {token.line}: unexpected {token.text!r}")

    def literal(self, token: Token) -> Literal:
        quote = 3 if token.text[:3] in ('"""', "'''") else 1
        lexical = unescape(token.text[quote:-quote])
        following = self.peek()
        if following is not None and following.kind == "at":
            self.next()
            return Literal(lexical, lang=following.text[1:])
        if following is not None and following.kind == "datatype":
            self.next()
            datatype = self.iri(self.next())
            if datatype == XSD.string:  # the same term as a simple literal (RDF 1.1)
                return Literal(lexical)
            return Literal(lexical, datatype=datatype, normalize=False)
        return Literal(lexical)

    def iri(self, token: Token) -> URIRef:
        if token.kind == "iri":
            text = ESCAPE.sub(lambda m: chr(int(m.group()[2:], 16)), token.text[1:-1])
            return URIRef(urljoin(self.base, text) if self.base else text)
        if token.kind == "pname":
            prefix, _, local = token.text.partition(":")
            if prefix not in self.prefixes:
                raise GiveUp(f"line {token.line}: undeclared prefix {prefix!r}")
            return URIRef(self.prefixes[prefix] + LOCAL_ESCAPE.sub(r"\1", local))
        raise GiveUp(f"line {token.line}: expected an IRI, found {token.text!r}")

    def new_blank(self) -> _Blank:
        self.blanks += 1
        return _Blank(self.file, f"[{self.blanks}]")

    def blank_property_list(self, opening: Token) -> _Blank:
        """`[ p o ; ... ]`, its opening `[` already read; placed on the line of `[`."""
        blank = self.new_blank()
        self.index._add_subject(blank, self.where(opening))
        if not self.at("]"):
            self.predicate_object_list(blank)
        self.expect("]")
        return blank

    def collection(self) -> _Term:
        """`( a b )`, its `(` already read, as rdf:first/rdf:rest cells, each placed on
        its element's line; `()` is rdf:nil."""
        cells: list[tuple[_Blank, Location]] = []
        while not self.at(")"):
            token = self.peek()
            if token is None:
                raise GiveUp("unexpected end of file in a collection")
            cell = self.new_blank()
            self.index._add_subject(cell, self.where(token))
            if cells:
                self.index._add_triple(cells[-1][0], URIRef(RDF.rest), cell, cells[-1][1])
            self.object(cell, URIRef(RDF.first))
            cells.append((cell, self.where(token)))
        closing = self.expect(")")
        if not cells:
            return URIRef(RDF.nil)
        self.index._add_triple(cells[-1][0], URIRef(RDF.rest), URIRef(RDF.nil), self.where(closing))
        return cells[0][0]


def _forms(term: _Term) -> tuple[_Term, ...]:
    """A literal as the file writes it (what validation loads) and as rdflib's parser
    makes it by default (`"2e3"^^xsd:double` as `"2000.0"`, `"a"^^xsd:string` kept
    typed), so a graph loaded either way finds it; any other term as it is."""
    if not isinstance(term, Literal) or term.language is not None:
        return (term,)
    lexical = str(term)
    datatype = term.datatype
    if datatype is None:
        return (term,)
    forms = [term, Literal(lexical, datatype=datatype)]
    return tuple(dict.fromkeys(forms))


class LocationIndex:
    """First lines of every subject, object and predicate in a set of Turtle files.

    Files are indexed in the order given and the first occurrence wins, so index the
    data before the ontology: a node described in both is placed in the data."""

    def __init__(self, wanted: Iterable[Node] = ()) -> None:
        self._wanted = frozenset(term for term in wanted if not isinstance(term, BNode))
        self._triples: dict[tuple[_Term, URIRef, _Term], Location] = {}
        self._properties: dict[tuple[_Term, URIRef], Location] = {}
        self._subjects: dict[_Term, Location] = {}
        self._objects: dict[_Term, Location] = {}
        self._predicates: dict[URIRef, Location] = {}
        self._children: dict[tuple[_Term, URIRef], list[_Blank]] = {}
        self._child_blanks: set[_Blank] = set()
        self._ground: dict[_Blank, set[tuple[URIRef, _Term]]] = {}
        self._files = 0
        self.incomplete: list[Path] = []
        """Files the parser gave up on part-way: their later nodes have no location."""

    @classmethod
    def from_files(cls, files: Iterable[Path], wanted: Iterable[Node] = ()) -> LocationIndex:
        """An index of `files`, read as UTF-8 (callers have parsed them already). The
        line of each triple is kept only for triples with a `wanted` IRI or literal as
        subject or object (`locate_triple`): all of them would cost the memory of a
        second copy of a large graph."""
        index = cls(wanted)
        for path in files:
            index.add_file(Path(path), Path(path).read_text(encoding="utf-8"))
        return index

    def add_file(self, path: Path, text: str) -> None:
        """Index the Turtle `text`, read from `path` (which only names it)."""
        self._files += 1
        parser = _Parser(text, self._files, path, self)
        try:
            parser.parse()
        except GiveUp:
            parser.complete = False
        if not parser.complete:
            self.incomplete.append(path)

    # -- building ---------------------------------------------------------------------

    def _add_subject(self, subject: _Term, where: Location) -> None:
        self._subjects.setdefault(subject, where)
        if isinstance(subject, _Blank):
            self._ground.setdefault(subject, set())

    def _add_predicate(self, predicate: URIRef, where: Location) -> None:
        self._predicates.setdefault(predicate, where)

    def _add_triple(self, subject: _Term, predicate: URIRef, value: _Term, where: Location) -> None:
        for form in _forms(value):  # as written, and as rdflib's own parser makes it
            self._objects.setdefault(form, where)
            if subject in self._wanted or form in self._wanted:
                self._triples.setdefault((subject, predicate, form), where)
                self._properties.setdefault((subject, predicate), where)
        if isinstance(value, _Blank):
            children = self._children.setdefault((subject, predicate), [])
            if value not in children:
                children.append(value)
            self._child_blanks.add(value)
        elif isinstance(subject, _Blank):
            self._ground.setdefault(subject, set()).add((predicate, value))

    # -- lookup -----------------------------------------------------------------------

    def locate(self, node: Node, graph: Graph | None = None) -> Location | None:
        """Where `node` is described, None if it is written nowhere in the files.

        An IRI: its first line as a subject, else as an object, else as a predicate.
        A literal: its first line as an object. A blank node needs the `graph` it came
        from (its name there is not the one in the file): the line where it is an
        object, else where it is a subject."""
        if isinstance(node, BNode):
            blank = None if graph is None else self._blank_for(node, graph, frozenset())
            if blank is None:
                return None
            return self._objects.get(blank) or self._subjects.get(blank)
        if isinstance(node, Literal):
            return self._objects.get(node)
        if isinstance(node, URIRef):
            return self._subjects.get(node) or self._objects.get(node) or self._predicates.get(node)
        return None

    def locate_triple(self, subject: Node, predicate: URIRef, value: Node) -> Location | None:
        """Where the triple is written (the line of its object), None if it is not, or if
        neither end was `wanted` or is an IRI or literal."""
        if isinstance(subject, BNode) or isinstance(value, BNode):
            return None
        return self._triples.get((subject, predicate, value))

    def locate_property(self, subject: Node, predicate: URIRef) -> Location | None:
        """Where the first triple of `subject` with `predicate` is written, None if none
        is (or `subject` was not `wanted`, or is a blank node)."""
        if isinstance(subject, BNode):
            return None
        return self._properties.get((subject, predicate))

    def _blank_for(self, node: BNode, graph: Graph, seen: frozenset[BNode]) -> _Blank | None:
        """The written blank node `node` most likely is: one hanging off the same parent
        by the same predicate (preferring one with the same ground triples); a blank
        node that is no one's object only by its ground triples."""
        signature = {(p, o) for p, o in graph.predicate_objects(node) if not isinstance(o, BNode)}
        parents = sorted(graph.subject_predicates(node))
        candidates: list[_Blank] = []
        for parent, predicate in parents:
            if isinstance(parent, BNode):
                if parent in seen:
                    continue
                written: _Term | None = self._blank_for(parent, graph, seen | {node})
            else:
                written = parent
            if written is not None:
                candidates.extend(self._children.get((written, predicate), []))
        if not parents:
            candidates = [b for b in self._ground if b not in self._child_blanks]
        matching = [b for b in candidates if self._ground.get(b) == signature]
        if matching:
            return matching[0]
        return candidates[0] if parents and candidates else None
