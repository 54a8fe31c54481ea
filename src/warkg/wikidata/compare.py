"""`warkg wikidata compare`: our figures for the war beside the Wikidata item's statements.

For P1120 (deaths), P1339 (injured) and P1446 (missing), each row pairs our figures
with the item's statements of the same amount, so agreement, figures only we hold and
figures only Wikidata holds show up side by side. The item's statements are read in
the Wikibase RDF model the query service exposes: `p:` to the statement node, `ps:`
for its value, `psv:` for the full quantity with bounds, `pq:` qualifiers,
`wikibase:rank`, and `prov:wasDerivedFrom` for its references (with `pr:` snaks).

Output is tab-separated with a header, so it reads in a terminal and loads into a
spreadsheet: property, amount, ours, wikidata. A side with nothing is `-`.

Wikibase's "unknown value" (somevalue) has no amount: the query service writes it as a
skolem IRI (`http://www.wikidata.org/.well-known/genid/...`), older dumps as a blank
node. Either is shown as `unknown value`, as a statement value or a qualifier value, and
never confused with "no value" (novalue), whose statement has no `ps:` value at all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from rdflib import RDFS, Graph

from warkg.rdf.namespaces import WARKG
from warkg.rdf.terms import shorten_term
from warkg.wikidata.client import Row, SparqlClient, Term
from warkg.wikidata.figures import COMPARED_MEASURES, PROPERTY_LABELS, Figure, war_figures

WD = "http://www.wikidata.org/entity/"
STATEMENT = "http://www.wikidata.org/entity/statement/"
QUALIFIER = "http://www.wikidata.org/prop/qualifier/"
REFERENCE = "http://www.wikidata.org/prop/reference/"
WIKIBASE = "http://wikiba.se/ontology#"
XSD = "http://www.w3.org/2001/XMLSchema#"
GENID = "/.well-known/genid/"  # RDF 1.1 skolem IRIs: Wikibase's "unknown value"
UNKNOWN, NO_VALUE = "unknown value", "no value"

_PROLOGUE = (
    f"PREFIX wd: <{WD}>\n"
    "PREFIX p: <http://www.wikidata.org/prop/>\n"
    "PREFIX ps: <http://www.wikidata.org/prop/statement/>\n"
    "PREFIX psv: <http://www.wikidata.org/prop/statement/value/>\n"
    f"PREFIX wikibase: <{WIKIBASE}>\n"
    "PREFIX prov: <http://www.w3.org/ns/prov#>\n"
)


def statements_query(qid: str) -> str:
    """Each statement of the three properties: value, bounds and rank."""
    rows = " ".join(f'("{p}" p:{p} ps:{p} psv:{p})' for p in PROPERTY_LABELS)
    return (
        _PROLOGUE + "SELECT ?property ?statement ?amount ?lower ?upper ?rank WHERE {\n"
        f"  VALUES (?property ?claim ?simple ?full) {{ {rows} }}\n"
        f"  wd:{qid} ?claim ?statement .\n"
        "  OPTIONAL { ?statement ?simple ?amount }\n"
        "  OPTIONAL { ?statement wikibase:rank ?rank }\n"
        "  OPTIONAL { ?statement ?full ?value .\n"
        "    OPTIONAL { ?value wikibase:quantityLowerBound ?lower }\n"
        "    OPTIONAL { ?value wikibase:quantityUpperBound ?upper } }\n"
        "}\n"
    )


def snaks_query(qid: str) -> str:
    """The qualifiers (pq:) and the reference snaks (pr:) of those statements."""
    claims = " ".join(f"p:{p}" for p in PROPERTY_LABELS)
    return (
        _PROLOGUE + "SELECT ?statement ?reference ?snak ?value WHERE {\n"
        f"  VALUES ?claim {{ {claims} }}\n"
        f"  wd:{qid} ?claim ?statement .\n"
        f'  {{ ?statement ?snak ?value . FILTER(STRSTARTS(STR(?snak), "{QUALIFIER}P")) }}\n'
        "  UNION\n"
        "  { ?statement prov:wasDerivedFrom ?reference . ?reference ?snak ?value .\n"
        f'    FILTER(STRSTARTS(STR(?snak), "{REFERENCE}P")) }}\n'
        "}\n"
    )


def _number(text: str) -> Decimal | None:
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def _show_number(value: Decimal) -> str:
    """`+3825` -> `3825`, `1.50` -> `1.5`: the number, not Wikibase's lexical form."""
    return format(value.normalize(), "f")


def is_unknown(term: Term) -> bool:
    """Whether the term is Wikibase's "unknown value": a skolem IRI or a blank node."""
    return term.kind == "bnode" or (term.kind == "uri" and GENID in term.value)


def _show_term(term: Term) -> str:
    """A qualifier value: an item as its QID, text quoted (with its language), a time as
    its date, an unknown value as `unknown value`, anything else as it comes."""
    if is_unknown(term):
        return UNKNOWN
    if term.kind == "uri":
        return term.value[len(WD) :] if term.value.startswith(WD) else f"<{term.value}>"
    if term.datatype == XSD + "dateTime":
        return term.value.lstrip("+").split("T")[0]
    if term.datatype in (XSD + "decimal", XSD + "integer", XSD + "double"):
        number = _number(term.value)
        return _show_number(number) if number is not None else term.value
    if term.lang:
        return f'{term.lang}:"{term.value}"'
    return f'"{term.value}"'


def _property_order(prop: str) -> tuple[int, str]:
    """P577 before P1476: by number, without trusting that every id is one."""
    return (len(prop), prop)


@dataclass
class Statement:
    """One statement of the item, as the comparison prints it."""

    iri: str
    property: str
    amount: Decimal | None
    lower: Decimal | None
    upper: Decimal | None
    rank: str
    unknown: bool = False
    qualifiers: dict[str, set[str]] = field(default_factory=dict)
    references: dict[str, set[str]] = field(default_factory=dict)

    @property
    def key(self) -> Decimal | str:
        """The amount, or `unknown value` / `no value`: what rows pair statements by."""
        if self.amount is not None:
            return self.amount
        return UNKNOWN if self.unknown else NO_VALUE

    def describe(self) -> str:
        """`3825 [3000, 4000], normal rank, P1932 "3,825", 1 reference (P1476, P577)`."""
        if self.amount is None:
            value = UNKNOWN if self.unknown else NO_VALUE
        else:
            value = _show_number(self.amount)
            if self.lower is not None and self.upper is not None:
                value += f" [{_show_number(self.lower)}, {_show_number(self.upper)}]"
        parts = [value, f"{self.rank} rank"]
        for prop in sorted(self.qualifiers, key=_property_order):
            parts.append(f"{prop} {', '.join(sorted(self.qualifiers[prop]))}")
        if self.references:
            snaks = sorted(
                {p for props in self.references.values() for p in props}, key=_property_order
            )
            count = len(self.references)
            parts.append(f"{count} reference{'s' if count != 1 else ''} ({', '.join(snaks)})")
        else:
            parts.append("unreferenced")
        return ", ".join(parts)


def _rank(term: Term | None) -> str:
    if term is None or not term.value.startswith(WIKIBASE):
        return "unknown"
    return term.value[len(WIKIBASE) :].removesuffix("Rank").lower()


def _decimal(row: Row, name: str) -> Decimal | None:
    term = row.get(name)
    return _number(term.value) if term is not None and term.kind == "literal" else None


def fetch_statements(client: SparqlClient, qid: str) -> list[Statement]:
    """The item's P1120/P1339/P1446 statements with qualifiers and references."""
    statements: dict[str, Statement] = {}
    for row in client.select(statements_query(qid)):
        if "statement" not in row or "property" not in row:
            continue
        iri = row["statement"].value
        if iri not in statements:
            statements[iri] = Statement(
                iri=iri,
                property=row["property"].value,
                amount=_decimal(row, "amount"),
                lower=_decimal(row, "lower"),
                upper=_decimal(row, "upper"),
                rank=_rank(row.get("rank")),
                unknown="amount" in row and is_unknown(row["amount"]),
            )
    for row in client.select(snaks_query(qid)):
        statement = statements.get(row["statement"].value) if "statement" in row else None
        if statement is None or "snak" not in row or "value" not in row:
            continue
        snak = row["snak"].value
        if "reference" in row:
            prop = snak[len(REFERENCE) :]
            statement.references.setdefault(row["reference"].value, set()).add(prop)
        else:
            prop = snak[len(QUALIFIER) :]
            statement.qualifiers.setdefault(prop, set()).add(_show_term(row["value"]))
    return sorted(statements.values(), key=lambda s: (s.property, s.iri))


def describe_figure(graph: Graph, figure: Figure) -> str:
    """`claim:x "3,825" exact, Per Armenia/Artsakh, servicemen on the Armenian side, ref 57`:
    what the figure is, whose, of whom, and where the article cites it."""
    exactness = graph.value(figure.exactness, RDFS.label) or shorten_term(figure.exactness)
    parts = [f'{figure.name} "{figure.stated_as}" {exactness}']
    if figure.claimant_as_stated:
        parts.append(figure.claimant_as_stated)
    if figure.population:
        parts.append(figure.population)
    if figure.measure in (WARKG.wounded, WARKG.woundedAndSick):
        parts.append(f"counted as {graph.value(figure.measure, RDFS.label) or 'wounded'}")
    parts.append(figure.sources())
    return ", ".join(parts)


def _statement_name(iri: str) -> str:
    return f"wds:{iri[len(STATEMENT) :]}" if iri.startswith(STATEMENT) else f"<{iri}>"


def compare_rows(graph: Graph, statements: list[Statement]) -> list[list[str]]:
    """Rows of property, amount, ours, wikidata, paired by equal amount; per property
    the larger amounts first, then a statement of unknown value, then one of no value."""
    ours: dict[tuple[str, Decimal | str], list[Figure]] = {}
    for figure in war_figures(graph):
        prop = COMPARED_MEASURES.get(figure.measure)
        if prop is not None:
            ours.setdefault((prop, Decimal(figure.amount)), []).append(figure)
    theirs: dict[tuple[str, Decimal | str], list[Statement]] = {}
    for statement in statements:
        theirs.setdefault((statement.property, statement.key), []).append(statement)
    rows = []
    for prop in PROPERTY_LABELS:
        amounts = {a for p, a in ours if p == prop} | {a for p, a in theirs if p == prop}
        known = sorted((a for a in amounts if isinstance(a, Decimal)), reverse=True)
        for amount in [*known, *(k for k in (UNKNOWN, NO_VALUE) if k in amounts)]:
            mine = "; ".join(describe_figure(graph, f) for f in ours.get((prop, amount), []))
            other = "; ".join(
                f"{_statement_name(s.iri)} {s.describe()}" for s in theirs.get((prop, amount), [])
            )
            shown = _show_number(amount) if isinstance(amount, Decimal) else amount
            rows.append([f"{prop} {PROPERTY_LABELS[prop]}", shown, mine or "-", other or "-"])
    return rows


def compare_lines(graph: Graph, client: SparqlClient, qid: str) -> list[str]:
    """The comparison as tab-separated lines, header first."""
    rows = compare_rows(graph, fetch_statements(client, qid))
    header = ["property", "amount", "ours", f"wikidata (wd:{qid})"]
    return ["\t".join(row) for row in [header, *rows]]
