"""FamilyCompositionService v1 ``consultFamilyComposition``: the household of an integrated person.

A simulator contract (no public BCSS contract), in the BCSS new-generation style. Same rules as
RetrieveTIGroups: legal context ``PCSA:SOCIAL_INQUIRY``, the caller must have the person integrated
at the sandbox's now (MSG00012), a replaced number is NO_RESULT/MSG00006 with the new one. The
household is the one of the reference date (default: the sandbox's today): its reference person and
every member with the relationship to the reference person, described in the requested language.
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
from simulator.soap import commonv3, ns

LEGAL_CONTEXT = SOCIAL_INQUIRY
GENDER = GENDER_CODES

# A BIS person, or a date before the person entered the register: no household to show.
NO_HOUSEHOLD = ("FAMC0001", "The person belongs to no household on the reference date.")


def consult_family_composition(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    lang = criteria.findtext("language") or "fr"
    at = reference_date(call, criteria)

    reply = consultation_reply(call, ENDPOINT, "consultFamilyCompositionResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        resolve_subject(call, ssin, needs_integration=True, at=at)
        household = call.world.household(ssin, at)
        if household is None or not household.members:
            raise StatusError(NO_HOUSEHOLD[0], commonv3.NO_DATA_FOUND, [("ssin", ssin)], NO_HOUSEHOLD[1])
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")

    composition = etree.SubElement(reply, "familyComposition")
    etree.SubElement(composition, "referenceDate").text = at.isoformat()
    if household.reference_ssin:
        etree.SubElement(composition, "referencePerson").text = household.reference_ssin
    persons = call.world.persons_by_ssin((m.ssin for m in household.members), at)
    for member in household.members:
        el = etree.SubElement(composition, "member")
        etree.SubElement(el, "ssin").text = member.ssin
        person = persons.get(member.ssin)
        if person is not None:
            name = etree.SubElement(el, "name")
            etree.SubElement(name, "lastName").text = person.last_name
            for first in person.first_names:
                etree.SubElement(name, "firstName").text = first
            etree.SubElement(el, "birthDate").text = person.birth_date
            etree.SubElement(etree.SubElement(el, "gender"), "code").text = GENDER.get(person.gender, "UNKNOWN")
        relationship = etree.SubElement(el, "relationship")
        etree.SubElement(relationship, "code").text = member.relationship
        label = call.world.relationship_label(member.relationship, lang)
        if label:
            description = etree.SubElement(relationship, "description")
            description.set("language", lang.upper())
            description.text = label
        etree.SubElement(el, "beginDate").text = member.begin.isoformat()
    return reply


ENDPOINT = SoaEndpoint(
    service="FamilyCompositionService",
    path="/SOA4520/FamilyCompositionService/v1/consultFamilyComposition",
    namespace=ns.FAMILY_COMPOSITION_INTF,
    prefix="v1",
    wsdl="family-composition/FamilyCompositionServiceV1.wsdl",
    operations=(SoaOperation("consultFamilyComposition", "consultFamilyCompositionRequest",
                             "consultFamilyCompositionResponse", consult_family_composition,
                             fault="consultFamilyCompositionFault"),),
    version="v1",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
    needs_integration=True,
)
