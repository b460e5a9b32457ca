"""SSINInformationService v1 ``consultSsinHistory``: which number is current, and how it evolved.

A simulator contract (no public BCSS contract), in the BCSS new-generation style. An identification
service: no prior integration is required. A number that was replaced answers DATA_FOUND/MSG00006
(not NO_RESULT as consultations do): the history *is* the answer. The history lists every
replacement that ended in the current number — BIS → RN, merged duplicates, corrections — oldest
first, including branches that do not pass through the number asked for.
"""

from __future__ import annotations

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
from simulator.soap import commonv3, ns
from simulator.world import ssin as numbers
from simulator.world.model import SsinReplacement

LEGAL_CONTEXT = SOCIAL_INQUIRY


def consult_ssin_history(call: Call) -> etree._Element:
    criteria = call.request.find("criteria")
    ssin = criteria.findtext("ssin")

    reply = consultation_reply(call, ENDPOINT, "consultSsinHistoryResponse", criteria)
    current = ssin
    try:
        check_legal_context(ENDPOINT, call)
        try:
            person = resolve_subject(call, ssin, needs_integration=False)
        except StatusError as outcome:
            if outcome.code != "MSG00006":
                raise
            current = call.world.replacement(ssin).new_ssin
            person = call.world.person(current, at=call.today)
    except StatusError as outcome:
        return outcome.answer(reply)
    if current != ssin:
        commonv3.status(reply, commonv3.DATA_FOUND, "MSG00006", information=[("ssin", ssin), ("replacedBy", current)])
    else:
        commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")

    info = etree.SubElement(reply, "ssinInformation")
    etree.SubElement(info, "currentSsin").text = current
    origin = person.kind if person is not None else numbers.parse(current).kind
    etree.SubElement(info, "origin").text = "RN" if origin == "RN" else "BIS"
    etree.SubElement(info, "requestedSsinStatus").text = "CURRENT" if current == ssin else "REPLACED"
    for step in history(call.world, current):
        el = etree.SubElement(info, "replacement")
        etree.SubElement(el, "oldSsin").text = step.old_ssin
        etree.SubElement(el, "newSsin").text = step.new_ssin
        etree.SubElement(el, "date").text = step.date.isoformat()
        etree.SubElement(el, "reason").text = step.reason
    return reply


def history(world, current: str) -> list[SsinReplacement]:
    """Every replacement that ended in ``current`` (walking back through the numbers each one
    replaced), oldest first."""
    steps: list[SsinReplacement] = []
    seen, todo = {current}, [current]
    while todo:
        for step in world.former_ssins(todo.pop()):
            if step.old_ssin not in seen:
                seen.add(step.old_ssin)
                steps.append(step)
                todo.append(step.old_ssin)
    return sorted(steps, key=lambda s: (s.date, s.old_ssin))


ENDPOINT = SoaEndpoint(
    service="SSINInformationService",
    path="/SOA4520/SSINInformationService/v1/consultSsinHistory",
    namespace=ns.SSIN_INFORMATION_INTF,
    prefix="v1",
    wsdl="ssin-information/SSINInformationServiceV1.wsdl",
    operations=(SoaOperation("consultSsinHistory", "consultSsinHistoryRequest", "consultSsinHistoryResponse",
                             consult_ssin_history, fault="consultSsinHistoryFault"),),
    version="v1",
    contract="simulator",
    legal_contexts=(LEGAL_CONTEXT,),
)
