"""Law of 2 April 1965 forms (SSDN): OCMWCPASWet65Loi65AB, OCMWCPASWet65Loi65C, OCMWCPASWet65Loi65DF.

A CPAS grants social aid to a person without the RIS right (typically a foreigner in the foreigners'
register) and asks SPP IS to refund it at 100 %, within the RIS-category ceilings (domain-facts §3.4):
form A identifies the person, B1 is the common decision (which aids, category, duration), B2 the
individual decisions (medical / hospital costs of one person), C cancels a grant (nature 1 refusal:
from its start; 2 withdrawal: from the C form's entry date), D1/D2 claim the monthly costs, F declares
recovered amounts. SPP IS evaluates each form at the sandbox's today and answers, per person and form,
ACCEPTED / REFUSED / PARTIALLYACCEPTED with its reference and the errors (ErrorsOnForm/Code = the
reason code's last six digits). Every form is stored (simulator/world/store/law65.py); the accepted
B1/B2 are the person's Law-65 statut every CPAS of the sandbox sees.

Conditions of a grant (B1 primary beneficiary, B2): the caller integrated the person with quality code
3 (ERIS) or 4 (other aid) at the entry date (domain-facts §5.3); the person is not in the population
register (register 1 = entitled to the RIS: simulation of "no RIS right"); alive at the entry date; no
granted RIS (attestations) or law-65 grant of ANOTHER CPAS overlapping the period; decision date not
after today and a period that does not end before it starts. Secondary beneficiaries of B1 are checked
for their number and death only. The integration periods a form declares (Integration /
Desintegration) are not written to the directory.

The ResultSummary of the ServiceReply is YES whenever the forms were evaluated (their evaluation is
in the body); request-level errors (file of another CPAS, no form) answer NO without a body.
ServiceIds from the SPP IS manual titles; versions simulator-assigned (none is public). This module
holds the frame every form shares, forms A/B1/B2 and C; the D1/D2/F claims are in law65_claims.py.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import replace

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import detail, subject_error, text
from simulator.soap import ns
from simulator.world.store import attestations as ris
from simulator.world.store import law65 as store
from simulator.world.store.attestations import ACCEPTED, REFUSED
from simulator.world.store.law65 import Law65Decision

NS, C65 = ns.SSDN_LOI65, ns.SSDN_LOI65_COMMON
Q, K, C = f"{{{NS}}}", f"{{{C65}}}", f"{{{ns.SSDN_COMMON}}}"
REQUEST_SCHEMA = "ssdn/OCMW_CPAS/LoiWet65/LoiWet65Request.xsd"
LAW65_PURPOSES = (3, 4)  # sector-17 quality codes: équivalent revenu d'intégration, autre aide
POPULATION_REGISTER = 1
FULL = 10000  # AB reply Percentage: hundredths of a percent (the State refunds law-65 aid at 100 %)
B1_AIDS = ("FinancialAid", "MedicalAndPharmaceuticalCosts", "MutBaseContribution", "MutComplementaryContribution",
           "MutRegularization", "RepatriationCosts", "PlacementCosts", "HousingCosts", "BirthAllowance",
           "GuaranteedChildAllowances", "OtherRequestedAids")
B2_AIDS = ("AmbulantMedicalAndPharmaceuticalCosts", "HospitalizationCosts")
REFUNDED_ORDER = B1_AIDS[:-1] + B2_AIDS + ("OtherRequestedAids",)  # RefundedAids children, in schema order
ACTIVATION = ("Art60p7", "Art61", "ActivationType", "PartnerConvention", "Alimony")
MESSAGES = {
    codes.L65_NOT_INTEGRATED: "The CPAS has not integrated the person with quality code 3 or 4 at the entry date.",
    codes.L65_RIS_ENTITLED: "The person is in the population register: entitled to the RIS, not to law-65 aid.",
    codes.L65_OTHER_CPAS: "A RIS or law-65 aid of another CPAS overlaps the period.",
    codes.L65_DECEASED: "The person died on or before the entry date.",
    codes.L65_DATES: "The dates are not coherent (decision after today, or a period ending before it starts).",
    codes.L65_NO_CATEGORY: "Financial aid needs a RIS category (1, 2 or 3).",
    codes.L65_NO_GRANT: "No accepted law-65 decision of this file covers the person at that date.",
    codes.L65_BAD_NATURE: "The nature of a cancellation is 1 (refusal) or 2 (withdrawal).",
    codes.L65_ALREADY_CANCELLED: "The decision was already cancelled.",
    codes.L65_ABOVE_CEILING: "The financial aid is above the RIS amount of the category: accepted up to it.",
    codes.L65_AID_NOT_GRANTED: "An amount is claimed for an aid the decision did not grant.",
    codes.L65_TOTAL_MISMATCH: "TotalAmount is not the sum of the amounts claimed.",
    codes.INVALID_SSIN: "The SSIN is not valid.",
    codes.REPLACED_SSIN: "The SSIN has been replaced; use the new SSIN.",
    codes.UNKNOWN_SSIN: "No person found for this SSIN.",
}


def _date(node) -> dt.date | None:
    return dt.date.fromisoformat(node.text.strip()[:10]) if node is not None and node.text else None


def _int(node, default: int = 0) -> int:
    return int(round(float(node.text))) if node is not None and node.text and node.text.strip() else default


def _true(node) -> bool:
    return node is not None and (node.text or "").strip() in ("true", "1")


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return day.replace(year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1]))


def period_end(entry: dt.date, duration) -> dt.date | None:
    """The last day of an aid of ``duration`` (Days, Weeks, Months added up) from ``entry``; None (open)
    when the duration is empty or zero."""
    months, weeks, days = (_int(duration.find(K + tag)) for tag in ("Months", "Weeks", "Days"))
    if not (months or weeks or days):
        return None
    return _add_months(entry, months) + dt.timedelta(weeks=weeks, days=days - 1)


def _other_cpas_overlaps(call: Call, ssin: str, begin: dt.date, end: dt.date | None) -> bool:
    cbe = call.organisation.cbe
    if any(a.status in ris.GRANTED and a.cpas_cbe != cbe for a in ris.attestations(call.world, ssin, begin=begin,
                                                                                     end=end)):
        return True
    return any(d.granted and d.cpas_cbe != cbe for d in store.decisions(call.world, ssin, forms=store.GRANTS,
                                                                        begin=begin, end=end))


SUBJECT_CODES = {codes.INVALID_SSIN, codes.REPLACED_SSIN, codes.UNKNOWN_SSIN}


def _activation(block) -> tuple[str, ...]:
    """The activation measures a B1 block grants: Art60p7 and the codes by their presence, the
    booleans when true."""
    if block is None:
        return ()
    found = ((a, block.find(K + a)) for a in ACTIVATION)
    return tuple(a for a, node in found if node is not None and (node.text or "").strip() not in ("false", "0"))


def _subject_codes(call: Call, ssin: str) -> list[str]:
    error = subject_error(call.world, ssin)
    return [error.reason] if error else []


def _dead_on(person, day: dt.date) -> bool:
    return person.death_date is not None and person.death_date <= day.isoformat()


def grant_errors(call: Call, ssin: str, begin: dt.date, end: dt.date | None, decision_date: dt.date) -> list[str]:
    """Why a B1 / B2 grant to ``ssin`` over [begin, end] is refused (empty: accepted)."""
    errors = _subject_codes(call, ssin)
    if errors:
        return errors
    world = call.world
    if not any(i.purpose in LAW65_PURPOSES for i in world.integrations(ssin, org_cbe=call.organisation.cbe, at=begin)):
        errors.append(codes.L65_NOT_INTEGRATED)
    person = world.person(ssin, at=begin)
    if person.register == POPULATION_REGISTER:
        errors.append(codes.L65_RIS_ENTITLED)
    if _dead_on(person, begin):
        errors.append(codes.L65_DECEASED)
    if _other_cpas_overlaps(call, ssin, begin, end):
        errors.append(codes.L65_OTHER_CPAS)
    if decision_date > call.today or (end is not None and end < begin):
        errors.append(codes.L65_DATES)
    return errors


def _row(call: Call, file_id: str, form: str, ssin: str, suffix: int, begin: dt.date, errors: list[str], *,
         end=None, category=None, aids=(), evaluation=None, claimed=0, accepted=0, decision_date=None) -> Law65Decision:
    org = call.organisation
    return Law65Decision(
        id=None, reference="", unique_attest_id="", cpas_cbe=org.cbe, cpas_nis=org.nis, file_id=file_id, form=form,
        ssin=ssin, suffix=suffix, begin=begin, end=end, category=category, aids=tuple(aids),
        evaluation=evaluation or (REFUSED if errors else ACCEPTED), errors=tuple(dict.fromkeys(errors)),
        claimed=claimed, accepted=accepted, decision_date=decision_date, created_at=call.now.isoformat())


def _with_attest_id(row: Law65Decision, form_node) -> Law65Decision:
    return replace(row, unique_attest_id=text(form_node, NS, "UniqueAttestID") or "")


# request and reply frame ------------------------------------------------------------------------


def _file(call: Call, local: str) -> tuple[str, str] | SsdnResult:
    """(KBOBCE as sent, FileID) of the request, or the request-level error."""
    request = call.request
    if request.tag != Q + local:
        return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "A mandatory argument is missing or empty.",
                                        ("FieldName", local))])
    kbo = request.findtext(f"{K}FileIdentification/{K}KBOBCE").strip()
    file_id = request.findtext(f"{K}FileIdentification/{K}FileID")
    if int(kbo) != int(call.organisation.cbe):
        return SsdnResult(None, [detail(ERROR, codes.L65_OTHER_FILE_OWNER,
                                        "The file belongs to another CPAS than the caller.",
                                        ("KBOBCE", kbo), ("OrgUnit", call.organisation.cbe))])
    return kbo, file_id


def _treat(call: Call, name: str, evaluate, first_form: str, render) -> SsdnResult:
    """What the three services share: check the file, evaluate the forms (``evaluate(call, file_id)`` ->
    ([(row, reply extras)], cancellations)), store them in one transaction, and answer one result per
    stored row (``render(body, saved row, extras)``), or the request-level error."""
    frame = _file(call, f"L65_{name}Request")
    if isinstance(frame, SsdnResult):
        return frame
    kbo, file_id = frame
    forms, cancellations = evaluate(call, file_id)
    if not forms:
        return SsdnResult(None, [detail(ERROR, codes.MISSING_ARGUMENT, "The request holds no form.",
                                        ("FieldName", first_form))])
    saved = store.record(call.world, [row for row, _ in forms], tuple(cancellations))
    call.notes["ssin"] = saved[0].ssin
    body = _reply(f"L65_{name}Reply", kbo, file_id)
    for row, (_, extra) in zip(saved, forms):
        render(body, row, extra)
    return SsdnResult(body)


def _reply(local: str, kbo: str, file_id: str) -> etree._Element:
    body = etree.Element(Q + local, nsmap={"ns3": NS, "ns4": C65})
    file = etree.SubElement(body, K + "FileIdentification")
    etree.SubElement(file, K + "KBOBCE").text = kbo
    etree.SubElement(file, K + "FileID").text = file_id
    return body


def _sub(parent, tag: str, value) -> etree._Element:
    node = etree.SubElement(parent, tag)
    node.text = value if isinstance(value, str) else str(value)
    return node


def _errors_on_form(parent, errors) -> None:
    for code in errors:
        node = etree.SubElement(parent, Q + "ErrorsOnForm")
        _sub(node, K + "Code", code[-6:])
        _sub(node, K + "Description", MESSAGES[code]).set("lang", "en")


def _identity(parent, saved: Law65Decision) -> None:
    _sub(parent, Q + "UniqueAttestID", saved.unique_attest_id)
    _sub(parent, Q + "ReferenceSPP_POD", saved.reference)
    _sub(parent, Q + "SSIN", saved.ssin)
    _sub(parent, Q + "Suffix", saved.suffix)


# forms A, B1, B2 --------------------------------------------------------------------------------


def _ab_forms(call: Call, file_id: str) -> tuple[list[tuple[Law65Decision, dict]], tuple]:
    """Evaluate forms A, B1 and B2: (row to store, what the reply adds) per person and form."""
    request, world, out = call.request, call.world, []
    form_a = request.find(Q + "IdentificationA")
    if form_a is not None:
        entry = _date(form_a.find(Q + "EntryDate"))
        primary = form_a.find(Q + "PrimaryBeneficiary")
        ssin = primary.findtext(f"{K}BeneficiaryID/{K}SSIN")
        errors = _subject_codes(call, ssin)
        if not errors:
            person = world.person(ssin, at=entry)
            errors += [codes.L65_RIS_ENTITLED] if person.register == POPULATION_REGISTER else []
            errors += [codes.L65_DECEASED] if _dead_on(person, entry) else []
        out.append((_with_attest_id(_row(call, file_id, "A", ssin, 0, entry, errors), form_a), {}))
        for secondary in form_a.findall(Q + "SecondaryBeneficiary"):
            ssin = secondary.findtext(f"{K}BeneficiaryID/{K}SSIN")
            row = _row(call, file_id, "A", ssin, int(secondary.findtext(Q + "Suffix")), entry,
                       _subject_codes(call, ssin))
            out.append((_with_attest_id(row, form_a), {}))
    b1 = request.find(Q + "CommonDecisionB1")
    if b1 is not None:
        entry = _date(b1.find(Q + "EntryDate"))
        end = period_end(entry, b1.find(K + "Duration"))
        decided = _date(b1.find(Q + "DecisionDate"))
        aids = tuple(a for a in B1_AIDS if _true(b1.find(f"{Q}RequestedAids/{Q}{a}")))
        category = b1.findtext(f"{Q}Situation/{Q}Category")
        category = int(category) if category and category.strip() in ("1", "2", "3") else None
        activation = {who: _activation(b1.find(Q + block))
                      for who, block in (("PrimaryBeneficiary", "PrimaryBeneficiaryAids"), ("Partner", "PartnerAids"))}
        ssin = b1.findtext(f"{Q}IdentificationPrimaryBeneficiary/{Q}SSIN")
        errors = grant_errors(call, ssin, entry, end, decided)
        if "FinancialAid" in aids and category is None and not set(errors) & SUBJECT_CODES:
            errors.append(codes.L65_NO_CATEGORY)
        row = _row(call, file_id, "B1", ssin, 0, entry, errors, end=end, category=category, aids=aids,
                   decision_date=decided)
        out.append((_with_attest_id(row, b1), {"activation": activation}))
        for secondary in b1.findall(Q + "IdentificationSecondaryBeneficiary"):
            ssin = secondary.findtext(Q + "SSIN")
            errors = _subject_codes(call, ssin)
            if not errors and _dead_on(world.person(ssin, at=entry), entry):
                errors.append(codes.L65_DECEASED)
            row = _row(call, file_id, "B1", ssin, int(secondary.findtext(Q + "Suffix")), entry, errors, end=end,
                       category=category, aids=aids, decision_date=decided)
            out.append((_with_attest_id(row, b1), {"activation": {}}))
    for b2 in request.findall(Q + "IndividualDecisionsB2"):
        entry = _date(b2.find(Q + "EntryDate"))
        decision = b2.find(Q + "DecisionB2")
        end = period_end(entry, decision.find(K + "Duration"))
        decided = _date(decision.find(K + "DecisionDate"))
        ssin = b2.findtext(Q + "SSIN")
        aids = tuple(a for a in B2_AIDS if _true(decision.find(K + a)))
        row = _row(call, file_id, "B2", ssin, int(b2.findtext(Q + "Suffix")), entry,
                   grant_errors(call, ssin, entry, end, decided), end=end, aids=aids, decision_date=decided)
        out.append((_with_attest_id(row, b2), {}))
    return out, ()


def _refunded_aids(parent, saved: Law65Decision, activation: dict) -> None:
    refunded = etree.SubElement(parent, Q + "RefundedAids")
    granted = saved.granted
    for aid in REFUNDED_ORDER:
        if granted and aid in saved.aids:
            _sub(refunded, Q + aid, "true")
    for who in ("PrimaryBeneficiary", "Partner"):
        flags = etree.SubElement(refunded, Q + who)
        for aid in activation.get(who, ()) if granted else ():
            _sub(flags, Q + aid, "true")


def _render_ab(body, row: Law65Decision, extra: dict) -> None:
    result = etree.SubElement(body, Q + "DecisionResult")
    _identity(result, row)
    _sub(result, Q + "EntryDate", row.begin.isoformat())
    if row.granted:
        _sub(result, Q + "Percentage", FULL)
    _sub(result, Q + "Evaluation", row.evaluation)
    _errors_on_form(result, row.errors)
    _refunded_aids(result, row, extra.get("activation", {}))
    if row.granted and row.end is not None:
        _sub(result, Q + "MaximumDate", row.end.isoformat())


def ab_decision(call: Call) -> SsdnResult:
    return _treat(call, "AB_Decision", _ab_forms, "IdentificationA", _render_ab)


# form C -----------------------------------------------------------------------------------------


def _target(call: Call, file_id: str, ssin: str, suffix: int, entry: dt.date) -> Law65Decision | None:
    """The grant a form C cancels: the latest one of the file for the person that started by ``entry``."""
    grants = [g for g in store.file_grants(call.world, call.organisation.cbe, file_id, ssin) if g.suffix == suffix]
    started = [g for g in grants if g.begin <= entry]
    return (started or grants or [None])[-1]


def _c_forms(call: Call, file_id: str) -> tuple[list[tuple[Law65Decision, dict]], list]:
    rows, cancellations = [], []
    for form in call.request.findall(Q + "CancellationFormC"):
        entry = _date(form.find(Q + "EntryDate"))
        ssin, suffix = form.findtext(Q + "SSIN"), int(form.findtext(Q + "Suffix"))
        nature = (form.findtext(f"{Q}AidCancellation/{Q}Decisionnature") or "").strip()
        decided = _date(form.find(f"{Q}AidCancellation/{Q}DecisionDate"))
        errors = _subject_codes(call, ssin)
        grant = None if errors else _target(call, file_id, ssin, suffix, entry)
        if not errors:
            if nature not in ("1", "2"):
                errors.append(codes.L65_BAD_NATURE)
            if grant is None:
                errors.append(codes.L65_NO_GRANT)
            elif grant.cancelled_on is not None:
                errors.append(codes.L65_ALREADY_CANCELLED)
            elif nature == "2" and not grant.covers(entry):
                errors.append(codes.L65_DATES)
            if decided > call.today:
                errors.append(codes.L65_DATES)
        if not errors:
            stop = grant.begin if nature == "1" else entry
            cancellations.append((grant.reference, stop, stop - dt.timedelta(days=1)))
        rows.append((_with_attest_id(_row(call, file_id, "C", ssin, suffix, entry, errors, aids=(nature,),
                                          decision_date=decided), form), {}))
    return rows, cancellations


def _render_c(body, row: Law65Decision, _extra: dict) -> None:
    result = etree.SubElement(body, Q + "DecisionResultC")
    _sub(result, Q + "EntryDate", row.begin.isoformat())
    _identity(result, row)
    _sub(result, Q + "Evaluation", row.evaluation)
    _errors_on_form(result, row.errors)


def c_decision(call: Call) -> SsdnResult:
    return _treat(call, "C_Decision", _c_forms, "CancellationFormC", _render_c)


def _service(suffix: str, request: str, handler) -> SsdnService:
    return SsdnService(service_id=f"OCMWCPASWet65Loi65{suffix}",
                       version="20260101",  # simulator-assigned (the real version is not public)
                       namespace=NS, request=request, schema=REQUEST_SCHEMA, handler=handler, contract="real")


AB = _service("AB", "L65_AB_DecisionRequest", ab_decision)
C_FORM = _service("C", "L65_C_DecisionRequest", c_decision)
SERVICES = (AB, C_FORM)  # the DF claims are in law65_claims.py
