"""One sandbox's world database: people, registers, reference tables, integrations."""

from __future__ import annotations

import dataclasses
import datetime as dt
import sqlite3
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from simulator.errors import SimulatorError
from simulator.world.model import (
    Address,
    CivilState,
    Household,
    HouseholdMember,
    IdentityCard,
    Integration,
    LegalCohabitation,
    Nationality,
    Person,
    SsinReplacement,
)
from simulator.world.phonetic import first_name_keys, fold, phonetic_key
from simulator.world.store.base import _Base, _connect
from simulator.world.store.schema import (
    _PERSON_AT,
    ADDRESS_COLUMNS,
    COVERS,
    INDEXES,
    REFERENCE_FILES,
    TABLES,
    V1_WORLD_TABLES,
    WORLD_TABLES,
    _address,
    _d,
    _iso,
    _now,
    index_sql,
    insert_reference,
)
from simulator.world.store.sources import SourceReads


class WorldStore(_Base, SourceReads):
    """One world: persons, their register history, households, the reference directory."""

    KIND = "world database"
    TABLE_NAMES = V1_WORLD_TABLES  # what any version has; migrate() adds the rest

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
        for table in REFERENCE_FILES:
            insert_reference(self.conn, table)

    def create_indexes(self) -> None:
        with self._lock:
            for table, columns in INDEXES:
                self.conn.execute(index_sql(table, columns))
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

    def persons_at_address(self, postal_code: str, street: str, house_number: str, box: str | None = None,
                           at: dt.date | None = None) -> list[Person]:
        """The persons whose LEGAL address at ``at`` is this one, each with that address, ordered by
        name. ``street`` matches the street's name in any language the address holds, ignoring case,
        accents, spaces and punctuation; house number and box ignore case; no ``box``: every box.
        Scans the addresses of the postal code (no index on it; ~7 ms per 100k addresses)."""
        def key(text: str | None) -> str:
            return fold(text or "") + "".join(c for c in text or "" if c.isdigit())

        at = at or self.reference_date
        rows = self._all(f"SELECT ssin, {ADDRESS_COLUMNS} FROM address WHERE postal_code = :postal AND "
                         f"house_number = :number COLLATE NOCASE AND kind = 'LEGAL' AND {COVERS}",
                         {"postal": postal_code.strip(), "number": house_number.strip(), "at": at.isoformat()})
        wanted, box = key(street), (box or "").strip().upper()
        found = {r[0]: _address(r[1:]) for r in rows if wanted and wanted in {key(n) for n in r[9:12] if n}
                 and (not box or (r[13] or "").strip().upper() == box)}
        persons = self.persons_by_ssin(found, at)
        return sorted((dataclasses.replace(p, address=found[s]) for s, p in persons.items()),
                      key=lambda p: (p.last_name, p.first_names, p.ssin))

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
        """The numbers that were replaced by ``ssin`` (every older number points at the current one),
        newest first: by date, then by the order the replacements were recorded."""
        rows = self._all("SELECT old_ssin, new_ssin, date, reason FROM ssin_history WHERE new_ssin = ? "
                         "ORDER BY date DESC, rowid DESC", (ssin,))
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


