"""Result formats: exact output for a small stored query and for awkward values, and
JSON that follows the SPARQL 1.1 Query Results JSON format and reads back unchanged."""

from __future__ import annotations

import csv
import io
import json

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from warkg import FORMATS, format_result, run_query
from warkg.errors import InputError
from warkg.results.json import from_json, to_json
from warkg.results.model import Result

CLAIM = "https://w3id.org/warkg/id/claim/armenians-displaced"
TITLE_73 = "Глава МИД Армении назвал число беженцев из-за ситуации в Карабахе"  # noqa: RUF001
TITLE_74 = "Nearly 90,000 people displaced, lost homes and property in Nagorno Karabakh"

CLAIM_REFERENCES_CSV = (
    "claim,number,title,translatedTitle,work,publisher,issued,retrieved,archived,language,quote\r\n"
    f"{CLAIM},72,Uneasy peace takes hold in contested region of Azerbaijan,,PBS NewsHour,,"
    "2020-11-30,,,,\r\n"
    f"{CLAIM},73,{TITLE_73},,,RIA Novosti,2020-10-23,2020-10-23,,ru,\r\n"
    f'{CLAIM},74,"{TITLE_74}",,ArmenPress,,2020-10-24,2020-10-24,,,\r\n'
)

CLAIM_REFERENCES_MARKDOWN = (
    "| claim | number | title | translatedTitle | work | publisher | issued | retrieved "
    "| archived | language | quote |\n"
    "|---|---:|---|---|---|---|---|---|---|---|---|\n"
    "| claim:armenians-displaced | 72 | Uneasy peace takes hold in contested region of "
    "Azerbaijan |  | PBS NewsHour |  | 2020-11-30 |  |  |  |  |\n"
    f"| claim:armenians-displaced | 73 | {TITLE_73} |  |  | RIA Novosti | 2020-10-23 "
    "| 2020-10-23 |  | ru |  |\n"
    f"| claim:armenians-displaced | 74 | {TITLE_74} |  | ArmenPress |  | 2020-10-24 "
    "| 2020-10-24 |  |  |  |\n"
)


@pytest.fixture(scope="module")
def claim_references(rdflib_backend) -> Result:
    return run_query(rdflib_backend, "claim-references")


def test_formats_found() -> None:
    assert FORMATS == ("table", "csv", "tsv", "json", "markdown")


def test_csv_of_a_stored_query(claim_references: Result) -> None:
    assert format_result(claim_references, "csv") == CLAIM_REFERENCES_CSV


def test_markdown_of_a_stored_query(claim_references: Result) -> None:
    assert format_result(claim_references, "markdown") == CLAIM_REFERENCES_MARKDOWN


def test_tsv_of_a_stored_query(claim_references: Result) -> None:
    lines = format_result(claim_references, "tsv").split("\n")
    assert lines[0] == (
        "?claim\t?number\t?title\t?translatedTitle\t?work\t?publisher\t?issued\t?retrieved"
        "\t?archived\t?language\t?quote"
    )
    assert lines[2] == "\t".join(
        [
            f"<{CLAIM}>",
            f'"73"^^<{XSD.integer}>',
            f'"{TITLE_73}"',
            "",
            "",
            '"RIA Novosti"',
            f'"2020-10-23"^^<{XSD.date}>',
            f'"2020-10-23"^^<{XSD.date}>',
            "",
            '"ru"',
            "",
        ]
    )
    assert len(lines) == 5 and lines[4] == ""


def test_table_of_a_stored_query(claim_references: Result) -> None:
    lines = format_result(claim_references, "table", max_width=20).splitlines()
    assert lines[0].split() == list(claim_references.variables)
    assert lines[2].startswith("claim:armenians-displaced      72  Uneasy peace takes …  ")
    assert lines[-1] == "(3 rows)"
    assert len(lines) == 6


def test_json_of_a_stored_query(claim_references: Result) -> None:
    data = json.loads(format_result(claim_references, "json"))
    assert data["head"] == {"vars": list(claim_references.variables)}
    bindings = data["results"]["bindings"]
    assert len(bindings) == 3
    assert bindings[0]["claim"] == {"type": "uri", "value": CLAIM}
    assert bindings[1]["number"] == {"type": "literal", "value": "73", "datatype": str(XSD.integer)}
    assert bindings[1]["title"] == {"type": "literal", "value": TITLE_73}  # no xsd:string
    assert "translatedTitle" not in bindings[1]  # unbound: left out, as the spec says
    for binding in bindings:
        for term in binding.values():
            assert term["type"] in ("uri", "literal", "bnode")
            assert isinstance(term["value"], str)
            assert set(term) <= {"type", "value", "datatype", "xml:lang"}
    assert from_json(data) == claim_references


# ---- awkward values -----------------------------------------------------------------------

AWKWARD = Result(
    ("s", "text", "n", "lang"),
    [
        {
            "s": URIRef("http://example.org/a"),
            "text": Literal('say "hi", then\ttab\nnewline | pipe'),
            "n": Literal("7", datatype=XSD.integer),
            "lang": Literal("Ermənistan", lang="az"),
        },
        {"s": BNode("b0"), "text": None, "n": Literal("-12", datatype=XSD.integer), "lang": None},
    ],
)


def test_csv_awkward() -> None:
    text = format_result(AWKWARD, "csv")
    assert text == (
        "s,text,n,lang\r\n"
        'http://example.org/a,"say ""hi"", then\ttab\nnewline | pipe",7,Ermənistan\r\n'
        "_:b0,,-12,\r\n"
    )
    rows = list(csv.reader(io.StringIO(text, newline="")))
    assert rows[1][1] == 'say "hi", then\ttab\nnewline | pipe'


def test_tsv_awkward() -> None:
    assert format_result(AWKWARD, "tsv") == (
        "?s\t?text\t?n\t?lang\n"
        '<http://example.org/a>\t"say \\"hi\\", then\\ttab\\nnewline | pipe"\t'
        f'"7"^^<{XSD.integer}>\t"Ermənistan"@az\n'
        f'_:b0\t\t"-12"^^<{XSD.integer}>\t\n'
    )


def test_markdown_awkward() -> None:
    assert format_result(AWKWARD, "markdown") == (
        "| s | text | n | lang |\n"
        "|---|---|---:|---|\n"
        '| \\<http://example.org/a\\> | say "hi", then tab newline \\| pipe | 7 | Ermənistan |\n'
        "| \\_:b0 |  | -12 |  |\n"
    )


def test_markdown_escapes_what_markdown_and_html_would_read() -> None:
    """A value is shown as the text it is: no raw HTML, no link, no emphasis, code,
    strikethrough, entity or maths."""
    values = Result(
        ("value",),
        [
            {"value": Literal("<b>bold</b> [l](http://e)")},
            {"value": Literal("![img](x.png) *a* _b_ `c` ~~d~~ &amp; $x$ back\\slash | bar")},
        ],
    )
    assert format_result(values, "markdown") == (
        "| value |\n"
        "|---|\n"
        "| \\<b\\>bold\\</b\\> \\[l\\](http://e) |\n"
        "| !\\[img\\](x.png) \\*a\\* \\_b\\_ \\`c\\` \\~\\~d\\~\\~ \\&amp; \\$x\\$ "
        "back\\\\slash \\| bar |\n"
    )


GOOD_HEAD = {"head": {"vars": ["s", "n"]}}


@pytest.mark.parametrize(
    ("bindings", "problem"),
    [
        ([{"s": {"type": "uri"}}], "results.bindings[0].s has no string value"),
        ([{"s": {"type": "uri", "value": 7}}], "results.bindings[0].s has no string value"),
        (["a row as a string"], "results.bindings[0] is not an object"),
        ([{"s": "http://e/"}], "results.bindings[0].s is not an object"),
        (
            [{"n": {"type": "literal", "value": "1", "datatype": "not an iri"}}],
            "results.bindings[0].n: datatype 'not an iri' is not an IRI",
        ),
        (
            [
                {
                    "n": {
                        "type": "literal",
                        "value": "1",
                        "xml:lang": "en",
                        "datatype": str(XSD.string),
                    }
                }
            ],
            f"results.bindings[0].n has both xml:lang and datatype {str(XSD.string)!r}",
        ),
        (
            [{"s": {"type": "bnode", "value": ""}}],
            "results.bindings[0].s is a blank node without a label",
        ),
        (
            [{}, {"s": {"type": "uri", "value": "http://e/", "lang": "en"}}],
            "results.bindings[1].s has unknown keys 'lang'",
        ),
        (
            [{"x": {"type": "uri", "value": "http://e/"}}],
            "results.bindings[0] binds ?x, which head.vars does not list",
        ),
    ],
)
def test_from_json_refuses_what_is_not_sparql_results(bindings: object, problem: str) -> None:
    with pytest.raises(ValueError) as caught:
        from_json(GOOD_HEAD | {"results": {"bindings": bindings}})
    assert str(caught.value) == problem


def test_from_json_checks_the_variables_against_the_query() -> None:
    data = GOOD_HEAD | {"results": {"bindings": [{"n": {"type": "literal", "value": "x"}}]}}
    assert from_json(data, expected=("n", "s")).rows == [{"s": None, "n": Literal("x")}]
    with pytest.raises(ValueError) as caught:
        from_json(data, expected=("s",))
    assert str(caught.value) == "it answers variables ?s ?n, the query selects ?s"
    with pytest.raises(ValueError, match=r"^head.vars has '\?s', not a variable name$"):
        from_json({"head": {"vars": ["?s"]}, "results": {"bindings": []}})


def test_table_awkward() -> None:
    assert format_result(AWKWARD, "table", max_width=12) == (
        "s                       text            n  lang\n"
        "----------------------  ------------  ---  ----------\n"
        '<http://example.org/a>  say "hi", t…    7  Ermənistan\n'
        "_:b0                                  -12\n"
        "(2 rows)\n"
    )


def test_json_awkward_round_trip() -> None:
    data = to_json(AWKWARD)
    assert data["results"]["bindings"][0]["lang"] == {
        "type": "literal",
        "value": "Ermənistan",
        "xml:lang": "az",
    }
    assert data["results"]["bindings"][1] == {
        "s": {"type": "bnode", "value": "b0"},
        "n": {"type": "literal", "value": "-12", "datatype": str(XSD.integer)},
    }
    assert from_json(json.loads(format_result(AWKWARD, "json"))) == AWKWARD


def test_empty_result_in_every_format() -> None:
    empty = Result(("a", "b"), [])
    assert format_result(empty, "csv") == "a,b\r\n"
    assert format_result(empty, "tsv") == "?a\t?b\n"
    assert format_result(empty, "markdown") == "| a | b |\n|---|---|\n"
    assert format_result(empty, "table") == "a  b\n-  -\n(0 rows)\n"
    assert json.loads(format_result(empty, "json")) == {
        "head": {"vars": ["a", "b"]},
        "results": {"bindings": []},
    }


def test_unknown_format() -> None:
    with pytest.raises(InputError, match="unknown format 'xml'; formats: table, csv, tsv"):
        format_result(AWKWARD, "xml")


ESCAPED = Result(
    ("s", "label", "n"),
    [
        {"s": URIRef("http://e/a&b"), "label": Literal('say "hi" <b>', lang="en"), "n": None},
        {"s": BNode("b0"), "label": None, "n": Literal("3", datatype=XSD.integer)},
    ],
)
ESCAPED_XML = (
    '<?xml version="1.0" encoding="utf-8"?>\n'
    '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
    "<head>\n"
    '<variable name="s"/>\n<variable name="label"/>\n<variable name="n"/>\n'
    "</head>\n<results>\n"
    "<result>\n"
    '<binding name="s"><uri>http://e/a&amp;b</uri></binding>\n'
    '<binding name="label"><literal xml:lang="en">say "hi" &lt;b&gt;</literal></binding>\n'
    "</result>\n"
    "<result>\n"
    '<binding name="s"><bnode>b0</bnode></binding>\n'
    '<binding name="n"><literal datatype="http://www.w3.org/2001/XMLSchema#integer">3</literal>'
    "</binding>\n"
    "</result>\n"
    "</results>\n</sparql>\n"
)


def test_xml_exactly() -> None:
    from warkg.results.xml import format_xml, format_xml_boolean

    assert format_xml(ESCAPED) == ESCAPED_XML
    assert format_xml_boolean(False) == (
        '<?xml version="1.0" encoding="utf-8"?>\n'
        '<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'
        "<head/>\n<boolean>false</boolean>\n</sparql>\n"
    )


def test_where_pyoxigraphs_writers_differ_from_ours() -> None:
    """Why warkg keeps its own writers (docs/decisions.md): pyoxigraph serialises only its
    own query answers, and where it writes the same results its bytes differ, except
    CSV. If a pyoxigraph release writes ours, this fails, and ours can go."""
    import pyoxigraph

    from warkg.results.csv import format_csv
    from warkg.results.tsv import format_tsv
    from warkg.results.xml import format_xml

    rows = Result(ESCAPED.variables, [*ESCAPED.rows[:1], {"n": ESCAPED.rows[1]["n"]}])
    ours = {
        "json": json.dumps(to_json(rows), ensure_ascii=False) + "\n",  # what the endpoint writes
        "xml": format_xml(rows),
        "csv": format_csv(rows),
        "tsv": format_tsv(rows),
    }
    theirs = {}
    for name in ours:
        answer = pyoxigraph.parse_query_results(
            json.dumps(to_json(rows)), pyoxigraph.QueryResultsFormat.JSON
        )
        theirs[name] = answer.serialize(format=getattr(pyoxigraph.QueryResultsFormat, name.upper()))
    assert theirs["csv"].decode() == ours["csv"]
    assert json.loads(theirs["json"]) == json.loads(ours["json"])
    assert theirs["json"].decode() != ours["json"]  # no spaces after , and :, no newline
    assert "\t3\n" in theirs["tsv"].decode()  # integers as bare numbers, as TSV allows
    assert f'\t"3"^^<{XSD.integer}>\n' in ours["tsv"]
    assert theirs["xml"].decode().count("\n") == 0 and "&quot;" in theirs["xml"].decode()
