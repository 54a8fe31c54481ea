"""The project file of verified Wikidata ids that `warkg wikidata export` reads.

Why a file: the export writes a figure only with qualifiers saying whose figure it is
and whom it counts, from properties and items a person has verified (see
`warkg.wikidata.qualifiers`). Passing them on every run invites typos; a file keeps
them once, with the English label each id had when it was checked, so that
`warkg wikidata check --ids FILE` can confirm them online the way it confirms links.

Files read, later ones overriding earlier ones: the shipped
src/warkg/data/wikidata-ids.toml (empty: nothing is verified, so by default nothing
needing these ids is written), then `warkg-ids.toml` in the current directory if there
is one, or the files given with --ids. The command-line options override them all.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field, replace
from pathlib import Path

from rdflib import URIRef

from warkg.errors import InputError
from warkg.rdf.namespaces import POP
from warkg.wikidata.alignment import QID
from warkg.wikidata.qualifiers import PID, parse_population_item

SHIPPED = Path(__file__).resolve().parents[1] / "data" / "wikidata-ids.toml"
LOCAL_NAME = "warkg-ids.toml"
PURPOSES = {"claimant": "--claimant-property", "population": "--population-property"}


@dataclass(frozen=True)
class VerifiedId:
    """One id from a project file, the label recorded with it, and where it came from."""

    key: str
    id: str
    label: str
    source: str


@dataclass
class ProjectIds:
    properties: dict[str, VerifiedId] = field(default_factory=dict)
    population_items: dict[str, VerifiedId] = field(default_factory=dict)
    files: list[Path] = field(default_factory=list)

    def all(self) -> list[VerifiedId]:
        return [*self.properties.values(), *self.population_items.values()]


def _entry(table: object, key: str, where: str, pattern: object, kind: str) -> VerifiedId:
    if not isinstance(table, dict):
        raise InputError(
            f'{where}: {key} must be a table such as {{ id = "{kind}123", label = "..." }}'
        )
    unknown = set(table) - {"id", "label"}
    if unknown:
        raise InputError(f"{where}: {key} has unknown field {sorted(unknown)[0]!r} (id, label)")
    value, label = table.get("id"), table.get("label")
    if not isinstance(value, str) or not pattern.match(value):  # type: ignore[attr-defined]
        raise InputError(f"{where}: {key} id {value!r} is not a Wikidata id such as {kind}123")
    if not isinstance(label, str) or not label.strip():
        raise InputError(
            f'{where}: {key} needs the label the id had when you checked it (label = "...")'
        )
    return VerifiedId(key, value, label, where)


def read_file(path: Path, ids: ProjectIds) -> None:
    """Add the ids of one file to `ids` (overriding earlier files); InputError naming the
    file and key for anything malformed."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise InputError(f"cannot read {path}: {error.strerror or error}") from None
    except tomllib.TOMLDecodeError as error:
        raise InputError(f"{path}: not TOML: {error}") from None
    unknown = set(data) - {"properties", "population-items"}
    if unknown:
        raise InputError(
            f"{path}: unknown table [{sorted(unknown)[0]}] (properties, population-items)"
        )
    properties = data.get("properties", {})
    items = data.get("population-items", {})
    for key, table in properties.items():
        if key not in PURPOSES:
            raise InputError(f"{path}: [properties] {key!r} is not one of {', '.join(PURPOSES)}")
        entry = _entry(table, f"properties.{key}", str(path), PID, "P")
        ids.properties[key] = replace(entry, key=key)
    for key, table in items.items():
        if not key.startswith("pop:"):
            raise InputError(f"{path}: [population-items] key {key!r} is not of the form pop:NAME")
        entry = _entry(table, f'population-items."{key}"', str(path), QID, "Q")
        ids.population_items[key] = replace(entry, key=key)
    ids.files.append(path)


def load(given: tuple[Path, ...] = ()) -> ProjectIds:
    """The shipped file, then `given` (or ./warkg-ids.toml if present)."""
    ids = ProjectIds()
    read_file(SHIPPED, ids)
    local = Path(LOCAL_NAME)
    for path in given or ((local,) if local.is_file() else ()):
        read_file(path, ids)
    return ids


def merge(
    ids: ProjectIds,
    claimant: str | None,
    population: str | None,
    items: tuple[str, ...],
    populations: set[URIRef],
) -> tuple[str | None, str | None, tuple[str, ...], list[str]]:
    """The export's options with the project file's ids filled in where an option was
    not given; and one note per id taken from a file, saying from which."""
    notes = []
    values = {"claimant": claimant, "population": population}
    for key, entry in ids.properties.items():
        if values[key] is None:
            values[key] = entry.id
            notes.append(f'{PURPOSES[key]} {entry.id} ("{entry.label}") from {entry.source}')
    given = {parse_population_item(text)[0] for text in items}
    extra = []
    for key, entry in ids.population_items.items():
        iri = POP[key[len("pop:") :]]
        if iri in given:
            continue
        if iri not in populations:
            raise InputError(
                f'{entry.source}: population-items."{key}" is not a population that a '
                "casualty figure of the war counts"
            )
        extra.append(f"{key}={entry.id}")
        notes.append(f'--population-item {key}={entry.id} ("{entry.label}") from {entry.source}')
    return values["claimant"], values["population"], (*items, *extra), notes
