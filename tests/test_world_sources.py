"""WorldStore reads of the social-security sources on a small hand-made world, and the migration of
a version-1 world."""

import datetime as dt
import sqlite3

import pytest

from simulator.world.model import Integration
from simulator.world.ssin import make_kbo, make_rn
from simulator.world.store import WorldStore
from simulator.world.store import schema as schema_module

D = dt.date
ANNE = make_rn(D(1980, 5, 4), 2)
LUC = make_rn(D(1978, 1, 9), 1)
KID = make_rn(D(2015, 3, 3), 3)
OTHER = make_rn(D(1990, 1, 1), 5)
KBO = make_kbo(2_345_678)


@pytest.fixture
def world(tmp_path):
    store = WorldStore.create(tmp_path / "world.sqlite")
    store.set_meta("reference_date", "2026-01-01")
    store.insert_rows("filiation", [{"child_ssin": KID, "parent_ssin": ANNE, "role": "MOTHER"},
                                    {"child_ssin": KID, "parent_ssin": LUC, "role": "FATHER"}])
    store.insert_rows("employer", [{"kbo": KBO, "onss": "100006", "name": "Acme SA", "joint_committee": "200",
                                    "category": "000", "nis": 62063}])
    store.insert_rows("employment", [
        {"id": 1, "ssin": ANNE, "employer_kbo": KBO, "worker_type": "OTH", "worker_code": "495",
         "joint_committee": "200", "regime": "FULL_TIME", "fte": 1.0, "monthly_gross": 3000.0,
         "begin_date": "2015-01-01", "end_date": "2022-06-30"},
        {"id": 2, "ssin": ANNE, "employer_kbo": KBO, "worker_type": "OTH", "worker_code": "495",
         "joint_committee": "200", "regime": "PART_TIME", "fte": 0.5, "monthly_gross": 1600.0,
         "begin_date": "2023-01-01", "end_date": None},
        {"id": 3, "ssin": OTHER, "employer_kbo": KBO, "worker_type": "STU", "worker_code": "841",
         "joint_committee": "200", "regime": "PART_TIME", "fte": 0.0, "monthly_gross": 0.0,
         "begin_date": "2025-07-01", "end_date": "2025-07-31"}])
    store.insert_rows("dimona", [
        {"id": 10, "employment_id": 1, "worker_type": "OTH", "begin_date": "2015-01-01", "end_date": "2022-06-30"},
        {"id": 11, "employment_id": 2, "worker_type": "OTH", "begin_date": "2023-01-01"},
        {"id": 12, "employment_id": 3, "worker_type": "STU", "planned_hours": 120, "begin_date": "2025-07-01",
         "end_date": "2025-07-31"}])
    store.insert_rows("dmfa", [
        {"employment_id": 2, "year": 2025, "quarter": q, "days": 32, "fte": 0.5, "remuneration": 4800.0,
         "remuneration_code": "1"} for q in (1, 2, 3)])
    store.insert_rows("unemployment", [{"id": 7, "ssin": ANNE, "kind": "FULL", "paying_body": "CSC",
                                        "family_category": "HEAD_OF_HOUSEHOLD", "daily_amount": 65.0,
                                        "begin_date": "2022-07-01", "end_date": "2022-12-31"}])
    store.insert_rows("unemployment_payment", [{"unemployment_id": 7, "month": m, "days": 26, "amount": 1690.0}
                                               for m in ("2022-11", "2022-12")])
    store.insert_rows("pension", [
        {"id": 1, "ssin": LUC, "kind": "RETIREMENT", "scheme": "EMPLOYEE", "monthly_amount": 700.0,
         "begin_date": "2024-02-01"},
        {"id": 2, "ssin": LUC, "kind": "GRAPA", "rate": "COHABITANT", "monthly_amount": 470.0,
         "begin_date": "2024-06-01", "end_date": "2025-05-31"}])
    store.insert_rows("health_insurance", [
        {"ssin": ANNE, "mutuality": 300, "ct1": "110", "ct2": "110", "increased_intervention": 0, "medical_house": 0,
         "begin_date": "2018-01-01", "end_date": "2022-12-31"},
        {"ssin": ANNE, "mutuality": 300, "ct1": "111", "ct2": "111", "increased_intervention": 1, "medical_house": 1,
         "begin_date": "2023-01-01"},
        {"ssin": KID, "mutuality": 300, "ct1": "111", "ct2": "111", "increased_intervention": 1, "medical_house": 1,
         "holder_ssin": ANNE, "begin_date": "2023-01-01"}])
    store.insert_rows("disability", [{"ssin": LUC, "recognition_date": "2019-03-01", "earning_reduction": 1,
                                      "autonomy_points": 12, "cards": "PARKING|TRANSPORT",
                                      "begin_date": "2019-04-01"}])
    store.insert_rows("disability_allowance", [
        {"ssin": LUC, "kind": "ARR", "category": "C", "monthly_amount": 1500.0, "begin_date": "2019-04-01",
         "end_date": "2024-01-31"},
        {"ssin": LUC, "kind": "AI", "category": "III", "monthly_amount": 590.0, "begin_date": "2019-04-01",
         "end_date": "2024-01-31"}])
    store.insert_rows("child_benefit", [{"ssin": ANNE, "child_ssin": KID, "fund": "FAMIWAL", "region": "WAL",
                                         "monthly_amount": 185.24, "social_supplement": 1, "begin_date": "2019-01-01"}])
    store.insert_rows("tax_assessment", [
        {"ssin": ANNE, "income_year": y, "assessment_id": y, "role": "T", "partner_ssin": LUC, "wages": 20000.0,
         "pensions": 0.0, "unemployment": 0.0, "sickness": 0.0, "self_employed": 0.0, "cadastral_income": 0.0,
         "taxable_income": 20000.0} for y in (2023, 2024)])
    store.insert_rows("property", [{"id": 1, "ssin": ANNE, "parcel": "62063A0001/00A000", "nis": 62063,
                                    "kind": "HOUSE", "cadastral_income": 900.0, "share": 0.5, "own_residence": 1,
                                    "begin_date": "2016-01-01"}])
    store.insert_rows("energy_rate", [{"ssin": LUC, "category": "GRAPA", "energy": "ELECTRICITY",
                                       "begin_date": "2024-06-01", "end_date": "2025-05-31"}])
    store.insert_rows("jobseeker", [{"ssin": ANNE, "body": "FOREM", "category": "UNEMPLOYED",
                                     "begin_date": "2022-07-01", "end_date": "2022-12-31"}])
    store.insert_rows("qualification", [{"ssin": OTHER, "code": "SO", "label": "Diploma secundair onderwijs",
                                         "level": 4, "date": "2008-06-30", "institution": "Atheneum"}])
    store.insert_rows("cpas_situation", [
        {"ssin": OTHER, "cpas_nis": 62063, "kind": "RIS", "category": 2, "monthly_amount": 1288.46, "resources": 0.0,
         "piis": 1, "begin_date": "2024-05-01", "end_date": "2025-01-31"},
        {"ssin": OTHER, "cpas_nis": 62063, "kind": "RIS", "category": 2, "monthly_amount": 1314.20, "resources": 0.0,
         "piis": 1, "begin_date": "2025-02-01"}])
    store.insert_rows("self_employment", [{"id": 1, "ssin": LUC, "kind": "MAIN", "fund": "XERIUS",
                                           "activity": "Horeca", "begin_date": "2000-01-01", "end_date": "2019-03-31"}])
    store.insert_rows("self_employed_contribution", [{"ssin": LUC, "year": 2019, "quarter": 1, "amount": 900.0,
                                                      "paid": 1}])
    yield store
    store.close()


def test_employments_dimona_and_dmfa(world):
    assert [e.id for e in world.employments(ANNE)] == [2, 1]
    now = world.employments(ANNE, D(2025, 1, 1))
    assert [(e.id, e.employer_name, e.regime) for e in now] == [(2, "Acme SA", "PART_TIME")]
    assert world.employments(ANNE, D(2022, 8, 1)) == []
    assert world.employer(KBO).name == "Acme SA" and world.employer("0212344876") is None
    periods = world.dimona_periods(ANNE)
    assert [(d.id, d.ssin, d.employer_kbo, d.joint_committee) for d in periods] == [
        (11, ANNE, KBO, "200"), (10, ANNE, KBO, "200")]
    assert [d.id for d in world.dimona_periods(ANNE, D(2016, 1, 1), D(2016, 12, 31))] == [10]
    assert [d.id for d in world.dimona_periods(ANNE, begin=D(2024, 1, 1))] == [11]
    assert [d.planned_hours for d in world.dimona_periods(OTHER)] == [120]
    lines = world.dmfa_quarters(ANNE)
    assert [(q.year, q.quarter) for q in lines] == [(2025, 3), (2025, 2), (2025, 1)]
    assert lines[0].worker_code == "495" and lines[0].employer_kbo == KBO and lines[0].begin == D(2025, 7, 1)
    assert [q.quarter for q in world.dmfa_quarters(ANNE, D(2025, 4, 1), D(2025, 6, 30))] == [2]


def test_benefits(world):
    [period] = world.unemployment(ANNE)
    assert (period.kind, period.paying_body) == ("FULL", "CSC")
    assert [p.month for p in period.payments] == ["2022-12", "2022-11"]
    assert world.unemployment(ANNE, begin=D(2023, 1, 1)) == []
    assert [p.kind for p in world.pensions(LUC)] == ["GRAPA", "RETIREMENT"]
    assert [p.kind for p in world.pensions(LUC, D(2025, 12, 1))] == ["RETIREMENT"]
    disability = world.disability(LUC)
    assert disability.cards == ("PARKING", "TRANSPORT") and disability.earning_reduction
    assert [(a.kind, a.category) for a in disability.allowances] == [("AI", "III"), ("ARR", "C")]
    assert world.disability(ANNE) is None
    assert [s.kind for s in world.self_employment(LUC)] == ["MAIN"]
    assert world.self_employment(LUC, D(2020, 1, 1)) == []
    assert world.self_employed_contributions(LUC)[0].paid is True


def test_one_record_at_a_date(world):
    assert world.health_insurance(ANNE).increased_intervention  # the reference date by default
    assert world.health_insurance(ANNE, D(2020, 1, 1)).ct1 == "110"
    assert world.health_insurance(ANNE, D(2010, 1, 1)) is None
    assert world.health_insurance(KID).holder_ssin == ANNE
    assert len(world.health_insurance_history(ANNE)) == 2
    assert world.cpas_situation(OTHER).monthly_amount == 1314.20
    assert world.cpas_situation(OTHER, D(2024, 12, 31)).monthly_amount == 1288.46
    assert world.cpas_situation(OTHER, D(2024, 4, 30)) is None and len(world.cpas_history(OTHER)) == 2
    assert world.energy_rate(LUC) is None and world.energy_rate(LUC, D(2025, 1, 1)).category == "GRAPA"
    assert world.jobseeker(ANNE) is None and world.jobseeker(ANNE, D(2022, 9, 1)).body == "FOREM"
    assert len(world.energy_rate_history(LUC)) == len(world.jobseeker_history(ANNE)) == 1


def test_family_taxes_properties_and_qualifications(world):
    assert [f.parent_ssin for f in world.parents(KID)] == [LUC, ANNE]  # FATHER, MOTHER
    assert [f.child_ssin for f in world.children(ANNE)] == [KID]
    for who in (ANNE, KID):  # the beneficiary and the child both see the allowance
        [benefit] = world.child_benefits(who, D(2025, 1, 1))
        assert (benefit.ssin, benefit.child_ssin, benefit.social_supplement) == (ANNE, KID, True)
    assert world.child_benefits(LUC) == []
    assert [t.income_year for t in world.tax_assessments(ANNE)] == [2024, 2023]
    assert world.tax_assessments(ANNE, 2023)[0].partner_ssin == LUC
    [house] = world.properties(ANNE, D(2025, 1, 1))
    assert house.own_residence and house.share == 0.5 and world.properties(ANNE, D(2010, 1, 1)) == []
    assert world.qualifications(OTHER)[0].level == 4


def test_code_labels_and_ris_amounts(world):
    assert world.code_label("paying_body", "CSC", "nl") == "ACV"
    assert world.code_label("joint_committee", "322.01", "fr") == "Entreprises agréées titres-services"
    assert world.code_label("ris_category", 2) == "Isolé" and world.code_label("mutuality", 999) is None
    assert world.ris_amount(2, D(2025, 2, 1)) == 1314.20 and world.ris_amount(2, D(2025, 1, 31)) == 1288.46
    assert world.ris_amount(3, D(2017, 6, 1)) == 1179.65 and world.ris_amount(1, D(2010, 1, 1)) is None


def test_every_source_lookup_uses_an_index(world):
    plans = {
        "employment": "SELECT * FROM employment WHERE ssin = 'x' AND begin_date <= '2025-01-01'",
        "dimona": "SELECT * FROM dimona WHERE employment_id = 1",
        "dmfa": "SELECT * FROM dmfa WHERE employment_id = 1 AND year = 2025",
        "unemployment_payment": "SELECT * FROM unemployment_payment WHERE unemployment_id = 1",
        "child_benefit": "SELECT * FROM child_benefit WHERE child_ssin = 'x'",
    }
    plans.update({t: f"SELECT * FROM {t} WHERE ssin = 'x'" for t in (
        "unemployment", "pension", "health_insurance", "disability_allowance", "tax_assessment", "property",
        "energy_rate", "jobseeker", "qualification", "cpas_situation", "self_employment",
        "self_employed_contribution")})
    for table, sql in plans.items():
        plan = " ".join(str(row[-1]) for row in world.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
        assert "USING INDEX" in plan or "PRIMARY KEY" in plan, (table, plan)


def test_a_version_1_world_is_migrated_with_its_data(tmp_path):
    path = tmp_path / "old.sqlite"
    store = WorldStore.create(path)
    store.insert_rows("person", [{"ssin": ANNE, "kind": "RN", "last_name": "Lambert", "first_names": "Anne",
                                  "birth_date": "1980-05-04", "gender": 2, "nationality": 150, "civil_status": 10,
                                  "language": "fr", "register": 1}])
    store.add_integration(Integration(ssin=ANNE, org_cbe="0207349673", purpose=2, begin=D(2025, 1, 1)))
    store.close()
    # Make it what version 1 wrote: none of the version-2 tables, their indexes or reference rows.
    plain = sqlite3.connect(path)
    for table in (*schema_module.SOURCE_TABLES, *schema_module.ATTESTATION_TABLES, *schema_module.SPP_IS_TABLES):
        plain.execute(f"DROP TABLE {table}")
    plain.execute("UPDATE meta SET value = '1' WHERE key = 'schema_version'")
    plain.commit()
    plain.close()
    upgraded = WorldStore.open(path)
    try:
        assert upgraded.meta()["schema_version"] == str(schema_module.SCHEMA_VERSION) == "4"
        assert upgraded.person(ANNE).last_name == "Lambert" and upgraded.integrations(ANNE)
        assert upgraded.employments(ANNE) == [] and upgraded.cpas_situation(ANNE) is None
        assert upgraded.code_label("paying_body", "CSC", "nl") == "ACV"
        assert upgraded.ris_amount(2, D(2025, 6, 1)) == 1314.20
        indexes = {r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {f"idx_{t}_{'_'.join(c)}" for t, c in schema_module.SOURCE_INDEXES} <= indexes
        assert upgraded.table_counts()["employment"] == 0
    finally:
        upgraded.close()
    again = WorldStore.open(path)  # nothing left to do the second time
    try:
        assert again.table_counts()["ref_code"] == upgraded_codes() and again.migrate() == schema_module.SCHEMA_VERSION
    finally:
        again.close()


def upgraded_codes() -> int:
    return len(schema_module.reference_rows("ref_code")[1])


def test_a_replaced_number_takes_its_social_security_records_along(world):
    from simulator.world.store import events

    new = make_rn(D(1980, 5, 4), 898)
    world.insert_rows("person", [{"ssin": ANNE, "kind": "RN", "last_name": "Lambert", "first_names": "Anne",
                                  "birth_date": "1980-05-04", "gender": 2, "nationality": 150, "civil_status": 10,
                                  "language": "fr", "register": 1}])
    world._write(lambda: events.replace_ssin(world, "2025-06-01", ANNE, new))
    assert world.employments(ANNE) == [] and len(world.employments(new)) == 2
    assert [d.ssin for d in world.dimona_periods(new)] == [new, new] and world.dmfa_quarters(new)
    assert world.unemployment(new)[0].payments and world.health_insurance(KID).holder_ssin == new
    assert [f.parent_ssin for f in world.children(new)] == [new] and world.child_benefits(KID)[0].ssin == new
    assert world.tax_assessments(new) and world.properties(new) and world.jobseeker_history(new)
