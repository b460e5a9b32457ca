"""The social-security sources of a generated world agree with the registers and with each other
(DESIGN §1.2): checked over every person of one seeded world."""

import collections
import datetime as dt
import itertools

import pytest

from simulator.population import generate
from simulator.population.amounts import CHILD_BENEFIT_SINCE, JOBSEEKER_BODY
from simulator.population.employers import onss_is_valid
from simulator.world import ssin as numbers
from simulator.world.model import BELGIUM, covers
from simulator.world.store import WorldStore

SIZE, SEED = 3000, 7
TODAY = dt.date(2026, 1, 1)
EU = None  # filled from the world's country table


@pytest.fixture(scope="module")
def world(tmp_path_factory):
    path = tmp_path_factory.mktemp("invariants") / "world.sqlite"
    generate(SIZE, SEED, path)
    store = WorldStore.open(path)
    yield store
    store.close()


class Record:
    """Everything about one person, read once through the store's public methods."""

    def __init__(self, world, person):
        s = person.ssin
        self.person = person
        self.birth = person.birth()
        self.death = dt.date.fromisoformat(person.death_date) if person.death_date else None
        self.employments = world.employments(s)
        self.dimona = world.dimona_periods(s)
        self.dmfa = world.dmfa_quarters(s)
        self.self_employment = world.self_employment(s)
        self.unemployment = world.unemployment(s)
        self.pensions = world.pensions(s)
        self.health = world.health_insurance_history(s)
        self.disability = world.disability(s)
        self.child_benefits = [c for c in world.child_benefits(s) if c.ssin == s]
        self.cpas = world.cpas_history(s)
        self.energy = world.energy_rate_history(s)
        self.jobseeker = world.jobseeker_history(s)
        self.taxes = world.tax_assessments(s)
        self.properties = world.properties(s)
        self.qualifications = world.qualifications(s)
        self.civil = world.civil_states(s)
        self.addresses = world.addresses(s)

    def birthday(self, years: int) -> dt.date:
        try:
            return self.birth.replace(year=self.birth.year + years)
        except ValueError:
            return dt.date(self.birth.year + years, 3, 1)


@pytest.fixture(scope="module")
def records(world):
    return {p.ssin: Record(world, p) for p in world.persons(limit=SIZE + 100)}


def overlap(a_begin, a_end, b_begin, b_end) -> bool:
    return (a_end is None or b_begin <= a_end) and (b_end is None or a_begin <= b_end)


def assert_sequential(rows, what):
    rows = sorted(rows, key=lambda r: r.begin)
    for older, newer in itertools.pairwise(rows):
        assert older.end is not None and older.end < newer.begin, (what, older, newer)


def periods(r: Record):
    """Every dated record of a person, with the source it comes from."""
    yield from (("employment", x) for x in r.employments)
    yield from (("dimona", x) for x in r.dimona)
    yield from (("self_employment", x) for x in r.self_employment)
    yield from (("unemployment", x) for x in r.unemployment)
    yield from (("pension", x) for x in r.pensions)
    yield from (("health", x) for x in r.health)
    yield from (("child_benefit", x) for x in r.child_benefits)
    yield from (("cpas", x) for x in r.cpas)
    yield from (("energy", x) for x in r.energy)
    yield from (("jobseeker", x) for x in r.jobseeker)
    yield from (("property", x) for x in r.properties)
    if r.disability:
        yield from (("allowance", x) for x in r.disability.allowances)


def test_every_source_is_present(records):
    counts = collections.Counter(source for r in records.values() for source, _ in periods(r))
    for source in ("employment", "dimona", "self_employment", "unemployment", "pension", "health", "child_benefit",
                   "cpas", "energy", "jobseeker", "property", "allowance"):
        assert counts[source] > 10, (source, counts)
    assert sum(len(r.dmfa) for r in records.values()) > 1000
    assert sum(len(r.taxes) for r in records.values()) > SIZE
    assert sum(len(r.qualifications) for r in records.values()) > 100
    types = {d.worker_type for r in records.values() for d in r.dimona}
    assert types == {"OTH", "STU", "FLX"}


def test_nobody_works_draws_benefits_or_moves_after_death(records):
    dead = [r for r in records.values() if r.death]
    assert dead
    for r in dead:
        for source, x in periods(r):
            assert x.begin <= r.death, (source, x)
            assert x.end is not None and x.end <= r.death, (source, x)
        assert all(a.begin <= r.death for a in r.addresses)
        assert all(t.income_year <= r.death.year for t in r.taxes)


def test_nothing_before_birth_and_work_from_a_plausible_age(records):
    for r in records.values():
        if r.birth is None:
            continue
        for source, x in periods(r):
            assert x.begin >= r.birth, (source, x)
        for e in r.employments:
            floor = {"STU": 15, "OTH": 18, "FLX": 18}[e.worker_type]
            assert e.begin >= r.birthday(floor), (e, r.birth)
        for q in r.qualifications:
            assert r.birthday(15) <= q.date <= (r.death or TODAY)


def test_periods_do_not_overlap_where_the_source_forbids_it(records):
    for r in records.values():
        assert_sequential([e for e in r.employments if e.worker_type == "OTH"], "employment")
        assert_sequential([u for u in r.unemployment if u.kind != "TEMPORARY"], "unemployment")
        for kind in ("RETIREMENT", "SURVIVOR", "GRAPA"):
            assert_sequential([p for p in r.pensions if p.kind == kind], kind)
        assert_sequential(r.health, "health insurance")
        assert_sequential(r.cpas, "cpas")
        assert_sequential(r.energy, "energy")
        assert_sequential(r.jobseeker, "jobseeker")
        for worker_type in ("STU", "FLX"):
            assert_sequential([d for d in r.dimona if d.worker_type == worker_type], worker_type)
        if r.disability:
            for kind in ("ARR", "AI"):
                assert_sequential([a for a in r.disability.allowances if a.kind == kind], kind)
        by_child = collections.defaultdict(list)
        for c in r.child_benefits:
            by_child[c.child_ssin].append(c)
        for rows in by_child.values():
            assert_sequential(rows, "child benefit")


def test_unemployment_and_full_time_work_never_overlap(records):
    temporary = 0
    for r in records.values():
        full_time = [e for e in r.employments if e.worker_type == "OTH" and e.regime == "FULL_TIME"]
        for u in r.unemployment:
            if u.kind == "TEMPORARY":  # temporary unemployment suspends a running contract
                temporary += 1
                assert any(e.begin <= u.begin and (e.end is None or u.end <= e.end)
                           for e in r.employments if e.worker_type == "OTH"), u
                continue
            assert not any(overlap(u.begin, u.end, e.begin, e.end) for e in full_time), (u, full_time)
            assert not any(overlap(u.begin, u.end, p.begin, p.end) for p in r.pensions if p.kind == "RETIREMENT")
    assert temporary > 0


def test_dimona_and_dmfa_belong_to_an_employment_of_the_person(records, world):
    for r in records.values():
        employments = {e.id: e for e in r.employments}
        for d in r.dimona:
            e = employments[d.employment_id]
            assert (d.employer_kbo, d.worker_type) == (e.employer_kbo, e.worker_type)
            assert e.begin <= d.begin and (e.end is None or (d.end is not None and d.end <= e.end)), (d, e)
        for q in r.dmfa:
            e = employments[q.employment_id]
            last = dt.date(q.year + (q.quarter == 4), 1 if q.quarter == 4 else 3 * q.quarter + 1, 1)
            assert overlap(e.begin, e.end, q.begin, last - dt.timedelta(days=1)), (q, e)
            assert q.remuneration > 0 and q.days > 0 and q.worker_code == e.worker_code
            assert (q.year, q.quarter) <= (2025, 3)  # the last quarter declared by the reference date
        for e in r.employments:
            employer = world.employer(e.employer_kbo)
            assert employer is not None and numbers.kbo_is_valid(employer.kbo) and onss_is_valid(employer.onss)
            if e.worker_type == "OTH":
                assert [d for d in r.dimona if d.employment_id == e.id] and e.monthly_gross > 0
                assert (e.regime == "FULL_TIME") == (e.fte == 1.0)


def test_pensions_only_from_pension_age_or_as_survivor(records):
    pensioners = 0
    for r in records.values():
        for p in r.pensions:
            if p.kind in ("RETIREMENT", "GRAPA"):
                pensioners += 1
                assert p.begin >= r.birthday(65), (p, r.birth)
            else:
                widowed = [c.begin for c in r.civil if c.code == 30]
                assert widowed and min(widowed) < p.begin and (p.begin - r.birth).days >= 50 * 365, p
            if p.kind == "GRAPA":
                assert p.rate in ("ISOLATED", "COHABITANT") and p.monthly_amount > 0
    assert pensioners > 100


def _category(world, ssin, day):
    household = world.household(ssin, day)
    others = [m.ssin for m in household.members if m.ssin != ssin] if household else []
    for other in others:
        child = world.person(other, day)
        born = child.birth()
        adult = born.replace(year=born.year + 18) if (born.month, born.day) != (2, 29) else dt.date(born.year + 18, 3, 1)
        if day < adult and any(f.parent_ssin == ssin for f in world.parents(other)):
            return 3
    return 1 if others else 2


def test_ris_recipients_fit_the_ris_rules(records, world):
    eu = {c["nis_code"] for c in (world.country(code) for code in range(100, 800)) if c and c["eu"]} | {BELGIUM}
    rows = [(r, c) for r in records.values() for c in r.cpas if c.kind in ("RIS", "ERIS")]
    assert len(rows) > 50 and {c.category for _, c in rows} == {1, 2, 3}
    for r, c in rows:
        assert r.person.kind == "RN" and c.begin >= r.birthday(18)
        for day in (c.begin, c.end or TODAY):
            assert c.category == _category(world, r.person.ssin, day), (c, day)
        assert c.monthly_amount == round(world.ris_amount(c.category, c.begin) - c.resources, 2) > 0
        nationality = world.person(r.person.ssin, c.begin).nationality
        assert (c.kind == "RIS") == (nationality in eu)
        assert c.cpas_nis == world.person(r.person.ssin, c.begin).address.nis
        jobs = [e for e in r.employments if e.worker_type == "OTH" and overlap(c.begin, c.end, e.begin, e.end)]
        assert all(e.regime == "PART_TIME" for e in jobs), (c, jobs)
        assert (c.resources > 0) == bool(jobs), (c, jobs)
        assert not [u for u in r.unemployment if u.kind != "TEMPORARY" and overlap(c.begin, c.end, u.begin, u.end)]
        assert not [p for p in r.pensions if overlap(c.begin, c.end, p.begin, p.end)]
        assert not [s for s in r.self_employment if overlap(c.begin, c.end, s.begin, s.end)]
        if r.disability:
            assert not [a for a in r.disability.allowances if a.kind == "ARR" and overlap(c.begin, c.end, a.begin, a.end)]
        household = world.household(r.person.ssin, c.begin)
        partners = {m.ssin for m in household.members if m.relationship in ("01", "02", "21")} - {r.person.ssin} \
            if household and any(m.ssin == r.person.ssin and m.relationship in ("01", "02", "21")
                                 for m in household.members) else set()
        for partner in partners:  # a partner's resources count in full: none while the RIS runs
            p = records[partner]
            assert not [e for e in p.employments if e.worker_type == "OTH" and overlap(c.begin, c.begin, e.begin, e.end)]
            assert not [u for u in p.unemployment if u.kind != "TEMPORARY" and overlap(c.begin, c.begin, u.begin, u.end)]
    health = [world.health_insurance(r.person.ssin, c.begin + dt.timedelta(days=91))
              for r, c in rows if c.end is None or c.end > c.begin + dt.timedelta(days=91)]
    assert health and all(h is None or h.increased_intervention for h in health)


def test_ris_share_follows_the_regions(records, world):
    population, recipients = collections.Counter(), collections.Counter()
    for r in records.values():
        p = r.person
        if p.kind != "RN" or r.death or p.address is None or p.address.kind != "LEGAL":
            continue
        m = world.municipality(p.address.nis)
        population[m["region"]] += 1
        recipients[m["region"]] += any(c.kind in ("RIS", "ERIS") and covers(c.begin, c.end, TODAY) for c in r.cpas)
    share = {region: recipients[region] / population[region] for region in population}
    assert min(share["BRU"], share["WAL"]) > share["VLG"] > 0, share  # 3.6 % / 1.9 % / 0.6 % in 2022
    assert 0.005 < sum(recipients.values()) / sum(population.values()) < 0.03


def test_child_benefits_go_to_a_parent_for_their_own_child(records, world):
    assert sum(len(r.child_benefits) for r in records.values()) > 100
    for r in records.values():
        for c in r.child_benefits:
            assert any(f.parent_ssin == r.person.ssin for f in world.parents(c.child_ssin)), c
            household = world.household(r.person.ssin, c.begin)
            assert household and c.child_ssin in {m.ssin for m in household.members}, c
            child = records[c.child_ssin]
            assert c.begin >= child.birth and c.begin < child.birthday(25)
            if c.end is None:
                assert TODAY < child.birthday(25)
            address = world.person(c.child_ssin, c.begin).address
            m = world.municipality(address.nis)
            assert c.region == ("DG" if m["language"] == "de" else m["region"])
            assert c.begin >= CHILD_BENEFIT_SINCE[c.region]


def test_health_insurance_holders_titles_and_bim(records, world):
    for r in records.values():
        for h in r.health:
            assert h.ct1 == h.ct2 and h.ct1[0] == "1" and h.ct1[2] == ("1" if h.increased_intervention else "0")
            if h.holder_ssin:
                assert any(f.parent_ssin == h.holder_ssin for f in world.parents(r.person.ssin))
                holder = world.health_insurance(h.holder_ssin, h.begin)
                assert holder is not None and holder.ct1 == h.ct1 and holder.mutuality == h.mutuality
        if r.pensions and any(p.kind == "RETIREMENT" and p.end is None for p in r.pensions) and r.health:
            assert r.health[0].ct1[1] == "3"  # a pensioner's title


def test_energy_tariff_follows_an_entitling_statute(records):
    for r in records.values():
        for e in r.energy:
            grounds = {"RIS": [c for c in r.cpas if c.kind == "RIS"], "ERIS": [c for c in r.cpas if c.kind == "ERIS"],
                       "GRAPA": [p for p in r.pensions if p.kind == "GRAPA"],
                       "DISABILITY": list(r.disability.allowances) if r.disability else [],
                       "BIM": [h for h in r.health if h.increased_intervention]}[e.category]
            assert any(overlap(e.begin, e.begin, g.begin, g.end) for g in grounds), e
            if e.category == "BIM":
                assert dt.date(2021, 2, 1) <= e.begin and e.end <= dt.date(2023, 6, 30)


def test_jobseekers_register_with_their_region(records, world):
    registered = 0
    for r in records.values():
        for j in r.jobseeker:
            registered += 1
            m = world.municipality(world.person(r.person.ssin, j.begin).address.nis)
            assert j.body == JOBSEEKER_BODY["DG" if m["language"] == "de" else m["region"]], j
            if j.category in ("UNEMPLOYED", "INSERTION"):
                assert any(u.begin <= j.begin and overlap(j.begin, j.end, u.begin, u.end) for u in r.unemployment)
            if j.category == "RIS":
                assert any(overlap(j.begin, j.end, c.begin, c.end) for c in r.cpas)
    assert registered > 50


def test_taxes_follow_the_incomes_of_the_year(records):
    joint = 0
    for r in records.values():
        for t in r.taxes:
            first, last = dt.date(t.income_year, 1, 1), dt.date(t.income_year, 12, 31)
            assert t.taxable_income == round(t.wages + t.pensions + t.unemployment + t.sickness + t.self_employed
                                             + t.cadastral_income, 2)
            if t.wages > 0:
                assert any(overlap(first, last, e.begin, e.end) for e in r.employments if e.worker_type != "FLX")
            if t.unemployment > 0:
                assert any(overlap(first, last, u.begin, u.end) for u in r.unemployment)
            if t.pensions > 0:
                assert any(overlap(first, last, p.begin, p.end) for p in r.pensions if p.kind != "GRAPA")
            if t.partner_ssin:
                joint += 1
                other = [x for x in records[t.partner_ssin].taxes if x.income_year == t.income_year]
                assert len(other) == 1 and other[0].assessment_id == t.assessment_id and other[0].role != t.role
    assert joint > 100


def test_properties_and_bis_persons(records):
    for r in records.values():
        for p in r.properties:
            assert 0 < p.share <= 1 and p.cadastral_income > 0
            assert r.birth is None or p.begin >= r.birthday(18)
        if r.person.kind == "BIS":
            assert not r.taxes and not r.child_benefits and not r.jobseeker
            assert not [p for p in r.pensions if p.kind == "GRAPA"]  # residents only
            assert all(c.kind == "URGENT_MEDICAL_AID" for c in r.cpas)
            if r.cpas:
                assert r.person.address.kind == "CONTACT"
            if [e for e in r.employments if e.worker_type == "OTH"]:
                assert r.health  # cross-border workers are insured through their job
