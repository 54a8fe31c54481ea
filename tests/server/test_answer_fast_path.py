"""The endpoint's fast path for a SELECT answered in SPARQL JSON (`SparqlJob` with
`Solutions` and `answers.write_json_solutions`: rows written straight from pyoxigraph's
terms) gives the same reply, byte for byte, as the reference path it replaced (every
row made a `Result` of rdflib terms, then written by `write_result`), and the same
refusals in the same order: on a seeded generator of queries over hostile and unusual
terms (long literals, language tags, blank nodes, control characters and other
Unicode, ill-typed and non-canonical literals, integer subtypes, rows over the limit,
unbound variables, every query form and every result format, errors of every kind).

The reference is the job and the engine's answer as they were written before the fast
path (`ReferenceJob`, `reference_answer`: all 29 prefixes handed to pyoxigraph too), run
through the same `worker.handle`, so a 500 or a one-line refusal compares too.
"""

from __future__ import annotations

import random
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pyoxigraph
import pytest

from warkg.engines.base import Answer, TooLarge, within
from warkg.engines.oxigraph import OxigraphBackend
from warkg.errors import InputError
from warkg.rdf.conversion import from_oxigraph
from warkg.rdf.prefixes import PREFIXES
from warkg.results.model import Result
from warkg.server import answers
from warkg.server.http import media
from warkg.server.http.errors import HttpError
from warkg.server.http.negotiation import negotiate
from warkg.server.workers import direct, worker
from warkg.server.workers.direct import DirectJson
from warkg.server.workers.engine import Engine, WorkerSettings
from warkg.server.workers.jobs import (
    Reply,
    error_reply,
    refusal_status,
    server_message,
    too_many_rows,
)
from warkg.server.workers.queries import SparqlJob
from warkg.sparql import scan as sparql_scan

EX = "https://example.org/"
XSD = "http://www.w3.org/2001/XMLSchema#"
MAX_ROWS = 120


def reference_answer(engine: Engine, text: str) -> Answer:
    """The oxigraph engine's answer as it was written before the fast path (its
    `_answer`, word for word but for the names): SELECT rows made one by one, each
    checked against the row limit, then converted by `from_oxigraph`."""
    backend = engine.backend
    assert isinstance(backend, OxigraphBackend)
    prepared = backend.check(text, "query", False)
    name, max_rows = "query", engine.max_rows
    try:
        answer = backend.store.query(
            prepared.text, prefixes=PREFIXES, substitutions=None, base_iri=backend.base_iri
        )
        if isinstance(answer, pyoxigraph.QueryBoolean):
            return bool(answer)
        if isinstance(answer, pyoxigraph.QueryTriples):
            triples = []
            for triple in answer:
                within(len(triples) + 1, max_rows, "triples")
                triples.append(triple)
            return triples
        found = tuple(v.value for v in answer.variables)
        variables = sparql_scan.in_order(found, prepared.variables)
        rows = []
        for solution in answer:
            within(len(rows) + 1, max_rows)
            rows.append({v: from_oxigraph(solution[v]) for v in variables})
        return Result(variables, rows)
    except SyntaxError as error:
        raise prepared.oxigraph_error(error, name) from None
    except (OSError, RuntimeError, ValueError) as error:
        raise InputError(f"{name}: pyoxigraph could not run the query: {error}") from None


@dataclass(frozen=True)
class ReferenceJob:
    """`SparqlJob.run` as it was before the fast path: every answer as the engine
    answered (`reference_answer`), SELECT rows as a Result of rdflib terms."""

    text: str
    accept: str | None
    format: str | tuple[str, ...] | None

    def run(self, engine: Engine) -> Reply:
        answer = reference_answer(engine, self.text)
        if isinstance(answer, Result):
            fmt = negotiate(media.RESULT_FORMATS, self.accept, self.format, media.TEXT_FORMATS)
            body = answers.write_result(answer, fmt)
        elif isinstance(answer, bool):
            fmt = negotiate(media.RESULT_FORMATS, self.accept, self.format)
            body = answers.write_boolean(answer, fmt)
        else:
            fmt = negotiate(media.CONSTRUCT_FORMATS, self.accept, self.format)
            body = answers.write_graph(answer, fmt)
        return Reply(200, fmt.content_type, body)


# ---- the data: terms a public endpoint meets --------------------------------------------

TEXTS = (
    "",
    "plain",
    'quote " and backslash \\ and slash /',
    "line\nfeed\r\ttab\x00nul\x01\x1f\x7f",
    "\u2028\u2029 separators, \u00e9\u00e8 accents, \u65e5\u672c, \U0001f600 emoji",
    "\ud7ff\ue000\ufffd edges",
    "x" * 5000,
    "\u00e9" * 3000 + '"',
    "a</literal><b>&amp;",
)
LANGUAGES = ("en", "EN-gb", "hy", "az-Latn", "x-private", "de-CH-1996")
LEXICAL = {
    "integer": ("0", "0012", "-5", "+7", "123456789012345678901234567890", "abc", " 1"),
    "positiveInteger": ("57", "057", "0", "-1"),
    "nonNegativeInteger": ("0", "10"),
    "int": ("2147483648", "-3"),
    "decimal": ("1.50", "-0.0", ".5", "1."),
    "double": ("1E0", "1.0e+10", "NaN", "INF", "-INF", "1e400", "x"),
    "float": ("1.5", "NaN"),
    "boolean": ("true", "1", "0", "false", "TRUE"),
    "date": ("2020-09-27", "2020-9-27", "2020-09-27Z", "2020-09-27+04:00"),
    "dateTime": ("2020-11-10T00:00:00Z", "2020-11-10T00:00:00.000+04:00", "2020-11-10"),
    "dateTimeStamp": ("2020-11-10T00:00:00Z",),
    "gYear": ("2020", "-0044", "20200"),
    "string": ("typed", ""),
    "language": ("ru", "hy-AM"),
    "anyURI": ("http://example.org/x",),
}


def _terms(rng: random.Random) -> list[pyoxigraph.NamedNode | pyoxigraph.Literal]:
    literals: list = [pyoxigraph.Literal(t) for t in TEXTS]
    literals += [pyoxigraph.Literal(t, language=lang) for t in TEXTS[:5] for lang in LANGUAGES]
    for datatype, values in LEXICAL.items():
        named = pyoxigraph.NamedNode(XSD + datatype)
        literals += [pyoxigraph.Literal(v, datatype=named) for v in values]
    literals.append(pyoxigraph.Literal("v", datatype=pyoxigraph.NamedNode(EX + "own-type")))
    iris = [pyoxigraph.NamedNode(EX + f"{i}") for i in range(8)]
    iris += [
        pyoxigraph.NamedNode(EX + "\u00e9t\u00e9/\u65e5?q=1#f"),
        pyoxigraph.NamedNode(EX + "long/" + "seg/" * 400),
        pyoxigraph.NamedNode("urn:x:y"),
        pyoxigraph.NamedNode("https://w3id.org/warkg/id/reference/57"),
    ]
    rng.shuffle(literals)
    return [*iris, *literals]


def _store(rng: random.Random) -> pyoxigraph.Store:
    store = pyoxigraph.Store()
    terms = _terms(rng)
    iris = [t for t in terms if isinstance(t, pyoxigraph.NamedNode)]
    predicates = [pyoxigraph.NamedNode(EX + f"p{i}") for i in range(3)]
    blanks = [pyoxigraph.BlankNode(f"b{i}") for i in range(4)]
    quads = []
    for index, term in enumerate(terms):
        subject = (iris + blanks)[index % (len(iris) + len(blanks))]
        quads.append(pyoxigraph.Quad(subject, predicates[index % 3], term))
    for blank in blanks:
        quads.append(pyoxigraph.Quad(iris[0], predicates[0], blank))
    store.extend(quads)
    return store


# ---- the queries and the requests ----------------------------------------------------------

SELECTS = (
    "SELECT ?s ?p ?o WHERE { ?s ?p ?o }",
    "SELECT ?o ?s WHERE { ?s ?p ?o } ORDER BY ?s ?p",
    "SELECT * WHERE { ?s ?p ?o } ORDER BY DESC(?s) ?p",
    # pyoxigraph's order of the variables is not ours: rows are read by position
    "SELECT * WHERE { ?z ?a ?m OPTIONAL { ?m ?q ?b } }",
    "SELECT * { BIND(1 AS ?z) ?s ?p ?a } ORDER BY ?a",
    "SELECT DISTINCT ?o WHERE { ?s ?p ?o }",
    "SELECT ?s ?x WHERE { ?s ?p ?o OPTIONAL { ?o ?q ?x } }",
    "SELECT ?a ?b WHERE { VALUES (?a ?b) { (1 UNDEF) (UNDEF UNDEF) ('x'@EN 2.50) } }",
    "SELECT (STR(?o) AS ?text) (LANG(?o) AS ?lang) (DATATYPE(?o) AS ?type) "
    "WHERE { ?s ?p ?o FILTER(ISLITERAL(?o)) }",
    # (not BNODE(): a new label each time, on either path)
    "SELECT (CONCAT(STR(?o), '\\u00e9\\n\"') AS ?c) ?s WHERE { ?s ?p ?o }",
    "SELECT (COUNT(*) AS ?n) (GROUP_CONCAT(STR(?p); SEPARATOR='|') AS ?all) WHERE { ?s ?p ?o }",
    "SELECT ?s (COUNT(?o) AS ?n) WHERE { ?s ?p ?o } GROUP BY ?s ORDER BY ?s",
    "SELECT (STRLANG('t', 'EN-us') AS ?t) (xsd:integer('0099') AS ?i) (1/3 AS ?q) "
    "(xsd:double('1') AS ?d) (NOW() < '2100-01-01T00:00:00Z'^^xsd:dateTime AS ?b) {}",
    "SELECT * {}",
    "SELECT ?nothing WHERE { ?s <urn:none> ?nothing }",
    "SELECT ?\u00e9t\u00e9 WHERE { BIND('\u65e5' AS ?\u00e9t\u00e9) }",
    "SELECT ?s WHERE { ?s ?p ?o } LIMIT 0",
    "SELECT ?a ?o WHERE { ?a ?p ?x . ?b ?q ?o }",  # past the row limit unless LIMITed
    "SELECT (<<( <urn:a> <urn:b> <urn:c> )>> AS ?t) {}",
    "SELECT (STRDT('x', <urn:t>) AS ?t) (IRI(CONCAT('urn:', STR(?o))) AS ?i) "
    "WHERE { ?s ?p ?o FILTER(ISLITERAL(?o) && STRLEN(STR(?o)) < 20) }",
    "PREFIX ex: <https://example.org/> SELECT ?o WHERE { ex:0 ?p ?o } OFFSET 1 LIMIT 3",
)
OTHERS = (
    "ASK { ?s ?p ?o }",
    "ASK { ?s <urn:none> ?o }",
    "CONSTRUCT WHERE { ?s ?p ?o } ",
    "DESCRIBE <https://example.org/0>",
    "SELECT ?s WHERE { ?s ?p }",  # syntax
    "SELECT ?s WHERE { ?s nosuch:p ?o }",  # unknown prefix
    "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "SELECT * WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }",
    "SELECT * FROM <http://127.0.0.1:9/x> WHERE { ?s ?p ?o }",
    "SELECT (xsd:integer(?o) + 'x' AS ?bad) WHERE { ?s ?p ?o } ORDER BY ?bad",
)
ACCEPTS = (
    None,
    "application/sparql-results+json",
    "application/json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
    "text/plain",
    "*/*",
    "text/html",  # 406 for results
    "application/sparql-results+json;q=0.5, text/csv;q=0.9",
    "text/turtle",
)
FORMATS = (None, (), ("json",), ("csv",), ("table",), ("markdown",), ("json", "xml"), "srj")


def requests(rng: random.Random, count: int) -> list[tuple[str, str | None, object]]:
    found = []
    for _ in range(count):
        text = rng.choice(SELECTS) if rng.random() < 0.75 else rng.choice(OTHERS)
        if rng.random() < 0.3:
            text += f" LIMIT {rng.choice((1, 5, MAX_ROWS, MAX_ROWS + 1, 1000))}"
        found.append((text, rng.choice(ACCEPTS), rng.choice(FORMATS)))
    return found


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    data = tmp_path_factory.mktemp("fast-path") / "hostile.nt"
    store = _store(random.Random(25))
    store.dump(
        output=str(data),
        format=pyoxigraph.RdfFormat.N_TRIPLES,
        from_graph=pyoxigraph.DefaultGraph(),
    )
    return Engine.open(WorkerSettings("oxigraph", Path(data), MAX_ROWS, 0))


def test_the_fast_path_writes_what_the_reference_writes(engine: Engine) -> None:
    seen: Counter[str] = Counter()
    for text, accept, requested in requests(random.Random(26), 1500):
        expected = worker.handle(engine, ReferenceJob(text, accept, requested))  # type: ignore[arg-type]
        for _ in range(2):  # the second time, the bindings are written already
            found = worker.handle(engine, SparqlJob(text, accept, requested))  # type: ignore[arg-type]
            assert found == expected, (text, accept, requested)
        fast = expected.content_type == media.JSON.content_type and text.startswith(
            ("SELECT", "PREFIX")
        )
        seen[f"{expected.status} fast" if fast else str(expected.status)] += 1
    # every side is reached: the fast path, other formats and forms, each kind of refusal
    assert seen["200 fast"] > 300 and seen["200"] > 300, seen
    for status in ("400", "403", "406", "422"):
        assert seen[status] > 3, seen
    assert seen["500"] == 0, seen  # an RDF 1.2 triple term is a 422 (was 500), as is too many rows


def test_bindings_too_long_to_keep_are_written_each_time(engine: Engine) -> None:
    text = "SELECT ?o WHERE { ?s ?p ?o FILTER(STRLEN(STR(?o)) > 4000) }"
    kept = len(answers.BINDINGS)
    job = SparqlJob(text, None, None)
    assert worker.handle(engine, job) == worker.handle(engine, ReferenceJob(text, None, None))
    assert all(len(b) <= answers.KEPT_LENGTH for b in answers.BINDINGS.values())
    assert len(answers.BINDINGS) == kept  # no new binding short enough to keep


# ---- the direct path: the common job in one function (`worker.answer`, `DirectJson`) ------


def reference_handle(engine: Engine, job: object) -> Reply:
    """`worker.handle` as it was before the direct path, word for word."""
    try:
        return job.run(engine)  # type: ignore[attr-defined]
    except HttpError as error:
        return error_reply(error.status, error.message, error.headers)
    except TooLarge as error:
        return error_reply(422, too_many_rows(error))
    except InputError as error:
        return error_reply(refusal_status(error), server_message(error))
    except MemoryError:
        return error_reply(*worker.OUT_OF_MEMORY)
    except Exception as error:
        return error_reply(500, f"internal error: {type(error).__name__}: {error}")


LONG_ACCEPT = "application/sparql-results+json, " + "text/x-nothing;q=0.1, " * 60
"""Longer than negotiation keeps a verdict for."""


def _unspooled(reply: Reply | bytes) -> tuple:
    """A reply with a spooled body read back (the file's name is new each time); a
    direct answer's body as the reply the channel sends for it."""
    if isinstance(reply, bytes):
        reply = Reply(200, media.JSON.content_type, reply)
    if reply.spool is None:
        return (reply.status, reply.content_type, reply.body, dict(reply.headers), None)
    body = reply.spool.read_bytes()
    reply.spool.unlink()
    return (reply.status, reply.content_type, reply.body, dict(reply.headers), body)


def test_the_direct_path_replies_as_the_general_path(
    engine: Engine, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(direct, "KEPT", 5)  # the kept verdicts are dropped and found again
    monkeypatch.setattr(worker, "SPOOL_BYTES", 3000)  # larger answers go through a file
    direct_json = DirectJson(engine.backend, engine.max_rows)  # type: ignore[arg-type]
    general = Counter[str]()
    handle = worker.handle

    def counted(engine: Engine, job: SparqlJob) -> Reply:
        general["handled"] += 1
        return handle(engine, job)

    monkeypatch.setattr(worker, "handle", counted)
    rng = random.Random(27)
    seen: Counter[str] = Counter()
    for text, accept, requested in requests(rng, 1500):
        accept = rng.choice((accept, accept, LONG_ACCEPT))
        if rng.random() < 0.1 and isinstance(requested, tuple):
            requested = list(requested)  # not hashable
        settings = WorkerSettings(
            "oxigraph",
            Path("unused"),
            MAX_ROWS,
            0,
            max_answer_bytes=rng.choice((16 * 1024 * 1024, 20_000, 1000)),
            spool_dir=tmp_path,
        )
        reference = ReferenceJob(text, accept, requested)  # type: ignore[arg-type]
        expected = _unspooled(worker.spool(reference_handle(engine, reference), settings))
        job = SparqlJob(text, accept, requested)  # type: ignore[arg-type]
        for _ in range(2):  # the second time, from what was kept
            reply = worker.answer(engine, job, settings, direct_json)
            general["body alone"] += isinstance(reply, bytes)
            assert _unspooled(reply) == expected, (text, accept, requested)
        fast = expected[1] == media.JSON.content_type and text.startswith(("SELECT", "PREFIX"))
        seen[f"{expected[0]} {'fast' if fast else ''}{' spooled' if expected[4] else ''}"] += 1
    assert seen["200 fast"] > 100 and seen["200 fast spooled"] > 50, seen
    for status in ("400 ", "403 ", "406 ", "422 "):
        assert seen[status] > 3, seen
    assert seen["500 "] == 0, seen
    # the direct path answered most jobs (and refused some), the general path the rest
    assert 600 < general["handled"] < 2 * 1500 - 600 and general["body alone"] > 200, general
