"""`warkg query NAME` on the shipped data with pyoxigraph, without importing rdflib.

Importing rdflib costs more CPU than everything else such a command does (loading the
Turtle into pyoxigraph and running the query included). The command line's default
(the oxigraph engine on the shipped ontology and triples, no reasoning) needs none of
it for a shipped query that was checked when queries/index.json was written: the query
runs as `warkg.engines.oxigraph.OxigraphBackend` runs it, and the rows keep
pyoxigraph's own terms wherever they are written exactly as the reference's rdflib
terms are (`warkg.rdf.conversion.from_oxigraph`), which `warkg.results` formats alike.

Which terms those are is tested (tests/catalogue/test_quick_query.py, on a corpus of
hostile lexical forms and on every stored query in every format): IRIs, blank nodes,
simple and language-tagged literals, and integers, booleans, dates, years and two- or
three-letter xsd:language codes in the canonical form Oxigraph returns for valid ones.
Any other term (another datatype, an ill-typed or non-canonical value) is converted by
the reference, importing rdflib for it. Anything else that does not go as planned (a
file that will not load, an error from the engine, a query not in the index) returns
None, and the command takes the reference path, which reports it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

import pyoxigraph

from warkg import paths
from warkg.rdf.prefixes import PREFIXES, used_in
from warkg.sparql import proven

if TYPE_CHECKING:
    from warkg.catalogue.stored import StoredQuery
    from warkg.results.model import Result

_XSD = PREFIXES["xsd"]
_XSD_INTEGER = pyoxigraph.NamedNode(_XSD + "integer")
_INTEGERS = frozenset(
    _XSD + name
    for name in (
        *("integer", "nonNegativeInteger", "positiveInteger", "nonPositiveInteger"),
        *("negativeInteger", "long", "int", "short", "byte"),
        *("unsignedLong", "unsignedInt", "unsignedShort", "unsignedByte"),
    )
)
# Lexical forms written alike by both (anything else goes to the reference).
_CANONICAL = {
    _XSD + "string": None,  # any text
    _XSD + "date": re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"),
    _XSD + "gYear": re.compile(r"^[0-9]{4}$"),
    _XSD + "language": re.compile(r"^[a-z]{2,3}$"),
    _XSD + "boolean": re.compile(r"^(?:true|false)$"),
}
_INTEGER = re.compile(r"^-?(?:0|[1-9][0-9]*)$")


def light(term: Any) -> Any:
    """`term` (from pyoxigraph) as `rdf.conversion.from_oxigraph` reports it: the pyoxigraph
    term where it is written the same, else the reference's rdflib term."""
    if term is None or isinstance(term, pyoxigraph.NamedNode | pyoxigraph.BlankNode):
        return term
    if isinstance(term, pyoxigraph.Literal):
        if term.language:
            return term
        datatype = term.datatype.value
        if datatype in _INTEGERS and _INTEGER.match(term.value):
            if datatype == _XSD_INTEGER.value:
                return term
            return pyoxigraph.Literal(term.value, datatype=_XSD_INTEGER)
        if datatype in _CANONICAL:
            pattern = _CANONICAL[datatype]
            if pattern is None or pattern.match(term.value):
                return term
    from warkg.rdf.conversion import from_oxigraph  # imports rdflib: only for such a term

    return from_oxigraph(term)


def applies(
    backend: str | None,
    endpoint: str | None,
    data_paths: tuple[Any, ...],
    reason: bool,
    reasoner: str | None,
    default_backend: str,
) -> bool:
    """Whether the command's options ask for exactly what `run` does: the embedded
    oxigraph backend on the shipped data, without reasoning."""
    chosen = backend or ("remote" if endpoint else default_backend)
    return chosen == "oxigraph" and not endpoint and not data_paths and not reason and not reasoner


def shipped_store() -> pyoxigraph.Store | None:
    """The shipped ontology and triples in a pyoxigraph Store; None if a file will not
    load (the reference path then reports it)."""
    store = pyoxigraph.Store()
    for path in paths.ontology_files() + paths.triples_files():
        try:
            store.load(path.read_bytes(), pyoxigraph.RdfFormat.TURTLE)
        except (OSError, SyntaxError, ValueError):
            return None  # the reference path reports it, with its file, line and column
    return store


def run(
    query: StoredQuery, bound: Mapping[str, Any], store: pyoxigraph.Store | None = None
) -> Result | None:
    """The rows `querying.execute` gives for `query` on the oxigraph backend holding the
    shipped data, its parameters `bound` as pyoxigraph terms
    (`stored_queries.bind_oxigraph`), or None if this path cannot give them (see the
    module docstring). `store`: the shipped data already loaded (`shipped_store`)."""
    checked = proven.checked(query.text)
    if checked is None:
        return None
    substitutions = {pyoxigraph.Variable(k): v for k, v in bound.items()} or None
    store = store or shipped_store()
    if store is None:
        return None
    try:
        prefixes = used_in(checked.text) or None
        solutions = store.query(checked.text, prefixes=prefixes, substitutions=substitutions)
        rows = [{v: light(solution[v]) for v in checked.variables} for solution in solutions]
    except (OSError, RuntimeError, SyntaxError, ValueError):
        return None
    from warkg.results.model import Result, normalise_lists

    result = Result(checked.variables, rows)
    return normalise_lists(result, query.list_columns, empty=pyoxigraph.Literal(""))
