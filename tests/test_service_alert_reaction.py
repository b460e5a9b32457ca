"""PCSAAlertReactionService v1 (simulator contract): SPP IS alerts computed from the world, and reactions."""

from __future__ import annotations

import datetime as dt

import requests
import zeep
from zeep.transports import Transport

from simulator.services.spp_is import clignotants
from simulator.soap import ns
from simulator.world.store import alerts as store
from simulator.world.store import events
from tests import wire as w
from tests.people import find_person, integrate

SCHEMA = "alert-reaction/PCSAAlertReactionServiceV1.wsdl"
BASE = "/SOA4520/PCSAAlertReactionService/v1/"


def ask(wire, operation, body):
    return w.ask_soa(wire, BASE + operation, body, SCHEMA, f"{{{ns.ALERT_REACTION_INTF}}}{operation}Response")


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def ids(reply):
    return [a.findtext("alertId") for a in reply.findall("alert")]


def employed_adult(wire):
    """An adult with an employment covering today and no RIS anywhere (no alert yet)."""
    world, day = wire.world, today(wire)
    return find_person(world, lambda p: p.kind == "RN" and not p.death_date and p.birth_date < "1990-01-01"
                       and world.employments(p.ssin, day) and not clignotants.ris_periods(world, p.ssin))


def granted_ris(wire, person, org=w.LIEGE):
    integrate(wire, person, org=org)
    amount = f"{wire.world.ris_amount(2, today(wire)):.2f}"
    reply = w.ask_ssdn(wire, w.register_attest(person.ssin, today(wire).isoformat(), amount=amount, org=org),
                       ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/ManageAttests/ManageAttestsReply.xsd"))
    assert w.service_summary(reply)[0] == "YES", w.service_summary(reply)


def test_the_worlds_ris_overlaps_are_alerts_with_stable_ids(wire):
    world, day = wire.world, today(wire)
    files = [r[0] for r in world._all("SELECT DISTINCT ssin FROM cpas_situation WHERE kind = 'RIS'")]
    computed = [a for s in files for a in clignotants.alerts_for(world, s, day)]
    assert computed and {a.ris.basis for a in computed} == {"CPAS_SITUATION"}
    assert [a.alert_id for s in files for a in clignotants.alerts_for(world, s, day)] == [
        a.alert_id for a in computed]  # same world, same ids
    assert all(a.raised_on <= day and (a.end is None or a.begin <= a.end) for a in computed)


def test_a_ris_starting_in_the_world_raises_an_alert_for_the_cpas_of_the_municipality(wire):
    world, day = wire.world, today(wire)
    person = find_person(world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and p.address.nis == w.LIEGE["nis"] and world.employments(p.ssin, day)
                         and not clignotants.ris_periods(world, p.ssin))
    world._write(lambda: events.start_benefit(world, day.isoformat(), person.ssin, "ris"))
    reply = ask(wire, "consultAlerts", w.consult_alerts())
    assert w.status_of(reply) == ("DATA_FOUND", "MSG00000")
    mine = [a for a in reply.findall("alert") if a.findtext("ssin") == person.ssin]
    assert [(a.findtext("source"), a.findtext("aid/basis"), a.findtext("aid/cpasNisCode"), a.findtext("state"))
            for a in mine] == [("DIMONA", "CPAS_SITUATION", "62063", "OPEN")]
    assert ids(ask(wire, "consultAlerts", w.consult_alerts())) == ids(reply)  # same world, same ids
    assert person.ssin not in [a.findtext("ssin") for a in
                               ask(wire, "consultAlerts", w.consult_alerts(cbe=w.GENT["cbe"])).findall("alert")]


def test_an_attestation_registered_later_raises_an_alert(wire):
    person = employed_adult(wire)
    assert w.status_of(ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin))) == ("NO_DATA_FOUND", "ALRT0001")
    granted_ris(wire, person)
    reply = ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin))
    alert = reply.find("alert")
    assert (alert.findtext("source"), alert.findtext("aid/basis"), alert.findtext("overlap/beginDate")) == (
        "DIMONA", "ATTESTATION", today(wire).isoformat())
    assert alert.findtext("aid/reference").startswith("RIS62063")
    # a period before the overlap finds nothing; one that meets it finds it
    before = (today(wire) - dt.timedelta(days=30)).isoformat()
    assert w.status_of(ask(wire, "consultAlerts", w.consult_alerts(
        ssin=person.ssin, begin=before, end=before)))[1] == "ALRT0001"
    assert ids(ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin, begin=before))) == ids(reply)


def test_a_reaction_closes_the_alert_once(wire):
    person = employed_adult(wire)
    granted_ris(wire, person)
    alert_id = ids(ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin)))[0]
    assert w.status_of(ask(wire, "reactToAlert", w.react_to_alert(person.ssin, alert_id, "42"))) == (
        "NO_RESULT", "ALRT0005")
    assert w.status_of(ask(wire, "reactToAlert", w.react_to_alert(person.ssin, alert_id, "99"))) == (
        "NO_RESULT", "ALRT0006")
    assert w.status_of(ask(wire, "reactToAlert", w.react_to_alert(person.ssin, alert_id, "01", cbe=w.GENT["cbe"]))) == (
        "NO_RESULT", "ALRT0003")
    done = ask(wire, "reactToAlert", w.react_to_alert(person.ssin, alert_id, "04", comment="ISP exemption"))
    assert w.status_of(done) == ("DATA_FOUND", "MSG00000")
    assert (done.findtext("alert/state"), done.findtext("alert/reaction/feedbackCode"),
            done.findtext("alert/reaction/reactionDate")) == ("CLOSED", "04", today(wire).isoformat())
    again = ask(wire, "reactToAlert", w.react_to_alert(person.ssin, alert_id, "01"))
    assert w.status_of(again) == ("NO_RESULT", "ALRT0004")
    assert ("feedbackCode", "04") in [(i.findtext("fieldName"), i.findtext("fieldValue"))
                                      for i in again.findall("status/information")]
    assert alert_id not in ids(ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin)))
    closed = ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin, state="CLOSED"))
    assert ids(closed) == [alert_id] and closed.findtext("alert/reaction/comment") == "ISP exemption"
    assert store.reactions(wire.world, [alert_id])[alert_id].cpas_cbe == w.LIEGE["cbe"]


def test_a_replaced_ssin_keeps_its_alerts_and_reactions(wire):
    person = employed_adult(wire)
    granted_ris(wire, person)
    alert_id, *still_open = ids(ask(wire, "consultAlerts", w.consult_alerts(ssin=person.ssin)))
    assert w.status_of(ask(wire, "reactToAlert", w.react_to_alert(person.ssin, alert_id, "01"))) == (
        "DATA_FOUND", "MSG00000")
    for _ in range(2):  # replaced twice: the chain still leads back to the first number
        current = wire.world.replacement(person.ssin).new_ssin if wire.world.replacement(person.ssin) else person.ssin
        new = wire.world._write(lambda: events.replace_ssin(wire.world, today(wire).isoformat(), current))["new_ssin"]
        closed = ask(wire, "consultAlerts", w.consult_alerts(ssin=new, state="CLOSED"))
        assert ids(closed) == [alert_id] and closed.findtext("alert/reaction/feedbackCode") == "01"
        assert ids(ask(wire, "consultAlerts", w.consult_alerts(ssin=new))) == still_open  # the same ids


def test_unknown_alert_and_bad_ssin(wire):
    person = employed_adult(wire)
    assert w.status_of(ask(wire, "reactToAlert", w.react_to_alert(person.ssin, "CLG0000000000000", "01"))) == (
        "NO_DATA_FOUND", "ALRT0002")
    bad = person.ssin[:-2] + f"{(int(person.ssin[-2:]) + 1) % 97:02d}"
    assert w.status_of(ask(wire, "reactToAlert", w.react_to_alert(bad, "CLG0000000000000", "01")))[1] == "MSG00008"


# zeep, over HTTP, from the WSDL the server serves --------------------------------------------

def test_zeep_round_trip(server, served_world):
    day = dt.date.today()  # the default sandbox's clock runs with the wall clock, as ManageAccess's start
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date and p.birth_date < "1990-01-01"
                         and served_world.employments(p.ssin, day) and not served_world.integrations(p.ssin)
                         and not clignotants.ris_periods(served_world, p.ssin))
    amount = f"{served_world.ris_amount(2, day):.2f}"
    for body in (w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person)),
                 w.register_attest(person.ssin, day.isoformat(), amount=amount)):
        reply = w.ssdn_reply(requests.post(f"{server}{w.SSDN_PATH}", data=body,
                                           headers={"Content-Type": "text/xml"}).content)
        assert w.service_summary(reply)[0] == "YES", w.service_summary(reply)
    client = zeep.Client(f"{server}{BASE}consultAlerts?wsdl", transport=Transport(session=requests.Session()))
    customer = {"ticket": "zeep-alr", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}}
    listed = client.service.consultAlerts(informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
                                          criteria={"ssin": person.ssin})
    assert (listed.status.value, listed.status.code) == ("DATA_FOUND", "MSG00000")
    assert [a.alertId for a in listed.alert] == [a.alert_id for a in clignotants.alerts_for(served_world, person.ssin, day)]
    reacted = client.service.reactToAlert(informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
                                          criteria={"ssin": person.ssin, "alertId": listed.alert[0].alertId,
                                                    "feedbackCode": "01"})
    assert (reacted.status.code, reacted.alert.state, reacted.alert.reaction.feedbackCode) == (
        "MSG00000", "CLOSED", "01")
