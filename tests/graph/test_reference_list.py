"""Checks the graph's reference list against an independent reading of the article.

The parser below is written from the article's rendered reference list alone, not from
whatever produced ``triples/references.ttl``, so that a mistake in the generator cannot
hide behind the same mistake in its test.

How a reference line is read (Wikipedia CS1 citations rendered as plain text)::

    <authors> (<date>). "<title>" [<translated title>]. <work> (in <Lang>). <publisher>.
    <date>. Archived from the original on <date>. Retrieved <date>. <quote>{{cite web}}: ...

* With authors, CS1 puts the publication date in brackets after them; without authors it
  comes after the work and publisher. Every field is optional except the title.
* ``(in <Lang>)`` follows the work, or the title when there is no work.
* Title rule (refs 14, 28, 49 have inner double quotes): the title opens at the first
  ``"`` of the line and closes at the first later ``"`` that is followed by ``.``, `` [``,
  `` (in `` or the end of the line. An inner quote is followed by a letter or by a space
  and an en dash, so it never closes the title. The title is whatever lies between, kept
  verbatim: ref 14 renders only one ``"`` after "completely", so its title keeps the
  unbalanced inner opening quote (``...Barkhudarov: "We will fight to destroy the enemy
  completely``); ref 28 keeps both quotes of its quoted first clause.
* Author rule: the text before the title, less the bracketed date (if any) and the ``. ``
  separator, split on ``; ``. Names stay as written, so ref 2 is ``Kramer, Andrew E.`` (the
  date follows, so the final ``.`` belongs to the name) and ref 66 is the single name
  ``Welle (dw.com), Deutsche`` (its bracket holds no date, so it is part of the name).
* Quote rule: whatever follows the last date field (published, archived or retrieved),
  verbatim up to the maintenance trailer. CS1 drops its own terminal full stop when a quote
  is given, so a final ``.`` belongs to the quote.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, RDF, RDFS, SKOS, XSD
from rdflib.term import Node

from warkg.rdf.namespaces import REF, WARKG, WORK

ROOT = Path(__file__).parents[2]
ARTICLE = ROOT / "src/warkg/data/second-nagorno-karabakh-war.txt"
TRIPLES_DIR = ROOT / "triples"
ONTOLOGY = ROOT / "ontology/warkg.ttl"

REFERENCE_COUNT = 91

MONTHS = {
    name: number
    for number, name in enumerate(
        [
            "January",
            "February",
            "March",
            "April",
            "May",
            "June",
            "July",
            "August",
            "September",
            "October",
            "November",
            "December",
        ],
        start=1,
    )
}
DATE = r"\d{1,2} (?:" + "|".join(MONTHS) + r") \d{4}"

# The languages the article names with "(in X)"; anything else must fail loudly rather
# than be guessed.
LANGUAGE_TAGS = {"Russian": "ru", "Armenian": "hy", "Azerbaijani": "az", "Turkish": "tr"}

LINE_RE = re.compile(r"^  (?P<number>\d+)\. \^ (?P<body>.*)$")
BACKLINKS_RE = re.compile(r"^(?P<letters>(?:[a-z] )+)")
TITLE_CLOSE_RE = re.compile(r'"(?=\.| \[| \(in |$)')
TRANSLATED_RE = re.compile(r"^ \[(?P<translated>[^\]]*)\]")
LANGUAGE_RE = re.compile(r"^(?P<before>.*?) ?\(in (?P<language>[A-Z][a-z]+)\)$")
DATED_AUTHORS_RE = re.compile(rf"^(?P<authors>.+) \((?P<date>{DATE})\)\. $")
UNDATED_AUTHORS_RE = re.compile(r"^(?P<authors>.+)\. $")
TRAILER_RE = re.compile(r"\{\{cite [a-z]+\}\}: CS1 maint: .*$")
ISSUED_RE = re.compile(rf"^ (?P<date>{DATE})\.(?= |$)")
ARCHIVED_RE = re.compile(rf"^ Archived from the original on (?P<date>{DATE})\.(?= |$)")
RETRIEVED_RE = re.compile(rf"^ Retrieved (?P<date>{DATE})\.(?= |$)")
SOURCE_SEGMENT_RE = re.compile(r"^ (?P<segment>.+?)\.(?= |$)")


@dataclass
class ParsedReference:
    """One reference as the article renders it; the oracle the graph is compared with."""

    number: int
    backlinks: int
    rendered_text: str
    title: str
    translated_title: str | None = None
    authors: list[str] = field(default_factory=list)
    issued: dt.date | None = None
    archived: dt.date | None = None
    retrieved: dt.date | None = None
    language: str | None = None
    sources: list[str] = field(default_factory=list)
    work: str | None = None
    publisher: str | None = None
    quote: str | None = None
    maintenance_note: str | None = None


def parse_date(text: str) -> dt.date:
    """Read '16 October 2020' without depending on the process locale, as %B would."""
    day, month, year = text.split(" ")
    return dt.date(int(year), MONTHS[month], int(day))


def count_backlinks(body: str) -> tuple[int, str]:
    """Split off backlink letters; they must run a, b, c... because that is all CS1 emits.

    A lone ``^`` means one citation, so a body whose first word merely looks like a letter
    (none does today) is not mistaken for backlinks unless the letters run from ``a``.
    """
    match = BACKLINKS_RE.match(body)
    if match:
        letters = match["letters"].split()
        expected = [chr(ord("a") + i) for i in range(len(letters))]
        if letters == expected and len(letters) >= 2:
            return len(letters), body[match.end() :]
    return 1, body


def split_language(text: str) -> tuple[str, str | None]:
    """Detach a trailing '(in X)' because it qualifies the work's language, not its name."""
    match = LANGUAGE_RE.match(text)
    if not match:
        return text, None
    name = match["language"]
    assert name in LANGUAGE_TAGS, f"unexpected language {name!r}"
    return match["before"], LANGUAGE_TAGS[name]


def parse_reference(number: int, body: str) -> ParsedReference:
    """Read one rendered CS1 citation field by field, in the order CS1 emits them."""
    backlinks, text = count_backlinks(body)

    title_open = text.index('"')
    close = TITLE_CLOSE_RE.search(text, title_open + 1)
    assert close, f"ref {number}: no closing title quote"
    title = text[title_open + 1 : close.start()]
    prefix = text[:title_open]
    rest = text[close.end() :]

    ref = ParsedReference(number=number, backlinks=backlinks, rendered_text=text, title=title)

    if prefix:
        dated = DATED_AUTHORS_RE.match(prefix)
        undated = UNDATED_AUTHORS_RE.match(prefix)
        if dated:
            ref.authors = dated["authors"].split("; ")
            ref.issued = parse_date(dated["date"])
        elif undated:
            ref.authors = undated["authors"].split("; ")
        else:
            raise AssertionError(f"ref {number}: unreadable author block {prefix!r}")

    translated = TRANSLATED_RE.match(rest)
    if translated:
        ref.translated_title = translated["translated"]
        rest = rest[translated.end() :]

    trailer = TRAILER_RE.search(rest)
    if trailer:
        ref.maintenance_note = trailer.group(0)
        rest = rest[: trailer.start()]

    title_language = re.match(r"^ \(in (?P<language>[A-Z][a-z]+)\)", rest)
    if title_language:
        _, ref.language = split_language(title_language.group(0).strip())
        rest = rest[title_language.end() :]

    assert rest.startswith("."), f"ref {number}: title not followed by '.': {rest[:40]!r}"
    rest = rest[1:]

    # Work and publisher come first, then the dates; whatever follows a date is the quote.
    seen_date = False
    while rest:
        issued = ISSUED_RE.match(rest)
        archived = ARCHIVED_RE.match(rest)
        retrieved = RETRIEVED_RE.match(rest)
        if issued and not seen_date:
            assert ref.issued is None, f"ref {number}: two publication dates"
            ref.issued = parse_date(issued["date"])
            rest, seen_date = rest[issued.end() :], True
        elif archived and ref.archived is None and ref.retrieved is None:
            ref.archived = parse_date(archived["date"])
            rest, seen_date = rest[archived.end() :], True
        elif retrieved and ref.retrieved is None:
            ref.retrieved = parse_date(retrieved["date"])
            rest, seen_date = rest[retrieved.end() :], True
        elif seen_date:
            assert rest.startswith(" "), f"ref {number}: quote not separated: {rest[:40]!r}"
            ref.quote = rest[1:]
            rest = ""
        else:
            segment = SOURCE_SEGMENT_RE.match(rest)
            assert segment, f"ref {number}: unreadable source segment {rest[:40]!r}"
            source, language = split_language(segment["segment"])
            # CS1 prints the language note right after the work (or the title when there
            # is no work), so a name that follows the note is the publisher.
            if ref.language is not None or ref.work is not None:
                assert ref.publisher is None, f"ref {number}: two publishers"
                ref.publisher = source
            else:
                ref.work = source
            if language:
                assert ref.language is None, f"ref {number}: two languages"
                ref.language = language
            ref.sources.append(source)
            rest = rest[segment.end() :]

    assert len(ref.sources) <= 2, f"ref {number}: more than a work and a publisher"
    return ref


def parse_reference_list(path: Path) -> dict[int, ParsedReference]:
    """Collect every '  N. ^ ...' line; a number seen twice would make the oracle ambiguous."""
    references: dict[int, ParsedReference] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        match = LINE_RE.match(line)
        if match:
            number = int(match["number"])
            assert number not in references, f"reference {number} listed twice"
            references[number] = parse_reference(number, match["body"])
    return references


ARTICLE_TEXT = ARTICLE.read_text(encoding="utf-8")
PARSED = parse_reference_list(ARTICLE)
NUMBERS = list(range(1, REFERENCE_COUNT + 1))
IDS = [f"ref-{n}" for n in NUMBERS]


@pytest.fixture(scope="module")
def graph() -> Graph:
    """Load every triples file with the ontology, as a consumer of the graph would."""
    files = sorted(TRIPLES_DIR.glob("*.ttl"))
    assert files, f"no triples files in {TRIPLES_DIR}"
    g = Graph()
    for path in [*files, ONTOLOGY]:
        g.parse(path, format="turtle")
    return g


def single_object(g: Graph, subject: Node, predicate: URIRef) -> Node | None:
    """Return the one value of a functional field, failing if the graph gives several."""
    values = list(g.objects(subject, predicate))
    assert len(values) <= 1, f"{subject} has {len(values)} values for {predicate}: {values}"
    return values[0] if values else None


def work_of(g: Graph, number: int) -> URIRef:
    """Find the work that ref:N cites; it must be exactly work:N so both IRIs are stable."""
    works = list(g.objects(REF[str(number)], WARKG.citesWork))
    assert works == [WORK[str(number)]], f"ref {number} cites {works}"
    return WORK[str(number)]


def string_value(g: Graph, subject: Node, predicate: URIRef) -> str | None:
    """Read a plain-string field; a language tag or other datatype would change its meaning."""
    value = single_object(g, subject, predicate)
    if value is None:
        return None
    assert isinstance(value, Literal), f"{subject} {predicate} is not a literal: {value!r}"
    assert value.language is None, f"{subject} {predicate} has language {value.language}"
    assert value.datatype in (None, XSD.string), f"{subject} {predicate}: {value.datatype}"
    return str(value)


def date_value(g: Graph, subject: Node, predicate: URIRef) -> dt.date | None:
    """Read an xsd:date field as a date, so that '2020-10-16' and a lexical typo differ."""
    value = single_object(g, subject, predicate)
    if value is None:
        return None
    assert isinstance(value, Literal), f"{subject} {predicate} is not a literal: {value!r}"
    assert value.datatype == XSD.date, f"{subject} {predicate} datatype {value.datatype}"
    python = value.toPython()
    assert isinstance(python, dt.date), f"{subject} {predicate} ill-typed: {value!r}"
    return python


def integer_value(g: Graph, subject: Node, predicate: URIRef) -> int:
    """Read a required xsd:positiveInteger field, the datatype the ontology declares."""
    value = single_object(g, subject, predicate)
    assert isinstance(value, Literal), f"{subject} lacks {predicate}"
    assert value.datatype == XSD.positiveInteger, f"{subject} {predicate}: {value.datatype}"
    python = value.toPython()
    assert isinstance(python, int), f"{subject} {predicate} ill-typed: {value!r}"
    return python


def test_parser_reads_every_reference() -> None:
    """The oracle is only as good as its coverage: all 91 numbers, none missing or extra."""
    assert sorted(PARSED) == NUMBERS


def test_parser_reads_known_edge_cases() -> None:
    """Pin the hand-decided readings so a parser regression cannot pass silently."""
    assert PARSED[14].title == (
        'Major General Mayis Barkhudarov: "We will fight to destroy the enemy completely'
    )
    assert PARSED[28].title == (
        '"Şuşaya ermənilərin içindən keçib getdik, xəbərləri olmad\u0131" \u2013 XTD üzvü +Video'
    )
    assert PARSED[28].translated_title == (
        '"We went to Shusha through Armenians, they didn\'t know" \u2013 SOF member + Video'
    )
    assert PARSED[66].authors == ["Welle (dw.com), Deutsche"]
    assert PARSED[66].issued is None
    assert PARSED[2].authors == ["Kramer, Andrew E."]
    assert PARSED[3].authors == ["Tsvetkova, Maria", "Auyezov, Olzhas"]
    assert PARSED[1].language == "ru"
    assert PARSED[7].language == "tr"
    assert PARSED[1].issued == dt.date(2020, 10, 16)
    assert PARSED[75].quote is not None
    assert PARSED[75].quote.startswith("On 27 September 2020, Azerbaijan launched")
    assert PARSED[75].issued == dt.date(2020, 10, 2)
    assert PARSED[31].backlinks == 5
    assert PARSED[87].authors == ["de Waal, Thomas"]
    assert PARSED[87].backlinks == 1


def test_reference_numbers_are_complete_and_unique(graph: Graph) -> None:
    """Every listed reference must be in the graph once, and nothing else may claim a number."""
    references = set(graph.subjects(RDF.type, WARKG.Reference))
    assert len(references) == REFERENCE_COUNT
    numbers = sorted(integer_value(graph, ref, WARKG.referenceNumber) for ref in references)
    assert numbers == NUMBERS


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_reference_node(graph: Graph, number: int) -> None:
    """ref:N must be the single Reference carrying number N, so citations resolve to it."""
    holders = [
        s
        for s, o in graph.subject_objects(WARKG.referenceNumber)
        if isinstance(o, Literal) and o.toPython() == number
    ]
    assert holders == [REF[str(number)]]
    assert (REF[str(number)], RDF.type, WARKG.Reference) in graph
    assert integer_value(graph, REF[str(number)], WARKG.referenceNumber) == number
    work = work_of(graph, number)
    assert (work, RDF.type, WARKG.CitedWork) in graph


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_title(graph: Graph, number: int) -> None:
    """Titles are kept verbatim; a normalised title could no longer be found in the source."""
    work = work_of(graph, number)
    assert string_value(graph, work, DCTERMS.title) == PARSED[number].title
    assert string_value(graph, work, WARKG.translatedTitle) == PARSED[number].translated_title


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_dates(graph: Graph, number: int) -> None:
    """A date the article does not give must be absent, not inferred from a neighbour."""
    work = work_of(graph, number)
    expected = PARSED[number]
    assert date_value(graph, work, DCTERMS.issued) == expected.issued
    assert date_value(graph, work, WARKG.retrievedDate) == expected.retrieved
    assert date_value(graph, work, WARKG.archiveDate) == expected.archived


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_language(graph: Graph, number: int) -> None:
    """Language is recorded only where the article states it, never guessed from the script."""
    value = single_object(graph, work_of(graph, number), DCTERMS.language)
    if PARSED[number].language is None:
        assert value is None
    else:
        assert isinstance(value, Literal)
        assert value.datatype is None  # a plain string: FILTER(?language = "ru") matches
        assert str(value) == PARSED[number].language


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_backlink_count(graph: Graph, number: int) -> None:
    """The count of backlinks is how often the article leans on a reference."""
    count = integer_value(graph, REF[str(number)], WARKG.backlinkCount)
    assert count == PARSED[number].backlinks


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_rendered_text(graph: Graph, number: int) -> None:
    """The rendered text is the provenance anchor, so it must be findable in the snapshot."""
    text = string_value(graph, REF[str(number)], WARKG.renderedText)
    assert text is not None
    assert text in ARTICLE_TEXT
    assert text == PARSED[number].rendered_text


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_authors(graph: Graph, number: int) -> None:
    """Author order matters in a citation, so names are compared position by position."""
    authorships = list(graph.objects(work_of(graph, number), WARKG.hasAuthorship))
    positioned = sorted(
        (
            integer_value(graph, node, WARKG.authorPosition),
            string_value(graph, node, WARKG.authorName),
        )
        for node in authorships
    )
    assert [position for position, _ in positioned] == list(range(1, len(positioned) + 1))
    assert [name for _, name in positioned] == PARSED[number].authors


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_quote(graph: Graph, number: int) -> None:
    """A quote is evidence for a claim, so it must be the article's words or nothing."""
    quote = string_value(graph, work_of(graph, number), WARKG.quote)
    assert quote == PARSED[number].quote


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_maintenance_note_and_missing_source(graph: Graph, number: int) -> None:
    """Both flags record facts about the article's rendering, so they follow it exactly."""
    expected = PARSED[number]
    note = string_value(graph, REF[str(number)], WARKG.citationMaintenanceNote)
    if expected.maintenance_note is None:
        assert note is None
    else:
        # The whole trailer is the message as rendered, template name and "(link)" included.
        assert note == expected.maintenance_note
    no_source = single_object(graph, REF[str(number)], WARKG.articleGivesNoSource)
    if expected.sources:
        assert no_source is None or no_source.toPython() is False
    else:
        assert no_source == Literal(True)


def organisation_names(g: Graph, organisation: Node) -> set[str]:
    """Every name the graph gives an organisation (its label and alternative labels)."""
    return {str(name) for name in g.objects(organisation, RDFS.label)} | {
        str(name) for name in g.objects(organisation, SKOS.altLabel)
    }


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_work_and_publisher(graph: Graph, number: int) -> None:
    """The work and the publisher are kept as the reference writes them. CS1 writes the
    work first and the publisher after it; one source segment alone is read as the work
    (plain text loses the italics that would tell them apart). The organisation each
    links to must carry that very text among its names."""
    work = work_of(graph, number)
    expected = [PARSED[number].work, PARSED[number].publisher]
    stated = [
        string_value(graph, work, WARKG.publishedInAsStated),
        string_value(graph, work, WARKG.publisherAsStated),
    ]
    assert stated == expected
    for as_stated, link in zip(stated, (WARKG.publishedIn, DCTERMS.publisher), strict=True):
        organisation = single_object(graph, work, link)
        if as_stated is None:
            assert organisation is None
        else:
            assert organisation is not None, f"ref {number}: {link} missing"
            assert as_stated in organisation_names(graph, organisation)


def test_work_and_publisher_counts() -> None:
    """How many references name a work, and a publisher too, in the article's own list."""
    assert sum(1 for ref in PARSED.values() if ref.sources) == 84
    assert sum(1 for ref in PARSED.values() if len(ref.sources) == 2) == 7
    assert sum(1 for ref in PARSED.values() if ref.work) == 75
    assert sum(1 for ref in PARSED.values() if ref.publisher) == 16


PUBLISHER_ONLY = [7, 24, 42, 43, 49, 69, 73, 84, 85]


def test_publisher_after_language_note() -> None:
    """The references whose only name follows the "(in LANGUAGE)" note: a publisher each
    (Wikipedia prints title, work, language, then publisher), never a work."""
    publisher_only = sorted(n for n, ref in PARSED.items() if ref.publisher and not ref.work)
    assert publisher_only == PUBLISHER_ONLY
    assert PARSED[7].publisher == "Deutsche Welle"
    assert PARSED[84].publisher == "RIA Novosti"
    assert PARSED[25].work == "Bizim Yol"
    assert PARSED[25].publisher is None


@pytest.mark.parametrize("number", NUMBERS, ids=IDS)
def test_no_work_named_after_language_note(graph: Graph, number: int) -> None:
    """The rule over all 91 references, on the text itself: whatever name the rendered
    text prints after its "(in LANGUAGE)" note is stored as the publisher, never the work."""
    text = PARSED[number].rendered_text
    after = re.search(r"\(in [A-Z][a-z]+\)\. (?P<name>[^.]+?)\.(?= |$)", text)
    work = work_of(graph, number)
    published_in = string_value(graph, work, WARKG.publishedInAsStated)
    publisher = string_value(graph, work, WARKG.publisherAsStated)
    if after is None or re.fullmatch(
        rf"{DATE}|(?:Archived from the original on|Retrieved) .*", after["name"]
    ):
        assert number not in PUBLISHER_ONLY
        return
    assert number in PUBLISHER_ONLY
    assert publisher == after["name"]
    assert published_in != after["name"]
