"""The household types: who lives together, since when, how they are related, married or not."""

from __future__ import annotations

from simulator.population.builder import YEAR, Spec
from simulator.population.households import (
    COUPLE_AGES,
    KIDS,
    KINDS,
    PARENT_AGES,
    SINGLE_AGES,
    SINGLE_PARENT_AGES,
    SIZE,
    Home,
    Households,
    Origin,
)


def make_household(hh: Households, room: int, progress: float) -> None:
    """One household of at most ``room`` people (dead ones included)."""
    kind = KINDS.pick(hh.b.rng)
    if SIZE[kind] > room:
        kind = "single" if room < 2 else "couple"
    h = hh.home()
    if kind == "single":
        single(hh, h, room, progress)
    elif kind in ("siblings", "flatmates"):
        adults_only(hh, h, kind, room)
    else:
        family(hh, h, kind, room, progress)


def single(hh: Households, h: Home, room: int, progress: float) -> None:
    b = hh.b
    lo, hi = SINGLE_AGES.pick(b.rng)
    sex = ("F" if b.chance(0.65) else "M") if lo >= 65 else b.rng.choice("MF")
    s = hh.person(h, sex, b.birth_for_age(lo, hi))
    start = hh.start_of(s, h)
    if lo >= 65 and room >= 2 and start < b.today - 12 * YEAR and b.chance(0.2) and widow(hh, h, s, start):
        return
    death = b.between(b.today - int(5 * YEAR), b.today - 1) if lo >= 80 and b.chance(0.06) else None
    until = death or b.today
    if start >= until:
        start = until - 1
    hh.civil_single(s, until)
    since = s.civil[-1][1] if s.civil[-1][0] != 10 else start
    home_from = b.between(min(max(start, since), until - 1), until - 1)
    foreign = h.origin.country is not None
    if not (foreign and death is None and hh.maybe_replaced(s, h, home_from, progress)):
        b.earlier_moves(s, h.m, start, home_from, 3)
    hh.share(s, hh.family_moves(h, home_from, until), home_from, death)
    s.death = death
    end = death - 1 if death else None
    hid = b.household(home_from, end)
    b.member(hid, s.ssin, "01", home_from, end)
    if not foreign and death is None:
        hh.maybe_corrected(s, progress)
    b.emit(s)


def widow(hh: Households, h: Home, s: Spec, start: int) -> bool:
    """``s`` lost their spouse in the last years: the spouse is in the world, dead, and was a member."""
    b = hh.b
    died = b.between(b.today - int(8 * YEAR), b.today - 30)
    older = 1 if s.sex == "F" else -1
    spouse_birth = min(s.birth - older * int(b.rng.gauss(2.5, 3) * YEAR), died - int(55 * YEAR))
    spouse = hh.person(h, "M" if s.sex == "F" else "F", spouse_birth, until=died)
    lo = max(start, hh.start_of(spouse, h))
    if lo > died - 2 * 365:
        b.used_ssins.discard(spouse.ssin)
        return False
    formed = b.between(lo, min(lo + int(10 * YEAR), died - 2 * 365))
    married = formed if b.chance(0.6) else b.between(formed, min(formed + 3 * 365, died - 365))
    place = h.m.nis if h.arrival is None or married >= h.arrival else None
    hh.civil_married(s, married, spouse.ssin, place, False)
    hh.civil_married(spouse, married, s.ssin, place, False)
    s.civil[-1] = (20, married, died - 1, spouse.ssin, place)
    s.civil.append((30, died, None, None, None))
    spouse.death = died
    for person in (s, spouse):
        b.earlier_moves(person, h.m, hh.start_of(person, h), formed, 2)
    moves = hh.family_moves(h, formed, b.today)
    hh.share(s, moves, formed)
    hh.share(spouse, moves, formed, died)
    hid = b.household(formed)
    if spouse.sex == "M" and b.chance(0.7):  # the reference person died: the widow(er) takes over
        b.member(hid, spouse.ssin, "01", formed, died - 1)
        b.member(hid, s.ssin, "02", formed, died - 1)
        b.member(hid, s.ssin, "01", died)
    else:
        b.member(hid, s.ssin, "01", formed)
        b.member(hid, spouse.ssin, "02", formed, died - 1)
    b.emit(s)
    b.emit(spouse)
    return True


def _kids(hh: Households, mother_birth: int, oldest_parent: int, youngest_parent: int, count: int) -> list[int]:
    b = hh.b
    births: list[int] = []
    for _ in range(count):
        for _attempt in range(8):
            born = mother_birth + int(b.rng.uniform(19, 43) * YEAR)
            if born < b.today - 1 and b.today - born < 25 * YEAR and born > youngest_parent + 17 * YEAR \
                    and born > oldest_parent:
                births.append(born)
                break
    return sorted(births)


def family(hh: Households, h: Home, kind: str, room: int, progress: float) -> None:
    b = hh.b
    rng = b.rng
    couple = kind != "single_parent"
    wanted = 0 if kind == "couple" else min(KIDS.pick(rng), room - (2 if couple else 1) - (kind == "three_generations"))
    ages = COUPLE_AGES if kind == "couple" else PARENT_AGES if couple else SINGLE_PARENT_AGES
    lo, hi = ages.pick(rng)
    same_sex = couple and b.chance(0.02)
    ref_sex = ("M" if b.chance(0.7) else "F") if couple else ("F" if b.chance(0.82) else "M")
    ref_birth = b.birth_for_age(lo, hi)
    adults = [ref_birth]
    partner_sex = partner_birth = None
    if couple:
        partner_sex = ref_sex if same_sex else ("F" if ref_sex == "M" else "M")
        gap = rng.gauss(2.5, 3) * (1 if partner_sex == "F" else -1)
        partner_birth = min(ref_birth + int(gap * YEAR), b.latest_adult_birth())
        adults.append(partner_birth)
    if ref_sex == "F":
        mother = ref_birth
    elif partner_sex == "F":
        mother = partner_birth
    else:
        mother = ref_birth + int(2 * YEAR)
    kids = _kids(hh, mother, min(adults), max(adults), wanted)

    ref = hh.person(h, ref_sex, ref_birth)
    partner_home = h
    partner = None
    if couple:
        if h.origin.country is None and b.chance(0.08):  # a Belgian with a foreign partner
            country = b.ref.foreign.pick(rng)
            partner_home = Home(h.m, h.lang, Origin(country.names, country, None), hh._arrival())
        partner = hh.person(partner_home, partner_sex, partner_birth)
    father = ref if ref_sex == "M" else partner if partner_sex == "M" else None
    kid_last = father.last if father else (ref.last if b.chance(0.7) else b.last_name(h.origin.pool))
    children = [hh.person(h, rng.choice("MF"), born, last=kid_last, child=True) for born in kids]

    lo_day = max(hh.start_of(ref, h), hh.start_of(partner, partner_home) if partner else 0)
    first_kid = kids[0] if kids else b.today - 30
    if lo_day <= first_kid:
        formed = b.between(lo_day, min(first_kid, lo_day + int(12 * YEAR)) if b.chance(0.7) else first_kid)
    else:  # arrived in Belgium with the children (or the partner arrived later)
        formed = min(lo_day, b.today - 30)
    home_from = formed
    relation = "02"
    if couple:
        age = b.age(ref_birth)
        married = b.chance(0.85 if age >= 55 else 0.65 if age >= 35 else 0.45)
        if married:
            wed_lo = max(ref.adult(), partner.adult())
            if h.arrival and formed >= h.arrival and kids and kids[0] < formed:
                day, place = b.between(wed_lo, kids[0]), None  # married abroad before coming
            else:
                top = kids[0] if kids and b.chance(0.8) else b.today - 30
                day = formed if b.chance(0.5) else b.between(formed, min(formed + 3 * 365, max(top, formed)))
                place = h.m.nis
            for x, y in ((ref, partner), (partner, ref)):
                hh.civil_married(x, day, y.ssin, place, b.chance(0.12))
        else:
            relation = "21"
            for x in (ref, partner):
                if b.chance(0.2):
                    hh.previous_divorce(x, formed)
                else:
                    x.civil = [(10, x.birth, None, None, None)]
            if b.chance(0.6):
                declared = b.between(formed, min(formed + 2 * 365, b.today - 30))
                b.cohabitation(ref, partner, declared, h.m.nis)
    else:
        home_from = _single_parent_civil(hh, ref, kids, formed)
        formed = max(lo_day, min(formed, kids[0])) if kids else formed  # the children's first home

    moves = hh.family_moves(h, formed, b.today)
    for adult in (ref, partner):
        if adult is not None:
            b.earlier_moves(adult, h.m, hh.start_of(adult, h if adult is ref else partner_home), formed, 2)
            hh.share(adult, moves, formed)
    hid = b.household(home_from)
    b.member(hid, ref.ssin, "01", home_from)
    if partner:
        b.member(hid, partner.ssin, relation, home_from)
    step = relation == "21" and b.chance(0.15)
    if step and children:  # the children carry their own parent's name, not the reference person's
        kid_last = partner.last if partner.sex == "M" else b.last_name(h.origin.pool)
        for child in children:
            child.last = kid_last
    for child in children:
        # The register's filiation: a stepchild ('13') is the partner's child, not the reference person's.
        for parent in ((partner,) if step else (ref, partner)):
            if parent is not None:
                b.parent(child, parent)
        child.civil = [(10, child.birth, None, None, None)]
        hh.share(child, moves, max(child.birth, formed))
        b.member(hid, child.ssin, "13" if step else "03", max(child.birth, home_from))
    if kind == "three_generations":
        _grandparent(hh, h, ref, moves, home_from, hid)
    if h.origin.country is None:
        hh.maybe_corrected(ref, progress)
    for person in (ref, partner, *children):
        if person is not None:
            b.emit(person)


def _single_parent_civil(hh: Households, parent: Spec, kids: list[int], formed: int) -> int:
    """Civil state of a lone parent; returns when this household (without the other parent) began."""
    b = hh.b
    if not kids:
        parent.civil = [(10, parent.birth, None, None, None)]
        return formed
    situation = b.pick({"divorced": 55, "single": 35, "widowed": 10})
    married = b.between(parent.adult(), kids[0])
    ended = b.between(max(kids[-1], married + 365), b.today - 60)
    if situation == "single" or married + 365 >= b.today - 60:
        parent.civil = [(10, parent.birth, None, None, None)]
        return formed
    code = 40 if situation == "divorced" else 30
    parent.civil = [(10, parent.birth, married - 1, None, None), (20, married, ended - 1, None, None),
                    (code, ended, None, None, None)]
    return max(formed, ended)


def _grandparent(hh: Households, h: Home, ref: Spec, moves: list, home_from: int, hid: int) -> None:
    b = hh.b
    birth = ref.birth - int(b.rng.uniform(22, 38) * YEAR)
    if birth < b.today - int(99 * YEAR):
        return
    gp = hh.person(h, "F" if b.chance(0.7) else "M", birth, last=ref.last if ref.sex == "M" and b.chance(0.5) else None)
    joined = b.between(max(home_from + 30, hh.start_of(gp, h)), b.today - 30)
    married = gp.adult() + int(b.rng.uniform(1, 8) * YEAR)
    widowed = b.between(married + 5 * 365, joined)
    if married < ref.birth < widowed:
        gp.civil = [(10, birth, married - 1, None, None), (20, married, widowed - 1, None, None),
                    (30, widowed, None, None, None)]
    else:
        gp.civil = [(10, birth, None, None, None)]
    b.earlier_moves(gp, h.m, hh.start_of(gp, h), joined, 2)
    hh.share(gp, moves, joined)
    b.member(hid, gp.ssin, "06", joined)
    b.parent(ref, gp)
    b.emit(gp)


def adults_only(hh: Households, h: Home, kind: str, room: int) -> None:
    """Two siblings ('09') or two-three unrelated flatmates ('12') sharing a home."""
    b = hh.b
    count = 3 if kind == "flatmates" and room >= 3 and b.chance(0.3) else 2
    first = b.birth_for_age(18, 45 if kind == "siblings" else 35)
    people: list[Spec] = []
    for i in range(count):
        if kind == "siblings":
            birth = min(first + b.rng.choice((-1, 1)) * int(b.rng.uniform(1, 8) * YEAR), b.latest_adult_birth())
            last = people[0].last if people else None
        else:
            birth, last = b.birth_for_age(19, 35), None
        person = hh.person(h, b.rng.choice("MF"), first if i == 0 else birth, last=last)
        person.civil = [(10, person.birth, None, None, None)]
        people.append(person)
    formed = b.between(min(max(hh.start_of(p, h) for p in people), b.today - 30), b.today - 30)
    moves = hh.family_moves(h, formed, b.today)
    hid = b.household(formed)
    for i, person in enumerate(people):
        b.earlier_moves(person, h.m, hh.start_of(person, h), formed, 2)
        hh.share(person, moves, formed)
        b.member(hid, person.ssin, "01" if i == 0 else ("09" if kind == "siblings" else "12"), formed)
        b.emit(person)
