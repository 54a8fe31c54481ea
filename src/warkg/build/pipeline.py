"""Building: inputs -> readers -> articles -> rules (with curation) -> graphs.

Each article's graph holds two things: its content (what the article says, and what
its source is: page, revision, licence, digest) and a build record (which warkg
version made it from which file, and how many triples came from rules and from
curation). They are kept apart because the content of a given source must come out the
same from every warkg release, while the record names the release: `--check`
compares content only, and the shipped triples/ holds content only.
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field, replace
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV, RDF, RDFS, XSD

from warkg import paths
from warkg.build.curation import Curation, load_curation
from warkg.build.iris import slug
from warkg.build.model import Article
from warkg.build.output import Output, nt_term
from warkg.build.readers import Input, Reader, detect, reader_named
from warkg.build.readers.wikitext import WikitextWarning
from warkg.build.rules import extract
from warkg.errors import InputError
from warkg.rdf.canonical import canonical_turtle
from warkg.rdf.namespaces import ID, WARKG, bind_prefixes

__all__ = [
    "Built",
    "Stated",
    "build_article",
    "build_inputs",
    "build_shipped",
    "serialise",
    "shipped_curation_path",
    "warkg_version",
]

SHIPPED_PARTS = ("war", "references", "sources")
SHIPPED_CURATION_NAME = "curation/second-nagorno-karabakh-war.yaml"


def warkg_version() -> str:
    try:
        return version("warkg")
    except PackageNotFoundError:  # running from a checkout that was never installed
        return "0+unknown"


def shipped_curation_path() -> Path:
    """The curation file of the shipped article (curation/ beside triples/)."""
    return paths.data_root() / "curation" / "second-nagorno-karabakh-war.yaml"


@dataclass
class Built:
    """One article, built: its output (content by part, with makers), its build
    record, the named graph it goes in, and what the rules could not use."""

    article: Article
    output: Output
    record: Graph
    graph_iri: URIRef
    warnings: list[str] = field(default_factory=list)

    def content(self) -> Graph:
        return self.output.graph()

    def graph(self) -> Graph:
        """Content and build record: the article's whole graph."""
        graph = self.content()
        for triple in self.record:
            graph.add(triple)
        return graph

    def counts(self) -> tuple[int, int]:
        return self.output.counts()


@dataclass(frozen=True)
class Stated:
    """What the person building says of text or wikitext inputs that they do not say
    themselves: the page's address (--source-url) and its licence (--licence). Never
    guessed: without it the graph has no licence and does not validate."""

    url: str | None = None
    licence: str | None = None

    def apply(self, article: Article) -> Article:
        """The article with the stated fields filled in; InputError if its source names
        another value itself."""
        source, changes = article.source, {}
        for name, value, option in (
            ("url", self.url, "--source-url"),
            ("licence", self.licence, "--licence"),
        ):
            own = getattr(source, name)
            if value is None or own == value:
                continue
            if own is not None:
                raise InputError(
                    f"{source.file or article.title}: '{article.title}': {option} {value}: "
                    f"the source names its own ({own})"
                )
            changes[name] = value
        if not changes:
            return article
        stated = source.stated | frozenset(changes)
        return replace(article, source=replace(source, **changes, stated=stated))


def _record(
    article: Article, output: Output, scope: str, graph_iri: URIRef, curation: Curation
) -> Graph:
    """Which warkg made the graph from which file, and the rules/curation split."""
    graph = bind_prefixes(Graph())
    release = warkg_version()
    software = ID[f"software/warkg/{release}"]
    activity = ID[f"build/{scope or slug(article.title)}"]
    source = output.parts and next(
        (s for s, p, o in output.triples() if p == RDF.type and o == WARKG.ArticleSnapshot), None
    )
    from_rules, from_curation = output.counts()
    graph.add((software, RDF.type, PROV.SoftwareAgent))
    graph.add((software, RDFS.label, Literal(f"warkg {release}", lang="en")))
    graph.add((software, DCTERMS.hasVersion, Literal(release)))
    graph.add((activity, RDF.type, PROV.Activity))
    graph.add((activity, RDFS.label, Literal(f"warkg build of '{article.title}'", lang="en")))
    graph.add((activity, PROV.wasAssociatedWith, software))
    if source:
        graph.add((activity, PROV.used, source))
    if article.source.file:
        graph.add((activity, WARKG.sourceFile, Literal(article.source.file)))
    graph.add((activity, WARKG.sourceFormat, Literal(article.source.format)))
    if curation.claims or curation.entities or curation.columns:
        graph.add((activity, WARKG.curationFile, Literal(curation.file)))
    count = XSD.nonNegativeInteger
    graph.add((activity, WARKG.triplesFromRules, Literal(str(from_rules), datatype=count)))
    graph.add((activity, WARKG.triplesFromCuration, Literal(str(from_curation), datatype=count)))
    graph.add((graph_iri, PROV.wasGeneratedBy, activity))
    return graph


def build_article(article: Article, curation: Curation | None = None) -> Built:
    """Apply the rules (and the curation, if it is this article's) to one article.
    InputError for a page with no infobox: the rules build conflict articles."""
    if article.infobox is None:
        raise InputError(
            f"{article.source.file or article.title}: '{article.title}' has no infobox; "
            "warkg build reads articles about conflicts (an Infobox military conflict)"
        )
    if curation is not None and curation.title not in (None, article.title):
        curation = None
    curation = curation or Curation()
    context = extract(article, curation)
    scope = curation.scope if curation.scope is not None else slug(article.title)
    graph_iri = ID[f"graph/{scope or slug(article.title)}"]
    record = _record(article, context.out, scope, graph_iri, curation)
    return Built(article, context.out, record, graph_iri, context.warnings)


def read_inputs(inputs: Iterable[Input], format_name: str | None) -> Iterator[Article]:
    """Every article of every input, each input read by the named or detected reader."""
    for source in inputs:
        reader: Reader = reader_named(format_name) if format_name else detect(source)
        yield from reader.read(source)


def build_inputs(
    inputs: Iterable[Input],
    format_name: str | None,
    curation_path: Path | None,
    jobs: int = 1,
    stated: Stated | None = None,
    seen: dict[URIRef, str] | None = None,
) -> Iterator[Built]:
    """Build every article the inputs hold. A curation file applies to the article whose
    title it names; the others are built by the rules alone. `jobs` is for readers
    that read in parallel (dumps); plain text is read in this process. `stated` fills in
    what the person building says of every input (see `Stated`). Two inputs holding the
    same article (by title: its IRIs are minted from it) are refused, since their graphs
    would merge; `seen` carries the graphs built so far across calls."""
    seen = {} if seen is None else seen
    curation = load_curation(curation_path) if curation_path else None
    if curation is not None and curation.title is None:
        raise InputError(f"{curation.file}: article.title is missing: which article is it for?")
    with warnings.catch_warnings(record=True) as caught:
        # What a reader reads only in part (an unknown citation template) is reported
        # with the article's warnings, once each.
        warnings.simplefilter("always", WikitextWarning)
        for article in read_inputs(inputs, format_name):
            built = build_article(stated.apply(article) if stated else article, curation)
            where = article.source.file or article.title
            if built.graph_iri in seen:
                raise InputError(
                    f"{where}: '{article.title}' is also the article of {seen[built.graph_iri]}:"
                    " an article's IRIs are minted from its title, so build them apart"
                )
            seen[built.graph_iri] = where
            notes = dict.fromkeys(str(w.message) for w in caught if w.category is WikitextWarning)
            built.warnings[:0] = list(notes)
            caught.clear()
            yield built


def build_shipped(curation_path: Path | None = None) -> Built:
    """The shipped graph, built from the shipped snapshot and its curation file (or
    another curation file)."""
    snapshot = paths.article_path()
    source = Input(name=snapshot.name, path=snapshot)
    if curation_path is None:
        curation = load_curation(shipped_curation_path(), SHIPPED_CURATION_NAME)
    else:
        curation = load_curation(curation_path)
    (built,) = (build_article(article, curation) for article in reader_named("text").read(source))
    return built


def serialise(built: list[Built], quads: bool = False) -> str:
    """One article as canonical Turtle (unless `quads`); several as N-Quads, one named
    graph each."""
    if len(built) == 1 and not quads:
        return canonical_turtle(built[0].graph())
    lines = []
    for one in built:
        name = nt_term(one.graph_iri)
        for triple in one.output.triples() | set(one.record):
            lines.append(" ".join(nt_term(term) for term in triple) + f" {name} .\n")
    return "".join(sorted(lines))
