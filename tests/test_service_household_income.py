"""OCMWCPASHouseholdIncome over sendXML: a household's incomes at a date and its heating-allowance category."""

from __future__ import annotations

import pytest

from simulator.services.spp_is import household_income as hi
from simulator.soap import ns
from tests import wire as w
from tests.people import find_person, integrate

Q = f"{{{ns.SSDN_HOUSEHOLD_INCOME}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/HouseholdIncome/HouseholdIncomeReply.xsd")


def ask(wire, body):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA)


def income_body(reply):
    return reply.find(f"{w.S}ServiceReply/{Q}HouseholdIncomeReply")


def world_monthly(world, ssin, at):
    """The member's monthly income straight from the world's sources (the service's rules restated)."""
    total = sum(e.monthly_gross for e in world.employments(ssin, at))
    total += sum(u.daily_amount * 26 for u in world.unemployment(ssin, at, at))
    total += sum(p.monthly_amount for p in world.pensions(ssin, at))
    cpas = world.cpas_situation(ssin, at)
    total += (cpas.monthly_amount or 0) if cpas else 0
    disability = world.disability(ssin)
    total += sum(a.monthly_amount for a in (disability.allowances if disability else ())
                 if a.begin <= at and (a.end is None or a.end >= at))
    return total


def household_of(world, at, predicate):
    def matches(person):
        household = person.kind == "RN" and not person.death_date and world.household(person.ssin, at)
        return bool(household) and predicate([m.ssin for m in household.members])
    return find_person(world, matches)


def test_totals_are_the_sum_of_the_worlds_sources(wire):
    world, at = wire.world, wire.sandbox.now().date()
    person = household_of(world, at, lambda ssins: len(ssins) >= 2 and sum(
        1 for s in ssins if world_monthly(world, s, at) > 0) >= 2)
    integrate(wire, person)
    reply = ask(wire, w.household_income(person.ssin))
    assert w.service_summary(reply) == ("YES", [])
    body = income_body(reply)
    household = world.household(person.ssin, at)
    members = body.findall(f"{Q}Member")
    assert [(m.findtext(f"{Q}SSIN"), m.findtext(f"{Q}Relationship")) for m in members] == [
        (m.ssin, m.relationship) for m in household.members]
    expected = sum(world_monthly(world, m.ssin, at) for m in household.members)
    assert float(body.findtext(f"{Q}MonthlyGrossIncome")) == pytest.approx(expected, abs=0.01 * len(members) * 5)
    assert float(body.findtext(f"{Q}YearlyGrossIncome")) == pytest.approx(
        float(body.findtext(f"{Q}MonthlyGrossIncome")) * 12, abs=0.01)
    for member in members:
        amounts = [float(a) for a in member.xpath("h:Income/h:MonthlyAmount/text()", namespaces={"h": ns.SSDN_HOUSEHOLD_INCOME})]
        assert float(member.findtext(f"{Q}MonthlyIncome")) == pytest.approx(sum(amounts), abs=0.01)
        assert float(member.findtext(f"{Q}MonthlyIncome")) == pytest.approx(
            world_monthly(world, member.findtext(f"{Q}SSIN"), at), abs=0.05)


def test_increased_intervention_gives_category_1(wire):
    world, at = wire.world, wire.sandbox.now().date()

    def bim(ssin):
        insurance = world.health_insurance(ssin, at)
        return insurance is not None and insurance.increased_intervention
    person = household_of(world, at, lambda ssins: any(bim(s) for s in ssins))
    integrate(wire, person)
    heating = income_body(ask(wire, w.household_income(person.ssin))).find(f"{Q}HeatingAllowance")
    assert heating.findtext(f"{Q}Category") == "1"
    assert heating.findtext(f"{Q}IncreasedIntervention") == "true"


def test_household_without_income(wire):
    world, at = wire.world, wire.sandbox.now().date()
    person = household_of(world, at, lambda ssins: all(world_monthly(world, s, at) == 0 for s in ssins))
    integrate(wire, person)
    body = income_body(ask(wire, w.household_income(person.ssin, reference_date=at.isoformat())))
    assert body.findtext(f"{Q}MonthlyGrossIncome") == "0.00" and body.findtext(f"{Q}YearlyGrossIncome") == "0.00"
    assert body.findall(f"{Q}Member/{Q}Income") == []
    heating = body.find(f"{Q}HeatingAllowance")
    category = heating.findtext(f"{Q}Category")
    taxable, ceiling = float(heating.findtext(f"{Q}TaxableIncome")), float(heating.findtext(f"{Q}Ceiling"))
    assert ceiling >= hi.HEATING_CEILING
    assert category == ("1" if heating.findtext(f"{Q}IncreasedIntervention") == "true"
                        else "2" if taxable <= ceiling else "NONE")
    if heating.findtext(f"{Q}IncomeBasis") == "CURRENT_INCOME":
        assert category in ("1", "2")


def test_not_integrated_and_bad_ssin(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    assert w.service_summary(ask(wire, w.household_income(person.ssin))) == ("NO", ["31000009"])
    assert w.service_summary(ask(wire, w.household_income("85031400128"))) == ("NO", ["31000008"])


def test_ceiling_constants_match_the_reference_notes():
    assert (hi.HEATING_CEILING, hi.HEATING_CEILING_PER_DEPENDANT) == (24_328.19, 4_501.81)
