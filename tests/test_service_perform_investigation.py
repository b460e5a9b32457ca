"""OCMWCPASPerformInvestigation over sendXML: each data group against the world, DataGroups selection,
integration, error details, prefixes. Every reply is validated against our SSDN reply bundle."""

from __future__ import annotations

import datetime as dt
from itertools import pairwise

from lxml import etree

from simulator.services.registries.identity import fold
from simulator.soap import ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person, integrate, replaced_pair

Q = f"{{{w.SSDN_PERFORM_INVESTIGATION}}}"
P = f"{{{ns.SSDN_PERSON}}}"
REPLY = f"{w.S}ServiceReply/{Q}PerformInvestigationReply"
ALL = ("FamilyCompositionGroup", "CitizenGroup", "AddressHistoryGroup", "WaitRegisterGroup")


def ask(wire, ssin: str, groups=None, **kw):
    return w.ask_ssdn(wire, w.perform_investigation(ssin, groups, **kw), ("ssdn/SSDNReplyBundle.xsd",))


def body(reply):
    return reply.find(REPLY)


def groups_in(reply) -> list[str]:
    data = body(reply).find(f"{Q}DataGroups")
    return [] if data is None else [etree.QName(g).localname for g in data]


def citizens(reply):
    return body(reply).findall(f"{Q}DataGroups/{Q}CitizenGroup/{P}Citizen")


def histories(reply):
    return body(reply).findall(f"{Q}DataGroups/{Q}AddressHistoryGroup/{Q}AddressHistory")


def info_of(reply) -> dict[str, str]:
    detail = reply.find(f"{w.S}ServiceReply/{w.C}ResultSummary/{w.C}Detail")
    return {i.findtext(f"{w.C}FieldName"): i.findtext(f"{w.C}FieldValue") for i in detail.findall(f"{w.C}Information")}


def today_of(wire) -> dt.date:
    return wire.sandbox.now().date()


def household_head(wire, members: int = 3):
    world, today = wire.world, today_of(wire)

    def heads(p):
        household = world.household(p.ssin, today)
        return household is not None and household.reference_ssin == p.ssin and len(household.members) >= members

    return find_person(world, lambda p: p.kind == "RN" and not p.death_date and heads(p))


def add_waiting_register_person(wire):
    """An asylum seeker (register 3) added to the sandbox's world through the store: the generated test
    world is too small to hold one. Two stays: a reception centre in Namur, then Liège."""
    world = wire.world
    ssin = next(s for s in (numbers.make(1991, 7, 3, n) for n in range(101, 999, 2)) if world.person(s) is None)
    world.insert_rows("person", [{
        "ssin": ssin, "kind": "RN", "last_name": "Abdi", "first_names": "Yonas|Tesfaye", "birth_date": "1991-07-03",
        "gender": 1, "nationality": 101, "birth_place_name": "Tirana", "birth_country": 101, "civil_status": 10,
        "language": "fr", "register": 3}])
    namur = {"kind": "LEGAL", "country": 150, "nis": 92094, "postal_code": "5000", "municipality_fr": "Namur",
             "municipality_nl": "Namen", "municipality_de": "Namur", "street_code": 1000,
             "street_fr": "Rue de la Station", "house_number": "1", "ssin": ssin}
    liege = {**namur, "nis": 62063, "postal_code": "4000", "municipality_fr": "Liège", "municipality_nl": "Luik",
             "municipality_de": "Lüttich", "house_number": "27", "box": "3"}
    today = today_of(wire)
    arrival, moved = today - dt.timedelta(days=400), today - dt.timedelta(days=100)
    world.insert_rows("address", [
        {**namur, "begin_date": str(arrival), "end_date": str(moved - dt.timedelta(days=1))},
        {**liege, "begin_date": str(moved)},
    ])
    world.insert_rows("nationality", [{"ssin": ssin, "country": 101, "begin_date": "1991-07-03"}])
    return world.person(ssin, at=today), arrival, moved


# the groups against the world ------------------------------------------------------------------------


def test_all_groups_by_default_match_the_world(wire):
    world, today = wire.world, today_of(wire)
    head = household_head(wire)
    integrate(wire, head)
    reply = ask(wire, head.ssin)
    assert w.service_summary(reply) == ("YES", ["11010002"])  # all groups; not in the waiting register
    assert body(reply).findtext(f"{Q}SocialSecurityUser") == head.ssin
    assert groups_in(reply) == ["FamilyCompositionGroup", "CitizenGroup", "AddressHistoryGroup"]

    household = world.household(head.ssin, today)
    composition = body(reply).find(f"{Q}DataGroups/{Q}FamilyCompositionGroup/{Q}FamilyComposition")
    assert composition.get("origin") == "RN_RR"
    got = [(m.findtext(f"{Q}SocialSecurityUser"), int(m.findtext(f"{Q}RelationShip")), m.findtext(f"{Q}EntryDate"))
           for m in composition.findall(f"{Q}FamilyMember")]
    assert got == [(m.ssin, int(m.relationship), m.begin.isoformat()) for m in household.members]
    assert got[0] == (head.ssin, 1, got[0][2])

    # the family flag widens the other groups to every member, the person first
    expected = [head.ssin] + [m.ssin for m in household.members if m.ssin != head.ssin]
    assert [c.findtext(f"{P}SocialSecurityUser") for c in citizens(reply)] == expected
    assert [h.findtext(f"{Q}SocialSecurityUser") for h in histories(reply)] == expected


def test_citizen_data_match_the_person(wire):
    world, today = wire.world, today_of(wire)
    head = household_head(wire)
    integrate(wire, head)
    reply = ask(wire, head.ssin, {"CitizenGroup": "1"})
    (citizen,) = citizens(reply)
    assert citizen.get("origin") == "RN_RR"
    assert citizen.findtext(f"{P}InscriptionRegister") == str(head.register)
    legal = citizen.find(f"{P}LegalData")
    assert legal.findtext(f"{P}Name/{P}LastName") == fold(head.last_name)
    assert legal.findtext(f"{P}Name/{P}FirstName") == fold(" ".join(head.first_names))
    assert legal.findtext(f"{P}Gender") == str(head.gender)
    assert legal.findtext(f"{P}Birth/{P}Date") == head.birth_date
    if head.birth_place_nis:
        assert legal.findtext(f"{P}Birth/{P}Location/{P}Code") == str(head.birth_place_nis)
    assert legal.findtext(f"{P}CivilState/{P}Code") == str(head.civil_status)
    assert legal.find(f"{P}Decease") is None
    assert legal.findtext(f"{P}Nationality/{P}Code") == str(head.nationality)
    address = legal.find(f"{P}AddressInformation/{P}LegalAddress/{P}StandardAddress")
    assert address.findtext(f"{P}Municipality/{P}Code") == str(head.address.nis)
    assert address.findtext(f"{P}Municipality/{P}PostalCode") == head.address.postal_code
    assert address.findtext(f"{P}HouseNumber") == head.address.house_number
    assert address.get("modificationDate") == head.address.begin.isoformat()
    assert legal.findtext(f"{P}AddressInformation/{P}ManagerLocation/{P}Code") == str(head.address.nis)
    assert world.household(head.ssin, today) is not None


def test_married_person_names_the_spouse(wire):
    world, today = wire.world, today_of(wire)
    person = find_person(world, lambda p: p.kind == "RN" and p.civil_status == 20 and not p.death_date
                         and any(s.partner_ssin for s in world.civil_states(p.ssin)))
    integrate(wire, person)
    state = next(s for s in world.civil_states(person.ssin) if s.begin <= today and (s.end is None or s.end >= today))
    (citizen,) = citizens(ask(wire, person.ssin, {"CitizenGroup": "true"}))
    civil = citizen.find(f"{P}LegalData/{P}CivilState")
    assert civil.findtext(f"{P}Code") == "20"
    assert civil.get("modificationDate") == state.begin.isoformat()
    assert civil.findtext(f"{P}Partner/{P}SocialSecurityUser") == state.partner_ssin
    spouse = world.person(state.partner_ssin, at=today)
    assert civil.findtext(f"{P}Partner/{P}Name/{P}LastName") == fold(spouse.last_name)


def test_deceased_person_has_a_decease_block(wire):
    world, today = wire.world, today_of(wire)
    person = find_person(world, lambda p: p.kind == "RN" and p.death_date is not None)
    integrate(wire, person)
    reply = ask(wire, person.ssin)
    (citizen, *_others) = citizens(reply)
    assert citizen.findtext(f"{P}LegalData/{P}Decease/{P}Date") == person.death_date
    no_household = world.household(person.ssin, today) is None
    assert ("11010001" in w.service_summary(reply)[1]) == no_household
    assert ("FamilyCompositionGroup" in groups_in(reply)) == (not no_household)


def test_address_history_is_the_legal_addresses_newest_first(wire):
    world, today = wire.world, today_of(wire)
    person = find_person(world, lambda p: p.kind == "RN" and not p.death_date
                         and len([a for a in world.addresses(p.ssin) if a.kind == "LEGAL"]) >= 3)
    integrate(wire, person)
    (history,) = histories(ask(wire, person.ssin, {"AddressHistoryGroup": "1"}))
    assert history.findtext(f"{Q}SocialSecurityUser") == person.ssin
    legal = [a for a in world.addresses(person.ssin) if a.kind == "LEGAL" and a.nis and a.begin <= today]
    got = [(a.findtext(f"{P}Municipality/{P}Code"), a.findtext(f"{P}Municipality/{P}PostalCode"),
            a.findtext(f"{P}HouseNumber"), a.findtext(f"{P}Box"), a.get("modificationDate"))
           for a in history.findall(f"{Q}LegalAddresses/{Q}StandardAddress")]
    assert got == [(str(a.nis), a.postal_code, a.house_number, a.box, a.begin.isoformat()) for a in legal]
    stays = [(m.findtext(f"{P}Code"), m.get("modificationDate"))
             for m in history.findall(f"{Q}ManagerLocations/{Q}ManagerLocation")]
    assert stays[0][0] == str(legal[0].nis)
    assert all(a[0] != b[0] for a, b in pairwise(stays)), "one entry per stay in a municipality"
    assert stays[-1] == (str(legal[-1].nis), legal[-1].begin.isoformat())


def test_bis_person_comes_from_the_bcss_register(wire):
    world = wire.world
    person = find_person(world, lambda p: p.kind == "BIS" and world.replacement(p.ssin) is None
                         and p.address is not None)
    integrate(wire, person)
    reply = ask(wire, person.ssin)
    assert w.service_summary(reply) == ("YES", ["11010001", "11010002"])
    assert groups_in(reply) == ["CitizenGroup", "AddressHistoryGroup"]
    (citizen,) = citizens(reply)
    assert citizen.get("origin") == "BCSS_KSZ"
    assert citizen.find(f"{P}InscriptionRegister") is None
    info = citizen.find(f"{P}LegalData/{P}AddressInformation")
    if person.address.kind == "ABROAD":
        post = info.find(f"{P}LegalAddress/{P}DiplomaticPostAddress")
        assert post.findtext(f"{P}Country/{P}Code") == str(person.address.country)
    else:
        assert info.find(f"{P}TemporaryAddress").get("origin") == "BCSS_KSZ"


def test_waiting_register_group(wire):
    person, arrival, moved = add_waiting_register_person(wire)
    integrate(wire, person)
    reply = ask(wire, person.ssin)
    assert w.service_summary(reply) == ("YES", ["11010001"])  # no household of their own
    assert groups_in(reply) == ["CitizenGroup", "AddressHistoryGroup", "WaitRegisterGroup"]
    (register,) = body(reply).findall(f"{Q}DataGroups/{Q}WaitRegisterGroup/{Q}WaitRegister")
    assert register.findtext(f"{Q}SocialSecurityUser") == person.ssin
    assert register.findtext(f"{Q}RefugeeSituationH205/{Q}RefugeeSituation/{Q}demandDate") == str(arrival)
    assert register.findtext(f"{Q}RefugeeInstitutionH207/{Q}RefugeeInstitution/{Q}cpasCode") == "62063"
    assert [(r.findtext(f"{Q}code"), r.findtext(f"{Q}inscriptionDate"))
            for r in register.findall(f"{Q}RefugeeLocationH212/{Q}RefugeeLocation")] == [
        ("62063", str(moved)), ("92094", str(arrival))]
    (citizen,) = citizens(reply)
    assert citizen.findtext(f"{P}InscriptionRegister") == "3"
    assert citizen.findtext(f"{P}LegalData/{P}Name/{P}FirstName") == "YONAS TESFAYE"
    assert citizen.findtext(f"{P}LegalData/{P}Birth/{P}Location/{P}Code") == "101"


# DataGroups selection -------------------------------------------------------------------------------


def test_data_groups_selection(wire):
    head = household_head(wire)
    integrate(wire, head)
    only_citizen = ask(wire, head.ssin, {"CitizenGroup": "1"})
    assert groups_in(only_citizen) == ["CitizenGroup"] and len(citizens(only_citizen)) == 1
    assert w.service_summary(only_citizen) == ("YES", [])

    mixed = ask(wire, head.ssin, {"FamilyCompositionGroup": "false", "AddressHistoryGroup": "true",
                                  "WaitRegisterGroup": "0"})
    assert groups_in(mixed) == ["AddressHistoryGroup"] and len(histories(mixed)) == 1

    widened = ask(wire, head.ssin, {"FamilyCompositionGroup": "1", "CitizenGroup": "1"})
    assert groups_in(widened) == ["FamilyCompositionGroup", "CitizenGroup"]
    assert len(citizens(widened)) == len(wire.world.household(head.ssin, today_of(wire)).members)

    empty_flags = ask(wire, head.ssin, {})  # <DataGroups/> without any flag: every group
    assert groups_in(empty_flags) == ["FamilyCompositionGroup", "CitizenGroup", "AddressHistoryGroup"]

    nothing = ask(wire, head.ssin, dict.fromkeys(ALL, "0"))
    assert body(nothing).find(f"{Q}DataGroups") is None
    assert w.service_summary(nothing) == ("YES", [])

    wait_only = ask(wire, head.ssin, {"WaitRegisterGroup": "1"})
    assert groups_in(wait_only) == [] and w.service_summary(wait_only) == ("YES", ["11010002"])


# errors -------------------------------------------------------------------------------------------


def assert_error(reply, code: str) -> dict:
    assert w.service_summary(reply) == ("NO", [code])
    context = reply.find(f"{w.S}ReplyContext/{w.C}ResultSummary")
    assert context.get("ok") == "NO" and context.findtext(f"{w.C}Detail/{w.C}ReasonCode") == "30000001"
    assert body(reply) is None
    return info_of(reply)


def test_not_integrated(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not wire.world.integrations(p.ssin))
    info = assert_error(ask(wire, person.ssin), "31000009")
    assert info == {"SSIN": person.ssin, "OrgUnit": w.LIEGE["cbe"]}


def test_integration_of_another_cpas_or_an_ended_one_does_not_count(wire):
    world = wire.world
    person = find_person(world, lambda p: p.kind == "RN" and not p.death_date and not world.integrations(p.ssin))
    integrate(wire, person, org=w.GENT)
    assert_error(ask(wire, person.ssin), "31000009")
    assert w.service_summary(ask(wire, person.ssin, org=w.GENT))[0] == "YES"
    today = today_of(wire)
    response = wire.post(w.SSDN_PATH, w.manage_access(
        person.ssin, "REGISTER", start=str(today - dt.timedelta(days=30)), end=str(today - dt.timedelta(days=1)),
        proof=w.person_data_proof(person)))
    assert w.service_summary(w.ssdn_reply(response.data))[0] == "YES"
    assert_error(ask(wire, person.ssin), "31000009")


def test_invalid_unknown_and_replaced_ssin(wire):
    good = find_person(wire.world, lambda p: p.kind == "RN").ssin
    bad = good[:9] + f"{(int(good[9:]) % 97) + 1:02d}"
    assert assert_error(ask(wire, bad), "31000008") == {"SSIN": bad}
    unknown = next(numbers.make(1931, 1, 1, s) for s in range(1, 999, 2)
                   if wire.world.person(numbers.make(1931, 1, 1, s)) is None)
    assert assert_error(ask(wire, unknown), "31007002") == {"SSIN": unknown}
    old, new = replaced_pair(wire.world)
    assert assert_error(ask(wire, old), "31007003") == {"SSIN": old, "NewSSIN": new}


def test_request_the_schema_refuses_is_a_client_fault(wire):
    response = wire.post(w.SSDN_PATH, w.perform_investigation("85031400127", {"CitizenGroup": "yes"}))
    assert response.status_code == 500
    assert b"Client" in response.data


# wire details -------------------------------------------------------------------------------------


def test_reply_prefixes_and_journal(wire):
    head = household_head(wire)
    integrate(wire, head)
    response = wire.post(w.SSDN_PATH, w.perform_investigation(head.ssin))
    text = w.body_of(response.data).text
    assert "<ns3:PerformInvestigationReply" in text and "<ns4:Citizen" in text and "<ns2:ResultSummary" in text
    assert f'xmlns:ns4="{ns.SSDN_PERSON}"' in text
    entry = wire.sandbox.journal.entries(limit=1)[0]
    assert (entry.service, entry.operation) == ("OCMWCPASPerformInvestigation", "PerformInvestigationRequest")
    assert entry.status == "YES"
