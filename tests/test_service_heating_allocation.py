"""OCMWCPASHeatingAllocation over sendXML: the allowance, its conditions and the household's yearly ceilings."""

from __future__ import annotations

import datetime as dt

from simulator.services.spp_is import heating_allocation as ha
from simulator.soap import ns
from simulator.world.store import heating_allowances as store
from tests import wire as w
from tests.people import find_person
from tests.test_service_law65 import integrate

R = f"{{{ns.HEATING_REPLY}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/HeatingAllocation/HeatingAllocationReply.xsd")


def ask(wire, body):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA)


def allocation(reply) -> dict[str, str]:
    body = reply.find(f"{w.S}ServiceReply/{R}AllocationReply")
    return {child.tag[len(R):]: child.text for child in body}


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def bim_household(wire):
    """(reference person, another member) of a household with the increased intervention, 10 days ago."""
    world, at = wire.world, today(wire) - dt.timedelta(days=10)

    def fits(person):
        household = person.kind == "RN" and not person.is_dead and world.household(person.ssin, at)
        if not household or len(household.members) < 2:
            return False
        insurance = world.health_insurance(person.ssin, at)
        return insurance is not None and bool(insurance.increased_intervention)
    person = find_person(world, fits)
    other = next(m.ssin for m in world.household(person.ssin, at).members if m.ssin != person.ssin)
    return person, world.person(other)


def test_bulk_allowance_and_the_households_yearly_ceiling_across_cpas(wire):
    person, partner = bim_household(wire)
    integrate(wire, person, purpose=40)
    delivery = (today(wire) - dt.timedelta(days=10)).isoformat()
    reply = ask(wire, w.heating_allocation(person.ssin, 1, delivery, quantity=1000, amount=8390100))
    assert w.service_summary(reply) == ("YES", ["11016001"])
    first = allocation(reply)
    assert (first["Evaluation"], first["HouseholdCategory"], first["Quantity"], first["AllocationAmount"],
            first["YearQuantity"]) == ("ACCEPTED", "1", "1000", "280.00", "1000")
    # GENT decides for another member of the same household: 1,500 l asked, 1,000 l left this year
    integrate(wire, partner, purpose=40, org=w.GENT)
    reply = ask(wire, w.heating_allocation(partner.ssin, 1, delivery, quantity=1500, amount=12000000, org=w.GENT))
    assert w.service_summary(reply) == ("WARNING", ["11016001", "21016001"])
    second = allocation(reply)
    assert (second["Quantity"], second["AllocationAmount"], second["YearQuantity"], second["YearAmount"]) == (
        "1000", "280.00", "2000", "560.00")
    # nothing left for the household this year
    reply = ask(wire, w.heating_allocation(person.ssin, 1, delivery, quantity=100, amount=900000))
    assert w.service_summary(reply) == ("NO", ["31016006"])
    assert allocation(reply)["Evaluation"] == "REFUSED"
    saved = store.allowances(wire.world, person.ssin)
    assert [(a.cpas_cbe, a.evaluation, a.allowed_quantity) for a in saved] == [
        (w.LIEGE["cbe"], "ACCEPTED", 1000), (w.LIEGE["cbe"], "REFUSED", 0)]
    assert saved[0].household_id == store.allowances(wire.world, partner.ssin)[0].household_id is not None


def test_shared_delivery_and_price_cap(wire):
    person, _ = bim_household(wire)
    integrate(wire, person, purpose=40)
    delivery = (today(wire) - dt.timedelta(days=3)).isoformat()
    # a building of 4 dwellings: the household's share is 250 l; paid 0.20 EUR/l, so 0.20 EUR/l allowed
    reply = allocation(ask(wire, w.heating_allocation(person.ssin, 1, delivery, quantity=1000, housing=4,
                                                      amount=2000000)))
    assert (reply["Quantity"], reply["AllocationAmount"]) == ("250", "50.00")


def test_pump_forfait_once_a_year(wire):
    person, _ = bim_household(wire)
    integrate(wire, person, purpose=40)
    delivery = (today(wire) - dt.timedelta(days=1)).isoformat()
    first = allocation(ask(wire, w.heating_allocation(person.ssin, 1, delivery, quantity=50, amount=600000, fuel=1)))
    assert (first["Evaluation"], first["AllocationAmount"], first["Quantity"]) == ("ACCEPTED", "456.00", "0")
    again = ask(wire, w.heating_allocation(person.ssin, 1, delivery, quantity=50, amount=600000, fuel=2))
    assert w.service_summary(again) == ("NO", ["31016006"])


def test_refusals_list_every_reason_and_are_stored(wire):
    world, at = wire.world, today(wire) - dt.timedelta(days=70)

    def no_bim(person):
        household = person.kind == "RN" and not person.is_dead and world.household(person.ssin, at)
        return bool(household) and not any(
            (i := world.health_insurance(m.ssin, at)) is not None and i.increased_intervention
            for m in household.members)
    person = find_person(world, no_bim)  # not integrated with quality code 40
    reply = ask(wire, w.heating_allocation(person.ssin, 1, at.isoformat(), fuel=5))
    ok, found = w.service_summary(reply)
    assert ok == "NO" and set(found) == {"31016001", "31016002", "31016004", "31016005"}
    assert allocation(reply)["HouseholdCategory"] != "1"
    (saved,) = store.allowances(world, person.ssin)
    assert (saved.evaluation, saved.amount, set(saved.errors)) == ("REFUSED", 0.0, set(found))
    future = (today(wire) + dt.timedelta(days=1)).isoformat()
    assert "31016003" in w.service_summary(ask(wire, w.heating_allocation(person.ssin, 1, future)))[1]


def test_request_level_errors_store_nothing(wire):
    person, _ = bim_household(wire)
    delivery = today(wire).isoformat()
    assert w.service_summary(ask(wire, w.heating_allocation(person.ssin, 1, delivery, kbo=w.GENT["cbe"]))) == (
        "NO", ["31016007"])
    assert w.service_summary(ask(wire, w.heating_allocation("85031400128", 1, delivery))) == ("NO", ["31000008"])
    assert store.allowances(wire.world, person.ssin) == []


def test_ceilings_follow_the_reference_notes():
    before, after = ha.Ceilings(dt.date(2022, 6, 30)), ha.Ceilings(dt.date(2022, 7, 1))
    assert (before.litres, before.bulk_amount, before.pump_forfait) == (1500, 300.0, 210.0)
    assert (after.litres, after.bulk_amount, after.pump_forfait) == (2000, 560.0, 456.0)
