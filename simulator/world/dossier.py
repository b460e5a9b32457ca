"""Everything the world knows about one person, as a JSON-ready dict (``bcss-sim person``, admin API)."""

from __future__ import annotations

import datetime as dt

from simulator.errors import SimulatorError
from simulator.jsonable import jsonable
from simulator.world import ssin as numbers
from simulator.world.model import Address, covers
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
        "parents": [{**jsonable(f), "name": name_of(f.parent_ssin)} for f in store.parents(current)],
        "children": [{**jsonable(f), "name": name_of(f.child_ssin)} for f in store.children(current)],
        "integrations": jsonable(store.integrations(current)),
        "social_security": social_security(store, current, at, lang, name_of, municipality),
    }


def social_security(store: WorldStore, ssin: str, at: dt.date, lang: str, name_of, municipality) -> dict:
    """Every social-security source about ``ssin``: the whole history, and what holds on ``at``."""

    def label(domain: str, code) -> str | None:
        return store.code_label(domain, code, lang) if code is not None else None

    def labelled(record, **domains) -> dict:
        out = jsonable(record)
        for field, domain in domains.items():
            out[f"{field}_label"] = label(domain, out.get(field))
        return out

    employers: dict[str, str | None] = {}

    def employer(kbo: str) -> dict | None:
        found = store.employer(kbo)
        if found is None:
            return None
        return {**jsonable(found), "joint_committee_label": label("joint_committee", found.joint_committee),
                "municipality": municipality(found.nis)}

    employments = []
    for e in store.employments(ssin):
        employers.setdefault(e.employer_kbo, e.employer_name)
        employments.append({**labelled(e, worker_type="worker_type", worker_code="worker_code",
                                       joint_committee="joint_committee", regime="regime"),
                            "employer": employer(e.employer_kbo), "current": covers(e.begin, e.end, at)})
    health = store.health_insurance(ssin, at)
    energy = store.energy_rate(ssin, at)
    jobseeker = store.jobseeker(ssin, at)
    cpas = store.cpas_situation(ssin, at)
    disability = store.disability(ssin)

    def cpas_row(c) -> dict:
        return {**labelled(c, kind="cpas_kind", category="ris_category"), "cpas": municipality(c.cpas_nis)}

    return {
        "employments": employments,
        "dimona": [labelled(d, worker_type="worker_type") for d in store.dimona_periods(ssin)],
        "dmfa": [{**jsonable(q), "employer_name": employers.get(q.employer_kbo)} for q in store.dmfa_quarters(ssin)],
        "self_employment": [labelled(x, kind="self_employment_kind", fund="si_fund") for x in store.self_employment(ssin)],
        "self_employed_contributions": jsonable(store.self_employed_contributions(ssin)),
        "unemployment": [labelled(u, kind="unemployment_kind", paying_body="paying_body",
                                  family_category="family_category") for u in store.unemployment(ssin)],
        "pensions": [labelled(p, kind="pension_kind", scheme="pension_scheme", rate="grapa_rate")
                     for p in store.pensions(ssin)],
        "health_insurance": {
            "current": None if health is None else {**labelled(health, mutuality="mutuality"),
                                                    "holder_name": name_of(health.holder_ssin)},
            "history": [labelled(h, mutuality="mutuality") for h in store.health_insurance_history(ssin)]},
        "disability": None if disability is None else {
            **jsonable(disability),
            "allowances": [labelled(a, kind="disability_allowance", category="disability_category")
                           for a in disability.allowances]},
        "child_benefits": [{**labelled(c, fund="child_benefit_fund", region="region"),
                            "beneficiary_name": name_of(c.ssin), "child_name": name_of(c.child_ssin)}
                           for c in store.child_benefits(ssin)],
        "tax_assessments": jsonable(store.tax_assessments(ssin)),
        "properties": [{**labelled(p, kind="property_kind"), "municipality": municipality(p.nis)}
                       for p in store.properties(ssin)],
        "energy_rate": {"current": None if energy is None else labelled(energy, category="energy_category"),
                        "history": [labelled(e, category="energy_category", energy="energy")
                                    for e in store.energy_rate_history(ssin)]},
        "jobseeker": {"current": None if jobseeker is None else labelled(jobseeker, body="jobseeker_body",
                                                                          category="jobseeker_category"),
                      "history": [labelled(j, body="jobseeker_body") for j in store.jobseeker_history(ssin)]},
        "qualifications": jsonable(store.qualifications(ssin)),
        "cpas": {"current": None if cpas is None else cpas_row(cpas),
                 "history": [cpas_row(c) for c in store.cpas_history(ssin)]},
    }
