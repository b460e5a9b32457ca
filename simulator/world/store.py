"""The only module that speaks SQL: one sandbox's world database, and the request journal.

A world is one SQLite file (schema created with sqlite-utils, reads as raw parametrised SQL: they
are on the hot path). Several server processes may read and write one file: WAL journal, a busy
timeout of 5 s, and every write is one ``BEGIN IMMEDIATE`` transaction. One connection per store
object, usable from several threads (calls are serialised by a lock).

Dates are stored as ISO text ``yyyy-mm-dd``; a period is [begin_date, end_date] inclusive, end NULL
= open. Birth dates keep ``00`` for unknown parts, so string ranges work on them.
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils

from simulator.errors import SimulatorError
from simulator.resources import fixture
from simulator.world.model import (
    Address,
    CivilState,
    Household,
    HouseholdMember,
    IdentityCard,
    Integration,
    JournalEntry,
    LegalCohabitation,
    Nationality,
    Person,
    SsinReplacement,
)
from simulator.world.phonetic import first_name_keys, phonetic_key

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


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    if not create and not path.is_file():
        raise SimulatorError(f"no database at {path}")
    uri = path.resolve().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=5.0)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise SimulatorError(f"cannot open {path} as a database: {exc}") from None
    return conn


class _Base:
    """Connection, lock, transactions and schema versioning shared by the world and the journal."""

    KIND = "database"
    TABLE_NAMES: tuple[str, ...] = ()

    def _target_version(self) -> tuple[int, dict[int, Callable[[sqlite_utils.Database], None]]]:
        return SCHEMA_VERSION, MIGRATIONS

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self._ref_cache: dict[tuple[str, object], dict | None] = {}

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` as one atomic write transaction."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn()
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            if self.conn.in_transaction:  # sqlite-utils' helpers may have committed already
                self.conn.execute("COMMIT")
            return result

    def _all(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[tuple]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> tuple | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def _create_schema(self, tables: Iterable[str]) -> None:
        for name in tables:
            columns, pk = TABLES[name]
            self.db[name].create(columns, pk=pk, if_not_exists=True)
        self.db["meta"].insert({"key": "schema_version", "value": str(self._target_version()[0])}, replace=True)

    def meta(self) -> dict[str, str]:
        return dict(self._all("SELECT key, value FROM meta ORDER BY key"))

    def meta_values(self, *keys: str) -> tuple[str | None, ...]:
        """The values of a few meta keys (None when absent), in one indexed read."""
        marks = ", ".join("?" * len(keys))
        found = dict(self._all(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys))
        return tuple(found.get(k) for k in keys)

    def set_meta(self, key: str, value: object) -> None:
        self._write(lambda: self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, str(value))))

    def _check(self) -> None:
        try:
            names = {r[0] for r in self._all("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise SimulatorError(f"{self.path} is not a {self.KIND} ({exc})") from None
        if not set(self.TABLE_NAMES) <= names or "schema_version" not in self.meta():
            raise SimulatorError(f"{self.path} is not a {self.KIND} (tables missing)")

    def migrate(self) -> int:
        """Upgrade the schema step by step to its current version; returns the version reached. Each
        step is one transaction that re-reads the version, so concurrent openers upgrade once."""
        target, migrations = self._target_version()

        def step() -> int:
            version = int(self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
            if version > target:
                raise SimulatorError(f"{self.path} has schema version {version}, newer than this simulator's "
                                     f"{target}: upgrade bcss-simulator")
            if version == target:
                return version
            upgrade = migrations.get(version)
            if upgrade is None:
                raise SimulatorError(f"{self.path}: no migration from schema version {version}")
            upgrade(self.db)
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version + 1),))
            return version + 1

        if int(self.meta()["schema_version"]) == target:  # the usual case: no write lock taken
            return target
        while (version := self._write(step)) < target:
            pass
        return version

    @classmethod
    def _open_existing(cls, path: str | Path):
        path = Path(path)
        store = cls(path, _connect(path, create=False))
        try:
            store._check()
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store


class WorldStore(_Base):
    """One world: persons, their register history, households, the reference directory."""

    KIND = "world database"
    TABLE_NAMES = WORLD_TABLES

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        super().__init__(path, conn)
        self._reference_date: dt.date | None = None

    # -- lifecycle ---------------------------------------------------------------------------------

    @classmethod
    def create(cls, path: str | Path, *, bulk: bool = False) -> WorldStore:
        """A new world file with the schema and the reference tables. ``bulk``: no indexes and no
        journaling until ``finish_bulk()`` (for the generator, on a file nobody else reads yet)."""
        path = Path(path)
        if path.exists():
            raise SimulatorError(f"{path} already exists")
        path.parent.mkdir(parents=True, exist_ok=True)
        store = cls(path, _connect(path, create=True))
        if bulk:
            store.conn.execute("PRAGMA journal_mode = OFF")
            store.conn.execute("PRAGMA synchronous = OFF")
        store._write(lambda: (store._create_schema(WORLD_TABLES), store._load_reference()))
        if not bulk:
            store.create_indexes()
        return store

    @classmethod
    def open(cls, path: str | Path) -> WorldStore:
        """Open an existing world (migrating an older schema); SimulatorError if it is not one."""
        return cls._open_existing(path)

    def _load_reference(self) -> None:
        for table, filename in REFERENCE_FILES.items():
            columns = TABLES[table][0]
            with open(fixture("reference", filename), encoding="utf-8", newline="") as f:
                rows = [{k: (None if v == "" else columns[k](v)) for k, v in row.items()}
                        for row in csv.DictReader(f)]
            self.db[table].insert_all(rows)

    def create_indexes(self) -> None:
        with self._lock:
            for table, columns in INDEXES:
                self.db[table].create_index(columns, if_not_exists=True)
            self.conn.execute("ANALYZE")

    def finish_bulk(self) -> None:
        """After a bulk load: build the indexes, then switch to WAL for concurrent use."""
        self.create_indexes()
        with self._lock:
            self.conn.execute("PRAGMA journal_mode = WAL")
            self.conn.execute("PRAGMA synchronous = NORMAL")

    def insert_rows(self, table: str, rows: list, columns: tuple[str, ...] | None = None) -> int:
        """Bulk insert (executemany, one transaction). Rows are dicts (missing columns NULL), or
        sequences in the order of ``columns``."""
        if not rows:
            return 0
        known = TABLES[table][0]
        if columns is None:
            columns = tuple(known)
            rows = [tuple(row.get(c) for c in columns) for row in rows]
        elif not set(columns) <= set(known):
            raise SimulatorError(f"unknown columns for {table}: {sorted(set(columns) - set(known))}")
        sql = f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({', '.join('?' * len(columns))})"
        self._write(lambda: self.conn.executemany(sql, rows))
        return len(rows)

    def table_counts(self) -> dict[str, int]:
        return {t: self._one(f"SELECT count(*) FROM {t}")[0] for t in WORLD_TABLES}

    def dump(self) -> Iterable[tuple[str, tuple]]:
        """Every row of every table in a canonical order (meta.generated_at left out)."""
        for table in WORLD_TABLES:
            columns = TABLES[table][0]
            order = ", ".join(columns)
            for row in self._all(f"SELECT {order} FROM {table} ORDER BY {order}"):
                if table == "meta" and row[0] == "generated_at":
                    continue
                yield table, row

    @property
    def reference_date(self) -> dt.date:
        if self._reference_date is None:
            value = self.meta().get("reference_date")
            self._reference_date = _d(value) if value else dt.date.today()
        return self._reference_date

    def set_meta(self, key: str, value: object) -> None:
        super().set_meta(key, value)
        if key == "reference_date":
            self._reference_date = None

    # -- persons -----------------------------------------------------------------------------------

    def _person(self, row: tuple, at: dt.date) -> Person:
        death = row[13] if row[13] and row[13] <= at.isoformat() else None
        address = _address(row[16:]) if row[16] is not None else None
        return Person(row[0], row[1], row[2], tuple(row[3].split("|")) if row[3] else (), row[4], row[5],
                      row[15] if row[15] is not None else row[6], row[7], row[8], row[9],
                      row[14] if row[14] is not None else row[10], row[11], row[12], death, address)

    def person(self, ssin: str, at: dt.date | None = None) -> Person | None:
        """The person with their civil status, nationality and address at ``at`` (default: the
        world's reference date); None when the number is not a person (maybe a replaced one)."""
        at = at or self.reference_date
        row = self._one(_PERSON_AT + "WHERE p.ssin = :ssin", {"ssin": ssin, "at": at.isoformat()})
        return self._person(row, at) if row else None

    def persons_by_ssin(self, ssins: Iterable[str], at: dt.date | None = None) -> dict[str, Person]:
        """Several persons in one read (household members, partners), keyed by SSIN."""
        ssins = list(dict.fromkeys(ssins))
        if not ssins:
            return {}
        at = at or self.reference_date
        params = {"at": at.isoformat(), **{f"s{i}": ssin for i, ssin in enumerate(ssins)}}
        marks = ", ".join(f":s{i}" for i in range(len(ssins)))
        rows = self._all(_PERSON_AT + f"WHERE p.ssin IN ({marks})", params)
        return {r[0]: self._person(r, at) for r in rows}

    def persons(self, limit: int = 50, offset: int = 0, at: dt.date | None = None) -> list[Person]:
        at = at or self.reference_date
        rows = self._all(_PERSON_AT + "ORDER BY p.ssin LIMIT :limit OFFSET :offset",
                         {"at": at.isoformat(), "limit": limit, "offset": offset})
        return [self._person(r, at) for r in rows]

    def count_persons(self) -> int:
        return self._one("SELECT count(*) FROM person")[0]

    def search_phonetic(self, last_name: str, first_name: str | None = None, birth_from: str = "0000-00-00",
                        birth_to: str = "9999-99-99", gender: int | None = None, limit: int = 100,
                        at: dt.date | None = None) -> list[Person]:
        """Persons whose last name sounds like ``last_name`` (and one first name like ``first_name``),
        born in [birth_from, birth_to] (``yyyy-mm-dd``, ``00``/``99`` allowed as bounds). A stored
        incomplete birth date matches when its known part falls in the range; a person of unknown
        sex matches any ``gender``. Ordered by last name, first names, SSIN."""
        at = at or self.reference_date
        params: dict[str, Any] = {"key": phonetic_key(last_name), "lo": birth_from, "hi": birth_to,
                                  "at": at.isoformat(), "limit": limit}
        # Three index ranges: complete dates in the range, then dates without a day whose month is
        # in it, then dates with only the year, whose year is in it.
        where = ("last_key = :key AND (birth_date BETWEEN :lo AND :hi"
                 " OR (birth_date BETWEEN substr(:lo, 1, 7) || '-00' AND substr(:hi, 1, 7) || '-00'"
                 " AND birth_date LIKE '%-00')"
                 " OR (birth_date BETWEEN substr(:lo, 1, 4) || '-00-00' AND substr(:hi, 1, 4) || '-00-00'"
                 " AND birth_date LIKE '%-00-00'))")
        keys = first_name_keys((first_name,))[:1] if first_name else ()
        if keys:
            where += " AND first_keys LIKE :first"
            params["first"] = f"% {keys[0]} %"
        if gender:
            where += " AND gender IN (:gender, 0)"
            params["gender"] = gender
        order = "last_name, first_names, ssin"
        # Choose the few SSINs first, then build only those persons (their history lookups cost).
        sql = (_PERSON_AT + f"WHERE p.ssin IN (SELECT ssin FROM person WHERE {where} ORDER BY {order} LIMIT :limit) "
               "ORDER BY p.last_name, p.first_names, p.ssin")
        return [self._person(r, at) for r in self._all(sql, params)]

    # -- replaced numbers --------------------------------------------------------------------------

    def replacement_chain(self, ssin: str) -> list[SsinReplacement]:
        """Every replacement step from ``ssin`` to its final number, in order (empty if not replaced)."""
        chain: list[SsinReplacement] = []
        seen = {ssin}
        current = ssin
        while True:
            row = self._one("SELECT new_ssin, date, reason FROM ssin_history WHERE old_ssin = ?", (current,))
            if row is None or row[0] in seen:
                return chain
            chain.append(SsinReplacement(current, row[0], _d(row[1]), row[2]))
            seen.add(row[0])
            current = row[0]

    def replacement(self, ssin: str) -> SsinReplacement | None:
        """``ssin`` → its final number: date and reason are those of the step that replaced ``ssin``."""
        chain = self.replacement_chain(ssin)
        if not chain:
            return None
        return SsinReplacement(ssin, chain[-1].new_ssin, chain[0].date, chain[0].reason)

    def replaced_ssins(self, limit: int = 1000, offset: int = 0) -> list[str]:
        """Numbers that were replaced (no longer a person), in order."""
        return [r[0] for r in self._all("SELECT old_ssin FROM ssin_history ORDER BY old_ssin LIMIT ? OFFSET ?",
                                        (limit, offset))]

    def former_ssins(self, ssin: str) -> list[SsinReplacement]:
        """The numbers that were replaced by ``ssin`` directly (newest first)."""
        rows = self._all("SELECT old_ssin, new_ssin, date, reason FROM ssin_history WHERE new_ssin = ? "
                         "ORDER BY date DESC, old_ssin", (ssin,))
        return [SsinReplacement(r[0], r[1], _d(r[2]), r[3]) for r in rows]

    def canceled(self, ssin: str) -> dt.date | None:
        """Cancelled numbers are not modelled yet: always None."""
        return None

    def replace_ssin(self, old: str, new: str, when: dt.date, reason: str = "BIS_TO_RN") -> int:
        """Record that ``old`` is replaced by ``new`` and carry the integrations over; returns the
        number of integrations re-pointed."""
        def run() -> int:
            self.conn.execute("INSERT OR REPLACE INTO ssin_history (old_ssin, new_ssin, date, reason) "
                              "VALUES (?, ?, ?, ?)", (old, new, when.isoformat(), reason))
            return self.conn.execute("UPDATE integration SET ssin = ? WHERE ssin = ?", (new, old)).rowcount
        return self._write(run)

    # -- register history --------------------------------------------------------------------------

    def addresses(self, ssin: str) -> list[Address]:
        rows = self._all(f"SELECT {ADDRESS_COLUMNS} FROM address WHERE ssin = ? "
                         "ORDER BY begin_date DESC, id DESC", (ssin,))
        return [_address(r) for r in rows]

    def civil_states(self, ssin: str) -> list[CivilState]:
        rows = self._all("SELECT code, begin_date, end_date, partner_ssin, place_nis FROM civil_state "
                         "WHERE ssin = ? ORDER BY begin_date DESC", (ssin,))
        return [CivilState(r[0], _d(r[1]), _d(r[2]), r[3], r[4]) for r in rows]

    def nationalities(self, ssin: str) -> list[Nationality]:
        rows = self._all("SELECT country, begin_date, end_date FROM nationality WHERE ssin = ? "
                         "ORDER BY begin_date DESC", (ssin,))
        return [Nationality(r[0], _d(r[1]), _d(r[2])) for r in rows]

    def identity_cards(self, ssin: str) -> list[IdentityCard]:
        rows = self._all("SELECT number, type, begin_date, end_date, municipality_nis FROM identity_card "
                         "WHERE ssin = ? ORDER BY begin_date DESC", (ssin,))
        return [IdentityCard(r[0], r[1], _d(r[2]), _d(r[3]), r[4]) for r in rows]

    def identity_card_holder(self, number: str) -> str | None:
        """The SSIN of the holder of an identity card number (proof of authentication)."""
        row = self._one("SELECT ssin FROM identity_card WHERE number = ?", (number,))
        return row[0] if row else None

    def cohabitations(self, ssin: str) -> list[LegalCohabitation]:
        rows = self._all("SELECT partner_ssin, begin_date, end_date, place_nis FROM cohabitation "
                         "WHERE ssin = ? ORDER BY begin_date DESC", (ssin,))
        return [LegalCohabitation(r[0], _d(r[1]), _d(r[2]), r[3]) for r in rows]

    def household(self, ssin: str, at: dt.date | None = None) -> Household | None:
        """The household ``ssin`` belongs to at ``at``, with the members of that date."""
        params = {"ssin": ssin, "at": (at or self.reference_date).isoformat()}
        row = self._one(f"SELECT household_id FROM household_member WHERE ssin = :ssin AND {COVERS} "
                        "ORDER BY begin_date DESC LIMIT 1", params)
        if row is None:
            return None
        params["id"] = row[0]
        rows = self._all("SELECT ssin, relationship, begin_date, end_date, household_id FROM household_member "
                         f"WHERE household_id = :id AND {COVERS} ORDER BY relationship, ssin", params)
        members = tuple(HouseholdMember(r[0], r[1], _d(r[2]), _d(r[3]), r[4]) for r in rows)
        reference = next((m.ssin for m in members if m.relationship == "01"), None)
        return Household(row[0], reference, members)

    def household_history(self, ssin: str) -> list[HouseholdMember]:
        rows = self._all("SELECT ssin, relationship, begin_date, end_date, household_id FROM household_member "
                         "WHERE ssin = ? ORDER BY begin_date DESC", (ssin,))
        return [HouseholdMember(r[0], r[1], _d(r[2]), _d(r[3]), r[4]) for r in rows]

    # -- reference tables --------------------------------------------------------------------------

    def _ref(self, table: str, key: str, value: object) -> dict | None:
        # Reference tables never change once a world is built: each row is read once per store,
        # since replies look up the same municipalities and labels over and over.
        cached = self._ref_cache.get((table, value), self)
        if cached is not self:
            return cached
        with self._lock:
            cursor = self.conn.execute(f"SELECT * FROM {table} WHERE {key} = ?", (value,))
            row = cursor.fetchone()
            found = dict(zip((d[0] for d in cursor.description), row)) if row else None
        self._ref_cache[(table, value)] = found
        return found

    def municipality(self, nis: int) -> dict | None:
        return self._ref("ref_municipality", "nis", nis)

    def municipalities(self) -> list[dict]:
        with self._lock:
            cursor = self.conn.execute("SELECT * FROM ref_municipality ORDER BY nis")
            names = [d[0] for d in cursor.description]
            return [dict(zip(names, row)) for row in cursor.fetchall()]

    def country(self, code: int) -> dict | None:
        return self._ref("ref_country", "nis_code", code)

    def civil_state_label(self, code: int, lang: str = "fr") -> str | None:
        row = self._ref("ref_civil_state", "code", code)
        return row.get(f"label_{lang}") if row else None

    def relationship_label(self, code: str, lang: str = "fr") -> str | None:
        row = self._ref("ref_relationship", "code", code)
        return row.get(f"label_{lang}") if row else None

    # -- integrations (the reference directory) ----------------------------------------------------

    def add_integration(self, integration: Integration) -> Integration:
        if not integration.ssin or not integration.org_cbe or integration.begin is None:
            raise SimulatorError("an integration needs an SSIN, an organisation and a start date")
        created = integration.created_at or _now()

        def run() -> int:
            return self.conn.execute(
                "INSERT INTO integration (ssin, org_cbe, sector, institution, purpose, begin_date, end_date, "
                "register, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (integration.ssin, integration.org_cbe, integration.sector, integration.institution,
                 integration.purpose, _iso(integration.begin), _iso(integration.end), integration.register,
                 created)).lastrowid
        row_id = self._write(run)
        return Integration(row_id, integration.ssin, integration.org_cbe, integration.sector,
                           integration.institution, integration.purpose, integration.begin, integration.end,
                           integration.register, created)

    def end_integration(self, ssin: str, org_cbe: str, purpose: int, begin: dt.date | None,
                        end: dt.date) -> int:
        """Close the integrations of ``org_cbe`` for ``ssin``/``purpose`` (those starting on ``begin``,
        or all when None) on ``end``; one that would end before it starts is removed. Returns rows hit."""
        params = {"ssin": ssin, "org": org_cbe, "purpose": purpose, "begin": _iso(begin), "end": _iso(end)}
        where = ("ssin = :ssin AND org_cbe = :org AND purpose = :purpose "
                 "AND (:begin IS NULL OR begin_date = :begin) AND (end_date IS NULL OR end_date > :end)")

        def run() -> int:
            removed = self.conn.execute(f"DELETE FROM integration WHERE {where} AND begin_date > :end",
                                        params).rowcount
            return removed + self.conn.execute(f"UPDATE integration SET end_date = :end WHERE {where}",
                                               params).rowcount
        return self._write(run)

    def integrations(self, ssin: str | None = None, *, org_cbe: str | None = None, sector: int | None = None,
                     at: dt.date | None = None) -> list[Integration]:
        """Integrations filtered by person, organisation, sector and/or a date their period covers."""
        clauses, params = [], {"at": _iso(at)}
        for column, value in (("ssin", ssin), ("org_cbe", org_cbe), ("sector", sector)):
            if value is not None:
                clauses.append(f"{column} = :{column}")
                params[column] = value
        if at is not None:
            clauses.append(COVERS)
        where = " AND ".join(clauses) or "1"
        rows = self._all("SELECT id, ssin, org_cbe, sector, institution, purpose, begin_date, end_date, register, "
                         f"created_at FROM integration WHERE {where} ORDER BY begin_date, id", params)
        return [Integration(r[0], r[1], r[2], r[3], r[4], r[5], _d(r[6]), _d(r[7]), r[8], r[9]) for r in rows]

    def is_integrated(self, ssin: str, org_cbe: str, at: dt.date) -> bool:
        return self._one(f"SELECT 1 FROM integration WHERE ssin = :ssin AND org_cbe = :org AND {COVERS} LIMIT 1",
                         {"ssin": ssin, "org": org_cbe, "at": at.isoformat()}) is not None


_JOURNAL_INSERT = f"INSERT INTO journal ({', '.join(JOURNAL_COLUMNS)}) VALUES ({', '.join('?' * len(JOURNAL_COLUMNS))})"


class JournalStore(_Base):
    """The request journal of one sandbox: its own file, append-mostly."""

    KIND = "journal database"
    TABLE_NAMES = ("meta", "journal")

    def _target_version(self) -> tuple[int, dict[int, Callable[[sqlite_utils.Database], None]]]:
        return JOURNAL_SCHEMA_VERSION, JOURNAL_MIGRATIONS

    @classmethod
    def open(cls, path: str | Path) -> JournalStore:
        """Open the journal at ``path``, creating it when missing."""
        path = Path(path)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            store = cls(path, _connect(path, create=True))
            store._write(lambda: store._create_schema(cls.TABLE_NAMES))
            return store
        return cls._open_existing(path)

    def append(self, entry: JournalEntry) -> int:
        findings = entry.findings if isinstance(entry.findings, str) else json.dumps(entry.findings)
        values = (entry.time or _now(), entry.sandbox, entry.endpoint, entry.service, entry.operation,
                  entry.organisation, entry.status, entry.fault, entry.http_status, entry.duration_ms,
                  entry.request, entry.response, findings)
        # One INSERT in autocommit mode is a transaction of its own: no BEGIN/COMMIT round trips
        # on the hottest write of the simulator (one per request).
        with self._lock:
            return self.conn.execute(_JOURNAL_INSERT, values).lastrowid

    def entries(self, limit: int = 100, offset: int = 0, newest_first: bool = True) -> list[JournalEntry]:
        order = "DESC" if newest_first else "ASC"
        rows = self._all(f"SELECT id, {', '.join(JOURNAL_COLUMNS)} FROM journal ORDER BY id {order} "
                         "LIMIT ? OFFSET ?", (limit, offset))
        return [JournalEntry(*row) for row in rows]

    def count(self) -> int:
        return self._one("SELECT count(*) FROM journal")[0]

    def clear(self) -> None:
        self._write(lambda: self.conn.execute("DELETE FROM journal"))
