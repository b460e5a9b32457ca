"""RetrieveTIGroups v2 ``retrieveTI``: the National Register file (TX25) of an integrated person.

Legal context ``PCSA:SOCIAL_INQUIRY`` is mandatory; the caller must have the person integrated at
the sandbox's now (MSG00012 otherwise). Reply order (v2): informationCustomer, informationCBSS,
legalContext, searchInformation, status, rrn_it_implicit.
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
from simulator.services.registries import ti_groups
from simulator.soap import commonv3, ns

LEGAL_CONTEXT = SOCIAL_INQUIRY

# A BIS person has no National Register file: the Register cannot deliver one.
FILE_NOT_ACCESSIBLE = ("RTIPC001", "The file of this person is not accessible in the National Register.")


def retrieve_ti(call: Call) -> etree._Element:
    search = call.request.find("searchInformation")
    ssin = search.findtext("ssin")
    lang = search.findtext("language") or "fr"
    history = (search.findtext("history") or "false").strip() in ("true", "1")

    reply = consultation_reply(call, ENDPOINT, "retrieveTIGroupsResponse", search)
    try:
        check_legal_context(ENDPOINT, call)
        person = resolve_subject(call, ssin, needs_integration=True)
        if person.kind != "RN":
            raise StatusError(FILE_NOT_ACCESSIBLE[0], commonv3.NO_DATA_FOUND, [("ssin", ssin)], FILE_NOT_ACCESSIBLE[1])
    except StatusError as outcome:
        return outcome.answer(reply)
    commonv3.status(reply, commonv3.DATA_FOUND, "MSG00000")
    reply.append(ti_groups.file_info(call.world, person, lang, call.today, history))
    return reply


ENDPOINT = SoaEndpoint(
    service="RetrieveTIGroupsService",
    path="/SOA4520/RetrieveTIGroupsService/v2/retrieveTI",
    namespace=ns.RETRIEVE_TI_INTF,
    prefix="v2",
    wsdl="retrieve-ti-groups/RetrieveTIGroupsV2.wsdl",
    operations=(SoaOperation("retrieveTI", "retrieveTIGroupsRequest", "retrieveTIGroupsResponse",
                             retrieve_ti, fault="retrieveTIGroupsFault"),),
    version="v2",
    contract="real",
    legal_contexts=(LEGAL_CONTEXT,),
    needs_integration=True,
)
