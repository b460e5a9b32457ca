"""FamilyCompositionService v1 consultFamilyComposition (simulator contract): the household at a date."""

from __future__ import annotations

import datetime as dt

import pytest
import requests
import zeep
from zeep.transports import Transport

from simulator.soap import contracts, ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person, integrate, replaced_pair

SCHEMA = "family-composition/FamilyCompositionServiceV1.wsdl"
GENDER = {0: "UNKNOWN", 1: "MALE", 2: "FEMALE"}


def ask(wire, ssin, **kw):
    return w.ask_soa(wire, w.FAMILY_PATH, w.family_composition(ssin, **kw), SCHEMA,
                     f"{{{ns.FAMILY_COMPOSITION_INTF}}}consultFamilyCompositionResponse")


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def in_household(wire, p, size: int = 2, head: bool = False) -> bool:
    if p.kind != "RN" or p.death_date:
        return False
    household = wire.world.household(p.ssin, today(wire))
    return (household is not None and len(household.members) >= size
            and (household.reference_ssin == p.ssin) == head)


def assert_matches_world(wire, body, ssin, at: dt.date, lang: str = "fr"):
    household = wire.world.household(ssin, at)
    composition = body.find("familyComposition")
    assert composition.findtext("referenceDate") == at.isoformat()
    assert composition.findtext("referencePerson") == household.reference_ssin
    members = composition.findall("member")
    assert [m.findtext("ssin") for m in members] == [m.ssin for m in household.members]
    persons = wire.world.persons_by_ssin([m.ssin for m in household.members], at)
    for el, member in zip(members, household.members):
        person = persons[member.ssin]
        assert el.findtext("name/lastName") == person.last_name
        assert [f.text for f in el.findall("name/firstName")] == list(person.first_names)
        assert el.findtext("birthDate") == person.birth_date
        assert el.findtext("gender/code") == GENDER[person.gender]
        assert el.findtext("relationship/code") == member.relationship
        description = el.find("relationship/description")
        assert description.text == wire.world.relationship_label(member.relationship, lang)
        assert description.get("language") == lang.upper()
        assert el.findtext("beginDate") == member.begin.isoformat()
    return household


def test_not_integrated_is_msg00012(wire):
    person = find_person(wire.world, lambda p: in_household(wire, p))
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("NO_RESULT", "MSG00012")
    assert body.find("familyComposition") is None


def test_member_gets_the_whole_household(wire):
    person = find_person(wire.world, lambda p: in_household(wire, p, size=3))
    integrate(wire, person)
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("informationCustomer/ticket") == "T-1"
    assert body.findtext("legalContext") == "PCSA:SOCIAL_INQUIRY"
    assert body.findtext("criteria/ssin") == person.ssin
    household = assert_matches_world(wire, body, person.ssin, today(wire))
    assert household.reference_ssin != person.ssin
    codes = [m.findtext("relationship/code") for m in body.findall("familyComposition/member")]
    assert codes[0] == "01" and codes == sorted(codes)


@pytest.mark.parametrize("lang", ["fr", "nl", "de"])
def test_descriptions_follow_the_language(wire, lang):
    person = find_person(wire.world, lambda p: in_household(wire, p, head=True))
    integrate(wire, person)
    body = ask(wire, person.ssin, language=lang)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert_matches_world(wire, body, person.ssin, today(wire), lang)


def test_reference_date_gives_the_household_of_that_day(wire):
    """A widow(er) who became reference person: the day before, the late spouse was the reference
    person and she or he was 02; the answer for each date is the household of that date."""
    def changed(p):
        return in_household(wire, p, size=1, head=True) and len(wire.world.household_history(p.ssin)) >= 2

    person = find_person(wire.world, changed)
    integrate(wire, person)
    before = min(wire.world.household_history(person.ssin), key=lambda m: m.begin)
    body = ask(wire, person.ssin, reference_date=before.end.isoformat())
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    household = assert_matches_world(wire, body, person.ssin, before.end)
    assert household.reference_ssin != person.ssin
    mine = [m for m in body.findall("familyComposition/member") if m.findtext("ssin") == person.ssin]
    assert [m.findtext("relationship/code") for m in mine] == [before.relationship]
    now = ask(wire, person.ssin)
    assert now.findtext("familyComposition/referencePerson") == person.ssin
    assert_matches_world(wire, now, person.ssin, today(wire))


def test_member_who_joined_later_is_absent_before(wire):
    def joined_later(p):
        if not in_household(wire, p, size=2, head=True):
            return False
        household = wire.world.household(p.ssin, today(wire))
        head = next(m for m in household.members if m.ssin == p.ssin)
        return any(m.begin > head.begin for m in household.members)

    head = find_person(wire.world, joined_later)
    integrate(wire, head)
    household = wire.world.household(head.ssin, today(wire))
    late = max(household.members, key=lambda m: m.begin)
    body = ask(wire, head.ssin, reference_date=(late.begin - dt.timedelta(days=1)).isoformat())
    assert late.ssin not in {m.findtext("ssin") for m in body.findall("familyComposition/member")}
    assert_matches_world(wire, body, head.ssin, late.begin - dt.timedelta(days=1))
    body = ask(wire, head.ssin, reference_date=late.begin.isoformat())
    assert late.ssin in {m.findtext("ssin") for m in body.findall("familyComposition/member")}


def test_no_household_on_that_date_is_famc0001(wire):
    person = find_person(wire.world, lambda p: in_household(wire, p, size=1))
    integrate(wire, person)
    first = min(m.begin for m in wire.world.household_history(person.ssin))
    body = ask(wire, person.ssin, reference_date=(first - dt.timedelta(days=1)).isoformat())
    assert w.status_of(body) == ("NO_DATA_FOUND", "FAMC0001")
    assert body.find("familyComposition") is None


def test_bis_person_has_no_household(wire):
    person = find_person(wire.world, lambda p: p.kind == "BIS" and not p.death_date
                         and wire.world.replacement(p.ssin) is None)
    integrate(wire, person)
    assert w.status_of(ask(wire, person.ssin)) == ("NO_DATA_FOUND", "FAMC0001")


def test_integration_belongs_to_the_organisation_that_registered_it(wire):
    person = find_person(wire.world, lambda p: in_household(wire, p))
    integrate(wire, person, org=w.GENT)
    assert w.status_of(ask(wire, person.ssin)) == ("NO_RESULT", "MSG00012")
    assert w.status_of(ask(wire, person.ssin, cbe=w.GENT["cbe"])) == ("DATA_FOUND", "MSG00000")


def test_replaced_number_is_msg00006_with_the_new_one(wire):
    old, new = replaced_pair(wire.world)
    body = ask(wire, old)
    assert w.status_of(body) == ("NO_RESULT", "MSG00006")
    info = {i.findtext("fieldName"): i.findtext("fieldValue") for i in body.findall("status/information")}
    assert info == {"ssin": old, "replacedBy": new}


def test_unknown_invalid_and_wrong_legal_context(wire):
    unknown = next(numbers.make(1931, 1, 1, s) for s in range(1, 999, 2)
                   if wire.world.person(numbers.make(1931, 1, 1, s)) is None)
    assert w.status_of(ask(wire, unknown)) == ("NO_DATA_FOUND", "MSG00005")
    good = find_person(wire.world, lambda p: in_household(wire, p)).ssin
    bad = good[:9] + f"{(int(good[9:]) % 97) + 1:02d}"
    body = ask(wire, bad)
    assert w.status_of(body) == ("NO_RESULT", "MSG00008")
    assert body.findtext("status/information/fieldValue") == bad
    integrate(wire, wire.world.person(good))
    assert w.status_of(ask(wire, good, legal_context="SOCIAL_INVESTIGATION_OF_PCSA")) == ("NO_RESULT", "MSG00013")


def test_unknown_customer_is_a_cbss_fault(wire):
    person = find_person(wire.world, lambda p: in_household(wire, p))
    response = wire.post(w.FAMILY_PATH, w.family_composition(person.ssin, cbe="0878065378"))
    assert response.status_code == 500
    fault = w.body_of(response.data).find("detail")[0]
    assert fault.tag == f"{{{ns.FAMILY_COMPOSITION_INTF}}}consultFamilyCompositionFault"
    assert contracts.schema(SCHEMA).validate(fault)
    assert fault.findtext("detail/reasonCode") == "MSG00013"


# zeep, over HTTP, from the WSDL the server serves --------------------------------------------

def test_zeep_round_trip(server, served_world):
    at = served_world.reference_date

    def candidate(p):
        household = served_world.household(p.ssin, at)
        return (p.kind == "RN" and not p.death_date and household is not None and len(household.members) >= 2
                and not served_world.integrations(p.ssin))

    person = find_person(served_world, candidate)
    body = w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person))
    response = requests.post(f"{server}{w.SSDN_PATH}", data=body, headers={"Content-Type": "text/xml"})
    reply = w.ssdn_reply(response.content)
    assert w.service_summary(reply)[0] == "YES"
    client = zeep.Client(f"{server}{w.FAMILY_PATH}?wsdl", transport=Transport(session=requests.Session()))
    result = client.service.consultFamilyComposition(
        informationCustomer={"ticket": "zeep-fc", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}},
        legalContext="PCSA:SOCIAL_INQUIRY", criteria={"ssin": person.ssin, "language": "nl",
                                                      "referenceDate": at})
    assert (result.status.value, result.status.code) == ("DATA_FOUND", "MSG00000")
    household = served_world.household(person.ssin, at)
    assert result.familyComposition.referencePerson == household.reference_ssin
    assert [(m.ssin, m.relationship.code) for m in result.familyComposition.member] == [
        (m.ssin, m.relationship) for m in household.members]
    assert result.familyComposition.member[0].relationship.description._value_1 == served_world.relationship_label("01", "nl")
