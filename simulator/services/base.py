"""What every service module shares: the call it receives, the descriptors it declares, and the
checks BCSS applies before answering (customer, legal context, SSIN, replacement, integration).

Services build their payloads with lxml (their contract's elements) and never see spyne or Flask:
the wire (simulator.soap.host) reads these descriptors, mounts the endpoints and calls the handlers.
"""

from __future__ import annotations

import copy
import datetime as dt
from dataclasses import dataclass, field
from typing import Callable

from lxml import etree

from simulator.access.organizations import Organisation, Organisations
from simulator.soap import commonv3
from simulator.soap.ssdn import Detail  # noqa: F401  (services build SSDN details with it)
from simulator.world import ssin as numbers
from simulator.world.clock import utcnow
from simulator.world.store import WorldStore


@dataclass
class Call:
    """One request as a handler sees it."""

    world: WorldStore
    organisations: Organisations
    organisation: Organisation | None  # the authenticated caller, when the wire could tell
    request: etree._Element  # the operation element (SOA wrapper, or the SSDN service body)
    now: dt.datetime  # the sandbox clock
    received: dt.datetime  # real UTC time the request arrived (for CBSS timestamps)
    notes: dict = field(default_factory=dict)  # what the handler wants journaled (e.g. subject ssin)
    customer: commonv3.Customer | None = None  # new generation: informationCustomer as sent
    exchange: commonv3.Exchange | None = None  # new generation: our ticket and receive time
    forced_status: Exception | None = None  # a scenario stub's answer, given instead of the treatment

    @property
    def today(self) -> dt.date:
        return self.now.date()


# New generation (SOA4520) ----------------------------------------------------------------------


@dataclass(frozen=True)
class SoaOperation:
    name: str  # e.g. retrieveTI
    request: str  # local name of the request wrapper, e.g. retrieveTIGroupsRequest
    response: str  # local name of the response wrapper
    handler: Callable[[Call], etree._Element]
    fault: str | None = None  # local name of the fault wrapper (CBSSFaultType), if the contract has one


@dataclass(frozen=True)
class SoaEndpoint:
    """One new-generation endpoint: mounted at ``path``, described by ``wsdl`` (under fixtures/contracts)."""

    service: str  # e.g. RetrieveTIGroupsService (soapAction and /SOA4520/<service>/...)
    path: str
    namespace: str  # types namespace of the wrappers
    prefix: str  # prefix BCSS uses on the wrappers (v1, v2 ...)
    wsdl: str  # requests are validated against the types it embeds
    operations: tuple[SoaOperation, ...]
    version: str
    contract: str  # "real" (matches the public BCSS contract) or "simulator"
    legal_contexts: tuple[str, ...] = ()  # accepted legal contexts; empty = none required
    needs_integration: bool = False

    @property
    def paths(self) -> tuple[str, ...]:
        """Where the endpoint answers: its address and, for several operations, ``<base>/<operation>``
        for each (BCSS publishes one URL per operation; a client built from the WSDL posts every
        operation to the address, and spyne dispatches on the body element either way)."""
        if len(self.operations) == 1:
            return (self.path,)
        base = self.path.rsplit("/", 1)[0]
        return tuple(dict.fromkeys((self.path, *(f"{base}/{op.name}" for op in self.operations))))


# Legacy SSDN ------------------------------------------------------------------------------------

INFORMATION, WARNING, ERROR = "INFORMATION", "WARNING", "ERROR"

# What every new-generation consultation shares.
SOCIAL_INQUIRY = "PCSA:SOCIAL_INQUIRY"  # the legal context of a CPAS social inquiry
GENDER_CODES = {0: "UNKNOWN", 1: "MALE", 2: "FEMALE"}

@dataclass
class SsdnResult:
    """What an SSDN handler returns: the service body (None on error) and the details."""

    body: etree._Element | None
    details: list[Detail] = field(default_factory=list)


@dataclass(frozen=True)
class SsdnService:
    service_id: str  # e.g. OCMWCPASIdentifyPerson
    version: str  # e.g. 20050930
    namespace: str  # namespace of the request/reply body
    request: str  # local name of the request body
    schema: str  # the request XSD (under fixtures/contracts)
    handler: Callable[[Call], SsdnResult]
    contract: str = "real"


# Checks shared by consultations -----------------------------------------------------------------


class StatusError(Exception):
    """A business outcome that ends the treatment: answered with a CommonV3 status, not a fault."""

    def __init__(self, code: str, value: str = commonv3.NO_RESULT, information=(), description=None):
        super().__init__(code)
        self.code = code
        self.value = value
        self.information = list(information)
        self.description = description

    def answer(self, reply: etree._Element) -> etree._Element:
        """The reply, ended with this status."""
        commonv3.status(reply, self.value, self.code, self.description, self.information)
        return reply


def reference_date(call: Call, criteria: etree._Element) -> dt.date:
    """The optional ``referenceDate`` of the criteria, else the sandbox's today."""
    reference = criteria.findtext("referenceDate")
    return dt.date.fromisoformat(reference[:10]) if reference else call.today


def consultation_reply(call: Call, endpoint: SoaEndpoint, response: str, echo: etree._Element) -> etree._Element:
    """The start every CommonV3 consultation reply shares: the wrapper, informationCustomer echoed
    verbatim, informationCBSS, legalContext, and the echo of the search criteria."""
    reply = commonv3.response_root(f"{{{endpoint.namespace}}}{response}", endpoint.prefix)
    commonv3.echo_customer(reply, call.customer)
    commonv3.information_cbss(reply, call.exchange, utcnow())
    commonv3.legal_context(reply, call.request.findtext("legalContext"))
    reply.append(copy.deepcopy(echo))
    return reply


def check_legal_context(endpoint: SoaEndpoint, call: Call) -> None:
    """The first check of every consultation; a stubbed status ends the treatment here."""
    if call.forced_status is not None:
        raise call.forced_status
    legal_context = call.request.findtext("legalContext")
    allowed = endpoint.legal_contexts
    org = call.organisation
    if allowed and legal_context not in allowed:
        raise StatusError("MSG00013", information=[("legalContext", legal_context)])
    if org is not None and org.legal_contexts and legal_context not in org.legal_contexts:
        raise StatusError("MSG00013", information=[("legalContext", legal_context)])


def resolve_subject(call: Call, ssin: str | None, *, field_name: str = "ssin", needs_integration: bool,
                    at: dt.date | None = None):
    """Validate the SSIN a consultation is about; return the person (as at ``at``, default the
    sandbox's today), or raise the BCSS status.

    Order as BCSS applies it: structure/checksum (MSG00008 with the field), replaced (MSG00006 with
    the new number), unknown (MSG00005), integration of the caller at the sandbox's now (MSG00012).
    """
    if not ssin or not numbers.is_valid(ssin):
        raise StatusError("MSG00008", information=[(field_name, ssin)])
    call.notes["ssin"] = ssin
    replaced = call.world.replacement(ssin)
    if replaced is not None:
        raise StatusError(
            "MSG00006", value=commonv3.NO_RESULT,
            information=[(field_name, ssin), ("replacedBy", replaced.new_ssin)],
        )
    person = call.world.person(ssin, at=at or call.today)
    if person is None:
        raise StatusError("MSG00005", value=commonv3.NO_DATA_FOUND, information=[(field_name, ssin)])
    if needs_integration:
        org = call.organisation
        if org is None or not call.world.is_integrated(ssin, org.cbe, call.today):
            raise StatusError("MSG00012", information=[(field_name, ssin)])
    return person
