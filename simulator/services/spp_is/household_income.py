"""OCMWCPASHouseholdIncome (SSDN, 20090409): a household's monthly income and its heating-allowance category.

The CPAS asks, for a person it has integrated, the household at a reference date (default: the sandbox's
today) and every member's monthly gross income at that date by source, read from the world:

- WAGES: the monthly_gross of the employments covering the date;
- UNEMPLOYMENT: daily_amount x 26 (indemnified days of a month) of the benefit periods covering it;
- PENSION: the monthly_amount of the pensions (GRAPA included) covering it;
- RIS: the monthly_amount of the CPAS situation covering it;
- DISABILITY: the monthly_amount of the disability allowances (ARR, AI) covering it.

The household's yearly gross income is the monthly total x 12. The heating-allowance category
(domain-facts §3.7) follows: 1 when some member has the increased intervention (BIM/VT) at the date;
else 2 when the household's yearly taxable income is at most the ceiling (base + an increase per
dependant); else NONE. Category 3 (debt mediation / collective debt settlement) is NOT modelled: the
world has no debt data, so it is never answered. Simplifications, said here because the real rules
are richer:

- category 1 is granted whenever ANY member has BIM/VT (domain-facts §3.7 says the income check is
  skipped only when the household is one BIM person or every member is BIM);
- taxable income = the members' taxable_income of the most recent income year before the reference
  date's year for which any member has an assessment; without any assessment the yearly gross income
  of the reply stands in (IncomeBasis CURRENT_INCOME);
- a dependant = a member other than the reference person and their spouse/partner (codes 01, 02, 21)
  without income of their own at the date;
- the ceiling of 1 May 2024 is applied at every date (older ceilings are not in the reference notes).

Simulator contract (fixtures/contracts/ssdn/OCMW_CPAS/HouseholdIncome): the ServiceId is known by name
only; the version is the heating-allowance flow's (OCMWCPASHeatingAllocation 20090409, bcss-contracts
§1.6). The caller must have integrated the person at the sandbox's today (31000009, as the other SSDN
consultations).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import (
    detail,
    integration_error,
    subject_error,
    text,
)
from simulator.soap import ns, ssdn

NS = ns.SSDN_HOUSEHOLD_INCOME
Q = f"{{{NS}}}"

# Heating allowance, category 2 (low income), from 1 May 2024 [S: domain-facts §3.7 — mi-is, MC 2024]
HEATING_CEILING = 24_328.19  # gross taxable yearly household income, euro
HEATING_CEILING_PER_DEPENDANT = 4_501.81  # increase per dependant, euro
HEATING_CEILING_SINCE = dt.date(2024, 5, 1)  # applied at every date (older ceilings not in the notes)

UNEMPLOYMENT_DAYS_PER_MONTH = 26  # indemnified days in a month (6-day week) [K]
SOURCES = ("WAGES", "UNEMPLOYMENT", "PENSION", "RIS", "DISABILITY")
COUPLE = ("01", "02", "21")  # reference person, spouse, partner: never dependants


def _covers(begin: dt.date, end: dt.date | None, at: dt.date) -> bool:
    return begin <= at and (end is None or end >= at)


def member_incomes(world, ssin: str, at: dt.date) -> dict[str, float]:
    """Monthly gross income of ``ssin`` at ``at`` by source (sources without income left out)."""
    amounts = {
        "WAGES": sum(e.monthly_gross or 0.0 for e in world.employments(ssin, at)),
        "UNEMPLOYMENT": sum(u.daily_amount * UNEMPLOYMENT_DAYS_PER_MONTH for u in world.unemployment(ssin, at, at)),
        "PENSION": sum(p.monthly_amount or 0.0 for p in world.pensions(ssin, at)),
    }
    cpas = world.cpas_situation(ssin, at)
    amounts["RIS"] = (cpas.monthly_amount or 0.0) if cpas is not None else 0.0
    disability = world.disability(ssin)
    amounts["DISABILITY"] = sum(a.monthly_amount for a in (disability.allowances if disability else ())
                                if _covers(a.begin, a.end, at))
    return {source: round(amounts[source], 2) for source in SOURCES if amounts[source] > 0}


def _taxable(world, ssins: list[str], at: dt.date) -> tuple[int | None, float]:
    """(income year, the members' taxable income that year): the newest year before ``at``'s with an assessment."""
    rows = [a for s in ssins for a in world.tax_assessments(s) if a.income_year < at.year]
    if not rows:
        return None, 0.0
    year = max(a.income_year for a in rows)
    return year, round(sum(a.taxable_income or 0.0 for a in rows if a.income_year == year), 2)


def _amount(value: float) -> str:
    return f"{value:.2f}"


def _check_subject(call: Call, ssin: str) -> list:
    error = subject_error(call.world, ssin) or integration_error(call, ssin)
    return [error] if error else []


@dataclass(frozen=True)
class HouseholdAssessment:
    """A household's incomes at a date and the heating-allowance category they give (the rules above)."""

    members: tuple[tuple[str, str | None, dict[str, float]], ...]  # (SSIN, relationship or None, incomes)
    has_household: bool
    monthly: float
    yearly: float
    increased: bool  # some member has the increased intervention (BIM/VT)
    income_year: int | None  # the assessment year the taxable income comes from; None: current income
    taxable: float
    dependants: int
    ceiling: float

    @property
    def category(self) -> str:
        """'1' (BIM), '2' (low income) or 'NONE'; category 3 (debt mediation) is not read from incomes."""
        return "1" if self.increased else "2" if self.taxable <= self.ceiling else "NONE"


def assess_household(world, ssin: str, at: dt.date) -> HouseholdAssessment:
    """The household of ``ssin`` at ``at`` (the person alone without one), its incomes and category."""
    household = world.household(ssin, at)
    people = [(ssin, None)] if household is None else [(m.ssin, m.relationship) for m in household.members]
    members, total, dependants, increased = [], 0.0, 0, False
    for member, relationship in people:
        incomes = member_incomes(world, member, at)
        own = round(sum(incomes.values()), 2)
        total += own
        if relationship not in COUPLE and relationship is not None and own == 0:
            dependants += 1
        insurance = world.health_insurance(member, at)
        increased = increased or bool(insurance is not None and insurance.increased_intervention)
        members.append((member, relationship, incomes))
    monthly = round(total, 2)
    yearly = round(monthly * 12, 2)
    year, taxable = _taxable(world, [m for m, _ in people], at)
    return HouseholdAssessment(tuple(members), household is not None, monthly, yearly, increased, year,
                               yearly if year is None else taxable, dependants,
                               round(HEATING_CEILING + HEATING_CEILING_PER_DEPENDANT * dependants, 2))


def household_income(call: Call) -> SsdnResult:
    request = call.request
    if request.tag != Q + "HouseholdIncomeRequest":
        return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                        ("FieldName", "HouseholdIncomeRequest"))])
    ssin = text(request, NS, "SSIN")
    call.notes["ssin"] = ssin
    errors = _check_subject(call, ssin)
    if errors:
        return SsdnResult(None, errors)
    given = text(request, NS, "ReferenceDate")
    at = dt.date.fromisoformat(given[:10]) if given else call.today
    assessment = assess_household(call.world, ssin, at)
    details = []
    if not assessment.has_household:
        details.append(detail(INFORMATION, codes.NO_HOUSEHOLD_AT_DATE,
                              "No household at the reference date: the person alone is counted.",
                              ("SSIN", ssin), ("ReferenceDate", at.isoformat())))

    body = ssdn.body_element(NS, "HouseholdIncomeReply")
    etree.SubElement(body, Q + "SSIN").text = ssin
    etree.SubElement(body, Q + "ReferenceDate").text = at.isoformat()
    for member, relationship, incomes in assessment.members:
        node = etree.SubElement(body, Q + "Member")
        etree.SubElement(node, Q + "SSIN").text = member
        if relationship is not None:
            etree.SubElement(node, Q + "Relationship").text = relationship
        for source, amount in incomes.items():
            income = etree.SubElement(node, Q + "Income")
            etree.SubElement(income, Q + "Source").text = source
            etree.SubElement(income, Q + "MonthlyAmount").text = _amount(amount)
        etree.SubElement(node, Q + "MonthlyIncome").text = _amount(round(sum(incomes.values()), 2))
    etree.SubElement(body, Q + "MonthlyGrossIncome").text = _amount(assessment.monthly)
    etree.SubElement(body, Q + "YearlyGrossIncome").text = _amount(assessment.yearly)

    heating = etree.SubElement(body, Q + "HeatingAllowance")
    etree.SubElement(heating, Q + "Category").text = assessment.category
    etree.SubElement(heating, Q + "IncreasedIntervention").text = str(assessment.increased).lower()
    year = assessment.income_year
    etree.SubElement(heating, Q + "IncomeBasis").text = "TAX_ASSESSMENT" if year is not None else "CURRENT_INCOME"
    if year is not None:
        etree.SubElement(heating, Q + "IncomeYear").text = str(year)
    etree.SubElement(heating, Q + "TaxableIncome").text = _amount(assessment.taxable)
    etree.SubElement(heating, Q + "Dependants").text = str(assessment.dependants)
    etree.SubElement(heating, Q + "Ceiling").text = _amount(assessment.ceiling)
    return SsdnResult(body, details)


SERVICE = SsdnService(
    service_id="OCMWCPASHouseholdIncome",
    version="20090409",  # the heating-allowance flow's version (OCMWCPASHeatingAllocation, bcss-contracts §1.6)
    namespace=NS,
    request="HouseholdIncomeRequest",
    schema="ssdn/OCMW_CPAS/HouseholdIncome/HouseholdIncomeRequest.xsd",
    handler=household_income,
    contract="simulator",
)
