"""Everything the world knows about one person, as a JSON-ready dict (``bcss-sim person``, admin API)."""

from __future__ import annotations

import datetime as dt

from simulator.errors import SimulatorError
from simulator.jsonable import jsonable
from simulator.world import ssin as numbers
from simulator.world.model import Address
from simulator.world.store import WorldStore

GENDER = {0: "unknown", 1: "male", 2: "female"}
REGISTER = {1: "population", 2: "foreigners", 3: "waiting", None: None}


class UnknownPerson(SimulatorError):
    """No person with that SSIN in this world."""


def dossier(store: WorldStore, ssin: str, at: dt.date | None = None) -> dict:
    """The person behind ``ssin`` (following a replaced number to the current one) at ``at``
    (default: the world's reference date). SimulatorError when the number is invalid or unknown."""
    asked = numbers.normalize(ssin)
    try:
        numbers.parse(asked)
    except numbers.InvalidNumber as exc:
        raise SimulatorError(f"{ssin!r} is not a valid SSIN: {exc}") from None
    at = at or store.reference_date
    replaced = store.replacement(asked)
    current = replaced.new_ssin if replaced else asked
    person = store.person(current, at)
    if person is None:
        raise UnknownPerson(f"no person with SSIN {asked} in this world")
    lang = person.language

    def country(code: int | None) -> str | None:
        row = store.country(code) if code is not None else None
        return row[f"name_{lang}"] if row else None

    def municipality(nis: int | None) -> str | None:
        row = store.municipality(nis) if nis is not None else None
        return row[f"name_{lang}"] if row else None

    def name_of(other: str | None) -> str | None:
        found = store.person(other, at) if other else None
        return f"{found.last_name}, {' '.join(found.first_names)}" if found else None

    def address(a: Address | None) -> dict | None:
        if a is None:
            return None
        return {**jsonable(a), "country_label": country(a.country), "municipality": a.municipality(lang),
                "street": a.street(lang)}

    household = store.household(current, at)
    members = []
    for m in household.members if household else ():
        other = store.person(m.ssin, at)
        members.append({**jsonable(m), "relationship_label": store.relationship_label(m.relationship, lang),
                        "last_name": other.last_name if other else None,
                        "first_names": list(other.first_names) if other else [],
                        "birth_date": other.birth_date if other else None})
    return {
        "ssin": asked,
        "at": at.isoformat(),
        "synthetic": True,
        "replaced_by": None if replaced is None else {
            **jsonable(replaced), "chain": jsonable(store.replacement_chain(asked))},
        "former_ssins": jsonable(store.former_ssins(current)),
        "person": {
            **{k: v for k, v in jsonable(person).items() if k != "address"},
            "gender_label": GENDER.get(person.gender),
            "nationality_label": country(person.nationality),
            "birth_country_label": country(person.birth_country),
            "civil_status_label": store.civil_state_label(person.civil_status, lang),
            "register_label": REGISTER.get(person.register),
        },
        "address": address(person.address),
        "addresses": [address(a) for a in store.addresses(current)],
        "civil_states": [{**jsonable(c), "label": store.civil_state_label(c.code, lang),
                          "partner_name": name_of(c.partner_ssin), "place": municipality(c.place_nis)}
                         for c in store.civil_states(current)],
        "legal_cohabitations": [{**jsonable(c), "partner_name": name_of(c.partner_ssin)}
                                for c in store.cohabitations(current)],
        "nationalities": [{**jsonable(n), "label": country(n.country)} for n in store.nationalities(current)],
        "identity_cards": [{**jsonable(c), "municipality": municipality(c.municipality_nis)}
                           for c in store.identity_cards(current)],
        "household": None if household is None else {
            "id": household.id, "reference_ssin": household.reference_ssin, "members": members},
        "household_history": jsonable(store.household_history(current)),
        "integrations": jsonable(store.integrations(current)),
    }
