"""NRPPersonService v1 ``searchPersonsByAddress``: who has their legal address at a Belgian address.

A simulator contract (no public BCSS contract), in the BCSS new-generation style. National Register
only: RN persons whose LEGAL address covers the reference date (default: the sandbox's today);
BIS persons (no legal address in Belgium) and persons deceased by that date are never listed. No
prior integration is required. The street matches in any language the address holds, ignoring case,
accents, spaces and punctuation; no box = every box of the house number.
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
)
from simulator.soap import commonv3, ns

LEGAL_CONTEXT = SOCIAL_INQUIRY
GENDER = GENDER_CODES

NOBODY = ("NRPS0001", "Nobody is registered at this address on the reference date.")


def search_persons_by_address(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    postal_code = criteria.findtext("postalCode")
    street = criteria.findtext("streetName") or ""
    house_number = criteria.findtext("houseNumber") or ""
    box = criteria.findtext("box")
    at = reference_date(call, criteria)

    reply = consultation_reply(call, ENDPOINT, "searchPersonsByAddressResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        if not any(c.isalnum() for c in street):
            raise StatusError("MSG00008", information=[("streetName", street)])
        residents = [p for p in call.world.persons_at_address(postal_code, street, house_number, box, at)
                     if p.kind == "RN" and not p.death_date]
        if not residents:
            raise StatusError(NOBODY[0], commonv3.NO_DATA_FOUND, description=NOBODY[1])
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")

    result = etree.SubElement(reply, "result")
    etree.SubElement(result, "referenceDate").text = at.isoformat()
    for person in residents:
        el = etree.SubElement(result, "person")
        etree.SubElement(el, "ssin").text = person.ssin
        name = etree.SubElement(el, "name")
        etree.SubElement(name, "lastName").text = person.last_name
        for first in person.first_names:
            etree.SubElement(name, "firstName").text = first
        etree.SubElement(el, "birthDate").text = person.birth_date
        etree.SubElement(etree.SubElement(el, "gender"), "code").text = GENDER.get(person.gender, "UNKNOWN")
        if person.address.box:
            etree.SubElement(el, "box").text = person.address.box
        etree.SubElement(el, "residenceBeginDate").text = person.address.begin.isoformat()
    return reply


ENDPOINT = SoaEndpoint(
    service="NRPPersonService",
    path="/SOA4520/NRPPersonService/v1/searchPersonsByAddress",
    namespace=ns.NRP_PERSON_INTF,
    prefix="v1",
    wsdl="nrp-person/NRPPersonServiceV1.wsdl",
    operations=(SoaOperation("searchPersonsByAddress", "searchPersonsByAddressRequest",
                             "searchPersonsByAddressResponse", search_persons_by_address,
                             fault="searchPersonsByAddressFault"),),
    version="v1",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
)
