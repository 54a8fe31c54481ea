"""`/.well-known/void`: the dataset described with VoID and DCAT, so a crawler or a
data catalogue finds what the graph holds (triples, classes, properties, with a
partition for each), its licence and source, example resources, the SPARQL endpoint and
the dumps, without reading the README.

The dataset node `<BASE/.well-known/void#dataset>` is the one the SPARQL service
description names as its default dataset, so both descriptions speak of one thing.
Counts are measured on the data the worker holds, never written by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph
from rdflib import Literal, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, RDF, RDFS, XSD

from warkg.engines.base import Backend
from warkg.rdf.conversion import to_oxigraph
from warkg.rdf.namespaces import BASE, ID, WARKG
from warkg.server.http.media import GRAPH_FORMATS
from warkg.server.pages import query_files
from warkg.server.pages.describe import write_rdf
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply
from warkg.version import package_version

VOID = "http://rdfs.org/ns/void#"
DCAT_NS = str(DCAT)
V = {
    name: URIRef(VOID + name)
    for name in (
        "Dataset",
        "triples",
        "classes",
        "properties",
        "distinctSubjects",
        "distinctObjects",
        "entities",
        "sparqlEndpoint",
        "dataDump",
        "exampleResource",
        "uriSpace",
        "vocabulary",
        "classPartition",
        "propertyPartition",
        "class",
        "property",
        "rootResource",
    )
}
DATASET_FRAGMENT = ".well-known/void#dataset"

_DUMPS = (
    ("graph.ttl", "text/turtle"),
    ("graph.nt", "application/n-triples"),
    ("graph.jsonld", "application/ld+json"),
)


def _int(value: int) -> Literal:
    return Literal(value, datatype=XSD.integer)


def describe(backend: Backend, base: str, triples: int) -> list[tuple]:
    """The VoID and DCAT triples for the data `backend` holds, served at `base`."""
    base = base if base.endswith("/") else base + "/"
    dataset = URIRef(base + DATASET_FRAGMENT)
    service = URIRef(base + "sparql")
    out = [
        (dataset, RDF.type, V["Dataset"]),
        (dataset, RDF.type, DCAT.Dataset),
        (
            dataset,
            DCTERMS.title,
            Literal("warkg: the Second Nagorno-Karabakh War, claim by claim", lang="en"),
        ),
        (
            dataset,
            DCTERMS.description,
            Literal(
                "A knowledge graph of the Second Nagorno-Karabakh War built from its Wikipedia "
                "article, in which every claim carries its provenance: claimant, article text, "
                "section and the article's numbered references.",
                lang="en",
            ),
        ),
        (dataset, DCTERMS.hasVersion, Literal(package_version())),
        (dataset, V["triples"], _int(triples)),
        (dataset, V["uriSpace"], Literal(str(ID))),
        (dataset, V["vocabulary"], URIRef(str(WARKG))),
        (dataset, V["sparqlEndpoint"], service),
        (dataset, V["rootResource"], URIRef(BASE + "id/event/second-nagorno-karabakh-war")),
        (dataset, FOAF.homepage, URIRef(base)),
        (dataset, RDFS.seeAlso, URIRef(base + "ontology/")),
        (dataset, DCAT.accessService, service),
        (service, RDF.type, DCAT.DataService),
        (service, DCAT.endpointURL, service),
        (service, DCAT.servesDataset, dataset),
        (service, DCTERMS.conformsTo, URIRef("https://www.w3.org/TR/sparql11-protocol/")),
    ]
    for row in query_files.select(backend, "void-snapshot").rows:
        if row["license"] is not None:
            out.append((dataset, DCTERMS.license, row["license"]))
        if row["source"] is not None:
            out.append((dataset, DCTERMS.source, row["source"]))
    stats = query_files.select(backend, "void-counts").rows[0]
    out += [
        (dataset, V["distinctSubjects"], _int(int(str(stats["subjects"])))),
        (dataset, V["distinctObjects"], _int(int(str(stats["objects"])))),
        (dataset, V["properties"], _int(int(str(stats["properties"])))),
    ]
    classes = query_files.select(backend, "void-classes").rows
    out.append((dataset, V["classes"], _int(len(classes))))
    for row in classes:
        part = URIRef(f"{base}{DATASET_FRAGMENT}-class-{_slug(str(row['c']))}")
        out += [
            (dataset, V["classPartition"], part),
            (part, V["class"], row["c"]),
            (part, V["entities"], _int(int(str(row["n"])))),
        ]
    for row in query_files.select(backend, "void-properties").rows:
        part = URIRef(f"{base}{DATASET_FRAGMENT}-property-{_slug(str(row['p']))}")
        out += [
            (dataset, V["propertyPartition"], part),
            (part, V["property"], row["p"]),
            (part, V["triples"], _int(int(str(row["n"])))),
        ]
    for row in query_files.select(backend, "void-examples").rows:
        out.append((dataset, V["exampleResource"], URIRef(str(row["example"]))))
    for name, media in _DUMPS:
        dump = URIRef(base + name)
        out += [
            (dataset, V["dataDump"], dump),
            (dataset, DCAT.distribution, dump),
            (dump, RDF.type, DCAT.Distribution),
            (dump, DCAT.downloadURL, dump),
            (dump, DCAT.mediaType, Literal(media)),
        ]
    return out


def summary(base: str, endpoint: str, triples: int) -> list[pyoxigraph.Triple]:
    """What the SPARQL service description says of its default dataset, from VoID and
    DCAT (what the server knows without a query; the rest is at /.well-known/void)."""
    base = base if base.endswith("/") else base + "/"
    dataset = URIRef(base + DATASET_FRAGMENT)
    found = [
        (dataset, RDF.type, DCAT.Dataset),
        (dataset, V["triples"], _int(triples)),
        (dataset, V["sparqlEndpoint"], URIRef(endpoint)),
        (dataset, V["uriSpace"], Literal(str(ID))),
        (dataset, V["vocabulary"], URIRef(str(WARKG))),
        (dataset, DCAT.accessService, URIRef(endpoint)),
    ]
    for name, media in _DUMPS:
        dump = URIRef(base + name)
        found += [
            (dataset, V["dataDump"], dump),
            (dataset, DCAT.distribution, dump),
            (dump, DCAT.mediaType, Literal(media)),
        ]
    return [pyoxigraph.Triple(*(to_oxigraph(term) for term in t)) for t in found]


def _slug(iri: str) -> str:
    return "".join(c if c.isalnum() else "-" for c in iri.split("://", 1)[-1]).strip("-")


@dataclass(frozen=True)
class VoidJob:
    base: str
    fmt: str
    triples: int

    def run(self, engine: Engine) -> Reply:
        fmt = next(f for f in GRAPH_FORMATS if f.name == self.fmt)
        body = write_rdf(describe(engine.backend, self.base, self.triples), fmt)
        return Reply(200, fmt.content_type, body)
