"""The curation file: editorial decisions the article's text cannot settle, read and
checked (the file's own header explains each section; see
curation/second-nagorno-karabakh-war.yaml).

Loading checks the file's form (known keys, CURIEs with known prefixes, required
fields) and reports the first problem in one line naming the file and the entry; the
rules check each decision against the article as they apply it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from warkg.build.iris import curie
from warkg.errors import InputError

__all__ = ["ClaimDecision", "Curation", "EntityDecision", "PopulationDecision", "load_curation"]

_TOP_KEYS = {
    "article",
    "sides",
    "columns",
    "belligerents",
    "names",
    "organisations",
    "populations",
    "amend",
    "sections",
    "entities",
    "claims",
}
_CLAIM_KEYS = {
    "id",
    "kind",
    "label",
    "words",
    "about",
    "property",
    "object",
    "value",
    "datatype",
    "mentions",
    "concerns",
    "measure",
    "unit",
    "stated",
    "note",
    "supplemented-by",
    "time-of-day",
}


@dataclass(frozen=True)
class ClaimDecision:
    """A claim the text states in words the rules cannot read on their own."""

    id: str
    kind: URIRef
    label: str
    words: str
    about: URIRef
    property: URIRef | None = None
    objects: tuple[URIRef, ...] = ()
    value: Literal | None = None
    mentions: tuple[URIRef, ...] = ()
    concerns: tuple[URIRef, ...] = ()
    measure: URIRef | None = None
    unit: URIRef | None = None
    stated: str | None = None
    note: str | None = None
    supplemented_by: tuple[URIRef, ...] = ()
    time_of_day: URIRef | None = None


@dataclass(frozen=True)
class EntityDecision:
    key: str
    iri: URIRef
    type: URIRef | None = None
    label: str | None = None
    alt_labels: tuple[str, ...] = ()
    note: str | None = None


@dataclass(frozen=True)
class PopulationDecision:
    words: str
    iri: URIRef
    label: str
    group: URIRef
    equipment: URIRef | None = None
    claim: str | None = None


@dataclass(frozen=True)
class Curation:
    """All decisions for one article; `Curation()` is the empty curation."""

    file: str = "(no curation)"
    title: str | None = None
    scope: str | None = None
    source_url: str | None = None
    licence: str | None = None
    subject_iri: URIRef | None = None
    subject_type: URIRef | None = None
    subject_noun: str | None = None
    sides: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    columns: dict[str, tuple[tuple[str, str | None], ...]] = field(default_factory=dict)
    belligerent_names: dict[str, str] = field(default_factory=dict)
    names: dict[str, URIRef] = field(default_factory=dict)
    organisations: tuple[tuple[str, tuple[str, ...]], ...] = ()
    populations: dict[str, PopulationDecision] = field(default_factory=dict)
    amend: dict[str, dict[str, str]] = field(default_factory=dict)
    section_comments: dict[str, str] = field(default_factory=dict)
    entities: tuple[EntityDecision, ...] = ()
    claims: tuple[ClaimDecision, ...] = ()


def _mapping(value: Any, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise InputError(f"{where}: expected a mapping")
    return value


def _list(value: Any, where: str) -> list:
    if value is None:
        return []
    if not isinstance(value, list):
        raise InputError(f"{where}: expected a list")
    return value


def _curies(value: Any, where: str) -> tuple[URIRef, ...]:
    if value is None:
        return ()
    values = value if isinstance(value, list) else [value]
    return tuple(curie(str(item), where) for item in values)


def _text(entry: dict, key: str, where: str, required: bool = False) -> str | None:
    value = entry.get(key)
    if value is None:
        if required:
            raise InputError(f"{where}: {key} is missing")
        return None
    if not isinstance(value, str):
        raise InputError(f"{where}: {key} must be text")
    return value


def _value(entry: dict, where: str) -> Literal | None:
    if "value" not in entry:
        return None
    raw = entry["value"]
    datatype = curie(entry["datatype"], where) if entry.get("datatype") else None
    if isinstance(raw, bool):
        return Literal(str(raw).lower(), datatype=datatype or XSD.boolean)
    if datatype is None:
        return Literal(str(raw))
    return Literal(str(raw), datatype=datatype)


def _claim(entry: Any, index: int, file: str) -> ClaimDecision:
    where = f"{file}: claims[{index}]"
    entry = _mapping(entry, where)
    claim_id = _text(entry, "id", where, required=True)
    where = f"{file}: claim {claim_id}"
    unknown = set(entry) - _CLAIM_KEYS
    if unknown:
        raise InputError(f"{where}: unknown key {sorted(unknown)[0]!r}")
    return ClaimDecision(
        id=claim_id,
        kind=curie(_text(entry, "kind", where, required=True), where),
        label=_text(entry, "label", where, required=True),
        words=_text(entry, "words", where, required=True),
        about=curie(_text(entry, "about", where, required=True), where),
        property=curie(entry["property"], where) if entry.get("property") else None,
        objects=_curies(entry.get("object"), where),
        value=_value(entry, where),
        mentions=_curies(entry.get("mentions"), where),
        concerns=_curies(entry.get("concerns"), where),
        measure=curie(entry["measure"], where) if entry.get("measure") else None,
        unit=curie(entry["unit"], where) if entry.get("unit") else None,
        stated=_text(entry, "stated", where),
        note=_text(entry, "note", where),
        supplemented_by=_curies(entry.get("supplemented-by"), where),
        time_of_day=curie(entry["time-of-day"], where) if entry.get("time-of-day") else None,
    )


def load_curation(path: Path, name: str | None = None) -> Curation:
    """Read and check a curation file; InputError (one line) for any problem."""
    file = name or str(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as error:
        raise InputError(f"{file}: cannot read: {error.strerror}") from None
    except UnicodeDecodeError:
        raise InputError(f"{file}: not UTF-8 text") from None
    try:
        # libyaml's loader when PyYAML has it: the shipped file loads in a few ms, not 50
        data = yaml.load(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        if mark is not None:
            raise InputError.at(file, mark.line + 1, mark.column + 1, "not valid YAML") from None
        raise InputError(f"{file}: not valid YAML") from None
    return parse_curation(data, file)


def parse_curation(data: Any, file: str) -> Curation:
    data = _mapping(data, file)
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise InputError(f"{file}: unknown section {sorted(unknown)[0]!r}")
    article = _mapping(data.get("article"), f"{file}: article")
    source = _mapping(article.get("source"), f"{file}: article.source")
    subject = _mapping(article.get("subject"), f"{file}: article.subject")
    where = f"{file}: article.subject"
    sides = {
        key: (
            _text(entry, "label", f"{file}: sides.{key}", required=True),
            _text(entry, "comment", f"{file}: sides.{key}"),
        )
        for key, entry in _mapping(data.get("sides"), f"{file}: sides").items()
    }
    columns = {}
    for name, starts in _mapping(data.get("columns"), f"{file}: columns").items():
        entries = []
        for index, entry in enumerate(_list(starts, f"{file}: columns.{name}")):
            at = f"{file}: columns.{name}[{index}]"
            entry = _mapping(entry, at)
            side = entry.get("side")
            if side is not None and side not in sides:
                raise InputError(f"{at}: side {side!r} is not declared under sides")
            entries.append((_text(entry, "starts", at, required=True), side))
        columns[name] = tuple(entries)
    organisations = []
    for index, entry in enumerate(_list(data.get("organisations"), f"{file}: organisations")):
        at = f"{file}: organisations[{index}]"
        entry = _mapping(entry, at)
        names = tuple(str(n) for n in _list(entry.get("names"), at))
        organisations.append((_text(entry, "label", at, required=True), names))
    populations = {}
    for words, entry in _mapping(data.get("populations"), f"{file}: populations").items():
        at = f"{file}: populations.{words}"
        entry = _mapping(entry, at)
        populations[words] = PopulationDecision(
            words=words,
            iri=curie(_text(entry, "iri", at, required=True), at),
            label=_text(entry, "label", at, required=True),
            group=curie(_text(entry, "group", at, required=True), at),
            equipment=curie(entry["equipment"], at) if entry.get("equipment") else None,
            claim=_text(entry, "claim", at),
        )
    entities = []
    for key, entry in _mapping(data.get("entities"), f"{file}: entities").items():
        at = f"{file}: entities.{key}"
        entry = _mapping(entry, at)
        entities.append(
            EntityDecision(
                key=str(key),
                iri=curie(key, at),
                type=curie(entry["type"], at) if entry.get("type") else None,
                label=_text(entry, "label", at),
                alt_labels=tuple(str(a) for a in _list(entry.get("alt-label"), at)),
                note=_text(entry, "note", at),
            )
        )
    claims = tuple(
        _claim(entry, index, file)
        for index, entry in enumerate(_list(data.get("claims"), f"{file}: claims"))
    )
    seen: set[str] = set()
    for claim in claims:
        if claim.id in seen:
            raise InputError(f"{file}: claim {claim.id} is curated twice")
        seen.add(claim.id)
    return Curation(
        file=file,
        title=_text(article, "title", f"{file}: article"),
        scope=_text(article, "iri-scope", f"{file}: article"),
        source_url=_text(source, "url", f"{file}: article.source"),
        licence=_text(source, "licence", f"{file}: article.source"),
        subject_iri=curie(subject["iri"], where) if subject.get("iri") else None,
        subject_type=curie(subject["type"], where) if subject.get("type") else None,
        subject_noun=_text(subject, "noun", where),
        sides=sides,
        columns=columns,
        belligerent_names={
            str(line): _text(
                _mapping(entry, f"{file}: belligerents"),
                "name",
                f"{file}: belligerents.{line}",
                required=True,
            )
            for line, entry in _mapping(data.get("belligerents"), f"{file}: belligerents").items()
        },
        names={
            str(name): curie(str(iri), f"{file}: names.{name}")
            for name, iri in _mapping(data.get("names"), f"{file}: names").items()
        },
        organisations=tuple(organisations),
        populations=populations,
        amend={
            str(key): {str(k): str(v) for k, v in _mapping(entry, f"{file}: amend.{key}").items()}
            for key, entry in _mapping(data.get("amend"), f"{file}: amend").items()
        },
        section_comments={
            str(key): _text(
                _mapping(entry, f"{file}: sections.{key}"),
                "comment",
                f"{file}: sections.{key}",
                required=True,
            )
            for key, entry in _mapping(data.get("sections"), f"{file}: sections").items()
        },
        entities=tuple(entities),
        claims=claims,
    )
