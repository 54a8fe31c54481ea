"""What kind of Wikidata item each of our entities may be linked to.

No Wikidata id of a class (country, newspaper, city, ...) is on the verified list, and
this project never writes an id it has not verified. So the type check compares NAMES:
a candidate's classes, read at the endpoint along its instance-of / subclass-of chain
(P31, then up to three P279 steps), are matched by their English labels against the
words below for the entity's category. The evidence column of the review file names
the class label that matched and how many steps up it was, so a reviewer can judge it.

A candidate whose chain has classes but none of them fits is rejected (a person for a
newspaper, a village for a state); one with no P31 at all is kept as unchecked, with
half the score. The category of an entity comes from its warkg class through the
ontology (e.g. warkg:City -> warkg:Place -> place), so new classes fit in without
code changes.
"""

from __future__ import annotations

from dataclasses import dataclass

from rdflib import RDF, RDFS, Graph, URIRef

from warkg.rdf.namespaces import PROV, WARKG
from warkg.wikidata.matching import normalise

MAX_SUBCLASS_STEPS = 3


@dataclass(frozen=True)
class Category:
    name: str
    root: URIRef
    class_labels: frozenset[str]


def _category(name: str, root: URIRef, labels: str) -> Category:
    return Category(name, root, frozenset(normalise(x) for x in labels.split(",")))


# First root in the entity's class ancestry wins: the specific before the general.
CATEGORIES = (
    _category(
        "state",
        WARKG.PoliticalEntity,
        "country, sovereign state, state, state with limited recognition, unrecognized "
        "state, de facto state, republic, historical country, breakaway state",
    ),
    _category(
        "newspaper, news agency or other publisher",
        WARKG.SourceOrganisation,
        "newspaper, daily newspaper, online newspaper, news agency, news website, website, "
        "news media, mass media, news outlet, broadcaster, public broadcaster, television "
        "channel, television station, television network, radio station, periodical, "
        "magazine, news magazine, online magazine, publisher, publishing company, media "
        "company, media outlet, think tank, blog, web portal, organization, "
        "non-governmental organization, government agency, ministry, government, "
        "official website",
    ),
    _category(
        "organisation",
        PROV.Organization,
        "organization, international organization, intergovernmental organization, "
        "non-governmental organization, human rights organization, court, international "
        "court, armed organization, armed group, militant group, rebel group, paramilitary "
        "organization, military organization, military unit, government agency, political "
        "organization, coalition, alliance",
    ),
    _category(
        "place",
        PROV.Location,
        "city, town, village, human settlement, region, geographic region, historical "
        "region, territory, disputed territory, enclave, exclave, corridor, road, highway, "
        "monastery, church building, building, place, geographic location, administrative "
        "territorial entity, area, border, mountain, mountain range, front line",
    ),
    _category(
        "event",
        PROV.Activity,
        "war, armed conflict, conflict, border conflict, ethnic conflict, proxy war, "
        "military operation, military offensive, offensive, military campaign, battle, "
        "siege, capture, event, occurrence, protest, demonstration, ceasefire, legal case, "
        "court case, lawsuit, peacekeeping mission, military deployment",
    ),
    _category(
        "agreement",
        WARKG.Agreement,
        "agreement, treaty, peace treaty, ceasefire, ceasefire agreement, armistice, "
        "international agreement, document",
    ),
    _category(
        "equipment model",
        WARKG.EquipmentModel,
        "aircraft model, aircraft family, helicopter model, unmanned aerial vehicle, "
        "unmanned combat aerial vehicle, military drone, loitering munition, weapon, "
        "weapon model, weapon family, surface-to-air missile system, missile system, "
        "military vehicle, vehicle model, artillery, tank, multiple rocket launcher, "
        "product model",
    ),
    _category(
        "work",
        WARKG.Work,
        "article, news article, scholarly article, report, web page, publication, written "
        "work, creative work, speech, interview, press release, book",
    ),
)


def category_of(graph: Graph, entity: URIRef) -> Category | None:
    """The category of `entity`'s classes (the graph must hold the ontology)."""
    ancestors: set[URIRef] = set()
    todo = [c for c in graph.objects(entity, RDF.type) if isinstance(c, URIRef)]
    while todo:
        cls = todo.pop()
        if cls not in ancestors:
            ancestors.add(cls)
            todo.extend(c for c in graph.objects(cls, RDFS.subClassOf) if isinstance(c, URIRef))
    for category in CATEGORIES:
        if category.root in ancestors:
            return category
    return None


def type_query(qids: list[str]) -> str:
    """Each item's classes: P31 (steps 0), then up to MAX_SUBCLASS_STEPS P279 steps, with
    their English labels. Depth-bounded so one query stays cheap at the public service."""
    values = " ".join(f"wd:{qid}" for qid in qids)
    unions = []
    for steps in range(MAX_SUBCLASS_STEPS + 1):
        path = "/".join(["wdt:P31", *["wdt:P279"] * steps])
        unions.append(f"{{ ?item {path} ?class . BIND({steps} AS ?steps) }}")
    return (
        "PREFIX wd: <http://www.wikidata.org/entity/>\n"
        "PREFIX wdt: <http://www.wikidata.org/prop/direct/>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "SELECT ?item ?class ?label ?steps WHERE {\n"
        f"  VALUES ?item {{ {values} }}\n"
        f"  {' UNION '.join(unions)}\n"
        '  OPTIONAL { ?class rdfs:label ?label . FILTER(LANG(?label) = "en") }\n'
        "}\n"
    )


@dataclass(frozen=True)
class ItemClass:
    qid: str
    label: str
    steps: int


@dataclass(frozen=True)
class TypeVerdict:
    """`status` fits, wrong or unchecked; `matched` the class that fitted (fewest steps)."""

    status: str
    direct: tuple[str, ...]
    matched: ItemClass | None = None

    def evidence(self, category: Category | None) -> str:
        what = category.name if category else "(no category)"
        if self.status == "fits":
            assert self.matched is not None
            how = (
                "instance of"
                if self.matched.steps == 0
                else f"instance of a subclass ({self.matched.steps} P279 steps) of"
            )
            return f'type fits {what}: {how} "{self.matched.label}" (wd:{self.matched.qid})'
        if self.status == "wrong":
            return f"type wrong for {what}: instance of {', '.join(self.direct)}"
        if category is None:
            return "type unchecked: the entity's class has no category to compare with"
        return "type unchecked: the endpoint has no instance-of (P31) for the item"


def judge(classes: list[ItemClass], category: Category | None) -> TypeVerdict:
    """Whether an item whose classes are `classes` may be a `category` thing."""
    direct = tuple(sorted({c.label or f"wd:{c.qid}" for c in classes if c.steps == 0}))
    if not classes or category is None:
        return TypeVerdict("unchecked", direct)
    fitting = [c for c in classes if normalise(c.label) in category.class_labels]
    if not fitting:
        return TypeVerdict("wrong", direct)
    best = min(fitting, key=lambda c: (c.steps, c.label, c.qid))
    return TypeVerdict("fits", direct, best)
