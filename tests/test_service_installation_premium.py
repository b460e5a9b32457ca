"""OCMWCPASOrganicLaw over sendXML: the installation premium, once in a lifetime, listed to every CPAS."""

from __future__ import annotations

import datetime as dt

from simulator.services.spp_is.household_income import member_incomes
from simulator.world.store import events
from simulator.world.store import installation_premiums as store
from tests import wire as w
from tests.people import find_person, integrate
from tests.test_service_attestations import Q, adult, adult_of_both, ask, body, information, legal, register, today


def move(wire, person, days_ago: int) -> str:
    """The person moves into a dwelling in Liège ``days_ago`` days before today; the move's date."""
    day = (today(wire) - dt.timedelta(days=days_ago)).isoformat()
    wire.world._write(lambda: events.move_person(wire.world, day, person.ssin, {"nis": w.LIEGE["nis"]}))
    return day


def premium(wire, person, scheme="RIS", org=w.LIEGE):
    return ask(wire, w.organic_law(person.ssin, scheme, org=org))


def test_a_ris_beneficiary_moving_in_gets_one_premium_in_a_lifetime(wire):
    person = adult_of_both(wire)
    register(wire, person, today(wire).isoformat(), amount=legal(wire))
    moved = move(wire, person, 20)
    reply = premium(wire, person)
    assert w.service_summary(reply) == ("YES", ["11014001"])
    answer = body(reply, "OrganicLawReply")
    amount = f"{wire.world.ris_amount(3, today(wire)):.2f}"  # one month of category-3 RIS
    assert {tag: answer.findtext(Q + tag) for tag in ("Status", "Scheme", "AddressDate", "Amount",
                                                       "ReimbursementRate")} == {
        "Status": "ACCEPTED", "Scheme": "RIS", "AddressDate": moved, "Amount": amount, "ReimbursementRate": "100.00"}
    reference = answer.findtext(f"{Q}Reference")
    assert reference.startswith("PRI62063") and information(reply, "11014001")["Reference"] == reference
    # a second one is refused, whatever the CPAS, naming the first
    again = premium(wire, person)
    assert w.service_summary(again) == ("NO", ["31014003"])
    assert information(again, "31014003")["Reference"] == reference
    assert body(again, "OrganicLawReply").findtext(f"{Q}Status") == "REFUSED"
    assert set(w.service_summary(premium(wire, person, org=w.GENT))[1]) == {"31014001", "31014003"}
    # GENT lists the premiums LIEGE and GENT decided
    reply = ask(wire, w.list_attestations(person.ssin, "PRIME_INSTALLATION", org=w.GENT))
    entries = body(reply, "ListOfAttestationsReply").findall(f"{Q}Attestation")
    assert [(e.findtext(f"{Q}Reference") == reference, e.findtext(f"{Q}Status")) for e in entries] == [
        (True, "ACCEPTED"), (False, "REFUSED"), (False, "REFUSED")]
    first = entries[0]
    assert (first.findtext(f"{Q}AttestType/{Q}Code"), first.findtext(f"{Q}RelationType/{Q}Code"),
            first.findtext(f"{Q}Duration/{w.C}StartDate"), first.findtext(f"{Q}CPAS_KBOBCE_code")) == (
        "PRIME_INSTALLATION", "1", moved, w.LIEGE["cbe"])
    assert body(reply, "ListOfAttestationsReply").find(f"{Q}GpmiPiis") is None


def test_conditions_without_ris_or_a_recent_move(wire):
    person = adult(wire)
    integrate(wire, person)
    reply = premium(wire, person)
    ok, found = w.service_summary(reply)
    assert ok == "NO" and "31014001" in found
    register(wire, person, today(wire).isoformat(), amount=legal(wire))
    move(wire, person, 200)  # too long ago to be the move out of homelessness
    reply = premium(wire, person)
    assert w.service_summary(reply) == ("NO", ["31014002"])
    assert information(reply, "31014002")["AddressDate"] == (today(wire) - dt.timedelta(days=200)).isoformat()
    assert [p.status for p in store.premiums(wire.world, person.ssin)] == ["REFUSED", "REFUSED"]
    # not integrated: nothing is evaluated nor stored
    stranger = adult(wire, skip=(person.ssin,))
    assert w.service_summary(premium(wire, stranger)) == ("NO", ["31000009"])
    assert store.premiums(wire.world, stranger.ssin) == []


def test_the_organic_law_premium_needs_a_replacement_income_and_does_not_use_up_the_ris_one(wire):
    world, day = wire.world, today(wire)
    limit = day.replace(year=day.year - 25).isoformat()
    person = find_person(world, lambda p: p.kind == "RN" and not p.is_dead and p.birth_date < limit
                         and "-00" not in p.birth_date and world.unemployment(p.ssin, day, day))
    integrate(wire, person)
    move(wire, person, 10)
    assert w.service_summary(premium(wire, person, "ORGANIC_LAW")) == ("YES", ["11014001"])
    register(wire, person, day.isoformat(), amount="100.00")
    assert w.service_summary(premium(wire, person, "RIS")) == ("YES", ["11014001"])
    assert w.service_summary(premium(wire, person, "ORGANIC_LAW")) == ("NO", ["31014003"])
    # someone without a replacement income
    other = find_person(world, lambda p: p.kind == "RN" and not p.is_dead and p.birth_date < limit
                        and not set(member_incomes(world, p.ssin, day)) & {"UNEMPLOYMENT", "PENSION", "DISABILITY"})
    integrate(wire, other)
    move(wire, other, 10)
    assert w.service_summary(premium(wire, other, "ORGANIC_LAW")) == ("NO", ["31014004"])
