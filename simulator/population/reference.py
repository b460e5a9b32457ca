"""The reference tables of fixtures/reference, loaded once per process and ready for weighted draws."""

from __future__ import annotations

import csv
import random
from bisect import bisect
from dataclasses import dataclass
from functools import lru_cache
from itertools import accumulate

from simulator.resources import fixture

REGION_SHARE = {"BRU": 0.11, "VLG": 0.58, "WAL": 0.31}  # of Belgium's population [K]


class Weighted:
    """Draw items by weight with one random() and a bisect (stable across Python versions)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, pairs) -> None:
        pairs = [(item, weight) for item, weight in pairs if weight > 0]
        if not pairs:
            raise ValueError("nothing to draw from")
        self.items = [item for item, _ in pairs]
        self.cum = list(accumulate(weight for _, weight in pairs))
        self.total = self.cum[-1]

    def pick(self, rng: random.Random):
        return self.items[bisect(self.cum, rng.random() * self.total)]


@dataclass(frozen=True, slots=True)
class Municipality:
    nis: int
    postal_code: str
    name_fr: str
    name_nl: str
    name_de: str
    region: str  # BRU | VLG | WAL
    language: str  # fr | nl | de | fr-nl
    province_nis: int
    has_cpas: bool
    population: int

    def name(self, lang: str) -> str:
        return {"fr": self.name_fr, "nl": self.name_nl, "de": self.name_de}.get(lang, self.name_fr)

    @property
    def street_languages(self) -> tuple[str, ...]:
        """The languages streets are named in here: both in Brussels, else the one language."""
        return ("fr", "nl") if self.language == "fr-nl" else (self.language,)


@dataclass(frozen=True, slots=True)
class Country:
    code: int
    iso2: str
    name_fr: str
    name_nl: str
    name_de: str
    eu: bool
    names: str  # name pool (first_names/last_names language)
    weight: int  # share among foreign residents
    cities: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Street:
    code: int
    name_fr: str
    name_nl: str
    name_de: str

    def name(self, lang: str) -> str:
        return {"fr": self.name_fr, "nl": self.name_nl, "de": self.name_de}[lang]


def _rows(name: str) -> list[dict[str, str]]:
    with open(fixture("reference", name), encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


class Reference:
    """Every table the generator draws from."""

    def __init__(self) -> None:
        self.municipalities = [
            Municipality(int(r["nis"]), r["postal_code"], r["name_fr"], r["name_nl"], r["name_de"], r["region"],
                         r["language"], int(r["province_nis"]), r["has_cpas"] == "1", int(r["population"]))
            for r in _rows("municipalities.csv")
        ]
        self.municipality = {m.nis: m for m in self.municipalities}
        # Where people live: only municipalities with a CPAS (not Herstappe); each region gets its
        # real share of the population, spread over our municipalities by their population.
        lives = [m for m in self.municipalities if m.has_cpas]
        totals = {r: sum(m.population for m in lives if m.region == r) for r in REGION_SHARE}
        self.residence = Weighted((m, m.population / totals[m.region] * REGION_SHARE[m.region]) for m in lives)
        self.residence_in = {
            region: Weighted((m, m.population) for m in self.municipalities if m.has_cpas and m.region == region)
            for region in ("BRU", "VLG", "WAL")
        }
        self.birthplace_in = {
            region: Weighted((m, m.population) for m in self.municipalities if m.region == region)
            for region in ("BRU", "VLG", "WAL")
        }
        self.countries = [
            Country(int(r["nis_code"]), r["iso2"], r["name_fr"], r["name_nl"], r["name_de"], r["eu"] == "1",
                    r["names"], int(r["weight"]), tuple(c for c in r["cities"].split("|") if c))
            for r in _rows("countries.csv")
        ]
        self.country = {c.code: c for c in self.countries}
        foreign = [c for c in self.countries if c.code != 150]
        self.foreign = Weighted((c, c.weight) for c in foreign)
        self.foreign_eu = Weighted((c, c.weight) for c in foreign if c.eu)
        self.foreign_non_eu = Weighted((c, c.weight) for c in foreign if not c.eu)
        first: dict[tuple[str, str], list[tuple[str, int]]] = {}
        for r in _rows("first_names.csv"):
            first.setdefault((r["language"], r["sex"]), []).append((r["name"], int(r["weight"])))
        self.first_names = {key: Weighted(pairs) for key, pairs in first.items()}
        last: dict[str, list[tuple[str, int]]] = {}
        for r in _rows("last_names.csv"):
            last.setdefault(r["language"], []).append((r["name"], int(r["weight"])))
        self.last_names = {key: Weighted(pairs) for key, pairs in last.items()}
        self.streets = [Street(int(r["street_code"]), r["name_fr"], r["name_nl"], r["name_de"])
                        for r in _rows("streets.csv")]
        self.civil_states = {int(r["code"]): r for r in _rows("civil_states.csv")}
        self.relationships = {r["code"]: r for r in _rows("relationships.csv")}


@lru_cache(maxsize=1)
def reference() -> Reference:
    return Reference()
