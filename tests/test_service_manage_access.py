"""OCMWCPASManageAccess over sendXML: REGISTER / UNREGISTER / LIST over the reference directory."""

from __future__ import annotations

import datetime as dt

from simulator.soap import ns
from tests import wire as w
from tests.people import find_person, replaced_pair

Q = f"{{{ns.SSDN_MANAGE_ACCESS}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/ManageAccess/ManageAccessReply.xsd")


def ask(wire, body):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA)


def registrations(reply):
    return [(r.findtext(f"{Q}Purpose"), r.findtext(f"{Q}OrgUnit"), r.findtext(f"{Q}Register"))
            for r in reply.findall(f"{w.S}ServiceReply/{Q}ManageAccessReply/{Q}Registrations")]


def test_register_writes_an_integration_and_replies_with_it(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    start = str(wire.sandbox.now().date())
    reply = ask(wire, w.manage_access(person.ssin, "REGISTER", purpose=2, start=start, proof=w.person_data_proof(person)))
    assert w.service_summary(reply) == ("YES", [])
    original = reply.find(f"{w.S}ServiceReply/{Q}ManageAccessReply/{Q}OriginalRequest")
    assert original.findtext(f"{Q}SSIN") == person.ssin and original.findtext(f"{Q}Action") == "REGISTER"
    assert original.findtext(f"{Q}Period/{w.C}StartDate") == start
    assert registrations(reply) == [("2", str(w.LIEGE["nis"]), "SECONDARY")]
    (integration,) = wire.world.integrations(person.ssin)
    assert integration.org_cbe == w.LIEGE["cbe"] and integration.purpose == 2
    assert wire.world.is_integrated(person.ssin, w.LIEGE["cbe"], wire.sandbox.now().date())


def test_register_with_identity_card_proof(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and wire.world.identity_cards(p.ssin))
    card = wire.world.identity_cards(person.ssin)[0].number
    proof = f"<ma:IdentityCardNumber>{card}</ma:IdentityCardNumber>"
    assert w.service_summary(ask(wire, w.manage_access(person.ssin, "REGISTER", proof=proof)))[0] == "YES"
    wrong = f"<ma:IdentityCardNumber>{'0' * 12}</ma:IdentityCardNumber>"
    assert w.service_summary(ask(wire, w.manage_access(person.ssin, "REGISTER", proof=wrong))) == ("NO", ["31008002"])


def test_register_refused_without_or_with_wrong_proof(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    assert w.service_summary(ask(wire, w.manage_access(person.ssin, "REGISTER"))) == ("NO", ["31000007"])
    proof = ("<ma:PersonData><ma:LastName>Someone Else</ma:LastName>"
             f"<ma:BirthDate>{person.birth_date}</ma:BirthDate></ma:PersonData>")
    assert w.service_summary(ask(wire, w.manage_access(person.ssin, "REGISTER", proof=proof))) == ("NO", ["31008002"])
    assert wire.world.integrations(person.ssin) == []  # nothing half-written


def test_purpose_rules(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    proof = w.person_data_proof(person)
    assert w.service_summary(ask(wire, w.manage_access(person.ssin, "REGISTER", purpose=None, proof=proof))) == ("NO", ["31000007"])
    assert w.service_summary(ask(wire, w.manage_access(person.ssin, "REGISTER", purpose=99, proof=proof))) == ("NO", ["31008001"])


def test_period_must_not_end_before_it_starts(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    reply = ask(wire, w.manage_access(person.ssin, "REGISTER", start="2026-05-01", end="2026-04-01",
                                      proof=w.person_data_proof(person)))
    assert w.service_summary(reply) == ("NO", ["31008003"])


def test_unregister_closes_the_integration(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    today = wire.sandbox.now().date()
    start = str(today - dt.timedelta(days=30))
    proof = w.person_data_proof(person)
    ask(wire, w.manage_access(person.ssin, "REGISTER", start=start, proof=proof))
    assert wire.world.is_integrated(person.ssin, w.LIEGE["cbe"], today)
    end = str(today - dt.timedelta(days=1))
    reply = ask(wire, w.manage_access(person.ssin, "UNREGISTER", start=start, end=end, proof=proof))
    assert w.service_summary(reply)[0] == "YES"
    assert not wire.world.is_integrated(person.ssin, w.LIEGE["cbe"], today)
    assert wire.world.is_integrated(person.ssin, w.LIEGE["cbe"], today - dt.timedelta(days=2))
    reply = ask(wire, w.manage_access(person.ssin, "UNREGISTER", purpose=3, start=start, proof=proof))
    assert w.service_summary(reply) == ("NO", ["31008004"])


def test_list_shows_every_cpas_with_the_register(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    proof = w.person_data_proof(person)
    ask(wire, w.manage_access(person.ssin, "REGISTER", purpose=2, proof=proof))
    ask(wire, w.manage_access(person.ssin, "REGISTER", purpose=4, proof=proof, org=w.GENT))
    reply = ask(wire, w.manage_access(person.ssin, "LIST", purpose=None, query_register="SECONDARY"))
    assert sorted(registrations(reply)) == [("2", str(w.LIEGE["nis"]), "SECONDARY"), ("4", str(w.GENT["nis"]), "SECONDARY")]
    assert reply.findtext(f"{w.S}ServiceReply/{Q}ManageAccessReply/{Q}OriginalRequest/{Q}Register") == "SECONDARY"
    reply = ask(wire, w.manage_access(person.ssin, "LIST", purpose=None, query_register="ALL"))
    assert ("2", "17", "PRIMARY") in registrations(reply) and len(registrations(reply)) == 4


def test_bad_unknown_and_replaced_ssin(wire):
    assert w.service_summary(ask(wire, w.manage_access("85031400128", "LIST")))[1] == ["31000008"]
    old, new = replaced_pair(wire.world)
    reply = ask(wire, w.manage_access(old, "REGISTER", proof="<ma:IdentityCardNumber>000000000000</ma:IdentityCardNumber>"))
    assert w.service_summary(reply) == ("NO", ["31007003"])
    info = reply.findall(f"{w.S}ServiceReply/{w.C}ResultSummary/{w.C}Detail/{w.C}Information")
    assert new in {i.findtext(f"{w.C}FieldValue") for i in info}
