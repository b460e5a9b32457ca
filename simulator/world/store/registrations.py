"""Writes of the BIS register an institution makes: a new BIS person, and later changes to its data.

Like the scenario events (events.py), every function takes a WorldStore and is one transaction, so
a new number is visible to every service of the sandbox as soon as it is written, and a failure
leaves nothing half done. Dates are ``yyyy-mm-dd`` strings (the sandbox's today, given by the caller).
"""

from __future__ import annotations

from dataclasses import dataclass

from simulator.errors import SimulatorError
from simulator.world import ssin as numbers
from simulator.world.model import GENERATED_SERIES
from simulator.world.phonetic import first_name_keys, phonetic_key
from simulator.world.store.schema import day_before
from simulator.world.store.world import WorldStore

BELGIUM = 150
UNKNOWN_COUNTRY = 999  # birth place not given (minimum data sets 2 and 3 do not need one)
SINGLE = 10  # civil status of a new BIS person: nothing is known of a marriage
SEX_UNKNOWN_SERIES = 899  # BIS series of unknown sex: 1..899 (900 and up are the personas')


@dataclass(frozen=True)
class NewAddress:
    kind: str  # LEGAL (an RN person's main address), CONTACT (a BIS person's Belgian contact address) or ABROAD
    country: int
    nis: int | None = None  # CONTACT
    postal_code: str | None = None
    city: str | None = None  # ABROAD
    street: str | None = None
    house_number: str | None = None
    box: str | None = None


@dataclass(frozen=True)
class NewBisPerson:
    last_name: str
    first_names: tuple[str, ...]
    birth_date: str  # yyyy-mm-dd, 00 for unknown month/day
    gender: int  # 0 unknown, 1 male, 2 female
    birth_place_nis: int | None
    birth_place_name: str | None
    birth_country: int
    nationality: int | None
    address: NewAddress | None


BELGIAN = ("LEGAL", "CONTACT")  # address kinds in a Belgian municipality


def _taken(store: WorldStore, ssin: str) -> bool:
    """A number someone has, or once had (a replaced number is never issued again)."""
    return bool(store.conn.execute("SELECT 1 FROM person WHERE ssin = ? UNION ALL "
                                   "SELECT 1 FROM ssin_history WHERE old_ssin = ? LIMIT 1", (ssin, ssin)).fetchone())


def _free_bis(store: WorldStore, birth: str, gender: int) -> str:
    """An unused BIS number for this (possibly incomplete) birth date: month + 40 and the series
    parity for the sex when it is known, month + 20 and any series otherwise. Series from the top
    of the generated range down (the personas' series, 900 and up, stay theirs)."""
    year, month, day = (int(p) for p in birth.split("-"))
    if gender in (1, 2):
        sex = "M" if gender == 1 else "F"
        candidates = (numbers.series_for(sex, n) for n in range(GENERATED_SERIES - 1, -1, -1))
    else:
        candidates = range(SEX_UNKNOWN_SERIES, 0, -1)
    for series in candidates:
        ssin = numbers.make_bis(year, month or None, day or None, series, sex_known=gender in (1, 2))
        if not _taken(store, ssin):
            return ssin
    raise SimulatorError(f"no free BIS series left for {birth}")


def free_rn(store: WorldStore, birth: str, gender: int) -> str:
    """An unused National Register number for this birth date and sex (series from the top of the
    generated range down; the personas' series, 900 and up, stay theirs)."""
    year, month, day = (int(p) for p in birth.split("-"))
    sex = "M" if gender == 1 else "F"
    for n in range(GENERATED_SERIES - 1, -1, -1):
        candidate = numbers.make(year, month or None, day or None, numbers.series_for(sex, n))
        if not _taken(store, candidate):
            return candidate
    raise SimulatorError(f"no free national number left for {birth}")


def _street(store: WorldStore, address: NewAddress) -> tuple[int | None, dict[str, str | None]]:
    """(street code, names by language) of the address's street.

    Abroad: no code, the name in the country's language (French when it is none of ours). A Belgian
    contact address, like every Belgian address of the world, has a street code: the reference
    street of that name (named in the municipality's language(s), "fr-nl" in Brussels), or a new
    reference street when the directory does not know the name yet."""
    if address.street is None:
        return None, {"fr": None, "nl": None, "de": None}
    if address.kind not in BELGIAN:
        country = store.country(address.country) or {}
        spoken = [country.get("names")] if country.get("names") in ("fr", "nl", "de") else ["fr"]
        return None, {lang: address.street if lang in spoken else None for lang in ("fr", "nl", "de")}
    spoken = store.municipality(address.nis)["language"].split("-")
    row = store.conn.execute("SELECT street_code, name_fr, name_nl, name_de FROM ref_street WHERE lower(?) IN "
                             "(lower(name_fr), lower(name_nl), lower(name_de)) ORDER BY street_code LIMIT 1",
                             (address.street,)).fetchone()
    if row is None:
        code = (store.conn.execute("SELECT max(street_code) FROM ref_street").fetchone()[0] or 0) + 1
        names = {lang: address.street if lang in spoken else None for lang in ("fr", "nl", "de")}
        store.conn.execute("INSERT INTO ref_street (street_code, name_fr, name_nl, name_de) VALUES (?, ?, ?, ?)",
                           (code, names["fr"], names["nl"], names["de"]))
        return code, names
    names = {lang: row[i] if lang in spoken else None for i, lang in ((1, "fr"), (2, "nl"), (3, "de"))}
    if not any(names.values()):
        names = {"fr": row[1], "nl": row[2], "de": row[3]}
    return row[0], names


def _insert_person(store: WorldStore, ssin: str, kind: str, register: int | None, person: NewBisPerson,
                   nationality: int | None) -> None:
    """The new person's row: alive, single, phonetic keys for the searches, language of their address."""
    store.conn.execute(
        "INSERT INTO person (ssin, kind, last_name, last_key, first_names, first_keys, birth_date, gender, "
        "nationality, birth_place_nis, birth_place_name, birth_country, civil_status, language, register, "
        "death_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, NULL)",
        (ssin, kind, person.last_name, phonetic_key(person.last_name), "|".join(person.first_names),
         " " + " ".join(first_name_keys(person.first_names)) + " ", person.birth_date, person.gender,
         nationality, person.birth_place_nis, person.birth_place_name, person.birth_country, SINGLE,
         language_for(store, person.address), register))


def _insert_address(store: WorldStore, ssin: str, address: NewAddress, day: str) -> None:
    names = {"fr": None, "nl": None, "de": None}
    if address.kind in BELGIAN:
        m = store.municipality(address.nis)
        if m is None:
            raise SimulatorError(f"no municipality with NIS code {address.nis}")
        names = {"fr": m["name_fr"], "nl": m["name_nl"], "de": m["name_de"]}
        postal_code = address.postal_code or m["postal_code"]
    else:
        postal_code = address.postal_code
    code, street = _street(store, address)
    store.conn.execute(
        "INSERT INTO address (ssin, kind, country, nis, postal_code, municipality_fr, municipality_nl, "
        "municipality_de, street_code, street_fr, street_nl, street_de, house_number, box, begin_date, city_abroad) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (ssin, address.kind, address.country, address.nis, postal_code, names["fr"], names["nl"], names["de"], code,
         street["fr"], street["nl"], street["de"], address.house_number, address.box, day, address.city))


def language_for(store: WorldStore, address: NewAddress | None) -> str:
    """The language of a new BIS person: the contact municipality's (French in Brussels), else French."""
    if address is not None and address.kind in BELGIAN:
        m = store.municipality(address.nis)
        if m is not None:
            return m["language"].split("-")[0]
    return "fr"


def register_bis_person(store: WorldStore, day: str, person: NewBisPerson) -> str:
    """Create a BIS person on ``day``: a free BIS number, the person (no register), their address
    (CONTACT or ABROAD), nationality and civil status (single). Returns the new number."""

    def run() -> str:
        ssin = _free_bis(store, person.birth_date, person.gender)
        _insert_person(store, ssin, "BIS", None, person, person.nationality)
        if person.address is not None:
            _insert_address(store, ssin, person.address, day)
        if person.nationality is not None:
            store.conn.execute("INSERT INTO nationality (ssin, country, begin_date) VALUES (?, ?, ?)",
                               (ssin, person.nationality, day))
        store.conn.execute("INSERT INTO civil_state (ssin, code, begin_date) VALUES (?, ?, ?)", (ssin, SINGLE, day))
        return ssin

    return store._write(run)


def _close_current(store: WorldStore, table: str, key: str, ssin: str, day: str) -> None:
    """End the row valid on ``day`` the day before; a row that only began on ``day`` (a same-day
    correction) is replaced rather than kept as a history of no days."""
    row = store.conn.execute(f"SELECT {key}, begin_date FROM {table} WHERE ssin = ? AND "
                             "(begin_date IS NULL OR begin_date <= ?) AND (end_date IS NULL OR end_date >= ?) "
                             "ORDER BY begin_date DESC LIMIT 1", (ssin, day, day)).fetchone()
    if row is None:
        return
    if row[1] == day:
        store.conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (row[0],))
    else:
        store.conn.execute(f"UPDATE {table} SET end_date = ? WHERE {key} = ?", (day_before(day), row[0]))


def change_address(store: WorldStore, day: str, ssin: str, address: NewAddress) -> None:
    """The BIS person's address is ``address`` from ``day`` on; the previous one ends the day before."""

    def run() -> None:
        _close_current(store, "address", "id", ssin, day)
        _insert_address(store, ssin, address, day)

    store._write(run)


def change_nationality(store: WorldStore, day: str, ssin: str, country: int) -> None:
    """The BIS person's nationality is ``country`` from ``day`` on; the previous one ends the day before."""

    def run() -> None:
        current = store.conn.execute("SELECT country FROM nationality WHERE ssin = ? AND "
                                     "(begin_date IS NULL OR begin_date <= ?) AND (end_date IS NULL OR end_date >= ?) "
                                     "ORDER BY begin_date DESC LIMIT 1", (ssin, day, day)).fetchone()
        if current is not None and current[0] == country:
            return
        _close_current(store, "nationality", "rowid", ssin, day)
        store.conn.execute("INSERT INTO nationality (ssin, country, begin_date) VALUES (?, ?, ?)", (ssin, country, day))
        store.conn.execute("UPDATE person SET nationality = ? WHERE ssin = ?", (country, ssin))

    store._write(run)


def change_name(store: WorldStore, ssin: str, last_name: str | None, first_names: tuple[str, ...]) -> None:
    """Replace the last name (when given) and the first names (when any are given). The registers
    keep no history of names: the new name is the person's name, also for past dates."""

    def run() -> None:
        if last_name is not None:
            store.conn.execute("UPDATE person SET last_name = ?, last_key = ? WHERE ssin = ?",
                               (last_name, phonetic_key(last_name), ssin))
        if first_names:
            store.conn.execute("UPDATE person SET first_names = ?, first_keys = ? WHERE ssin = ?",
                               ("|".join(first_names), " " + " ".join(first_name_keys(first_names)) + " ", ssin))

    store._write(run)


def register_rn_person(store: WorldStore, day: str, person: NewBisPerson) -> str:
    """A person of the National Register, made on ``day`` for a story: a free national number for the
    birth date and sex, the population register, the legal address, a household of their own (reference
    person), the nationality (Belgian by default) and civil status single. Returns the number."""
    if person.gender not in (1, 2) or "-00" in person.birth_date:
        raise SimulatorError("a National Register person needs a sex and a full birth date")
    if person.address is None or person.address.kind != "LEGAL":
        raise SimulatorError("a National Register person needs a legal address in a Belgian municipality")

    def run() -> str:
        ssin = free_rn(store, person.birth_date, person.gender)
        nationality = person.nationality or 150  # Belgian by default
        _insert_person(store, ssin, "RN", 1, person, nationality)
        _insert_address(store, ssin, person.address, day)
        store.conn.execute("INSERT INTO nationality (ssin, country, begin_date) VALUES (?, ?, ?)",
                           (ssin, nationality, day))
        store.conn.execute("INSERT INTO civil_state (ssin, code, begin_date) VALUES (?, ?, ?)", (ssin, SINGLE, day))
        household = store.conn.execute("INSERT INTO household (begin_date) VALUES (?)", (day,)).lastrowid
        store.conn.execute("INSERT INTO household_member (household_id, ssin, relationship, begin_date) "
                           "VALUES (?, ?, '01', ?)", (household, ssin, day))
        return ssin

    return store._write(run)
