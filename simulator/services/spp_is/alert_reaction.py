"""PCSAAlertReactionService v1 (simulator contract): a CPAS's SPP IS alerts and its reactions to them.

The alerts ("clignotants", domain-facts §3.9) are computed from the world by
simulator/services/spp_is/clignotants.py; the CPAS must treat each one and give a feedback code,
which closes it. Two operations, legal context ``PCSA:SOCIAL_INQUIRY``, no integration needed (the
alerts are about the caller's own RIS files):

- ``consultAlerts``: the caller's alerts, OPEN (default), CLOSED or ALL, optionally those overlapping
  a period and/or about one SSIN;
- ``reactToAlert``: the SSIN and the alert id, a feedback code of FEEDBACK_CODES and a comment
  (required for 99); the reaction is stored with the sandbox's today and the alert is CLOSED.

Status codes of the service:

- ALRT0001 NO_DATA_FOUND: no alert matches the criteria (consultAlerts);
- ALRT0002 NO_DATA_FOUND: no alert with this id for this SSIN (reactToAlert);
- ALRT0003 NO_RESULT: the alert belongs to another CPAS;
- ALRT0004 NO_RESULT: the alert was already treated (information: its feedback code and date);
- ALRT0005 NO_RESULT: unknown feedback code;
- ALRT0006 NO_RESULT: feedback code 99 (other) needs a comment.
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
from simulator.services.spp_is import clignotants
from simulator.services.spp_is.outcomes import date_of, refusal
from simulator.soap import commonv3, ns
from simulator.world.store import alerts as store
from simulator.world.store.alerts import Reaction

# The feedback a CPAS gives on an alert (simulator list, after the SPP IS practice of §3.9: the CPAS
# says what it did with the information and keeps the evidence for the inspection).
FEEDBACK_CODES = {
    "01": "Ressources connues et déjà prises en compte / Bestaansmiddelen gekend en reeds in rekening gebracht",
    "02": "Aide revue avec récupération de l'indu / Hulp herzien met terugvordering",
    "03": "Aide revue pour l'avenir / Hulp herzien voor de toekomst",
    "04": "Revenus exonérés (exonération socio-professionnelle) / Vrijgestelde inkomsten (socio-professionele "
          "vrijstelling)",
    "05": "Donnée de la source erronée / Gegeven van de bron foutief",
    "06": "Pas de chevauchement réel des périodes / Geen werkelijke overlapping van de periodes",
    "99": "Autre motif (commentaire obligatoire) / Andere reden (commentaar verplicht)",
}
OTHER = "99"
OPEN, CLOSED = "OPEN", "CLOSED"

NO_ALERT = ("ALRT0001", "No alert matches the criteria.")
NO_SUCH_ALERT = ("ALRT0002", "No alert with this id for this SSIN.")
NOT_OWN_ALERT = ("ALRT0003", "The alert belongs to another CPAS.")
ALREADY_TREATED = ("ALRT0004", "The alert was already treated.")
UNKNOWN_FEEDBACK = ("ALRT0005", "Unknown feedback code.")
COMMENT_REQUIRED = ("ALRT0006", "Feedback code 99 (other) needs a comment.")




def _period(parent, tag: str, begin: dt.date, end: dt.date | None) -> None:
    node = etree.SubElement(parent, tag)
    etree.SubElement(node, "beginDate").text = begin.isoformat()
    if end is not None:
        etree.SubElement(node, "endDate").text = end.isoformat()


def alert_element(parent, alert: clignotants.Alert, reaction: Reaction | None) -> etree._Element:
    """One ``alert`` block (also what PCSASocialInquiry lists)."""
    node = etree.SubElement(parent, "alert")
    etree.SubElement(node, "alertId").text = alert.alert_id
    etree.SubElement(node, "ssin").text = alert.ssin
    etree.SubElement(node, "source").text = alert.income.source
    _period(node, "sourcePeriod", alert.income.begin, alert.income.end)
    aid = etree.SubElement(node, "aid")
    etree.SubElement(aid, "basis").text = alert.ris.basis
    if alert.ris.reference:
        etree.SubElement(aid, "reference").text = alert.ris.reference
    etree.SubElement(aid, "cpasNisCode").text = f"{alert.ris.cpas_nis:05d}"
    _period(aid, "period", alert.ris.begin, alert.ris.end)
    _period(node, "overlap", alert.begin, alert.end)
    etree.SubElement(node, "raisedDate").text = alert.raised_on.isoformat()
    etree.SubElement(node, "state").text = CLOSED if reaction else OPEN
    if reaction is not None:
        answer = etree.SubElement(node, "reaction")
        etree.SubElement(answer, "feedbackCode").text = reaction.feedback_code
        etree.SubElement(answer, "description").text = FEEDBACK_CODES[reaction.feedback_code]
        if reaction.comment:
            etree.SubElement(answer, "comment").text = reaction.comment
        etree.SubElement(answer, "reactionDate").text = reaction.reacted_on.isoformat()
    return node


def open_alerts(world, organisation, ssin: str, today: dt.date) -> list[clignotants.Alert]:
    """The organisation's untreated alerts about ``ssin`` at ``today``."""
    mine = [a for a in clignotants.alerts_for(world, ssin, today) if a.ris.belongs_to(organisation)]
    treated = store.reactions(world, (a.alert_id for a in mine))
    return [a for a in mine if a.alert_id not in treated]


def consult_alerts(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    state = criteria.findtext("state") or OPEN
    low = date_of(criteria.findtext("period/beginDate"))
    high = date_of(criteria.findtext("period/endDate"))
    reply = consultation_reply(call, ENDPOINT, "consultAlertsResponse", criteria)
    org = call.organisation
    try:
        check_legal_context(ENDPOINT, call)
        if ssin is not None:
            resolve_subject(call, ssin, needs_integration=False)
        people = [ssin] if ssin is not None else store.ris_files(call.world, org.cbe, org.nis)
        mine = [a for person in people for a in clignotants.alerts_for(call.world, person, call.today)
                if a.ris.belongs_to(org) and (high is None or a.begin <= high)
                and (low is None or a.end is None or a.end >= low)]
        treated = store.reactions(call.world, (a.alert_id for a in mine))
        found = [(a, treated.get(a.alert_id)) for a in mine
                 if state == "ALL" or (state == CLOSED) == (a.alert_id in treated)]
        if not found:
            raise refusal(NO_ALERT, commonv3.NO_DATA_FOUND)
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    for alert, reaction in found:
        alert_element(reply, alert, reaction)
    return reply


def react_to_alert(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")
    alert_id = criteria.findtext("alertId")
    code = criteria.findtext("feedbackCode")
    comment = (criteria.findtext("comment") or "").strip() or None
    reply = consultation_reply(call, ENDPOINT, "reactToAlertResponse", criteria)
    org = call.organisation
    try:
        check_legal_context(ENDPOINT, call)
        resolve_subject(call, ssin, needs_integration=False)
        alert = next((a for a in clignotants.alerts_for(call.world, ssin, call.today) if a.alert_id == alert_id),
                     None)
        if alert is None:
            raise refusal(NO_SUCH_ALERT, commonv3.NO_DATA_FOUND, ("ssin", ssin), ("alertId", alert_id))
        if not alert.ris.belongs_to(org):
            raise refusal(NOT_OWN_ALERT, commonv3.NO_RESULT, ("alertId", alert_id))
        done = store.reactions(call.world, [alert_id]).get(alert_id)
        if done is not None:
            raise refusal(ALREADY_TREATED, commonv3.NO_RESULT, ("feedbackCode", done.feedback_code),
                          ("reactionDate", done.reacted_on.isoformat()))
        if code not in FEEDBACK_CODES:
            raise refusal(UNKNOWN_FEEDBACK, commonv3.NO_RESULT, ("feedbackCode", code))
        if code == OTHER and comment is None:
            raise refusal(COMMENT_REQUIRED, commonv3.NO_RESULT, ("comment", None))
    except StatusError as outcome:
        return outcome.answer(reply)
    reaction = store.react(call.world, Reaction(alert_id, ssin, org.cbe, code, comment, call.today,
                                                call.now.isoformat()))
    call.notes["alert"] = alert_id
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    alert_element(reply, alert, reaction)
    return reply


ENDPOINT = SoaEndpoint(
    service="PCSAAlertReactionService",
    path="/SOA4520/PCSAAlertReactionService/v1/consultAlerts",
    namespace=ns.ALERT_REACTION_INTF,
    prefix="v1",
    wsdl="alert-reaction/PCSAAlertReactionServiceV1.wsdl",
    operations=(SoaOperation("consultAlerts", "consultAlertsRequest", "consultAlertsResponse", consult_alerts,
                             fault="consultAlertsFault"),
                SoaOperation("reactToAlert", "reactToAlertRequest", "reactToAlertResponse", react_to_alert,
                             fault="reactToAlertFault")),
    version="v1",
    contract="simulator",
    legal_contexts=(SOCIAL_INQUIRY,),
)
