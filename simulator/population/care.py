"""Household sources: health insurance (mutuality, CT1/CT2, increased intervention, medical house),
family allowances (regional fund of the child's domicile) and the social energy tariff.

They are decided per household: a family shares a mutuality and a child-benefit fund, children are
insured as dependants of a parent, allowances go to a parent the child lives with (the mother first).
"""

from __future__ import annotations

from simulator.population import amounts as A
from simulator.population.builder import Builder, Spec, birthday
from simulator.population.calendar import split, timeline
from simulator.population.careers import STUDENT, clip_end
from simulator.population.life import Family, Life

TITLE_PRIORITY = ("PENSIONER", "INVALID", "WIDOW", "ACTIVE")
ENERGY_PRIORITY = ("RIS", "ERIS", "GRAPA", "DISABILITY", "BIM")
DEPENDANT_UNTIL = 25  # [K] children stay insured as dependants while young (students)
BIM_GAP = 120  # [E] days between two grounds for the increased intervention that it bridges
PRECARIOUS_CAAMI_FACTOR = 3  # [E] the public auxiliary fund is more frequent among CPAS clients


def merged(periods: list[tuple[int, int | None]], gap: int = BIM_GAP) -> list[tuple[int, int | None]]:
    """Periods sorted and joined where they overlap or leave less than ``gap`` days between them (the
    increased intervention is not withdrawn and granted again for a few weeks)."""
    out: list[list] = []
    for begin, end in sorted(periods, key=lambda p: p[0]):
        if out and (out[-1][1] is None or begin <= out[-1][1] + gap):
            out[-1][1] = None if out[-1][1] is None or end is None else max(out[-1][1], end)
        else:
            out.append([begin, end])
    return [(b, e) for b, e in out]


class Care:
    def __init__(self, b: Builder, window: int) -> None:
        self.b = b
        self.window = window
        self.holder_bim: dict[str, list[tuple[int, int | None]]] = {}  # as written, for the energy tariff

    # -- health insurance ------------------------------------------------------------------------------

    def health(self, fam: Family, lives: list[Life], region: str | None, precarious: bool, since: int,
               union: int | None = None, medical_house: bool | None = None) -> None:
        """The household's insurability: one mutuality; a medical house from ``since`` for some."""
        b = self.b
        self.holder_bim = {}
        weights = dict(A.MUTUALITIES.get("WAL" if region == "DG" else region or "BRU"))
        if precarious:
            weights[600] *= PRECARIOUS_CAAMI_FACTOR
        drawn = b.pick(weights)
        union = union or drawn
        share = A.MEDICAL_HOUSE_SHARE.get(region or "BRU", 0.05) * (2 if precarious else 1)
        medical = b.chance(share) if medical_house is None else medical_house
        medical_from = since if medical else None
        holders: dict[str, list[tuple[int, int | None, str, bool]]] = {}
        dependants: list[tuple[Life, Spec]] = []
        for life in lives:
            if not life.insured:
                continue
            parent = self._holder_of(fam, life)
            if parent is None:
                holders[life.spec.ssin] = self._holder_pieces(life)
            else:
                dependants.append((life, parent))
        for life, parent in dependants:
            if parent.ssin not in holders:  # the parent depends on someone too: insured in their own right
                holders[life.spec.ssin] = self._holder_pieces(life)
                continue
            begin, end = self._insured_from(life), life.spec.death
            for lo, hi, title, bim in holders[parent.ssin]:
                lo, hi = max(lo, begin), end if hi is None else hi if end is None else min(hi, end)
                if hi is None or lo <= hi:
                    self._insurance(life.spec.ssin, union, title, bim, medical_from, parent.ssin, lo, hi)
        for ssin, rows in holders.items():
            for lo, hi, title, bim in rows:
                self._insurance(ssin, union, title, bim, medical_from, None, lo, hi)

    def _insured_from(self, life: Life) -> int:
        return max(life.earliest, self.window)

    def _holder_of(self, fam: Family, life: Life) -> Spec | None:
        """The parent a young person depends on (mother first), when they live together."""
        s = life.spec
        if life.until - s.birth >= DEPENDANT_UNTIL * 365.25 or not s.parents:
            return None
        if any(seg.status not in ("STUDENT", "INACTIVE") for seg in life.segments):
            return None  # a young person with a title of their own (work, benefits, the RIS) is a holder
        for role in ("MOTHER", "FATHER"):
            for parent, r in s.parents:
                other = fam.by_ssin.get(parent)
                if r == role and other is not None and other.death is None and fam.lives.get(parent) is not None \
                        and fam.lives[parent].insured:
                    return other
        return None

    def _holder_pieces(self, life: Life) -> list[tuple[int, int | None, str, bool]]:
        begin = self._insured_from(life)
        end = life.spec.death
        titles = timeline([(max(b, begin), e, t) for b, e, t in life.titles] + [(begin, end, "ACTIVE")],
                          TITLE_PRIORITY)
        bims = merged(life.bim)
        days = [d for b, e in bims for d in (b, None if e is None else e + 1) if d is not None]
        out = []
        for lo, hi, title in titles:
            for plo, phi in split(lo, hi, days):
                bim = any(b <= plo and (e is None or e >= plo) for b, e in bims)
                if out and out[-1][2] == title and out[-1][3] == bim:
                    out[-1] = (out[-1][0], phi, title, bim)
                else:
                    out.append((plo, phi, title, bim))
        return out

    def _insurance(self, ssin: str, union: int, title: str, bim: bool, medical_from: int | None,
                   holder: str | None, lo: int, hi: int | None) -> None:
        b = self.b
        if bim and holder is None:
            self.holder_bim.setdefault(ssin, []).append((lo, hi))
        cuts = [(lo, hi)] if medical_from is None else split(lo, hi, (medical_from,))
        for plo, phi in cuts:
            ct = "1" + A.CT_TITLE[title] + ("1" if bim else "0")
            medical = medical_from is not None and plo >= medical_from
            b.add("health_insurance", (ssin, union, ct, ct, int(bim), int(medical), holder, b.iso(plo), b.iso(phi)))

    # -- family allowances ---------------------------------------------------------------------------

    def child_benefits(self, fam: Family, precarious: bool) -> None:
        b = self.b
        funds: dict[str, str] = {}
        for child in fam.specs:
            if not child.parents or not any(p in fam.by_ssin for p, _ in child.parents):
                continue
            life = fam.lives.get(child.ssin)
            until = fam.b.adult_day(child.birth) - 1
            if life is not None:
                study = next((seg for seg in life.segments if seg.status == STUDENT and seg.begin <= until + 1
                              and (seg.end is None or seg.end > until)), None)
                if study is not None:
                    until = min(clip_end(study.end, b.today) if study.end is not None else b.today + 3650,
                                birthday(child.birth, A.STUDENT_BENEFIT_END_AGE) - 1)
            if child.death is not None:
                until = min(until, child.death)
            begin = max(child.birth, self.window, life.earliest if life else child.birth)
            if until < begin:
                continue
            end = None if until >= b.today else until
            days = (fam.change_days(child) + fam.household_days(child)
                    + [d.toordinal() for d in A.CHILD_BENEFIT_SINCE.values()])
            for p, _ in child.parents:
                if p in fam.by_ssin:
                    days += fam.household_days(fam.by_ssin[p])
            rows: list[list] = []
            for lo, hi in split(begin, end, days):
                region = fam.region(child, lo)
                if region is None or lo < A.CHILD_BENEFIT_SINCE[region].toordinal():
                    continue
                beneficiary = self._beneficiary(fam, child, lo)
                if beneficiary is None:
                    continue
                fund = funds.get(region)
                if fund is None:
                    fund = funds[region] = b.pick(A.CHILD_BENEFIT_FUNDS[region])
                reformed = child.birth >= A.CHILD_BENEFIT_SINCE[region].toordinal()
                amount = (A.CHILD_BENEFIT_BASE[region] if reformed else A.CHILD_BENEFIT_OLD_SCHEME) \
                    + (A.CHILD_BENEFIT_SOCIAL if precarious else 0.0)
                row = [beneficiary, fund, region, round(amount, 2), lo, hi]
                if rows and rows[-1][:4] == row[:4] and rows[-1][5] is not None and rows[-1][5] + 1 == lo:
                    rows[-1][5] = hi
                else:
                    rows.append(row)
            for beneficiary, fund, region, amount, lo, hi in rows:
                b.add("child_benefit", (beneficiary, child.ssin, fund, region, amount, int(precarious), b.iso(lo),
                                        b.iso(hi)))

    def _beneficiary(self, fam: Family, child: Spec, day: int) -> str | None:
        """The parent the child lives with on ``day`` (the mother first)."""
        home = {o.ssin for o in fam.co_members(child, day)}
        for role in ("MOTHER", "FATHER"):
            for parent, r in child.parents:
                if r == role and parent in home:
                    return parent
        return None

    # -- the social energy tariff ----------------------------------------------------------------------------

    def energy(self, lives: list[Life]) -> None:
        b = self.b
        energy = "ELECTRICITY_GAS" if b.chance(A.GAS_SHARE) else "ELECTRICITY"
        lo_bim, hi_bim = A.BIM_FOR_ENERGY
        for life in lives:
            intervals = list(life.statutes)
            for begin, end in self.holder_bim.pop(life.spec.ssin, ()):  # the holder's increased intervention
                lo, hi = max(begin, lo_bim), hi_bim if end is None else min(end, hi_bim)
                if lo <= hi:
                    intervals.append((lo, hi, "BIM"))
            for lo, hi, category in timeline(intervals, ENERGY_PRIORITY):
                b.add("energy_rate", (life.spec.ssin, category, energy, b.iso(lo), b.iso(hi)))
