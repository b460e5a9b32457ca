"""Tables, indexes, migrations and the SQL fragments the store reads with."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import sqlite_utils

from simulator.world.model import (
    Address,
)

SCHEMA_VERSION = 1
# MIGRATIONS[n] upgrades a world database from schema version n to n + 1 (inside one transaction).
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {}
JOURNAL_SCHEMA_VERSION = 1
JOURNAL_MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {}

S, I, F = str, int, float
TABLES: dict[str, tuple[dict[str, type], str | None]] = {
    "meta": ({"key": S, "value": S}, "key"),
    "person": ({"ssin": S, "kind": S, "last_name": S, "last_key": S, "first_names": S, "first_keys": S,
                "birth_date": S, "gender": I, "nationality": I, "birth_place_nis": I, "birth_place_name": S,
                "birth_country": I, "civil_status": I, "language": S, "register": I, "death_date": S}, "ssin"),
    "address": ({"id": I, "ssin": S, "kind": S, "country": I, "nis": I, "postal_code": S, "municipality_fr": S,
                 "municipality_nl": S, "municipality_de": S, "street_code": I, "street_fr": S, "street_nl": S,
                 "street_de": S, "house_number": S, "box": S, "begin_date": S, "end_date": S,
                 "city_abroad": S}, "id"),
    "civil_state": ({"ssin": S, "code": I, "begin_date": S, "end_date": S, "partner_ssin": S, "place_nis": I}, None),
    "nationality": ({"ssin": S, "country": I, "begin_date": S, "end_date": S}, None),
    "identity_card": ({"ssin": S, "number": S, "type": S, "begin_date": S, "end_date": S,
                       "municipality_nis": I}, None),
    "household": ({"id": I, "begin_date": S, "end_date": S}, "id"),
    "household_member": ({"household_id": I, "ssin": S, "relationship": S, "begin_date": S, "end_date": S}, None),
    "cohabitation": ({"ssin": S, "partner_ssin": S, "begin_date": S, "end_date": S, "place_nis": I}, None),
    "ssin_history": ({"old_ssin": S, "new_ssin": S, "date": S, "reason": S}, "old_ssin"),
    "integration": ({"id": I, "ssin": S, "org_cbe": S, "sector": I, "institution": I, "purpose": I,
                     "begin_date": S, "end_date": S, "register": S, "created_at": S}, "id"),
    "ref_municipality": ({"nis": I, "postal_code": S, "name_fr": S, "name_nl": S, "name_de": S, "region": S,
                          "language": S, "province_nis": I, "has_cpas": I, "population": I}, "nis"),
    "ref_country": ({"nis_code": I, "iso2": S, "name_fr": S, "name_nl": S, "name_de": S, "eu": I, "names": S,
                     "weight": I, "cities": S}, "nis_code"),
    "ref_street": ({"street_code": I, "name_fr": S, "name_nl": S, "name_de": S}, "street_code"),
    "ref_civil_state": ({"code": I, "label_fr": S, "label_nl": S, "label_de": S}, "code"),
    "ref_relationship": ({"code": S, "label_fr": S, "label_nl": S, "label_de": S}, "code"),
    "journal": ({"id": I, "time": S, "sandbox": S, "endpoint": S, "service": S, "operation": S, "organisation": S,
                 "status": S, "fault": S, "http_status": I, "duration_ms": F, "request": S, "response": S,
                 "findings": S}, "id"),
}
WORLD_TABLES = tuple(t for t in TABLES if t != "journal")
JOURNAL_COLUMNS = tuple(TABLES["journal"][0])[1:]
INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("person", ("last_key", "birth_date")),
    ("address", ("ssin", "begin_date")),
    ("civil_state", ("ssin", "begin_date")),
    ("civil_state", ("partner_ssin",)),
    ("nationality", ("ssin", "begin_date")),
    ("identity_card", ("ssin", "begin_date")),
    ("identity_card", ("number",)),
    ("household_member", ("ssin", "begin_date")),
    ("household_member", ("household_id",)),
    ("cohabitation", ("ssin",)),
    ("ssin_history", ("new_ssin",)),
    ("integration", ("ssin", "org_cbe")),
    ("integration", ("org_cbe",)),
)
REFERENCE_FILES = {"ref_municipality": "municipalities.csv", "ref_country": "countries.csv",
                   "ref_street": "streets.csv", "ref_civil_state": "civil_states.csv",
                   "ref_relationship": "relationships.csv"}


def _covers(alias: str = "") -> str:
    """SQL: the row's inclusive period [begin_date, end_date] contains :at."""
    a = f"{alias}." if alias else ""
    return f"{a}begin_date <= :at AND ({a}end_date IS NULL OR {a}end_date >= :at)"


COVERS = _covers()
PERSON_COLUMNS = ("ssin, kind, last_name, first_names, birth_date, gender, nationality, birth_place_nis, "
                  "birth_place_name, birth_country, civil_status, language, register, death_date")
ADDRESS_COLUMNS = ("kind, country, nis, postal_code, municipality_fr, municipality_nl, municipality_de, "
                   "street_code, street_fr, street_nl, street_de, house_number, box, begin_date, end_date, "
                   "city_abroad")
_PERSON_AT = (
    f"SELECT {', '.join('p.' + c.strip() for c in PERSON_COLUMNS.split(','))}, "
    f"(SELECT code FROM civil_state c WHERE c.ssin = p.ssin AND {_covers('c')} "
    "ORDER BY c.begin_date DESC LIMIT 1), "
    f"(SELECT country FROM nationality n WHERE n.ssin = p.ssin AND {_covers('n')} "
    "ORDER BY n.begin_date DESC LIMIT 1), "
    f"{', '.join('a.' + c.strip() for c in ADDRESS_COLUMNS.split(','))} "
    "FROM person p LEFT JOIN address a ON a.id = (SELECT id FROM address x WHERE x.ssin = p.ssin AND "
    f"{_covers('x')} ORDER BY x.begin_date DESC, x.id DESC LIMIT 1) "
)


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def _iso(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _address(row: tuple) -> Address:
    return Address(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                   row[11], row[12], _d(row[13]), _d(row[14]), row[15])


