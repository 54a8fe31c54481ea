"""The linear-time check (`warkg.sparql.scan`) in front of pyoxigraph: it refuses
SERVICE, FROM and updates wherever an engine would read them, never inside an IRI, a
string or a comment, and it is fast on the queries that took rdflib's parser seconds.

The proof that it misses nothing is run, not argued: every spelling of SERVICE below is
either refused by the check or, run by pyoxigraph with remote access allowed by the
check, makes no connection to the listener that stands in for a remote server.
"""

from __future__ import annotations

import contextlib
import itertools
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.support.loopback import Listener
from warkg import run_sparql
from warkg.cli import main as cli
from warkg.errors import InputError
from warkg.sparql import checks as sparql
from warkg.sparql import scan as sparql_scan
from warkg.sparql.scan import MAX_NESTING

IN_LIST = "SELECT * { ?s ?p ?o FILTER(?o IN (" + ",".join(map(str, range(5000))) + ")) } LIMIT 1"
OR_CHAIN = "SELECT * { ?s ?p ?o FILTER(" + " || ".join(f"?o = {i}" for i in range(2000)) + ") }"
UNIONS = "SELECT * WHERE { " + " UNION ".join(f"{{ ?s ?p {i} }}" for i in range(1000)) + " }"


def nested(depth: int) -> str:
    return "SELECT * WHERE " + "{ " * depth + "?s ?p ?o " + "} " * depth


@pytest.fixture
def listener():
    with Listener() as server:
        yield server


def test_the_slow_cases_for_rdflib_are_checked_quickly() -> None:
    """24 KB IN list and 2,000-term ||: rdflib's parser took 11.7 s and seconds; the
    scan is linear. (The bound here is loose; benchmarks/query_check.py measures it.)"""
    assert len(IN_LIST) == 23_935  # the 24 KB of the report
    for text in (IN_LIST, OR_CHAIN, UNIONS):
        started = time.process_time()
        prepared = sparql.check(text)
        assert time.process_time() - started < 1.0
        assert prepared.form == "SELECT"


def test_the_in_list_and_unions_are_answered(oxigraph_backend) -> None:
    assert len(run_sparql(oxigraph_backend, IN_LIST)) == 1
    assert len(run_sparql(oxigraph_backend, UNIONS)) == 256  # objects 0 to 999 in the data


def test_deep_nesting_is_answered_up_to_the_limit_and_refused_beyond(oxigraph_backend) -> None:
    assert len(run_sparql(oxigraph_backend, nested(MAX_NESTING) + "LIMIT 1")) == 1
    with pytest.raises(InputError) as caught:
        run_sparql(oxigraph_backend, nested(5000))
    assert str(caught.value) == (
        f"query:1:{len('SELECT * WHERE ') + 2 * MAX_NESTING + 1}: nesting deeper than "
        f"{MAX_NESTING} brackets ({{, ( and [ together), the limit on a query; "
        "flatten the query"
    )


@pytest.mark.parametrize(
    ("text", "refused"),
    [
        ("PREFIX ex: <{url}/> SELECT * WHERE {{ SERVICEex:q {{ ?s ?p ?o }} }}", "SERVICE ex:q"),
        ("SELECT * WHERE {{ SERVICE<{url}/q>{{ ?s ?p ?o }} }}", "SERVICE <{url}/q>"),
        ("SELECT * WHERE {{ ?s ?p 1.SERVICE <{url}/q> {{ ?s ?p ?o }} }}", "SERVICE <{url}/q>"),
        ("SELECT * WHERE {{ SERVICE SILENT <{url}/q> {{ }} }}", "SERVICE <{url}/q>"),
        ("SELECT * FROM<{url}/x> WHERE {{ ?s ?p ?o }}", "FROM <{url}/x>"),
        ("SELECT * FROM NAMED <{url}/x> {{ }}", "FROM NAMED <{url}/x>"),
        ("PREFIX fromage: <{url}/> SELECT * {{ fromage:x ?p ?o }}", "FROM age:"),
    ],
)
def test_hostile_spellings_are_refused(listener: Listener, text: str, refused: str) -> None:
    with pytest.raises(InputError) as caught:
        sparql.check(text.format(url=listener.url))
    assert f"refusing {refused.format(url=listener.url)}: " in str(caught.value)


@pytest.mark.parametrize(
    "text",
    [
        'SELECT * WHERE {{ BIND("SERVICE <{url}/q> {{ }}" AS ?x) }}',
        "SELECT * WHERE {{ BIND('''\nFROM <{url}/x>\n''' AS ?x) }}",
        "SELECT * WHERE {{ ?s ?p ?o # SERVICE <{url}/q> {{ }}\n}}",
        "SELECT * WHERE {{ ?s <{url}/SERVICE> ?o }}",
        "SELECT ?service ?from WHERE {{ ?service ?from ?o }}",
        "PREFIX ex: <{url}/> SELECT * WHERE {{ ex:service ex:from ex:a.SERVICE }}",
        'SELECT * WHERE {{ ?s ?p "x"@from }}',
    ],
)
def test_keywords_inside_iris_strings_comments_and_names_are_not_refused(
    oxigraph_backend, listener: Listener, text: str
) -> None:
    run_sparql(oxigraph_backend, text.format(url=listener.url))
    assert listener.connections == 0


SPELLINGS = ["SERVICE", "service", "SeRvIcE", "\\u0053ERVICE", "SERV\\u0049CE"]
BEFORE = [" ", "", "\n", "\t", "#c\n", "#c\r", ".", "1.", "} {", "\\u000A", "\\u0020"]
TARGETS = ["<{url}/q>", "ex:q", " SILENT <{url}/q>", " ?v"]
AFTER = [" { ?s ?p ?o }", "{?s ?p ?o}"]


def test_every_spelling_of_service_is_refused_or_inert(oxigraph_backend, listener) -> None:
    """The differential proof: 440 spellings; what the check lets through, pyoxigraph
    runs (remote access allowed to pyoxigraph's eyes) without calling the listener."""
    refused = inert = 0
    for keyword, before, target, after in itertools.product(SPELLINGS, BEFORE, TARGETS, AFTER):
        body = f"?s ?p ?o {before}{keyword}{target.format(url=listener.url)}{after}"
        text = f"PREFIX ex: <{listener.url}/> SELECT * WHERE {{ VALUES ?v {{ 1 }} {body} }}"
        try:
            prepared = sparql.check(text)
        except InputError as error:
            assert "refusing SERVICE" in str(error) or "syntax error" in str(error)
            refused += 1
            continue
        with contextlib.suppress(SyntaxError, OSError, RuntimeError, ValueError):
            list(oxigraph_backend.store.query(prepared.text))
        inert += 1
        assert listener.connections == 0, text
    assert refused + inert == len(SPELLINGS) * len(BEFORE) * len(TARGETS) * len(AFTER)
    assert refused > 300


def test_updates_refused_by_the_scan_name_the_operations() -> None:
    with pytest.raises(InputError) as caught:
        sparql.check(
            "PREFIX ex: <urn:x> INSERT DATA { ex:a ex:b ex:c } ; DELETE WHERE { ?s ?p ?o }"
        )
    assert str(caught.value) == (
        "query: refusing a SPARQL update (INSERT DATA, DELETE WHERE): queries are read-only"
    )


def test_a_syntax_error_is_pyoxigraphs_one_positioned_line(oxigraph_backend) -> None:
    with pytest.raises(InputError) as caught:
        run_sparql(oxigraph_backend, "SELECT * WHERE {\n  ?s ?p ?o ) }")
    assert str(caught.value) == "query:2:15: syntax error (pyoxigraph): expected another character"


def test_the_command_line_checks_with_the_scan(tmp_path, capsys) -> None:
    query = tmp_path / "in.rq"
    query.write_text(IN_LIST, encoding="utf-8")
    started = time.monotonic()
    assert cli.main(["sparql", str(query), "--format", "csv"]) == 0
    assert time.monotonic() - started < 5
    assert capsys.readouterr().out.startswith("s,p,o\r\n")


_PIECES = [
    *"SERVICEFROMselctwhr?$<>{}()[].,;:#'\"\\@_-0123456789 \t\n\r%^*=!|&/+",
    *("SERVICE", "FROM", "<urn:x>", "'''", '"""', "ex:", "\u00e9", "\u0663", "\x0b"),
]
SPARQLISH = st.lists(st.sampled_from(_PIECES), max_size=40).map("".join)


@settings(max_examples=500, deadline=None, database=None)
@given(text=SPARQLISH)
def test_the_fast_scan_sees_the_tokens_the_full_tokenizer_sees(text: str) -> None:
    """The scan's pattern (`_INTERESTING`, which skips what it need not look at) is a fast
    path: it must find exactly the names, variables, brackets and lone quotes, at the same
    offsets, that the full tokenizer (`_TOKEN`) finds."""
    wanted = {"name", "variable", "open", "close"}
    full = []
    for match in sparql_scan._TOKEN.finditer(text):
        kind, value, start = (
            match.lastgroup,
            match.group(match.lastgroup),
            match.start(match.lastgroup),
        )
        if kind == "punct" and value in "\"'":
            kind = "quote"
        if kind in wanted or kind == "quote":
            full.append((kind, value, start))
    fast = [
        (m.lastgroup, m.group(m.lastgroup), m.start(m.lastgroup))
        for m in sparql_scan._INTERESTING.finditer(text)
        if m.lastgroup != "end"
    ]
    assert fast == full


FROM_SPELLINGS = ["FROM", "from", "FrOm", "\\u0046ROM", "FR\\u004FM"]
FROM_TARGETS = ["<urn:x>", " NAMED <urn:x>", "ex:x", " ?v"]


def _prefilter_texts() -> list[str]:
    texts = [
        f"PREFIX ex: <urn:ex:> SELECT * WHERE {{ VALUES ?v {{ 1 }} ?s ?p ?o {before}{keyword}"
        f"{target.format(url='urn:q')}{after} }}"
        for keyword, before, target, after in itertools.product(SPELLINGS, BEFORE, TARGETS, AFTER)
    ]
    texts += [
        f"PREFIX ex: <urn:ex:> SELECT *{before}{keyword}{target} WHERE {{ ?s ?p ?o }}"
        for keyword, before, target in itertools.product(FROM_SPELLINGS, BEFORE, FROM_TARGETS)
    ]
    texts += [
        "PREFIX ex: <urn:ex:> SELECT * WHERE { ?s ?p " + place.replace("KW", keyword) + " }"
        for keyword, place in itertools.product(SPELLINGS + FROM_SPELLINGS, PLACES)
    ]
    return texts


# Where the words are not keywords, and where an escape makes them keywords after all.
PLACES = [
    '"KW <urn:x> { ?a ?b ?c }"',
    "'KW <urn:x>'",
    '"""\nKW <urn:x>\n"""',
    "<urn:KW>",
    "ex:aKW",
    "?KW",
    "?o # KW <urn:x> { ?a ?b ?c }\n",
    '"x"@KW',
    '"a\\u0022 . KW <urn:x> { ?a ?b ?c } ?d ?e "b"',
    "?o #c\\u000A KW <urn:x> { ?a ?b ?c }",
]


def test_the_prefilter_never_hides_a_clause_rdflib_would_read() -> None:
    """`may_name_remote` lets `validation.refuse_remote_sparql` skip rdflib's parse of a
    shape's text. Over every spelling above (SERVICE and FROM, escaped, glued, after
    comments and line ends), whenever it says no, rdflib's own parse of the text finds
    no SERVICE and no FROM; and it says no often enough to matter."""
    from rdflib.plugins.sparql.parser import parseQuery

    from warkg.validation.preflight import _walk

    skipped = 0
    for text in _prefilter_texts():
        expanded = sparql.expand(text).text
        if sparql_scan.may_name_remote(expanded):
            continue
        skipped += 1
        try:
            tree = parseQuery(text)
        except Exception:  # rdflib cannot read it, so it runs nothing
            continue
        names = set(_walk(tree))
        assert "ServiceGraphPattern" not in names and "DatasetClause" not in names, text
    assert skipped >= 40


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("SELECT $this WHERE { $this prov:wasDerivedFrom ?x }", False),
        ("SELECT * WHERE { ?s <urn:SERVICE> ?o }", False),
        ('SELECT * WHERE { BIND("FROM <urn:x>" AS ?x) }', False),
        ("SELECT * WHERE { ?s ?p ?o } # SERVICE <urn:x> {}", False),
        ("SELECT ?from WHERE { ?from ?p ?o }", False),
        ("SELECT * WHERE { SERVICE <urn:x> { } }", True),
        ("SELECT * from <urn:x> WHERE { }", True),
        ("SELECT * WHERE { fromage:x ?p ?o }", True),  # as the scan: a name starting FROM
        ('SELECT * WHERE { BIND("no end AS ?x) }', True),  # a string that does not end
    ],
)
def test_the_prefilter_on_typical_texts(text: str, named: bool) -> None:
    assert sparql_scan.may_name_remote(text) is named


@pytest.mark.parametrize("prefix", ["from", "service", "FROM", "Service"])
def test_a_prefix_named_from_or_service_is_allowed(oxigraph_backend, prefix: str) -> None:
    """`PREFIX from: <...>` was refused as if it were a FROM clause. A name `from:x` can be
    read as `FROM :x` only where the empty prefix is in use: only then is it refused."""
    query = (
        f"PREFIX {prefix}: <https://w3id.org/warkg/ontology/> "
        f"SELECT ?n WHERE {{ ref:57 {prefix}:referenceNumber ?n }}"
    )
    assert sparql.check(query).form == "SELECT"
    assert [str(row["n"]) for row in run_sparql(oxigraph_backend, query).rows] == ["57"]
    with_empty = "PREFIX : <http://example.org/> " + query.replace("ref:57", ":x")
    with pytest.raises(InputError, match=r"^query: refusing (FROM|SERVICE) "):
        sparql.check(with_empty)
    for hidden in (f"SELECT * WHERE {{ {prefix}:<http://127.0.0.1:9/> {{ ?s ?p ?o }} }}",):
        with pytest.raises(InputError):  # undefined or refused: never run
            run_sparql(oxigraph_backend, hidden)
