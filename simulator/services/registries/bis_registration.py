"""Creating a BIS person: the checks and the search before create every creation service shares.

Two services create BIS persons: the new-generation BisPersonService ``registerPerson`` and the
legacy SSDN OCMWCPASManagePerson ``CreateKSZCitizenRequest``. They read their own wire format into
an :class:`Application` and call :func:`register`, which

1. checks every datum (impossible date, unknown municipality or country, Belgium given as a country
   abroad, an incomplete address) — :class:`Invalid` names the first wrong one;
2. enforces the three admissible minimum data sets (domain-facts §1.3): a complete birth date with
   the birth place and the sex, or an address abroad, or a Belgian contact address, each with the
   name and a (possibly incomplete) birth date — :class:`MissingData` names every missing item;
3. searches the register first: a person with the same phonetic last name, a compatible birth
   date and a compatible sex is answered, never created twice;
4. otherwise writes the new BIS person in one transaction (registrations.register_bis_person), so
   every service of the sandbox knows the number at once.

Field names in the exceptions are one vocabulary (``birthDate``, ``birthPlace/municipalityCode``,
``address/countryCode``…); each service turns them into its own wire names and reason codes.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.world.store import registrations
from simulator.world.store.registrations import (
    BELGIUM,
    UNKNOWN_COUNTRY,
    NewAddress,
    NewBisPerson,
)

MAX_CANDIDATES = 15  # the most known persons a search before create reports


class Invalid(Exception):
    """A datum that is wrong (or a required part of an address that is absent)."""

    def __init__(self, field: str, value: str | None):
        super().__init__(f"{field}={value!r}")
        self.field = field
        self.value = value


class MissingData(Exception):
    """No minimum data set is complete; ``items`` names what is missing, in order (birthDate,
    birthPlace, gender — the first data set — then address, which would be enough alone)."""

    def __init__(self, items: list[str]):
        super().__init__(", ".join(items))
        self.items = items


@dataclass(frozen=True)
class AddressData:
    """An address as given, texts unchecked: kind ABROAD or CONTACT."""

    kind: str
    country_code: str | None = None
    municipality_code: str | None = None
    postal_code: str | None = None
    city: str | None = None
    street: str | None = None
    house_number: str | None = None
    box: str | None = None


@dataclass(frozen=True)
class BirthPlaceData:
    """Born in Belgium (municipality_code) or abroad (country_code, description when known)."""

    municipality_code: str | None = None
    country_code: str | None = None
    description: str | None = None


@dataclass(frozen=True)
class Application:
    """What a caller asks to register, texts unchecked."""

    last_name: str
    first_names: tuple[str, ...]
    birth_date: str  # yyyy-mm-dd, 00 for an unknown month or day
    gender: int  # 0 unknown, 1 male, 2 female
    birth_place: BirthPlaceData | None = None
    nationality: str | None = None
    address: AddressData | None = None


@dataclass(frozen=True)
class Registration:
    """The outcome: the new number (created) or the first person already known (not created)."""

    ssin: str
    kind: str  # BIS for a created person; RN or BIS for a known one
    created: bool
    known: tuple = ()  # the persons found by the search before create, best first


def register(world, today: dt.date, application: Application) -> Registration:
    """Check, search before create, and create when nobody matches. Raises Invalid or MissingData."""
    person = new_person(world, application)
    known = search(world, person, today)
    if known:
        return Registration(known[0].ssin, known[0].kind, False, tuple(known))
    ssin = registrations.register_bis_person(world, today.isoformat(), person)
    return Registration(ssin, "BIS", True)


# -- checking the data ------------------------------------------------------------------------------


def birth_date(text: str) -> tuple[int, int, int]:
    year, month, day = (int(p) for p in text.split("-"))
    if month == 0 and day != 0:
        raise Invalid("birthDate", text)  # a day without its month is not a date
    if month and day:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise Invalid("birthDate", text) from None
    return year, month, day


def country(world, code: str, field: str, *, abroad: bool = False) -> int:
    number = int(code)
    if (abroad and number == BELGIUM) or (number != BELGIUM and world.country(number) is None):
        raise Invalid(field, code)
    return number


def municipality(world, code: str, field: str) -> dict:
    found = world.municipality(int(code))
    if found is None:
        raise Invalid(field, code)
    return found


def address(world, data: AddressData, field: str = "address") -> NewAddress:
    """The address checked: ABROAD needs countryCode (not 150) and city; CONTACT needs
    municipalityCode, street and houseNumber (countryCode, when given, 150)."""
    value = {"countryCode": data.country_code, "municipalityCode": data.municipality_code,
             "city": data.city, "street": data.street, "houseNumber": data.house_number}
    required = ("countryCode", "city") if data.kind == "ABROAD" else ("municipalityCode", "street", "houseNumber")
    for name in required:
        if value[name] is None:
            raise Invalid(f"{field}/{name}", None)
    if data.kind == "ABROAD":
        if data.municipality_code is not None:
            raise Invalid(f"{field}/municipalityCode", data.municipality_code)
        number = country(world, data.country_code, f"{field}/countryCode", abroad=True)
        return NewAddress("ABROAD", number, None, data.postal_code, data.city, data.street, data.house_number,
                          data.box)
    if data.country_code not in (None, f"{BELGIUM:03d}"):
        raise Invalid(f"{field}/countryCode", data.country_code)
    found = municipality(world, data.municipality_code, f"{field}/municipalityCode")
    return NewAddress("CONTACT", BELGIUM, found["nis"], data.postal_code, None, data.street, data.house_number,
                      data.box)


def new_person(world, application: Application) -> NewBisPerson:
    """The person to create, every datum checked and a minimum data set complete."""
    year, month, day = birth_date(application.birth_date)
    gender = application.gender
    nationality = application.nationality
    nationality = country(world, nationality, "nationality") if nationality is not None else None
    new_address = address(world, application.address) if application.address is not None else None
    place_nis = place_name = None
    place_country = UNKNOWN_COUNTRY
    place = application.birth_place
    if place is not None:
        if place.municipality_code is not None:
            found = municipality(world, place.municipality_code, "birthPlace/municipalityCode")
            place_nis, place_country = found["nis"], BELGIUM
            lang = registrations.language_for(world, new_address)
            place_name = found[f"name_{lang}"] or found["name_fr"] or found["name_nl"]
        else:
            place_country = country(world, place.country_code, "birthPlace/countryCode", abroad=True)
            place_name = place.description

    if new_address is None:  # only the first data set is left: complete birth date, birth place and sex
        missing = []
        if not (month and day):
            missing.append("birthDate")
        if place is None:
            missing.append("birthPlace")
        if not gender:
            missing.append("gender")
        if missing:
            raise MissingData(missing + ["address"])
    return NewBisPerson(
        last_name=application.last_name, first_names=application.first_names,
        birth_date=f"{year:04d}-{month:02d}-{day:02d}", gender=gender, birth_place_nis=place_nis,
        birth_place_name=place_name, birth_country=place_country, nationality=nationality, address=new_address,
    )


def search(world, person: NewBisPerson, today: dt.date) -> list:
    """Search before create: people with the same phonetic last name, a birth date compatible with
    the (possibly incomplete) one given, and a compatible sex (unknown matches either)."""
    low = person.birth_date
    high = person.birth_date.replace("-00", "-99")
    return world.search_phonetic(person.last_name, birth_from=low, birth_to=high, gender=person.gender or None,
                                 limit=MAX_CANDIDATES, at=today)
