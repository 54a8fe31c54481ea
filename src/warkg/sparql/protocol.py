"""How a query travels to a SPARQL 1.1 endpoint: the request's form and the query's text.

The SPARQL 1.1 Protocol lets a client send a query three ways: GET with `?query=`, POST
of an HTML form (`application/x-www-form-urlencoded`) and POST of the bare query
(`application/sparql-query`). Every server must accept the first two; Virtuoso 7 never
answers the third. So short queries go as GET (cacheable, what SPARQLWrapper does) and
long ones as a form POST, since servers and proxies cut URLs somewhere past 2 to 8 KB;
`method` forces one.

Parameters are bound with a VALUES block placed first inside the query's WHERE group,
where the rdflib and pyoxigraph backends bind them too (initBindings and substitutions
apply at the start of the query). A VALUES block after the whole query is joined only
with the finished answer, which engines cannot use to narrow the patterns (several
times the server's CPU per request: benchmarks/results/values-placement.md).
"""

from __future__ import annotations

import re
import urllib.parse
from collections.abc import Mapping

from rdflib.term import Node, Variable

from warkg.errors import InputError
from warkg.rdf.namespaces import PREFIXES
from warkg.rdf.terms import ntriples

METHODS = ("auto", "get", "post-form", "post-direct")
"""How a query may go: `auto` chooses GET or a form POST (`choose`)."""
# Longest URL sent with GET: 2,048 bytes is the limit browsers, proxies and servers have
# long honoured; anything longer goes as a form POST.
MAX_GET_URL = 2048
RESULTS_JSON = "application/sparql-results+json"

# What the scan below steps over: comments, strings (long forms first) and IRIs, whose
# text may hold a brace that is not one. IRIREF's characters are those of the grammar, so
# a less-than sign in an expression (`?a < 3`) is not taken for the start of an IRI.
_SKIP = re.compile(
    r"""\#[^\n\r]*|'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\""""
    r"""|'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*"|<[^<>"{}|^`\\\x00-\x20]*>""",
    re.DOTALL,
)


def where_brace(text: str) -> int:
    """The offset of the `{` that opens a SELECT or ASK query's WHERE group: the first
    brace outside comments, strings and IRIs (nothing before that group may hold one)."""
    position = 0
    while position < len(text):
        skipped = _SKIP.match(text, position)
        if skipped:
            position = skipped.end()
        elif text[position] == "{":
            return position
        else:
            position += 1
    raise InputError("the query has no WHERE group to bind parameters in")


def values_block(bindings: Mapping[str, Node]) -> str:
    """`VALUES (?a ?b) { (<...> "..."^^<...>) }`, each term written as in N-Triples."""
    names = " ".join(f"?{Variable(k)}" for k in bindings)
    terms = " ".join(ntriples(term) for term in bindings.values())
    return f"VALUES ({names}) {{ ({terms}) }}"


def bind_in_where(text: str, bindings: Mapping[str, Node]) -> str:
    """`text` with `bindings` as a VALUES block first inside its WHERE group."""
    if not bindings:
        return text
    brace = where_brace(text)
    return f"{text[: brace + 1]}\n  {values_block(bindings)}\n{text[brace + 1 :]}"


def prologue_for(text: str) -> str:
    """PREFIX lines for those of our prefixes the text may use (`name:` appears in it),
    so a short query stays short enough for GET."""
    return "".join(
        f"PREFIX {prefix}: <{namespace}>\n"
        for prefix, namespace in PREFIXES.items()
        if re.search(rf"(?<![\w.-]){re.escape(prefix)}:", text)
    )


def choose(method: str, endpoint: str, text: str) -> str:
    """The method a query is sent with: `method` unless "auto", else GET when the whole
    URL fits in MAX_GET_URL bytes, a form POST otherwise."""
    if method not in METHODS:
        raise InputError(f"unknown request method {method!r}; methods: {', '.join(METHODS)}")
    if method != "auto":
        return method
    return "get" if len(get_url(endpoint, text)) <= MAX_GET_URL else "post-form"


def get_url(endpoint: str, text: str) -> str:
    """The endpoint's URL with `query=` added to whatever query string it already has."""
    separator = "&" if urllib.parse.urlsplit(endpoint).query else "?"
    return f"{endpoint}{separator}{urllib.parse.urlencode({'query': text})}"


def request(
    method: str, endpoint: str, text: str, accept: str = RESULTS_JSON
) -> tuple[str, str, bytes | None, dict[str, str]]:
    """(HTTP method, URL, body, headers) for sending `text` with `method` (not "auto")."""
    headers = {"Accept": accept}
    if method == "get":
        return "GET", get_url(endpoint, text), None, headers
    if method == "post-form":
        headers["Content-Type"] = "application/x-www-form-urlencoded"
        return "POST", endpoint, urllib.parse.urlencode({"query": text}).encode("ascii"), headers
    if method == "post-direct":
        headers["Content-Type"] = "application/sparql-query; charset=utf-8"
        return "POST", endpoint, text.encode("utf-8"), headers
    raise InputError(f"unknown request method {method!r}; methods: {', '.join(METHODS[1:])}")
