"""OCMWCPASListOfAttestations (SSDN, 20080317): the SPP IS decisions about a person, of every CPAS.

The CPAS asks for one RequestType over an optional SearchPeriod; the reply lists Attestation entries
(bcss-contracts §3.16) and, per request type, a summary block. What each request type lists comes from
one small registry, LISTINGS: request type -> function (world, ssin, begin, end) -> [Listed], so another
SPP IS family plugs its decisions in with one line (e.g. ``LISTINGS["STATUT65"] = law65.listed``):

- GPMI_PIIS: the RIS decisions (every status, a corrected version included with status CORRECTED),
  plus the GpmiPiis block (the span of the granted decisions with a PIIS);
- PRIME_INSTALLATION: the installation premiums (organic_law.py);
- EXONERATIONSART35: no decision entries; the ExonerationArt35 block is DERIVED from the world, as the
  simulator has no exchange for it: the socio-professional exemption (art. 35 AR 11 July 2002) applies
  while a RIS beneficiary works, so the exempted days are the days where a granted RIS (attestation of
  any CPAS, or the world's cpas_situation of kind RIS) and an employment overlap, up to the sandbox's
  today and capped at three years from the first one (the exemption's maximum);
- STATUT65: the Law-65 decisions (forms B1 and B2 of every CPAS, every evaluation; a grant cancelled
  with form C reads CANCELLED over its shortened period).

Only decisions received on or before the sandbox's today are listed (a clock set back hides later ones).
The caller must have integrated the person at the sandbox's today (31000009).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from lxml import etree

from simulator.services.base import Call, SsdnResult
from simulator.services.registries.identity import integration_error, text
from simulator.services.spp_is.manage_attests import (
    NS,
    C,
    Q,
    add_code,
    add_period,
    add_text,
    date_of,
    first_checks,
    service,
)
from simulator.soap import ssdn
from simulator.world.store import attestations as attestation_store
from simulator.world.store import installation_premiums as premium_store
from simulator.world.store import law65 as law65_store
from simulator.world.store.attestations import GRANTED, RIS
from simulator.world.store.world import WorldStore

CATEGORIES = {1: "Cohabitant / Samenwonende", 2: "Isolé / Alleenstaande", 3: "Famille à charge / Gezin ten laste"}
RIS_TYPE = (RIS, "Revenu d'intégration / Leefloon")
PREMIUM_TYPE = ("PRIME_INSTALLATION", "Prime d'installation / Installatiepremie")
RELATIONS = {True: ("1", "Avec PIIS / Met GPMI"), False: ("0", "Sans PIIS / Zonder GPMI")}
# The premium's legislation, coded as on the SPP IS monthly statements (domain-facts §3.4)
LEGISLATIONS = {"RIS": ("1", "Loi DIS / RMI-wet"), "ORGANIC_LAW": ("6", "Loi organique / Organieke wet")}
EXEMPTION_YEARS = 3


@dataclass(frozen=True, slots=True)
class Listed:
    """One Attestation entry of the reply, whatever the decision behind it."""

    ssin: str
    cpas_cbe: str
    attest_type: tuple[str, str]  # (Code, Description "fr / nl")
    form_type: tuple[str, str]
    relation_type: tuple[str, str]
    begin: dt.date
    end: dt.date | None
    decision_date: dt.date
    reference: str
    status: str  # ACCEPTED | REFUSED | STOPPED | CORRECTED | PARTIALLYACCEPTED


Listing = Callable[[WorldStore, str, dt.date | None, dt.date | None], list[Listed]]


def ris_decisions(world: WorldStore, ssin: str, begin: dt.date | None, end: dt.date | None) -> list[Listed]:
    return [Listed(a.ssin, a.cpas_cbe, RIS_TYPE, (str(a.category), CATEGORIES[a.category]), RELATIONS[a.piis],
                   a.begin, a.end, a.decision_date, a.reference, a.status)
            for a in attestation_store.attestations(world, ssin, kind=RIS, begin=begin, end=end)]


def installation_premiums(world: WorldStore, ssin: str, begin: dt.date | None, end: dt.date | None) -> list[Listed]:
    """A premium is a one-off: its Duration is the day the new residence starts (else the decision day)."""
    found = []
    for p in premium_store.premiums(world, ssin):
        day = p.address_date or p.decision_date
        if (begin is None or day >= begin) and (end is None or day <= end):
            found.append(Listed(p.ssin, p.cpas_cbe, PREMIUM_TYPE, ("3", CATEGORIES[3]), LEGISLATIONS[p.scheme],
                                day, day, p.decision_date, p.reference, p.status))
    return found


LAW65_TYPE = ("STATUT65", "Loi du 2 avril 1965 / Wet van 2 april 1965")
LAW65_FORMS = {"B1": ("B1", "Décision commune / Gemeenschappelijke beslissing"),
               "B2": ("B2", "Décision individuelle / Individuele beslissing")}
NO_RELATION = ("0", "Bénéficiaire principal / Hoofdbegunstigde")


def law65_decisions(world: WorldStore, ssin: str, begin: dt.date | None, end: dt.date | None) -> list[Listed]:
    """Forms B1/B2 as SPP IS evaluated them; a secondary beneficiary's suffix is the relation type."""
    listed = []
    for d in law65_store.statut65_listing(world, ssin, begin, end):
        relation = NO_RELATION if not d.suffix else (str(d.suffix), "Bénéficiaire secondaire / Nevenbegunstigde")
        status = "CANCELLED" if d.cancelled_on is not None else d.evaluation
        listed.append(Listed(d.ssin, d.cpas_cbe, LAW65_TYPE, LAW65_FORMS[d.form], relation, d.begin, d.end,
                             d.decision_date or dt.date.fromisoformat(d.created_at[:10]), d.reference, status))
    return listed


def nothing(world: WorldStore, ssin: str, begin: dt.date | None, end: dt.date | None) -> list[Listed]:
    return []


# request type -> its decisions (EXONERATIONSART35 has a summary block only)
LISTINGS: dict[str, Listing] = {
    "GPMI_PIIS": ris_decisions,
    "PRIME_INSTALLATION": installation_premiums,
    "EXONERATIONSART35": nothing,
    "STATUT65": law65_decisions,
}


def _gpmi_piis(call: Call, body, ssin: str, low: dt.date | None, high: dt.date | None) -> None:
    piis = [a for a in attestation_store.attestations(call.world, ssin, kind=RIS, begin=low, end=high)
            if a.piis and a.status in GRANTED and a.covers_something and a.decision_date <= call.today]
    gpmi = etree.SubElement(body, Q + "GpmiPiis", hasAttestation=str(bool(piis)).lower())
    if piis:
        ends = [a.end for a in piis]
        add_period(gpmi, "Period", min(a.begin for a in piis), None if None in ends else max(ends))


def exempted_days(call: Call, ssin: str, low: dt.date | None, high: dt.date | None) -> list[dt.date]:
    """The days of the search period (up to today) a RIS beneficiary worked, within three years of the first."""
    world = call.world
    ris = [(a.begin, a.end) for a in attestation_store.attestations(world, ssin, kind=RIS)
           if a.status in GRANTED and a.covers_something and a.decision_date <= call.today]
    ris += [(s.begin, s.end) for s in world.cpas_history(ssin) if s.kind == RIS]
    work = [(e.begin, e.end) for e in world.employments(ssin)]
    days: set[dt.date] = set()
    for ris_begin, ris_end in ris:
        for work_begin, work_end in work:
            first = max(ris_begin, work_begin)
            last = min(d for d in (ris_end, work_end, call.today) if d is not None)
            days.update(first + dt.timedelta(n) for n in range((last - first).days + 1))
    if not days:
        return []
    start = min(days)
    limit = start.replace(year=start.year + EXEMPTION_YEARS) if (start.month, start.day) != (2, 29) else (
        dt.date(start.year + EXEMPTION_YEARS, 3, 1))
    return sorted(d for d in days if d < limit and (low is None or d >= low) and (high is None or d <= high))


def _exoneration(call: Call, body, ssin: str, low: dt.date | None, high: dt.date | None) -> None:
    days = exempted_days(call, ssin, low, high)
    block = etree.SubElement(body, Q + "ExonerationArt35", hasExoneration=str(bool(days)).lower())
    if days:
        add_text(block, "FirstExonerationDate", days[0].isoformat())
        add_text(block, "PaymentExoneratedDays", len(days))


SUMMARIES = {"GPMI_PIIS": _gpmi_piis, "EXONERATIONSART35": _exoneration}


def list_attestations(call: Call) -> SsdnResult:
    ssin, answer = first_checks(call, "ListOfAttestationsRequest", ssin_tag="SocialSecurityUser")
    if answer is not None:
        return answer
    not_integrated = integration_error(call, ssin)
    if not_integrated is not None:
        return SsdnResult(None, [not_integrated])
    request = call.request
    low = date_of(request.find(f"{Q}SearchPeriod/{C}StartDate"))
    high = date_of(request.find(f"{Q}SearchPeriod/{C}EndDate"))
    request_type = text(request, NS, "RequestType")
    found = [d for d in LISTINGS.get(request_type, nothing)(call.world, ssin, low, high)
             if d.decision_date <= call.today]
    body = ssdn.body_element(NS, "ListOfAttestationsReply")
    for d in found:
        entry = etree.SubElement(body, Q + "Attestation")
        add_text(entry, "SocialSecurityUser", d.ssin)
        add_text(entry, "CPAS_KBOBCE_code", d.cpas_cbe)
        add_text(entry, "EntryDate", d.decision_date.isoformat())
        add_code(entry, "AttestType", *d.attest_type)
        add_code(entry, "FormType", *d.form_type)
        add_code(entry, "RelationType", *d.relation_type)
        add_period(entry, "Duration", d.begin, d.end)
        add_text(entry, "DecisionDate", d.decision_date.isoformat())
        add_text(entry, "Reference", d.reference)
        add_text(entry, "Status", d.status)
    summary = SUMMARIES.get(request_type)
    if summary is not None:
        summary(call, body, ssin, low, high)
    return SsdnResult(body)


SERVICE = service("OCMWCPASListOfAttestations", "ListOfAttestationsRequest", list_attestations,
                  version="20080317")  # as real clients send it (bcss-contracts §1.6)
