"""Persona files (fixtures/personas/*.yaml): named people merged into every generated world.

The format is documented in fixtures/personas/README.md. This module reads and checks the files;
``persona_world.py`` turns them into register rows and social-security situations. Every error
names the file and the field in one line (``PersonaError``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from simulator.errors import SimulatorError
from simulator.population.careers import STATUSES
from simulator.population.employers import MANUAL_SHARE
from simulator.population.reference import reference
from simulator.resources import fixture
from simulator.world import ssin as numbers
from simulator.world.model import PERSONA_SERIES

AMU = "URGENT_MEDICAL_AID"  # a status only BIS personas may state (no residence: CPAS urgent medical aid)
REGISTERS = {"population": 1, "foreigners": 2, "waiting": 3}
CIVIL_STATUSES = {10, 20, 30, 40}
REPLACEMENT_REASONS = {"BIS_TO_RN", "MERGE", "CORRECTION"}
HOUSEHOLD_KEYS = {"municipality", "since", "street", "house_number", "box", "precarious", "mutuality",
                  "medical_house", "owner"}
PERSON_KEYS = {"key", "ssin", "last_name", "first_names", "sex", "birth_date", "nationality", "birth_place",
               "language", "register", "relationship", "civil_status", "partner", "married_on", "divorced_on",
               "cohabitation_since", "parents", "death_date", "member_since", "replaced", "address", "created",
               "situation"}
SITUATION_OPTIONS = {"status", "since", "employer", "fte", "partial", "student", "grapa", "grapa_since", "pension",
                     "survivor", "jobs", "jobseeker"}


class PersonaError(SimulatorError):
    """A persona file that cannot be used: one line naming the file and the field."""


@dataclass(frozen=True, slots=True)
class PersonaEmployer:
    kbo: str
    name: str
    joint_committee: str
    nis: int


@dataclass(slots=True)
class PersonaPerson:
    key: str
    ssin: str
    kind: str
    last_name: str
    first_names: tuple[str, ...]
    sex: str | None
    birth_date: str  # yyyy-mm-dd, 00 for unknown parts (BIS)
    nationality: int
    birth_place: Any
    language: str | None
    register: int | None
    relationship: str
    civil_status: int
    partner: str | None
    married_on: dt.date | None
    divorced_on: dt.date | None
    cohabitation_since: dt.date | None
    parents: tuple[str, ...]
    death_date: dt.date | None
    member_since: dt.date | None
    replaced: tuple[tuple[str, dt.date, str], ...]
    address: dict | None
    created: dt.date | None
    situation: list[tuple[str, dt.date, dict]] = field(default_factory=list)


@dataclass(slots=True)
class Persona:
    id: str
    title: str
    description: str
    file: str
    household: dict | None
    employers: tuple[PersonaEmployer, ...]
    people: list[PersonaPerson]


def builtin_dir() -> Path:
    return fixture("personas")


def persona_files(paths: Iterable[str | Path] = ()) -> list[Path]:
    """The built-in persona files, then those of ``paths`` (files, or directories of *.yaml)."""
    files: list[Path] = []
    for entry in (builtin_dir(), *(Path(p) for p in paths)):
        if entry.is_dir():
            files.extend(sorted(p for p in entry.iterdir() if p.suffix in (".yaml", ".yml")))
        elif entry.is_file():
            files.append(entry)
        else:
            raise PersonaError(f"{entry}: no such persona file or directory")
    return list(dict.fromkeys(f.resolve() for f in files))


def load_personas(paths: Iterable[str | Path] = ()) -> list[Persona]:
    """Read and check every persona file; SSINs must be unique across all of them."""
    personas: list[Persona] = []
    seen: dict[str, str] = {}
    ids: dict[str, str] = {}
    for path in persona_files(paths):
        for persona in _read(path):
            if persona.id in ids:
                raise PersonaError(f"{path}: id: {persona.id!r} is already used in {ids[persona.id]}")
            ids[persona.id] = str(path)
            for i, person in enumerate(persona.people):
                for number, where in ((person.ssin, "ssin"), *((old, "replaced") for old, _, _ in person.replaced)):
                    if number in seen:
                        raise PersonaError(f"{path}: people[{i}].{where}: {number} is already used in {seen[number]}")
                    seen[number] = str(path)
            personas.append(persona)
    return personas


def _read(path: Path) -> list[Persona]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" line {mark.line + 1}" if mark is not None else ""
        raise PersonaError(f"{path}:{where} not valid YAML ({getattr(exc, 'problem', exc)})") from None
    except OSError as exc:
        raise PersonaError(f"{path}: cannot read ({exc.strerror})") from None
    if not isinstance(data, dict):
        raise PersonaError(f"{path}: a persona file is a mapping (id, title, household, people)")
    entries = data.get("personas", [data])
    if not isinstance(entries, list) or not entries:
        raise PersonaError(f"{path}: personas: a non-empty list is expected")
    return [_persona(path, entry, f"personas[{n}]." if "personas" in data else "") for n, entry in enumerate(entries)]


class _Checker:
    def __init__(self, path: Path, prefix: str) -> None:
        self.path = path
        self.prefix = prefix

    def fail(self, where: str, message: str) -> PersonaError:
        return PersonaError(f"{self.path}: {self.prefix}{where}: {message}")

    def text(self, data: dict, key: str, where: str, required: bool = True) -> str | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "is required")
            return None
        if not isinstance(value, (str, int)) or isinstance(value, bool) or str(value).strip() == "":
            raise self.fail(f"{where}{key}", f"a non-empty text is expected, got {value!r}")
        return str(value)

    def date(self, data: dict, key: str, where: str, required: bool = False) -> dt.date | None:
        value = data.get(key)
        if value is None:
            if required:
                raise self.fail(f"{where}{key}", "is required (yyyy-mm-dd)")
            return None
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value))
        except ValueError:
            raise self.fail(f"{where}{key}", f"a date yyyy-mm-dd is expected, got {value!r}") from None

    def integer(self, data: dict, key: str, where: str, default: int | None = None) -> int | None:
        value = data.get(key, default)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where}{key}", f"a whole number is expected, got {value!r}")
        return value

    def unknown(self, data: dict, allowed: set[str], where: str) -> None:
        extra = sorted(set(data) - allowed)
        if extra:
            raise self.fail(f"{where}{extra[0]}", f"unknown field (allowed: {', '.join(sorted(allowed))})")


def _persona(path: Path, data: Any, prefix: str) -> Persona:
    c = _Checker(path, prefix)
    if not isinstance(data, dict):
        raise c.fail("", "a persona is a mapping")
    c.unknown(data, {"id", "title", "description", "household", "employers", "people"}, "")
    ref = reference()
    persona_id = c.text(data, "id", "")
    household = data.get("household")
    if household is not None:
        if not isinstance(household, dict):
            raise c.fail("household", "a mapping is expected")
        c.unknown(household, HOUSEHOLD_KEYS, "household.")
        nis = c.integer(household, "municipality", "household.")
        m = ref.municipality.get(nis) if nis is not None else None
        if m is None or not m.has_cpas:
            raise c.fail("household.municipality", f"{nis!r} is not the NIS code of a municipality with a CPAS "
                         "in fixtures/reference/municipalities.csv")
        household = {**household, "since": c.date(household, "since", "household.", required=True)}
        if household.get("street") is not None and not any(
                household["street"] in (s.name_fr, s.name_nl, s.name_de) for s in ref.streets):
            raise c.fail("household.street", f"{household['street']!r} is not in fixtures/reference/streets.csv")
        mutuality = household.get("mutuality")
        if mutuality is not None and mutuality not in (100, 200, 300, 400, 500, 600, 900):
            raise c.fail("household.mutuality", f"a union code (100, 200 ... 600, 900) is expected, got {mutuality!r}")
    employers = []
    for i, row in enumerate(data.get("employers") or ()):
        where = f"employers[{i}]."
        if not isinstance(row, dict):
            raise c.fail(where.rstrip("."), "a mapping is expected")
        c.unknown(row, {"kbo", "name", "joint_committee", "nis"}, where)
        kbo = c.text(row, "kbo", where)
        if not numbers.kbo_is_valid(kbo):
            raise c.fail(f"{where}kbo", f"{kbo} is not a valid KBO/BCE number (mod 97)")
        jc = c.text(row, "joint_committee", where)
        if jc not in MANUAL_SHARE:
            raise c.fail(f"{where}joint_committee", f"{jc!r} is not one of {', '.join(sorted(MANUAL_SHARE))}")
        nis = c.integer(row, "nis", where)
        if nis not in ref.municipality:
            raise c.fail(f"{where}nis", f"{nis!r} is not a municipality NIS code")
        employers.append(PersonaEmployer(numbers.normalize(kbo), c.text(row, "name", where), jc, nis))
    people_data = data.get("people")
    if not isinstance(people_data, list) or not people_data:
        raise c.fail("people", "a non-empty list of people is expected")
    people = [_person(c, row, i, household, {e.kbo for e in employers}) for i, row in enumerate(people_data)]
    keys = [p.key for p in people]
    for i, p in enumerate(people):
        if keys.count(p.key) > 1:
            raise c.fail(f"people[{i}].key", f"{p.key!r} is used twice")
        for other, where in ((p.partner, "partner"), *((x, "parents") for x in p.parents)):
            if other is not None and (other not in keys or other == p.key):
                raise c.fail(f"people[{i}].{where}", f"{other!r} is not the key of another person of this persona")
        if p.civil_status in (20, 30, 40) and p.married_on is None:
            raise c.fail(f"people[{i}].married_on", f"civil status {p.civil_status} needs the wedding date")
        if p.civil_status == 30 and not any(o.key == p.partner and o.death_date for o in people):
            raise c.fail(f"people[{i}].partner", "a widowed person needs the deceased spouse (with a death_date)")
        if p.civil_status == 40 and p.divorced_on is None:
            raise c.fail(f"people[{i}].divorced_on", "a divorced person needs the divorce date")
        if p.kind == "BIS" and household is not None:
            raise c.fail(f"people[{i}].ssin", "a BIS person is in no register household: give no household")
        if household is None and (p.kind == "RN" or p.address is None):
            raise c.fail(f"people[{i}].address", "without a household, only BIS persons with an address are allowed")
    if household is not None and not any(p.relationship == "01" for p in people):
        raise c.fail("people", "one person must be the reference person (relationship '01')")
    return Persona(persona_id, c.text(data, "title", "", required=False) or persona_id, str(data.get("description") or ""),
                   str(path), household, tuple(employers), people)


def _person(c: _Checker, row: Any, i: int, household: dict | None, employers: set[str]) -> PersonaPerson:
    where = f"people[{i}]."
    if not isinstance(row, dict):
        raise c.fail(where.rstrip("."), "a mapping is expected")
    c.unknown(row, PERSON_KEYS, where)
    ref = reference()
    ssin = numbers.normalize(c.text(row, "ssin", where))
    try:
        info = numbers.parse(ssin)
    except numbers.InvalidNumber as exc:
        raise c.fail(f"{where}ssin", str(exc)) from None
    if info.series < PERSONA_SERIES:
        raise c.fail(f"{where}ssin", f"persona numbers use the series {PERSONA_SERIES}-998 (this one has "
                     f"{info.series:03d}), so that no generated person can have them")
    raw = row.get("birth_date")
    birth = raw.isoformat() if isinstance(raw, dt.date) else c.text(row, "birth_date", where)
    if birth != info.birth_date:
        raise c.fail(f"{where}birth_date", f"{birth} does not agree with the SSIN {ssin} ({info.birth_date})")
    sex = row.get("sex")
    if sex not in ("M", "F", None) or (sex or None) != info.sex:
        raise c.fail(f"{where}sex", f"{sex!r} does not agree with the SSIN {ssin} (series {info.series:03d}: "
                     f"{info.sex or 'unknown'})")
    names = row.get("first_names")
    if not isinstance(names, list) or not names or not all(isinstance(n, str) and n for n in names):
        raise c.fail(f"{where}first_names", "a non-empty list of names is expected")
    nationality = c.integer(row, "nationality", where, 150)
    if nationality not in ref.country:
        raise c.fail(f"{where}nationality", f"{nationality} is not a NIS country code of fixtures/reference/countries.csv")
    place = row.get("birth_place")
    if isinstance(place, int) and place not in ref.municipality:
        raise c.fail(f"{where}birth_place", f"{place} is not a municipality NIS code")
    if isinstance(place, dict) and (place.get("country") not in ref.country or not place.get("name")):
        raise c.fail(f"{where}birth_place", "a municipality NIS code or {country: <NIS code>, name: <city>} is expected")
    if place is not None and not isinstance(place, (int, dict)):
        raise c.fail(f"{where}birth_place", "a municipality NIS code or {country: <NIS code>, name: <city>} is expected")
    register = row.get("register")
    if register is not None and register not in REGISTERS:
        raise c.fail(f"{where}register", f"one of {', '.join(REGISTERS)} is expected, got {register!r}")
    relationship = str(row.get("relationship", "01" if i == 0 else "")).zfill(2) if household else "01"
    if household and relationship not in ref.relationships:
        raise c.fail(f"{where}relationship", f"{row.get('relationship')!r} is not a relationship code "
                     "(fixtures/reference/relationships.csv)")
    civil = c.integer(row, "civil_status", where, 10)
    if civil not in CIVIL_STATUSES:
        raise c.fail(f"{where}civil_status", f"one of {sorted(CIVIL_STATUSES)} is expected, got {civil}")
    language = row.get("language")
    if language not in (None, "fr", "nl", "de"):
        raise c.fail(f"{where}language", f"fr, nl or de is expected, got {language!r}")
    replaced = []
    for n, old in enumerate(row.get("replaced") or ()):
        at = f"{where}replaced[{n}]."
        if not isinstance(old, dict):
            raise c.fail(at.rstrip("."), "a mapping {ssin, date, reason} is expected")
        number = numbers.normalize(c.text(old, "ssin", at))
        if not numbers.is_valid(number) or numbers.parse(number).series < PERSONA_SERIES:
            raise c.fail(f"{at}ssin", f"{number} is not a valid SSIN of series {PERSONA_SERIES} or more")
        reason = old.get("reason", "BIS_TO_RN")
        if reason not in REPLACEMENT_REASONS:
            raise c.fail(f"{at}reason", f"one of {', '.join(sorted(REPLACEMENT_REASONS))} is expected")
        replaced.append((number, c.date(old, "date", at, required=True), reason))
    address = row.get("address")
    if address is not None:
        if not isinstance(address, dict) or address.get("kind") not in ("ABROAD", "CONTACT"):
            raise c.fail(f"{where}address", "{kind: ABROAD, country, city} or {kind: CONTACT, municipality} expected")
        if address["kind"] == "ABROAD" and address.get("country") not in ref.country:
            raise c.fail(f"{where}address.country", f"{address.get('country')!r} is not a NIS country code")
        if address["kind"] == "CONTACT" and address.get("municipality") not in ref.municipality:
            raise c.fail(f"{where}address.municipality", f"{address.get('municipality')!r} is not a NIS code")
    person = PersonaPerson(
        key=c.text(row, "key", where), ssin=ssin, kind=info.kind, last_name=c.text(row, "last_name", where),
        first_names=tuple(names), sex=info.sex, birth_date=info.birth_date, nationality=nationality,
        birth_place=place, language=language, register=REGISTERS.get(register) if register else None,
        relationship=relationship, civil_status=civil, partner=row.get("partner"),
        married_on=c.date(row, "married_on", where), divorced_on=c.date(row, "divorced_on", where),
        cohabitation_since=c.date(row, "cohabitation_since", where), parents=tuple(row.get("parents") or ()),
        death_date=c.date(row, "death_date", where), member_since=c.date(row, "member_since", where),
        replaced=tuple(replaced), address=address, created=c.date(row, "created", where))
    born = dt.date(info.year, info.month or 1, info.day or 1)
    for key in ("married_on", "divorced_on", "cohabitation_since", "death_date", "member_since", "created"):
        day = getattr(person, key)
        if day is not None and day < born:
            raise c.fail(f"{where}{key}", f"{day} is before the birth date {info.birth_date}")
    person.situation = _situation(c, row.get("situation"), where, person, employers)
    return person


def _situation(c: _Checker, rows: Any, where: str, person: PersonaPerson, employers: set[str]) -> list:
    if rows is None:
        return []
    if not isinstance(rows, list):
        raise c.fail(f"{where}situation", "a list of {status, since, ...} is expected")
    out = []
    for n, row in enumerate(rows):
        at = f"{where}situation[{n}]."
        if not isinstance(row, dict):
            raise c.fail(at.rstrip("."), "a mapping {status, since, ...} is expected")
        c.unknown(row, SITUATION_OPTIONS, at)
        status = row.get("status")
        allowed = STATUSES + ((AMU,) if person.kind == "BIS" else ())
        if status not in allowed:
            raise c.fail(f"{at}status", f"one of {', '.join(allowed)} is expected, got {status!r}")
        since = c.date(row, "since", at, required=True)
        if out and since <= out[-1][1]:
            raise c.fail(f"{at}since", "situations follow each other: each starts after the previous one")
        if person.death_date is not None and since > person.death_date:
            raise c.fail(f"{at}since", f"{since} is after the death ({person.death_date})")
        options = {k: v for k, v in row.items() if k not in ("status", "since")}
        employer = options.get("employer")
        if employer is not None and numbers.normalize(str(employer)) not in employers:
            raise c.fail(f"{at}employer", f"{employer} is not one of this file's employers")
        for n2, job in enumerate(options.get("jobs") or ()):
            if not isinstance(job, dict):
                raise c.fail(f"{at}jobs[{n2}]", "a mapping {begin, end, hours, employer} is expected")
            begin = c.date(job, "begin", f"{at}jobs[{n2}].", required=True)
            end = c.date(job, "end", f"{at}jobs[{n2}].", required=True)
            if end < begin or begin < since:
                raise c.fail(f"{at}jobs[{n2}]", "a job lies within its situation, its end after its begin")
            if job.get("employer") is not None and numbers.normalize(str(job["employer"])) not in employers:
                raise c.fail(f"{at}jobs[{n2}].employer", f"{job['employer']} is not one of this file's employers")
            if not isinstance(job.get("hours"), int) or job["hours"] <= 0:
                raise c.fail(f"{at}jobs[{n2}].hours", "a positive whole number of hours is expected")
        out.append((status, since, options))
    return out
