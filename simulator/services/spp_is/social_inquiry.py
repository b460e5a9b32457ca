"""PCSASocialInquiryService v1 ``consultSocialInquiry`` (simulator contract): the "Nova+" status of a
social inquiry - which data sources the CPAS can use for a person and what they say at a date.

A consultation like the others: legal context ``PCSA:SOCIAL_INQUIRY``, the person integrated by the
caller at the sandbox's today (MSG00012), replaced/unknown/invalid SSINs as everywhere. The reply
reads the world at the reference date (default: the sandbox's today), one block per source, each
with its own ``sourceStatus`` (DATA_FOUND / NO_DATA_FOUND):

- registeredAddress: the legal address and the CPAS competent for it (competence.py);
- household: the members and their relationship to the reference person;
- incomes: the person's monthly gross income by source (household_income.member_incomes);
- cpasAid: the CPAS aid at the date - accepted RIS attestations and the world's CPAS situation;
- alerts: the caller's open SPP IS alerts about the person, as at the sandbox's today (alerts
  concern the present, not the reference date).
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
    reference_date,
    resolve_subject,
)
from simulator.services.spp_is.alert_reaction import open_alerts
from simulator.services.spp_is.competence import BELGIUM, competent_cpas
from simulator.services.spp_is.household_income import member_incomes
from simulator.soap import commonv3, ns
from simulator.world.store import attestations as attestation_store


def _source(parent, tag: str, found: bool) -> etree._Element:
    node = etree.SubElement(parent, tag)
    etree.SubElement(node, "sourceStatus").text = commonv3.DATA_FOUND if found else commonv3.NO_DATA_FOUND
    return node


def _address(call: Call, parent, person, at) -> None:
    address = person.address
    found = address is not None and address.country == BELGIUM and address.nis is not None
    node = _source(parent, "registeredAddress", found)
    if not found:
        return
    etree.SubElement(node, "nisCode").text = f"{address.nis:05d}"
    if address.postal_code:
        etree.SubElement(node, "postalCode").text = address.postal_code
    etree.SubElement(node, "municipality").text = address.municipality(person.language)
    etree.SubElement(node, "beginDate").text = address.begin.isoformat()
    competence = competent_cpas(call.world, call.organisations, person.ssin, at)
    if competence is not None:
        cpas = etree.SubElement(node, "competentCpas")
        etree.SubElement(cpas, "nisCode").text = f"{competence.nis:05d}"
        if competence.cbe:
            etree.SubElement(cpas, "cbeNumber").text = competence.cbe


def _household(call: Call, parent, ssin, at) -> None:
    household = call.world.household(ssin, at)
    node = _source(parent, "household", household is not None and bool(household.members))
    for member in household.members if household else ():
        el = etree.SubElement(node, "member")
        etree.SubElement(el, "ssin").text = member.ssin
        etree.SubElement(el, "relationship").text = member.relationship


def _incomes(call: Call, parent, ssin, at) -> None:
    amounts = member_incomes(call.world, ssin, at)
    node = _source(parent, "incomes", bool(amounts))
    for source, amount in amounts.items():
        el = etree.SubElement(node, "income")
        etree.SubElement(el, "source").text = source
        etree.SubElement(el, "monthlyAmount").text = f"{amount:.2f}"
    if amounts:
        etree.SubElement(node, "monthlyTotal").text = f"{sum(amounts.values()):.2f}"


def _aid(parent, basis, kind, nis, begin, end, cbe=None, reference=None, category=None, amount=None) -> None:
    el = etree.SubElement(parent, "aid")
    etree.SubElement(el, "basis").text = basis
    etree.SubElement(el, "kind").text = kind
    etree.SubElement(el, "cpasNisCode").text = f"{nis:05d}"
    if cbe:
        etree.SubElement(el, "cpasCbeNumber").text = cbe
    if reference:
        etree.SubElement(el, "reference").text = reference
    if category is not None:
        etree.SubElement(el, "category").text = str(category)
    if amount is not None:
        etree.SubElement(el, "monthlyAmount").text = f"{amount:.2f}"
    etree.SubElement(el, "beginDate").text = begin.isoformat()
    if end is not None:
        etree.SubElement(el, "endDate").text = end.isoformat()


def _cpas_aid(call: Call, parent, ssin, at) -> None:
    granted = [a for a in attestation_store.attestations(call.world, ssin, begin=at, end=at)
               if a.status == attestation_store.ACCEPTED and a.decision_date <= call.today]
    situation = call.world.cpas_situation(ssin, at)
    node = _source(parent, "cpasAid", bool(granted) or situation is not None)
    for a in granted:
        _aid(node, "ATTESTATION", a.kind, a.cpas_nis, a.begin, a.end, a.cpas_cbe, a.reference, a.category,
             a.monthly_amount)
    if situation is not None:
        _aid(node, "CPAS_SITUATION", situation.kind, situation.cpas_nis, situation.begin, situation.end,
             category=situation.category, amount=situation.monthly_amount)


def _alerts(call: Call, parent, ssin) -> None:
    found = open_alerts(call.world, call.organisation, ssin, call.today)
    node = _source(parent, "alerts", bool(found))
    for alert in found:
        el = etree.SubElement(node, "alert")
        etree.SubElement(el, "alertId").text = alert.alert_id
        etree.SubElement(el, "source").text = alert.income.source
        etree.SubElement(el, "beginDate").text = alert.begin.isoformat()
        if alert.end is not None:
            etree.SubElement(el, "endDate").text = alert.end.isoformat()


def consult_social_inquiry(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    at = reference_date(call, criteria)
    reply = consultation_reply(call, ENDPOINT, "consultSocialInquiryResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        person = resolve_subject(call, ssin, needs_integration=True, at=at)
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    inquiry = etree.SubElement(reply, "socialInquiry")
    etree.SubElement(inquiry, "referenceDate").text = at.isoformat()
    _address(call, inquiry, person, at)
    _household(call, inquiry, ssin, at)
    _incomes(call, inquiry, ssin, at)
    _cpas_aid(call, inquiry, ssin, at)
    _alerts(call, inquiry, ssin)
    return reply


ENDPOINT = SoaEndpoint(
    service="PCSASocialInquiryService",
    path="/SOA4520/PCSASocialInquiryService/v1/consultSocialInquiry",
    namespace=ns.SOCIAL_INQUIRY_INTF,
    prefix="v1",
    wsdl="social-inquiry/PCSASocialInquiryServiceV1.wsdl",
    operations=(SoaOperation("consultSocialInquiry", "consultSocialInquiryRequest", "consultSocialInquiryResponse",
                             consult_social_inquiry, fault="consultSocialInquiryFault"),),
    version="v1",
    contract="simulator",
    legal_contexts=(SOCIAL_INQUIRY,),
    needs_integration=True,
)
