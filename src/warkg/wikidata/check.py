"""`warkg wikidata check`: are our verified links still the items we think they are?

Each verified link records a label (warkg:checkedLabel), and the check compares the
item's English label at the endpoint with THAT recorded label. In the shipped data the
recorded labels were not read from Wikidata: they are the entity names of the verified
list (wikidata-verified.md), copied when the links were made, so this check is the first
comparison with the items' real labels. If they differ, the item may carry another name
(harmless) or the id may point at something else (a wrong link): either way a person
should look. An item
with no English label is reported as missing (deleted, or never existed); one the
endpoint redirects (owl:sameAs, as the Wikidata query service writes merged items) is
reported with its target.

All items are asked for in ONE query (VALUES), so a check costs one request however
many links there are.
"""

from __future__ import annotations

from dataclasses import dataclass

from warkg.wikidata.alignment import Link
from warkg.wikidata.client import SparqlClient

WD_PREFIX = "http://www.wikidata.org/entity/"


def label_query(qids: list[str]) -> str:
    """The one query: each item's English label and redirect target, if any."""
    values = " ".join(f"wd:{qid}" for qid in qids)
    return (
        f"PREFIX wd: <{WD_PREFIX}>\n"
        "PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n"
        "PREFIX owl: <http://www.w3.org/2002/07/owl#>\n"
        "SELECT ?item ?label ?redirect WHERE {\n"
        f"  VALUES ?item {{ {values} }}\n"
        '  OPTIONAL { ?item rdfs:label ?label . FILTER(LANG(?label) = "en") }\n'
        "  OPTIONAL { ?item owl:sameAs ?redirect }\n"
        "}\n"
    )


@dataclass(frozen=True)
class CheckResult:
    """`status` is match, mismatch, missing or redirected."""

    link: Link
    status: str
    found_label: str | None = None
    redirect: str | None = None

    def line(self) -> str:
        """One report line, e.g. `mismatch agent:turkey wd:Q43: recorded "Turkey", ...`."""
        head = f"{self.status} {self.link.entity_name} wd:{self.link.qid}"
        recorded = f'recorded "{self.link.checked_label}"'
        if self.status == "mismatch":
            return f'{head}: {recorded}, endpoint has "{self.found_label}"'
        if self.status == "missing":
            return f"{head}: {recorded}, endpoint has no English label for the item"
        if self.status == "redirected":
            return f"{head}: {recorded}, endpoint redirects the item to wd:{self.redirect}"
        return f"{head}: {recorded}"


def _qid(iri: str) -> str | None:
    return iri[len(WD_PREFIX) :] if iri.startswith(WD_PREFIX) else None


def check_links(links: list[Link], client: SparqlClient) -> list[CheckResult]:
    """Compare each verified link's recorded label with the endpoint's English label."""
    links = [link for link in links if link.verified and link.qid]
    if not links:
        return []
    qids = sorted({link.qid for link in links if link.qid}, key=lambda q: int(q[1:]))
    labels: dict[str, set[str]] = {}
    redirects: dict[str, set[str]] = {}
    for row in client.select(label_query(qids)):
        item = row.get("item")
        qid = _qid(item.value) if item is not None else None
        if qid is None:
            continue
        if "label" in row:
            labels.setdefault(qid, set()).add(row["label"].value)
        target = _qid(row["redirect"].value) if "redirect" in row else None
        if target is not None:
            redirects.setdefault(qid, set()).add(target)
    results = []
    for link in links:
        found = labels.get(link.qid or "", set())
        if link.checked_label in found:
            results.append(CheckResult(link, "match", link.checked_label))
        elif found:
            results.append(CheckResult(link, "mismatch", sorted(found)[0]))
        elif link.qid in redirects:
            results.append(CheckResult(link, "redirected", redirect=sorted(redirects[link.qid])[0]))
        else:
            results.append(CheckResult(link, "missing"))
    return results


def summary(results: list[CheckResult]) -> str:
    """`13 verified links checked against their recorded labels (warkg:checkedLabel): 11
    match, 1 mismatch, 1 missing, 0 redirected`: says what was compared with what."""
    counts = {status: 0 for status in ("match", "mismatch", "missing", "redirected")}
    for result in results:
        counts[result.status] += 1
    one = len(results) == 1
    what = "link" if one else "links"
    against = "its recorded label" if one else "their recorded labels"
    tally = ", ".join(f"{n} {status}" for status, n in counts.items())
    return f"{len(results)} verified {what} checked against {against} (warkg:checkedLabel): {tally}"


@dataclass(frozen=True)
class IdResult:
    """A project-file id checked like a link: match, mismatch, missing or redirected."""

    key: str
    id: str
    recorded: str
    status: str
    found: str | None = None

    def line(self) -> str:
        head = f'{self.status} {self.key} wd:{self.id}: recorded "{self.recorded}"'
        if self.status == "mismatch":
            return f'{head}, endpoint has "{self.found}"'
        if self.status == "missing":
            return f"{head}, endpoint has no English label for it"
        if self.status == "redirected":
            return f"{head}, endpoint redirects it to wd:{self.found}"
        return head


def check_ids(entries: list[tuple[str, str, str]], client: SparqlClient) -> list[IdResult]:
    """(key, id, recorded label) of each project-file id against the endpoint's English
    label, all in one query (property entities are wd: IRIs like items)."""
    if not entries:
        return []
    ids = sorted({e[1] for e in entries}, key=lambda i: (i[0], int(i[1:])))
    labels: dict[str, set[str]] = {}
    redirects: dict[str, str] = {}
    for row in client.select(label_query(ids)):
        item = row.get("item")
        value = item.value[len(WD_PREFIX) :] if item and item.value.startswith(WD_PREFIX) else None
        if value is None:
            continue
        if "label" in row:
            labels.setdefault(value, set()).add(row["label"].value)
        if "redirect" in row and row["redirect"].value.startswith(WD_PREFIX):
            redirects[value] = row["redirect"].value[len(WD_PREFIX) :]
    results = []
    for key, value, recorded in entries:
        found = labels.get(value, set())
        if recorded in found:
            results.append(IdResult(key, value, recorded, "match", recorded))
        elif found:
            results.append(IdResult(key, value, recorded, "mismatch", sorted(found)[0]))
        elif value in redirects:
            results.append(IdResult(key, value, recorded, "redirected", redirects[value]))
        else:
            results.append(IdResult(key, value, recorded, "missing"))
    return results
