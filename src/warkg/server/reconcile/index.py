"""The entities `warkg serve`'s /reconcile matches against, and the matching itself.

Built once, by the reconciliation worker on its first job, from the snapshot the query
workers load, so the service answers for exactly the data the SPARQL endpoint serves.
Which entities: every labelled subject that is an instance of a class under prov:Agent
(states, organisations, publishers, armed groups), prov:Location (places), prov:Activity
(events), warkg:Agreement, warkg:EquipmentModel or warkg:Work (cited works): what a
spreadsheet of events, places and organisations would name. Claims, references and
link records are the graph's own bookkeeping and are left out.

Matching costs grow with a name's length times the number of names: a batch of long
names is seconds of CPU, so it runs in a worker under the time limit, never in the
server's event loop.

Identifiers are the entities' full IRIs (so `--data` graphs with other bases work), and
types and properties are full IRIs too; queries may also name them by prefixed name
(`warkg:City`, `rdfs:label`) or, for the ontology's own, by local name (`City`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pyoxigraph

from warkg.rdf.namespaces import PREFIXES, PROV, RDF, RDFS, SKOS, WARKG
from warkg.wikidata.matching import best_match, normalise, similarity, tokens

ROOTS = (
    str(PROV.Agent),
    str(PROV.Location),
    str(PROV.Activity),
    str(WARKG.Agreement),
    str(WARKG.EquipmentModel),
    str(WARKG.Work),
)
MAX_LIMIT = 100
DEFAULT_LIMIT = 5
MAX_TEXT = 500
"""Characters in a name or property value: matching costs grow with length times the
number of names, and no entity's name is near this long."""
MIN_SCORE = 40.0
"""Candidates scoring below this (0-100) are not returned: nothing alike."""
MATCH_SCORE = 95.0
"""A candidate is flagged as a match only with at least this score, when it is the one
exact name match among the candidates (see `Index.reconcile`)."""


class QueryError(ValueError):
    """A query the service cannot answer: the message names the part that is wrong."""


class TextTooLong(QueryError):
    """A name or property value longer than MAX_TEXT: refused before any matching."""


@dataclass
class Entity:
    iri: str
    label: str
    aliases: list[str] = field(default_factory=list)
    types: set[str] = field(default_factory=set)
    values: dict[str, set[str]] = field(default_factory=dict)
    """Property IRI -> the values we compare with: literals' text, resources' IRIs and
    their labels."""
    value_iris: dict[str, set[str]] = field(default_factory=dict)


def _text(term: object) -> str:
    return term.value if isinstance(term, (pyoxigraph.NamedNode, pyoxigraph.Literal)) else ""


class Index:
    """Entities, their types (with the ontology's class hierarchy) and properties."""

    def __init__(self, store: pyoxigraph.Store) -> None:
        self.class_labels: dict[str, str] = {}
        self.superclasses: dict[str, set[str]] = {}
        self.property_labels: dict[str, str] = {}
        self.entities: dict[str, Entity] = {}
        self._load_classes(store)
        self._load_entities(store)
        self._by_token: dict[str, set[str]] = {}
        self._name_lengths: dict[str, list[int]] = {}
        for entity in self.entities.values():
            names = (entity.label, *entity.aliases)
            self._name_lengths[entity.iri] = [len(normalise(name)) for name in names]
            for name in names:
                for token in tokens(name):
                    self._by_token.setdefault(token, set()).add(entity.iri)

    @classmethod
    def from_file(cls, path: Path) -> Index:
        """The index of an N-Triples file (the server's worker snapshot)."""
        store = pyoxigraph.Store()
        store.load(path=path, format=pyoxigraph.RdfFormat.N_TRIPLES)
        return cls(store)

    # -- building

    def _load_classes(self, store: pyoxigraph.Store) -> None:
        sub = pyoxigraph.NamedNode(str(RDFS.subClassOf))
        direct: dict[str, set[str]] = {}
        for quad in store.quads_for_pattern(None, sub, None):
            if isinstance(quad.subject, pyoxigraph.NamedNode) and isinstance(
                quad.object, pyoxigraph.NamedNode
            ):
                direct.setdefault(quad.subject.value, set()).add(quad.object.value)
        for cls in direct:
            seen, todo = {cls}, [cls]
            while todo:
                for parent in direct.get(todo.pop(), ()):
                    if parent not in seen:
                        seen.add(parent)
                        todo.append(parent)
            self.superclasses[cls] = seen
        label = pyoxigraph.NamedNode(str(RDFS.label))
        for quad in store.quads_for_pattern(None, label, None):
            if isinstance(quad.subject, pyoxigraph.NamedNode) and _english(quad.object):
                self.property_labels.setdefault(quad.subject.value, quad.object.value)
        self.class_labels = dict(self.property_labels)

    def ancestors(self, cls: str) -> set[str]:
        """`cls` and every class above it."""
        return self.superclasses.get(cls, {cls})

    def _is_entity_class(self, cls: str) -> bool:
        return bool(self.ancestors(cls) & set(ROOTS))

    def _load_entities(self, store: pyoxigraph.Store) -> None:
        rdf_type = pyoxigraph.NamedNode(str(RDF.type))
        label = pyoxigraph.NamedNode(str(RDFS.label))
        alt = pyoxigraph.NamedNode(str(SKOS.altLabel))
        for quad in store.quads_for_pattern(None, rdf_type, None):
            subject, cls = quad.subject, quad.object
            if not isinstance(subject, pyoxigraph.NamedNode) or not isinstance(
                cls, pyoxigraph.NamedNode
            ):
                continue
            if not self._is_entity_class(cls.value):
                continue
            entity = self.entities.get(subject.value)
            if entity is None:
                labels = sorted(
                    q.object.value
                    for q in store.quads_for_pattern(subject, label, None)
                    if isinstance(q.object, pyoxigraph.Literal)
                )
                if not labels:
                    continue
                english = [
                    q.object.value
                    for q in store.quads_for_pattern(subject, label, None)
                    if _english(q.object)
                ]
                entity = Entity(subject.value, sorted(english)[0] if english else labels[0])
                entity.aliases = sorted(
                    {
                        q.object.value
                        for q in store.quads_for_pattern(subject, alt, None)
                        if isinstance(q.object, pyoxigraph.Literal)
                    }
                    | (set(labels) - {entity.label})
                )
                self.entities[subject.value] = entity
            entity.types.add(cls.value)
        for entity in self.entities.values():
            node = pyoxigraph.NamedNode(entity.iri)
            for quad in store.quads_for_pattern(node, None, None):
                prop, value = quad.predicate.value, quad.object
                texts = entity.values.setdefault(prop, set())
                if isinstance(value, pyoxigraph.NamedNode):
                    entity.value_iris.setdefault(prop, set()).add(value.value)
                    texts.add(value.value)
                    texts.update(
                        _text(q.object) for q in store.quads_for_pattern(value, label, None)
                    )
                elif isinstance(value, pyoxigraph.Literal):
                    texts.add(value.value)
        self.properties = sorted(
            {prop for entity in self.entities.values() for prop in entity.values}
        )

    # -- names of things

    def resolve(self, name: str, what: str, known: Iterable[str]) -> str:
        """A type or property named by full IRI, prefixed name or (for the ontology's
        terms) local name; QueryError naming it if this graph has no such one."""
        known = set(known)
        candidates = [name]
        prefix, colon, local = name.partition(":")
        if colon and prefix in PREFIXES and not local.startswith("//"):
            candidates.append(PREFIXES[prefix] + local)
        candidates.append(str(WARKG) + name)
        for candidate in candidates:
            if candidate in known:
                return candidate
        raise QueryError(f"unknown {what} {name!r}; see /reconcile/suggest/{what}?prefix=")

    def types_in_use(self) -> list[str]:
        """Every class an indexed entity belongs to, with its ancestors up to the roots."""
        used = set()
        for entity in self.entities.values():
            for cls in entity.types:
                used |= {c for c in self.ancestors(cls) if self._is_entity_class(c)}
        return sorted(used)

    def type_name(self, cls: str) -> str:
        return self.class_labels.get(cls, cls.rsplit("/", 1)[-1].rsplit("#", 1)[-1])

    def type_objects(self, entity: Entity) -> list[dict[str, str]]:
        return [{"id": cls, "name": self.type_name(cls)} for cls in sorted(entity.types)]

    def description(self, entity: Entity) -> str:
        """`city; also called Shushi` : the types, and the aliases if any."""
        text = ", ".join(self.type_name(cls) for cls in sorted(entity.types))
        if entity.aliases:
            text += "; also called " + ", ".join(entity.aliases)
        return text

    # -- reconciliation

    def _of_types(self, entity: Entity, wanted: list[str], strict: str) -> bool:
        have = set().union(*(self.ancestors(cls) for cls in entity.types))
        if strict == "all":
            return all(cls in have for cls in wanted)
        return any(cls in have for cls in wanted)

    def _may_score(self, length: int, iri: str) -> bool:
        """Whether a name of `length` normalised characters can reach MIN_SCORE against
        one of the entity's names. The name score is difflib's ratio, which never
        exceeds its real_quick_ratio, 2 * min(a, b) / (a + b) of the two lengths (and is
        100 only for equal names, whose bound is 1): a 480-character name against names
        of 20 is at most 8, so it is not compared at all (comparing it costs tens of ms
        of CPU, and a batch of such names would run into the time limit)."""
        return any(
            round(200 * min(length, other) / (length + other), 1) >= MIN_SCORE
            for other in self._name_lengths[iri]
            if length + other
        )

    def reconcile(self, query: dict[str, Any], *, prune: bool = True) -> list[dict[str, Any]]:
        """The candidates for one reconciliation query (already checked for shape by
        `check_query`), best first. With `prune` (always, but in the test that proves
        it changes nothing), names whose score cannot reach MIN_SCORE are not compared
        when the name is all there is to score."""
        text = query.get("query")
        text = text if isinstance(text, str) and text.strip() else None
        wanted = [self.resolve(t, "type", self.types_in_use()) for t in _as_list(query.get("type"))]
        strict = query.get("type_strict", "any")
        constraints = [
            (self.resolve(str(p["pid"]), "property", self.properties), _as_list(p.get("v")))
            for p in query.get("properties") or []
        ]
        limit = int(query.get("limit") or DEFAULT_LIMIT)
        if text is not None and len(self.entities) > 5000:
            pool = set().union(*(self._by_token.get(t, set()) for t in tokens(text)))
        else:
            pool = set(self.entities)
        length = len(normalise(text)) if text is not None else 0
        prune = prune and text is not None and not constraints
        results = []
        for iri in pool:
            entity = self.entities[iri]
            if wanted and not self._of_types(entity, wanted, strict):
                continue
            if prune and not self._may_score(length, iri):
                continue
            features, scores, exact = [], [], False
            if text is not None:
                name = best_match(text, entity.label, entity.aliases)
                features.append({"id": f"name_{name.kind}", "value": name.score})
                scores.append(name.score)
                exact = name.exact
            for prop, values in constraints:
                score = self._property_score(entity, prop, values)
                features.append({"id": f"property:{prop}", "value": score})
                scores.append(score)
            score = round(sum(scores) / len(scores), 1) if scores else 0.0
            if score < MIN_SCORE:
                continue
            results.append((score, exact, entity, features))
        results.sort(key=lambda r: (-r[0], r[2].label, r[2].iri))
        exact_count = sum(1 for r in results if r[1])
        answer = []
        for score, exact, entity, features in results[:limit]:
            answer.append(
                {
                    "id": entity.iri,
                    "name": entity.label,
                    "description": self.description(entity),
                    "score": score,
                    "match": exact and exact_count == 1 and score >= MATCH_SCORE,
                    "type": self.type_objects(entity),
                    "features": features,
                }
            )
        return answer

    def _property_score(self, entity: Entity, prop: str, values: list[Any]) -> float:
        """0-100: how well the best of the entity's values of `prop` matches the best
        of the given values (an `{"id": ...}` value must be the same resource)."""
        have = entity.values.get(prop, set())
        best = 0.0
        for value in values:
            if isinstance(value, dict):
                target = str(value.get("id", ""))
                iris = entity.value_iris.get(prop, set())
                best = max(best, 100.0 if target in iris else 0.0)
                continue
            given = str(value).lower() if isinstance(value, bool) else str(value)
            for text in have:
                best = max(best, similarity(given, text))
        return best

    # -- suggest

    def suggest_entities(self, prefix: str, type_name: str | None, limit: int) -> list[dict]:
        wanted = [self.resolve(type_name, "type", self.types_in_use())] if type_name else []
        start = normalise(prefix)
        found = []
        for entity in self.entities.values():
            if wanted and not self._of_types(entity, wanted, "any"):
                continue
            names = [normalise(n) for n in (entity.label, *entity.aliases)]
            if any(n.startswith(start) or f" {start}" in f" {n}" for n in names):
                found.append(entity)
        found.sort(key=lambda e: (not normalise(e.label).startswith(start), e.label, e.iri))
        return [
            {
                "id": e.iri,
                "name": e.label,
                "description": self.description(e),
                "notable": self.type_objects(e),
            }
            for e in found[:limit]
        ]

    def suggest_terms(self, prefix: str, terms: Iterable[str], limit: int) -> list[dict]:
        start = normalise(prefix)
        found = []
        for term in terms:
            name = self.type_name(term)
            local = term.rsplit("/", 1)[-1].rsplit("#", 1)[-1]
            if not start or any(normalise(n).startswith(start) for n in (name, local)):
                found.append({"id": term, "name": name})
        found.sort(key=lambda t: (t["name"], t["id"]))
        return found[:limit]


def _english(term: object) -> bool:
    return isinstance(term, pyoxigraph.Literal) and (term.language or "en").startswith("en")


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def check_query(key: str, query: Any) -> dict[str, Any]:
    """A reconciliation query's shape (as the 0.2 query-batch schema has it), with a
    one-line QueryError naming the key and field otherwise."""
    if not isinstance(query, dict):
        raise QueryError(f"query {key!r} is not a JSON object")
    text = query.get("query")
    if text is not None and not isinstance(text, str):
        raise QueryError(f"query {key!r}: 'query' must be a string")
    if text is not None and len(text) > MAX_TEXT:
        raise TextTooLong(f"query {key!r}: 'query' is longer than {MAX_TEXT} characters")
    if (text is None or not text.strip()) and not query.get("properties"):
        raise QueryError(f"query {key!r} has neither a 'query' string nor 'properties'")
    for name in _as_list(query.get("type")):
        if not isinstance(name, str):
            raise QueryError(f"query {key!r}: 'type' must be a string or a list of strings")
    if query.get("type_strict", "any") not in ("any", "all", "should"):
        raise QueryError(f"query {key!r}: 'type_strict' must be any, all or should")
    limit = query.get("limit", DEFAULT_LIMIT)
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"query {key!r}: 'limit' must be an integer from 1 to {MAX_LIMIT}")
    properties = query.get("properties", [])
    if not isinstance(properties, list):
        raise QueryError(f"query {key!r}: 'properties' must be a list")
    for prop in properties:
        if not isinstance(prop, dict) or not isinstance(prop.get("pid"), str) or "v" not in prop:
            raise QueryError(f"query {key!r}: each property needs a 'pid' string and a 'v'")
        for value in _as_list(prop["v"]):
            if isinstance(value, dict) and not isinstance(value.get("id"), str):
                raise QueryError(f"query {key!r}: a property value object needs an 'id' string")
            if isinstance(value, str) and len(value) > MAX_TEXT:
                raise TextTooLong(
                    f"query {key!r}: a property value is longer than {MAX_TEXT} characters"
                )
            if not isinstance(value, (dict, str, int, float, bool)):
                raise QueryError(
                    f"query {key!r}: property values are strings, numbers, "
                    "booleans or {'id': ...} objects"
                )
    return query
