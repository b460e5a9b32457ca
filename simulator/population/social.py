"""The social-security pass: one household at a time, after its registers are settled.

1. decide whether the household is precarious (a CPAS household: RIS, GRAPA, long unemployment);
2. plan every adult's life course (careers.py), or take a persona's stated situation;
3. keep couples coherent: a partner's income and a RIS never overlap (a partner's resources count
   in full), and a family with children draws one RIS (category 3), not two;
4. render each segment into its sources (work.py, benefits.py), then the household sources
   (care.py: health insurance, family allowances, energy tariff; fiscal.py: properties, taxes,
   qualifications).

Shares are generator estimates [E], tuned so that the RIS share of the population comes out near
domain-facts §6 (Brussels 3.6 %, Wallonia 1.9 %, Flanders 0.6 %).
"""

from __future__ import annotations

from simulator.population import amounts as A
from simulator.population.benefits import Benefits
from simulator.population.builder import YEAR, Builder, Spec
from simulator.population.calendar import first_of_next_month
from simulator.population.care import Care
from simulator.population.careers import (
    DISABLED,
    EMPLOYED,
    INACTIVE,
    PARTIAL_RIS_SHARE,
    RETIRED,
    RIS,
    SELF,
    SICK,
    STUDENT,
    STUDENT_RIS_SHARE,
    UNEMPLOYED,
    Careers,
    Segment,
)
from simulator.population.employers import Employers
from simulator.population.fiscal import Fiscal
from simulator.population.life import Family, Life
from simulator.population.personas import AMU
from simulator.population.work import Work
from simulator.world.model import BELGIUM, WAITING_REGISTER

PRECARIOUS = {"BRU": 0.125, "WAL": 0.078, "VLG": 0.021, "DG": 0.04, None: 0.05}  # [E] working-age households
PRECARIOUS_ELDERLY = {"BRU": 0.07, "WAL": 0.04, "VLG": 0.025, "DG": 0.03, None: 0.03}  # [E] GRAPA households
PRECARIOUS_KIND = {"single": 1.7, "single_parent": 2.2, "couple": 0.4, "family": 0.4, "other": 1.0}  # [E]
PRECARIOUS_ORIGIN = {"non_eu": 2.2, "eu": 1.2, "be": 1.0}  # [E]
PRECARIOUS_YOUNG = 2.5  # [E] a reference person under 25 (a third of RIS recipients are under 25)
PARTNER_OF_PRECARIOUS = {INACTIVE: 70, RIS: 20, SICK: 10}  # [E] the partner of a precarious reference person
INCOME = (EMPLOYED, SELF, UNEMPLOYED, SICK, DISABLED)  # statuses whose income a RIS would count
AI_ONLY_SHARE = 0.012  # [E] employees recognised as disabled, with the integration allowance only
CROSS_BORDER_SHARE = 0.7  # [E] BIS persons living abroad who work in Belgium
FOREIGN_PENSION_SHARE = 0.3  # [E] retired BIS persons abroad with a Belgian pension
NON_RESIDENT_OWNER = 0.06  # [E]
URGENT_MEDICAL_AID_SHARE = 0.45  # [E] BIS persons with a Belgian contact address helped by a CPAS


def mask(segments: list[Segment], intervals: list[tuple[int, int | None]], statuses: tuple[str, ...],
         replacement: str = INACTIVE) -> list[Segment]:
    """``segments`` where the parts with one of ``statuses`` inside ``intervals`` become ``replacement``."""
    for lo, hi in intervals:
        out: list[Segment] = []
        for seg in segments:
            if seg.status not in statuses or not seg.overlaps(lo, hi):
                out.append(seg)
                continue
            if seg.begin < lo:
                out.append(Segment(seg.status, seg.begin, lo - 1, dict(seg.opts)))
            out.append(Segment(replacement, max(seg.begin, lo), seg.end if hi is None else
                               hi if seg.end is None else min(seg.end, hi)))
            if hi is not None and (seg.end is None or seg.end > hi):
                out.append(Segment(seg.status, hi + 1, seg.end, dict(seg.opts)))
        segments = out
    return segments


class Social:
    def __init__(self, b: Builder, employers: Employers) -> None:
        self.b = b
        self.careers = Careers(b)
        self.work = Work(b, employers)
        self.benefits = Benefits(b)
        self.care = Care(b, self.careers.window)
        self.fiscal = Fiscal(b)
        self.eu = self.benefits.eu

    def __call__(self, specs: list[Spec]) -> None:
        fam = Family(self.b, specs)
        if specs[0].kind == "BIS":
            for s in specs:
                self._bis(fam, s)
            return
        self._household(fam)

    # -- a registered household --------------------------------------------------------------------------

    def _household(self, fam: Family) -> None:
        b = self.b
        lives = []
        for s in fam.specs:
            until = s.death if s.death is not None else b.today
            if until < self.careers.window:
                continue  # died before the history window: nothing on file any more
            # Records start with the first address the register knows (for the born abroad: the first
            # legal one, their arrival), so that every record has a residence to go with it.
            born_here = s.birth_country == BELGIUM
            first = s.moves[0][0] if s.moves else s.birth
            legal = next((day for day, place in s.moves if place[0] == "LEGAL"), first)
            life = Life(s, until, max(first if born_here else legal, s.birth))
            life.insured = s.register != WAITING_REGISTER
            fam.lives[s.ssin] = life
            lives.append(life)
        if not lives:
            return
        ref = self._reference(fam)
        ref_until = ref.death if ref.death is not None else b.today
        region = fam.region(ref, ref_until)
        persona = any(s.plan is not None for s in fam.specs)
        options = next((s.plan.household for s in fam.specs if s.plan is not None), {})
        if persona:
            precarious = options.get("precarious", any(
                seg[0] == RIS for s in fam.specs if s.plan is not None for seg in s.plan.segments))
        else:
            precarious = self._precarious(fam, ref, region)
        partner = fam.partner(ref, ref_until)
        has_kids = any(s.parents and any(p in fam.by_ssin for p, _ in s.parents) for s in fam.specs)
        for life in lives:
            s = life.spec
            if s.plan is not None and s.plan.segments:
                life.segments = self._planned(life)
                continue
            current = None
            if precarious and s is partner and partner is not None and ref_until < self.careers.retirement(s):
                weights = dict(PARTNER_OF_PRECARIOUS)
                if has_kids:
                    weights.pop(RIS)
                current = b.pick(weights)
            region_now = fam.region(s, life.until)
            life.segments = self.careers.plan(s, life.earliest, precarious, region_now, life.until, current)
        for a, c, lo, hi in fam.couples():
            if a.ssin in fam.lives and c.ssin in fam.lives:
                self._couple(fam.lives[a.ssin], fam.lives[c.ssin], has_kids, lo, hi)
        for life in lives:
            self._render(fam, life, precarious)
            if precarious and life.segments:  # low household income: the increased intervention [K]
                life.bim.append((max(life.segments[0].begin, b.today - b.rng.randint(365, 6 * 365)), life.spec.death))
        since = min((begin for s in fam.specs for _hid, _rel, begin, _end in s.members), default=self.careers.window)
        self.care.health(fam, lives, region, precarious, max(since, self.careers.window),
                         union=options.get("mutuality"), medical_house=options.get("medical_house"))
        self.care.child_benefits(fam, precarious)
        self.care.energy(lives)
        owners = [fam.lives[o.ssin] for o in (ref, partner) if o is not None and o.ssin in fam.lives
                  and b.adult_day(o.birth) <= b.today]
        foreign = ref.nationality != BELGIUM
        if options.get("owner") is not False and not (persona and "owner" not in options):
            self.fiscal.properties(owners, region, precarious, foreign, force=bool(options.get("owner")))
        self.fiscal.taxes(fam, lives)
        for life in lives:
            self.fiscal.qualifications(life, precarious)

    def _reference(self, fam: Family) -> Spec:
        best = None
        for s in fam.specs:
            for _hid, rel, begin, _end in s.members:
                if rel == "01" and (best is None or begin > best[0]):
                    best = (begin, s)
        return best[1] if best else fam.specs[0]

    def _precarious(self, fam: Family, ref: Spec, region: str | None) -> bool:
        b = self.b
        day = ref.death if ref.death is not None else b.today
        adults = [s for s in fam.specs if s.death is None and b.adult_day(s.birth) <= b.today]
        minors = [s for s in fam.specs if s.death is None and b.adult_day(s.birth) > b.today]
        if day >= self.careers.retirement(ref):
            share = PRECARIOUS_ELDERLY.get(region, 0.05)
        else:
            share = PRECARIOUS.get(region, 0.03)
            if len(adults) <= 1:
                share *= PRECARIOUS_KIND["single_parent" if minors else "single"]
            elif fam.partner(ref, day) is not None:
                share *= PRECARIOUS_KIND["family" if minors else "couple"]
            else:
                share *= PRECARIOUS_KIND["other"]
        origin = "be" if ref.nationality == BELGIUM else "eu" if ref.nationality in self.eu else "non_eu"
        young = (day - ref.birth) / YEAR < 25
        return b.chance(share * PRECARIOUS_ORIGIN[origin] * (PRECARIOUS_YOUNG if young else 1.0))

    def _couple(self, a: Life, c: Life, has_kids: bool, lo: int, hi: int | None) -> None:
        """While they live together, partners' resources count in full against a RIS: while one draws
        it, the other has no income; and a family draws one RIS (the reference person's)."""
        def during(status: str, life: Life) -> list[tuple[int, int | None]]:
            out = []
            for seg in life.segments:
                if seg.status == status and seg.overlaps(lo, hi):
                    end = hi if seg.end is None else seg.end if hi is None else min(seg.end, hi)
                    out.append((max(seg.begin, lo), end))
            return out

        def ris(life: Life) -> list[tuple[int, int | None]]:
            return during(RIS, life)

        def retired(life: Life) -> list[tuple[int, int | None]]:
            return during(RETIRED, life)

        c.segments = mask(c.segments, ris(a), INCOME + ((RIS,) if has_kids else ()))
        a.segments = mask(a.segments, ris(c), INCOME)
        a.segments = mask(a.segments, retired(c), (RIS,))
        c.segments = mask(c.segments, retired(a), (RIS,))

    def _planned(self, life: Life, history: bool = True) -> list[Segment]:
        """A persona's stated situation; before its first statement, a generated history."""
        plan = life.spec.plan
        out: list[Segment] = []
        for i, (status, begin, opts) in enumerate(plan.segments):
            end = plan.segments[i + 1][1] - 1 if i + 1 < len(plan.segments) else life.spec.death
            out.append(Segment(status, begin, end, dict(opts)))
        if history and out and out[0].begin > self.careers.window and out[0].begin > life.earliest + 180:
            precarious = plan.household.get("precarious", False)
            previous = self.careers.before(life.spec, out[0].status, out[0].begin - 1, precarious)
            before = [] if previous is None else self.careers.plan(life.spec, life.earliest, precarious, None,
                                                                   out[0].begin - 1, previous)
            for seg in before:
                seg.end = out[0].begin - 1 if seg.end is None else seg.end
            out = before + out
        return out

    # -- rendering ---------------------------------------------------------------------------------------

    def _render(self, fam: Family, life: Life, precarious: bool) -> None:
        b = self.b
        s = life.spec
        stated = next((seg.opts["survivor"] for seg in life.segments if "survivor" in seg.opts), None)
        for civil in s.civil:
            if civil[0] == 30 and civil[1] <= life.until:
                survivor = self.benefits.survivor(life, civil[1], None if stated is None else float(stated or 0))
                if survivor:  # a resource: no RIS beside it
                    life.segments = mask(life.segments, [(first_of_next_month(civil[1]), None)], (RIS,))
                for seg in life.segments:
                    if seg.status == RETIRED:
                        seg.opts["survivor_amount"] = survivor
        previous = None
        for seg in life.segments:
            status = seg.status
            if status == EMPLOYED:
                self.work.employed(fam, life, seg, fte=seg.opts.get("fte"), employer=seg.opts.get("employer"))
                self.benefits.temporary(fam, life, seg)
                if b.chance(AI_ONLY_SHARE) and (seg.begin - s.birth) / YEAR >= 25:
                    self.benefits.disabled(fam, life, seg.begin, None, replacement=False)
            elif status == SELF:
                self.work.self_employed(life, seg)
            elif status == UNEMPLOYED:
                self.benefits.unemployed(fam, life, seg, previous)
            elif status == SICK:
                self.benefits.sick(life, seg)
            elif status == DISABLED:
                self.benefits.disabled(fam, life, seg.begin, seg.end, replacement=True)
            elif status == RIS:
                self._ris(fam, life, seg)
            elif status == RETIRED:
                self.benefits.retired(fam, life, seg, previous, precarious or seg.opts.get("grapa", False))
                if (seg.begin - s.birth) / YEAR < 75 and b.chance(0.02):
                    self.work.flexi(life, seg.begin, seg.end)
            elif status == STUDENT:
                if "jobs" in seg.opts:  # a persona's stated student jobs
                    for job in seg.opts["jobs"]:
                        self.work.hourly_job(life, "STU", job["employer"] or self.work.employers.pick(None),
                                             [(job["begin"], job["end"], job["hours"])], A.STUDENT_HOURLY,
                                             job["begin"], job["end"])
                else:
                    self.work.student_jobs(fam, life, seg.begin, seg.end)
            elif status == INACTIVE:
                self.benefits.voluntary_jobseeker(fam, life, seg)
            previous = seg

    def _ris(self, fam: Family, life: Life, seg: Segment) -> None:
        b = self.b
        young = (seg.begin - life.spec.birth) / YEAR < 25
        resources = 0.0
        if seg.opts.get("student", young and b.chance(STUDENT_RIS_SHARE)):
            seg.opts["student"] = True
            self.work.student_jobs(fam, life, seg.begin, seg.end)
        elif seg.opts.get("partial", b.chance(PARTIAL_RIS_SHARE)) and fam.partner(life.spec, seg.begin) is None:
            # A part-time job: its net pay, after the socio-professional exemption, reduces the RIS
            # (capped so that some RIS remains in every category).
            part = Segment(EMPLOYED, seg.begin, seg.end)
            self.work.employed(fam, life, part, fte=0.5, extras=False)
            net = part.opts["gross"] * (1 - A.EMPLOYEE_CONTRIBUTION)
            cap = 0.5 * A.ris_amounts().at(1, seg.begin)
            resources = round(min(max(net - A.RIS_WORK_EXEMPTION, 0.0), cap), 2)
        self.benefits.cpas(fam, life, seg, resources)

    # -- BIS persons ---------------------------------------------------------------------------------------

    def _bis(self, fam: Family, s: Spec) -> None:
        b = self.b
        created = s.created if s.created is not None else (s.moves[0][0] if s.moves else b.today - 365)
        life = Life(s, s.death if s.death is not None else b.today, created)
        fam.lives[s.ssin] = life
        abroad = bool(s.moves) and s.moves[-1][1][0] == "ABROAD"
        if s.plan is not None and s.plan.segments:
            self._bis_planned(fam, life)
            return
        if "-00" in s.birth_text:
            return  # an incomplete birth date: no source could check an age against it
        adult = max(b.adult_day(s.birth), created)
        retire = self.careers.retirement(s)
        if abroad:
            if adult <= b.today - 60 and b.today < retire and b.chance(CROSS_BORDER_SHARE):
                seg = Segment(EMPLOYED, b.between(adult, b.today - 30), None)
                life.segments = [seg]
                life.earliest = seg.begin
                employer = self.work.employed(fam, life, seg, extras=False)
                self.care.health(fam, [life], employer.region, False, seg.begin)
            elif b.today >= retire and b.chance(FOREIGN_PENSION_SHARE):
                seg = Segment(RETIRED, max(retire, created), None)
                life.segments = [seg]
                self.benefits.retired(fam, life, seg, None, False)
            if adult <= b.today and b.chance(NON_RESIDENT_OWNER):
                nis = b.ref.residence.pick(b.rng).nis
                self.fiscal.own([life], nis, b.pick({"HOUSE": 50, "APARTMENT": 35, "LAND": 15}), False,
                                b.between(max(adult, created), b.today - 30))
        elif b.chance(URGENT_MEDICAL_AID_SHARE) and created <= b.today - 30:
            self.benefits.urgent_medical_aid(fam, life)

    def _bis_planned(self, fam: Family, life: Life) -> None:
        """A BIS persona's stated situation: cross-border work, a Belgian pension, urgent medical aid."""
        life.segments = self._planned(life, history=False)
        for seg in life.segments:
            if seg.status == EMPLOYED:
                life.earliest = seg.begin
                employer = self.work.employed(fam, life, seg, fte=seg.opts.get("fte"), employer=seg.opts.get("employer"),
                                              extras=False)
                self.care.health(fam, [life], employer.region, False, seg.begin,
                                 union=life.spec.plan.household.get("mutuality"))
            elif seg.status == RETIRED:
                self.benefits.retired(fam, life, seg, None, False)
            elif seg.status == AMU:
                self.benefits.urgent_medical_aid(fam, life, seg.begin, seg.end)
