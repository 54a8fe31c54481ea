"""`/ontology/`: documentation of the ontology, generated from its triples
(ontology/warkg.ttl, as loaded with the data): every class, property and concept with
label, definition, domain, range, super- and sub-terms, mappings to other vocabularies
and how often the data uses it, each at its own anchor (`/ontology/#startDate`, where
`/ontology/startDate` sends a browser).

Not pyLODE (see README, "Ontology documentation"): its pages put their stylesheet and
icons inline (a `<style>` element, `data:` images), which the pages' Content Security
Policy (`default-src 'none'`) blocks, and it cannot count how the data uses a term.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from rdflib import URIRef
from rdflib.namespace import OWL, RDF, RDFS, SKOS

from warkg.engines.base import Backend
from warkg.server.pages import query_files, render
from warkg.server.pages import terms as views
from warkg.server.pages.describe import ONTOLOGY
from warkg.server.workers.engine import Engine
from warkg.server.workers.jobs import Reply, html_reply

_GROUPS = (
    (str(OWL.Class), "Classes", "classes"),
    (str(OWL.ObjectProperty), "Object properties", "object-properties"),
    (str(OWL.DatatypeProperty), "Datatype properties", "datatype-properties"),
    (str(OWL.AnnotationProperty), "Annotation properties", "annotation-properties"),
    (str(SKOS.ConceptScheme), "Concept schemes", "concept-schemes"),
    (str(SKOS.Concept), "Concepts", "concepts"),
)
_RELATIONS = (
    (str(RDFS.subClassOf), "Subclass of"),
    (str(RDFS.subPropertyOf), "Subproperty of"),
    (str(OWL.inverseOf), "Inverse of"),
    (str(RDFS.domain), "Domain"),
    (str(RDFS.range), "Range"),
    (str(SKOS.inScheme), "In scheme"),
    (str(OWL.equivalentClass), "Equivalent class"),
    (str(OWL.equivalentProperty), "Equivalent property"),
    (str(SKOS.exactMatch), "Mapping (exact match)"),
    (str(SKOS.closeMatch), "Mapping (close match)"),
    (str(RDFS.seeAlso), "See also"),
)


def anchor(iri: str) -> str:
    """The term's fragment: its local name in our namespace, `prefix-name` elsewhere."""
    if iri.startswith(ONTOLOGY):
        return iri[len(ONTOLOGY) :]
    return views.prefixed(iri).replace(":", "-")


def _counts(backend: Backend, query: str, key: str) -> dict[str, int]:
    return {str(r[key]): int(str(r["n"])) for r in query_files.select(backend, query).rows}


def document(backend: Backend) -> dict:
    """Everything the documentation page shows, from the graph."""
    facts: dict[str, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for row in query_files.select(backend, "ontology-facts").rows:
        facts[str(row["term"])][str(row["p"])].append(row["o"])
    labels = views.term_labels(backend)
    predicates = _counts(backend, "predicate-usage", "p")
    instances = _counts(backend, "class-usage", "c")
    with_subclasses = _counts(backend, "class-usage-deep", "c")
    objects = _counts(backend, "object-usage", "o")
    inverse: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for term, props in facts.items():
        for prop in (str(RDFS.subClassOf), str(RDFS.subPropertyOf)):
            for parent in props.get(prop, []):
                inverse[str(parent)][prop].append(term)

    def link(iri: str) -> views.Shown:
        if iri in facts:
            return views.Shown(labels.get(iri, views.local_name(iri)), f"#{anchor(iri)}")
        return views.show(URIRef(iri))

    groups = []
    for type_iri, heading, group_id in _GROUPS:
        terms = [
            t for t, props in facts.items() if URIRef(type_iri) in props.get(str(RDF.type), [])
        ]
        entries = []
        for term in sorted(terms, key=lambda t: views.prefixed(t).casefold()):
            props = facts[term]
            relations = [
                (name, [link(str(o)) for o in props[prop]])
                for prop, name in _RELATIONS
                if props.get(prop)
            ]
            narrower = inverse.get(term, {})
            if narrower.get(str(RDFS.subClassOf)):
                relations.append(
                    ("Subclasses", [link(t) for t in sorted(narrower[str(RDFS.subClassOf)])])
                )
            if narrower.get(str(RDFS.subPropertyOf)):
                relations.append(
                    ("Subproperties", [link(t) for t in sorted(narrower[str(RDFS.subPropertyOf)])])
                )
            if type_iri == str(OWL.Class):
                count = instances.get(term, 0)
                usage = f"{count} resource{'' if count == 1 else 's'} of this class in the data"
                deep = with_subclasses.get(term, 0)
                if deep != instances.get(term, 0):
                    usage += f", {deep} with those of its subclasses"
            elif type_iri in (str(SKOS.Concept), str(SKOS.ConceptScheme)):
                usage = f"used as a value {objects.get(term, 0)} times in the data"
            else:
                usage = f"used in {predicates.get(term, 0)} triples of the data"
            entries.append(
                {
                    "iri": term,
                    "anchor": anchor(term),
                    "prefixed": views.prefixed(term),
                    "label": _first(props.get(str(RDFS.label))),
                    "definition": _first(props.get(str(SKOS.definition))),
                    "comment": _first(props.get(str(RDFS.comment))),
                    "notes": [str(n) for n in props.get(str(SKOS.note), [])],
                    "relations": relations,
                    "usage": usage,
                }
            )
        if entries:
            groups.append({"heading": heading, "id": group_id, "terms": entries})
    header: dict[str, list] = defaultdict(list)
    for row in query_files.select(backend, "ontology-header").rows:
        header[views.local_name(str(row["p"]))].append(row["o"])
    return {"groups": groups, "header": header}


def _first(values: list | None) -> str:
    return str(values[0]) if values else ""


@dataclass(frozen=True)
class OntologyDocsJob:
    def run(self, engine: Engine) -> Reply:
        doc = document(engine.backend)
        header = doc["header"]
        html = render(
            "ontology.html",
            title="The warkg ontology",
            name=_first(header.get("title")) or "warkg ontology",
            description=_first(header.get("description")),
            ontology_version=_first(header.get("versionInfo")),
            version_iri=_first(header.get("versionIRI")),
            license=_first(header.get("license")),
            created=_first(header.get("created")),
            modified=_first(header.get("modified")),
            prefix=_first(header.get("preferredNamespacePrefix")),
            iri=ONTOLOGY,
            groups=doc["groups"],
            count=sum(len(g["terms"]) for g in doc["groups"]),
            downloads=[
                {"href": f"/ontology/?format={f}", "text": t}
                for f, t in (
                    ("ttl", "Turtle"),
                    ("nt", "N-Triples"),
                    ("jsonld", "JSON-LD"),
                    ("rdf", "RDF/XML"),
                )
            ],
        )
        return html_reply(200, html)
