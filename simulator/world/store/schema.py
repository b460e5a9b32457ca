"""Tables, indexes, migrations and the SQL fragments the store reads with."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
from collections.abc import Callable

import sqlite_utils

from simulator.resources import fixture
from simulator.world.model import (
    Address,
)

SCHEMA_VERSION = 4
JOURNAL_SCHEMA_VERSION = 2

S, I, F = str, int, float
# Version 1: the registers, the reference directory and the request journal.
TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...] | None]] = {
    "meta": ({"key": S, "value": S}, "key"),
    "person": ({"ssin": S, "kind": S, "last_name": S, "last_key": S, "first_names": S, "first_keys": S,
                "birth_date": S, "gender": I, "nationality": I, "birth_place_nis": I, "birth_place_name": S,
                "birth_country": I, "civil_status": I, "language": S, "register": I, "death_date": S}, "ssin"),
    "address": ({"id": I, "ssin": S, "kind": S, "country": I, "nis": I, "postal_code": S, "municipality_fr": S,
                 "municipality_nl": S, "municipality_de": S, "street_code": I, "street_fr": S, "street_nl": S,
                 "street_de": S, "house_number": S, "box": S, "begin_date": S, "end_date": S,
                 "city_abroad": S}, "id"),
    "civil_state": ({"ssin": S, "code": I, "begin_date": S, "end_date": S, "partner_ssin": S, "place_nis": I}, None),
    "nationality": ({"ssin": S, "country": I, "begin_date": S, "end_date": S}, None),
    "identity_card": ({"ssin": S, "number": S, "type": S, "begin_date": S, "end_date": S,
                       "municipality_nis": I}, None),
    "household": ({"id": I, "begin_date": S, "end_date": S}, "id"),
    "household_member": ({"household_id": I, "ssin": S, "relationship": S, "begin_date": S, "end_date": S}, None),
    "cohabitation": ({"ssin": S, "partner_ssin": S, "begin_date": S, "end_date": S, "place_nis": I}, None),
    "ssin_history": ({"old_ssin": S, "new_ssin": S, "date": S, "reason": S}, "old_ssin"),
    "integration": ({"id": I, "ssin": S, "org_cbe": S, "sector": I, "institution": I, "purpose": I,
                     "begin_date": S, "end_date": S, "register": S, "created_at": S}, "id"),
    "ref_municipality": ({"nis": I, "postal_code": S, "name_fr": S, "name_nl": S, "name_de": S, "region": S,
                          "language": S, "province_nis": I, "has_cpas": I, "population": I}, "nis"),
    "ref_country": ({"nis_code": I, "iso2": S, "name_fr": S, "name_nl": S, "name_de": S, "eu": I, "names": S,
                     "weight": I, "cities": S}, "nis_code"),
    "ref_street": ({"street_code": I, "name_fr": S, "name_nl": S, "name_de": S}, "street_code"),
    "ref_civil_state": ({"code": I, "label_fr": S, "label_nl": S, "label_de": S}, "code"),
    "ref_relationship": ({"code": S, "label_fr": S, "label_nl": S, "label_de": S}, "code"),
    "journal": ({"id": I, "time": S, "sandbox": S, "endpoint": S, "service": S, "operation": S, "organisation": S,
                 "status": S, "fault": S, "http_status": I, "duration_ms": F, "request": S, "response": S,
                 "findings": S, "subject": S, "ticket": S}, "id"),
}
V1_WORLD_TABLES = tuple(t for t in TABLES if t != "journal")

# Version 2: filiation and the social-security sources (simulator/world/social.py), with the code
# labels and the dated RIS amounts. Booleans are 0/1 integers; amounts are euros.
SOURCE_TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...] | None]] = {
    "filiation": ({"child_ssin": S, "parent_ssin": S, "role": S}, None),
    "employer": ({"kbo": S, "onss": S, "name": S, "joint_committee": S, "category": S, "nis": I}, "kbo"),
    "employment": ({"id": I, "ssin": S, "employer_kbo": S, "worker_type": S, "worker_code": S, "joint_committee": S,
                    "regime": S, "fte": F, "monthly_gross": F, "begin_date": S, "end_date": S}, "id"),
    # Dimona periods and DmfA lines belong to an employment: the person, employer, joint committee and
    # worker code are read from there, not repeated on millions of lines (likewise unemployment payments).
    "dimona": ({"id": I, "employment_id": I, "worker_type": S, "planned_hours": I, "begin_date": S, "end_date": S},
               "id"),
    "dmfa": ({"employment_id": I, "year": I, "quarter": I, "days": I, "fte": F, "remuneration": F,
              "remuneration_code": S}, None),
    "self_employment": ({"id": I, "ssin": S, "kind": S, "fund": S, "activity": S, "begin_date": S,
                         "end_date": S}, "id"),
    "self_employed_contribution": ({"ssin": S, "year": I, "quarter": I, "amount": F, "paid": I}, None),
    "unemployment": ({"id": I, "ssin": S, "kind": S, "paying_body": S, "family_category": S, "daily_amount": F,
                      "begin_date": S, "end_date": S}, "id"),
    "unemployment_payment": ({"unemployment_id": I, "month": S, "days": I, "amount": F}, None),
    "pension": ({"id": I, "ssin": S, "kind": S, "scheme": S, "rate": S, "monthly_amount": F, "begin_date": S,
                 "end_date": S}, "id"),
    "health_insurance": ({"ssin": S, "mutuality": I, "ct1": S, "ct2": S, "increased_intervention": I,
                          "medical_house": I, "holder_ssin": S, "begin_date": S, "end_date": S}, None),
    "disability": ({"ssin": S, "recognition_date": S, "earning_reduction": I, "autonomy_points": I, "cards": S,
                    "begin_date": S, "end_date": S}, "ssin"),
    "disability_allowance": ({"ssin": S, "kind": S, "category": S, "monthly_amount": F, "begin_date": S,
                              "end_date": S}, None),
    "child_benefit": ({"ssin": S, "child_ssin": S, "fund": S, "region": S, "monthly_amount": F,
                       "social_supplement": I, "begin_date": S, "end_date": S}, None),
    "tax_assessment": ({"ssin": S, "income_year": I, "assessment_id": I, "role": S, "partner_ssin": S, "wages": F,
                        "pensions": F, "unemployment": F, "sickness": F, "self_employed": F, "cadastral_income": F,
                        "taxable_income": F}, None),
    "property": ({"id": I, "ssin": S, "parcel": S, "nis": I, "kind": S, "cadastral_income": F, "share": F,
                  "own_residence": I, "begin_date": S, "end_date": S}, "id"),
    "energy_rate": ({"ssin": S, "category": S, "energy": S, "begin_date": S, "end_date": S}, None),
    "jobseeker": ({"ssin": S, "body": S, "category": S, "begin_date": S, "end_date": S}, None),
    "qualification": ({"ssin": S, "code": S, "label": S, "level": I, "date": S, "institution": S}, None),
    "cpas_situation": ({"ssin": S, "cpas_nis": I, "kind": S, "category": I, "monthly_amount": F, "resources": F,
                        "piis": I, "begin_date": S, "end_date": S}, None),
    "ref_code": ({"domain": S, "code": S, "label_fr": S, "label_nl": S, "label_de": S, "source": S},
                 ("domain", "code")),
    "ref_ris_amount": ({"begin_date": S, "category": I, "amount": F, "source": S}, ("category", "begin_date")),
}
TABLES.update(SOURCE_TABLES)

# Version 3: the SPP IS decisions CPAS send (simulator/world/store/attestations.py), per sandbox.
# kind 'RIS'; category 1 cohabitant, 2 isolé, 3 famille à charge; status ACCEPTED | REFUSED | STOPPED;
# reimbursement_rate in percent (NULL when refused); reference unique, given by the simulator.
ATTESTATION_TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...] | None]] = {
    "attestation": ({"id": I, "ssin": S, "cpas_cbe": S, "cpas_nis": I, "kind": S, "category": I, "begin_date": S,
                     "end_date": S, "monthly_amount": F, "piis": I, "reimbursement_rate": F, "status": S,
                     "stopped_on": S, "created_at": S, "reference": S}, "id"),
}
TABLES.update(ATTESTATION_TABLES)

# Version 4: the other SPP IS exchanges a CPAS sends or SPP IS raises (recovered amounts, Law-65 forms,
# installation premiums, multifunctional attestations, heating allowances, social reports, alerts),
# per sandbox. One table per exchange, each declared here with the module that reads and writes it.
SPP_IS_TABLES: dict[str, tuple[dict[str, type], str | tuple[str, ...] | None]] = {
    # Electronic social reports one CPAS sends about a person (simulator/world/store/social_reports.py):
    # reference unique (ESR + author NIS + sequence); the situation and PIIS fields as sent (objectives
    # and evaluation dates '|'-joined); sent_at = the sandbox's now when received.
    "social_report": ({"id": I, "reference": S, "ssin": S, "author_cbe": S, "author_nis": I, "report_date": S,
                       "summary": S, "household_situation": S, "housing_situation": S, "income_situation": S,
                       "requested_aid": S, "piis_signed_date": S, "piis_kind": S, "piis_objectives": S,
                       "piis_evaluation_dates": S, "sent_at": S}, "id"),
    # A CPAS's reaction to an SPP IS alert ("clignotant", simulator/world/store/alerts.py): the alerts
    # themselves are computed from the world, only the reaction (which closes the alert) is stored.
    "alert_reaction": ({"alert_id": S, "ssin": S, "cpas_cbe": S, "feedback_code": S, "comment": S,
                        "reacted_on": S, "created_at": S}, "alert_id"),
    # A CPAS's correction of one of its attestations (world/store/attestations.py): the corrected version
    # (status CORRECTED in ``attestation``) and the version that replaces it; corrected_at = sandbox's now.
    "attestation_correction": ({"reference": S, "replaced_by": S, "corrected_at": S}, "reference"),
    # An amount a CPAS recovered on one of its RIS attestations (world/store/recovered_amounts.py): months
    # 'YYYY-MM' (inclusive), euros; state_share = the part of the amount the State gets back (the
    # attestation's reimbursement rate, percent); reference given by the simulator.
    "recovered_amount": ({"id": I, "reference": S, "attestation_reference": S, "ssin": S, "cpas_cbe": S,
                          "cpas_nis": I, "first_month": S, "last_month": S, "amount": F,
                          "reimbursement_rate": F, "state_share": F, "created_at": S}, "id"),
    # An installation premium decision (world/store/installation_premiums.py): scheme RIS (law 2002) or
    # ORGANIC_LAW (law 1976, replacement income); address_date = start of the new main residence;
    # status ACCEPTED | REFUSED; reimbursement_rate percent (NULL when refused).
    "installation_premium": ({"id": I, "reference": S, "ssin": S, "cpas_cbe": S, "cpas_nis": I, "scheme": S,
                              "address_date": S, "amount": F, "reimbursement_rate": F, "status": S,
                              "created_at": S}, "id"),
    # Law of 2 April 1965 forms (simulator/world/store/law65.py): one row per person and form
    # (A, B1, B2, C, D1, D2, F); evaluation ACCEPTED | REFUSED | PARTIALLYACCEPTED; errors = the
    # reason codes of a refusal, comma-separated; amounts in euro cents; reference = ReferenceSPP_POD.
    # A B1/B2 grant cancelled by a form C gets cancelled_on and its shortened end_date.
    "law65_decision": ({"id": I, "reference": S, "unique_attest_id": S, "cpas_cbe": S, "cpas_nis": I, "file_id": S,
                        "form": S, "ssin": S, "suffix": I, "begin_date": S, "end_date": S, "category": I, "aids": S,
                        "evaluation": S, "errors": S, "claimed": I, "accepted": I, "decision_date": S,
                        "cancelled_on": S, "created_at": S}, "id"),
    # Heating allowances (simulator/world/store/heating_allowances.py): one row per delivery a CPAS
    # decided on; household_id = the world household at the delivery date (NULL: the person alone);
    # quantities in litres, invoice_amount in ten-thousandths of a euro, amount in euro.
    "heating_allowance": ({"id": I, "reference": S, "cpas_cbe": S, "cpas_nis": I, "ssin": S, "household_id": I,
                           "category": I, "household_category": S, "fuel": I, "delivery_date": S, "quantity": I,
                           "housing_number": I, "invoice_amount": I, "allowed_quantity": I, "amount": F,
                           "evaluation": S, "errors": S, "created_at": S}, "id"),
    # Multifunctional attestations A036 (simulator/world/store/multifunctional_attestations.py): one row per
    # version; attestation_id groups the versions, update_id names one; aid_type RIS | ERIS; category 1-3;
    # status CREATED | MODIFIED | CANCELLED; latest = 1 on the newest version only.
    "multifunctional_attestation": ({"id": I, "attestation_id": S, "update_id": S, "version": I, "ssin": S,
                                     "cpas_cbe": S, "cpas_nis": I, "aid_type": S, "category": I, "begin_date": S,
                                     "end_date": S, "status": S, "latest": I, "created_at": S}, "id"),
}
TABLES.update(SPP_IS_TABLES)
WORLD_TABLES = tuple(t for t in TABLES if t != "journal")
JOURNAL_COLUMNS = tuple(TABLES["journal"][0])[1:]
# Every column that holds a person's SSIN, by table: what a number replacement must re-key.
SSIN_COLUMNS: tuple[tuple[str, str], ...] = tuple(
    (table, column) for table, (columns, _pk) in TABLES.items() if table not in ("journal", "ssin_history")
    for column in columns if column in ("ssin", "partner_ssin", "child_ssin", "parent_ssin", "holder_ssin"))

# One index per lookup a service makes: by SSIN, by SSIN and period start (or quarter, year); the lines
# of an employment or an unemployment period by its id.
INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("person", ("last_key", "birth_date")),
    ("address", ("ssin", "begin_date")),
    ("civil_state", ("ssin", "begin_date")),
    ("civil_state", ("partner_ssin",)),
    ("nationality", ("ssin", "begin_date")),
    ("identity_card", ("ssin", "begin_date")),
    ("identity_card", ("number",)),
    ("household_member", ("ssin", "begin_date")),
    ("household_member", ("household_id",)),
    ("cohabitation", ("ssin",)),
    ("ssin_history", ("new_ssin",)),
    ("integration", ("ssin", "org_cbe")),
    ("integration", ("org_cbe",)),
)
SOURCE_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("filiation", ("child_ssin",)),
    ("filiation", ("parent_ssin",)),
    ("employment", ("ssin", "begin_date")),
    ("dimona", ("employment_id", "begin_date")),
    ("dmfa", ("employment_id", "year", "quarter")),
    ("self_employment", ("ssin", "begin_date")),
    ("self_employed_contribution", ("ssin", "year", "quarter")),
    ("unemployment", ("ssin", "begin_date")),
    ("unemployment_payment", ("unemployment_id", "month")),
    ("pension", ("ssin", "begin_date")),
    ("health_insurance", ("ssin", "begin_date")),
    ("disability_allowance", ("ssin", "begin_date")),
    ("child_benefit", ("ssin", "begin_date")),
    ("child_benefit", ("child_ssin",)),
    ("tax_assessment", ("ssin", "income_year")),
    ("property", ("ssin",)),
    ("energy_rate", ("ssin", "begin_date")),
    ("jobseeker", ("ssin", "begin_date")),
    ("qualification", ("ssin",)),
    ("cpas_situation", ("ssin", "begin_date")),
)
ATTESTATION_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("attestation", ("ssin", "begin_date")),
    ("attestation", ("reference",)),
)
SPP_IS_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("social_report", ("ssin", "report_date")),  # what the competent CPAS receives about a person
    ("social_report", ("author_cbe",)),  # what a CPAS sent
    ("social_report", ("reference",)),
    ("alert_reaction", ("cpas_cbe",)),
    ("attestation_correction", ("replaced_by",)),  # the versions a corrected attestation replaced
    ("recovered_amount", ("attestation_reference",)),
    ("installation_premium", ("ssin",)),
    # a CPAS's RIS files in the world: its caseload (reimbursement tiers), the alerts computed from them
    ("cpas_situation", ("cpas_nis", "begin_date")),
    ("attestation", ("cpas_nis", "begin_date")),
    ("law65_decision", ("ssin", "begin_date")),  # overlaps and the STATUT65 listing
    ("law65_decision", ("cpas_cbe", "file_id")),  # a file's grants (forms C and D)
    ("heating_allowance", ("household_id", "delivery_date")),  # the household's yearly ceiling
    ("heating_allowance", ("ssin", "delivery_date")),
    ("multifunctional_attestation", ("ssin", "begin_date")),  # L036 / LivingWages: a person's attestations
    ("multifunctional_attestation", ("attestation_id",)),  # A036 modify / cancel: the versions of one
)
INDEXES = INDEXES + SOURCE_INDEXES + ATTESTATION_INDEXES + SPP_IS_INDEXES
REFERENCE_FILES = {"ref_municipality": "municipalities.csv", "ref_country": "countries.csv",
                   "ref_street": "streets.csv", "ref_civil_state": "civil_states.csv",
                   "ref_relationship": "relationships.csv", "ref_code": "codes.csv",
                   "ref_ris_amount": "ris_amounts.csv"}


def index_sql(table: str, columns: tuple[str, ...]) -> str:
    """CREATE INDEX, named the way sqlite-utils names it (so version-1 worlds keep their indexes)."""
    return (f"CREATE INDEX IF NOT EXISTS idx_{table}_{'_'.join(columns)} "
            f"ON {table} ({', '.join(columns)})")


def reference_rows(table: str) -> tuple[tuple[str, ...], list[tuple]]:
    """The rows of a reference table from its CSV under fixtures/reference, typed as the table says."""
    columns = TABLES[table][0]
    with open(fixture("reference", REFERENCE_FILES[table]), encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        names = tuple(reader.fieldnames or ())
        rows = [tuple(None if row[k] == "" else columns[k](row[k]) for k in names) for row in reader]
    return names, rows


def insert_reference(conn: sqlite3.Connection, table: str) -> None:
    names, rows = reference_rows(table)
    conn.executemany(f"INSERT INTO {table} ({', '.join(names)}) VALUES ({', '.join('?' * len(names))})", rows)


def _to_2(db: sqlite_utils.Database) -> None:
    """Version 1 -> 2: the social-security sources arrive. Existing people keep their registers and
    get no social-security records (the tables start empty); the code labels and RIS amounts are
    loaded. Plain SQL only, so the whole step stays one transaction."""
    for table, (columns, pk) in SOURCE_TABLES.items():
        db.execute(db.create_table_sql(table, columns, pk=pk, if_not_exists=True))
    for table, columns in SOURCE_INDEXES:
        db.execute(index_sql(table, columns))
    for table in ("ref_code", "ref_ris_amount"):
        insert_reference(db.conn, table)


def _to_3(db: sqlite_utils.Database) -> None:
    """Version 2 -> 3: the SPP IS attestations (empty: no decision has been sent yet)."""
    for table, (columns, pk) in ATTESTATION_TABLES.items():
        db.execute(db.create_table_sql(table, columns, pk=pk, if_not_exists=True))
    for table, columns in ATTESTATION_INDEXES:
        db.execute(index_sql(table, columns))


def _to_4(db: sqlite_utils.Database) -> None:
    """Version 3 -> 4: the other SPP IS exchanges (empty: nothing has been sent yet)."""
    for table, (columns, pk) in SPP_IS_TABLES.items():
        db.execute(db.create_table_sql(table, columns, pk=pk, if_not_exists=True))
    for table, columns in SPP_IS_INDEXES:
        db.execute(index_sql(table, columns))


# Journal version 2: the SSIN a request was about and the client's ticket (CommonV3 ticket, SSDN
# Reference), indexed: the conformance rules look a request's history up by them (simulator/conformance).
JOURNAL_INDEXES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("journal", ("subject",)),
    ("journal", ("ticket",)),
)


def _journal_to_2(db: sqlite_utils.Database) -> None:
    """Journal version 1 -> 2: subject and ticket columns (NULL on older entries) and their indexes."""
    for column in ("subject", "ticket"):
        db.execute(f"ALTER TABLE journal ADD COLUMN {column} TEXT")
    for table, columns in JOURNAL_INDEXES:
        db.execute(index_sql(table, columns))


# MIGRATIONS[n] upgrades a world database from schema version n to n + 1 (inside one transaction).
MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {1: _to_2, 2: _to_3, 3: _to_4}
JOURNAL_MIGRATIONS: dict[int, Callable[[sqlite_utils.Database], None]] = {1: _journal_to_2}


def _covers(alias: str = "") -> str:
    """SQL: the row's inclusive period [begin_date, end_date] contains :at."""
    a = f"{alias}." if alias else ""
    return f"{a}begin_date <= :at AND ({a}end_date IS NULL OR {a}end_date >= :at)"


COVERS = _covers()
PERSON_COLUMNS = ("ssin, kind, last_name, first_names, birth_date, gender, nationality, birth_place_nis, "
                  "birth_place_name, birth_country, civil_status, language, register, death_date")
ADDRESS_COLUMNS = ("kind, country, nis, postal_code, municipality_fr, municipality_nl, municipality_de, "
                   "street_code, street_fr, street_nl, street_de, house_number, box, begin_date, end_date, "
                   "city_abroad")
_PERSON_AT = (
    f"SELECT {', '.join('p.' + c.strip() for c in PERSON_COLUMNS.split(','))}, "
    f"(SELECT code FROM civil_state c WHERE c.ssin = p.ssin AND {_covers('c')} "
    "ORDER BY c.begin_date DESC LIMIT 1), "
    f"(SELECT country FROM nationality n WHERE n.ssin = p.ssin AND {_covers('n')} "
    "ORDER BY n.begin_date DESC LIMIT 1), "
    f"{', '.join('a.' + c.strip() for c in ADDRESS_COLUMNS.split(','))} "
    "FROM person p LEFT JOIN address a ON a.id = (SELECT id FROM address x WHERE x.ssin = p.ssin AND "
    f"{_covers('x')} ORDER BY x.begin_date DESC, x.id DESC LIMIT 1) "
)


def _d(text: str | None) -> dt.date | None:
    return dt.date.fromisoformat(text) if text else None


def day_before(day: str) -> str:
    """The ISO day before an ISO day: where a period ends when the next one starts on ``day``."""
    return (dt.date.fromisoformat(day) - dt.timedelta(days=1)).isoformat()


def _iso(value: dt.date | str | None) -> str | None:
    return value.isoformat() if isinstance(value, dt.date) else value


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _address(row: tuple) -> Address:
    return Address(row[0], row[1], row[2], row[3], row[4], row[5], row[6], row[7], row[8], row[9], row[10],
                   row[11], row[12], _d(row[13]), _d(row[14]), row[15])


