"""The generator: determinism, and the invariants of one coherent world (DESIGN §1.2)."""

import collections
import datetime as dt
import itertools
import json

import pytest

from simulator.errors import SimulatorError
from simulator.population import generate
from simulator.world import ssin as numbers
from simulator.world.dossier import dossier
from simulator.world.model import covers
from simulator.world.store import WorldStore

SIZE, SEED = 2000, 11
REGISTER_TABLES = {"meta", "person", "address", "civil_state", "nationality", "identity_card", "household",
                   "household_member", "cohabitation", "ssin_history", "integration"}
TODAY = dt.date(2026, 1, 1)


@pytest.fixture(scope="module")
def generated(tmp_path_factory):
    path = tmp_path_factory.mktemp("population") / "world.sqlite"
    summary = generate(SIZE, SEED, path)
    return path, summary


@pytest.fixture(scope="module")
def world(generated):
    store = WorldStore.open(generated[0])
    yield store
    store.close()


@pytest.fixture(scope="module")
def people(world):
    return world.persons(limit=SIZE + 10)


@pytest.fixture(scope="module")
def tables(world):
    rows = collections.defaultdict(list)
    for table, row in world.dump():
        rows[table].append(row)
    return rows


def canonical(path) -> list:
    store = WorldStore.open(path)
    try:
        return list(store.dump())
    finally:
        store.close()


# -- generation -----------------------------------------------------------------------------------


def test_same_seed_same_world_other_seed_other_world(tmp_path):
    calls = []
    first = generate(600, 5, tmp_path / "a.sqlite", progress=lambda done, total: calls.append((done, total)))
    generate(600, 5, tmp_path / "b.sqlite")
    generate(600, 6, tmp_path / "c.sqlite")
    a, b, c = (canonical(tmp_path / f"{x}.sqlite") for x in "abc")
    assert a == b
    assert a != c
    # The comparison covers every source table, not only the registers.
    dumped = collections.Counter(table for table, _row in a)
    for table in ("filiation", "employer", "employment", "dimona", "dmfa", "self_employment", "unemployment",
                  "pension", "health_insurance", "child_benefit", "tax_assessment", "property", "jobseeker",
                  "qualification", "cpas_situation", "ref_code", "ref_ris_amount"):
        assert dumped[table] > 0, table
    sources_a = [row for table, row in a if table not in REGISTER_TABLES]
    sources_c = [row for table, row in c if table not in REGISTER_TABLES]
    assert sources_a != sources_c
    assert calls[-1] == (600, 600)
    assert first["people"] == 600 and first["rows"]["person"] == 600 and first["bytes"] > 0
    assert not list(tmp_path.glob("*.tmp*"))


def test_generate_replaces_an_existing_world_and_refuses_nonsense(tmp_path):
    out = tmp_path / "w.sqlite"
    generate(50, 1, out)
    assert generate(80, 2, out)["people"] == 80
    with WorldStore.open(out) as store:
        assert store.count_persons() == 80 and store.meta()["seed"] == "2"
    with pytest.raises(SimulatorError):
        generate(0, 1, tmp_path / "x.sqlite")


def test_summary_and_meta(generated, world):
    _path, summary = generated
    assert summary["people"] == SIZE == world.count_persons()
    assert summary["households"] == summary["rows"]["household"] > SIZE // 4
    assert summary["seconds"] < 10
    assert summary["personas"] >= 13 and summary["bytes"] > 0 and summary["megabytes"] > 0
    for source in ("registers", "employment", "dimona", "dmfa", "unemployment", "pensions", "health_insurance",
                   "child_benefits", "taxes", "properties", "jobseekers", "cpas"):
        assert summary["sources"][source] > 0, source
    assert summary["sources"]["employment"] == summary["rows"]["employment"] == world.table_counts()["employment"]
    meta = world.meta()
    assert (meta["seed"], meta["size"], meta["reference_date"]) == (str(SEED), str(SIZE), "2026-01-01")
    assert meta["schema_version"] == "4" and meta["generated_at"]
    assert world.reference_date == TODAY


# -- numbers --------------------------------------------------------------------------------------


def test_every_ssin_is_valid_and_agrees_with_the_person(people):
    assert len({p.ssin for p in people}) == len(people) == SIZE
    for p in people:
        info = numbers.parse(p.ssin)
        assert info.kind == p.kind
        assert info.birth_date == p.birth_date
        assert {None: 0, "M": 1, "F": 2}[info.sex] == p.gender


def test_mix_of_persons(people):
    kinds = collections.Counter(p.kind for p in people)
    assert 0.03 <= kinds["BIS"] / SIZE <= 0.05
    registered = [p for p in people if p.kind == "RN"]
    belgian = sum(p.nationality == 150 for p in registered) / len(registered)
    assert 0.80 <= belgian <= 0.95
    dead = sum(p.death_date is not None for p in people) / SIZE
    assert 0.003 <= dead <= 0.025
    bis = [p for p in people if p.kind == "BIS"]
    assert any(p.gender == 0 for p in bis) and any(p.birth_date.endswith("-00") for p in bis)
    ages = [TODAY.year - int(p.birth_date[:4]) for p in people if not p.death_date]
    assert min(ages) >= 0 and max(ages) <= 100
    assert 0.15 <= sum(a < 18 for a in ages) / SIZE <= 0.30
    assert 0.12 <= sum(a >= 65 for a in ages) / SIZE <= 0.30
    assert {p.language for p in people} == {"fr", "nl", "de"}


def test_bis_persons_have_no_register_household_or_card(world, people):
    for p in people:
        if p.kind == "BIS":
            assert p.register is None
            assert world.household(p.ssin, TODAY) is None and not world.household_history(p.ssin)
            assert not world.identity_cards(p.ssin)
            assert p.address is not None and p.address.kind in ("ABROAD", "CONTACT")
            assert (p.address.kind == "ABROAD") == (p.address.country != 150)
        else:
            assert p.register in (1, 2, 3)
            assert (p.register == 1) == (p.nationality == 150)


def test_replaced_numbers_resolve(world, tables):
    history = tables["ssin_history"]
    assert history and {r[3] for r in history} >= {"BIS_TO_RN", "MERGE"}
    for old, new, date, reason in history:
        assert numbers.is_valid(old) and world.person(old) is None
        final = world.replacement(old)
        person = world.person(final.new_ssin)
        assert person is not None and person.kind == "RN"
        assert final.date == dt.date.fromisoformat(date) and final.reason == reason
        if reason == "BIS_TO_RN":
            assert numbers.parse(old).kind == "BIS" and world.person(new) is not None
            contact = [a for a in world.addresses(new) if a.kind == "CONTACT"]
            assert contact and contact[0].end < final.date <= world.addresses(new)[0].begin
        if reason == "MERGE":
            assert world.replacement(new) is not None  # merged into a BIS that was replaced later


# -- addresses ------------------------------------------------------------------------------------


def test_postcodes_and_names_match_the_municipality(world, tables):
    municipalities = {m["nis"]: m for m in world.municipalities()}
    for p in world.persons(limit=SIZE):
        for a in world.addresses(p.ssin):
            if a.kind == "ABROAD":
                assert a.nis is None and a.postal_code is None and a.country != 150 and a.city_abroad
                continue
            m = municipalities[a.nis]
            assert a.country == 150 and a.postal_code == m["postal_code"]
            assert (a.municipality_fr, a.municipality_nl, a.municipality_de) == (m["name_fr"], m["name_nl"], m["name_de"])
            assert m["has_cpas"] == 1  # nobody lives in Herstappe
            street = {"fr": a.street_fr, "nl": a.street_nl, "de": a.street_de}
            expected = {"fr-nl": {"fr", "nl"}}.get(m["language"], {m["language"]})
            assert {k for k, v in street.items() if v} == expected
            assert a.house_number and a.street_code


def test_address_history_is_ordered_without_overlap_and_after_birth(world, people):
    for p in people:
        history = world.addresses(p.ssin)
        assert history, p.ssin
        assert history[0].end is None
        for newer, older in itertools.pairwise(history):
            assert older.end == newer.begin - dt.timedelta(days=1)
        # The current address and 3 earlier ones, or more to reach back to the start of the
        # social-security history (8 years), so that every record there has a residence.
        assert len(history) <= 4 or history[-2].begin > TODAY - dt.timedelta(days=int(8 * 365.25)), history
        if p.kind == "RN":
            assert history[-1].begin >= dt.date.fromisoformat(p.birth_date)
        if p.death_date:
            assert history[0].begin <= dt.date.fromisoformat(p.death_date)


def test_household_members_share_the_current_address(world, people):
    seen = set()
    for p in people:
        if p.kind != "RN" or p.death_date:
            continue
        household = world.household(p.ssin, TODAY)
        assert household is not None, p.ssin
        if household.id in seen:
            continue
        seen.add(household.id)
        homes = {(a.nis, a.street_code, a.house_number, a.box)
                 for a in (world.person(m.ssin).address for m in household.members)}
        assert len(homes) == 1, household
        assert [m.relationship for m in household.members].count("01") == 1
        assert household.reference_ssin in {m.ssin for m in household.members}


def test_household_sizes_are_realistic(world, tables):
    sizes = collections.Counter()
    for household_id, ssin, relationship, begin, end in tables["household_member"]:
        if covers(dt.date.fromisoformat(begin), end and dt.date.fromisoformat(end), TODAY):
            sizes[household_id] += 1
    share = collections.Counter(sizes.values())
    assert 0.28 <= share[1] / len(sizes) <= 0.44  # ~36 % one-person households
    assert max(share) >= 4
    relationships = {r[2] for r in tables["household_member"]}
    assert {"01", "02", "03", "21"} <= relationships <= {r[0] for r in tables["ref_relationship"]}


# -- deaths, civil states, cards ------------------------------------------------------------------


def test_the_dead_stop_moving_and_leave_their_household(world, people):
    dead = [p for p in people if p.death_date]
    assert dead
    for p in dead:
        died = dt.date.fromisoformat(p.death_date)
        assert all(a.begin <= died for a in world.addresses(p.ssin))
        assert all(m.end is not None and m.end < died for m in world.household_history(p.ssin))
        assert world.household(p.ssin, TODAY) is None
        assert world.person(p.ssin, at=died - dt.timedelta(days=1)).death_date is None


def test_spouses_point_at_each_other(world, people):
    married = 0
    for p in people:
        for state in world.civil_states(p.ssin):
            if state.partner_ssin:
                married += 1
                back = [s for s in world.civil_states(state.partner_ssin)
                        if s.partner_ssin == p.ssin and s.code == state.code == 20 and s.begin == state.begin]
                assert back, (p.ssin, state)
        for c in world.cohabitations(p.ssin):
            assert any(x.partner_ssin == p.ssin for x in world.cohabitations(c.partner_ssin))
    assert married > SIZE // 10


def test_civil_states_follow_each_other_and_fit_the_household(world, people):
    widowed = 0
    for p in people:
        states = world.civil_states(p.ssin)
        assert states and states[0].code == p.civil_status and states[0].end is None
        for newer, older in itertools.pairwise(states):
            assert older.end == newer.begin - dt.timedelta(days=1)
        if p.kind == "RN":
            assert states[-1].begin == dt.date.fromisoformat(p.birth_date)
            if TODAY.year - int(p.birth_date[:4]) < 17:
                assert p.civil_status == 10
        household = world.household(p.ssin, TODAY) if p.kind == "RN" and not p.death_date else None
        if household and p.civil_status == 20 and states[0].partner_ssin:
            own = next(m.relationship for m in household.members if m.ssin == p.ssin)
            assert own in ("01", "02")
            assert states[0].partner_ssin in {m.ssin for m in household.members}
        if p.civil_status == 30 and states[1].partner_ssin:
            widowed += 1
            partner = world.person(states[1].partner_ssin)
            assert partner.death_date == states[0].begin.isoformat()
    assert widowed > 0


def test_nationality_history(world, people):
    naturalised = 0
    for p in people:
        history = world.nationalities(p.ssin)
        assert history[0].country == p.nationality and history[0].end is None
        naturalised += len(history) > 1
    assert naturalised > 0


def test_identity_cards(world, people):
    numbers_seen = set()
    for p in people:
        cards = world.identity_cards(p.ssin)
        for card in cards:
            assert len(card.number) == 12 and card.number.isdigit()
            assert int(card.number[10:]) == (int(card.number[:10]) % 97 or 97)
            assert card.number not in numbers_seen
            numbers_seen.add(card.number)
            assert card.begin <= card.end
            assert card.begin >= dt.date.fromisoformat(p.birth_date)
        if p.kind != "RN" or p.death_date:
            continue
        current = [c for c in cards if covers(c.begin, c.end, TODAY)]
        born = dt.date.fromisoformat(p.birth_date)
        age = TODAY.year - born.year - ((TODAY.month, TODAY.day) < (born.month, born.day))
        if p.nationality == 150 and age >= 12:
            assert [c.type for c in current] == ["0000"], (p, current)
        elif p.nationality == 150:
            assert [c.type for c in current] in (["0060"], [])  # the Kids-ID is optional
        elif p.register == 2:
            assert [c.type for c in current] in (["0050"], [])


def test_birth_places(world, people):
    for p in people:
        if p.birth_country == 150:
            assert world.municipality(p.birth_place_nis) is not None
        else:
            assert p.birth_place_nis is None and p.birth_place_name
    assert sum(p.birth_country == 150 for p in people) / SIZE > 0.7


def test_names_follow_the_language(world, people):
    german = [p for p in people if p.language == "de" and p.kind == "RN"]
    assert german and all(world.municipality(p.address.nis)["language"] == "de" for p in german)
    flemish = [p for p in people if p.language == "nl" and p.kind == "RN"]
    assert all(world.municipality(p.address.nis)["language"] in ("nl", "fr-nl") for p in flemish)
    for p in people:
        assert p.last_name and p.first_names and all(p.first_names)


# -- dossier --------------------------------------------------------------------------------------


def test_dossier_of_a_family_member(world, people):
    p = next(p for p in people if p.kind == "RN" and p.civil_status == 20 and not p.death_date)
    d = dossier(world, p.ssin)
    json.dumps(d)  # JSON-ready
    assert d["person"]["ssin"] == p.ssin and d["replaced_by"] is None and d["synthetic"] is True
    assert d["address"]["postal_code"] == p.address.postal_code
    assert d["civil_states"][0]["label"] and d["civil_states"][0]["partner_name"]
    assert d["household"]["reference_ssin"] in {m["ssin"] for m in d["household"]["members"]}
    assert all(m["relationship_label"] and m["last_name"] for m in d["household"]["members"])
    assert d["identity_cards"] and d["nationalities"][0]["label"]


def test_dossier_follows_a_replaced_number(world, tables):
    old, new, _date, _reason = next(r for r in tables["ssin_history"] if r[3] == "MERGE")
    d = dossier(world, numbers.format_ssin(old))
    assert d["ssin"] == old and d["replaced_by"]["reason"] == "MERGE"
    assert d["person"]["ssin"] == d["replaced_by"]["new_ssin"] == world.replacement(old).new_ssin
    assert [step["old_ssin"] for step in d["replaced_by"]["chain"]] == [old, new]
    assert d["former_ssins"] and json.dumps(d)


def test_dossier_errors_are_one_line(world):
    with pytest.raises(SimulatorError, match="not a valid SSIN"):
        dossier(world, "12345678901")
    free = numbers.make_rn(dt.date(1931, 1, 1), 997)
    with pytest.raises(SimulatorError, match="no person"):
        dossier(world, free)
