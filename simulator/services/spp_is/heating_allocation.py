"""OCMWCPASHeatingAllocation (SSDN, 20090409): the CPAS's heating-allowance decision for one delivery.

The CPAS sends the household category it retained (1 BIM/VT, 2 low income, 3 debt mediation) and the
invoice (amount, litres, dwellings served, delivery date, fuel); SPP IS computes the allowance and
records the decision, accepted or refused (domain-facts §3.7). Conditions, every failed one listed:

- a covered fuel: heating gas oil (pump or bulk), lamp petroleum type c (pump), bulk propane;
- the request comes within 60 days of the delivery, and the delivery is not in the future;
- the caller has integrated the person with quality code 40 (heating allowance) over today;
- the household qualifies for the category at the delivery date, by the household-income rules of
  OCMWCPASHouseholdIncome (assess_household): 1 when a member has the increased intervention, 2 when
  the taxable income is within the ceiling, 3 when some CPAS has the person integrated with quality
  code 7 (debt mediation) at the delivery date (the world has no other debt data);
- room left under the household's yearly ceilings (calendar year of delivery, all CPAS together):
  bulk fuels 2,000 litres and 560 EUR from 1 July 2022 (1,500 l and 300 EUR before); at the pump one
  forfait a year, 456 EUR (210 EUR before). A bulk delivery is counted for the household's share
  (litres / dwellings) and cut to what is left (warning 21016001).

Allowance per litre: 0.28 EUR from 1 July 2022 (560 / 2,000), 0.20 EUR before (300 / 1,500), never
more than the price paid per litre; the price-dependent scale of the real rules (14 to 20 cents) is
not modelled. Simulator contract on the namespaces and names of the one public example request.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, WARNING, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import detail, subject_error
from simulator.services.spp_is.household_income import assess_household
from simulator.soap import ns
from simulator.world.store import heating_allowances as store
from simulator.world.store.attestations import ACCEPTED, REFUSED
from simulator.world.store.heating_allowances import HeatingAllowance

Q, D, R = f"{{{ns.HEATING_REQUEST}}}", f"{{{ns.HEATING_DATA_TYPES}}}", f"{{{ns.HEATING_REPLY}}}"
PUMP, BULK = "PUMP", "BULK"
FUELS = {1: PUMP, 2: PUMP, 3: BULK, 4: BULK}  # covered UnitFuel codes; 5-8 are not covered
APPLY_WITHIN = dt.timedelta(days=60)
HEATING_PURPOSE = 40  # sector-17 quality code "bénéficiaire de l'allocation de chauffage"
DEBT_MEDIATION_PURPOSE = 7  # sector-17 quality code "médiation collective de dettes / guidance budgétaire"
INVOICE_UNIT = 10_000  # Amount is in ten-thousandths of a euro


class Ceilings:
    """The yearly ceilings and the allowance per litre in force at a delivery date."""

    REFORM = dt.date(2022, 7, 1)

    def __init__(self, delivery: dt.date):
        recent = delivery >= self.REFORM
        self.litres = 2000 if recent else 1500
        self.bulk_amount = 560.0 if recent else 300.0
        self.pump_forfait = 456.0 if recent else 210.0
        self.per_litre = 0.28 if recent else 0.20


def _household_category(call: Call, ssin: str, at: dt.date, sent: int) -> str:
    """The category sent when the household qualifies for it at ``at``, else the first it qualifies for, or NONE."""
    assessment = assess_household(call.world, ssin, at)
    debt = any(i.purpose == DEBT_MEDIATION_PURPOSE for i in call.world.integrations(ssin, at=at))
    qualifies = {1: assessment.increased, 2: assessment.taxable <= assessment.ceiling, 3: debt}
    if qualifies[sent]:
        return str(sent)
    return next((str(c) for c, ok in qualifies.items() if ok), "NONE")


def _refusals(call: Call, ssin: str, category: int, household_category: str, fuel: int,
              delivery: dt.date) -> list:
    reasons = []
    if fuel not in FUELS:
        reasons.append(detail(ERROR, codes.HEATING_FUEL_NOT_COVERED, "The fuel is not covered by the heating allowance.",
                              ("UnitFuel", str(fuel))))
    if delivery > call.today:
        reasons.append(detail(ERROR, codes.HEATING_FUTURE_DELIVERY, "The delivery date is after today.",
                              ("DeliveryDate", delivery.isoformat())))
    elif call.today - delivery > APPLY_WITHIN:
        reasons.append(detail(ERROR, codes.HEATING_LATE, "The request comes more than 60 days after the delivery.",
                              ("DeliveryDate", delivery.isoformat()), ("Today", call.today.isoformat())))
    integrations = call.world.integrations(ssin, org_cbe=call.organisation.cbe, at=call.today)
    if not any(i.purpose == HEATING_PURPOSE for i in integrations):
        reasons.append(detail(ERROR, codes.HEATING_NOT_INTEGRATED,
                              "The CPAS has not integrated the person with quality code 40 (heating allowance).",
                              ("SSIN", ssin)))
    if household_category != str(category):
        reasons.append(detail(ERROR, codes.HEATING_CATEGORY_MISMATCH,
                              "The household does not qualify for this category at the delivery date.",
                              ("Category", str(category)), ("HouseholdCategory", household_category)))
    return reasons


def _allowance(fuel: int, share: int, price: float, ceilings: Ceilings,
               year: list[HeatingAllowance]) -> tuple[int, float, list]:
    """(litres taken into account, allowance in euro, details) under the household's yearly ceilings."""
    if FUELS[fuel] == PUMP:
        if any(FUELS.get(a.fuel) == PUMP for a in year):
            return 0, 0.0, [detail(ERROR, codes.HEATING_YEAR_CEILING,
                                   "The household already received the pump forfait this year.")]
        return 0, ceilings.pump_forfait, []
    bulk = [a for a in year if FUELS.get(a.fuel) == BULK]
    litres_left = ceilings.litres - sum(a.allowed_quantity for a in bulk)
    amount_left = round(ceilings.bulk_amount - sum(a.amount for a in bulk), 2)
    if litres_left <= 0 or amount_left <= 0:
        return 0, 0.0, [detail(ERROR, codes.HEATING_YEAR_CEILING,
                               "The household's yearly ceiling is reached.", ("Litres", str(ceilings.litres)))]
    litres = min(share, litres_left)
    amount = min(round(litres * min(ceilings.per_litre, price), 2), amount_left)
    if litres < share:
        return litres, amount, [detail(WARNING, codes.HEATING_CEILING_REDUCED,
                                       "Fewer litres are taken into account: the yearly ceiling is reached.",
                                       ("Quantity", str(litres)), ("Share", str(share)))]
    return litres, amount, []


def heating_allocation(call: Call) -> SsdnResult:
    request = call.request
    if request.tag != Q + "AllocationRequest":
        return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                        ("FieldName", "AllocationRequest"))])
    beneficiary = request.find(f"{Q}ComputeAllocation/{Q}PrimaryBeneficiary")
    ssin = beneficiary.findtext(Q + "SSIN").strip()
    call.notes["ssin"] = ssin
    error = subject_error(call.world, ssin)
    if error is not None:
        return SsdnResult(None, [error])
    org = call.organisation
    kbo = request.findtext(f"{Q}OCMW_CPAS/{Q}KboBceNumber").strip()
    if kbo != org.cbe:
        return SsdnResult(None, [detail(ERROR, codes.HEATING_OTHER_CPAS, "The deciding CPAS is not the caller.",
                                        ("KboBceNumber", kbo), ("OrgUnit", org.cbe))])
    category = int(beneficiary.findtext(Q + "Category"))
    invoice = request.find(f"{Q}ComputeAllocation/{Q}Invoice")
    amount, quantity, housing, fuel = (int(invoice.findtext(D + t)) for t in ("Amount", "Quantity", "HousingNumber",
                                                                              "UnitFuel"))
    delivery = dt.date.fromisoformat(invoice.findtext(D + "DeliveryDate").strip()[:10])
    household = call.world.household(ssin, delivery)
    household_id = household.id if household is not None else None
    household_category = _household_category(call, ssin, delivery, category)
    details = _refusals(call, ssin, category, household_category, fuel, delivery)
    ceilings = Ceilings(delivery)
    year = store.household_year(call.world, household_id, ssin, delivery.year)
    litres, allowance = 0, 0.0
    if not details:
        share = round(quantity / housing)
        price = amount / INVOICE_UNIT / quantity
        litres, allowance, details = _allowance(fuel, share, price, ceilings, year)
    refused = any(d.severity == ERROR for d in details)
    saved = store.record(call.world, HeatingAllowance(
        id=None, reference="", cpas_cbe=org.cbe, cpas_nis=org.nis, ssin=ssin, household_id=household_id,
        category=category, household_category=household_category, fuel=fuel, delivery_date=delivery,
        quantity=quantity, housing_number=housing, invoice_amount=amount, allowed_quantity=0 if refused else litres,
        amount=0.0 if refused else allowance, evaluation=REFUSED if refused else ACCEPTED,
        errors=tuple(d.reason for d in details if d.severity == ERROR), created_at=call.now.isoformat()))
    call.notes["heating_allowance"] = saved.reference
    counted = year + ([saved] if not refused else [])
    body = etree.Element(R + "AllocationReply", nsmap={"ns3": ns.HEATING_REPLY})
    for tag, value in (("Reference", saved.reference), ("Evaluation", saved.evaluation), ("SSIN", ssin),
                       ("Category", category), ("HouseholdCategory", household_category),
                       ("DeliveryDate", delivery.isoformat()), ("UnitFuel", fuel),
                       ("Quantity", saved.allowed_quantity), ("AllocationAmount", f"{saved.amount:.2f}"),
                       ("YearQuantity", sum(a.allowed_quantity for a in counted)),
                       ("YearAmount", f"{sum(a.amount for a in counted):.2f}")):
        etree.SubElement(body, R + tag).text = str(value)
    if not refused:
        details = [detail(INFORMATION, codes.HEATING_ACCEPTED, "The heating allowance is accepted.",
                          ("Reference", saved.reference), ("AllocationAmount", f"{saved.amount:.2f}"),
                          ("Quantity", str(saved.allowed_quantity))), *details]
    return SsdnResult(body, details)


SERVICE = SsdnService(
    service_id="OCMWCPASHeatingAllocation",
    version="20090409",  # bcss-contracts §1.6 (the public example request)
    namespace=ns.HEATING_REQUEST,
    request="AllocationRequest",
    schema="ssdn/OCMW_CPAS/HeatingAllocation/HeatingAllocationRequest.xsd",
    handler=heating_allocation,
    contract="simulator",
)
