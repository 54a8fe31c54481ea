"""The rules' vocabulary (mappings/vocabulary.yaml), loaded once and checked.

The words themselves live in the YAML file so that a reviewer can read and extend them
without reading Python; this module only gives them types.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import resources

import yaml

__all__ = ["Nationality", "Vocabulary", "load_yaml", "vocabulary"]


@dataclass(frozen=True)
class Nationality:
    adjective: str
    people: str
    country: str


@dataclass(frozen=True)
class Vocabulary:
    measures: dict[str, str]
    groups: dict[str, str]
    group_plurals: dict[str, str]
    nationalities: dict[str, Nationality]
    circumstances: dict[str, str]
    stances: dict[str, str]
    languages: dict[str, str]
    list_headings: frozenset[str]
    numbers: dict[str, int]

    def nationality_of_people(self, noun: str) -> Nationality | None:
        """The nationality whose people the plural noun names ("Azerbaijanis")."""
        return next((n for n in self.nationalities.values() if n.people == noun), None)


def load_yaml(name: str) -> dict:
    """A YAML file shipped in warkg.build.mappings."""
    text = resources.files("warkg.build").joinpath(f"mappings/{name}").read_text("utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


@cache
def vocabulary() -> Vocabulary:
    data = load_yaml("vocabulary.yaml")
    return Vocabulary(
        measures=dict(data["measures"]),
        groups=dict(data["groups"]),
        group_plurals=dict(data["group-plurals"]),
        nationalities={
            adjective: Nationality(adjective, entry["people"], entry["country"])
            for adjective, entry in data["nationalities"].items()
        },
        circumstances=dict(data["circumstances"]),
        stances=dict(data["stances"]),
        languages=dict(data["languages"]),
        list_headings=frozenset(data["list-headings"]),
        numbers={word: int(value) for word, value in data["numbers"].items()},
    )
