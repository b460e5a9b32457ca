"""RetrieveTIGroups v2 retrieveTI: legal context, integration, status codes, TI groups, languages."""

from __future__ import annotations

import pytest

from simulator.soap import ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person, integrate

RN = f"{{{ns.RN25}}}"
SCHEMA = "retrieve-ti-groups/RetrieveTIGroupsV2.wsdl"


def ask(wire, ssin, **kw):
    return w.ask_soa(wire, w.RETRIEVE_TI_PATH, w.retrieve_ti(ssin, **kw), SCHEMA)


def test_not_integrated_is_msg00012(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("NO_RESULT", "MSG00012")
    assert body.find("rrn_it_implicit") is None


def test_integrated_person_gets_the_register_file(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None)
    integrate(wire, person)
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("status/description") == "Treatment completed successfully."
    # informationCustomer echoed verbatim, legalContext echoed, searchInformation echoed
    assert body.findtext("informationCustomer/ticket") == "T-1"
    assert body.findtext("informationCustomer/timestampSent") == "2026-11-30T10:00:00.000+01:00"
    assert body.findtext("legalContext") == "PCSA:SOCIAL_INQUIRY"
    assert body.findtext("searchInformation/ssin") == person.ssin
    groups = body.find("rrn_it_implicit")
    assert groups.findtext(f"{RN}NationalNumber/{RN}NationalNumber/{RN}NationalNumber") == person.ssin
    assert groups.find(f"{RN}NationalNumber").get("Type") == "000"
    assert groups.findtext(f"{RN}Names/{RN}Name/{RN}Name/{RN}LastName/{RN}Label") == person.last_name
    address = groups.find(f"{RN}LegalMainAddresses/{RN}LegalMainAddress/{RN}Address")
    assert address.findtext(f"{RN}ZipCode") == person.address.postal_code
    assert groups.findtext(f"{RN}Nationalities/{RN}Nationality/{RN}Nationality/{RN}Code") == f"{person.nationality:03d}"
    sex = groups.findtext(f"{RN}NationalNumber/{RN}NationalNumber/{RN}Sex")
    assert sex == str(person.gender) == {"M": "1", "F": "2"}[numbers.parse(person.ssin).sex]


def test_labels_follow_the_language(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and p.civil_status == 20 and not p.death_date)
    integrate(wire, person)
    labels = {}
    for lang in ("fr", "nl", "de"):
        body = ask(wire, person.ssin, language=lang)
        labels[lang] = body.findtext(f"rrn_it_implicit/{RN}CivilStates/{RN}CivilState/{RN}CivilState/{RN}Label")
    assert len(set(labels.values())) == 3, labels


def test_history_returns_past_addresses(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and len([a for a in wire.world.addresses(p.ssin) if a.kind == "LEGAL"]) >= 2)
    integrate(wire, person)
    now = ask(wire, person.ssin, history=False)
    past = ask(wire, person.ssin, history=True)
    count = lambda body: len(body.findall(f"rrn_it_implicit/{RN}LegalMainAddresses/{RN}LegalMainAddress"))
    assert count(now) == 1
    assert count(past) == len([a for a in wire.world.addresses(person.ssin) if a.kind == "LEGAL"]) >= 2


def test_household_head_lists_members_and_member_points_to_head(wire):
    head = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date and _heads_household(wire, p))
    household = wire.world.household(head.ssin, wire.sandbox.now().date())
    member = next(m for m in household.members if m.ssin != head.ssin)
    integrate(wire, head)
    integrate(wire, wire.world.person(member.ssin))
    body = ask(wire, head.ssin)
    listed = {e.findtext(f"{RN}NationalNumber/{RN}NationalNumber")
              for e in body.findall(f"rrn_it_implicit/{RN}FamilyMembers/{RN}FamilyMember")}
    assert member.ssin in listed
    body = ask(wire, member.ssin)
    item = body.find(f"rrn_it_implicit/{RN}HeadOfFamily/{RN}HeadOfFamily")
    assert item.findtext(f"{RN}NationalNumber/{RN}NationalNumber") == head.ssin
    assert item.findtext(f"{RN}FamilyRole/{RN}Code") == member.relationship


def _heads_household(wire, person):
    household = wire.world.household(person.ssin, wire.sandbox.now().date())
    return household is not None and household.reference_ssin == person.ssin and len(household.members) >= 2


@pytest.mark.parametrize("legal_context", [None, "", "SOCIAL_INVESTIGATION_OF_PCSA"])
def test_wrong_or_missing_legal_context_is_msg00013(wire, legal_context):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    integrate(wire, person)
    body = wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin, legal_context=legal_context)).data
    reply = w.body_of(body)
    if legal_context is None:  # legalContext is required by the contract: a schema fault
        assert reply.findtext("faultcode") == "soapenv:Client"
    else:
        assert w.status_of(reply) == ("NO_RESULT", "MSG00013")


def test_bad_checksum_is_msg00008_with_the_field(wire):
    good = find_person(wire.world, lambda p: p.kind == "RN").ssin
    bad = good[:9] + f"{(int(good[9:]) % 97) + 1:02d}"
    assert not numbers.is_valid(bad)
    body = ask(wire, bad)
    assert w.status_of(body) == ("NO_RESULT", "MSG00008")
    assert body.findtext("status/information/fieldName") == "ssin"
    assert body.findtext("status/information/fieldValue") == bad


def test_unknown_person_is_msg00005(wire):
    unknown = next(numbers.make(1931, 1, 1, s) for s in range(1, 999, 2)
                   if wire.world.person(numbers.make(1931, 1, 1, s)) is None)
    assert w.status_of(ask(wire, unknown)) == ("NO_DATA_FOUND", "MSG00005")


def test_replaced_ssin_is_msg00006_with_the_new_number(wire):
    old, new = find_replaced(wire.world)
    body = ask(wire, old)
    assert w.status_of(body) == ("NO_RESULT", "MSG00006")
    info = {i.findtext("fieldName"): i.findtext("fieldValue") for i in body.findall("status/information")}
    assert info["replacedBy"] == new


def find_replaced(world):
    from tests.people import replaced_pair

    return replaced_pair(world)


def test_bis_person_has_no_register_file(wire):
    person = find_person(wire.world, lambda p: p.kind == "BIS" and wire.world.replacement(p.ssin) is None)
    integrate(wire, person)
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("NO_DATA_FOUND", "RTIPC001")


def test_unknown_customer_is_a_fault(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    response = wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin, cbe="0878065378"))
    reply = w.body_of(response.data)
    assert response.status_code == 500
    assert reply.findtext("faultcode") == "soapenv:Client"
    assert reply.find("detail")[0].findtext("detail/reasonCode") == "MSG00013"


def test_integration_belongs_to_the_organisation_that_registered_it(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)
    integrate(wire, person, org=w.GENT)
    assert w.status_of(ask(wire, person.ssin)) == ("NO_RESULT", "MSG00012")  # Liège asks
    assert w.status_of(ask(wire, person.ssin, cbe=w.GENT["cbe"])) == ("DATA_FOUND", "MSG00000")


def test_legal_cohabitation_is_group_123(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date and any(
        c.end is None for c in wire.world.cohabitations(p.ssin)))
    partner = next(c.partner_ssin for c in wire.world.cohabitations(person.ssin) if c.end is None)
    integrate(wire, person)
    item = ask(wire, person.ssin).find(f"rrn_it_implicit/{RN}LegalCohabitations/{RN}LegalCohabitation")
    assert item.get("Type") == "123"
    assert item.findtext(f"{RN}Declaration/{RN}Partner/{RN}NationalNumber/{RN}NationalNumber") == partner


def test_filiation_names_the_parents_father_first(wire):
    world = wire.world
    child = find_person(world, lambda p: p.kind == "RN" and not p.death_date and len(world.parents(p.ssin)) == 2)
    integrate(wire, child)
    item = ask(wire, child.ssin).find(f"rrn_it_implicit/{RN}Filiations/{RN}Filiation")
    assert item.get("Type") == "110"
    parents = [item.findtext(f"{RN}Parent{i}/{RN}NationalNumber/{RN}NationalNumber") for i in (1, 2)]
    assert set(parents) == {link.parent_ssin for link in world.parents(child.ssin)}
    assert world.person(parents[0]).gender == 1 or world.person(parents[1]).gender != 1
