"""SPP IS RIS decisions (SSDN): OCMWCPASRegisterAttest (new decisions and corrections), OCMWCPASStopAttest.

A CPAS sends its RIS decision (SSIN, category, period, monthly amount, PIIS); the SPP IS evaluates it
at the sandbox's today and answers ACCEPTED or REFUSED with the reasons as ResultSummary details.
Both are stored (status REFUSED for a refusal) and every CPAS of the sandbox lists them
(list_of_attestations.py). Conditions checked (domain-facts §3.2-3.4, §5.3):

- the caller has integrated the person with quality code 2 (RIS) over a period covering the start;
- no granted RIS of ANOTHER CPAS overlaps the period (the calling CPAS may overlap its own decisions);
- the monthly amount is at most the legal amount of the category at the start (ris_amount);
- age 18 or more at the start, or one of the exceptions of art. 7 law 2002, read from the world where it
  can be: emancipated by marriage (a civil state of married, widowed, divorced or separated beginning
  on or before the start), with a child (a filiation link to a child born on or before the start),
  pregnant (the world has no pregnancies: the request declares it with Pregnant). An accepted under-18
  decision says which exception applied (11012004). An incomplete birth date counts in the person's favour;
- alive at the start; an RN number (a BIS number has no residence in the National Register).

Reimbursement rate of an accepted RIS: the CPAS's tier (55 / 65 / 70 %, reimbursement.py) + 10 % with a
PIIS. A correction (CorrectedReference) is a new decision about the same start: evaluated by the same
rules; accepted, it replaces the old version (status CORRECTED, kept with the reference replacing it),
so every later answer - lists, overlaps, stops, recoveries, caseloads - sees the new one; refused, it
is stored REFUSED and the old version stays in force. Simulator contracts
(fixtures/contracts/ssdn/OCMW_CPAS/ManageAttests).
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, Call, SsdnResult
from simulator.services.registries.identity import detail, text
from simulator.services.spp_is import reimbursement
from simulator.services.spp_is.manage_attests import (
    NS,
    C,
    Q,
    add_period,
    date_of,
    first_checks,
    money,
    service,
)
from simulator.soap import ssdn
from simulator.world.store import attestations as store
from simulator.world.store.attestations import ACCEPTED, CORRECTED, GRANTED, REFUSED, RIS, Attestation

RIS_PURPOSE = 2  # sector-17 quality code "revenu d'intégration / leefloon"
ADULT = 18
EVER_MARRIED = (20, 30, 40, 41, 50, 51)  # married, widowed, divorced, separated: a marriage emancipates for good


def _adult_on(birth_date: str, day: dt.date) -> bool:
    """18 or more on ``day``; unknown month/day ('00') count as the earliest possible (in favour)."""
    try:
        limit = day.replace(year=day.year - ADULT)
    except ValueError:  # 29 February
        limit = day.replace(year=day.year - ADULT, day=28)
    return birth_date <= limit.isoformat()


def age_exception(world, ssin: str, day: dt.date, pregnant: bool) -> str | None:
    """Why a minor may get a RIS on ``day`` (MARRIED, CHILD, PREGNANT), or None."""
    if any(state.code in EVER_MARRIED and state.begin <= day for state in world.civil_states(ssin)):
        return "MARRIED"
    children = world.persons_by_ssin([link.child_ssin for link in world.children(ssin)], at=day)
    if any(child.birth_date <= day.isoformat() for child in children.values()):
        return "CHILD"
    return "PREGNANT" if pregnant else None


# RegisterAttest ---------------------------------------------------------------------------------


def _refusals(call: Call, ssin: str, category: int, begin: dt.date, end: dt.date | None, amount: float,
              legal: float | None, exception: str | None) -> list:
    world, org = call.world, call.organisation
    reasons = []
    if not any(i.purpose == RIS_PURPOSE for i in world.integrations(ssin, org_cbe=org.cbe, at=begin)):
        reasons.append(detail(ERROR, codes.RIS_NOT_INTEGRATED,
                              "The CPAS has not integrated the person with quality code 2 (RIS) at the start.",
                              ("SSIN", ssin), ("StartDate", begin.isoformat())))
    for other in store.attestations(world, ssin, kind=RIS, begin=begin, end=end):
        if other.status in GRANTED and other.cpas_cbe != org.cbe:
            reasons.append(detail(ERROR, codes.RIS_OTHER_CPAS, "Another CPAS grants a RIS over the period.",
                                  ("CPAS_KBOBCE_code", other.cpas_cbe), ("StartDate", other.begin.isoformat())))
            break
    if legal is None or amount > legal + 0.005:
        reasons.append(detail(ERROR, codes.RIS_ABOVE_LEGAL_AMOUNT,
                              "The monthly amount is above the legal amount of the category at the start.",
                              ("Category", str(category)), ("LegalAmount", money(legal) if legal else None),
                              ("MonthlyAmount", money(amount))))
    person = world.person(ssin, at=begin)
    if person.kind != "RN":
        reasons.append(detail(ERROR, codes.RIS_NO_RESIDENCE,
                              "A BIS number has no residence in the National Register.", ("SSIN", ssin)))
    if person.is_dead:
        reasons.append(detail(ERROR, codes.RIS_DECEASED, "The person died on or before the start.",
                              ("SSIN", ssin), ("DeathDate", person.death_date)))
    if not _adult_on(person.birth_date, begin) and exception is None:
        reasons.append(detail(ERROR, codes.RIS_UNDER_AGE,
                              "The person is under 18 at the start: not married, without a child, not declared "
                              "pregnant.", ("SSIN", ssin), ("BirthDate", person.birth_date)))
    return reasons


def own_attestation(call: Call, ssin: str, reference: str) -> tuple[Attestation | None, list]:
    """The caller's attestation ``reference`` about ``ssin``, or the error details when it is not one."""
    found = store.by_reference(call.world, reference)
    if found is None or found.ssin != ssin:
        return None, [detail(ERROR, codes.NO_SUCH_ATTESTATION, "No attestation with this reference for this SSIN.",
                             ("SSIN", ssin), ("Reference", reference))]
    if found.cpas_cbe != call.organisation.cbe:
        return None, [detail(ERROR, codes.NOT_OWN_ATTESTATION, "The attestation belongs to another CPAS.",
                             ("Reference", reference))]
    return found, []


def corrected_error(call: Call, attestation: Attestation):
    """The error detail when ``attestation`` was replaced by a correction, else None."""
    if attestation.status != CORRECTED:
        return None
    return detail(ERROR, codes.ALREADY_CORRECTED, "The attestation was corrected: use its latest version.",
                  ("Reference", attestation.reference),
                  ("ReplacedBy", store.replaced_by(call.world, attestation.reference)))


def _corrected(call: Call, ssin: str, reference: str, begin: dt.date) -> list:
    """Why the attestation cannot be corrected by a decision starting on ``begin`` (nothing is stored then)."""
    found, errors = own_attestation(call, ssin, reference)
    if errors:
        return errors
    replaced = corrected_error(call, found)
    if replaced is not None:
        return [replaced]
    if found.begin != begin:
        return [detail(ERROR, codes.CORRECTION_START_CHANGED,
                       "A correction keeps the start date; another start is a new decision.",
                       ("Reference", reference), ("StartDate", found.begin.isoformat()))]
    return []


def _accepted(saved: Attestation, corrected: str | None, exception: str | None) -> list:
    rate = ("ReimbursementRate", money(saved.reimbursement_rate))
    found = [detail(INFORMATION, codes.RIS_CORRECTED, "The correction is accepted and replaces the attestation.",
                    ("Reference", saved.reference), ("CorrectedReference", corrected), rate) if corrected else
             detail(INFORMATION, codes.RIS_ACCEPTED, "The RIS decision is accepted.", ("Reference", saved.reference),
                    rate)]
    if exception is not None:
        found.append(detail(INFORMATION, codes.RIS_AGE_EXCEPTION, "Under 18 at the start, accepted by exception.",
                            ("Exception", exception)))
    return found


def register_attest(call: Call) -> SsdnResult:
    ssin, answer = first_checks(call, "RegisterAttestRequest")
    if answer is not None:
        return answer
    request = call.request
    category = int(text(request, NS, "Category"))
    begin = date_of(request.find(f"{Q}Period/{C}StartDate"))
    end = date_of(request.find(f"{Q}Period/{C}EndDate"))
    if end is not None and end < begin:
        return SsdnResult(None, [detail(ERROR, codes.BAD_PERIOD, "The period ends before it starts.",
                                        ("StartDate", str(begin)), ("EndDate", str(end)))])
    corrects = text(request, NS, "CorrectedReference")
    if corrects is not None:
        errors = _corrected(call, ssin, corrects, begin)
        if errors:
            return SsdnResult(None, errors)
    amount = float(text(request, NS, "MonthlyAmount"))
    piis = text(request, NS, "PIIS") in ("true", "1")
    world, org = call.world, call.organisation
    legal = world.ris_amount(category, begin)
    person = world.person(ssin, at=begin)
    exception = None if _adult_on(person.birth_date, begin) else age_exception(
        world, ssin, begin, text(request, NS, "Pregnant") in ("true", "1"))
    refusals = _refusals(call, ssin, category, begin, end, amount, legal, exception)
    decision = Attestation(
        id=None, ssin=ssin, cpas_cbe=org.cbe, cpas_nis=org.nis, kind=RIS, category=category, begin=begin, end=end,
        monthly_amount=round(amount, 2), piis=piis,
        reimbursement_rate=None if refusals else reimbursement.ris_rate(world, org.nis, begin, piis),
        status=REFUSED if refusals else ACCEPTED, created_at=call.now.isoformat())
    replaces = corrects if corrects is not None and not refusals else None
    saved = store.correct(world, replaces, decision) if replaces else store.register(world, decision)
    call.notes["attestation"] = saved.reference
    body = ssdn.body_element(NS, "RegisterAttestReply")
    etree.SubElement(body, Q + "Reference").text = saved.reference
    etree.SubElement(body, Q + "Status").text = saved.status
    etree.SubElement(body, Q + "DecisionDate").text = call.today.isoformat()
    etree.SubElement(body, Q + "SSIN").text = ssin
    etree.SubElement(body, Q + "Category").text = str(category)
    add_period(body, "Period", begin, end)
    etree.SubElement(body, Q + "MonthlyAmount").text = money(saved.monthly_amount)
    if legal is not None:
        etree.SubElement(body, Q + "LegalAmount").text = money(legal)
    etree.SubElement(body, Q + "PIIS").text = str(piis).lower()
    if saved.reimbursement_rate is None:
        return SsdnResult(body, refusals)
    etree.SubElement(body, Q + "ReimbursementRate").text = money(saved.reimbursement_rate)
    if replaces:
        etree.SubElement(body, Q + "CorrectedReference").text = replaces
    return SsdnResult(body, _accepted(saved, replaces, exception))


# StopAttest -------------------------------------------------------------------------------------


def stop_attest(call: Call) -> SsdnResult:
    ssin, answer = first_checks(call, "StopAttestRequest")
    if answer is not None:
        return answer
    request = call.request
    reference = text(request, NS, "Reference")
    stop_date = date_of(request.find(Q + "StopDate"))
    found, errors = own_attestation(call, ssin, reference)
    if errors:
        return SsdnResult(None, errors)
    if found.status != ACCEPTED:
        return SsdnResult(None, [detail(ERROR, codes.ATTESTATION_NOT_ACTIVE,
                                        f"The attestation is {found.status}: only an accepted one can be stopped.",
                                        ("Reference", reference), ("Status", found.status))])
    if stop_date < found.begin or (found.end is not None and stop_date > found.end):
        return SsdnResult(None, [detail(ERROR, codes.STOP_OUTSIDE_PERIOD,
                                        "The stop date is outside the attestation's period.",
                                        ("StopDate", stop_date.isoformat()), ("StartDate", found.begin.isoformat()),
                                        ("EndDate", found.end.isoformat() if found.end else None))])
    stopped = store.stop(call.world, reference, stop_date)
    call.notes["attestation"] = reference
    body = ssdn.body_element(NS, "StopAttestReply")
    etree.SubElement(body, Q + "Reference").text = reference
    etree.SubElement(body, Q + "Status").text = stopped.status
    etree.SubElement(body, Q + "StopDate").text = stop_date.isoformat()
    add_period(body, "Period", stopped.begin, stopped.end)
    return SsdnResult(body, [detail(INFORMATION, codes.RIS_STOPPED, "The attestation is stopped.",
                                    ("Reference", reference), ("EndDate", stopped.end.isoformat()))])


REGISTER = service("OCMWCPASRegisterAttest", "RegisterAttestRequest", register_attest)
STOP = service("OCMWCPASStopAttest", "StopAttestRequest", stop_attest)
SERVICES = (REGISTER, STOP)
