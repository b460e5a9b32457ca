"""ElectronicSocialReportService v1 (simulator contract): what one CPAS sends, the competent CPAS reads."""

from __future__ import annotations

import datetime as dt

import requests
import zeep
from werkzeug.test import Client
from zeep.transports import Transport

from simulator.soap import ns
from simulator.world.store import events
from simulator.world.store import social_reports as store
from tests import wire as w
from tests.people import find_person, integrate

SCHEMA = "electronic-social-report/ElectronicSocialReportServiceV1.wsdl"
BASE = "/SOA4520/ElectronicSocialReportService/v1/"
ANTWERPEN = {"cbe": "0216940104", "user": "00000000485", "email": "ksz@ocmw-antwerpen.example", "nis": 11002}
PIIS = ("<piis><signedDate>{signed}</signedDate><kind>EMPLOYMENT</kind><objective>Find a training</objective>"
        "<objective>Register at the regional employment service</objective>"
        "<evaluationDate>{evaluation}</evaluationDate></piis>")


def ask(wire, operation, body):
    return w.ask_soa(wire, BASE + operation, body, SCHEMA, f"{{{ns.SOCIAL_REPORT_INTF}}}{operation}Response")


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def resident(wire, nis):
    """An adult living in municipality ``nis`` today."""
    return find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                       and p.address.nis == nis and p.birth_date < "2000-01-01")


def sent_by_liege_about_a_gent_resident(wire):
    person = resident(wire, w.GENT["nis"])
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    day = today(wire).isoformat()
    piis = PIIS.format(signed=day, evaluation=(today(wire) + dt.timedelta(days=90)).isoformat())
    reply = ask(wire, "sendSocialReport", w.send_social_report(
        person.ssin, day, summary="Lives alone, no income since the end of the job.", piis=piis,
        situation="<housingSituation>Rents a studio</housingSituation><requestedAid>RIS</requestedAid>"))
    return person, reply


def test_send_stores_the_report_and_names_the_competent_cpas(wire):
    person, reply = sent_by_liege_about_a_gent_resident(wire)
    assert w.status_of(reply) == ("DATA_FOUND", "MSG00000")
    report = reply.find("socialReport")
    reference = report.findtext("reference")
    assert reference.startswith("ESR62063")
    assert (report.findtext("author/cbeNumber"), report.findtext("competentCpas/cbeNumber")) == (
        w.LIEGE["cbe"], w.GENT["cbe"])
    assert report.findtext("competentCpas/nisCode") == "44021"
    assert [o.text for o in report.findall("piis/objective")] == ["Find a training",
                                                                  "Register at the regional employment service"]
    saved = store.by_reference(wire.world, reference)
    assert (saved.ssin, saved.author_cbe, saved.housing_situation, saved.piis.kind) == (
        person.ssin, w.LIEGE["cbe"], "Rents a studio", "EMPLOYMENT")


def test_the_competent_cpas_lists_and_gets_it_the_sender_lists_what_it_sent(wire):
    person, sent = sent_by_liege_about_a_gent_resident(wire)
    reference = sent.findtext("socialReport/reference")
    received = ask(wire, "listSocialReports", w.list_social_reports("RECEIVED", person.ssin, cbe=w.GENT["cbe"]))
    assert w.status_of(received) == ("DATA_FOUND", "MSG00000")
    assert [(s.findtext("reference"), s.findtext("author/cbeNumber"), s.findtext("piis"))
            for s in received.findall("socialReportSummary")] == [(reference, w.LIEGE["cbe"], "true")]
    got = ask(wire, "getSocialReport", w.get_social_report(reference, cbe=w.GENT["cbe"]))
    assert w.status_of(got) == ("DATA_FOUND", "MSG00000")
    assert got.findtext("socialReport/situation/summary") == "Lives alone, no income since the end of the job."
    assert got.findtext("socialReport/situation/requestedAid") == "RIS"
    mine = ask(wire, "listSocialReports", w.list_social_reports("SENT"))
    assert reference in [s.findtext("reference") for s in mine.findall("socialReportSummary")]
    # the author may read its own report back although it is not competent
    assert w.status_of(ask(wire, "getSocialReport", w.get_social_report(reference))) == ("DATA_FOUND", "MSG00000")
    assert w.status_of(ask(wire, "listSocialReports", w.list_social_reports("SENT", cbe=w.GENT["cbe"]))) == (
        "NO_DATA_FOUND", "ESRP0001")


def test_a_cpas_that_is_not_competent_is_refused(wire):
    person, sent = sent_by_liege_about_a_gent_resident(wire)
    reference = sent.findtext("socialReport/reference")
    refused = ask(wire, "listSocialReports", w.list_social_reports("RECEIVED", person.ssin))
    assert w.status_of(refused) == ("NO_RESULT", "ESRP0003")
    assert ("competentCpas", "44021") in [(i.findtext("fieldName"), i.findtext("fieldValue"))
                                          for i in refused.findall("status/information")]
    assert w.status_of(ask(wire, "getSocialReport", w.get_social_report(reference, cbe=ANTWERPEN["cbe"]))) == (
        "NO_RESULT", "ESRP0003")
    assert w.status_of(ask(wire, "getSocialReport", w.get_social_report("ESR6206399999999"))) == (
        "NO_DATA_FOUND", "ESRP0002")


def test_competence_follows_a_move_from_its_date_on(wire, simulator):
    person, sent = sent_by_liege_about_a_gent_resident(wire)
    reference = sent.findtext("socialReport/reference")
    moving_day = (today(wire) + dt.timedelta(days=2)).isoformat()
    wire.world._write(lambda: events.move_person(wire.world, moving_day, person.ssin, {"nis": w.LIEGE["nis"]}))
    assert w.status_of(ask(wire, "getSocialReport", w.get_social_report(reference, cbe=w.GENT["cbe"])))[1] == "MSG00000"
    Client(simulator).post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P3D"})
    assert w.status_of(ask(wire, "getSocialReport", w.get_social_report(reference, cbe=w.GENT["cbe"])))[1] == "ESRP0003"
    received = ask(wire, "listSocialReports", w.list_social_reports("RECEIVED", person.ssin))
    assert [s.findtext("reference") for s in received.findall("socialReportSummary")] == [reference]


def test_bad_input_stores_nothing(wire):
    person = resident(wire, w.GENT["nis"])
    day = today(wire)
    not_integrated = ask(wire, "sendSocialReport", w.send_social_report(person.ssin, day.isoformat()))
    assert w.status_of(not_integrated) == ("NO_RESULT", "MSG00012")
    integrate(wire, person)
    future = ask(wire, "sendSocialReport", w.send_social_report(person.ssin, (day + dt.timedelta(days=1)).isoformat()))
    assert w.status_of(future) == ("NO_RESULT", "ESRP0004")
    late_piis = PIIS.format(signed=day.isoformat(), evaluation=(day - dt.timedelta(days=1)).isoformat())
    bad_evaluation = ask(wire, "sendSocialReport", w.send_social_report(person.ssin, day.isoformat(), piis=late_piis))
    assert w.status_of(bad_evaluation) == ("NO_RESULT", "ESRP0004")
    assert ("piis/evaluationDate", (day - dt.timedelta(days=1)).isoformat()) in [
        (i.findtext("fieldName"), i.findtext("fieldValue")) for i in bad_evaluation.findall("status/information")]
    wrong_context = ask(wire, "sendSocialReport", w.send_social_report(person.ssin, day.isoformat(),
                                                                       legal_context="SOCIAL_INVESTIGATION_OF_PCSA"))
    assert w.status_of(wrong_context) == ("NO_RESULT", "MSG00013")
    assert w.status_of(ask(wire, "listSocialReports", w.list_social_reports("RECEIVED"))) == ("NO_RESULT", "MSG00008")
    assert store.about(wire.world, person.ssin) == []


# zeep, over HTTP, from the WSDL the server serves --------------------------------------------

def test_zeep_round_trip(server, served_world):
    at = served_world.reference_date
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and p.address.nis == w.GENT["nis"] and not served_world.integrations(p.ssin))
    for org in (w.LIEGE, w.GENT):
        body = w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person), org=org)
        reply = w.ssdn_reply(requests.post(f"{server}{w.SSDN_PATH}", data=body,
                                           headers={"Content-Type": "text/xml"}).content)
        assert w.service_summary(reply)[0] == "YES"
    client = zeep.Client(f"{server}{BASE}sendSocialReport?wsdl", transport=Transport(session=requests.Session()))

    def customer(cbe):
        return {"ticket": "zeep-esr", "customerIdentification": {"cbeNumber": cbe}}

    sent = client.service.sendSocialReport(
        informationCustomer=customer(w.LIEGE["cbe"]), legalContext="PCSA:SOCIAL_INQUIRY",
        socialReport={"ssin": person.ssin, "reportDate": at, "situation": {"summary": "Home visit done."},
                      "piis": {"signedDate": at, "kind": "SOCIAL", "objective": ["Open a bank account"]}})
    assert (sent.status.value, sent.status.code) == ("DATA_FOUND", "MSG00000")
    listed = client.service.listSocialReports(informationCustomer=customer(w.GENT["cbe"]),
                                              legalContext="PCSA:SOCIAL_INQUIRY",
                                              criteria={"direction": "RECEIVED", "ssin": person.ssin})
    assert sent.socialReport.reference in [s.reference for s in listed.socialReportSummary]
    got = client.service.getSocialReport(informationCustomer=customer(w.GENT["cbe"]),
                                         legalContext="PCSA:SOCIAL_INQUIRY",
                                         criteria={"reference": sent.socialReport.reference})
    assert got.socialReport.piis.objective == ["Open a bank account"]
