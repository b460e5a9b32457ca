"""ElectronicSocialReportService v1 (simulator contract): the electronic social report between CPAS.

After its social inquiry a CPAS writes a social report (ESV/RSE, domain-facts §3.10): the situation
(summary, household, housing, income, the aid asked for) and the PIIS when one is signed (§3.3:
signing date, kind, objectives, evaluation dates). It sends it through BCSS so that the CPAS
competent for the person can take the file over. Three operations:

- ``sendSocialReport``: the caller must have integrated the person; the report is stored per sandbox
  and gets its reference; the reply names the CPAS competent at the report date;
- ``listSocialReports``: direction RECEIVED (the reports about ``ssin``, for the CPAS competent for
  that person at the sandbox's today: another CPAS gets ESRP0003) or SENT (what the caller sent,
  optionally about one ``ssin``);
- ``getSocialReport``: one report by reference, for its author or for the CPAS competent now.

Competence: simulator/services/spp_is/competence.py (the CPAS of the legal residence at the date,
else the one granting the RIS). Reading about a person (RECEIVED, or get by a non-author) also needs
the person integrated by the caller (MSG00012), as every consultation. Legal context
``PCSA:SOCIAL_INQUIRY``. Status codes of the service:

- ESRP0001 NO_DATA_FOUND: no social report matches the criteria;
- ESRP0002 NO_DATA_FOUND: no social report with this reference;
- ESRP0003 NO_RESULT: the caller is not the CPAS competent for the person (information: the
  competent CPAS's NIS code);
- ESRP0004 NO_RESULT: the report's dates do not hold together (report date after the sandbox's
  today, PIIS signed after the report date, an evaluation before the signing); information names it.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services.base import (
    SOCIAL_INQUIRY,
    Call,
    SoaEndpoint,
    SoaOperation,
    StatusError,
    check_legal_context,
    consultation_reply,
    resolve_subject,
)
from simulator.services.spp_is.competence import Competence, competent_cpas, is_competent
from simulator.services.spp_is.outcomes import date_of, refusal
from simulator.soap import commonv3, ns
from simulator.world.clock import utcnow
from simulator.world.store import social_reports as store
from simulator.world.store.social_reports import Piis, SocialReport

NO_REPORT = ("ESRP0001", "No social report matches the criteria.")
NO_SUCH_REPORT = ("ESRP0002", "No social report with this reference.")
NOT_COMPETENT = ("ESRP0003", "Your organisation is not the CPAS competent for this person.")
INCONSISTENT_DATES = ("ESRP0004", "The dates of the social report do not hold together.")
SITUATION_FIELDS = (("householdSituation", "household_situation"), ("housingSituation", "housing_situation"),
                    ("incomeSituation", "income_situation"), ("requestedAid", "requested_aid"))




# Reading the request -------------------------------------------------------------------------------


def _read_report(call: Call, node: etree._Element, ssin: str) -> SocialReport:
    """The report as sent, its dates checked (ESRP0004)."""
    report_date = date_of(node.findtext("reportDate"))
    if report_date > call.today:
        raise refusal(INCONSISTENT_DATES, commonv3.NO_RESULT, ("reportDate", report_date.isoformat()))
    situation = node.find("situation")
    piis = None
    piis_node = node.find("piis")
    if piis_node is not None:
        signed = date_of(piis_node.findtext("signedDate"))
        if signed > report_date:
            raise refusal(INCONSISTENT_DATES, commonv3.NO_RESULT, ("piis/signedDate", signed.isoformat()))
        evaluations = tuple(sorted(date_of(e.text) for e in piis_node.findall("evaluationDate")))
        if evaluations and evaluations[0] < signed:
            raise refusal(INCONSISTENT_DATES, commonv3.NO_RESULT,
                          ("piis/evaluationDate", evaluations[0].isoformat()))
        piis = Piis(signed, piis_node.findtext("kind"),
                    tuple(o.text.strip() for o in piis_node.findall("objective")), evaluations)
    org = call.organisation
    fields = {attr: (situation.findtext(tag) or "").strip() or None for tag, attr in SITUATION_FIELDS}
    return SocialReport(id=None, reference="", ssin=ssin, author_cbe=org.cbe, author_nis=org.nis,
                        report_date=report_date, summary=situation.findtext("summary").strip(), piis=piis,
                        sent_at=call.now.isoformat(), **fields)


# Writing the reply --------------------------------------------------------------------------------


def _cpas(parent, tag: str, nis: int, cbe: str | None) -> None:
    node = etree.SubElement(parent, tag)
    etree.SubElement(node, "nisCode").text = f"{nis:05d}"
    if cbe:
        etree.SubElement(node, "cbeNumber").text = cbe


def _identify(parent, tag: str, report: SocialReport) -> etree._Element:
    """The block every view of a report starts with: reference, person, author."""
    node = etree.SubElement(parent, tag)
    etree.SubElement(node, "reference").text = report.reference
    etree.SubElement(node, "ssin").text = report.ssin
    _cpas(node, "author", report.author_nis, report.author_cbe)
    return node


def _summary(parent, report: SocialReport) -> None:
    node = _identify(parent, "socialReportSummary", report)
    etree.SubElement(node, "reportDate").text = report.report_date.isoformat()
    etree.SubElement(node, "sentDate").text = report.sent_on.isoformat()
    etree.SubElement(node, "piis").text = str(report.piis is not None).lower()


def _report(parent, report: SocialReport, competence: Competence | None) -> None:
    node = _identify(parent, "socialReport", report)
    if competence is not None:
        _cpas(node, "competentCpas", competence.nis, competence.cbe)
    etree.SubElement(node, "reportDate").text = report.report_date.isoformat()
    etree.SubElement(node, "sentDate").text = report.sent_on.isoformat()
    situation = etree.SubElement(node, "situation")
    etree.SubElement(situation, "summary").text = report.summary
    for tag, attr in SITUATION_FIELDS:
        if getattr(report, attr):
            etree.SubElement(situation, tag).text = getattr(report, attr)
    if report.piis is not None:
        piis = etree.SubElement(node, "piis")
        etree.SubElement(piis, "signedDate").text = report.piis.signed.isoformat()
        etree.SubElement(piis, "kind").text = report.piis.kind
        for objective in report.piis.objectives:
            etree.SubElement(piis, "objective").text = objective
        for day in report.piis.evaluations:
            etree.SubElement(piis, "evaluationDate").text = day.isoformat()


def _competence(call: Call, ssin: str, at: dt.date) -> Competence | None:
    return competent_cpas(call.world, call.organisations, ssin, at)


def _check_competent(call: Call, ssin: str) -> Competence | None:
    """ESRP0003 unless the caller is competent for ``ssin`` today; then the integration (MSG00012)."""
    competence = _competence(call, ssin, call.today)
    if not is_competent(competence, call.organisation):
        raise refusal(NOT_COMPETENT, commonv3.NO_RESULT, ("ssin", ssin),
                      ("competentCpas", f"{competence.nis:05d}" if competence else None))
    resolve_subject(call, ssin, needs_integration=True)
    return competence


# Operations ---------------------------------------------------------------------------------------


def send_social_report(call: Call) -> etree._Element:
    node = call.request.find("socialReport")
    ssin = node.findtext("ssin")
    reply = commonv3.response_root(f"{{{ENDPOINT.namespace}}}sendSocialReportResponse", ENDPOINT.prefix)
    commonv3.echo_customer(reply, call.customer)
    commonv3.information_cbss(reply, call.exchange, utcnow())
    commonv3.legal_context(reply, call.request.findtext("legalContext"))
    try:
        check_legal_context(ENDPOINT, call)
        resolve_subject(call, ssin, needs_integration=True)
        report = _read_report(call, node, ssin)
    except StatusError as outcome:
        return outcome.answer(reply)
    saved = store.send(call.world, report)
    call.notes["social_report"] = saved.reference
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    _report(reply, saved, _competence(call, ssin, saved.report_date))
    return reply


def list_social_reports(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    direction = criteria.findtext("direction")
    reply = consultation_reply(call, ENDPOINT, "listSocialReportsResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        if direction == "SENT":
            if ssin is not None:
                resolve_subject(call, ssin, needs_integration=False)
            found = store.sent_by(call.world, call.organisation.cbe, ssin)
        else:
            if ssin is None:  # the schema cannot say "required for RECEIVED"
                raise StatusError("MSG00008", information=[("ssin", None)])
            resolve_subject(call, ssin, needs_integration=False)
            _check_competent(call, ssin)
            found = store.about(call.world, ssin)
        found = [r for r in found if r.sent_on <= call.today]
        if not found:
            raise refusal(NO_REPORT, commonv3.NO_DATA_FOUND, *([("ssin", ssin)] if ssin else []))
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    for report in found:
        _summary(reply, report)
    return reply


def get_social_report(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    reference = criteria.findtext("reference")
    reply = consultation_reply(call, ENDPOINT, "getSocialReportResponse", criteria)
    try:
        check_legal_context(ENDPOINT, call)
        report = store.by_reference(call.world, reference)
        if report is None or report.sent_on > call.today:
            raise refusal(NO_SUCH_REPORT, commonv3.NO_DATA_FOUND, ("reference", reference))
        call.notes["ssin"] = report.ssin
        if report.author_cbe == call.organisation.cbe:
            competence = _competence(call, report.ssin, call.today)
        else:
            competence = _check_competent(call, report.ssin)
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    _report(reply, report, competence)
    return reply


def _operation(name: str, handler) -> SoaOperation:
    return SoaOperation(name, f"{name}Request", f"{name}Response", handler, fault=f"{name}Fault")


ENDPOINT = SoaEndpoint(
    service="ElectronicSocialReportService",
    path="/SOA4520/ElectronicSocialReportService/v1/sendSocialReport",
    namespace=ns.SOCIAL_REPORT_INTF,
    prefix="v1",
    wsdl="electronic-social-report/ElectronicSocialReportServiceV1.wsdl",
    operations=(_operation("sendSocialReport", send_social_report),
                _operation("listSocialReports", list_social_reports),
                _operation("getSocialReport", get_social_report)),
    version="v1",
    contract="simulator",
    legal_contexts=(SOCIAL_INQUIRY,),
    needs_integration=True,
)
