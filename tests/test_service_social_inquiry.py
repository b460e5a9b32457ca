"""PCSASocialInquiryService v1 (simulator contract): the sources of a social inquiry and what they say."""

from __future__ import annotations

import datetime as dt

import requests
import zeep
from zeep.transports import Transport

from simulator.services.spp_is.household_income import member_incomes
from simulator.soap import ns
from tests import wire as w
from tests.people import find_person, integrate, replaced_pair

SCHEMA = "social-inquiry/PCSASocialInquiryServiceV1.wsdl"


def ask(wire, ssin, **kw):
    return w.ask_soa(wire, w.SOCIAL_INQUIRY_PATH, w.social_inquiry(ssin, **kw), SCHEMA,
                     f"{{{ns.SOCIAL_INQUIRY_INTF}}}consultSocialInquiryResponse")


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def source_status(reply, tag):
    return reply.findtext(f"socialInquiry/{tag}/sourceStatus")


def test_every_source_says_what_the_world_says(wire):
    world, day = wire.world, today(wire)
    person = find_person(world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and p.address.nis == w.GENT["nis"] and world.employments(p.ssin, day)
                         and world.household(p.ssin, day) is not None)
    integrate(wire, person)
    reply = ask(wire, person.ssin)
    assert w.status_of(reply) == ("DATA_FOUND", "MSG00000")
    inquiry = reply.find("socialInquiry")
    assert inquiry.findtext("referenceDate") == day.isoformat()
    assert inquiry.findtext("registeredAddress/nisCode") == "44021"
    assert inquiry.findtext("registeredAddress/competentCpas/cbeNumber") == w.GENT["cbe"]
    household = world.household(person.ssin, day)
    assert [(m.findtext("ssin"), m.findtext("relationship")) for m in inquiry.findall("household/member")] == [
        (m.ssin, m.relationship) for m in household.members]
    incomes = member_incomes(world, person.ssin, day)
    assert {i.findtext("source"): float(i.findtext("monthlyAmount")) for i in inquiry.findall("incomes/income")} == incomes
    assert source_status(reply, "incomes") == "DATA_FOUND"
    assert source_status(reply, "cpasAid") == ("DATA_FOUND" if world.cpas_situation(person.ssin, day) else "NO_DATA_FOUND")


def test_an_attestation_and_its_alert_show_for_the_cpas_that_granted_it(wire):
    world, day = wire.world, today(wire)
    person = find_person(world, lambda p: p.kind == "RN" and not p.death_date and p.birth_date < "1990-01-01"
                         and world.employments(p.ssin, day) and world.cpas_situation(p.ssin, day) is None)
    integrate(wire, person)
    assert source_status(ask(wire, person.ssin), "alerts") == "NO_DATA_FOUND"
    amount = f"{world.ris_amount(2, day):.2f}"
    w.ask_ssdn(wire, w.register_attest(person.ssin, day.isoformat(), amount=amount),
               ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/ManageAttests/ManageAttestsReply.xsd"))
    reply = ask(wire, person.ssin)
    aid = reply.find("socialInquiry/cpasAid/aid")
    assert (aid.findtext("basis"), aid.findtext("kind"), aid.findtext("cpasCbeNumber")) == (
        "ATTESTATION", "RIS", w.LIEGE["cbe"])
    assert source_status(reply, "alerts") == "DATA_FOUND"
    assert reply.findtext("socialInquiry/alerts/alert/source") == "DIMONA"
    # the day before the attestation's start: no aid at that reference date
    before = ask(wire, person.ssin, reference_date=(day - dt.timedelta(days=1)).isoformat())
    assert source_status(before, "cpasAid") == "NO_DATA_FOUND"
    # Gent, integrated too, sees the aid but not Liège's alerts
    integrate(wire, person, org=w.GENT)
    gent = ask(wire, person.ssin, cbe=w.GENT["cbe"])
    assert source_status(gent, "cpasAid") == "DATA_FOUND" and source_status(gent, "alerts") == "NO_DATA_FOUND"


def test_a_bis_person_has_no_registered_address(wire):
    person = find_person(wire.world, lambda p: p.kind == "BIS" and not p.death_date
                         and (p.address is None or p.address.country != 150))
    integrate(wire, person)
    reply = ask(wire, person.ssin)
    assert w.status_of(reply) == ("DATA_FOUND", "MSG00000")
    assert source_status(reply, "registeredAddress") == "NO_DATA_FOUND"
    assert reply.find("socialInquiry/registeredAddress/nisCode") is None


def test_consultation_rules(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)
    assert w.status_of(ask(wire, person.ssin)) == ("NO_RESULT", "MSG00012")
    integrate(wire, person)
    assert w.status_of(ask(wire, person.ssin, legal_context="SOCIAL_INVESTIGATION_OF_PCSA")) == ("NO_RESULT", "MSG00013")
    old, new = replaced_pair(wire.world)
    replaced = ask(wire, old)
    assert w.status_of(replaced) == ("NO_RESULT", "MSG00006")
    assert replaced.findtext("status/information[2]/fieldValue") == new


# zeep, over HTTP, from the WSDL the server serves --------------------------------------------

def test_zeep_round_trip(server, served_world):
    at = served_world.reference_date
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and not served_world.integrations(p.ssin))
    body = w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person))
    reply = w.ssdn_reply(requests.post(f"{server}{w.SSDN_PATH}", data=body, headers={"Content-Type": "text/xml"}).content)
    assert w.service_summary(reply)[0] == "YES"
    client = zeep.Client(f"{server}{w.SOCIAL_INQUIRY_PATH}?wsdl", transport=Transport(session=requests.Session()))
    result = client.service.consultSocialInquiry(
        informationCustomer={"ticket": "zeep-si", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}},
        legalContext="PCSA:SOCIAL_INQUIRY", criteria={"ssin": person.ssin, "referenceDate": at})
    assert (result.status.value, result.status.code) == ("DATA_FOUND", "MSG00000")
    assert result.socialInquiry.registeredAddress.nisCode == f"{served_world.person(person.ssin, at).address.nis:05d}"
    assert result.socialInquiry.alerts.sourceStatus in ("DATA_FOUND", "NO_DATA_FOUND")
