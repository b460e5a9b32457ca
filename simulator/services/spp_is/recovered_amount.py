"""OCMWCPASRegisterRecoveredAmount (SSDN, simulator contract): an amount a CPAS recovered on a RIS.

When a CPAS gets RIS money back (paid unduly, refunded by the beneficiary), it registers the amount
against one of its own granted RIS attestations (ACCEPTED or STOPPED; for a corrected one, its latest
version) for the months the money was paid for. The SPP IS checks, before storing anything:

- the attestation exists for this SSIN (31012007), is the caller's (31012008), is the latest version
  (31012011, with the reference that replaced it) and granted something (a REFUSED one: 31012013);
- LastMonth is not before FirstMonth (31008003); the amount is more than 0 (31012016);
- every month meets the attestation's period and is not after the sandbox's current month (31012014);
- the amount is at most what was granted for those months minus what was already recovered for them
  (31012015). Granted for a month = the monthly amount x the share of the month's days the period
  covers; an earlier recovery counts for its months in equal parts; recoveries on the earlier versions
  of a corrected attestation count too.

The State's share of the amount goes back to the State at the attestation's reimbursement rate
(StateShare = Amount x rate / 100, rounded to the cent).
"""

from __future__ import annotations

import calendar
import datetime as dt

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, Call, SsdnResult
from simulator.services.registries.identity import detail, text
from simulator.services.spp_is.attestations import corrected_error, own_attestation
from simulator.services.spp_is.manage_attests import NS, add_text, first_checks, money, service
from simulator.soap import ssdn
from simulator.world.store import attestations as attestation_store
from simulator.world.store import recovered_amounts as store
from simulator.world.store.attestations import REFUSED, Attestation
from simulator.world.store.recovered_amounts import RecoveredAmount


def _month_text(value: str) -> str:
    """YYYY-MM of an xs:gYearMonth (a zone, if any, dropped)."""
    return value.strip()[:7]


def _covered_share(attestation: Attestation, month: str) -> float:
    """The share of ``month``'s days the attestation's (possibly shortened) period covers."""
    year, number = map(int, month.split("-"))
    length = calendar.monthrange(year, number)[1]
    first, last = dt.date(year, number, 1), dt.date(year, number, length)
    if not attestation.covers_something:
        return 0.0
    begin = max(first, attestation.begin)
    end = min(last, attestation.end) if attestation.end is not None else last
    return max(0, (end - begin).days + 1) / length


def _refusal(call: Call, attestation: Attestation, months: list[str], amount: float) -> tuple[list, float, float]:
    """(errors, granted for the months, already recovered for them)."""
    current = call.today.strftime("%Y-%m")
    for month in months:
        if month > current or _covered_share(attestation, month) == 0:
            return [detail(ERROR, codes.RECOVERY_OUTSIDE_PERIOD,
                           "The month is outside the attestation's period or not paid yet.", ("Month", month),
                           ("StartDate", attestation.begin.isoformat()),
                           ("EndDate", attestation.end.isoformat() if attestation.end else None))], 0.0, 0.0
    granted = sum(attestation.monthly_amount * _covered_share(attestation, m) for m in months)
    wanted = set(months)
    already = sum(r.amount * len(wanted.intersection(r.months)) / len(r.months) for r in store.recovered(
        call.world, attestation_store.versions(call.world, attestation.reference)))
    if amount > granted - already + 0.005:
        return [detail(ERROR, codes.RECOVERY_ABOVE_GRANTED,
                       "The amount is more than what was granted for the months minus what was already recovered.",
                       ("Amount", money(amount)), ("GrantedAmount", money(granted)),
                       ("AlreadyRecovered", money(already)))], granted, already
    return [], granted, already


def register_recovered_amount(call: Call) -> SsdnResult:
    ssin, answer = first_checks(call, "RegisterRecoveredAmountRequest")
    if answer is not None:
        return answer
    request = call.request
    reference = text(request, NS, "Reference")
    first = _month_text(text(request, NS, "FirstMonth"))
    last = _month_text(text(request, NS, "LastMonth") or first)
    amount = round(float(text(request, NS, "Amount")), 2)
    if last < first:
        return SsdnResult(None, [detail(ERROR, codes.BAD_PERIOD, "LastMonth is before FirstMonth.",
                                        ("FirstMonth", first), ("LastMonth", last))])
    if amount <= 0:
        return SsdnResult(None, [detail(ERROR, codes.RECOVERY_NOT_POSITIVE, "The amount must be more than 0.",
                                        ("Amount", money(amount)))])
    attestation, errors = own_attestation(call, ssin, reference)
    if errors:
        return SsdnResult(None, errors)
    replaced = corrected_error(call, attestation)
    if replaced is not None:
        return SsdnResult(None, [replaced])
    if attestation.status == REFUSED:
        return SsdnResult(None, [detail(ERROR, codes.NOTHING_GRANTED,
                                        "The attestation was refused: nothing was granted to recover.",
                                        ("Reference", reference))])
    errors, granted, already = _refusal(call, attestation, store.months(first, last), amount)
    if errors:
        return SsdnResult(None, errors)
    org, rate = call.organisation, attestation.reimbursement_rate
    saved = store.register(call.world, RecoveredAmount(
        None, "", reference, ssin, org.cbe, org.nis, first, last, amount, rate, round(amount * rate / 100, 2),
        call.now.isoformat()))
    call.notes["attestation"] = reference
    body = ssdn.body_element(NS, "RegisterRecoveredAmountReply")
    for tag, value in (("Reference", saved.reference), ("AttestationReference", reference), ("SSIN", ssin),
                       ("FirstMonth", first), ("LastMonth", last), ("Amount", money(amount)),
                       ("GrantedAmount", money(granted)), ("AlreadyRecovered", money(already)),
                       ("ReimbursementRate", money(rate)), ("StateShare", money(saved.state_share))):
        add_text(body, tag, value)
    return SsdnResult(body, [detail(INFORMATION, codes.AMOUNT_RECOVERED, "The recovered amount is registered.",
                                    ("Reference", saved.reference), ("StateShare", money(saved.state_share)))])


SERVICE = service("OCMWCPASRegisterRecoveredAmount", "RegisterRecoveredAmountRequest", register_recovered_amount)
