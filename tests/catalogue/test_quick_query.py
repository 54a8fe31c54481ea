"""`warkg query NAME` without rdflib (warkg.catalogue.quick) gives exactly what the reference
path gives: the oxigraph backend's rdflib terms (`from_oxigraph`), written by
warkg.results. Checked on every stored query in every format, and term by term on a
corpus of hostile lexical forms as pyoxigraph returns them (non-canonical, ill-typed,
out of range, Markdown- and CSV-significant text, line breaks, language tags)."""

from __future__ import annotations

import pyoxigraph
import pytest

from warkg.catalogue import quick as quick_query
from warkg.catalogue import run as querying
from warkg.catalogue import stored as stored_queries
from warkg.engines.oxigraph import OxigraphBackend, oxigraph_store
from warkg.rdf.conversion import from_oxigraph, to_oxigraph
from warkg.results.formats import FORMATS, format_result
from warkg.results.model import Result, normalise_lists

XSD = "http://www.w3.org/2001/XMLSchema#"

TEXTS = [
    "",
    " ",
    "a|b",
    "<b>x</b>",
    "line\nbreak",
    "tab\there",
    'quote"d',
    "back\\slash",
    "ünïcödé",
    "😀",
    "x" * 200,
    "[l](http://e)",
    "$x$ *a* _b_ ~c~ `d` &amp;",
    "1,2;3",
    "3 1 2",
    "10 9 100",
]
TYPED = {
    "integer": ["5", "05", "+7", "-0", "-5", "abc", "5_0", " 5", "1e3", "\u0665", "9" * 30],
    "positiveInteger": ["05", "-5", "0", "abc", "12"],
    "nonNegativeInteger": ["0", "007", "-1"],
    "int": ["7", "99999999999"],
    "byte": ["300", "12"],
    "decimal": ["1.50", "1.0", "-.5", "abc", "3"],
    "double": ["1e0", "1.0E0", "NaN", "INF", "-0", "1.5"],
    "float": ["1.5", "abc"],
    "boolean": ["1", "true", "TRUE", "0", "false", " true", "yes"],
    "date": [
        "2020-09-01",
        "2020-9-1",
        "2020-09-01Z",
        "2020-09-01+04:00",
        "-0001-01-01",
        "20200-01-01",
        "2020-02-30",
    ],
    "gYear": ["1988", "1988Z", "88", "-0044", "2020+04:00", "02020"],
    "dateTime": ["2020-01-01T00:00:00Z", "2020-01-01T00:00:00", "2020-01-01T24:00:00"],
    "dateTimeStamp": ["2020-01-01T00:00:00Z"],
    "language": ["en", "EN-us", "ru", "hye", "e", "en-", "x-klingon"],
    "anyURI": ["http://x", "not a uri"],
    "string": ["typed", ""],
}


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\t", "\\t")


def corpus() -> list[object]:
    """Every term as pyoxigraph returns it from a query (canonicalised where it does)."""
    lines = []
    objects = [f'"{_escape(t)}"' for t in TEXTS]
    objects += [f'"{_escape(t)}"@{tag}' for t in TEXTS[:4] for tag in ("en", "EN-us", "hy")]
    objects += [f'"{_escape(v)}"^^<{XSD}{t}>' for t, values in TYPED.items() for v in values]
    objects += ['"x"^^<http://example.org/datatype>']
    objects += [
        "<https://w3id.org/warkg/id/claim/armenians-displaced>",
        "<https://w3id.org/warkg/id/claim/with%20space>",
        "<https://w3id.org/warkg/ontology/>",
        "<http://example.org/x?a=b&c=(d)>",
        "_:b1",
    ]
    for index, term in enumerate(objects):
        lines.append(f"<http://example.org/s{index:03}> <http://example.org/p> {term} .\n")
    store = pyoxigraph.Store()
    store.load("".join(lines).encode("utf-8"), pyoxigraph.RdfFormat.N_TRIPLES)
    found = [row["o"] for row in store.query("SELECT ?o WHERE { ?s ?p ?o } ORDER BY ?s")]
    assert len(found) == len(objects)
    return found


CORPUS = corpus()


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("index", range(len(CORPUS)))
def test_a_term_is_written_as_the_reference_writes_it(index: int, fmt: str) -> None:
    term = CORPUS[index]
    light = quick_query.light(term)
    reference = from_oxigraph(term)
    for width in (60, 0, 5):
        assert format_result(Result(("o",), [{"o": light}]), fmt, max_width=width) == (
            format_result(Result(("o",), [{"o": reference}]), fmt, max_width=width)
        )


@pytest.mark.parametrize("fmt", FORMATS)
def test_a_column_mixing_terms_aligns_as_the_reference(fmt: str) -> None:
    """Number columns are right-aligned in tables only when every value is numeric."""
    for chosen in (CORPUS, [t for t in CORPUS if "integer" in str(t)]):
        light = Result(("o",), [{"o": quick_query.light(t)} for t in chosen] + [{"o": None}])
        reference = Result(("o",), [{"o": from_oxigraph(t)} for t in chosen] + [{}])
        assert format_result(light, fmt) == format_result(reference, fmt)


def test_list_columns_sort_as_the_reference() -> None:
    light = Result(("o",), [{"o": quick_query.light(t)} for t in CORPUS] + [{"o": None}])
    reference = Result(("o",), [{"o": from_oxigraph(t)} for t in CORPUS] + [{}])
    light = normalise_lists(light, ["o"], empty=pyoxigraph.Literal(""))
    reference = normalise_lists(reference, ["o"])
    for fmt in FORMATS:
        assert format_result(light, fmt) == format_result(reference, fmt)


def test_the_shipped_data_needs_no_rdflib_term() -> None:
    """Every value of every stored query's answer stays a pyoxigraph term."""
    for query in stored_queries.list_queries():
        result = quick_query.run(query, stored_queries.bind_oxigraph(query, {}))
        assert result is not None
        for row in result.rows:
            for value in row.values():
                assert value is None or type(value).__module__ == "pyoxigraph", (query, value)


REFERENCE = OxigraphBackend(oxigraph_store())
OTHER_VALUES = {
    "reference-supports": [{"reference": "57"}, {"reference": "91"}],
    "claim-references": [{"claim": "claim:war-start-date"}],
    "claimant-claims": [{"claimant": "agent:armenia"}],
}
PARAMETERS = [
    (query.name, values)
    for query in stored_queries.list_queries()
    for values in [{}, *OTHER_VALUES.get(query.name, [])]
]


@pytest.mark.parametrize(("name", "values"), PARAMETERS, ids=lambda x: str(x))
def test_every_stored_query_in_every_format_as_the_reference(name: str, values: dict) -> None:
    query = stored_queries.get_query(name)
    quick = quick_query.run(query, stored_queries.bind_oxigraph(query, values))
    assert quick is not None
    reference = querying.execute(REFERENCE, query, values)
    assert quick.variables == reference.variables
    assert len(quick.rows) == len(reference.rows)
    for fmt in FORMATS:
        assert format_result(quick, fmt) == format_result(reference, fmt)


def test_only_the_default_options_take_this_path() -> None:
    assert quick_query.applies(None, None, (), False, None, "oxigraph")
    assert quick_query.applies("oxigraph", None, (), False, None, "oxigraph")
    assert not quick_query.applies("rdflib", None, (), False, None, "oxigraph")
    assert not quick_query.applies(None, "http://127.0.0.1:1/q", (), False, None, "oxigraph")
    assert not quick_query.applies(None, None, ("x.ttl",), False, None, "oxigraph")
    assert not quick_query.applies(None, None, (), True, None, "oxigraph")
    assert not quick_query.applies(None, None, (), False, "owlrl", "oxigraph")
    assert not quick_query.applies(None, None, (), False, None, "rdflib")


def test_a_query_not_checked_at_build_time_takes_the_reference_path(tmp_path) -> None:
    path = tmp_path / "casualty-figures.rq"
    path.write_text(
        stored_queries.get_query("casualty-figures").text + "\n# edited\n", encoding="utf-8"
    )
    assert quick_query.run(stored_queries.parse_query_file(path), {}) is None


def test_shipped_data_that_will_not_load_is_reported_by_the_reference_path(
    capsys, tmp_path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A checkout whose triples/ has a syntax error: this path gives up, and the
    reference path names the file, line and column, as it always did."""
    from warkg import paths
    from warkg.cli import main as cli

    triples = tmp_path / "triples"
    triples.mkdir()
    (triples / "war.ttl").write_text("<http://example.org/a> <http://example.org/b> .\n")
    monkeypatch.setattr(paths, "triples_dir", lambda: triples)
    assert quick_query.run(stored_queries.get_query("casualty-figures"), {}) is None
    assert cli.main(["query", "casualty-figures"]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"warkg: {paths.display_path(triples / 'war.ttl')}:1:")
    assert "bad syntax" in captured.err


VALUES = [
    *("57", " 57 ", "057", "+3", "-1", "0", "1", "abc", "", "5_0", "1e3", "\u0665", "9" * 25),
    *("9" * 1000, "9" * 1001, "9" * 4301),  # longer than the parameters' digit limit
    *("2020-09-27", "2020-9-27", "2020-02-30", " 2020-09-27 ", "2020-09-27Z"),
    *("claim:armenians-displaced", "armenians-displaced", "<https://example.org/x>"),
    *("https://example.org/a b", "agent:", "agent:a/b", "claim:x y", "nope:x", "ref:57"),
    *("\u00e9t\u00e9", "line\nbreak", "<b>", 57, 0, -3, True),
]


@pytest.mark.parametrize("kind", stored_queries.PARAM_TYPES)
def test_a_parameter_value_becomes_the_reference_term(kind: str) -> None:
    """`bind_oxigraph`'s terms are what `to_oxigraph(convert(...))` gives, and a bad
    value is the same InputError, for every type and a corpus of values."""
    from warkg.errors import InputError

    for default in (None, "claim:armenians-displaced"):
        param = stored_queries.Param("p", kind, "a parameter", default)
        for value in VALUES:
            try:
                expected = to_oxigraph(stored_queries.convert(param, value))
            except InputError as error:
                with pytest.raises(InputError) as raised:
                    stored_queries.oxigraph_term(param, value)
                assert str(raised.value) == str(error)
                continue
            assert stored_queries.oxigraph_term(param, value) == expected, (kind, value)


def test_a_number_too_long_for_a_parameter_is_one_line(capsys) -> None:
    """The default path binds without rdflib; a 4,301-digit reference is still refused
    with the limit named (Python's int() would raise past 4,300 digits)."""
    from warkg.cli import main as cli

    assert cli.main(["query", "reference-supports", "--param", "reference=" + "9" * 4301]) == 2
    assert capsys.readouterr().err == (
        "warkg: parameter 'reference' expects xsd:positiveInteger of at most 1000 digits, "
        "got 4301 digits\n"
    )
