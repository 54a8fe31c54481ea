"""Results read as a Python programmer expects from rdflib and pyoxigraph: rows by name,
by position and as attributes; plain Python values; a pandas DataFrame."""

from __future__ import annotations

import datetime
import decimal

import pytest
from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from warkg.catalogue.run import run_query
from warkg.errors import InputError
from warkg.results.model import Result, plain_value

CLAIM = "https://w3id.org/warkg/id/claim/"


@pytest.fixture(scope="module")
def supports(oxigraph_backend) -> Result:
    return run_query(oxigraph_backend, "reference-supports", reference=57)


def test_rows_answer_by_name_position_and_attribute(supports: Result) -> None:
    assert supports.variables[:3] == ("war", "reference", "claim")
    [row] = list(supports)
    assert (
        row[2] == row["claim"] == row.claim == URIRef(CLAIM + "armenia-artsakh-servicemen-killed")
    )
    assert row[-1] == row["section"]
    assert supports[0] == row
    assert list(row) == list(supports.variables)  # still a dict: keys in projection order
    with pytest.raises(IndexError):
        row[len(supports.variables)]
    with pytest.raises(AttributeError):
        row.nothing  # noqa: B018


def test_to_dicts_plain_gives_python_values(supports: Result) -> None:
    [plain] = supports.to_dicts(plain=True)
    assert plain["reference"] == 57
    assert plain["claim"] == CLAIM + "armenia-artsakh-servicemen-killed"
    assert plain["evidence"] == "3,825 servicemen killed[57]"
    [terms] = supports.to_dicts()
    assert terms["reference"] == Literal("57", datatype=XSD.integer)


@pytest.mark.parametrize(
    ("term", "value"),
    [
        (None, None),
        (URIRef("http://example.org/a"), "http://example.org/a"),
        (BNode("b1"), "_:b1"),
        (Literal("3825", datatype=XSD.nonNegativeInteger), 3825),
        (Literal("0.5", datatype=XSD.decimal), decimal.Decimal("0.5")),
        (Literal("1e3", datatype=XSD.double), 1000.0),
        (Literal("true", datatype=XSD.boolean), True),
        (Literal("0", datatype=XSD.boolean), False),
        (Literal("2020-09-27", datatype=XSD.date), datetime.date(2020, 9, 27)),
        (Literal("1994", datatype=XSD.gYear), 1994),
        (Literal("ru"), "ru"),
        (Literal("Shusha", lang="en"), "Shusha"),
        (Literal("not a number", datatype=XSD.integer), "not a number"),
        (Literal("2020-02-30", datatype=XSD.date), "2020-02-30"),
    ],
)
def test_plain_values(term, value) -> None:
    assert plain_value(term) == value
    assert type(plain_value(term)) is type(value)


def test_to_dataframe(supports: Result) -> None:
    pandas = pytest.importorskip("pandas")
    frame = supports.to_dataframe()
    assert isinstance(frame, pandas.DataFrame)
    assert list(frame.columns) == list(supports.variables)
    assert frame.loc[0, "reference"] == 57
    assert frame.loc[0, "evidence"] == "3,825 servicemen killed[57]"


def test_to_dataframe_without_pandas_names_the_extra(supports: Result, monkeypatch) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "pandas", None)  # import pandas now fails
    with pytest.raises(InputError, match=r"pip install 'warkg\[pandas\]'"):
        supports.to_dataframe()
