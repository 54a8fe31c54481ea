#!/usr/bin/env python3
"""Deterministic synthetic graphs in the warkg ontology, for benchmarks.

The real graph is one article (about 2,800 triples), too small to tell a fast engine
from a slow one. This script writes graphs of any size that have the real graph's
shape: many synthetic wars, each with its own article snapshot, sections, two sides,
belligerents (some alleged and denied), casualty figures with claimants, fact claims
with the plain triples they stand for, textual claims, and a numbered reference list
whose references cite works published by source organisations shared across wars.
Proportions follow the real article: about 90 claims and 90 references per war, about
30% of claims uncited and flagged as such.

Same arguments give byte-identical output: every random choice comes from a
`random.Random` seeded by a string (hashed with SHA-512, not by Python's randomised
`hash`), no set is iterated, and nothing reads the clock. Each war has its own seeded
stream, so the first wars of a 10k graph are the first wars of a 1M graph.

Lines are written one war at a time, so memory stays flat whatever the size.

A small share of claims (``--violations``, default 0.5%) is planted with a
provenance violation: no reference, no footnote and no ``articleGivesNoCitation``
flag. A quarter as many secondary violations are planted too (a negative amount, a
backlink count of zero, an impossible publication date, a war that ends before it
starts). ``--manifest FILE`` lists every planted focus node with its kind and the
SHACL property shape that must report it, so a benchmark can check that a validator
finds exactly those.

    python -m benchmarks.generate --triples 100000 --seed 1 --out /tmp/synth-100k.nt
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import random
import sys
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import TextIO

from warkg.build.dates import MONTHS
from warkg.rdf.namespaces import PREFIXES

# --- terms ---------------------------------------------------------------------------
# Terms are kept as N-Triples strings from the start: writing N-Triples is then string
# joining, and Turtle is the same strings with IRIs shortened.

ID = PREFIXES["id"]
XSD = PREFIXES["xsd"]
SHAPES = PREFIXES["wsh"]
SYNTHETIC = "synthetic-"
"""Every synthetic IRI has a path segment starting with this, so none can collide with
the real graph's IRIs."""


class _Vocabulary:
    """Terms of one namespace as N-Triples IRIs: `WARKG.startDate` is `<...startDate>`."""

    def __init__(self, base: str) -> None:
        self._base = base

    def __getattr__(self, name: str) -> str:
        if name.startswith("_"):
            raise AttributeError(name)
        term = f"<{self._base}{name}>"
        setattr(self, name, term)
        return term


WARKG = _Vocabulary(PREFIXES["warkg"])
DCT = _Vocabulary(PREFIXES["dcterms"])
RDF_TYPE = f"<{PREFIXES['rdf']}type>"
LABEL = f"<{PREFIXES['rdfs']}label>"
COMMENT = f"<{PREFIXES['rdfs']}comment>"
ALT_LABEL = f"<{PREFIXES['skos']}altLabel>"
DERIVED_FROM = f"<{PREFIXES['prov']}wasDerivedFrom>"
LICENSE_IRI = "<https://creativecommons.org/licenses/by-sa/4.0/>"

_ESCAPES = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r"})


def _string(text: str) -> str:
    """A plain (xsd:string) literal."""
    return f'"{text.translate(_ESCAPES)}"'


def _english(text: str) -> str:
    """An @en literal, as the real graph writes names and claim labels."""
    return f'"{text.translate(_ESCAPES)}"@en'


def _typed(lexical: str, datatype: str) -> str:
    return f'"{lexical}"^^<{XSD}{datatype}>'


def _date(day: date) -> str:
    return _typed(day.isoformat(), "date")


def _year(year: int) -> str:
    return _typed(str(year), "gYear")


def _count(n: int) -> str:
    return _typed(str(n), "nonNegativeInteger")


def _positive(n: int) -> str:
    return _typed(str(n), "positiveInteger")


DASH = "\u2013"
"""The en dash (U+2013) the article writes in ranges of dates and years."""

TRUE = _typed("true", "boolean")
FALSE = _typed("false", "boolean")

# --- violations ----------------------------------------------------------------------

PROVENANCE = "provenance"
NEGATIVE_AMOUNT = "negative-amount"
ZERO_BACKLINKS = "zero-backlink-count"
MALFORMED_DATE = "malformed-date"
START_AFTER_END = "start-after-end"

SHAPE_OF_KIND: dict[str, str] = {
    PROVENANCE: f"{SHAPES}ClaimShape-provenance",
    NEGATIVE_AMOUNT: f"{SHAPES}QuantityClaimShape-amount",
    ZERO_BACKLINKS: f"{SHAPES}ReferenceShape-backlinkCount",
    MALFORMED_DATE: f"{SHAPES}CitedWorkShape-issued",
    START_AFTER_END: f"{SHAPES}EventShape-startDate",
}
"""The property shape of warkg-shapes.ttl that must report each kind of planted node."""

SECONDARY_KINDS = (NEGATIVE_AMOUNT, ZERO_BACKLINKS, MALFORMED_DATE, START_AFTER_END)
SECONDARY_SHARE = 0.25
"""Secondary violations per provenance violation."""


@dataclass(frozen=True)
class Planted:
    """One planted violation: the focus node (an IRI) and its kind."""

    focus: str
    kind: str

    def as_json(self) -> dict[str, str]:
        return {"focus": self.focus, "kind": self.kind, "shape": SHAPE_OF_KIND[self.kind]}


@dataclass(frozen=True)
class ViolationPlan:
    """Which claims are planted, decided by their global index alone.

    Claim i is planted when floor((i + 1) f + phase) > floor(i f + phase): that plants
    floor(n f) or one more of any n consecutive claims, evenly spread, without knowing
    n in advance (the generator streams and does not know how many claims it will
    write). Being a function of the index, it gives the same answer however often a
    war is rebuilt while its size is fitted."""

    fraction: float
    phase: float
    secondary_phase: float

    def provenance(self, claim_index: int) -> bool:
        return self._crosses(claim_index, 1, self.fraction, self.phase) > 0

    def secondary(self, first_claim: int, claims: int) -> int:
        """How many secondary violations the war holding these claims gets."""
        rate = self.fraction * SECONDARY_SHARE
        return self._crosses(first_claim, claims, rate, self.secondary_phase)

    @staticmethod
    def _crosses(start: int, n: int, rate: float, phase: float) -> int:
        if rate <= 0:
            return 0
        return math.floor((start + n) * rate + phase) - math.floor(start * rate + phase)


# --- names ---------------------------------------------------------------------------

_SYLLABLE_TEXT = (
    "va ren kol dar mir os tra bel gor lan zen tar vel ka ri no sa lu dor mes an ti ber "
    "qua fen hal is jor ke lem mar nev or pol ru sel tor ul vor yar zar ba che del"
)
_SYLLABLES = tuple(_SYLLABLE_TEXT.split())
_STATE_ENDINGS = (
    ("ia", "ian"),
    ("ania", "anian"),
    ("istan", "istani"),
    ("ova", "ovan"),
    ("ar", "ari"),
    ("en", "enese"),
)
_GIVEN = (
    "Andrew",
    "Maria",
    "Olzhas",
    "Liz",
    "Ulkar",
    "Ani",
    "Murad",
    "Joshua",
    "Laurence",
    "Nvard",
    "Farid",
    "Elena",
    "Tigran",
    "Aysel",
    "Pavel",
    "Sophie",
    "Emil",
    "Lale",
)
_LANGUAGES = {
    "ru": (
        "Russian",
        ("Конфликт в регионе {r}", "Conflict in the {r} region"),
        ("Эксперт оценил потери сторон", "Expert assessed the losses of the sides"),
        ("Перемирие в {r} нарушено", "Truce in {r} broken"),
    ),
    "hy": (
        "Armenian",
        ("Պատերազմը {r}-ում", "The war in {r}"),
        ("Զոհերի թիվը աճում է", "The death toll is rising"),
    ),
    "az": (
        "Azerbaijani",
        ("{r} uğrunda döyüşlər davam edir", "Battles for {r} continue"),
        # Azerbaijani and Turkish spell with a dotless i, which is meant
        ("Şəhidlərin siyahısı açıqlandı", "The list of the fallen was released"),  # noqa: RUF001
    ),
    "tr": (
        "Turkish",
        ("{r}'da çatışmalar sürüyor", "Clashes continue in {r}"),  # noqa: RUF001
    ),
    "fr": (
        "French",
        ("Combats meurtriers au {r}", "Deadly fighting in {r}"),
    ),
    "de": (
        "German",
        ("Kämpfe um {r} gehen weiter", "Fighting over {r} continues"),
    ),
}
_LANGUAGE_CODES = tuple(_LANGUAGES)
# A claim's class and those above it up to warkg:Claim (the shipped build's claim-classes).
_CLAIM_CLASSES = {
    WARKG.CasualtyClaim: (WARKG.CasualtyClaim, WARKG.QuantityClaim, WARKG.Claim),
    WARKG.QuantityClaim: (WARKG.QuantityClaim, WARKG.Claim),
    **{
        kind: (kind, WARKG.Claim)
        for kind in (WARKG.FactClaim, WARKG.TextualClaim, WARKG.ParticipationClaim, WARKG.Stance)
    },
}
_MONTHS = tuple(MONTHS)  # the names the builder reads, in calendar order
_NUMBER_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
)
_MEANS = (
    "drones",
    "sensors",
    "longRangeHeavyArtillery",
    "missileStrikes",
    "statePropaganda",
    "socialMediaInformationWarfare",
)
_MEANS_WORDS = {
    "drones": "drones",
    "sensors": "sensors",
    "longRangeHeavyArtillery": "long-range heavy artillery",
    "missileStrikes": "missile strikes",
    "statePropaganda": "state propaganda",
    "socialMediaInformationWarfare": "online information warfare",
}
_MEASURE_WORDS = {
    "killed": "killed",
    "wounded": "wounded",
    "woundedAndSick": "wounded and sick",
    "missing": "missing",
    "captured": "captured",
    "injured": "injured",
    "displaced": "displaced",
    "shotDown": "shot down",
}


def _long_date(day: date) -> str:
    """'29 January 2021', as the article's references write dates."""
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def _word(rng: random.Random, syllables: int) -> str:
    return "".join(rng.choice(_SYLLABLES) for _ in range(syllables)).capitalize()


def _figure(n: int) -> str:
    return f"{n:,}"


def _round2(n: int) -> int:
    """n rounded to two significant figures, as the article's '~11,000' is."""
    if n < 100:
        return n
    step = 10 ** (len(str(n)) - 2)
    return max(step, round(n / step) * step)


@lru_cache(maxsize=4096)
def _organisation(seed: int, index: int) -> tuple[str, str | None]:
    """Name and (sometimes) alternative name of shared source organisation `index`.

    Its own stream, so an organisation has one name whichever war first cites it."""
    rng = random.Random(f"warkg-synthetic:{seed}:organisation:{index}")
    stem = _word(rng, rng.choice((1, 2, 2)))
    pattern = rng.randrange(9)
    name = (
        f"The {stem} Times",
        f"{stem} Daily",
        f"{stem} Press Agency",
        f"{stem.lower()}.{rng.choice(('az', 'am', 'ru', 'com', 'news'))}",
        f"Radio {stem}",
        f"{stem} Herald",
        f"{stem} Observer",
        f"{stem} News Agency",
        f"Institute for {stem} Studies",
    )[pattern]
    alt = None
    if pattern != 3 and rng.random() < 0.2:
        alt = f"{stem.lower()}.com"
    return name, alt


# --- the pieces of one war -----------------------------------------------------------


class _Node:
    """The predicate-object pairs of one subject, without duplicates."""

    __slots__ = ("pairs", "seen")

    def __init__(self) -> None:
        self.pairs: list[tuple[str, str]] = []
        self.seen: set[tuple[str, str]] = set()

    def add(self, predicate: str, obj: str) -> None:
        pair = (predicate, obj)
        if pair not in self.seen:
            self.seen.add(pair)
            self.pairs.append(pair)


@dataclass(slots=True)
class _Entity:
    iri: str
    label: str


@dataclass(slots=True)
class _Ref:
    """One numbered reference of a war, in the order the article first cites it."""

    cited: bool
    sentences: int = 0


@dataclass(slots=True)
class _Sentence:
    """Article text that one or more claims share, with the citations it carries.

    `pieces` are text followed by the local reference indices cited right after it, so
    'Turkey (alleged by Armenia,[1][2][3] denied by Turkey[4])' can be written."""

    pieces: list[tuple[str, list[int]]]
    footnote: str | None = None
    uncited: bool = False
    cites: list[int] | None = None
    """The references claims from this sentence cite, when not all of those in the text
    (a stance cites only the references after its own words)."""

    def references(self) -> list[int]:
        if self.cites is not None:
            return self.cites
        return list(dict.fromkeys(r for _, refs in self.pieces for r in refs))


@dataclass(slots=True)
class _Claim:
    kind: str
    label: str
    about: str
    section: str
    text: str
    pairs: list[tuple[str, str]]
    claimants: list[_Entity] = field(default_factory=list)
    as_stated: str | None = None
    sentence: _Sentence | None = None
    stances: list[_Claim] = field(default_factory=list)
    iri: str = ""


@dataclass(slots=True)
class _Fact:
    about: _Entity
    prop: str
    objects: list[str]
    value: str | None
    label: str
    section: str
    text: str


@dataclass(frozen=True)
class _Offsets:
    """What the wars before this one used: claim indices, reference numbers, and the
    count of secondary violations (whose kinds go round in turn)."""

    claims: int = 0
    references: int = 0
    secondary: int = 0


@dataclass
class _WarOutput:
    blocks: list[tuple[str, list[tuple[str, str]]]]
    triples: int
    clean_triples: int
    """The size the war would have with nothing planted: sizes are fitted on this, so
    that planting edits nodes of the clean graph and never changes which wars exist."""
    claims: int
    references: int
    secondary: int
    organisations: list[int]
    planted: list[Planted]


_SECTIONS = (
    ("infobox", "Infobox", None, None),
    ("header", "Infobox header", "infobox", "Part of the {conflict}"),
    ("map", "Infobox map legend", "infobox", None),
    ("date", "Infobox: date", "infobox", "Date"),
    ("result", "Infobox: result", "infobox", "Result"),
    ("territorial", "Infobox: territorial changes", "infobox", "Territorial\nchanges"),
    ("belligerents", "Infobox: belligerents", "infobox", "Belligerents"),
    ("casualties", "Infobox: casualties and losses", "infobox", "Casualties and losses"),
    ("lead1", "Lead, paragraph 1", None, None),
    ("lead2", "Lead, paragraph 2", None, None),
    ("lead3", "Lead, paragraph 3", None, None),
    ("lead4", "Lead, paragraph 4", None, None),
    ("lead5", "Lead, paragraph 5", None, None),
    ("references", "References", None, None),
)
_SECTION_ORDER = {key: i for i, (key, *_rest) in enumerate(_SECTIONS)}

# How sentences are cited, per section: (uncited, footnote only, footnote and references).
# The rest cite references only. Tuned so that about 30% of claims are uncited.
_CITATION_ODDS = {
    "header": (0.85, 0.0, 0.0),
    "map": (0.85, 0.0, 0.0),
    "territorial": (0.8, 0.0, 0.0),
    "date": (0.1, 0.0, 0.0),
    "result": (0.2, 0.0, 0.0),
    "casualties": (0.02, 0.08, 0.0),
    "lead": (0.45, 0.05, 0.02),
}


class _WarBuilder:
    """Builds one war: its entities, claims, references and works, as N-Triples blocks.

    Building is a pure function of its arguments, so the generator can build the last
    war several times to fit the requested size: `scale` shrinks the number of claims
    (and with them references and works), `extra_refs` adds or removes references that
    no claim cites (about 16 triples each) for the last few dozen triples."""

    def __init__(
        self,
        seed: int,
        war: int,
        scale: float,
        offsets: _Offsets,
        plan: ViolationPlan,
        organisations_written: set[int],
        extra_refs: int = 0,
    ) -> None:
        self.seed = seed
        self.extra_refs = extra_refs
        self.war_index = war
        self.scale = scale
        self.offsets = offsets
        self.plan = plan
        self.organisations_written = organisations_written
        self.rng = random.Random(f"warkg-synthetic:{seed}:war:{war}")
        self.violation_rng = random.Random(f"warkg-synthetic:{seed}:war:{war}:violations")
        self.nodes: dict[str, _Node] = {}
        self.claims: list[_Claim] = []
        self.facts: list[_Fact] = []
        self.refs: list[_Ref] = []
        self.cited_refs: list[int] = []
        self.footnotes: list[str] = []
        self.populations: dict[str, _Entity] = {}
        self.names_used: set[str] = set()

    # -- helpers --

    def iri(self, kind: str, slug: str) -> str:
        return f"<{ID}{SYNTHETIC}{kind}/w{self.war_index}-{slug}>"

    def node(self, iri: str, cls: str, label: str) -> _Node:
        node = _Node()
        node.add(RDF_TYPE, cls)
        node.add(LABEL, label)
        self.nodes[iri] = node
        return node

    def entity(self, kind: str, slug: str, cls: str, label: str) -> _Entity:
        iri = self.iri(kind, slug)
        self.node(iri, cls, _english(label))
        return _Entity(iri, label)

    def fresh_name(self, syllables: int = 2) -> str:
        while True:
            name = _word(self.rng, syllables)
            if name not in self.names_used:
                self.names_used.add(name)
                return name

    def state_name(self) -> tuple[str, str]:
        ending, demonym = self.rng.choice(_STATE_ENDINGS)
        stem = self.fresh_name(self.rng.choice((1, 2)))
        return stem + ending, stem + demonym

    # -- the war's world --

    def build_world(self) -> None:
        rng = self.rng
        w = self.war_index
        a1_name, a1_dem = self.state_name()
        a2_name, a2_dem = self.state_name()
        self.dem = {1: a1_dem, 2: a2_dem}
        region_name = rng.choice(("Upper ", "Lower ", "Mount ", "Western ", "")) + (
            self.fresh_name(2)
        )
        self.war_label = f"{a2_name}{DASH}{a1_name} War"
        self.start = date(rng.randint(1990, 2023), 1, 1) + timedelta(rng.randrange(365))
        self.days = rng.randint(6, 420)
        self.end = self.start + timedelta(self.days)
        self.war_label = f"{self.war_label} of {self.start.year} (synthetic {w})"

        snapshot = self.iri("snapshot", "article")
        node = self.node(
            snapshot,
            WARKG.ArticleSnapshot,
            _english(f"Snapshot of the synthetic article '{self.war_label}'"),
        )
        node.add(DCT.license, LICENSE_IRI)
        node.add(DCT.source, f"<https://example.org/warkg-synthetic/{self.seed}/war-{w}>")
        node.add(DCT.title, _string(self.war_label))
        digest = hashlib.sha256(f"warkg-synthetic:{self.seed}:{w}".encode()).hexdigest()
        node.add(WARKG.sha256, _string(digest))
        self.snapshot = snapshot

        conflict_label = f"{region_name} conflict"
        self.sections: dict[str, str] = {}
        for order, (key, label, parent, heading) in enumerate(_SECTIONS, start=1):
            iri = self.iri("section", key)
            node = self.node(iri, WARKG.ArticleSection, _english(f"{self.war_label}: {label}"))
            node.add(DCT.isPartOf, self.sections[parent] if parent else snapshot)
            if heading:
                node.add(WARKG.heading, _string(heading.format(conflict=conflict_label)))
            node.add(WARKG.sectionOrder, _positive(order))
            self.sections[key] = iri

        # agents
        self.a1 = self.entity("agent", "state-1", WARKG.State, a1_name)
        self.a2 = self.entity("agent", "state-2", WARKG.State, a2_name)
        self.breakaway = None
        if rng.random() < 0.7:
            name = self.fresh_name(2)
            self.breakaway = self.entity("agent", "breakaway", WARKG.BreakawayState, name)
        self.ally = None
        if rng.random() < 0.7:
            ally_name, _ = self.state_name()
            self.ally = self.entity("agent", "ally", WARKG.State, ally_name)
            self.nodes[self.ally.iri].add(WARKG.providedMilitarySupportTo, self.a2.iri)
        self.mercenaries = None
        self.mercenary_dem = ""
        if rng.random() < 0.6:
            _, origin_dem = self.state_name()
            opposition = self.entity(
                "agent", "opposition", WARKG.ArmedGroup, f"{origin_dem} opposition"
            )
            self.mercenaries = self.entity(
                "agent", "mercenaries", WARKG.ArmedGroup, f"{origin_dem} mercenaries"
            )
            self.nodes[self.mercenaries.iri].add(WARKG.affiliatedWith, opposition.iri)
            self.mercenary_dem = origin_dem
        self.dem[20] = self.state_name()[1]  # foreign journalists and civilians
        self.dem[21] = self.state_name()[1]
        self.brokers = []
        for i in range(rng.randint(1, 3)):
            name, dem = self.state_name()
            self.brokers.append(self.entity("agent", f"broker-{i + 1}", WARKG.State, name))
            self.dem[10 + i] = dem
        self.union = self.entity(
            "agent",
            "international-organisation",
            WARKG.InternationalOrganisation,
            rng.choice(("Union", "Council", "Concord", "League"))
            + f" of {self.fresh_name(2)} Nations",
        )
        monitor_place = self.fresh_name(2)
        self.monitor = self.entity(
            "agent",
            "monitor",
            WARKG.MonitoringOrganisation,
            f"{monitor_place} Observatory for Human Rights",
        )
        self.monitor_short = f"{monitor_place[0]}OHR"
        self.nodes[self.monitor.iri].add(ALT_LABEL, _english(self.monitor_short))
        self.court = self.entity(
            "agent", "court", WARKG.Court, f"International Tribunal of {self.fresh_name(2)}"
        )
        self.victor, self.loser = (self.a2, self.a1) if rng.random() < 0.7 else (self.a1, self.a2)

        # places
        self.region = self.entity("place", "region", WARKG.Region, region_name)
        self.city = self.entity("place", "city", WARKG.City, self.fresh_name(2))
        self.south = self.entity(
            "place", "south", WARKG.Area, f"less mountainous districts of southern {region_name}"
        )
        self.surrounding = self.entity(
            "place", "surrounding", WARKG.Area, f"occupied territories surrounding {region_name}"
        )
        self.captured_area = self.entity(
            "place",
            "captured-areas",
            WARKG.Area,
            f"areas captured by {self.victor.label} during the war",
        )
        self.ceded_area = self.entity(
            "place",
            "ceded-areas",
            WARKG.Area,
            f"areas ceded to {self.victor.label} under the ceasefire agreement",
        )
        holder = self.breakaway or self.loser
        self.remaining_area = self.entity(
            "place",
            "remaining-areas",
            WARKG.Area,
            f"areas remaining under the control of {holder.label}",
        )
        self.corridor = self.entity(
            "place", "corridor", WARKG.Corridor, f"{self.fresh_name(2)} corridor"
        )
        self.monastery = self.entity(
            "place", "monastery", WARKG.Monastery, f"{self.fresh_name(1)}vank monastery"
        )
        self.line = self.entity(
            "place",
            "line-of-contact",
            WARKG.LineOfContact,
            "line of contact established after the first war",
        )

        # events
        self.war = self.entity("event", "war", WARKG.War, self.war_label)
        self.sides = []
        for i, members in (
            (1, [self.breakaway, self.a1]),
            (2, [self.a2, self.ally, self.mercenaries]),
        ):
            side = self.entity("side", str(i), WARKG.Side, f"{self.dem[i]} side")
            names = ", ".join(m.label for m in members if m is not None)
            self.nodes[side.iri].add(
                COMMENT, _english(f"The infobox column that lists {names}, and their casualties.")
            )
            self.nodes[self.war.iri].add(WARKG.hasSide, side.iri)
            self.sides.append(side)
        self.conflict = self.entity("event", "conflict", WARKG.ArmedConflict, conflict_label)
        self.first_war = self.entity("event", "first-war", WARKG.War, f"First {region_name} War")
        self.offensive = self.entity(
            "event",
            "offensive",
            WARKG.MilitaryOffensive,
            f"{self.dem[2]} offensive of {_long_date(self.start)}",
        )
        self.capture = self.entity(
            "event", "capture", WARKG.CaptureOfPlace, f"capture of {self.city.label}"
        )
        self.agreement = self.entity(
            "event", "agreement", WARKG.CeasefireAgreement, "ceasefire agreement ending the war"
        )
        self.attempts = self.entity(
            "event", "failed-ceasefires", WARKG.CeasefireAttempts, "failed ceasefires"
        )
        self.peacekeeping = self.entity(
            "event",
            "peacekeeping",
            WARKG.PeacekeepingDeployment,
            f"{self.brokers[0].label} peacekeeping deployment",
        )
        self.protests = self.entity(
            "event", "protests", WARKG.Protest, f"anti-government protests in {self.loser.label}"
        )
        self.skirmishes = self.entity(
            "event", "skirmishes", WARKG.ArmedConflict, "post-war skirmishes"
        )
        self.clashes = self.entity(
            "event", "clashes", WARKG.ArmedConflict, "substantial post-war clashes"
        )
        self.detention = self.entity(
            "event", "detention", WARKG.Detention, f"detention of {self.dem[1]} prisoners of war"
        )
        self.case = self.entity(
            "event", "case", WARKG.LegalCase, f"case before the {self.court.label}"
        )
        self.later = self.entity(
            "event",
            "later-offensive",
            WARKG.MilitaryOffensive,
            f"later {self.dem[2]} offensive in {region_name}",
        )
        self.helicopter = self.entity(
            "concept",
            "helicopter",
            WARKG.EquipmentModel,
            f"{self.fresh_name(1)[:2].upper()}-{rng.randint(8, 60)}",
        )

    # -- facts: each adds the plain triple it stands for --

    def fact(
        self,
        about: _Entity,
        prop: str,
        *,
        objects: Sequence[_Entity | str] = (),
        value: str | None = None,
        label: str,
        section: str,
        text: str,
    ) -> None:
        terms = [o.iri if isinstance(o, _Entity) else o for o in objects]
        node = self.nodes[about.iri]
        for term in terms:
            node.add(getattr(WARKG, prop) if prop != "type" else RDF_TYPE, term)
        if value is not None:
            node.add(getattr(WARKG, prop), value)
        self.facts.append(_Fact(about, prop, terms, value, label, section, text))

    def build_facts(self) -> None:
        rng = self.rng
        war, start, end = self.war, self.start, self.end
        dates = f"{_long_date(start)} {DASH} {_long_date(end)}"
        months, rest = divmod(self.days, 30)
        weeks = rest // 7
        duration = (
            f"{months} month{'s' * (months != 1)} and {weeks} week{'s' * (weeks != 1)}"
            if months
            else f"{self.days} days"
        )
        first_start = start.year - rng.randint(20, 35)
        first_end = first_start + rng.randint(2, 7)
        later_year = end.year + rng.randint(1, 3)
        clash_year = end.year + rng.randint(1, 2)
        involved = [e for e in (self.a2, self.a1, self.breakaway) if e is not None]
        means = rng.sample(_MEANS, rng.randint(3, 6))
        region = self.region.label
        opening = (
            f"The {self.war_label} was an armed conflict in {start.year} that took place "
            f"in the disputed region of {region} and the surrounding territories."
        )
        self.fact(
            war,
            "startDate",
            value=_date(start),
            section="date",
            text=dates,
            label=f"The war began on {_long_date(start)}",
        )
        self.fact(
            war,
            "endDate",
            value=_date(end),
            section="date",
            text=dates,
            label=f"The war ended on {_long_date(end)}",
        )
        self.fact(
            war,
            "durationAsStated",
            value=_string(duration),
            section="date",
            text=dates,
            label=f"The war lasted {duration}",
        )
        self.fact(
            self.first_war,
            "startYear",
            value=_year(first_start),
            section="lead2",
            label=f"The first war began in {first_start}",
            text=f"along the line of contact established after the first war "
            f"({first_start}{DASH}{first_end}).",
        )
        self.fact(
            self.first_war,
            "endYear",
            value=_year(first_end),
            section="lead2",
            label=f"The first war ended in {first_end}",
            text=f"along the line of contact established after the first war "
            f"({first_start}{DASH}{first_end}).",
        )
        self.fact(
            war,
            "partOf",
            objects=[self.conflict],
            section="header",
            label=f"The war is part of the {self.conflict.label}",
            text=f"Part of the {self.conflict.label}",
        )
        self.fact(
            self.remaining_area,
            "controlledBy",
            objects=[self.breakaway or self.loser],
            section="map",
            label=f"Some areas remained under the control of "
            f"{(self.breakaway or self.loser).label}",
            text=self.remaining_area.label.capitalize(),
        )
        self.fact(
            self.peacekeeping,
            "patrols",
            objects=[self.corridor, self.monastery],
            section="map",
            label=f"Peacekeepers patrol the {self.corridor.label} and {self.monastery.label}",
            text=f"{self.corridor.label} and {self.monastery.label}, patrolled by peacekeepers",
        )
        self.fact(
            war,
            "victor",
            objects=[self.victor],
            section="result",
            label=f"The war resulted in {self.dem[1 if self.victor is self.a1 else 2]} victory",
            text=f"Result {self.dem[1 if self.victor is self.a1 else 2]} victory",
        )
        self.fact(
            war,
            "year",
            value=_year(start.year),
            section="lead1",
            text=opening,
            label=f"The war took place in {start.year}",
        )
        self.fact(
            war,
            "location",
            objects=[self.region, self.surrounding],
            section="lead1",
            text=opening,
            label=f"The war took place in {region} and the surrounding territories",
        )
        self.fact(
            war,
            "escalationOf",
            objects=[self.conflict],
            section="lead1",
            label=f"The war was a major escalation of the {self.conflict.label}",
            text=f"It was a major escalation of an unresolved conflict over the region, "
            f"involving {', '.join(e.label for e in involved)}.",
        )
        self.fact(
            war,
            "involves",
            objects=involved,
            section="lead1",
            label=f"The war involved {', '.join(e.label for e in involved)}",
            text=f"It was a major escalation of an unresolved conflict over the region, "
            f"involving {', '.join(e.label for e in involved)}.",
        )
        self.fact(
            self.protests,
            "causedBy",
            objects=[war],
            section="lead1",
            label=f"The defeat set off anti-government protests in {self.loser.label}",
            text=f"The war lasted for {self.days} days, with the defeat igniting "
            f"anti-government protests in {self.loser.label}.",
        )
        self.fact(
            self.skirmishes,
            "after",
            objects=[war],
            section="lead1",
            label="Post-war skirmishes continued in the region after the war",
            text=f"Post-war skirmishes continued in the region, including substantial "
            f"clashes in {clash_year}.",
        )
        self.fact(
            self.clashes,
            "partOf",
            objects=[self.skirmishes],
            section="lead1",
            label="The substantial clashes were part of the post-war skirmishes",
            text=f"Post-war skirmishes continued in the region, including substantial "
            f"clashes in {clash_year}.",
        )
        self.fact(
            self.clashes,
            "year",
            value=_year(clash_year),
            section="lead1",
            label=f"Substantial clashes took place in {clash_year}",
            text=f"Post-war skirmishes continued in the region, including substantial "
            f"clashes in {clash_year}.",
        )
        if self.breakaway is not None:
            self.fact(
                self.breakaway,
                "type",
                objects=[WARKG.BreakawayState],
                section="lead1",
                label=f"{self.breakaway.label} is a self-declared breakaway state",
                text=f"the self-declared breakaway state of {self.breakaway.label}.",
            )
        offensive_text = (
            f"Fighting began on the morning of {_long_date(start)}, with an {self.dem[2]} offensive"
        )
        self.fact(
            self.offensive,
            "startDate",
            value=_date(start),
            section="lead2",
            text=offensive_text,
            label=f"Fighting began on {_long_date(start)}",
        )
        self.fact(
            self.offensive,
            "initiatedBy",
            objects=[self.a2],
            section="lead2",
            text=offensive_text,
            label=f"The offensive was {self.dem[2]}",
        )
        self.fact(
            self.offensive,
            "partOf",
            objects=[war],
            section="lead2",
            text=offensive_text,
            label="The offensive began the war",
        )
        self.fact(
            self.offensive,
            "location",
            objects=[self.line],
            section="lead2",
            text=offensive_text,
            label="The offensive ran along the line of contact",
        )
        self.fact(
            self.line,
            "after",
            objects=[self.first_war],
            section="lead2",
            label="The line of contact was established after the first war",
            text=f"along the line of contact established after the first war "
            f"({first_start}{DASH}{first_end}).",
        )
        self.fact(
            war,
            "location",
            objects=[self.south],
            section="lead2",
            label=f"Clashes were intense in southern {region}",
            text=f"Clashes were particularly intense in the {self.south.label}.",
        )
        self.fact(
            self.south,
            "locatedIn",
            objects=[self.region],
            section="lead2",
            label=f"The southern districts lie in {region}",
            text=f"Clashes were particularly intense in the {self.south.label}.",
        )
        if self.ally is not None:
            self.fact(
                self.ally,
                "providedMilitarySupportTo",
                objects=[self.a2],
                section="lead2",
                label=f"{self.ally.label} provided military support to {self.a2.label}",
                text=f"{self.ally.label} provided military support to {self.a2.label}.",
            )
        self.fact(
            war,
            "meansOfWarfare",
            objects=[getattr(WARKG, m) for m in means],
            section="lead3",
            label="The war was marked by " + ", ".join(_MEANS_WORDS[m] for m in means),
            text="The war was marked by the deployment of "
            + ", ".join(_MEANS_WORDS[m] for m in means),
        )
        brokers = ", ".join(b.label for b in self.brokers)
        self.fact(
            self.attempts,
            "brokeredBy",
            objects=self.brokers,
            section="lead3",
            label=f"The failed ceasefires were brokered by {brokers}",
            text=f"Ceasefires brokered by {brokers} failed to stop the conflict.",
        )
        agreement_text = (
            f"Following the capture of {self.city.label}, the second-largest "
            f"city in {region}, a ceasefire agreement was signed, ending all "
            f"hostilities in the area from {_long_date(end)}."
        )
        self.fact(
            self.capture,
            "capturedPlace",
            objects=[self.city],
            section="lead4",
            text=agreement_text,
            label=f"{self.city.label} was captured",
        )
        self.fact(
            self.city,
            "locatedIn",
            objects=[self.region],
            section="lead4",
            text=agreement_text,
            label=f"{self.city.label} lies in {region}",
        )
        self.fact(
            self.city,
            "citySizeRank",
            value=_positive(2),
            section="lead4",
            text=agreement_text,
            label=f"{self.city.label} is the second-largest city in {region}",
        )
        self.fact(
            self.agreement,
            "after",
            objects=[self.capture],
            section="lead4",
            text=agreement_text,
            label=f"The agreement was signed after the capture of {self.city.label}",
        )
        self.fact(
            self.agreement,
            "effectiveDate",
            value=_date(end),
            section="lead4",
            text=agreement_text,
            label=f"The agreement ended all hostilities from {_long_date(end)}",
        )
        self.fact(
            self.agreement,
            "ended",
            objects=[war],
            section="lead4",
            text=agreement_text,
            label="The ceasefire agreement ended the war's hostilities",
        )
        peace_text = (
            f"{self.brokers[0].label} deployed peacekeeping forces along the "
            f"{self.corridor.label} connecting {self.loser.label} and {region}."
        )
        self.fact(
            self.peacekeeping,
            "contributedBy",
            objects=[self.brokers[0]],
            section="lead4",
            text=peace_text,
            label=f"The peacekeepers came from {self.brokers[0].label}",
        )
        self.fact(
            self.peacekeeping,
            "location",
            objects=[self.corridor],
            section="lead4",
            text=peace_text,
            label=f"The peacekeepers were deployed along the {self.corridor.label}",
        )
        self.fact(
            self.corridor,
            "connects",
            objects=[self.loser, self.region],
            section="lead4",
            text=peace_text,
            label=f"The {self.corridor.label} connects {self.loser.label} and {region}",
        )
        detention_text = (
            f"After the war, {self.dem[1]} prisoners of war were held captive, "
            f"leading to a case before the {self.court.label}."
        )
        self.fact(
            self.detention,
            "after",
            objects=[war],
            section="lead4",
            text=detention_text,
            label="Prisoners of war were held captive after the war",
        )
        self.fact(
            self.detention,
            "ledTo",
            objects=[self.case],
            section="lead4",
            text=detention_text,
            label="The detention led to a legal case",
        )
        self.fact(
            self.case,
            "heardBy",
            objects=[self.court],
            section="lead4",
            text=detention_text,
            label=f"The case is before the {self.court.label}",
        )
        later_text = (
            f"The later {later_year} {self.dem[2]} offensive in {region} would see "
            f"the entire disputed territory come under the control of {self.a2.label}."
        )
        self.fact(
            self.later,
            "initiatedBy",
            objects=[self.a2],
            section="lead5",
            text=later_text,
            label=f"The {later_year} offensive was {self.dem[2]}",
        )
        self.fact(
            self.later,
            "location",
            objects=[self.region],
            section="lead5",
            text=later_text,
            label=f"The {later_year} offensive took place in {region}",
        )
        self.fact(
            self.later,
            "year",
            value=_year(later_year),
            section="lead5",
            text=later_text,
            label=f"The later offensive took place in {later_year}",
        )

    # -- claims --

    def add_claim(self, claim: _Claim) -> _Claim:
        self.claims.append(claim)
        return claim

    def plan_claims(self) -> None:
        rng = self.rng
        total = max(6, round(rng.randint(80, 100) * self.scale))
        small = total < 40
        belligerents = [(self.a2, 2), (self.a1, 1)]
        if not small:
            belligerents += [
                (e, s) for e, s in ((self.breakaway, 1), (self.mercenaries, 2)) if e is not None
            ]
        for entity, side in belligerents:
            main = entity is self.a1 or entity is self.a2
            self.add_claim(
                _Claim(
                    WARKG.ParticipationClaim,
                    f"{entity.label} was a belligerent on the {self.dem[side]} side",
                    self.war.iri,
                    "belligerents",
                    f"Belligerents\n {entity.label}",
                    [(WARKG.participant, entity.iri), (WARKG.onSide, self.sides[side - 1].iri)],
                    sentence=_Sentence([]) if main and rng.random() < 0.85 else None,
                )
            )
        if self.ally is not None and not small:
            self.add_alleged_belligerent(self.ally)
        used = len(self.claims)
        n_casualty = round(0.29 * total)
        n_quantity = min(5, round(0.055 * total))
        n_textual = min(8, round(0.08 * total))
        n_fact = max(2, total - used - n_casualty - n_quantity - n_textual)
        self.plan_casualties(n_casualty)
        self.plan_quantities(n_quantity)
        self.plan_facts(n_fact)
        self.plan_textual(n_textual)

    def add_alleged_belligerent(self, ally: _Entity) -> None:
        participation = self.add_claim(
            _Claim(
                WARKG.ParticipationClaim,
                f"{ally.label} was a belligerent on the {self.dem[2]} side (alleged by "
                f"{self.a1.label}, denied by {ally.label})",
                self.war.iri,
                "belligerents",
                "",
                [(WARKG.participant, ally.iri), (WARKG.onSide, self.sides[1].iri)],
            )
        )
        alleged = self.pick_refs()
        denied = self.pick_refs()
        sentence = _Sentence(
            [
                (f"{ally.label} (alleged by {self.a1.label},", alleged),
                (f" denied by {ally.label}", denied),
                (")", []),
            ]
        )
        participation.sentence = sentence
        for who, as_stated, stance_type, label in (
            (
                self.a1,
                f"alleged by {self.a1.label}",
                WARKG.allegation,
                f"{self.a1.label} alleges that {ally.label} was a belligerent",
            ),
            (
                ally,
                f"denied by {ally.label}",
                WARKG.denial,
                f"{ally.label} denies that it was a belligerent",
            ),
        ):
            refs = alleged if stance_type == WARKG.allegation else denied
            stance = self.add_claim(
                _Claim(
                    WARKG.Stance,
                    label,
                    self.war.iri,
                    "belligerents",
                    "",
                    [(WARKG.stanceOn, ""), (WARKG.stanceType, stance_type)],
                    claimants=[who],
                    as_stated=as_stated,
                    sentence=_Sentence(sentence.pieces, cites=refs),
                )
            )
            participation.stances.append(stance)

    def plan_casualties(self, n: int) -> None:
        rng = self.rng
        specs: list[tuple[str, str, list[_Entity], str | None, int, int]] = []
        sides = ((1, [e for e in (self.a1, self.breakaway) if e is not None]), (2, [self.a2]))
        for side, claimants in sides:
            per = "Per " + "/".join(c.label for c in claimants)
            wound = rng.choice(("wounded", "woundedAndSick"))
            specs += [
                (f"servicemen-{side}", "killed", claimants, per, 200, 6000),
                (f"servicemen-{side}", wound, claimants, per, 500, 15000),
                (f"servicemen-{side}", "missing", claimants, per, 5, 300),
                (f"servicemen-{side}", "captured", claimants, per, 3, 200),
            ]
        for side, other in ((1, self.a2), (2, self.a1)):
            specs += [
                (f"servicemen-{side}", "killed", [other], f"Per {other.label}", 300, 9000),
                (f"servicemen-{side}", "captured", [other], f"according to {other.label}", 5, 400),
                (
                    f"servicemen-{side}",
                    "killed",
                    [self.monitor],
                    f"Per {self.monitor_short}",
                    200,
                    7000,
                ),
            ]
        if self.mercenaries is not None:
            specs += [
                ("mercenaries", "killed", [self.monitor], f"Per {self.monitor_short}", 50, 800),
                ("mercenaries", "captured", [self.monitor], f"Per {self.monitor_short}", 1, 10),
            ]
        for side in (2, 1):
            specs += [
                (f"civilians-{side}", "killed", [], None, 1, 200),
                (f"civilians-{side}", "injured", [], None, 5, 500),
                (f"civilians-{side}", "captured", [], None, 1, 60),
                (f"civilians-{side}", "missing", [], None, 1, 50),
            ]
        specs += [
            ("people-2", "displaced", [self.a2], f"according to {self.a2.label}", 1000, 60000),
            ("people-1", "displaced", [], None, 5000, 150000),
            ("journalists-20", "injured", [], None, 1, 4),
            ("journalists-21", "injured", [], None, 1, 4),
            ("civilians-20", "killed", [], None, 1, 3),
            ("civilians-21", "injured", [], None, 1, 3),
            ("helicopters", "shotDown", [], None, 1, 3),
            ("aircrew", "killed", [], None, 1, 4),
            ("aircrew", "injured", [], None, 1, 3),
        ]
        if n > len(specs):  # more figures than lines: other claimants repeat some
            extra = [
                (key, measure, [self.monitor], f"Per {self.monitor_short}", low, high)
                for key, measure, _, _, low, high in specs
            ]
            specs += [extra[i % len(extra)] for i in range(n - len(specs))]
        for i in sorted(rng.sample(range(len(specs)), n)):
            key, measure, claimants, as_stated, low, high = specs[i]
            population = self.population(key)
            amount = rng.randint(low, high)
            roll = rng.random()  # the article's mix: mostly exact, some '~', some '+'
            if roll < 0.1 and amount >= 100:
                exactness, amount = WARKG.approximate, _round2(amount)
                stated = f"~{_figure(amount)}"
            elif roll < 0.2:
                exactness, stated = WARKG.atLeast, f"{_figure(amount)}+"
            else:
                exactness, stated = WARKG.exact, _figure(amount)
            measure_words = _MEASURE_WORDS[measure]
            text = f"{stated} {population.label} {measure_words}"
            label = (f"{as_stated}: " if as_stated else "") + text
            pairs = [
                (WARKG.measure, getattr(WARKG, measure)),
                (WARKG.population, population.iri),
                (WARKG.quantityAmount, _count(amount)),
                (WARKG.statedAs, _string(stated)),
                (WARKG.exactness, exactness),
            ]
            if exactness == WARKG.atLeast:
                pairs.append((WARKG.lowerBound, _count(amount)))
            self.add_claim(
                _Claim(
                    WARKG.CasualtyClaim,
                    label,
                    self.war.iri,
                    "casualties",
                    text,
                    pairs,
                    claimants=claimants,
                    as_stated=as_stated,
                )
            )

    def population(self, key: str) -> _Entity:
        if key in self.populations:
            return self.populations[key]
        kind, _, which = key.partition("-")
        dem = self.dem[int(which)] if which else ""
        node_group = {
            "servicemen": "servicemen",
            "civilians": "civilians",
            "people": "people",
            "journalists": "journalists",
            "mercenaries": "mercenaries",
            "helicopters": "helicopters",
            "aircrew": "aircrew",
        }[kind]
        model = self.helicopter.label
        broker_dem = self.dem[10]
        label = {
            "servicemen": f"servicemen on the {dem} side",
            "civilians": f"{dem} civilians",
            "people": f"{dem}s",
            "journalists": f"{dem} journalists",
            "mercenaries": f"{self.mercenary_dem} mercenaries",
            "helicopters": f"{broker_dem} {model} helicopters",
            "aircrew": f"crew members of the {broker_dem} {model}",
        }[kind]
        population = self.entity("population", key, WARKG.Population, label)
        node = self.nodes[population.iri]
        node.add(WARKG.populationGroup, getattr(WARKG, node_group))
        if kind == "servicemen":
            node.add(WARKG.onSide, self.sides[int(which) - 1].iri)
        elif kind == "mercenaries":
            node.add(WARKG.nationalityAsStated, _string(self.mercenary_dem))
            node.add(WARKG.onSide, self.sides[1].iri)
        else:
            node.add(WARKG.nationalityAsStated, _string(dem or broker_dem))
        if kind == "helicopters":
            node.add(WARKG.equipmentModel, self.helicopter.iri)
        self.populations[key] = population
        return population

    def plan_quantities(self, n: int) -> None:
        rng = self.rng
        strength = _round2(rng.randint(500, 5000))
        years = rng.randint(2, 10)
        ceasefires = rng.randint(1, 5)
        share = rng.randint(10, 95)
        peace_text = (
            f"Approximately {_figure(strength)} {self.dem[10]} soldiers were deployed "
            f"as peacekeeping forces, with a mandate of at least "
            f"{_NUMBER_WORDS[years]} years."
        )
        options = [
            (
                self.war,
                "duration",
                self.days,
                WARKG.exact,
                f"{self.days} days",
                WARKG.day,
                None,
                f"The war lasted for {self.days} days",
                "lead1",
                f"The war lasted for {self.days} days and resulted in "
                f"{self.dem[1 if self.victor is self.a1 else 2]} victory.",
            ),
            (
                self.peacekeeping,
                "troopStrength",
                strength,
                WARKG.approximate,
                f"Approximately {_figure(strength)}",
                None,
                self.brokers[0],
                f"Approximately {_figure(strength)} soldiers were deployed as peacekeepers",
                "lead4",
                peace_text,
            ),
            (
                self.peacekeeping,
                "mandateDuration",
                years,
                WARKG.atLeast,
                f"at least {_NUMBER_WORDS[years]} years",
                WARKG.yearUnit,
                None,
                f"The peacekeepers have a mandate of at least {_NUMBER_WORDS[years]} years",
                "lead4",
                peace_text,
            ),
            (
                self.war,
                "failedCeasefireCount",
                ceasefires,
                WARKG.exact,
                _NUMBER_WORDS[ceasefires].capitalize(),
                None,
                None,
                f"{_NUMBER_WORDS[ceasefires].capitalize()} ceasefires failed to stop the conflict",
                "lead3",
                f"{_NUMBER_WORDS[ceasefires].capitalize()} ceasefires failed to stop the conflict.",
            ),
            (
                self.war,
                "shareOfDisputedTerritoryGained",
                share,
                WARKG.exact,
                f"{share}%",
                WARKG.percent,
                self.victor,
                f"{self.victor.label} gains control of {share}% of disputed territory",
                "territorial",
                f"{self.victor.label} gains control of {share}% of disputed territory",
            ),
        ]
        for i in sorted(rng.sample(range(len(options)), n)):
            about, measure, amount, exactness, stated, unit, agent, label, section, text = options[
                i
            ]
            pairs = [
                (WARKG.measure, getattr(WARKG, measure)),
                (WARKG.quantityAmount, _count(amount)),
                (WARKG.statedAs, _string(stated)),
                (WARKG.exactness, exactness),
            ]
            if exactness == WARKG.atLeast:
                pairs.append((WARKG.lowerBound, _count(amount)))
            if unit:
                pairs.append((WARKG.unit, unit))
            if agent:
                pairs.append((WARKG.concernsAgent, agent.iri))
            self.add_claim(_Claim(WARKG.QuantityClaim, label, about.iri, section, text, pairs))

    def plan_facts(self, n: int) -> None:
        rng = self.rng
        facts = self.facts
        chosen = [0, 1, *sorted(rng.sample(range(2, len(facts)), min(n, len(facts)) - 2))]
        chosen += [rng.randrange(len(facts)) for _ in range(n - len(chosen))]  # restated
        for i, index in enumerate(chosen):
            fact = facts[index]
            section = fact.section if i < len(facts) else f"lead{rng.randint(1, 5)}"
            pairs = [
                (
                    WARKG.statesProperty,
                    RDF_TYPE if fact.prop == "type" else getattr(WARKG, fact.prop),
                )
            ]
            pairs += [(WARKG.statesObject, term) for term in fact.objects]
            if fact.value is not None:
                pairs.append((WARKG.statesValue, fact.value))
            self.add_claim(
                _Claim(WARKG.FactClaim, fact.label, fact.about.iri, section, fact.text, pairs)
            )

    def plan_textual(self, n: int) -> None:
        rng = self.rng
        region = self.region.label
        options = [
            (
                self.war,
                [self.union],
                "lead3",
                f"Numerous countries and the {self.union.label} condemned the fighting",
                f"Numerous countries and the {self.union.label} strongly condemned the fighting "
                "and called on both sides to de-escalate tensions.",
            ),
            (
                self.war,
                [self.a2, WARKG.drones],
                "lead3",
                f"{self.a2.label}'s use of drones was seen as crucial to the outcome",
                f"In particular, {self.a2.label}'s widespread use of drones was seen as crucial "
                "in determining the conflict's outcome.",
            ),
            (
                self.agreement,
                [self.region],
                "lead4",
                f"The agreement shifted control of territories in and around {region}",
                f"The agreement resulted in a major shift regarding the control of the "
                f"territories in {region} and the areas surrounding it.",
            ),
            (
                self.captured_area,
                [self.victor, self.war],
                "map",
                f"The map shows areas captured by {self.victor.label}",
                self.captured_area.label.capitalize(),
            ),
            (
                self.ceded_area,
                [self.victor, self.agreement],
                "map",
                f"The map shows areas ceded to {self.victor.label}",
                self.ceded_area.label.capitalize(),
            ),
            (
                self.later,
                [self.a2, self.region],
                "lead5",
                f"The later offensive brought the whole territory under {self.a2.label}",
                f"The later {self.dem[2]} offensive in {region} would see the entire disputed "
                f"territory come under the control of {self.a2.label}.",
            ),
            (
                self.detention,
                [self.a1, self.a2],
                "lead4",
                "Prisoners of war were held captive, with reports of mistreatment",
                f"An unconfirmed number of {self.dem[1]} prisoners of war were held captive in "
                f"{self.a2.label}, with reports of mistreatment and charges filed against them,",
            ),
            (
                self.war,
                [self.a1, self.a2, WARKG.statePropaganda],
                "lead3",
                "Both sides used state propaganda",
                "The war was marked by state propaganda and the use of official social media "
                "accounts in online information warfare.",
            ),
        ]
        for i in sorted(rng.sample(range(len(options)), n)):
            about, mentions, section, label, text = options[i]
            pairs = [(WARKG.mentions, m.iri if isinstance(m, _Entity) else m) for m in mentions]
            self.add_claim(_Claim(WARKG.TextualClaim, label, about.iri, section, text, pairs))

    # -- citations --

    def new_ref(self, cited: bool) -> int:
        self.refs.append(_Ref(cited))
        return len(self.refs) - 1

    def pick_refs(self) -> list[int]:
        """The references one sentence cites: mostly new ones, sometimes earlier ones."""
        rng = self.rng
        k = rng.choices((1, 2, 3, 4), weights=(62, 20, 13, 5))[0]
        chosen: list[int] = []
        for _ in range(k):
            if self.cited_refs and rng.random() < 0.1:
                ref = rng.choice(self.cited_refs)
                if ref in chosen:
                    continue
            else:
                if rng.random() < 0.05:  # cited in the article, but not by our claims
                    self.new_ref(cited=False)
                ref = self.new_ref(cited=True)
                self.cited_refs.append(ref)
            chosen.append(ref)
        for ref in chosen:
            self.refs[ref].sentences += 1
        return chosen

    def footnote(self) -> str:
        if len(self.footnotes) < 26:
            letter = "abcdefghijklmnopqrstuvwxyz"[len(self.footnotes)]
            self.footnotes.append(letter)
            return letter
        return self.rng.choice(self.footnotes)

    def cite(self) -> None:
        """Order the claims as the article reads and give each its sentence.

        Claims with the same text in the same section come from one sentence of the
        article, and share its citations, as the real claims from one sentence do."""
        self.claims.sort(key=lambda c: _SECTION_ORDER[c.section])  # stable: keeps plan order
        sentences: dict[tuple[str, str], _Sentence] = {}
        uncited_block_written = False
        for claim in self.claims:
            group = "lead" if claim.section.startswith("lead") else claim.section
            if group == "casualties" and not uncited_block_written:
                self.uncited_block()
                uncited_block_written = True
            if claim.sentence is not None:
                if not claim.sentence.pieces:  # a main belligerent: the infobox cites none
                    claim.sentence = _Sentence([(claim.text, [])], uncited=True)
            elif (claim.section, claim.text) in sentences:
                claim.sentence = sentences[claim.section, claim.text]
            else:
                claim.sentence = self.new_sentence(claim.text, group)
                sentences[claim.section, claim.text] = claim.sentence
        if not uncited_block_written:
            self.uncited_block()

    def uncited_block(self) -> None:
        """References for the infobox's commanders, units and strength, which the article
        cites but no claim of ours does (about a third of the real reference list)."""
        size = round(len(self.claims) * self.rng.uniform(0.25, 0.4)) + self.extra_refs
        for _ in range(max(0, size)):
            self.new_ref(cited=False)

    def new_sentence(self, text: str, group: str) -> _Sentence:
        rng = self.rng
        uncited, footnote_only, footnote_and_refs = _CITATION_ODDS.get(group, (0.0, 0.0, 0.0))
        roll = rng.random()
        if roll < uncited:
            return _Sentence([(text, [])], uncited=True)
        if roll < uncited + footnote_only:
            return _Sentence([(text, [])], footnote=self.footnote())
        if roll < uncited + footnote_only + footnote_and_refs:
            return _Sentence([(text, self.pick_refs())], footnote=self.footnote())
        return _Sentence([(text, self.pick_refs())])

    # -- violations --

    def plant_secondary(self) -> list[Planted]:
        """Plant this war's share of secondary violations, kinds in turn."""
        count = self.plan.secondary(self.offsets.claims, len(self.claims))
        planted: list[Planted] = []
        rng = self.violation_rng
        for j in range(count):
            kind = SECONDARY_KINDS[(self.offsets.secondary + j) % len(SECONDARY_KINDS)]
            done = {p.focus for p in planted if p.kind == kind}
            if kind == NEGATIVE_AMOUNT:
                candidates = [
                    c
                    for c in self.claims
                    if (WARKG.exactness, WARKG.exact) in c.pairs and c.iri not in done
                ]
                if candidates:
                    claim = rng.choice(candidates)
                    claim.pairs = [
                        (
                            p,
                            _typed(f"-{rng.randint(1, 999)}", "nonNegativeInteger")
                            if p == WARKG.quantityAmount
                            else o,
                        )
                        for p, o in claim.pairs
                    ]
                    planted.append(Planted(claim.iri[1:-1], kind))
            elif kind == ZERO_BACKLINKS:
                candidates = [i for i in range(len(self.refs)) if self.ref_iri(i)[1:-1] not in done]
                if candidates:
                    ref = rng.choice(candidates)
                    self.zero_backlinks.add(ref)
                    planted.append(Planted(self.ref_iri(ref)[1:-1], kind))
            elif kind == MALFORMED_DATE:
                candidates = [
                    i for i in range(len(self.refs)) if self.work_iri(i)[1:-1] not in done
                ]
                if candidates:
                    ref = rng.choice(candidates)
                    self.malformed_dates.add(ref)
                    planted.append(Planted(self.work_iri(ref)[1:-1], kind))
            elif kind == START_AFTER_END and not done:
                self.swap_war_dates()
                planted.append(Planted(self.war.iri[1:-1], kind))
        return planted

    def swap_war_dates(self) -> None:
        """Make the war end before it starts, in its own triples and its fact claims."""
        start, end = _date(self.start), _date(self.end)
        swap = {
            (WARKG.startDate, start): (WARKG.startDate, end),
            (WARKG.endDate, end): (WARKG.endDate, start),
        }
        node = self.nodes[self.war.iri]
        node.pairs = [swap.get(pair, pair) for pair in node.pairs]
        node.seen = set(node.pairs)
        for claim in self.claims:
            if claim.about != self.war.iri or claim.kind != WARKG.FactClaim:
                continue
            prop = claim.pairs[0][1]
            claim.pairs = [
                (p, swap.get((prop, o), (prop, o))[1]) if p == WARKG.statesValue else (p, o)
                for p, o in claim.pairs
            ]

    # -- output --

    def ref_iri(self, i: int) -> str:
        return f"<{ID}{SYNTHETIC}reference/{self.offsets.references + i + 1}>"

    def work_iri(self, i: int) -> str:
        return f"<{ID}{SYNTHETIC}work/{self.offsets.references + i + 1}>"

    def build(self) -> _WarOutput:
        self.zero_backlinks: set[int] = set()
        self.malformed_dates: set[int] = set()
        self.planted_size = 0  # triples added by planting, less those it removed
        self.build_world()
        self.build_facts()
        self.plan_claims()
        self.cite()
        for k, claim in enumerate(self.claims, start=1):
            claim.iri = self.iri("claim", str(k))
        for claim in self.claims:
            for stance in claim.stances:
                stance.pairs = [
                    (p, claim.iri if p == WARKG.stanceOn else o) for p, o in stance.pairs
                ]
        planted = self.plant_secondary()
        blocks: list[tuple[str, list[tuple[str, str]]]] = [
            (iri, node.pairs) for iri, node in self.nodes.items()
        ]
        for letter in self.footnotes:
            blocks.append(
                (
                    self.iri("footnote", letter),
                    [
                        (RDF_TYPE, WARKG.Footnote),
                        (LABEL, _english(f"Footnote {letter} of the {self.war_label} article")),
                        (DCT.isPartOf, self.snapshot),
                        (WARKG.footnoteLabel, _string(letter)),
                        (WARKG.textRenderedInSnapshot, TRUE if self.rng.random() < 0.2 else FALSE),
                    ],
                )
            )
        for index, claim in enumerate(self.claims):
            violated = self.plan.provenance(self.offsets.claims + index)
            blocks.append((claim.iri, self.claim_pairs(claim, violated)))
            if violated:
                planted.append(Planted(claim.iri[1:-1], PROVENANCE))
        organisations = self.references(blocks)
        triples = sum(len(pairs) for _, pairs in blocks)
        return _WarOutput(
            blocks,
            triples,
            triples - self.planted_size,
            len(self.claims),
            len(self.refs),
            self.offsets.secondary + self.plan.secondary(self.offsets.claims, len(self.claims)),
            organisations,
            planted,
        )

    def claim_pairs(self, claim: _Claim, violated: bool) -> list[tuple[str, str]]:
        assert claim.sentence is not None
        sentence = claim.sentence
        # each claim states its classes up to warkg:Claim, as the shipped data does
        pairs = [(RDF_TYPE, kind) for kind in _CLAIM_CLASSES.get(claim.kind, (claim.kind,))]
        pairs += [(LABEL, _english(claim.label)), (WARKG.about, claim.about)]
        pairs += [(WARKG.claimant, c.iri) for c in claim.claimants]
        if claim.as_stated:
            pairs.append((WARKG.claimantAsStated, _string(claim.as_stated)))
        # A claim planted without provenance quotes its text without the markers too:
        # markers nobody cites would be a second violation (wsh:EvidenceMarkerShape).
        evidence = "".join(
            text
            + (f"[{sentence.footnote}]" if sentence.footnote and i == 0 and not violated else "")
            + "".join(f"[{self.offsets.references + r + 1}]" for r in refs if not violated)
            for i, (text, refs) in enumerate(sentence.pieces)
        )
        pairs.append((WARKG.evidenceText, _string(evidence)))
        pairs.append((WARKG.inSection, self.sections[claim.section]))
        pairs += [pair for pair in claim.pairs if pair[1]]
        pairs += [(WARKG.hasStance, stance.iri) for stance in claim.stances]
        provenance = [(WARKG.hasReference, self.ref_iri(r)) for r in sentence.references()]
        if sentence.uncited:
            provenance.append((WARKG.articleGivesNoCitation, TRUE))
        if sentence.footnote:
            provenance.append((WARKG.citesFootnote, self.iri("footnote", sentence.footnote)))
        # the shipped data states each source link as prov:wasDerivedFrom too
        provenance += [
            (DERIVED_FROM, source)
            for link, source in list(provenance)
            if link in (WARKG.hasReference, WARKG.citesFootnote)
        ]
        if violated:
            self.planted_size -= len(provenance)
            return pairs
        return pairs + provenance

    def references(self, blocks: list[tuple[str, list[tuple[str, str]]]]) -> list[int]:
        """Write the references and their works; return the organisations first cited."""
        rng = self.rng
        section = self.sections["references"]
        new_organisations: list[int] = []
        pool = 30 + 5 * self.war_index  # new outlets appear as wars go on
        places = [self.region.label, self.city.label, self.a1.label, self.a2.label]
        for i, ref in enumerate(self.refs):
            number = self.offsets.references + i + 1
            work = self.work_iri(i)
            issued = self.start + timedelta(rng.randint(-30, self.days + 400))
            has_issued = rng.random() < 0.89
            retrieved = issued + timedelta(rng.randint(0, 200)) if rng.random() < 0.74 else None
            archived = issued + timedelta(rng.randint(0, 30)) if rng.random() < 0.25 else None
            no_source = rng.random() < 0.077
            language = rng.choice(_LANGUAGE_CODES) if rng.random() < 0.21 else None
            place = rng.choice(places)
            translated = None
            if language:
                name, *titles = _LANGUAGES[language]
                original, english = rng.choice(titles)
                title = original.format(r=place)
                if rng.random() < 0.3:
                    translated = english.format(r=place)
            else:
                title = self.headline(place)
            authors = []
            if rng.random() < 0.24:
                count = rng.choices((1, 2, 3), weights=(88, 10, 2))[0]
                authors = [f"{_word(rng, 2)}, {rng.choice(_GIVEN)}" for _ in range(count)]
            quote = self.quote() if rng.random() < 0.13 else None
            maintenance = (
                "{{cite web}}: CS1 maint: bot: original URL status unknown (link)"
                if rng.random() < 0.05
                else None
            )
            work_pairs = [
                (RDF_TYPE, WARKG.CitedWork),
                (LABEL, _string(title)),
                (DCT.title, _string(title)),
            ]
            if has_issued:
                lexical = (
                    f"{issued.year}-02-30" if i in self.malformed_dates else issued.isoformat()
                )
                work_pairs.append((DCT.issued, _typed(lexical, "date")))
            elif i in self.malformed_dates:
                self.planted_size += 1
                work_pairs.append((DCT.issued, _typed(f"{issued.year}-02-30", "date")))
            if language:
                work_pairs.append((DCT.language, _string(language)))  # a plain code, as shipped
            if translated:
                work_pairs.append((WARKG.translatedTitle, _string(translated)))
            source_names: list[str] = []
            if not no_source:
                fields = [WARKG.publishedIn]
                if rng.random() < 0.08:
                    fields.append(DCT.publisher)
                for predicate in fields:
                    index = int(pool * rng.random() ** 2)
                    name, alt = _organisation(self.seed, index)
                    stated = alt if alt and rng.random() < 0.3 else name
                    org = f"<{ID}{SYNTHETIC}agent/source-{index}>"
                    if index not in self.organisations_written and (index not in new_organisations):
                        new_organisations.append(index)
                        org_pairs = [(RDF_TYPE, WARKG.SourceOrganisation), (LABEL, _english(name))]
                        if alt:
                            org_pairs.append((ALT_LABEL, _english(alt)))
                        blocks.append((org, org_pairs))
                    work_pairs.append((predicate, org))
                    as_stated = (
                        WARKG.publishedInAsStated
                        if predicate == WARKG.publishedIn
                        else WARKG.publisherAsStated
                    )
                    work_pairs.append((as_stated, _string(stated)))
                    source_names.append(stated)
            if retrieved:
                work_pairs.append((WARKG.retrievedDate, _date(retrieved)))
            if archived:
                work_pairs.append((WARKG.archiveDate, _date(archived)))
            if quote:
                work_pairs.append((WARKG.quote, _string(quote)))
            for position, author in enumerate(authors, start=1):
                authorship = f"<{ID}{SYNTHETIC}work/{number}-author-{position}>"
                work_pairs.append((WARKG.hasAuthorship, authorship))
                blocks.append(
                    (
                        authorship,
                        [
                            (RDF_TYPE, WARKG.Authorship),
                            (LABEL, _string(author)),
                            (WARKG.authorName, _string(author)),
                            (WARKG.authorPosition, _positive(position)),
                        ],
                    )
                )

            parts = []
            if authors:
                parts.append(f"{'; '.join(authors)} ({_long_date(issued)}).")
            parts.append(f'"{title}"' + (f" [{translated}]" if translated else "") + ".")
            language_note = f" (in {_LANGUAGES[language][0]})" if language else ""
            if source_names:
                parts.append(". ".join(source_names) + language_note + ".")
            elif language_note:
                parts.append(language_note.strip() + ".")
            if has_issued and not authors:
                parts.append(f"{_long_date(issued)}.")
            if archived:
                parts.append(f"Archived from the original on {_long_date(archived)}.")
            if retrieved:
                parts.append(f"Retrieved {_long_date(retrieved)}.")
            if quote:
                parts.append(quote)
            rendered = " ".join(parts) + (maintenance or "")

            backlinks = ref.sentences if ref.cited else rng.choices((1, 2, 3), (80, 15, 5))[0]
            if rng.random() < 0.1:
                backlinks += 1  # the article cites it again outside our claims
            ref_pairs = [
                (RDF_TYPE, WARKG.Reference),
                (LABEL, _english(f"Reference {number}")),
                (DCT.isPartOf, section),
                (
                    WARKG.backlinkCount,
                    _positive(0) if i in self.zero_backlinks else _positive(backlinks),
                ),
                (WARKG.citesWork, work),
                (WARKG.referenceNumber, _positive(number)),
                (WARKG.renderedText, _string(rendered)),
            ]
            if no_source:
                ref_pairs.append((WARKG.articleGivesNoSource, TRUE))
            if maintenance:
                ref_pairs.append((WARKG.citationMaintenanceNote, _string(maintenance)))
            blocks.append((self.ref_iri(i), ref_pairs))
            blocks.append((work, work_pairs))
        return new_organisations

    def headline(self, place: str) -> str:
        rng = self.rng
        n = rng.randint(3, 900)
        return rng.choice(
            (
                f"{self.a1.label} and {self.a2.label} clash over {self.region.label}",
                f"Fighting erupts in {place}",
                f"{self.a2.label} says {n} servicemen killed",
                f"Ceasefire in {place} collapses within hours",
                f"{self.city.label} falls as {self.victor.label} advances",
                f"Deal struck to end the {self.region.label} war",
                f"What we know about the fighting in {place}",
                f"{self.brokers[0].label} calls for restraint in {place}",
                f"Drones reshape the war in {place}",
                f"{n} civilians displaced by fighting in {place}",
                "Release of the Press Service of the President",
            )
        )

    def quote(self) -> str:
        return self.rng.choice(
            (
                f"{self.a2.label}'s superior weaponry and battlefield advances have reduced its "
                "incentive to reach a lasting peace deal.",
                f"Overall, the deal should be read as a victory for {self.victor.label} and a "
                f"defeat for {self.loser.label}.",
                f"{self.a1.label} has said that foreign fighters were directly involved in the "
                "fighting, which others denied.",
            )
        )


# --- writing -------------------------------------------------------------------------

_TURTLE_PREFIXES = {
    **{name: PREFIXES[name] for name in ("warkg", "rdf", "rdfs", "skos", "dcterms", "xsd")},
    **{
        f"s{kind}": f"{ID}{SYNTHETIC}{kind}/"
        for kind in (
            "agent",
            "claim",
            "concept",
            "event",
            "footnote",
            "place",
            "population",
            "reference",
            "section",
            "side",
            "snapshot",
            "work",
        )
    },
}
_NAMESPACE_PREFIX = {namespace: prefix for prefix, namespace in _TURTLE_PREFIXES.items()}
_SAFE_LOCAL = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_")


@lru_cache(maxsize=65536)
def _turtle_term(term: str) -> str:
    """An N-Triples term as Turtle, IRIs shortened to prefixed names where safe."""
    if term.startswith("<"):
        iri = term[1:-1]
        cut = max(iri.rfind("/"), iri.rfind("#")) + 1
        prefix = _NAMESPACE_PREFIX.get(iri[:cut])
        local = iri[cut:]
        if prefix and local and set(local) <= _SAFE_LOCAL and local[-1] not in "-":
            return f"{prefix}:{local}"
        return term
    if term.endswith(">") and f"^^<{XSD}" in term:
        lexical, _, datatype = term.rpartition("^^<")
        return f"{lexical}^^xsd:{datatype[len(XSD) : -1]}"
    return term


def _write_ntriples(out: TextIO, blocks: Iterable[tuple[str, list[tuple[str, str]]]]) -> None:
    out.write("".join(f"{s} {p} {o} .\n" for s, pairs in blocks for p, o in pairs))


def _write_turtle(out: TextIO, blocks: Iterable[tuple[str, list[tuple[str, str]]]]) -> None:
    chunks = []
    for subject, pairs in blocks:
        lines = [
            f"    {'a' if p == RDF_TYPE else _turtle_term(p)} {_turtle_term(o)} ;" for p, o in pairs
        ]
        chunks.append(f"{_turtle_term(subject)}\n" + "\n".join(lines) + "\n.\n\n")
    out.write("".join(chunks))


def _turtle_header() -> str:
    return (
        "".join(
            f"PREFIX {prefix}: <{namespace}>\n"
            for prefix, namespace in sorted(_TURTLE_PREFIXES.items())
        )
        + "\n"
    )


# --- the generator -------------------------------------------------------------------

_SMALLEST_WAR = 350
"""About how many triples a war has at the smallest scale (its fixed part: snapshot,
sections, agents, places, events and a handful of claims). A war that would leave less
than half of this is made the last one, and stretched to the target instead."""

FORMATS = {"nt": "nt", "ntriples": "nt", "n-triples": "nt", "turtle": "turtle", "ttl": "turtle"}


@dataclass
class Summary:
    """What was written: counts, and every planted violation in order."""

    triples: int = 0
    wars: int = 0
    claims: int = 0
    references: int = 0
    planted: list[Planted] = field(default_factory=list)


def generate(
    out: TextIO, triples: int, *, seed: int = 1, violations: float = 0.005, fmt: str = "nt"
) -> Summary:
    """Write a synthetic graph of about `triples` triples to `out`.

    Wars are added whole while they fit; the last one is rebuilt smaller until the total
    lands close to the target, since one war (about 2,700 triples) is too coarse a step
    for a 5k or 10k graph."""
    if triples < 1:
        raise ValueError("triples must be positive")
    if not 0 <= violations <= 1:
        raise ValueError("violations must be a fraction between 0 and 1")
    writer: Callable[[TextIO, Iterable[tuple[str, list[tuple[str, str]]]]], None]
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r}")
    if FORMATS[fmt] == "turtle":
        out.write(_turtle_header())
        writer = _write_turtle
    else:
        writer = _write_ntriples
    phases = random.Random(f"warkg-synthetic:{seed}:violations")
    plan = ViolationPlan(violations, phases.random(), phases.random())
    summary = Summary()
    offsets = _Offsets()
    organisations: set[int] = set()
    clean_written = 0
    last = False
    while not last:
        remaining = triples - clean_written
        war = summary.wars + 1

        def build(
            scale: float, extra_refs: int = 0, war: int = war, offsets: _Offsets = offsets
        ) -> _WarOutput:
            return _WarBuilder(seed, war, scale, offsets, plan, organisations, extra_refs).build()

        output = build(1.0)
        last = output.clean_triples > remaining - _SMALLEST_WAR // 2
        if last:
            output = _fit(build, output, remaining)
        writer(out, output.blocks)
        organisations.update(output.organisations)
        clean_written += output.clean_triples
        summary.triples += output.triples
        summary.wars += 1
        summary.claims += output.claims
        summary.references += output.references
        summary.planted += output.planted
        offsets = _Offsets(
            offsets.claims + output.claims, offsets.references + output.references, output.secondary
        )
    return summary


_TRIPLES_PER_REFERENCE = 16
"""About how many triples one reference brings with its work."""


def _fit(build: Callable[[float, int], _WarOutput], full: _WarOutput, remaining: int) -> _WarOutput:
    """Rebuild the last war so that it brings the total closest to the target.

    First the scale, by bisection (a war's size grows with its scale but not smoothly: a
    different scale samples different casualty lines and facts), then the number of
    references no claim cites, which moves the size in steps of about 16 triples."""
    best, best_scale = full, 1.0
    low, high = 0.0, 1.0
    if full.clean_triples > remaining:
        for _ in range(12):
            scale = (low + high) / 2
            trial = build(scale, 0)
            if abs(trial.clean_triples - remaining) < abs(best.clean_triples - remaining):
                best, best_scale = trial, scale
            if trial.clean_triples > remaining:
                high = scale
            else:
                low = scale
    extra = 0
    for _ in range(4):
        gap = remaining - best.clean_triples
        if abs(gap) < _TRIPLES_PER_REFERENCE:
            break
        extra += round(gap / _TRIPLES_PER_REFERENCE)
        trial = build(best_scale, extra)
        if abs(trial.clean_triples - remaining) >= abs(best.clean_triples - remaining):
            break
        best = trial
    return best


def write_manifest(path: Path, planted: Sequence[Planted]) -> None:
    path.write_text(json.dumps([p.as_json() for p in planted], indent=1) + "\n", encoding="utf-8")


def _fraction(text: str) -> float:
    value = float(text)
    if not 0 <= value <= 1:
        raise argparse.ArgumentTypeError("must be between 0 and 1")
    return value


def _positive_int(text: str) -> int:
    value = int(text.replace("_", "").replace(",", ""))
    if value < 1:
        raise argparse.ArgumentTypeError("must be a positive integer")
    return value


def main(argv: Sequence[str] | None = None) -> int:
    """Command line; exit 0 when written, 2 on a usage or output error."""
    parser = argparse.ArgumentParser(
        prog="generate.py",
        description="Write a deterministic synthetic warkg graph of about N triples.",
    )
    parser.add_argument(
        "--triples",
        type=_positive_int,
        default=10_000,
        help="target number of triples (default 10000; result within a few %%)",
    )
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--out", default="-", help="output file, '-' for stdout (default)")
    parser.add_argument(
        "--format", choices=sorted(FORMATS), default="nt", help="nt (N-Triples, default) or turtle"
    )
    parser.add_argument(
        "--violations",
        type=_fraction,
        default=0.005,
        help="share of claims planted with a provenance violation "
        "(default 0.005; 0 for a conforming graph)",
    )
    parser.add_argument(
        "--manifest",
        type=Path,
        help="write the planted violations here as JSON ([{focus, kind, shape}, ...])",
    )
    args = parser.parse_args(argv)
    try:
        if args.out == "-":
            summary = generate(
                sys.stdout,
                args.triples,
                seed=args.seed,
                violations=args.violations,
                fmt=args.format,
            )
        else:
            with open(args.out, "w", encoding="utf-8", newline="\n") as out:
                summary = generate(
                    out, args.triples, seed=args.seed, violations=args.violations, fmt=args.format
                )
        if args.manifest is not None:
            write_manifest(args.manifest, summary.planted)
    except OSError as error:
        print(f"generate.py: {error}", file=sys.stderr)
        return 2
    print(
        f"generate.py: {summary.triples} triples, {summary.wars} wars, {summary.claims} "
        f"claims, {summary.references} references, {len(summary.planted)} planted "
        f"violations -> {args.out}",
        file=sys.stderr,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
