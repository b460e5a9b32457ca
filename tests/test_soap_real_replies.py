"""What the simulator sends validates against the REAL BCSS schemas (where public), not only ours.

The real files are read from ../shared/reference/real-contracts when present (never copied into the
project); without them these tests skip.
"""

from __future__ import annotations

import datetime as dt

import pytest
from lxml import etree

from tests import wire as w
from tests.people import find_person, integrate, replaced_pair
from tests.test_service_perform_investigation import (
    add_waiting_register_person,
    household_head,
)
from tests.test_soap_contracts import (
    REAL,
    assert_valid,
    our_schema_for,
    real_schema_for,
)

pytestmark = pytest.mark.skipif(REAL is None, reason="reference copies of the real BCSS contracts are absent")


def check(document: etree._Element, what: str) -> None:
    assert_valid(our_schema_for(document), document, f"{what} (our contract)")
    real = real_schema_for(document)
    assert real is not None
    assert_valid(real, document, f"{what} (real BCSS contract)")


def ssdn(wire, body):
    return w.ssdn_reply(wire.post(w.SSDN_PATH, body).data)


def soa(wire, path, body):
    return w.body_of(wire.post(path, body).data)


def test_identify_person_replies(wire):
    world = wire.world
    person = find_person(world, lambda p: p.kind == "RN" and p.address is not None and not p.death_date)
    abroad = find_person(world, lambda p: p.address is not None and p.address.kind == "ABROAD"
                         and world.replacement(p.ssin) is None)
    verification = (f"<ns3:VerificationData><ns3:PersonData><ns3:LastName>{person.last_name}</ns3:LastName>"
                    f"<ns3:BirthDate>{person.birth_date}</ns3:BirthDate></ns3:PersonData></ns3:VerificationData>")
    wrong = ("<ns3:VerificationData><ns3:PersonData><ns3:LastName>X</ns3:LastName>"
             "<ns3:BirthDate>1900-01-01</ns3:BirthDate></ns3:PersonData></ns3:VerificationData>")
    old, _new = replaced_pair(world)
    cases = {
        "by SSIN": w.identify_by_ssin(person.ssin),
        "validated": w.identify_by_ssin(person.ssin, verification=verification),
        "mismatch": w.identify_by_ssin(person.ssin, verification=wrong),
        "abroad": w.identify_by_ssin(abroad.ssin, verification=(
            f"<ns3:VerificationData><ns3:PersonData><ns3:LastName>{abroad.last_name}</ns3:LastName>"
            f"<ns3:BirthDate>{abroad.birth_date}</ns3:BirthDate></ns3:PersonData></ns3:VerificationData>")),
        "replaced": w.identify_by_ssin(old),
        "phonetic": w.identify_phonetic(person.last_name, person.birth_date[:4] + "-00-00", tolerance=3, maximum=80),
        "tolerance missing": w.identify_phonetic("Dupont", "1985-00-00"),
        "bad ssin": w.identify_by_ssin("85031400128"),
        "unknown user": w.identify_by_ssin(person.ssin, org={"cbe": "0878065378", "user": "1" * 11,
                                                              "email": "a@b.example", "nis": 1}),
    }
    for what, body in cases.items():
        check(ssdn(wire, body), f"IdentifyPerson {what}")


def test_manage_access_replies(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    today = wire.sandbox.now().date()
    proof = w.person_data_proof(person)
    start = str(today - dt.timedelta(days=10))
    cases = {
        "register": w.manage_access(person.ssin, "REGISTER", start=start, proof=proof),
        "register other CPAS": w.manage_access(person.ssin, "REGISTER", purpose=4, start=start, proof=proof, org=w.GENT),
        "list all": w.manage_access(person.ssin, "LIST", purpose=None, query_register="ALL"),
        "list primary": w.manage_access(person.ssin, "LIST", purpose=None, query_register="PRIMARY"),
        "unregister": w.manage_access(person.ssin, "UNREGISTER", start=start, end=str(today), proof=proof),
        "refused": w.manage_access(person.ssin, "REGISTER", proof="<ma:IdentityCardNumber>000000000000</ma:IdentityCardNumber>"),
    }
    for what, body in cases.items():
        check(ssdn(wire, body), f"ManageAccess {what}")


def test_perform_investigation_replies(wire):
    world = wire.world
    today = wire.sandbox.now().date()
    head = household_head(wire)
    people = {
        "household head": head,
        "household member": world.person(next(m.ssin for m in world.household(head.ssin, today).members
                                               if m.ssin != head.ssin), at=today),
        "married": find_person(world, lambda p: p.kind == "RN" and p.civil_status == 20 and not p.death_date),
        "born abroad": find_person(world, lambda p: p.kind == "RN" and p.birth_place_nis is None),
        "deceased": find_person(world, lambda p: p.kind == "RN" and p.death_date is not None),
        "moved": find_person(world, lambda p: p.kind == "RN" and len(world.addresses(p.ssin)) >= 3),
        "BIS abroad": find_person(world, lambda p: p.kind == "BIS" and p.address is not None
                                  and p.address.kind == "ABROAD" and world.replacement(p.ssin) is None),
        "BIS contact address": find_person(world, lambda p: p.kind == "BIS" and p.address is not None
                                           and p.address.kind == "CONTACT" and world.replacement(p.ssin) is None),
        "waiting register": add_waiting_register_person(wire)[0],
    }
    selections = {"all groups": None, "citizen only": {"CitizenGroup": "1"},
                  "family and history": {"FamilyCompositionGroup": "true", "AddressHistoryGroup": "true"},
                  "nothing": {"FamilyCompositionGroup": "0", "CitizenGroup": "0", "AddressHistoryGroup": "0",
                              "WaitRegisterGroup": "0"}}
    for what, person in people.items():
        integrate(wire, person)
        for selection, groups in selections.items():
            request = w.perform_investigation(person.ssin, groups)
            ssdn_request = etree.fromstring(etree.fromstring(request)[1][0].text.encode())
            check(ssdn_request, f"PerformInvestigation request {selection}")
            reply = ssdn(wire, request)
            assert w.service_summary(reply)[0] == "YES", (what, selection)
            check(reply, f"PerformInvestigation {what} {selection}")
    not_integrated = find_person(world, lambda p: p.kind == "RN" and not world.integrations(p.ssin))
    old, _new = replaced_pair(world)
    for what, ssin in {"not integrated": not_integrated.ssin, "replaced": old, "bad ssin": "85031400128"}.items():
        reply = ssdn(wire, w.perform_investigation(ssin))
        assert w.service_summary(reply)[0] == "NO", what
        check(reply, f"PerformInvestigation {what}")


def test_retrieve_ti_groups_replies(wire):
    world = wire.world
    today = wire.sandbox.now().date()

    def heads(p):
        household = world.household(p.ssin, today)
        return household is not None and household.reference_ssin == p.ssin and len(household.members) >= 3

    people = {
        "household head": find_person(world, lambda p: p.kind == "RN" and not p.death_date and heads(p)),
        "married": find_person(world, lambda p: p.kind == "RN" and p.civil_status == 20 and not p.death_date),
        "born abroad": find_person(world, lambda p: p.kind == "RN" and p.birth_place_nis is None),
        "deceased": find_person(world, lambda p: p.kind == "RN" and p.death_date is not None),
        "moved": find_person(world, lambda p: p.kind == "RN" and len(world.addresses(p.ssin)) >= 3),
        "legal cohabitant": find_person(world, lambda p: p.kind == "RN" and not p.death_date
                                        and bool(world.cohabitations(p.ssin))),
        "child with both parents": find_person(world, lambda p: p.kind == "RN" and not p.death_date
                                               and len(world.parents(p.ssin)) == 2),
    }
    head = people["household head"]
    member = world.person(next(m.ssin for m in world.household(head.ssin, today).members if m.ssin != head.ssin))
    people["household member"] = member
    for what, person in people.items():
        integrate(wire, person)
        for lang in ("fr", "nl", "de"):
            for history in (False, True):
                body = soa(wire, w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin, language=lang, history=history))
                assert w.status_of(body) == ("DATA_FOUND", "MSG00000"), what
                check(body, f"RetrieveTIGroups {what} {lang} history={history}")
    not_integrated = find_person(world, lambda p: p.kind == "RN" and not world.integrations(p.ssin))
    check(soa(wire, w.RETRIEVE_TI_PATH, w.retrieve_ti(not_integrated.ssin)), "RetrieveTIGroups MSG00012")
    check(soa(wire, w.RETRIEVE_TI_PATH, w.retrieve_ti("85031400128")), "RetrieveTIGroups MSG00008")


def test_retrieve_ti_groups_fault_details(wire):
    unknown_customer = soa(wire, w.RETRIEVE_TI_PATH, w.retrieve_ti("85031400127", cbe="0878065378"))
    check(unknown_customer.find("detail")[0], "retrieveTIGroupsFault (unknown customer)")
    invalid = w.retrieve_ti("85031400127").replace(b"<language>fr</language>", b"<language>xx</language>")
    check(soa(wire, w.RETRIEVE_TI_PATH, invalid).find("detail")[0], "retrieveTIGroupsFault (schema-invalid request)")


def test_test_connection_reply(wire):
    check(soa(wire, w.TEST_CONNECTION_PATH, w.test_message("hello")), "sendTestMessageResponse")


def test_law65_requests_and_replies(wire):
    """Every Law-65 request our builders send and every reply validate against ours and the real schemas."""
    from tests.test_service_law65 import foreigner, integrate

    world = wire.world
    today = wire.sandbox.now().date()
    person = foreigner(wire)
    integrate(wire, person, purpose=3)
    entry, month = (today - dt.timedelta(days=40)).isoformat(), (today - dt.timedelta(days=10)).isoformat()[:7]
    secondary = (f"<l65:IdentificationSecondaryBeneficiary><l65:SSIN>{person.ssin}</l65:SSIN><l65:Suffix>1"
                 "</l65:Suffix></l65:IdentificationSecondaryBeneficiary>")
    recovery = (f"<l65:RecoveringFormF><l65:ReferenceDate>{entry}</l65:ReferenceDate><l65:UniqueAttestID>"
                f"F00000000000001</l65:UniqueAttestID><l65:SSIN>{person.ssin}</l65:SSIN><l65:Suffix>0</l65:Suffix>"
                "<l65:RecoveringDetails><l65:OriginalForm>D</l65:OriginalForm><l65:Type>01</l65:Type>"
                f"<l65:RecoveredAmount>1500</l65:RecoveredAmount><l65:PeriodOfRecovering><common:StartDate>{entry}"
                "</common:StartDate></l65:PeriodOfRecovering></l65:RecoveringDetails></l65:RecoveringFormF>")
    other = find_person(world, lambda p: p.kind == "RN" and p.register == 1)
    cases = {
        "A B1 B2 accepted": w.loi65_ab(w.l65_form_a(person.ssin, entry) + w.l65_form_b1(
            person.ssin, entry, entry, secondary=secondary) + w.l65_form_b2(person.ssin, entry, entry)),
        "refused": w.loi65_ab(w.l65_form_a(other.ssin, entry) + w.l65_form_b1(other.ssin, entry, entry)),
        "D1 D2 F": w.loi65_df(w.l65_form_d1(person.ssin, month, 99999999) + w.l65_form_d2(person.ssin, entry, 5000)
                              + recovery),
        "D1 refused": w.loi65_df(w.l65_form_d1(person.ssin, month, 100, total=1)),
        "C withdrawal": w.loi65_c(person.ssin, today.isoformat(), today.isoformat()),
        "C refused": w.loi65_c(other.ssin, today.isoformat(), today.isoformat(), nature="9"),
        "other file owner": w.loi65_c(person.ssin, entry, entry, kbo=w.GENT["cbe"]),
    }
    for what, request in cases.items():
        check(etree.fromstring(etree.fromstring(request)[1][0].text.encode()), f"Loi65 request {what}")
        check(ssdn(wire, request), f"Loi65 reply {what}")
