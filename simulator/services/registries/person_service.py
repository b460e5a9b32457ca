"""PersonService v4 ``searchPersonBySsin``: the legal data of a National Register or BIS person.

A simulator contract (the real one is not public), in the BCSS new-generation style. No prior
integration is required. A replaced number answers DATA_FOUND/MSG00006 with the person under the
new SSIN (``ssin/@replaces`` = the number asked for), so a client can switch to the new number.
"""

from __future__ import annotations

from lxml import etree

from simulator.services.base import (
    GENDER_CODES,
    SOCIAL_INQUIRY,
    Call,
    SoaEndpoint,
    SoaOperation,
    StatusError,
    check_legal_context,
    consultation_reply,
    reference_date,
    resolve_subject,
)
from simulator.services.registries.identity import birth_range
from simulator.soap import commonv3, ns

LEGAL_CONTEXT = SOCIAL_INQUIRY
GENDER = GENDER_CODES
REGISTER = {1: "POPULATION", 2: "FOREIGNERS", 3: "WAITING", 4: "CONSULAR", 5: "PROTOCOL", 6: "NON_RESIDENT"}


def search_person_by_ssin(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    lang = criteria.findtext("language") or "fr"
    at = reference_date(call, criteria)

    reply = consultation_reply(call, ENDPOINT, "searchPersonBySsinResponse", criteria)
    replaces = None
    try:
        check_legal_context(ENDPOINT, call)
        try:
            person = resolve_subject(call, ssin, needs_integration=False, at=at)
        except StatusError as outcome:
            if outcome.code != "MSG00006":
                raise
            replaces, ssin = ssin, call.world.replacement(ssin).new_ssin
            person = call.world.person(ssin, at=at)
    except StatusError as outcome:
        return outcome.answer(reply)
    if replaces:
        commonv3.status(reply, commonv3.DATA_FOUND, "MSG00006", information=[("ssin", replaces), ("replacedBy", ssin)])
    else:
        commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    reply.append(_person(call.world, person, lang, replaces))
    return reply


DEFAULT_MAXIMUM = 10


def search_person_phonetically(call: Call) -> etree._Element:
    """Persons whose last name sounds like the one given (and first name, when given), born within
    the tolerance of the (possibly incomplete) birth date, of the gender given."""
    criteria = call.request.find("criteria")
    lang = criteria.findtext("language") or "fr"
    reply = consultation_reply(call, ENDPOINT, "searchPersonPhoneticallyResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        year, month, day = (int(p) for p in criteria.findtext("birthDate").split("-"))
        tolerance = criteria.findtext("tolerance")
        if (month == 0 or day == 0) and tolerance is None:
            raise StatusError("MSG00008", information=[("tolerance", None)],
                              description="An incomplete birth date needs a tolerance.")
        low, high = birth_range(year, month, day, int(tolerance or 0))
        gender = {"MALE": 1, "FEMALE": 2}.get(criteria.findtext("gender") or "")
        maximum = int(criteria.findtext("maximum") or DEFAULT_MAXIMUM)
        found = call.world.search_phonetic(criteria.findtext("lastName"), criteria.findtext("firstName"), low, high,
                                           gender, maximum + 1, at=call.today)
        if not found:
            raise StatusError("MSG00005", commonv3.NO_DATA_FOUND, description="No person matches the criteria.")
    except StatusError as outcome:
        return outcome.answer(reply)
    more = [("moreResults", "true")] if len(found) > maximum else []
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000", information=more)
    for person in found[:maximum]:
        reply.append(_person(call.world, person, lang, None))
    return reply


def _described(parent, tag, text, lang):
    if text:
        el = etree.SubElement(parent, tag)
        el.set("language", lang.upper())
        el.text = text


def _name_in(row, lang):
    return (row or {}).get(f"name_{lang}") or (row or {}).get("name_fr") or (row or {}).get("name_nl")


def _person(world, person, lang: str, replaces: str | None) -> etree._Element:
    el = etree.Element("person")
    ssin = etree.SubElement(el, "ssin")
    ssin.text = person.ssin
    if replaces:
        ssin.set("replaces", replaces)
    etree.SubElement(el, "origin").text = "RN" if person.kind == "RN" else "BIS"
    name = etree.SubElement(el, "name")
    etree.SubElement(name, "lastName").text = person.last_name
    for first in person.first_names:
        etree.SubElement(name, "firstName").text = first
    etree.SubElement(etree.SubElement(el, "gender"), "code").text = GENDER.get(person.gender, "UNKNOWN")
    birth = etree.SubElement(el, "birth")
    etree.SubElement(birth, "date").text = person.birth_date
    place = etree.SubElement(birth, "place")
    if person.birth_place_nis:
        etree.SubElement(place, "municipalityCode").text = f"{person.birth_place_nis:05d}"
        _described(place, "description", _name_in(world.municipality(person.birth_place_nis), lang)
                   or person.birth_place_name, lang)
    else:
        _described(place, "description", person.birth_place_name, lang)
    etree.SubElement(place, "countryCode").text = f"{person.birth_country:03d}"
    for nat in world.nationalities(person.ssin)[:1] or ():
        nationality = etree.SubElement(el, "nationality")
        etree.SubElement(nationality, "countryCode").text = f"{nat.country:03d}"
        _described(nationality, "description", _name_in(world.country(nat.country), lang), lang)
        if nat.begin:
            etree.SubElement(nationality, "beginDate").text = str(nat.begin)
    states = world.civil_states(person.ssin)
    if states:
        state = states[0]
        civil = etree.SubElement(el, "civilStatus")
        etree.SubElement(civil, "code").text = str(state.code)
        _described(civil, "description", world.civil_state_label(state.code, lang), lang)
        if state.begin:
            etree.SubElement(civil, "beginDate").text = str(state.begin)
        if state.partner_ssin:
            etree.SubElement(civil, "partner").text = state.partner_ssin
    address = person.address
    if address is not None:
        adr = etree.SubElement(el, "address")
        etree.SubElement(adr, "type").text = address.kind
        etree.SubElement(adr, "countryCode").text = f"{address.country:03d}"
        if address.nis:
            etree.SubElement(adr, "municipalityCode").text = f"{address.nis:05d}"
        if address.postal_code:
            etree.SubElement(adr, "postalCode").text = address.postal_code
        municipality = {"fr": address.municipality_fr, "nl": address.municipality_nl, "de": address.municipality_de}
        _described(adr, "municipalityName", municipality.get(lang) or address.municipality_fr
                   or address.municipality_nl or address.city_abroad, lang)
        if address.street_code:
            etree.SubElement(adr, "streetCode").text = str(address.street_code)
        street = {"fr": address.street_fr, "nl": address.street_nl, "de": address.street_de}
        _described(adr, "streetName", street.get(lang) or address.street_fr or address.street_nl or address.street_de, lang)
        if address.house_number:
            etree.SubElement(adr, "houseNumber").text = address.house_number
        if address.box:
            etree.SubElement(adr, "box").text = address.box
        etree.SubElement(adr, "beginDate").text = str(address.begin)
    if person.death_date:
        etree.SubElement(etree.SubElement(el, "decease"), "date").text = person.death_date
    if person.register in REGISTER:
        etree.SubElement(etree.SubElement(el, "inscriptionRegister"), "code").text = REGISTER[person.register]
    return el


ENDPOINT = SoaEndpoint(
    service="PersonService",
    path="/SOA4520/PersonService/v4/searchPersonBySsin",
    namespace=ns.PERSON_SERVICE_INTF,
    prefix="v4",
    wsdl="person-service/PersonServiceV4.wsdl",
    operations=(
        SoaOperation("searchPersonBySsin", "searchPersonBySsinRequest", "searchPersonBySsinResponse",
                     search_person_by_ssin, fault="searchPersonBySsinFault"),
        SoaOperation("searchPersonPhonetically", "searchPersonPhoneticallyRequest", "searchPersonPhoneticallyResponse",
                     search_person_phonetically, fault="searchPersonPhoneticallyFault"),
    ),
    version="v4",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
)
