"""BisPersonService v1 registerPerson and CBSSPersonService v1 updatePerson ``registerPerson`` / ``updatePerson``: a CPAS adds a person to the BIS register.

A simulator contract (BCSS's own creation service, "e-creabis", has no public WSDL), in the BCSS
new-generation style; no prior integration is needed. ``registerPerson`` enforces the three
admissible minimum data sets (domain-facts §1.3) and searches the register first: a person with the
same phonetic last name, a compatible (possibly incomplete) birth date and a compatible sex is
answered (DATA_FOUND/BISP0002), never created twice. Otherwise a BIS number is made (month + 40 when
the sex is known, + 20 when not) and the person written in one transaction: every service of the
sandbox knows the number at once. ``updatePerson`` replaces one datum of a BIS person from the
sandbox's today on (address and nationality history kept); an RN person is the National Register's.
The checks and the search before create are bis_registration's, shared with OCMWCPASManagePerson.
"""

from __future__ import annotations

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
from simulator.services.registries import bis_registration
from simulator.soap import commonv3, ns
from simulator.world.store import registrations

LEGAL_CONTEXT = SOCIAL_INQUIRY
GENDERS = {"MALE": 1, "FEMALE": 2, "UNKNOWN": 0}

# Simulator status codes (BCSS's own codes for this service are not public).
MISSING_DATA = ("BISP0001", ("Minimum identification data missing: give a complete birth date, the birth place "
                             "and the sex, or an address abroad, or a Belgian contact address."))
ALREADY_KNOWN = ("BISP0002", "The person is already known: no BIS number was created.")
NATIONAL_REGISTER = ("BISP0003", "The National Register manages this person: only BIS persons can be updated here.")
MAX_CANDIDATES = bis_registration.MAX_CANDIDATES  # status/information holds at most 15 entries


def register_person(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    reply = consultation_reply(call, ENDPOINT, "registerPersonResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        outcome = _checked(bis_registration.register, call.world, call.today, _application(criteria))
    except StatusError as refused:
        return refused.answer(reply)
    call.notes["ssin"] = outcome.ssin
    if not outcome.created:
        commonv3.status(reply, commonv3.DATA_FOUND, ALREADY_KNOWN[0], ALREADY_KNOWN[1],
                        [("ssin", p.ssin) for p in outcome.known[:MAX_CANDIDATES]])
    else:
        commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    reply.append(_registered(outcome.ssin, outcome.kind))
    return reply


def update_person(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    reply = consultation_reply(call, UPDATE_ENDPOINT, "updatePersonResponse", criteria)
    try:
        check_legal_context(UPDATE_ENDPOINT, call)
        person = resolve_subject(call, ssin, needs_integration=False)
        if person.kind != "BIS":
            raise StatusError(NATIONAL_REGISTER[0], information=[("ssin", ssin)], description=NATIONAL_REGISTER[1])
        day = call.today.isoformat()
        if criteria.find("address") is not None:
            address = _checked(bis_registration.address, call.world, _address(criteria.find("address")))
            registrations.change_address(call.world, day, ssin, address)
        elif criteria.find("nationality") is not None:
            country = _checked(bis_registration.country, call.world, criteria.findtext("nationality"), "nationality")
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


# -- reading the criteria (the checks are bis_registration's) ----------------------------------------


def _checked(check, *args):
    """``check(*args)``, its refusals turned into this service's statuses."""
    try:
        return check(*args)
    except bis_registration.Invalid as wrong:
        raise StatusError("MSG00008", information=[(wrong.field, wrong.value)]) from None
    except bis_registration.MissingData as missing:
        birth = args[-1].birth_date  # only register (world, today, application) checks the data sets
        reasons = {"birthDate": f"{birth}: the complete date is needed without an address",
                   "birthPlace": "needed without an address",
                   "gender": "MALE or FEMALE needed without an address",
                   "address": "ABROAD or CONTACT: enough with the name and a birth date"}
        raise StatusError(MISSING_DATA[0], information=[(item, reasons[item]) for item in missing.items],
                          description=MISSING_DATA[1]) from None


def _address(el: etree._Element) -> bis_registration.AddressData:
    return bis_registration.AddressData(
        kind=el.findtext("type"), country_code=el.findtext("countryCode"),
        municipality_code=el.findtext("municipalityCode"), postal_code=el.findtext("postalCode"),
        city=el.findtext("city"), street=el.findtext("street"), house_number=el.findtext("houseNumber"),
        box=el.findtext("box"))


def _application(criteria: etree._Element) -> bis_registration.Application:
    place = criteria.find("birthPlace")
    address = criteria.find("address")
    return bis_registration.Application(
        last_name=criteria.findtext("lastName"),
        first_names=tuple(f.text for f in criteria.findall("firstName")),
        birth_date=criteria.findtext("birthDate"),
        gender=GENDERS[criteria.findtext("gender") or "UNKNOWN"],
        birth_place=None if place is None else bis_registration.BirthPlaceData(
            place.findtext("municipalityCode"), place.findtext("countryCode"), place.findtext("description")),
        nationality=criteria.findtext("nationality"),
        address=None if address is None else _address(address),
    )


def _registered(ssin: str, kind: str) -> etree._Element:
    el = etree.Element("person")
    etree.SubElement(el, "ssin").text = ssin
    etree.SubElement(el, "origin").text = "RN" if kind == "RN" else "BIS"
    return el


ENDPOINT = SoaEndpoint(
    service="BisPersonService",
    path="/SOA4520/BisPersonService/v1/registerPerson",
    namespace=ns.BIS_PERSON_INTF,
    prefix="v1",
    wsdl="bis-person/BisPersonServiceV1.wsdl",
    operations=(SoaOperation("registerPerson", "registerPersonRequest", "registerPersonResponse", register_person,
                             fault="registerPersonFault"),),
    version="v1",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
)

UPDATE_ENDPOINT = SoaEndpoint(
    service="CBSSPersonService",
    path="/SOA4520/CBSSPersonService/v1/updatePerson",
    namespace=ns.CBSS_PERSON_INTF,
    prefix="v1",
    wsdl="cbss-person/CBSSPersonServiceV1.wsdl",
    operations=(SoaOperation("updatePerson", "updatePersonRequest", "updatePersonResponse", update_person,
                             fault="updatePersonFault"),),
    version="v1",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
)
