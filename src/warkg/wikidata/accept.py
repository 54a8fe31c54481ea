"""`warkg wikidata accept FILE`: reviewed rows of a reconcile file become verified link
records, after a live re-check.

A row is accepted only when a person wrote yes (or y, x, true, 1, accept) in its
`accept` column; an empty cell, no, n, false, 0 or reject leaves it out, and anything
else stops the command (exit 2) naming the file and line, so a typo never links. The
columns are found by their header names, so a spreadsheet may reorder or add columns.

The re-check is live (never the cache): the item's English label is read from the
endpoint at that moment and recorded as warkg:checkedLabel; a merged item is followed
to its target (and the method says so); an item with no label and no target is refused
as missing; and the type is checked again, a wrong type refused. An entity already
linked to another item, or an item already linked to another entity, is refused too:
one link each, changed only by a person editing the file.

The record written is the one the shapes require behind every skos:exactMatch:
status verified, the item, the label read, the date (UTC) and the method (the review
file and line, the reconcile evidence, the endpoint), and the entity's skos:exactMatch.
The links file is rewritten canonically (as `warkg fmt` writes it), atomically.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from rdflib import RDF, RDFS, XSD, Graph, Literal, URIRef
from rdflib.namespace import SKOS

from warkg.errors import InputError
from warkg.rdf.canonical import canonical_turtle, write_atomically
from warkg.rdf.namespaces import PREFIXES, WARKG, WD, WDLINK
from warkg.rdf.terms import shorten_term
from warkg.wikidata.alignment import QID, read_links
from warkg.wikidata.check import WD_PREFIX, label_query
from warkg.wikidata.client import SparqlClient
from warkg.wikidata.types import ItemClass, category_of, judge, type_query

YES = {"yes", "y", "x", "true", "1", "accept"}
NO = {"", "no", "n", "false", "0", "reject"}
REQUIRED = ("entity", "candidate", "accept")


@dataclass(frozen=True)
class Accepted:
    """One row a reviewer accepted: where it is, the entity and the item."""

    line: int
    entity: URIRef
    qid: str
    evidence: str


def _unquote(cell: str) -> str:
    """A cell as a spreadsheet may save it (in quotes, inner quotes doubled) back to its
    text."""
    cell = cell.strip()
    if len(cell) >= 2 and cell[0] == cell[-1] == '"':
        return cell[1:-1].replace('""', '"')
    return cell


def _entity(text: str, where: str) -> URIRef:
    prefix, colon, local = text.partition(":")
    if colon and prefix in PREFIXES and not local.startswith("//"):
        return URIRef(PREFIXES[prefix] + local)
    if text.startswith(("http://", "https://")):
        return URIRef(text)
    raise InputError(f"{where}: entity {text!r} is neither a prefixed name nor an IRI")


def read_review(path: Path) -> list[Accepted]:
    """The accepted rows of a review file; InputError naming file:line otherwise."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) else "not UTF-8"
        raise InputError(f"cannot read {path}: {reason or error}") from None
    lines = text.splitlines()
    if not lines:
        raise InputError(f"{path}: empty; expected a review file from `warkg wikidata reconcile`")
    header = [_unquote(cell).lower() for cell in lines[0].split("\t")]
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise InputError(
            f"{path}:1: no {', '.join(missing)} column in the header; expected a review file "
            "from `warkg wikidata reconcile`"
        )
    col = {name: header.index(name) for name in header[::-1]}
    accepted: list[Accepted] = []
    seen: dict[URIRef, int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not line.strip():
            continue
        cells = [_unquote(cell) for cell in line.split("\t")]
        where = f"{path}:{number}"
        if len(cells) < len(header):
            cells += [""] * (len(header) - len(cells))
        answer = cells[col["accept"]].lower()
        if answer in NO:
            continue
        if answer not in YES:
            raise InputError(
                f"{where}: accept {cells[col['accept']]!r} is neither yes nor no "
                f"(yes: {', '.join(sorted(YES))}; no: empty, {', '.join(sorted(NO - {''}))})"
            )
        entity = _entity(cells[col["entity"]], where)
        qid = cells[col["candidate"]].removeprefix("wd:")
        if not QID.match(qid):
            raise InputError(f"{where}: candidate {qid!r} is not a Wikidata item id such as Q123")
        if entity in seen:
            raise InputError(
                f"{where}: {shorten_term(entity)} is accepted twice (also on line {seen[entity]}); "
                "accept one item per entity"
            )
        seen[entity] = number
        evidence = cells[col["evidence"]] if "evidence" in col else ""
        accepted.append(Accepted(number, entity, qid, evidence))
    return accepted


def _qid(value: str) -> str | None:
    qid = value[len(WD_PREFIX) :] if value.startswith(WD_PREFIX) else ""
    return qid if QID.match(qid) else None


@dataclass(frozen=True)
class Outcome:
    """`item` and `label` when linked; `refused` the reason otherwise."""

    row: Accepted
    item: str | None = None
    label: str | None = None
    notes: tuple[str, ...] = ()
    refused: str | None = None

    def line(self) -> str:
        head = f"{self.row.line}: {shorten_term(self.row.entity)} wd:{self.row.qid}"
        if self.refused:
            return f"refused {head}: {self.refused}"
        extra = f" ({'; '.join(self.notes)})" if self.notes else ""
        return f'linked {head} as wd:{self.item} "{self.label}"{extra}'


class LiveCheck:
    """Labels, redirects and classes read live from the endpoint, for a set of items."""

    def __init__(self, client: SparqlClient, qids: list[str]) -> None:
        self.labels: dict[str, str] = {}
        self.redirects: dict[str, str] = {}
        self._read(client, qids)
        targets = sorted(set(self.redirects.values()) - set(self.labels))
        if targets:
            self._read(client, targets)
        items = sorted({self.redirects.get(q, q) for q in qids} & set(self.labels))
        self.classes: dict[str, list[ItemClass]] = {}
        if items:
            for row in client.select(type_query(items)):
                qid = _qid(row["item"].value) if "item" in row else None
                cls = _qid(row["class"].value) if "class" in row else None
                if qid and cls and "steps" in row:
                    label = row["label"].value if "label" in row else ""
                    item_class = ItemClass(cls, label, int(row["steps"].value))
                    self.classes.setdefault(qid, []).append(item_class)

    def _read(self, client: SparqlClient, qids: list[str]) -> None:
        for row in client.select(label_query(qids)):
            qid = _qid(row["item"].value) if "item" in row else None
            if qid is None:
                continue
            if "label" in row:
                self.labels.setdefault(qid, row["label"].value)
            target = _qid(row["redirect"].value) if "redirect" in row else None
            if target:
                self.redirects[qid] = target


def _new_record(links: Graph, entity: URIRef) -> URIRef:
    """`wdlink:NAME` for an entity that has no record yet (`wdlink:place-NAME` if
    another entity's record already has that name)."""
    parts = str(entity).rstrip("/").rsplit("/", 2)
    for name in (parts[-1], "-".join(parts[-2:])):
        record = WDLINK[name]
        if links.value(record, WARKG.linksEntity) in (None, entity):
            return record
    raise InputError(f"no free link record name for {shorten_term(entity)}")


def accept_rows(
    rows: list[Accepted],
    data: Graph,
    links: Graph,
    client: SparqlClient,
    review: Path,
    today: str | None = None,
) -> list[Outcome]:
    """Re-check each row live and, for those that pass, write its record into `links`
    (the links file's graph). `data` is the whole graph with the ontology."""
    today = today or datetime.now(UTC).date().isoformat()
    existing = {link.entity: link for link in read_links(data)}
    linked_items = {link.qid: link.entity for link in existing.values() if link.verified}
    check = LiveCheck(client, sorted({row.qid for row in rows}, key=lambda q: int(q[1:])))
    outcomes = []
    for row in rows:
        label_here = data.value(row.entity, RDFS.label)
        link = existing.get(row.entity)
        target = check.redirects.get(row.qid, row.qid)
        notes: list[str] = []
        if target != row.qid:
            notes.append(f"wd:{row.qid} redirects to wd:{target}, linked instead")
        label = check.labels.get(target)
        verdict = judge(check.classes.get(target, []), category_of(data, row.entity))
        refused = None
        if label_here is None:
            refused = "no such entity in the graph (it has no rdfs:label)"
        elif link is not None and link.verified:
            refused = (
                f"already linked to wd:{link.qid}; a verified link is changed only by "
                "editing the links file"
            )
        elif label is None:
            refused = "the endpoint has no English label and no redirect for it (missing)"
        elif target in linked_items:
            refused = f"wd:{target} is already linked to {shorten_term(linked_items[target])}"
        elif verdict.status == "wrong":
            refused = verdict.evidence(category_of(data, row.entity))
        if refused is not None:
            outcomes.append(Outcome(row, refused=refused))
            continue
        assert label is not None
        if verdict.status == "unchecked":
            notes.append(verdict.evidence(category_of(data, row.entity)))
        linked_items[target] = row.entity
        record = link.record if link is not None else _new_record(links, row.entity)
        _write_record(
            links,
            record,
            row,
            target,
            label,
            str(label_here),
            today,
            review,
            client,
            notes,
            verdict.evidence(category_of(data, row.entity)),
        )
        outcomes.append(Outcome(row, target, label, tuple(notes)))
    return outcomes


def _write_record(
    links: Graph,
    record: URIRef,
    row: Accepted,
    qid: str,
    label: str,
    entity_label: str,
    today: str,
    review: Path,
    client: SparqlClient,
    notes: list[str],
    type_evidence: str,
) -> None:
    links.remove((record, None, None))
    method = (
        f"accepted by a reviewer in {review.name}, line {row.line} (candidate found by "
        f"warkg wikidata reconcile: {row.evidence or 'no evidence recorded'}); re-checked "
        f"live at {client.endpoint} on {today}: the label is the item's English label read "
        f"there; {type_evidence}"
    )
    if notes and notes[0].startswith(f"wd:{row.qid} redirects"):
        method += f"; {notes[0]}"
    links.add((record, RDF.type, WARKG.WikidataLink))
    links.add((record, RDFS.label, Literal(f"Wikidata link for {entity_label}", lang="en")))
    links.add((record, WARKG.checkDate, Literal(today, datatype=XSD.date)))
    links.add((record, WARKG.checkedLabel, Literal(label, lang="en")))
    links.add((record, WARKG.linkStatus, WARKG.verified))
    links.add((record, WARKG.linksEntity, row.entity))
    links.add((record, WARKG.linksItem, WD[qid]))
    links.add((record, WARKG.verificationMethod, Literal(method)))
    links.add((row.entity, SKOS.exactMatch, WD[qid]))


def write_links(path: Path, links: Graph) -> None:
    """The links file, canonical, replaced atomically."""
    try:
        write_atomically(path, canonical_turtle(links).encode("utf-8"))
    except OSError as error:
        raise InputError(f"cannot write {path}: {error.strerror or error}") from None
