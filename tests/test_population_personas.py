"""Personas: in every world with the same numbers and details, as their files state, and checked
with one-line errors naming the file and the field."""

import dataclasses
import datetime as dt
import re

import pytest

from simulator.population import generate
from simulator.population.personas import PersonaError, builtin_dir, load_personas
from simulator.world import ssin as numbers
from simulator.world.dossier import dossier
from simulator.world.store import WorldStore

TODAY = dt.date(2026, 1, 1)
JULIE, THOMAS, JAN, SARAH, EMMA, KATRIEN = ("88032290216", "79510590192", "84051490190", "86093090267",
                                             "05100390285", "75021790280")
JEANNE, MARCEL, AHMAD, AHMAD_BIS, FATOU = "44060890218", "40120190190", "90041290175", "90441290164", "95481990283"
KIDS = ("13021190254", "16082390191", "22010590228")


@pytest.fixture(scope="module")
def worlds(tmp_path_factory):
    """Two worlds of different size and seed."""
    root = tmp_path_factory.mktemp("personas")
    generate(400, 1, root / "a.sqlite")
    generate(1200, 99, root / "b.sqlite")
    stores = [WorldStore.open(root / "a.sqlite"), WorldStore.open(root / "b.sqlite")]
    yield stores
    for store in stores:
        store.close()


@pytest.fixture(scope="module")
def world(worlds):
    return worlds[0]


def _without_ids(value):
    """A dossier with the row ids left out (they depend on how many rows came before)."""
    if isinstance(value, dict):
        return {k: _without_ids(v) for k, v in value.items()
                if k not in ("id", "employment_id", "assessment_id", "household_id")}
    if isinstance(value, list):
        return [_without_ids(v) for v in value]
    return value


def test_builtin_personas_load_with_reserved_numbers():
    personas = load_personas()
    assert {p.id for p in personas} >= {"ris-single-liege", "bis-cross-border-worker", "family-of-five-antwerp",
                                        "student-with-dimona", "pensioner-grapa", "bis-replaced",
                                        "bis-urgent-medical-aid"}
    for person in (x for p in personas for x in p.people):
        assert numbers.parse(person.ssin).series >= 900


def test_personas_are_the_same_in_every_world(worlds):
    a, b = worlds
    for ssin in (JULIE, THOMAS, JAN, SARAH, *KIDS, EMMA, KATRIEN, JEANNE, MARCEL, AHMAD, FATOU):
        da, db = dossier(a, ssin), dossier(b, ssin)
        assert _without_ids(da) == _without_ids(db), ssin
    assert a.count_persons() == 400 and b.count_persons() == 1200


def test_generated_people_never_use_the_persona_series(world):
    personas = {x.ssin for p in load_personas() for x in p.people}
    for person in world.persons(limit=1000):
        assert (numbers.parse(person.ssin).series >= 900) == (person.ssin in personas), person.ssin


def test_ris_single_person_in_liege(world):
    julie = world.person(JULIE)
    assert (julie.address.nis, julie.address.street_fr, julie.address.house_number) == (62063, "Rue Haute", "27")
    assert [m.ssin for m in world.household(JULIE).members] == [JULIE]
    ris = world.cpas_situation(JULIE)
    assert (ris.kind, ris.category, ris.cpas_nis, ris.monthly_amount, ris.piis) == ("RIS", 2, 62063, 1314.20, True)
    assert world.cpas_situation(JULIE, dt.date(2024, 6, 1)).monthly_amount == 1288.46
    assert world.cpas_situation(JULIE, dt.date(2023, 4, 30)) is None
    assert world.jobseeker(JULIE).body == "FOREM" and world.energy_rate(JULIE).category == "RIS"
    assert world.health_insurance(JULIE).increased_intervention
    assert world.unemployment(JULIE)[0].begin == dt.date(2021, 6, 1)


def test_bis_person_without_a_belgian_address(world):
    thomas = world.person(THOMAS)
    assert thomas.kind == "BIS" and thomas.register is None and world.household(THOMAS) is None
    assert (thomas.address.kind, thomas.address.country, thomas.address.city_abroad) == ("ABROAD", 111, "Lille")
    job = world.employments(THOMAS, TODAY)
    assert [(e.employer_kbo, e.employer_name, e.regime) for e in job] == [
        ("0412345614", "Construction Picard SRL", "FULL_TIME")]
    assert world.dimona_periods(THOMAS)[0].begin == dt.date(2021, 3, 1)
    assert world.health_insurance(THOMAS).mutuality and not world.tax_assessments(THOMAS)


def test_family_of_five_in_antwerp_with_one_working_parent(world):
    household = world.household(JAN)
    assert {m.ssin for m in household.members} == {JAN, SARAH, *KIDS}
    assert world.person(JAN).address.nis == 11002
    working = [s for s in (JAN, SARAH) if [e for e in world.employments(s, TODAY) if e.worker_type == "OTH"]]
    assert working == [JAN]
    benefits = world.child_benefits(SARAH, TODAY)
    assert sorted(c.child_ssin for c in benefits) == sorted(KIDS)
    assert {c.region for c in benefits} == {"VLG"} and {c.ssin for c in benefits} == {SARAH}
    for kid in KIDS:
        assert {f.parent_ssin for f in world.parents(kid)} == {JAN, SARAH}
        assert world.health_insurance(kid).holder_ssin in (JAN, SARAH)
    joint = world.tax_assessments(JAN, 2024)[0]
    assert joint.partner_ssin == SARAH and joint.wages > 0


def test_student_with_a_dimona(world):
    dimonas = world.dimona_periods(EMMA, dt.date(2025, 1, 1), dt.date(2025, 12, 31))
    assert [(d.worker_type, d.planned_hours, d.begin) for d in dimonas] == [
        ("STU", 96, dt.date(2025, 10, 4)), ("STU", 210, dt.date(2025, 7, 1))]
    assert {q.worker_code for q in world.dmfa_quarters(EMMA)} <= {"840", "841"}
    assert world.child_benefits(EMMA, TODAY)[0].ssin == KATRIEN  # still studying at 20
    assert world.employments(KATRIEN, TODAY)[0].fte == 0.8


def test_pensioner_with_grapa(world):
    pensions = {p.kind: p for p in world.pensions(JEANNE, TODAY)}
    assert set(pensions) == {"RETIREMENT", "SURVIVOR", "GRAPA"}
    grapa = pensions["GRAPA"]
    assert (grapa.rate, grapa.begin) == ("ISOLATED", dt.date(2019, 3, 1))
    assert grapa.monthly_amount == round(1650.0 - 0.9 * (612.40 + 385.10), 2)
    assert world.person(MARCEL).death_date == "2019-02-11" and world.person(JEANNE).civil_status == 30
    assert world.household(JEANNE).reference_ssin == JEANNE
    assert world.energy_rate(JEANNE).category == "GRAPA"


def test_person_whose_bis_number_was_replaced(world):
    replaced = world.replacement(AHMAD_BIS)
    assert (replaced.new_ssin, replaced.date, replaced.reason) == (AHMAD, dt.date(2023, 4, 17), "BIS_TO_RN")
    d = dossier(world, AHMAD_BIS)
    assert d["person"]["ssin"] == AHMAD and d["replaced_by"]["new_ssin"] == AHMAD
    kinds = [c["kind"] for c in d["social_security"]["cpas"]["history"]]
    assert kinds and set(kinds) == {"ERIS"}  # a Syrian national: equivalent RIS
    assert [a.kind for a in world.addresses(AHMAD)] == ["LEGAL", "CONTACT"]


def test_bis_person_with_urgent_medical_aid(world):
    aid = world.cpas_situation(FATOU)
    assert (aid.kind, aid.cpas_nis, aid.begin, aid.end) == ("URGENT_MEDICAL_AID", 21013, dt.date(2025, 6, 1),
                                                            dt.date(2026, 5, 31))
    assert world.person(FATOU).address.kind == "CONTACT" and world.health_insurance(FATOU) is None


def test_dossier_shows_every_source(world):
    d = dossier(world, JAN)
    sources = d["social_security"]
    assert set(sources) == {"employments", "dimona", "dmfa", "self_employment", "self_employed_contributions",
                            "unemployment", "pensions", "health_insurance", "disability", "child_benefits",
                            "tax_assessments", "properties", "energy_rate", "jobseeker", "qualifications", "cpas"}
    job = sources["employments"][0]
    assert job["employer"]["name"] == "Transport Verbeke NV" and job["joint_committee_label"] and job["current"]
    assert sources["health_insurance"]["current"]["mutuality_label"] and sources["dmfa"]
    assert {c["name"] for c in d["children"]} >= {"Peeters, Lotte"}
    julie = dossier(world, JULIE)["social_security"]["cpas"]["current"]
    assert (julie["cpas"], julie["category_label"]) == ("Liège", "Isolé")


# -- extra persona files --------------------------------------------------------------------------------


def _readme_example() -> str:
    text = (builtin_dir() / "README.md").read_text(encoding="utf-8")
    return re.search(r"```yaml\n(.*?)```", text, re.DOTALL).group(1)


def test_the_readme_example_is_a_valid_extra_persona(tmp_path):
    extra = tmp_path / "mine"
    extra.mkdir()
    (extra / "charleroi.yaml").write_text(_readme_example(), encoding="utf-8")
    summary = generate(150, 3, tmp_path / "w.sqlite", personas=[extra])
    with WorldStore.open(tmp_path / "w.sqlite") as store:
        marc = store.person("80010190177")
        assert marc.address.nis == 52011 and summary["personas"] == 14
        assert store.unemployment("80010190177")[0].begin == dt.date(2024, 2, 1)
        assert store.employments("80010190177")[0].employer_name == "Demo SA"
        assert "unemployed-charleroi" in store.meta()["personas"]


PERSON = {"key": "x", "ssin": "80010190177", "last_name": "Dupont", "first_names": ["Marc"], "sex": "M",
          "birth_date": "1980-01-01"}


def _write(tmp_path, body: dict | str):
    import yaml

    path = tmp_path / "bad.yaml"
    path.write_text(body if isinstance(body, str) else yaml.safe_dump(body), encoding="utf-8")
    return path


@pytest.mark.parametrize("change, message", [
    ({"people": [{**PERSON, "ssin": "80010190178"}]}, r"people\[0\]\.ssin: check digits"),
    ({"people": [{**PERSON, "ssin": numbers.make_rn(dt.date(1980, 1, 1), 11)}]}, r"people\[0\]\.ssin: .*series 900"),
    ({"people": [{**PERSON, "birth_date": "1980-01-02"}]}, r"people\[0\]\.birth_date: .*does not agree"),
    ({"people": [{**PERSON, "sex": "F"}]}, r"people\[0\]\.sex: .*does not agree"),
    ({"people": [{**PERSON, "nickname": "Jo"}]}, r"people\[0\]\.nickname: unknown field"),
    ({"household": {"municipality": 73028, "since": "2020-01-01"}}, r"household\.municipality: 73028"),
    ({"people": [{**PERSON, "partner": "nobody"}]}, r"people\[0\]\.partner: 'nobody'"),
    ({"people": [{**PERSON, "ssin": JULIE, "birth_date": "1988-03-22", "sex": "F"}]}, r"already used in .*liege"),
    ({"people": [{**PERSON, "situation": [{"status": "DANCING", "since": "2020-01-01"}]}]},
     r"people\[0\]\.situation\[0\]\.status: one of"),
    ({"people": [{**PERSON, "situation": [{"status": "EMPLOYED", "since": "2020-01-01", "employer": "0212344876"}]}]},
     r"situation\[0\]\.employer: 0212344876 is not one of this file's employers"),
])
def test_bad_persona_files_fail_with_one_line_naming_file_and_field(tmp_path, change, message):
    body = {"id": "bad", "household": {"municipality": 62063, "since": "2020-01-01"}, "people": [PERSON], **change}
    path = _write(tmp_path, body)
    with pytest.raises(PersonaError, match=message) as caught:
        load_personas([path])
    assert str(caught.value).startswith(f"{path.resolve()}: ") or str(caught.value).startswith(f"{path}: ")
    assert "\n" not in str(caught.value)


def test_broken_yaml_and_missing_files(tmp_path):
    with pytest.raises(PersonaError, match=r"bad\.yaml: line \d+ not valid YAML"):
        load_personas([_write(tmp_path, "id: x\npeople: [unclosed\n")])
    with pytest.raises(PersonaError, match="no such persona file"):
        load_personas([tmp_path / "missing.yaml"])
    with pytest.raises(PersonaError, match="unclosed|not valid"):
        generate(50, 1, tmp_path / "w.sqlite", personas=[tmp_path / "bad.yaml"])
    assert not (tmp_path / "w.sqlite").exists()  # a bad persona file fails before any work


def test_persona_records_are_frozen(world):
    with pytest.raises(dataclasses.FrozenInstanceError):
        world.cpas_situation(JULIE).monthly_amount = 0
