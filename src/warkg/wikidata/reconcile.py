"""`warkg wikidata reconcile`: candidate Wikidata items for every entity whose link is
not verified, written as a review file. It never writes a link: a person reads the
file, marks the rows to accept, and `warkg wikidata accept` re-checks them live.

How candidates are found, checked and scored (each step is named in the evidence):

1. Names: the entity's English rdfs:label and every skos:altLabel.
2. Search: each name is given to the search API (wbsearchentities: label and alias
   matches, in the API's ranking), and all names are looked up at the SPARQL endpoint
   as exact English labels or aliases (one query for a batch of names).
3. Redirects: items the endpoint shows as merged (`owl:sameAs`) are replaced by their
   target, and the evidence says so.
4. Types: each candidate's classes along P31/P279 (see `warkg.wikidata.types`); wrong
   types are rejected and written only with --rejected.
5. Score (0-100): the best name similarity (`warkg.wikidata.matching`) between our names and the
   candidate's label or matched alias, minus 5 per subclass step to the fitting class,
   minus 1 per place below the top of the search ranking (at most 10); an unchecked
   type halves it. Rows are written best first for each entity.

Requests are batched (names and items 50 per SPARQL query), cached on disk, and go
through the shared etiquette (`PoliteClient`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from rdflib import RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from warkg.rdf.terms import shorten_term
from warkg.wikidata.alignment import QID, read_links
from warkg.wikidata.api import SearchApi
from warkg.wikidata.check import WD_PREFIX, label_query
from warkg.wikidata.client import SparqlClient, Term
from warkg.wikidata.matching import best_match
from warkg.wikidata.types import Category, ItemClass, TypeVerdict, category_of, judge, type_query

BATCH = 50
COLUMNS = (
    "entity",
    "entity_label",
    "candidate",
    "label",
    "description",
    "type",
    "score",
    "evidence",
    "accept",
)


@dataclass
class Entity:
    iri: URIRef
    label: str
    aliases: list[str]
    category: Category | None

    @property
    def names(self) -> list[str]:
        return [self.label, *self.aliases]


@dataclass
class Candidate:
    qid: str
    label: str = ""
    description: str = ""
    matched_names: set[str] = field(default_factory=set)
    rank: int | None = None
    evidence: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class Row:
    entity: Entity
    candidate: Candidate
    verdict: TypeVerdict
    score: float
    name_evidence: str

    def cells(self) -> list[str]:
        evidence = [
            *self.candidate.evidence,
            self.name_evidence,
            self.verdict.evidence(self.entity.category),
        ]
        return [
            shorten_term(self.entity.iri),
            self.entity.label,
            self.candidate.qid,
            self.candidate.label,
            self.candidate.description,
            "; ".join(self.verdict.direct),
            f"{self.score:.1f}",
            "; ".join(evidence),
            "",
        ]


def _english(graph: Graph, subject: URIRef, predicate: URIRef) -> list[str]:
    values = [
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and (o.language or "en").startswith("en")
    ]
    return sorted(set(values))


def entities_to_reconcile(graph: Graph) -> list[Entity]:
    """Every entity with an unverified link record, with its names and category."""
    found = []
    for link in read_links(graph):
        if link.verified:
            continue
        labels = _english(graph, link.entity, RDFS.label)
        if not labels:
            continue
        aliases = [a for a in _english(graph, link.entity, SKOS.altLabel) if a != labels[0]]
        aliases += labels[1:]
        found.append(Entity(link.entity, labels[0], aliases, category_of(graph, link.entity)))
    return found


def _qid(term: Term | None) -> str | None:
    if term is None or not term.value.startswith(WD_PREFIX):
        return None
    qid = term.value[len(WD_PREFIX) :]
    return qid if QID.match(qid) else None


def _batches(items: list, size: int = BATCH) -> Iterable[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def _sparql_string(text: str) -> str:
    escaped = (
        text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    )
    return f'"{escaped}"@en'


def name_query(names: list[str]) -> str:
    """Items whose English label or alias is exactly one of `names`."""
    values = " ".join(_sparql_string(name) for name in names)
    return (
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX skos: <http://www.w3.org/2004/02/skos/core#>\n"
        "PREFIX schema: <http://schema.org/>\n"
        "SELECT ?name ?item ?how ?label ?description WHERE {\n"
        f"  VALUES ?name {{ {values} }}\n"
        '  { ?item rdfs:label ?name . BIND("label" AS ?how) }\n'
        '  UNION { ?item skos:altLabel ?name . BIND("alias" AS ?how) }\n'
        '  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "en") }\n'
        '  OPTIONAL { ?item schema:description ?description . FILTER(LANG(?description) = "en") }\n'
        "}\n"
    )


def _merge_into(cands: dict[str, Candidate], old: str, target: str, label: str | None) -> None:
    """Replace the redirected candidate `old` by its `target` (merging if both were found);
    the label is the target's, the description kept only if it came with the target."""
    moved = cands.pop(old)
    merged = cands.setdefault(target, Candidate(target))
    if label:
        merged.label = label
    merged.matched_names |= moved.matched_names
    ranks = [r for r in (merged.rank, moved.rank) if r is not None]
    merged.rank = min(ranks) if ranks else None
    merged.evidence += [*moved.evidence, f"redirect followed: wd:{old} -> wd:{target}"]


class Reconciler:
    """Finds, checks and scores candidates; `limit` rows at most per entity."""

    def __init__(
        self, api: SearchApi | None, sparql: SparqlClient, *, limit: int = 5, rejected: bool = False
    ) -> None:
        self.api = api
        self.sparql = sparql
        self.limit = limit
        self.include_rejected = rejected
        self.rejected_count = 0

    def _search(self, entities: list[Entity]) -> dict[URIRef, dict[str, Candidate]]:
        found: dict[URIRef, dict[str, Candidate]] = {e.iri: {} for e in entities}
        if self.api is not None:
            for entity in entities:
                for name in entity.names:
                    for hit in self.api.search(name):
                        if not QID.match(hit.qid):
                            continue
                        cand = found[entity.iri].setdefault(hit.qid, Candidate(hit.qid))
                        cand.label = cand.label or hit.label
                        cand.description = cand.description or hit.description
                        cand.matched_names.add(hit.match_text)
                        cand.rank = hit.rank if cand.rank is None else min(cand.rank, hit.rank)
                        where = f'{hit.match_type} "{hit.match_text}" at #{hit.rank + 1}'
                        cand.evidence.append(f'search "{name}": {where}')
        by_name: dict[str, list[Entity]] = {}
        for entity in entities:
            for name in entity.names:
                by_name.setdefault(name, []).append(entity)
        for names in _batches(sorted(by_name)):
            for row in self.sparql.select(name_query(names)):
                qid, name = _qid(row.get("item")), row.get("name")
                if qid is None or name is None:
                    continue
                how = row["how"].value if "how" in row else "label"
                for entity in by_name.get(name.value, []):
                    cand = found[entity.iri].setdefault(qid, Candidate(qid))
                    if "label" in row and not cand.label:
                        cand.label = row["label"].value
                    if "description" in row and not cand.description:
                        cand.description = row["description"].value
                    cand.matched_names.add(name.value)
                    note = f'endpoint: English {how} "{name.value}"'
                    if note not in cand.evidence:
                        cand.evidence.append(note)
        return found

    def _follow_redirects(self, found: dict[URIRef, dict[str, Candidate]]) -> None:
        qids = sorted({q for cands in found.values() for q in cands}, key=lambda q: int(q[1:]))
        targets: dict[str, str] = {}
        labels: dict[str, str] = {}
        for batch in _batches(qids):
            for row in self.sparql.select(label_query(batch)):
                qid, target = _qid(row.get("item")), _qid(row.get("redirect"))
                if qid and target:
                    targets[qid] = target
                if qid and "label" in row:
                    labels.setdefault(qid, row["label"].value)
        new_targets = sorted(set(targets.values()) - set(labels), key=lambda q: int(q[1:]))
        for batch in _batches(new_targets):
            for row in self.sparql.select(label_query(batch)):
                qid = _qid(row.get("item"))
                if qid and "label" in row:
                    labels.setdefault(qid, row["label"].value)
        for cands in found.values():
            for old, target in targets.items():
                if old in cands:
                    _merge_into(cands, old, target, labels.get(target))
            for qid, cand in cands.items():
                cand.label = cand.label or labels.get(qid, "")

    def _classes(self, qids: list[str]) -> dict[str, list[ItemClass]]:
        classes: dict[str, dict[tuple[str, int], ItemClass]] = {}
        for batch in _batches(qids):
            for row in self.sparql.select(type_query(batch)):
                qid, cls = _qid(row.get("item")), _qid(row.get("class"))
                if qid is None or cls is None or "steps" not in row:
                    continue
                steps = int(row["steps"].value)
                label = row["label"].value if "label" in row else ""
                key = (cls, steps)
                classes.setdefault(qid, {}).setdefault(key, ItemClass(cls, label, steps))
        return {
            qid: sorted(found.values(), key=lambda c: (c.steps, c.qid))
            for qid, found in classes.items()
        }

    def rows(self, entities: list[Entity]) -> list[Row]:
        found = self._search(entities)
        self._follow_redirects(found)
        qids = sorted({q for cands in found.values() for q in cands}, key=lambda q: int(q[1:]))
        classes = self._classes(qids)
        rows: list[Row] = []
        for entity in entities:
            scored = []
            for cand in found[entity.iri].values():
                verdict = judge(classes.get(cand.qid, []), entity.category)
                names = [n for n in {cand.label, *cand.matched_names} if n]
                name = max(
                    (best_match(ours, names[0], names[1:]) for ours in entity.names),
                    key=lambda m: m.score,
                    default=None,
                )
                name_score = name.score if name else 0.0
                name_note = (
                    f'name similarity {name_score:g} with "{name.name}"' if name else "no name"
                )
                score = name_score
                if verdict.status == "fits" and verdict.matched is not None:
                    score -= 5 * verdict.matched.steps
                if cand.rank is not None:
                    score -= min(cand.rank, 10)
                if verdict.status == "unchecked":
                    score /= 2
                score = max(0.0, round(score, 1))
                if verdict.status == "wrong":
                    self.rejected_count += 1
                    if not self.include_rejected:
                        continue
                    score = 0.0
                scored.append(Row(entity, cand, verdict, score, name_note))
            scored.sort(key=lambda r: (-r.score, int(r.candidate.qid[1:])))
            rows += scored[: self.limit]
        return rows


def _cell(text: str) -> str:
    """A TSV cell: tabs and line breaks would split rows, so they become spaces."""
    return " ".join(text.replace("\t", " ").splitlines()) if text else ""


def review_tsv(rows: list[Row]) -> str:
    """The review file, plain TSV (no quoting; cells never hold tabs or line breaks): a
    header, then one row per candidate, `accept` left empty for the reviewer."""
    lines = ["\t".join(COLUMNS)]
    lines += ["\t".join(_cell(c) for c in row.cells()) for row in rows]
    return "".join(f"{line}\n" for line in lines)
