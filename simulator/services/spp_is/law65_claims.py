"""OCMWCPASWet65Loi65DF: the Law-65 claims (D1 monthly costs, D2 hospital and ambulant costs, F recoveries)
against the grants of forms B1/B2 (law65.py holds the frame every form shares and the grants).

D1 amounts: financial aid up to the RIS amount of the B1 category in force on the first day of the month
(twice that with DoubleMaximum), every other line only if the B1 granted that aid; D2 lines need a B2 (or a
B1 with medical costs) covering the entry date; F is accepted when the file has a grant. Amounts are euro
cents; a claim partly above its ceiling is PARTIALLYACCEPTED.
"""

from __future__ import annotations

import calendar
import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import Call, SsdnResult
from simulator.services.spp_is.law65 import (  # the frame every Law-65 form shares
    B2_AIDS,
    K,
    Q,
    _date,
    _errors_on_form,
    _identity,
    _int,
    _row,
    _service,
    _sub,
    _subject_codes,
    _treat,
    _true,
    _with_attest_id,
)
from simulator.world.store import law65 as store
from simulator.world.store.attestations import ACCEPTED, REFUSED
from simulator.world.store.law65 import PARTIALLY, Law65Decision

# D1 lines: request element (under DeliveredAmountsD1) -> (DecisionOnAmounts element, the B1 aid it needs)
D1_LINES = (("FinancialAid/{q}Amount", "FinancialAid", "FinancialAid"),
            ("MedicalCostsAmount", "MedicalCosts", "MedicalAndPharmaceuticalCosts"),
            ("PharmaceuticalCostsAmount", "PharmaceuticalCosts", "MedicalAndPharmaceuticalCosts"),
            ("MutBaseContributionAmount", "MutBaseContribution", "MutBaseContribution"),
            ("MutComplementaryContributionAmount", "MutComplementaryContribution", "MutComplementaryContribution"),
            ("MutRegularizationAmount", "MutRegularization", "MutRegularization"),
            ("RepatriationCostsAmount", "RapatriationCosts", "RepatriationCosts"),
            ("PlacementCostsAmount", "PlacementCosts", "PlacementCosts"),
            ("HousingCostsAmount", "HousingCosts", "HousingCosts"),
            ("BirthAllowance/{q}Amount", "BirthAllowance", "BirthAllowance"),
            ("GuaranteedChildAllowance/{q}Amount", "GuaranteedChildAllowance", "GuaranteedChildAllowances"),
            ("OtherRequestedAids", "OtherRequestedAids", "OtherRequestedAids"))
ACTIVATION_AMOUNTS = ("Art60p7Amount", "Art61Amount", "ActivationAmount", "PartnerconventionAmount", "AlimonyAmount")


# forms D1, D2, F --------------------------------------------------------------------------------


def _evaluation(errors: list[str], accepted: int) -> str:
    return ACCEPTED if not errors else PARTIALLY if accepted > 0 else REFUSED


def _decision_type(parent, tag: str, accepted: int) -> None:
    node = etree.SubElement(parent, Q + tag)
    _sub(node, K + "AcceptedAmount", accepted)
    _sub(node, K + "Percentage", 100 if accepted else 0)


def _d1(call: Call, file_id: str, form) -> tuple[Law65Decision, dict]:
    month = form.findtext(Q + "ReferenceMonth").strip()[:7]
    first = dt.date.fromisoformat(month + "-01")
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    ssin = form.findtext(Q + "SSIN")
    delivered = form.find(Q + "DeliveredAmountsD1")
    errors = _subject_codes(call, ssin)
    grants = [] if errors else [g for g in store.file_grants(call.world, call.organisation.cbe, file_id, ssin)
                                if g.form == "B1" and g.suffix == 0 and g.overlaps(first, last)]
    lines, claimed_total, accepted_total = [], 0, 0
    for path, tag, aid in D1_LINES:
        nodes = delivered.findall(Q + path.format(q=Q))
        if not nodes:
            continue
        claimed = sum(_int(n) for n in nodes)
        accepted = claimed
        if grants and aid not in grants[-1].aids:
            accepted = 0
            errors.append(codes.L65_AID_NOT_GRANTED)
        elif grants and tag == "FinancialAid":
            legal = call.world.ris_amount(grants[-1].category or 0, first)
            ceiling = int(round((legal or 0) * 100)) * (2 if _true(delivered.find(Q + "DoubleMaximum")) else 1)
            if claimed > ceiling:
                accepted = ceiling
                errors.append(codes.L65_ABOVE_CEILING)
        lines.append((tag, accepted))
        claimed_total += claimed
        accepted_total += accepted
    activation = {}
    for block in ("PrimaryBeneficiaryAids", "PartnerAids"):
        node = form.find(Q + block)
        amounts = [(a, _int(node.find(Q + a))) for a in ACTIVATION_AMOUNTS] if node is not None else []
        activation[block] = [(a, v) for a, v in amounts if node.find(Q + a) is not None]
        claimed_total += sum(v for _, v in activation[block])
        accepted_total += sum(v for _, v in activation[block])
    return _claim(call, file_id, form, "D1", ssin, 0, first, errors, grants, claimed_total, accepted_total,
                  {"lines": lines, "activation": activation, "ReferenceMonth": month})


def _claim(call, file_id, form, kind, ssin, suffix, begin, errors, grants, claimed, accepted, extra):
    """The row of a refund claim: no grant or a wrong total refuses all of it."""
    if not errors and not grants:
        errors.append(codes.L65_NO_GRANT)
    if grants and _int(form.find(Q + "TotalAmount")) != claimed:
        errors.append(codes.L65_TOTAL_MISMATCH)
    if not grants or codes.L65_TOTAL_MISMATCH in errors:
        accepted, extra = 0, {k: v for k, v in extra.items() if k not in ("lines", "activation", "bills")}
    row = _row(call, file_id, kind, ssin, suffix, begin, errors, evaluation=_evaluation(errors, accepted),
               claimed=claimed, accepted=accepted)
    return _with_attest_id(row, form), extra


def _d2(call: Call, file_id: str, form) -> tuple[Law65Decision, dict]:
    entry = _date(form.find(Q + "EntryDate"))
    ssin, suffix = form.findtext(Q + "SSIN"), int(form.findtext(Q + "Suffix"))
    delivered = form.find(Q + "DeliveredAmountsD2")
    errors = _subject_codes(call, ssin)
    grants = [] if errors else [g for g in store.file_grants(call.world, call.organisation.cbe, file_id, ssin)
                                if g.suffix == suffix and g.covers(entry)]
    granted = {a for g in grants for a in g.aids}
    if "MedicalAndPharmaceuticalCosts" in granted:  # a B1 with medical costs covers both kinds
        granted |= set(B2_AIDS)
    bills, claimed, accepted = [], 0, 0

    def take(amount: int, aid: str) -> int:
        nonlocal claimed, accepted
        claimed += amount
        if grants and aid not in granted:
            errors.append(codes.L65_AID_NOT_GRANTED)
            return 0
        accepted += amount
        return amount

    for bill in delivered.findall(Q + "HospitalizationcostsBill"):
        bills.append((bill.findtext(Q + "Number"), take(_int(bill.find(Q + "Amount")), "HospitalizationCosts")))
    remaining = delivered.find(Q + "HospitalizationCostsRemainingAmount")
    remaining = take(_int(remaining), "HospitalizationCosts") if remaining is not None else None
    ambulant = [(tag, take(_int(node), "AmbulantMedicalAndPharmaceuticalCosts"))
                for tag in ("MedicalcostsAmount", "PharmaceuticalCostsAmount")
                if (node := delivered.find(f"{Q}AmbultantCosts/{Q}{tag}")) is not None]
    return _claim(call, file_id, form, "D2", ssin, suffix, entry, errors, grants, claimed, accepted,
                  {"bills": (bills, remaining, ambulant, delivered.find(Q + "AmbultantCosts") is not None),
                   "EntryDate": entry.isoformat()})


def _f(call: Call, file_id: str, form) -> tuple[Law65Decision, dict]:
    reference = _date(form.find(Q + "ReferenceDate"))
    ssin, suffix = form.findtext(Q + "SSIN"), int(form.findtext(Q + "Suffix"))
    errors = _subject_codes(call, ssin)
    if not errors and not [g for g in store.file_grants(call.world, call.organisation.cbe, file_id, ssin)
                           if g.suffix == suffix]:
        errors.append(codes.L65_NO_GRANT)
    recovered = _int(form.find(f"{Q}RecoveringDetails/{Q}RecoveredAmount"))
    row = _row(call, file_id, "F", ssin, suffix, reference, errors, claimed=recovered,
               accepted=0 if errors else recovered)
    return _with_attest_id(row, form), {"ReferenceDate": reference.isoformat()}


def _amounts(result, extra: dict) -> None:
    if not any(k in extra for k in ("lines", "bills")):
        return
    amounts = etree.SubElement(result, Q + "DecisionOnAmounts")
    for tag, accepted in extra.get("lines", ()):
        if tag != "OtherRequestedAids":
            _decision_type(amounts, tag, accepted)
    if "bills" in extra:
        bills, remaining, ambulant, has_ambulant = extra["bills"]
        for number, accepted in bills:
            bill = etree.SubElement(amounts, Q + "HospitalizationcostsBill")
            _sub(bill, Q + "Number", number)
            _sub(bill, Q + "Amount", accepted)
        if remaining is not None:
            _sub(amounts, Q + "HospitalizationCostsRemainingAmount", remaining)
        if has_ambulant:
            node = etree.SubElement(amounts, Q + "AmbultantCosts")
            for tag, accepted in ambulant:
                _sub(node, Q + tag, accepted)
    for block, values in extra.get("activation", {}).items():
        if values:
            node = etree.SubElement(amounts, Q + block)
            for tag, accepted in values:
                _sub(node, Q + tag, accepted)
    for tag, accepted in extra.get("lines", ()):
        if tag == "OtherRequestedAids":
            _decision_type(amounts, tag, accepted)


def _df_forms(call: Call, file_id: str) -> tuple[list[tuple[Law65Decision, dict]], tuple]:
    request = call.request
    forms = [_d1(call, file_id, f) for f in request.findall(Q + "RefundformD1")]
    forms += [_d2(call, file_id, f) for f in request.findall(Q + "RefundFormD2")]
    return forms + [_f(call, file_id, f) for f in request.findall(Q + "RecoveringFormF")], ()


def _render_df(body, row: Law65Decision, extra: dict) -> None:
    result = etree.SubElement(body, Q + "DecisionResultDF")
    for tag in ("ReferenceMonth", "EntryDate", "ReferenceDate"):
        if tag in extra:
            _sub(result, Q + tag, extra[tag])
    _identity(result, row)
    _sub(result, Q + "Evaluation", row.evaluation)
    _errors_on_form(result, row.errors)
    if row.evaluation != REFUSED or row.form == "F":
        _amounts(result, extra)
        _sub(result, Q + "TotalAcceptedAmount", row.accepted)


def df_decision(call: Call) -> SsdnResult:
    return _treat(call, "DF_Decision", _df_forms, "RefundformD1", _render_df)


DF = _service("DF", "L65_DF_DecisionRequest", df_decision)
SERVICE = DF
