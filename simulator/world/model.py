"""The world's records as immutable values: what the store returns and the services render.

Conventions shared by every record with a period:
- ``begin`` and ``end`` are ``datetime.date``; ``end`` None means "still running";
- periods are *inclusive* at both ends and successive periods of one person never overlap
  (the next record begins the day after the previous one ends);
- a birth date is a string ``yyyy-mm-dd`` with ``00`` for an unknown month or day, because a BIS
  person may have an incomplete birth date (domain-facts §1.3).
Codes are the register's: gender 0 unknown / 1 male / 2 female, NIS country codes (150 = Belgium),
NIS municipality codes, civil-state codes (10 single, 20 married ...), household relationship
codes '01'..'21' (relationship to the reference person).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Literal

PersonKind = Literal["RN", "BIS"]
AddressKind = Literal["LEGAL", "CONTACT", "ABROAD"]
ReplacementReason = Literal["BIS_TO_RN", "MERGE", "CORRECTION"]
RegisterKind = Literal["PRIMARY", "SECONDARY"]

BELGIUM = 150

# National-register registers (IT210): where an RN person is inscribed. BIS persons have none.
POPULATION_REGISTER = 1
FOREIGNERS_REGISTER = 2
WAITING_REGISTER = 3

# SSIN series: generated people get the series below 900 (449 per sex and day); the series from 900
# up (900-998) belong to the personas of fixtures/personas, so a persona's number is recognisable
# and never collides with a generated or scenario-made one.
PERSONA_SERIES = 900
GENERATED_SERIES = 449  # series indexes (population.builder, numbers.series_for) below PERSONA_SERIES

# Identity-card type codes (IT195) used by the generator.
CARD_BELGIAN_EID = "0000"
CARD_KIDS_ID = "0060"
CARD_FOREIGNER = "0050"


def covers(begin: dt.date | None, end: dt.date | None, at: dt.date) -> bool:
    """True when the inclusive period [begin, end] contains ``at`` (open ends are unbounded)."""
    return (begin is None or begin <= at) and (end is None or at <= end)


@dataclass(frozen=True, slots=True)
class Address:
    kind: AddressKind
    country: int
    nis: int | None
    postal_code: str | None
    municipality_fr: str | None
    municipality_nl: str | None
    municipality_de: str | None
    street_code: int | None
    street_fr: str | None
    street_nl: str | None
    street_de: str | None
    house_number: str | None
    box: str | None
    begin: dt.date
    end: dt.date | None = None
    city_abroad: str | None = None

    def municipality(self, lang: str) -> str | None:
        """The municipality name in ``lang`` ('fr'|'nl'|'de'), falling back to any known name."""
        names = {"fr": self.municipality_fr, "nl": self.municipality_nl, "de": self.municipality_de}
        return names.get(lang) or self.municipality_fr or self.municipality_nl or self.municipality_de

    def street(self, lang: str) -> str | None:
        """The street in ``lang``; in a monolingual municipality only its own language exists."""
        names = {"fr": self.street_fr, "nl": self.street_nl, "de": self.street_de}
        return names.get(lang) or self.street_fr or self.street_nl or self.street_de


@dataclass(frozen=True, slots=True)
class Person:
    ssin: str
    kind: PersonKind
    last_name: str
    first_names: tuple[str, ...]
    birth_date: str  # yyyy-mm-dd, '00' for unknown parts
    gender: int  # 0 unknown, 1 male, 2 female; agrees with the SSIN
    nationality: int  # NIS country code
    birth_place_nis: int | None  # Belgian municipality, None when born abroad or unknown
    birth_place_name: str
    birth_country: int
    civil_status: int
    language: str  # 'fr' | 'nl' | 'de'
    register: int | None  # 1 population, 2 foreigners, 3 waiting; None for BIS
    death_date: str | None = None  # yyyy-mm-dd
    address: Address | None = None  # at the date asked

    @property
    def first_name(self) -> str:
        return self.first_names[0] if self.first_names else ""

    @property
    def is_dead(self) -> bool:
        return self.death_date is not None

    def birth(self) -> dt.date | None:
        """The birth date as a date when complete, else None."""
        if "-00" in self.birth_date:
            return None
        return dt.date.fromisoformat(self.birth_date)


@dataclass(frozen=True, slots=True)
class HouseholdMember:
    ssin: str
    relationship: str  # '01'..'21', relationship to the reference person
    begin: dt.date
    end: dt.date | None = None
    household_id: int | None = None


@dataclass(frozen=True, slots=True)
class Household:
    id: int
    reference_ssin: str | None
    members: tuple[HouseholdMember, ...]


@dataclass(frozen=True, slots=True)
class CivilState:
    code: int
    begin: dt.date
    end: dt.date | None = None
    partner_ssin: str | None = None
    place_nis: int | None = None


@dataclass(frozen=True, slots=True)
class Nationality:
    country: int
    begin: dt.date
    end: dt.date | None = None


@dataclass(frozen=True, slots=True)
class IdentityCard:
    number: str  # 12 digits
    type: str  # '0000' Belgian eID, '0060' kids-ID, '0050' foreigner card ...
    begin: dt.date
    end: dt.date | None = None
    municipality_nis: int | None = None


@dataclass(frozen=True, slots=True)
class LegalCohabitation:
    """A declaration of legal cohabitation (IT123): not a civil status in the register."""

    partner_ssin: str
    begin: dt.date
    end: dt.date | None = None
    place_nis: int | None = None


@dataclass(frozen=True, slots=True)
class SsinReplacement:
    old_ssin: str
    new_ssin: str
    date: dt.date
    reason: ReplacementReason


@dataclass(frozen=True, slots=True)
class Integration:
    """One row of the reference directory: ``org_cbe`` has ``ssin`` integrated for ``purpose``."""

    id: int | None = None
    ssin: str = ""
    org_cbe: str = ""
    sector: int = 17
    institution: int = 1
    purpose: int = 1
    begin: dt.date | None = None
    end: dt.date | None = None
    register: RegisterKind = "SECONDARY"
    created_at: str | None = None  # UTC ISO timestamp, set by the store

    def covers(self, at: dt.date) -> bool:
        return covers(self.begin, self.end, at)


@dataclass(frozen=True, slots=True)
class JournalEntry:
    """One request and its answer, as the journal keeps it."""

    id: int | None = None
    time: str = ""  # UTC ISO with milliseconds, e.g. 2026-01-01T10:00:00.123Z; set on append if empty
    sandbox: str = "default"
    endpoint: str = ""
    service: str = ""
    operation: str = ""
    organisation: str | None = None
    status: str | None = None  # e.g. MSG00000 / DATA_FOUND or a reason code
    fault: str | None = None  # faultcode when the answer was a SOAP fault
    http_status: int = 200
    duration_ms: float = 0.0
    request: str = ""
    response: str = ""
    findings: str = "[]"  # JSON text: list of findings
    subject: str | None = None  # the SSIN the request was about
    ticket: str | None = None  # the client's reference: CommonV3 ticket or SSDN Message/Reference
