"""BisPersonService v1 ``registerPerson`` / ``updatePerson``: a CPAS adds a person to the BIS register.

A simulator contract (BCSS's own creation service, "e-creabis", has no public WSDL), in the BCSS
new-generation style; no prior integration is needed. ``registerPerson`` enforces the three
admissible minimum data sets (domain-facts §1.3) and searches the register first: a person with the
same phonetic last name, a compatible (possibly incomplete) birth date and a compatible sex is
answered (DATA_FOUND/BISP0002), never created twice. Otherwise a BIS number is made (month + 40 when
the sex is known, + 20 when not) and the person written in one transaction: every service of the
sandbox knows the number at once. ``updatePerson`` replaces one datum of a BIS person from the
sandbox's today on (address and nationality history kept); an RN person is the National Register's.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services.base import (
    SOCIAL_INQUIRY,
    Call,
    SoaEndpoint,
    SoaOperation,
    StatusError,
    check_legal_context,
    consultation_reply,
    resolve_subject,
)
from simulator.soap import commonv3, ns
from simulator.world.store import registrations
from simulator.world.store.registrations import (
    BELGIUM,
    UNKNOWN_COUNTRY,
    NewAddress,
    NewBisPerson,
)

LEGAL_CONTEXT = SOCIAL_INQUIRY
GENDERS = {"MALE": 1, "FEMALE": 2, "UNKNOWN": 0}

# Simulator status codes (BCSS's own codes for this service are not public).
MISSING_DATA = ("BISP0001", ("Minimum identification data missing: give a complete birth date, the birth place "
                             "and the sex, or an address abroad, or a Belgian contact address."))
ALREADY_KNOWN = ("BISP0002", "The person is already known: no BIS number was created.")
NATIONAL_REGISTER = ("BISP0003", "The National Register manages this person: only BIS persons can be updated here.")
MAX_CANDIDATES = 15  # status/information holds at most 15 entries


def register_person(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    reply = consultation_reply(call, ENDPOINT, "registerPersonResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        person = _new_person(call, criteria)
        known = _known(call, person)
    except StatusError as outcome:
        return outcome.answer(reply)
    if known:
        call.notes["ssin"] = known[0].ssin
        commonv3.status(reply, commonv3.DATA_FOUND, ALREADY_KNOWN[0], ALREADY_KNOWN[1],
                        [("ssin", p.ssin) for p in known[:MAX_CANDIDATES]])
        reply.append(_registered(known[0].ssin, known[0].kind))
        return reply
    ssin = registrations.register_bis_person(call.world, call.today.isoformat(), person)
    call.notes["ssin"] = ssin
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    reply.append(_registered(ssin, "BIS"))
    return reply


def update_person(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    reply = consultation_reply(call, ENDPOINT, "updatePersonResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        person = resolve_subject(call, ssin, needs_integration=False)
        if person.kind != "BIS":
            raise StatusError(NATIONAL_REGISTER[0], information=[("ssin", ssin)], description=NATIONAL_REGISTER[1])
        day = call.today.isoformat()
        if criteria.find("address") is not None:
            address = _address(call, criteria.find("address"), "address")
            registrations.change_address(call.world, day, ssin, address)
        elif criteria.find("nationality") is not None:
            country = _country(call, criteria.findtext("nationality"), "nationality")
            registrations.change_nationality(call.world, day, ssin, country)
        else:
            name = criteria.find("name")
            registrations.change_name(call.world, ssin, name.findtext("lastName"),
                                      tuple(f.text for f in name.findall("firstName")))
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    reply.append(_registered(ssin, "BIS"))
    return reply


# -- reading the criteria ---------------------------------------------------------------------------


def _invalid(field: str, value) -> StatusError:
    return StatusError("MSG00008", information=[(field, value)])


def _birth_date(text: str) -> tuple[int, int, int]:
    year, month, day = (int(p) for p in text.split("-"))
    if month == 0 and day != 0:
        raise _invalid("birthDate", text)  # a day without its month is not a date
    if month and day:
        try:
            dt.date(year, month, day)
        except ValueError:
            raise _invalid("birthDate", text) from None
    return year, month, day


def _country(call: Call, code: str, field: str, *, abroad: bool = False) -> int:
    country = int(code)
    if (abroad and country == BELGIUM) or (country != BELGIUM and call.world.country(country) is None):
        raise _invalid(field, code)
    return country


def _municipality(call: Call, code: str, field: str) -> dict:
    municipality = call.world.municipality(int(code))
    if municipality is None:
        raise _invalid(field, code)
    return municipality


def _address(call: Call, el: etree._Element, field: str) -> NewAddress:
    """The address as given, checked: ABROAD needs countryCode (not 150) and city; CONTACT needs
    municipalityCode, street and houseNumber (countryCode, when given, 150)."""
    kind = el.findtext("type")
    value = {name: el.findtext(name) for name in ("countryCode", "municipalityCode", "postalCode", "city", "street",
                                                  "houseNumber", "box")}
    required = ("countryCode", "city") if kind == "ABROAD" else ("municipalityCode", "street", "houseNumber")
    for name in required:
        if value[name] is None:
            raise _invalid(f"{field}/{name}", None)
    if kind == "ABROAD":
        if value["municipalityCode"] is not None:
            raise _invalid(f"{field}/municipalityCode", value["municipalityCode"])
        country = _country(call, value["countryCode"], f"{field}/countryCode", abroad=True)
        return NewAddress("ABROAD", country, None, value["postalCode"], value["city"], value["street"],
                          value["houseNumber"], value["box"])
    if value["countryCode"] not in (None, f"{BELGIUM:03d}"):
        raise _invalid(f"{field}/countryCode", value["countryCode"])
    municipality = _municipality(call, value["municipalityCode"], f"{field}/municipalityCode")
    return NewAddress("CONTACT", BELGIUM, municipality["nis"], value["postalCode"], None, value["street"],
                      value["houseNumber"], value["box"])


def _new_person(call: Call, criteria: etree._Element) -> NewBisPerson:
    """The person described by the criteria, or the status saying what is wrong or missing."""
    birth = criteria.findtext("birthDate")
    year, month, day = _birth_date(birth)
    gender = GENDERS[criteria.findtext("gender") or "UNKNOWN"]
    nationality = criteria.findtext("nationality")
    nationality = _country(call, nationality, "nationality") if nationality is not None else None
    address = criteria.find("address")
    address = _address(call, address, "address") if address is not None else None
    place_nis = place_name = None
    place_country = UNKNOWN_COUNTRY
    place = criteria.find("birthPlace")
    if place is not None:
        if place.find("municipalityCode") is not None:
            municipality = _municipality(call, place.findtext("municipalityCode"), "birthPlace/municipalityCode")
            place_nis, place_country = municipality["nis"], BELGIUM
            lang = registrations.language_for(call.world, address)
            place_name = municipality[f"name_{lang}"] or municipality["name_fr"] or municipality["name_nl"]
        else:
            place_country = _country(call, place.findtext("countryCode"), "birthPlace/countryCode", abroad=True)
            place_name = place.findtext("description")

    if address is None:  # only the first data set is left: complete birth date, birth place and sex
        missing = []
        if not (month and day):
            missing.append(("birthDate", f"{birth}: the complete date is needed without an address"))
        if place is None:
            missing.append(("birthPlace", "needed without an address"))
        if not gender:
            missing.append(("gender", "MALE or FEMALE needed without an address"))
        if missing:
            missing.append(("address", "ABROAD or CONTACT: enough with the name and a birth date"))
            raise StatusError(MISSING_DATA[0], information=missing, description=MISSING_DATA[1])
    return NewBisPerson(
        last_name=criteria.findtext("lastName"),
        first_names=tuple(f.text for f in criteria.findall("firstName")),
        birth_date=f"{year:04d}-{month:02d}-{day:02d}", gender=gender, birth_place_nis=place_nis,
        birth_place_name=place_name, birth_country=place_country, nationality=nationality, address=address,
    )


def _known(call: Call, person: NewBisPerson) -> list:
    """Search before create: people with the same phonetic last name, a birth date compatible with
    the (possibly incomplete) one given, and a compatible sex (unknown matches either)."""
    lo = person.birth_date
    hi = person.birth_date.replace("-00", "-99")
    return call.world.search_phonetic(person.last_name, birth_from=lo, birth_to=hi, gender=person.gender or None,
                                      limit=MAX_CANDIDATES, at=call.today)


def _registered(ssin: str, kind: str) -> etree._Element:
    el = etree.Element("person")
    etree.SubElement(el, "ssin").text = ssin
    etree.SubElement(el, "origin").text = "RN" if kind == "RN" else "BIS"
    return el


ENDPOINT = SoaEndpoint(
    service="BisPersonService",
    path="/SOA4520/BisPersonService/v1/registerPerson",  # also answers at .../v1/updatePerson (SoaEndpoint.paths)
    namespace=ns.BIS_PERSON_INTF,
    prefix="v1",
    wsdl="bis-person/BisPersonServiceV1.wsdl",
    schema="bis-person/BisPersonServiceV1.wsdl",
    operations=(
        SoaOperation("registerPerson", "registerPersonRequest", "registerPersonResponse", register_person,
                     fault="registerPersonFault"),
        SoaOperation("updatePerson", "updatePersonRequest", "updatePersonResponse", update_person,
                     fault="updatePersonFault"),
    ),
    version="v1",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
)
