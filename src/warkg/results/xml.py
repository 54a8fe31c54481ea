"""SPARQL 1.1 Query Results XML, for the endpoint (the command line does not offer it).

Our own writer rather than pyoxigraph's: pyoxigraph writes the same results on one line
(and `&quot;` in text), and serialises only the answers of its own queries, not a
`Result` (see docs/decisions.md).
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

from warkg.rdf.terms import parts
from warkg.results.model import Result

_HEAD = '<?xml version="1.0" encoding="utf-8"?>\n<sparql xmlns="http://www.w3.org/2005/sparql-results#">\n'


def _term(term: object) -> str:
    kind, text, datatype, language = parts(term)
    if kind == "uri":
        return f"<uri>{escape(text)}</uri>"
    if kind == "bnode":
        return f"<bnode>{escape(text)}</bnode>"
    attributes = ""
    if language:
        attributes = f" xml:lang={quoteattr(language)}"
    elif datatype is not None:
        attributes = f" datatype={quoteattr(datatype)}"
    return f"<literal{attributes}>{escape(text)}</literal>"


def format_xml(result: Result) -> str:
    """SELECT results; unbound variables are left out of a result."""
    lines = [_HEAD + "<head>"]
    lines += [f"<variable name={quoteattr(v)}/>" for v in result.variables]
    lines.append("</head>\n<results>")
    for row in result.rows:
        lines.append("<result>")
        for variable in result.variables:
            term = row.get(variable)
            if term is not None:
                lines.append(f"<binding name={quoteattr(variable)}>{_term(term)}</binding>")
        lines.append("</result>")
    lines.append("</results>\n</sparql>\n")
    return "\n".join(lines)


def format_xml_boolean(answer: bool) -> str:
    """An ASK answer."""
    return f"{_HEAD}<head/>\n<boolean>{'true' if answer else 'false'}</boolean>\n</sparql>\n"
