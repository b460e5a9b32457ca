"""The reference client's exchanges between CPAS (new generation, zeep on the WSDLs served): the
electronic social report (send, then the competent CPAS lists and reads what it received), the SPP IS
alerts ("clignotants": list, react) and the social inquiry status."""

from __future__ import annotations

SOCIAL_REPORT_PATH = "/SOA4520/ElectronicSocialReportService/v1/sendSocialReport"
ALERTS_PATH = "/SOA4520/PCSAAlertReactionService/v1/consultAlerts"
SOCIAL_INQUIRY_PATH = "/SOA4520/PCSASocialInquiryService/v1/consultSocialInquiry"
OK = "MSG00000"
NOT_INTEGRATED = "MSG00012"
NOTHING = {"ESRP0001": "none", "ALRT0001": "none"}  # "nothing matches": an answer, not a refusal
INQUIRY_BLOCKS = ("registeredAddress", "household", "incomes", "cpasAid", "alerts")


def _result(code: str) -> str:
    return "ok" if code == OK else NOTHING.get(code) or ("not_integrated" if code == NOT_INTEGRATED else "refused")


def _day(value) -> str | None:
    return value.isoformat() if value is not None else None


def period_of(value) -> dict:
    """A zeep period (beginDate, endDate?) as an outcome's {"start", "end"}."""
    return {"start": _day(value.beginDate), "end": _day(getattr(value, "endDate", None))}


class SocialActions:
    """Mixed into ReferenceClient: uses its ``soa`` and ``number``."""

    def do_send_social_report(self, ssin: str, report_date: str, summary: str = "Situation after the home visit.",
                              piis_kind: str | None = None) -> dict:
        report = {"ssin": self.number(ssin), "reportDate": report_date, "situation": {"summary": summary}}
        if piis_kind:
            report["piis"] = {"signedDate": report_date, "kind": piis_kind, "objective": ["Agreed in the PIIS"]}
        reply = self.soa(SOCIAL_REPORT_PATH, "sendSocialReport", socialReport=report)
        code = reply.status.code
        if code != OK:
            return {"result": _result(code), "code": code}
        competent = reply.socialReport.competentCpas
        return {"result": "sent", "reference": reply.socialReport.reference, "code": code,
                "competent": competent.nisCode if competent is not None else None}

    def do_read_social_reports(self, ssin: str) -> dict:
        """The reports received about the person (this CPAS being competent), each read in full."""
        listed = self.soa(SOCIAL_REPORT_PATH, "listSocialReports",
                          criteria={"direction": "RECEIVED", "ssin": self.number(ssin)})
        code = listed.status.code
        if code != OK:
            return {"result": _result(code), "reports": [], "code": code}
        reports = []
        for summary in listed.socialReportSummary or []:
            got = self.soa(SOCIAL_REPORT_PATH, "getSocialReport", criteria={"reference": summary.reference})
            if got.status.code != OK:
                return {"result": _result(got.status.code), "reports": reports, "code": got.status.code}
            report = got.socialReport
            reports.append({"reference": report.reference, "author": report.author.nisCode,
                            "report_date": _day(report.reportDate), "summary": report.situation.summary})
        return {"result": "ok", "reports": reports, "count": len(reports), "code": code}

    def do_list_alerts(self, ssin: str | None = None, state: str | None = None) -> dict:
        criteria = {key: value for key, value in (("ssin", ssin and self.number(ssin)), ("state", state)) if value}
        reply = self.soa(ALERTS_PATH, "consultAlerts", criteria=criteria)
        code = reply.status.code
        if code != OK:
            return {"result": _result(code), "alerts": [], "count": 0, "code": code}
        alerts = [_alert(a) for a in reply.alert or []]
        return {"result": "ok", "alerts": alerts, "count": len(alerts), "code": code}

    def do_react_to_alert(self, ssin: str, feedback_code: str, comment: str | None = None) -> dict:
        """React to the person's oldest open alert (the one a worker would treat first)."""
        listed = self.do_list_alerts(ssin, "OPEN")
        if listed["result"] != "ok":
            return listed
        alert = listed["alerts"][0]
        criteria = {"ssin": self.number(ssin), "alertId": alert["id"], "feedbackCode": str(feedback_code)}
        if comment:
            criteria["comment"] = comment
        reply = self.soa(ALERTS_PATH, "reactToAlert", criteria=criteria)
        code = reply.status.code
        if code != OK:
            return {"result": _result(code), "alert": alert["id"], "code": code}
        return {"result": "closed", **_alert(reply.alert), "code": code}

    def do_social_inquiry(self, ssin: str, reference_date: str | None = None) -> dict:
        criteria = {"ssin": self.number(ssin), **({"referenceDate": reference_date} if reference_date else {})}
        reply = self.soa(SOCIAL_INQUIRY_PATH, "consultSocialInquiry", criteria=criteria)
        code = reply.status.code
        if code != OK:
            return {"result": _result(code), "code": code}
        inquiry = reply.socialInquiry
        sources = {block: getattr(inquiry, block).sourceStatus for block in INQUIRY_BLOCKS}
        alerts = [a.alertId for a in inquiry.alerts.alert or []]
        competent = inquiry.registeredAddress.competentCpas
        return {"result": "ok", "sources": sources, "open_alerts": len(alerts), "alerts": alerts,
                "competent": competent.nisCode if competent is not None else None, "code": code}


def _alert(alert) -> dict:
    reaction = alert.reaction
    return {"id": alert.alertId, "ssin": alert.ssin, "source": alert.source, "state": alert.state,
            "overlap": period_of(alert.overlap), "feedback": reaction.feedbackCode if reaction is not None else None}
