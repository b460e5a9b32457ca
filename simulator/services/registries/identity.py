"""Checking what a CPAS sends about a person against the world: the SSIN an SSDN service is asked
about (check digits, replaced, unknown, integrated), and the identity claims of IdentifyPerson
VerificationData / ManageAccess ProofOfAuthentication (names without case or accents, incomplete
dates with ``00`` for unknown parts, identity-card numbers)."""

from __future__ import annotations

import datetime as dt
import unicodedata
from functools import lru_cache

from simulator.services import reason_codes as codes
from simulator.soap import ssdn
from simulator.world import ssin as numbers


@lru_cache(maxsize=65536)  # names and street names repeat across requests
def fold(name: str | None) -> str:
    """Upper case, accents removed, hyphens/apostrophes/extra spaces flattened."""
    text = unicodedata.normalize("NFKD", name or "")
    text = "".join(c for c in text if not unicodedata.combining(c))
    return " ".join(text.replace("-", " ").replace("'", " ").upper().split())


def date_matches(claimed: str | None, actual: str | None) -> bool:
    """yyyy-mm-dd against yyyy-mm-dd; 00 on either side matches anything."""
    if not claimed or not actual:
        return False
    for c, a in zip(claimed.split("-"), actual.split("-")):
        if c != a and int(c) != 0 and int(a) != 0:
            return False
    return True


def person_data_mismatches(person, last_name: str | None, first_name: str | None, birth_date: str | None) -> list[str]:
    """Which of the claimed fields do not match the person (empty list = all match)."""
    wrong = []
    if fold(last_name) != fold(person.last_name):
        wrong.append("LastName")
    if first_name and fold(first_name) not in {fold(f) for f in person.first_names} | {fold(" ".join(person.first_names))}:
        wrong.append("FirstName")
    if not date_matches(birth_date, person.birth_date):
        wrong.append("BirthDate")
    return wrong


def card_matches(world, ssin: str, number: str) -> bool:
    return any(card.number == number for card in world.identity_cards(ssin))


def text(parent, namespace: str, path: str) -> str | None:
    """Text of a qualified child path like 'SearchCriteria/SSIN' in ``namespace``."""
    steps = "/".join(f"{{{namespace}}}{step}" for step in path.split("/"))
    node = parent.find(steps)
    return node.text.strip() if node is not None and node.text and node.text.strip() else None


def detail(severity: str, code: str, diagnostic: str, *info: tuple[str, str | None]) -> ssdn.Detail:
    return ssdn.Detail(severity, code, diagnostic, tuple(info))


def birth_range(year: int, month: int, day: int, tolerance: int) -> tuple[str, str]:
    """Inclusive yyyy-mm-dd bounds; the tolerance counts in the unit of the date's last known part."""
    if month == 0:
        return f"{year - tolerance:04d}-00-00", f"{year + tolerance:04d}-99-99"
    if day == 0:
        first = (year * 12 + month - 1) - tolerance
        last = (year * 12 + month - 1) + tolerance
        return f"{first // 12:04d}-{first % 12 + 1:02d}-00", f"{last // 12:04d}-{last % 12 + 1:02d}-99"
    centre = dt.date(year, month, day)
    return (str(centre - dt.timedelta(days=tolerance)), str(centre + dt.timedelta(days=tolerance)))


def subject_error(world, ssin: str | None) -> ssdn.Detail | None:
    """The SSDN error for the SSIN a service is asked about, in the order BCSS checks: check digits,
    replaced (with the new number), unknown; None when the number designates a person."""
    if not ssin or not numbers.is_valid(ssin):
        return detail("ERROR", codes.INVALID_SSIN, "The SSIN is not valid.", ("SSIN", ssin))
    replaced = world.replacement(ssin)
    if replaced is not None:
        return detail("ERROR", codes.REPLACED_SSIN, "The SSIN has been replaced; use the new SSIN.",
                      ("SSIN", ssin), ("NewSSIN", replaced.new_ssin))
    if world.person(ssin) is None:
        return detail("ERROR", codes.UNKNOWN_SSIN, "No person found for this SSIN.", ("SSIN", ssin))
    return None


def integration_error(call, ssin: str) -> ssdn.Detail | None:
    """The SSDN error when the caller has not integrated the person at the sandbox's today."""
    org = call.organisation
    if org is not None and call.world.is_integrated(ssin, org.cbe, call.today):
        return None
    return detail("ERROR", codes.NOT_INTEGRATED,
                  "The SSIN is not integrated for your organisation at this date (ManageAccess REGISTER first).",
                  ("SSIN", ssin), ("OrgUnit", org.cbe if org is not None else None))
