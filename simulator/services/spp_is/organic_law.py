"""OCMWCPASOrganicLaw (SSDN, simulator contract): the installation premium (domain-facts §3.5).

A person who stops being homeless and moves into a dwelling as main residence gets, once in a
lifetime, one month of category-3 RIS at the request date (ris_amount), refunded 100 % by the State.
The CPAS sends the SSIN and the scheme; the SPP IS evaluates at the sandbox's today and answers
ACCEPTED or REFUSED with every failed condition; both are stored and listed to every CPAS by
ListOfAttestations PRIME_INSTALLATION. Input errors (SSIN, integration: 31000009) store nothing.
Conditions:

- scheme RIS (law 2002, art. 14 §3): the person gets a RIS of the calling CPAS on the request date - a
  granted RIS attestation it sent, or the world's cpas_situation of kind RIS at its NIS code (31014001);
- scheme ORGANIC_LAW (law 1976, the sister scheme for people on a replacement income): unemployment,
  pension or disability allowance in the world at the request date (31014004);
- a main residence (a LEGAL address in Belgium in the world) starting in the 183 days up to the
  request date: the move into the dwelling (31014002). That the person was homeless before is the
  CPAS's declaration: the world does not model homelessness (reference addresses);
- alive on the request date (31012005);
- once in a lifetime, whatever the CPAS (31014003, naming the earlier premium). The exception modelled:
  the two schemes are counted apart for the RIS premium - a person who got the organic-law premium while
  on a replacement income may still get the RIS premium once later; the organic-law premium is refused
  after any premium (it is the subsidiary scheme).
"""

from __future__ import annotations

import datetime as dt

from simulator.services import reason_codes as codes
from simulator.services.base import ERROR, INFORMATION, Call, SsdnResult
from simulator.services.registries.identity import detail, integration_error, text
from simulator.services.spp_is import reimbursement
from simulator.services.spp_is.household_income import member_incomes
from simulator.services.spp_is.manage_attests import NS, add_text, first_checks, money, service
from simulator.soap import ssdn
from simulator.world.model import BELGIUM
from simulator.world.store import attestations as attestation_store
from simulator.world.store import installation_premiums as store
from simulator.world.store.attestations import GRANTED, RIS
from simulator.world.store.attestations import ACCEPTED, REFUSED
from simulator.world.store.installation_premiums import InstallationPremium

ORGANIC_LAW = "ORGANIC_LAW"
FAMILY_CATEGORY = 3  # the premium is one month of the category-3 (famille à charge) RIS
MOVE_WINDOW_DAYS = 183  # the new residence started at most about six months before the request
REPLACEMENT_INCOMES = ("UNEMPLOYMENT", "PENSION", "DISABILITY")


def _has_ris(call: Call, ssin: str) -> bool:
    org, day = call.organisation, call.today
    if any(a.status in GRANTED and a.cpas_cbe == org.cbe
           for a in attestation_store.attestations(call.world, ssin, kind=RIS, begin=day, end=day)):
        return True
    situation = call.world.cpas_situation(ssin, day)
    return situation is not None and situation.kind == RIS and situation.cpas_nis == org.nis


def _new_residence(call: Call, ssin: str) -> dt.date | None:
    """The start of the person's main residence in Belgium at today (None without one)."""
    address = call.world.person(ssin, at=call.today).address
    if address is None or address.kind != "LEGAL" or address.country != BELGIUM:
        return None
    return address.begin


def _refusals(call: Call, ssin: str, scheme: str, moved: dt.date | None) -> list:
    world, day = call.world, call.today
    reasons = []
    if scheme == RIS and not _has_ris(call, ssin):
        reasons.append(detail(ERROR, codes.PREMIUM_NO_RIS, "The person gets no RIS of the CPAS at the request date.",
                              ("SSIN", ssin), ("Date", day.isoformat())))
    if scheme == ORGANIC_LAW and not set(REPLACEMENT_INCOMES) & set(member_incomes(world, ssin, day)):
        reasons.append(detail(ERROR, codes.PREMIUM_NO_REPLACEMENT_INCOME,
                              "The person has no replacement income at the request date.", ("SSIN", ssin)))
    if moved is None or not day - dt.timedelta(days=MOVE_WINDOW_DAYS) <= moved <= day:
        reasons.append(detail(ERROR, codes.PREMIUM_NO_NEW_ADDRESS,
                              f"No main residence starting in the {MOVE_WINDOW_DAYS} days up to the request date.",
                              ("SSIN", ssin), ("AddressDate", moved.isoformat() if moved else None)))
    person = world.person(ssin, at=day)
    if person.is_dead:
        reasons.append(detail(ERROR, codes.RIS_DECEASED, "The person died on or before the request date.",
                              ("SSIN", ssin), ("DeathDate", person.death_date)))
    earlier = next((p for p in store.premiums(world, ssin)
                    if p.status == ACCEPTED and (scheme == ORGANIC_LAW or p.scheme == scheme)), None)
    if earlier is not None:
        reasons.append(detail(ERROR, codes.PREMIUM_ALREADY_GRANTED, "An installation premium is granted once in a "
                              "lifetime.", ("CPAS_KBOBCE_code", earlier.cpas_cbe), ("Reference", earlier.reference),
                              ("DecisionDate", earlier.decision_date.isoformat())))
    return reasons


def installation_premium(call: Call) -> SsdnResult:
    ssin, answer = first_checks(call, "OrganicLawRequest")
    if answer is not None:
        return answer
    not_integrated = integration_error(call, ssin)
    if not_integrated is not None:
        return SsdnResult(None, [not_integrated])
    scheme = text(call.request, NS, "Scheme")
    world, org = call.world, call.organisation
    moved = _new_residence(call, ssin)
    refusals = _refusals(call, ssin, scheme, moved)
    saved = store.register(world, InstallationPremium(
        None, "", ssin, org.cbe, org.nis, scheme, moved, world.ris_amount(FAMILY_CATEGORY, call.today),
        None if refusals else reimbursement.FULL_RATE, REFUSED if refusals else ACCEPTED, call.now.isoformat()))
    call.notes["attestation"] = saved.reference
    body = ssdn.body_element(NS, "OrganicLawReply")
    for tag, value in (("Reference", saved.reference), ("Status", saved.status),
                       ("DecisionDate", call.today.isoformat()), ("SSIN", ssin), ("Scheme", scheme)):
        add_text(body, tag, value)
    if moved is not None:
        add_text(body, "AddressDate", moved.isoformat())
    add_text(body, "Amount", money(saved.amount))
    if refusals:
        return SsdnResult(body, refusals)
    add_text(body, "ReimbursementRate", money(saved.reimbursement_rate))
    return SsdnResult(body, [detail(INFORMATION, codes.PREMIUM_GRANTED, "The installation premium is accepted.",
                                    ("Reference", saved.reference), ("Amount", money(saved.amount)))])


SERVICE = service("OCMWCPASOrganicLaw", "OrganicLawRequest", installation_premium)
