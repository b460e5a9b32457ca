"""The rules checked on every request, and ``check``: the findings of one request.

A rule has a stable id (``ENV-001`` …), a severity (error | warning), the requirement in one sentence
and the BCSS source it comes from. A finding is ``{id, severity, requirement, source, message}`` where
the message says what in *this* request broke the rule.

``check`` runs once per request, after the response is known (simulator/app.py), on the plain dict the
dispatcher filled (simulator/soap/dispatch.py: service, operation, organisation, status, fault, error,
subject, ticket, timestamp_sent, information, received) and on the journal of the sandbox for the rules
that need history: at most one indexed query per such rule, and none when the request gives it nothing
to look up. No XML is parsed here.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from simulator.world import ssin as numbers

ERROR, WARNING = "error", "warning"


@dataclass(frozen=True)
class Rule:
    id: str
    severity: str
    requirement: str
    source: str

    def finding(self, message: str) -> dict:
        return {"id": self.id, "severity": self.severity, "requirement": self.requirement,
                "source": self.source, "message": message}


ENV_001 = Rule("ENV-001", ERROR, "The request is valid against the service contract (WSDL/XSD).",
               "BCSS service contracts (XSD validation, MSG00008 / SSDN validation fault)")
ENV_002 = Rule("ENV-002", ERROR, "Every SSIN sent passes its check digits.",
               "BCSS SSIN structure (modulo 97), MSG00008 / SSDN 31000008")
ENV_003 = Rule("ENV-003", WARNING, "informationCustomer carries a ticket of at most 36 characters.",
               "CommonV3 InformationCustomerType (ticket)")
ENV_004 = Rule("ENV-004", ERROR, "The client's ticket (SSDN Message/Reference) is unique for the organisation.",
               "CommonV3 InformationCustomerType (ticket); SSDN RequestContext Message/Reference")
ENV_005 = Rule("ENV-005", WARNING, "timestampSent is present and within 10 minutes of the moment BCSS receives it.",
               "CommonV3 InformationCustomerType (timestampSent)")
ENV_006 = Rule("ENV-006", ERROR, "The legal context is valid for the service, operation and customer.",
               "BCSS legal context (MSG00013)")
ENV_007 = Rule("ENV-007", ERROR, "A person is integrated in the BCSS directory before it is consulted.",
               "BCSS integration control (MSG00012 / SSDN 31000009)")
ENV_008 = Rule("ENV-008", WARNING, "A business error is not retried at once: the same request about the same "
               "person, with nothing done in between, comes no sooner than 2 seconds after it.", "BCSS usage rules (business errors are final)")
ENV_009 = Rule("ENV-009", ERROR, "After MSG00006 (SSIN replaced) the client uses the new SSIN.",
               "BCSS SSIN replacement (MSG00006 / SSDN 31007003)")

ENV_010 = Rule("ENV-010", ERROR, "The customer identification (cbeNumber, sector/institution, SSDN AuthorizedUser) "
               "is that of the authenticated organisation.", "BCSS access control (MSG00013 / SSDN 30000002)")
ENV_011 = Rule("ENV-011", ERROR, "An integration names a purpose (quality code) of the CPAS sector.",
               "BCSS reference directory, sector-17 quality codes (SSDN 31008001)")
ENV_012 = Rule("ENV-012", ERROR, "Every period sent is well-formed: a start date, and an end date not before it.",
               "BCSS period types (SSDN 31008003 and the services' period checks)")
# ENV-013 needs the client's whole exchange, not one request: the bench checks it per case
# (simulator/conformance/runner.py), on the traffic of the case.
ENV_013 = Rule("ENV-013", ERROR, "A paged answer is followed to the end: every NextAnswerReference received is sent "
               "back.", "BCSS paging (NextAnswerReference)")

RULES: dict[str, Rule] = {r.id: r for r in (ENV_001, ENV_002, ENV_003, ENV_004, ENV_005, ENV_006, ENV_007,
                                            ENV_008, ENV_009, ENV_010, ENV_011, ENV_012, ENV_013)}

TICKET_MAX = 36
CLOCK_SKEW = dt.timedelta(minutes=10)
RETRY_WINDOW = dt.timedelta(seconds=2)
BELGIUM = ZoneInfo("Europe/Brussels")  # a timestampSent without offset is Belgian local time

SCHEMA_FAULTS = frozenset({"MSG00008", "SSDN-VALIDATION", "XmlRejected", "NotSSDN"})
BUSINESS_ERRORS = frozenset({"MSG00005", "MSG00006", "MSG00007", "MSG00008", "MSG00011", "MSG00012", "MSG00013"})
NOT_INTEGRATED = frozenset({"MSG00012", "31000009", "31012001"})
INVALID_SSIN = "31000008"
UNKNOWN_USER = "30000002"
UNKNOWN_PURPOSE = "31008001"
BAD_PERIODS = frozenset({"31008003"})
REPLACED = ("MSG00006", "31007003", "21007003")
# Asking for the history of an old number is what SSINInformationService is for.
REPLACED_ALLOWED = frozenset({"consultSsinHistory"})
SKIPPED = frozenset({"Unauthorized", "TooLarge"})


def check(journal: dict, history, now: dt.datetime | None = None, world=None) -> list[dict]:
    """The findings of one request. ``journal`` is the dispatcher's per-request dict (it may gain the
    ``subject`` an invalid SSIN named); ``history`` the sandbox's JournalStore, before this request
    is appended; ``now`` the real time (default: the receive time the dispatcher noted); ``world`` the
    sandbox's world (lets ENV-009 skip numbers that were never replaced)."""
    status = journal.get("status")
    if not journal.get("service") or status is None or status in SKIPPED:
        return []
    codes = set(status.split())
    fault = journal.get("fault")
    received = journal.get("received") or now or dt.datetime.now(dt.UTC)
    organisation = journal.get("organisation")
    operation = journal.get("operation")
    findings: list[dict] = []

    # ENV-001 schema validity
    if fault == "Client" and status in SCHEMA_FAULTS:
        error = journal.get("error") or f"the request was rejected ({status})"
        findings.append(ENV_001.finding(error))
        if "legalContext" in error:  # the contract requires one: a missing legal context is ENV-006 too
            findings.append(ENV_006.finding(f"the legal context is missing or misplaced: {error}"))

    # ENV-002 SSIN check digits (the SSIN the service refused is noted as the subject, for ENV-008)
    if status in ("MSG00008", "MSG00011") and fault is None:
        for name, value in journal.get("information") or ():
            if name and "ssin" in name.lower() and value and not numbers.is_valid(value):
                findings.append(ENV_002.finding(f"{name} {value!r} does not pass its check digits ({status})"))
                journal.setdefault("subject", value)
                break
    elif INVALID_SSIN in codes:
        subject = journal.get("subject")
        findings.append(ENV_002.finding(
            f"{'SSIN ' + repr(subject) if subject else 'an SSIN'} does not pass its check digits ({INVALID_SSIN})"))

    # ENV-003 ticket present and well-formed; ENV-004 unique for the organisation
    ticket = journal.get("ticket")
    if journal.get("customer"):
        if not ticket:
            findings.append(ENV_003.finding("informationCustomer has no ticket"))
        elif len(ticket) > TICKET_MAX:
            findings.append(ENV_003.finding(f"the ticket has {len(ticket)} characters (at most {TICKET_MAX})"))
    if ticket and organisation is not None:
        earlier = history.ticket_used(ticket, organisation)
        if earlier is not None:
            findings.append(ENV_004.finding(
                f"ticket {ticket!r} was already sent by organisation {organisation} (journal entry {earlier})"))

    # ENV-005 timestampSent sane (real time, not the sandbox clock)
    if journal.get("customer"):
        sent_text = journal.get("timestamp_sent")
        if not sent_text:
            findings.append(ENV_005.finding("informationCustomer has no timestampSent"))
        else:
            sent = _datetime(sent_text)
            if sent is None:
                findings.append(ENV_005.finding(f"timestampSent {sent_text!r} is not a date-time"))
            elif abs(sent - received) > CLOCK_SKEW:
                findings.append(ENV_005.finding(
                    f"timestampSent {sent_text} is {_minutes(sent - received)} the receive time "
                    f"{received.astimezone(dt.UTC).isoformat(timespec='seconds')}"))

    # ENV-006 legal context; ENV-007 integration before consultation
    auth_error = journal.get("auth_error")
    if auth_error or UNKNOWN_USER in codes:
        findings.append(ENV_010.finding(auth_error or f"the caller is not a known organisation ({UNKNOWN_USER})"))
    elif "MSG00013" in codes:
        context = next((v for n, v in journal.get("information") or () if n == "legalContext"), None)
        findings.append(ENV_006.finding(
            f"legal context {context!r} is not valid for {journal['service']}.{operation}" if context is not None
            else journal.get("error") or f"the legal context was refused (MSG00013) for {journal['service']}"))
    if codes & NOT_INTEGRATED:
        code = min(codes & NOT_INTEGRATED)
        findings.append(ENV_007.finding(
            f"{operation} about {journal.get('subject')} by organisation {organisation}, who has not integrated "
            f"this person ({code})"))

    # ENV-011 purpose; ENV-012 periods (the services refuse both with their own codes)
    if UNKNOWN_PURPOSE in codes:
        findings.append(ENV_011.finding(
            f"{operation} about {journal.get('subject')}: the purpose is not a sector-17 quality code ({UNKNOWN_PURPOSE})"))
    if codes & BAD_PERIODS:
        findings.append(ENV_012.finding(f"a period ends before it starts ({min(codes & BAD_PERIODS)})"))

    subject = journal.get("subject")
    if subject:
        # ENV-008 no immediate retry of a business error
        if organisation is not None:
            previous = history.last_about(subject, organisation)  # anything in between is not a blind retry
            if previous is not None and previous[1] == operation and _business_error(previous[2]):
                at = _datetime(previous[0])
                if at is not None and received - at < RETRY_WINDOW and _same_question(
                        journal.get("request_body"), history.request_of(previous[3])):
                    findings.append(ENV_008.finding(
                        f"{operation} about {subject} again {(received - at).total_seconds():.3f} s after the "
                        f"business error {previous[2]}"))
        # ENV-009 the new SSIN after MSG00006. Only a number the world knows as replaced can have been
        # answered so: asking the world first keeps the journal scan off every ordinary request.
        if operation not in REPLACED_ALLOWED and (world is None or world.replacement(subject) is not None):
            replaced = history.answered_with(subject, REPLACED)
            if replaced is not None:
                code = next(c for c in REPLACED if c in replaced[2])
                findings.append(ENV_009.finding(
                    f"{operation} about {subject}, which this sandbox answered as replaced ({code}, journal entry "
                    f"{replaced[0]}): the new SSIN must be used"))
    return findings


# What differs between two sendings of the same question: the client's ticket and send time (new
# generation), the SSDN Message block (reference and request time). Escaped (SSDN xmlString) or not.
_PER_SENDING = re.compile(r"(<|&lt;)((?:\w+:)?(?:ticket|timestampSent|Message))(>|&gt;).*?"
                          r"(<|&lt;)/\2(>|&gt;)", re.S)


def _same_question(request: bytes | str | None, earlier: str | None) -> bool:
    """Is this request the earlier one sent again (only its ticket and times changed)? Unknown bodies
    count as the same: the rule then falls back to operation and person."""
    if request is None or earlier is None:
        return True
    text = request.decode("utf-8", "replace") if isinstance(request, bytes) else request
    return _PER_SENDING.sub("", text) == _PER_SENDING.sub("", earlier)


def _business_error(status: str | None) -> bool:
    if not status:
        return False
    parts = status.split()
    return parts[0] == "NO" or not BUSINESS_ERRORS.isdisjoint(parts)


def _datetime(text: str) -> dt.datetime | None:
    try:
        moment = dt.datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=BELGIUM)


def _minutes(delta: dt.timedelta) -> str:
    minutes = abs(delta.total_seconds()) / 60
    return f"{minutes:.0f} min {'after' if delta.total_seconds() > 0 else 'before'}"
