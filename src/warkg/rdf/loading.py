"""Turtle files in, rdflib graphs out, with errors that point at a file, line and column.

N-Triples (`.nt`) and N-Quads (`.nq`, what `warkg build` writes for several articles) are
read by pyoxigraph alone; an N-Quads file gives the union of its graphs (each article's
graph names its triples, and the tools work on them together).

Each file is read once and parsed twice: first by pyoxigraph, a strict RDF 1.1 parser
whose errors carry an exact line and column (and which rejects relative IRIs, so a
file cannot silently resolve them against wherever it happens to sit), then by rdflib
into the graph. Only Turtle is parsed: never RDF/XML (its parser can be made to hang)
and nothing that could fetch a remote context.

What SHACL validates is loaded differently (`load_files(..., as_written=True)`): its
literals must stay as the files write them, since rdflib's parser otherwise
canonicalises them (`"060"^^xsd:integer` becomes `"60"`, `"1"^^xsd:boolean` becomes
`"true"`) and sh:in, sh:equals and sh:hasValue compare terms as written. pyoxigraph's
parser keeps them, and is much faster than rdflib's, so such a file is parsed once,
by pyoxigraph, and its triples are turned into rdflib terms (`_as_written`). pyoxigraph
lower-cases language tags; a file that may hold a tag with a capital letter
(`_OXIGRAPH_DIFFERS`) is parsed by rdflib instead, with rdflib's literal normalisation off
for that parse only. Either way `"a"^^xsd:string` becomes the simple literal `"a"`, which
RDF 1.1 makes the same term (rdflib keeps them apart, so sh:in ("a") missed the first),
and an integer of more than the 4,300 digits Python converts by default is read exactly,
up to `LONGEST_INTEGER` digits (longer ones are refused, naming the file: the conversion
takes time quadratic in the length).
`tests/validation/test_validation_guards.py::test_literals_as_written_parse_to_rdflib_s_own_graph`
checks both ways give the same graph.
"""

from __future__ import annotations

import re
import sys
import threading
import unicodedata
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from weakref import WeakKeyDictionary

import pyoxigraph
import rdflib
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import XSD

from warkg import paths
from warkg.errors import InputError
from warkg.rdf.namespaces import bind_prefixes

# pyoxigraph: "Parser error at line 4 between columns 1 and 5: A dot is expected ..."
_OXIGRAPH_PREFIX = re.compile(r"^Parser error (?:at|between) [^:]*:\s*")
# Which files each graph made by load_files was read from (dropped with the graph).
_SOURCES: WeakKeyDictionary[Graph, tuple[Path, ...]] = WeakKeyDictionary()
# A language tag with a capital letter: where pyoxigraph's graph would not be rdflib's.
_OXIGRAPH_DIFFERS = re.compile(rb"[\"']@[A-Za-z0-9-]*[A-Z]")
_NORMALISATION = threading.Lock()
_DIGITS = threading.RLock()
LONGEST_INTEGER = 100_000
"""The most digits an integer literal may have in data warkg validates."""
_INTEGER_TYPES = frozenset(
    str(XSD[name])
    for name in [
        "integer",
        "nonPositiveInteger",
        "negativeInteger",
        "long",
        "int",
        "short",
        "byte",
        "nonNegativeInteger",
        "unsignedLong",
        "unsignedInt",
        "unsignedShort",
        "unsignedByte",
        "positiveInteger",
    ]
)
_LINE_FORMATS = {".nt": pyoxigraph.RdfFormat.N_TRIPLES, ".nq": pyoxigraph.RdfFormat.N_QUADS}


def new_graph() -> Graph:
    """An empty graph with only rdflib's core prefixes and ours bound, so serialisations
    do not depend on which of rdflib's many optional prefixes a term happens to match."""
    return bind_prefixes(Graph(bind_namespaces="core"))


def read_turtle(path: str | Path) -> tuple[bytes, str]:
    """The file's bytes and UTF-8 text; InputError if it is missing or not UTF-8."""
    path = Path(path)
    name = paths.display_path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise InputError(f"{name}: no such file") from None
    except IsADirectoryError:
        raise InputError(f"{name}: is a directory, not a Turtle file") from None
    except OSError as error:
        raise InputError(f"{name}: cannot read: {error.strerror}") from None
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        line_start = data.rfind(b"\n", 0, error.start) + 1
        column = len(data[line_start : error.start].decode("utf-8", "replace")) + 1
        raise InputError.at(name, line, column, "not UTF-8") from None


_BOM = b"\xef\xbb\xbf"
_INVISIBLE = {"Cc", "Cf", "Co", "Cn", "Zl", "Zp", "Zs"}


def visible(text: str) -> str:
    """`text` with each invisible character named, so an error about one can be read:
    a byte-order mark becomes `U+FEFF (byte-order mark)`, a no-break space
    `U+00A0 (NO-BREAK SPACE)`. Plain spaces stay."""

    def name(char: str) -> str:
        if char == " " or unicodedata.category(char) not in _INVISIBLE:
            return char
        label = "byte-order mark" if char == "\ufeff" else unicodedata.name(char, "unnamed")
        return f"U+{ord(char):04X} ({label})"

    return "".join(name(char) for char in text)


def check_syntax(data: bytes, name: str) -> None:
    """Raise InputError at the first syntax error pyoxigraph finds in Turtle `data`."""
    _refuse_bom(data, name)
    try:
        for _ in pyoxigraph.parse(input=data, format=pyoxigraph.RdfFormat.TURTLE):
            pass
    except SyntaxError as error:
        raise _oxigraph_error(error, name) from None


def _refuse_bom(data: bytes, name: str) -> None:
    if data.startswith(_BOM):
        raise InputError.at(
            name,
            1,
            1,
            "bad syntax: the file starts with a U+FEFF byte-order mark, which Turtle does "
            "not allow; save it as UTF-8 without a BOM",
        )


def _oxigraph_error(error: SyntaxError, name: str) -> InputError:
    """pyoxigraph's syntax error as one line at its position, invisible characters named."""
    reason = visible(_OXIGRAPH_PREFIX.sub("", error.msg or str(error)))
    return InputError.at(name, error.lineno or 1, error.offset or 1, f"bad syntax: {reason}")


def _rdflib_error(error: Exception, name: str) -> InputError:
    """Locate an rdflib BadSyntax (0-based `lines`, byte offset `_i`) as line:column.

    Only reached for Turtle pyoxigraph accepted, in practice RDF 1.2 syntax (triple
    terms, VERSION) that rdflib cannot read, so the reason says which parser balked."""
    text: bytes | None = getattr(error, "_str", None)
    offset: int | None = getattr(error, "_i", None)
    reason = "rdflib: " + visible(str(error.args[4] if len(error.args) > 4 else error))
    if not isinstance(text, bytes) or offset is None:
        return InputError(f"{name}: bad syntax: {reason}")
    line = text.count(b"\n", 0, offset) + 1
    line_start = text.rfind(b"\n", 0, offset) + 1
    column = len(text[line_start:offset].decode("utf-8", "replace")) + 1
    return InputError.at(name, line, column, f"bad syntax: {reason}")


def parse_turtle(graph: Graph, data: bytes, text: str, name: str) -> Graph:
    """Parse Turtle already read from file `name` (as bytes and text) into `graph`,
    pyoxigraph first, then rdflib; InputError at `name:line:column` if either balks."""
    check_syntax(data, name)
    try:
        graph.parse(data=text, format="turtle")
    except SyntaxError as error:  # rdflib's BadSyntax subclasses SyntaxError
        raise _rdflib_error(error, name) from None
    except Exception as error:  # rdflib raises assorted types on odd input
        raise InputError(f"{name}: cannot parse: {error}") from None
    return graph


def line_format(path: str | Path) -> pyoxigraph.RdfFormat | None:
    """N-Triples or N-Quads by the file's suffix; None for Turtle."""
    return _LINE_FORMATS.get(Path(path).suffix.lower())


def parse_into(graph: Graph, path: str | Path, *, as_written: bool = False) -> Graph:
    """Parse one Turtle (or N-Triples, N-Quads) file into `graph`; InputError (never a
    parser traceback) if bad. `as_written` keeps literals as the file writes them (module
    docstring)."""
    data, text = read_turtle(path)
    name = paths.display_path(path)
    fmt = line_format(path)
    if fmt is not None:
        try:
            return _as_written(graph, data, name, fmt, keep=as_written)
        except _Rdf12:
            raise InputError(f"{name}: an RDF 1.2 term, which rdflib cannot hold") from None
    if not as_written:
        return parse_turtle(graph, data, text, name)
    if not _OXIGRAPH_DIFFERS.search(data):
        try:
            return _as_written(graph, data, name)
        except _Rdf12:
            pass  # rdflib reports where, as it does for any file
    parsed = Graph(bind_namespaces="none")
    with literals_as_written(), long_integers(LONGEST_INTEGER):
        parse_turtle(parsed, data, text, name)
    for prefix, namespace in parsed.namespaces():
        graph.bind(prefix, namespace, override=False)
    graph.addN((s, p, _simple(o, name), graph) for s, p, o in parsed)
    return graph


@contextmanager
def literals_as_written() -> Iterator[None]:
    """rdflib's literal normalisation off while the block runs (rdflib reads the switch
    when it makes each Literal); a lock, since the switch is global."""
    with _NORMALISATION:
        saved, rdflib.NORMALIZE_LITERALS = rdflib.NORMALIZE_LITERALS, False
        try:
            yield
        finally:
            rdflib.NORMALIZE_LITERALS = saved


class _Rdf12(Exception):
    """An RDF 1.2 term (triple term, directional literal), which rdflib cannot hold."""


def _as_written(
    graph: Graph,
    data: bytes,
    name: str,
    fmt: pyoxigraph.RdfFormat = pyoxigraph.RdfFormat.TURTLE,
    *,
    keep: bool = True,
) -> Graph:
    """Turtle `data` parsed by pyoxigraph into `graph` as rdflib terms: literals as
    written, each blank node label of the file a new rdflib blank node (as rdflib's
    parser makes them, so two files' `_:b` stay apart), the file's prefixes bound.
    `_Rdf12`, with `graph` unchanged, for a term rdflib cannot hold."""
    iris: dict[str, URIRef] = {}
    blanks: dict[str, BNode] = {}
    literals: dict[pyoxigraph.Literal, Literal] = {}

    def term(node: object) -> URIRef | BNode | Literal:
        if isinstance(node, pyoxigraph.NamedNode):
            iri = iris.get(node.value)
            if iri is None:
                iri = iris[node.value] = URIRef(node.value)
            return iri
        if isinstance(node, pyoxigraph.BlankNode):
            blank = blanks.get(node.value)
            if blank is None:
                blank = blanks[node.value] = BNode()
            return blank
        if isinstance(node, pyoxigraph.Literal):
            known = literals.get(node)
            if known is None:
                known = literals[node] = literal(node)
            return known
        raise _Rdf12

    def literal(node: pyoxigraph.Literal) -> Literal:
        try:
            return _literal(node, keep)
        except _TooLong as error:
            raise InputError(f"{name}: {error}") from None

    _refuse_bom(data, name)
    parser = pyoxigraph.parse(input=data, format=fmt)
    try:
        triples = [(term(q.subject), term(q.predicate), term(q.object), graph) for q in parser]
    except SyntaxError as error:
        raise _oxigraph_error(error, name) from None
    for prefix, namespace in parser.prefixes.items():
        graph.bind(prefix, namespace, override=False)
    graph.addN(triples)
    return graph


def _literal(node: pyoxigraph.Literal, keep: bool = True) -> Literal:
    """As written (`keep`), or canonicalised as rdflib's own parser would."""
    if getattr(node, "direction", None):
        raise _Rdf12
    if node.language:
        return Literal(node.value, lang=node.language)
    datatype = node.datatype.value
    if datatype == XSD_STRING:
        return Literal(node.value)
    normalize = False if keep else None
    if datatype in _INTEGER_TYPES and len(node.value) > _DEFAULT_DIGITS:
        digits = len(node.value.strip(" \t\r\n").lstrip("+-"))
        if digits > LONGEST_INTEGER:
            raise _TooLong(
                f"an integer literal of {digits:,} digits ({node.value.strip()[:10]}...) is "
                f"longer than warkg reads ({LONGEST_INTEGER:,} digits)"
            )
        with long_integers(digits):
            return Literal(node.value, datatype=URIRef(datatype), normalize=normalize)
    return Literal(node.value, datatype=URIRef(datatype), normalize=normalize)


XSD_STRING = str(XSD.string)
_DEFAULT_DIGITS = 4_300  # sys.int_info.default_max_str_digits


class _TooLong(Exception):
    """An integer literal longer than LONGEST_INTEGER digits."""


def _simple(term: object, name: str) -> object:
    """A literal as validation holds it: xsd:string as a simple literal; an integer
    too long for Python's default conversion made again with the limit raised."""
    if not isinstance(term, Literal):
        return term
    if term.datatype == XSD.string:
        return Literal(str(term))
    if str(term.datatype) in _INTEGER_TYPES and len(term) > _DEFAULT_DIGITS:
        try:
            datatype = pyoxigraph.NamedNode(str(term.datatype))
            return _literal(pyoxigraph.Literal(str(term), datatype=datatype))
        except _TooLong as error:
            raise InputError(f"{name}: {error}") from None
    return term


@contextmanager
def long_integers(digits: int = LONGEST_INTEGER) -> Iterator[None]:
    """Python's limit on converting integers to and from strings raised to `digits` while
    the block runs (the limit is global, hence the lock): for the integers longer than
    Python's default that validation holds (pySHACL and rdflib convert them again)."""
    with _DIGITS:
        saved = sys.get_int_max_str_digits()
        if saved and saved < digits:
            sys.set_int_max_str_digits(digits)
        try:
            yield
        finally:
            sys.set_int_max_str_digits(saved)


def expand(sources: Iterable[str | Path]) -> list[Path]:
    """Files as given and each directory's `*.ttl` files, in order; InputError for a
    missing path or a directory holding no Turtle (so a bad path never loads nothing)."""
    files: list[Path] = []
    for source in sources:
        path = Path(source)
        if path.is_dir():
            found = paths.turtle_files(path)
            if not found:
                raise InputError(f"{paths.display_path(path)}: no .ttl files in this directory")
            files.extend(found)
        elif path.exists():
            files.append(path)
        else:
            raise InputError(f"{paths.display_path(path)}: no such file")
    return files


def load_files(sources: Iterable[str | Path], *, as_written: bool = False) -> Graph:
    """One graph from Turtle files and directories of them, with our prefixes bound;
    `as_written` keeps literals as the files write them, for SHACL (module docstring)."""
    graph = new_graph()
    files = expand(sources)
    for path in files:
        parse_into(graph, path, as_written=as_written)
    _SOURCES[graph] = tuple(files)
    return bind_prefixes(graph)  # files may rebind a prefix; ours win


def source_files(graph: Graph) -> tuple[Path, ...]:
    """The files `load_files` read into `graph` (none for a graph it did not make), so
    that an error found later in the graph as a whole, such as SHACL shapes pySHACL
    cannot use, can still name the files it came from."""
    return _SOURCES.get(graph, ())


def _load_dir(directory: Path) -> Graph:
    return load_files([directory])


def load_ontology() -> Graph:
    """The shipped ontology (ontology/*.ttl)."""
    return _load_dir(paths.ontology_dir())


def load_data() -> Graph:
    """The shipped data alone (triples/*.ttl), without the ontology; `load_graph()`
    gives what the command line and the server query."""
    return _load_dir(paths.triples_dir())


def load_shapes() -> Graph:
    """The shipped SHACL shapes (shapes/*.ttl)."""
    return _load_dir(paths.shapes_dir())


def shipped_files() -> list[Path]:
    """The ontology and triples files every backend loads, in order."""
    return paths.ontology_files() + paths.triples_files()


def shipped_graph() -> Graph:
    """The shipped ontology and triples in one rdflib graph."""
    return load_files([paths.ontology_dir(), paths.triples_dir()])


def load_graph(*data: str | Path) -> Graph:
    """The graph `warkg query` and `warkg serve` answer from, as an rdflib Graph: the
    shipped ontology with the shipped triples, or with the Turtle files and folders in
    `data` (as `--data` does). InputError, naming file, line and column, for bad Turtle.

        >>> import warkg
        >>> len(warkg.load_graph()) > 4000
        True
    """
    if not data:
        return shipped_graph()
    return load_files([paths.ontology_dir(), *data])
