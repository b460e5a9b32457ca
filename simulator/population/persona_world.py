"""Merging personas into a world being generated: their register rows, then their stated situation.

Each persona household is built with its own random stream (seeded by the persona's id), before any
generated household, so a persona's details (addresses, card numbers, amounts) are the same in every
world whatever its size or seed; only row ids may differ. Employers named in the persona file are
the only ones its people work for, so those are stable too.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass, field

from simulator.population.builder import ADULT, Builder, Place, Spec
from simulator.population.employers import EmployerRecord, Employers, onss_number
from simulator.population.personas import Persona, PersonaPerson
from simulator.world import ssin as numbers
from simulator.world.model import BELGIUM, FOREIGNERS_REGISTER, POPULATION_REGISTER


@dataclass(slots=True)
class PersonaPlan:
    """What a persona states: situations as (status, first day, options), and household options."""

    segments: list[tuple[str, int, dict]] = field(default_factory=list)
    household: dict = field(default_factory=dict)


def _ordinal(day: dt.date | None) -> int | None:
    return day.toordinal() if day is not None else None


def merge_personas(b: Builder, employers: Employers, personas: list[Persona]) -> int:
    """Write every persona household through the builder; returns the number of persona people."""
    for persona in personas:  # reserve every number first: generated people never get them
        for p in persona.people:
            b.used_ssins.add(p.ssin)
            b.used_ssins.update(old for old, _, _ in p.replaced)
    saved = b.rng
    count = 0
    try:
        for persona in personas:
            b.rng = random.Random(f"persona:{persona.id}")
            records = []
            for e in persona.employers:
                m = b.ref.municipality[e.nis]
                record = EmployerRecord(e.kbo, onss_number(1_000_000 + int(e.kbo) % 1_000_000), e.name,
                                        e.joint_committee, e.nis, m.region)
                employers.add(record)
                records.append(employers.by_kbo[e.kbo])
            employers.fixed = records or None
            count += _build(b, persona, {r.kbo: r for r in records})
            b.close_household()
            employers.fixed = None
    finally:
        b.rng = saved
        employers.fixed = None
    return count


def _place(b: Builder, household: dict) -> Place:
    m = b.ref.municipality[household["municipality"]]
    place = list(b.place(m))
    street = household.get("street")
    if street is not None:
        found = next(s for s in b.ref.streets if street in (s.name_fr, s.name_nl, s.name_de))
        langs = m.street_languages
        place[7:11] = [found.code, found.name_fr if "fr" in langs else None, found.name_nl if "nl" in langs else None,
                       found.name_de if "de" in langs else None]
    if household.get("house_number") is not None:
        place[11] = str(household["house_number"])
    if "box" in household:
        place[12] = None if household["box"] is None else str(household["box"])
    return tuple(place)


def _build(b: Builder, persona: Persona, employers: dict[str, EmployerRecord]) -> int:
    h = persona.household
    m = b.ref.municipality[h["municipality"]] if h else None
    home = _place(b, h) if h else None
    since = h["since"].toordinal() if h else None
    options = {k: v for k, v in (h or {}).items() if k in ("precarious", "mutuality", "medical_house", "owner")}
    hid = b.household(since) if h else None
    specs: dict[str, Spec] = {}
    for p in persona.people:
        specs[p.key] = _spec(b, p, m)
    # When the reference person has died, their partner heads the household from the day of death.
    dead_ref = next((specs[p.key].death for p in persona.people if p.relationship == "01" and p.death_date), None)
    successor = next((p.key for p in persona.people if dead_ref and p.relationship in ("02", "21")
                      and not p.death_date), None)
    for p in persona.people:
        s = specs[p.key]
        partner = specs.get(p.partner) if p.partner else None
        _civil(s, p, partner, m.nis if m else None)
        if p.cohabitation_since is not None and partner is not None and partner.cohab is None:
            b.cohabitation(s, partner, p.cohabitation_since.toordinal(), m.nis if m else None)
        for key in p.parents:
            b.parent(s, specs[key])
        registered = next((_ordinal(day) for _, day, reason in p.replaced if reason == "BIS_TO_RN"), None)
        if p.created is not None and (h is None or registered is not None):
            s.created = p.created.toordinal()
        if h is not None:
            joined = max(_ordinal(p.member_since) or since, s.birth, registered or 0)
            if registered is not None and s.created is not None:  # a BIS number with a contact address first
                s.moves.append((s.created, b.place(m, "CONTACT")))
            s.moves.append((joined, home))
            if p.key == successor and dead_ref > joined:
                b.member(hid, s.ssin, p.relationship, joined, dead_ref - 1)
                b.member(hid, s.ssin, "01", dead_ref)
            else:
                b.member(hid, s.ssin, p.relationship, joined, s.death - 1 if s.death else None)
        else:
            s.moves.append((s.created or s.birth + ADULT, _own_address(b, p)))
        for old, day, reason in p.replaced:
            b.replaced(old, s.ssin, day.toordinal(), reason)
        s.plan = PersonaPlan([(status, since_day.toordinal(), _options(opts, employers))
                              for status, since_day, opts in p.situation], options)
        b.emit(s)
    return len(persona.people)


def _spec(b: Builder, p: PersonaPerson, m) -> Spec:
    s = Spec()
    s.ssin, s.kind, s.sex = p.ssin, p.kind, p.sex
    year, month, day = (int(x) for x in p.birth_date.split("-"))
    s.birth = dt.date(year, month or 1, day or 1).toordinal()
    s.birth_text = p.birth_date
    lang = p.language or (None if m is None else "fr" if m.language == "fr-nl" else m.language) or "fr"
    s.language = s.pool = lang
    s.last, s.firsts = p.last_name, p.first_names
    s.nationality = p.nationality
    s.nats = [(p.nationality, s.birth, None)]
    if p.kind == "BIS":
        s.register = None
    else:
        s.register = p.register or (POPULATION_REGISTER if p.nationality == BELGIUM else FOREIGNERS_REGISTER)
    place = p.birth_place
    if isinstance(place, int):
        birth_m = b.ref.municipality[place]
        s.birth_nis, s.birth_name, s.birth_country = place, birth_m.name(lang), BELGIUM
    elif isinstance(place, dict):
        s.birth_nis, s.birth_name, s.birth_country = None, str(place["name"]), place["country"]
    elif p.nationality == BELGIUM and m is not None:
        b.born_in_belgium(s, m, lang)
    else:
        b.born_abroad(s, b.ref.country[p.nationality])
    s.death = _ordinal(p.death_date)
    return s


def _civil(s: Spec, p: PersonaPerson, partner: Spec | None, place: int | None) -> None:
    married = _ordinal(p.married_on)
    partner_ssin = partner.ssin if partner is not None else None
    if p.civil_status == 10 or married is None:
        s.civil = [(10, s.birth, None, None, None)]
    elif p.civil_status == 20:
        s.civil = [(10, s.birth, married - 1, None, None), (20, married, None, partner_ssin, place)]
    elif p.civil_status == 30:
        widowed = partner.death if partner is not None and partner.death else married + 365
        s.civil = [(10, s.birth, married - 1, None, None), (20, married, widowed - 1, partner_ssin, place),
                   (30, widowed, None, None, None)]
    else:
        divorced = _ordinal(p.divorced_on)
        s.civil = [(10, s.birth, married - 1, None, None), (20, married, divorced - 1, partner_ssin, place),
                   (40, divorced, None, None, None)]


def _own_address(b: Builder, p: PersonaPerson) -> Place:
    """The address of a BIS persona: abroad, or a Belgian contact address."""
    a = p.address
    if a["kind"] == "CONTACT":
        return b.place(b.ref.municipality[a["municipality"]], "CONTACT")
    place = list(b.abroad(b.ref.country[a["country"]]))
    if a.get("city"):
        place[13] = str(a["city"])
    return tuple(place)


def _options(options: dict, employers: dict[str, EmployerRecord]) -> dict:
    """A situation's options as the generator uses them (days as ordinals, employers as records)."""
    out = dict(options)
    if out.get("employer") is not None:
        out["employer"] = employers[numbers.normalize(str(out["employer"]))]
    if out.get("grapa_since") is not None:
        out["grapa_since"] = out["grapa_since"].toordinal() if isinstance(out["grapa_since"], dt.date) else \
            dt.date.fromisoformat(str(out["grapa_since"])).toordinal()
    if "jobs" in out:
        out["jobs"] = [{"begin": _day(j["begin"]), "end": _day(j["end"]), "hours": j["hours"],
                        "employer": employers.get(numbers.normalize(str(j["employer"]))) if j.get("employer") else None}
                       for j in out["jobs"]]
    for key in ("pension",):
        if key in out:
            out[key] = float(out[key])
    return out


def _day(value) -> int:
    return (value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value))).toordinal()
