"""Conformance rules checked on every request (issue 7, deliverable 1): each fires when broken, a
correct client gets no finding, and the findings travel in the journal (store and admin API)."""

from __future__ import annotations

import base64
import datetime as dt
import itertools
import json
import re
import sqlite3

from simulator.conformance import RULES
from simulator.world import ssin as numbers
from simulator.world.store import JournalStore
from simulator.world.store.schema import JOURNAL_SCHEMA_VERSION
from tests import wire as w
from tests.people import find_person, replaced_pair

_tickets = itertools.count()


def bad_ssin(wire) -> str:
    """An SSIN the contract's pattern accepts but whose check digits are wrong."""
    ssin = alive(wire).ssin
    for check in range(1, 98):
        candidate = f"{ssin[:9]}{check:02d}"
        if not numbers.is_valid(candidate):
            return candidate
    raise AssertionError("unreachable")


def ticket() -> str:
    return f"conf-{next(_tickets):06d}"


def now_stamp(delta: dt.timedelta = dt.timedelta(0)) -> str:
    return (dt.datetime.now(dt.UTC) + delta).isoformat(timespec="milliseconds").replace("+00:00", "Z")


def fresh(body: bytes, ticket_text: str | None = "", stamp: str | None = "") -> bytes:
    """A request of tests/wire.py with its own ticket and timestampSent (None: left out)."""
    ticket_text = ticket() if ticket_text == "" else ticket_text
    stamp = now_stamp() if stamp == "" else stamp
    text = body.decode("utf-8")
    text = re.sub(r"<ticket>[^<]*</ticket>", "" if ticket_text is None else f"<ticket>{ticket_text}</ticket>", text)
    text = re.sub(r"<timestampSent>[^<]*</timestampSent>", "" if stamp is None else
                  f"<timestampSent>{stamp}</timestampSent>", text)
    return text.encode("utf-8")


def findings(wire) -> list[dict]:
    return json.loads(wire.sandbox.journal.entries(limit=1)[0].findings)


def ids(wire) -> list[str]:
    return [f["id"] for f in findings(wire)]


def post(wire, path, body) -> list[str]:
    wire.post(path, body)
    return ids(wire)


def alive(wire):
    return find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)


def integrate(wire, person):
    assert post(wire, w.SSDN_PATH, w.manage_access(person.ssin, "REGISTER", purpose=2, reference=ticket(),
                                                   proof=w.person_data_proof(person))) == []


def test_catalogue_is_complete_and_stable():
    assert list(RULES) == [f"ENV-{i:03d}" for i in range(1, 14)]
    for rule in RULES.values():
        assert rule.severity in ("error", "warning") and rule.requirement.endswith(".") and rule.source


def test_a_correct_client_gets_no_finding(wire):
    person = alive(wire)
    assert post(wire, w.SSDN_PATH, w.identify_by_ssin(person.ssin, reference=ticket())) == []
    integrate(wire, person)
    assert post(wire, w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(person.ssin))) == []
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin))) == []
    assert post(wire, w.FAMILY_PATH, fresh(w.family_composition(person.ssin))) == []
    assert post(wire, w.TEST_CONNECTION_PATH, w.test_message("ping")) == []
    old, new = replaced_pair(wire.world)
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(old))) == []  # told: replaced
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(new))) == []  # and uses the new SSIN
    assert post(wire, w.SSIN_HISTORY_PATH, fresh(w.ssin_history(old))) == []  # history of the old number is fine
    # the journal keeps what the rules look history up by
    entry = wire.sandbox.journal.entries(limit=1)[0]
    assert entry.subject == old and entry.ticket.startswith("conf-")


def test_env001_schema_invalid_request(wire):
    wire.post(w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(alive(wire).ssin, language="xx")))
    found = findings(wire)
    assert [f["id"] for f in found] == ["ENV-001"]
    assert found[0]["severity"] == "error" and "not valid against" in found[0]["message"]
    assert found[0]["requirement"] == RULES["ENV-001"].requirement


def test_env002_ssin_check_digits(wire):
    bad = bad_ssin(wire)
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(bad))) == ["ENV-002"]
    assert bad in findings(wire)[0]["message"]
    assert wire.sandbox.journal.entries(limit=1)[0].subject == bad
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(bad))) == ["ENV-002", "ENV-008"]  # and retried at once
    assert "ENV-002" in post(wire, w.SSDN_PATH, w.perform_investigation(bad, reference=ticket()))


def test_env003_ticket_missing_or_too_long(wire):
    person = alive(wire)
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), ticket_text=None)) == ["ENV-003"]
    assert findings(wire)[0]["severity"] == "warning"
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), ticket_text="x" * 37)) == [
        "ENV-001", "ENV-003"]


def test_env004_ticket_reused_by_the_organisation(wire):
    person = alive(wire)
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), ticket_text="same")) == []
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), ticket_text="same")) == ["ENV-004"]
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin, cbe=w.GENT["cbe"]), ticket_text="same")) == []
    assert post(wire, w.SSDN_PATH, w.identify_by_ssin(person.ssin, reference="R")) == []
    assert post(wire, w.SSDN_PATH, w.identify_by_ssin(person.ssin, reference="R")) == ["ENV-004"]


def test_env005_timestamp_sent(wire):
    person = alive(wire)
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), stamp=None)) == ["ENV-005"]
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), stamp=now_stamp(dt.timedelta(minutes=-11)))
                ) == ["ENV-005"]
    assert "11 min before" in findings(wire)[0]["message"]
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin), stamp=now_stamp(dt.timedelta(minutes=9)))) == []
    local = dt.datetime.now(dt.UTC).astimezone(__import__("zoneinfo").ZoneInfo("Europe/Brussels"))
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(person.ssin),
                                           stamp=local.replace(tzinfo=None).isoformat(timespec="seconds"))) == []


def test_env006_legal_context(wire):
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(alive(wire).ssin, legal_context="NOPE:NOPE"))) == ["ENV-006"]
    assert "NOPE:NOPE" in findings(wire)[0]["message"]


def test_env007_integration_before_consultation_and_env008_retry(wire):
    person = alive(wire)
    assert post(wire, w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(person.ssin))) == ["ENV-007"]
    assert post(wire, w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(person.ssin))) == ["ENV-007", "ENV-008"]
    assert findings(wire)[1]["severity"] == "warning" and "MSG00012" in findings(wire)[1]["message"]
    assert "ENV-007" in post(wire, w.SSDN_PATH, w.perform_investigation(person.ssin, reference=ticket()))


def test_env008_not_for_another_operation_or_after_success(wire):
    person = alive(wire)
    assert post(wire, w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(person.ssin))) == ["ENV-007"]
    integrate(wire, person)  # the client fixed the cause: not a blind retry
    assert post(wire, w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(person.ssin))) == []
    assert post(wire, w.RETRIEVE_TI_PATH, fresh(w.retrieve_ti(person.ssin))) == []  # repeating a success


def test_env009_the_new_ssin_after_msg00006(wire):
    old, new = replaced_pair(wire.world)
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(old))) == []
    assert post(wire, w.FAMILY_PATH, fresh(w.family_composition(old))) == ["ENV-009"]
    assert old in findings(wire)[0]["message"] and "MSG00006" in findings(wire)[0]["message"]
    assert post(wire, w.PERSON_PATH, fresh(w.search_person(new))) == []


def test_env010_customer_identification_of_another_organisation(wire):
    person = alive(wire)
    # Basic credentials of Liège, customer identification of Gent
    body = fresh(w.search_person(person.ssin, cbe=w.GENT["cbe"]))
    wire.post(w.PERSON_PATH, body, Authorization=basic("cpas-liege", "liege-secret"))
    assert ids(wire) == ["ENV-010"] and "HTTP Basic user" in findings(wire)[0]["message"]
    # an SSDN AuthorizedUser nobody knows
    unknown = dict(w.LIEGE, user="00000000000", cbe="0000000097")
    assert post(wire, w.SSDN_PATH, w.identify_by_ssin(person.ssin, org=unknown, reference=ticket())) == ["ENV-010"]


def test_env011_purpose_and_env012_period(wire):
    person = alive(wire)
    assert post(wire, w.SSDN_PATH, w.manage_access(person.ssin, "REGISTER", purpose=999, reference=ticket(),
                                                   proof=w.person_data_proof(person))) == ["ENV-011"]
    # the same person at once, the purpose corrected: a new question, not a blind retry (no ENV-008)
    assert post(wire, w.SSDN_PATH, w.manage_access(person.ssin, "REGISTER", purpose=2, start="2026-01-10",
                                                   end="2026-01-01", reference=ticket(),
                                                   proof=w.person_data_proof(person))) == ["ENV-012"]
    # the very same request again (a new reference only): a blind retry
    assert post(wire, w.SSDN_PATH, w.manage_access(person.ssin, "REGISTER", purpose=2, start="2026-01-10",
                                                   end="2026-01-01", reference=ticket(),
                                                   proof=w.person_data_proof(person))) == ["ENV-012", "ENV-008"]


def basic(user: str, password: str) -> str:
    return "Basic " + base64.b64encode(f"{user}:{password}".encode()).decode()


def test_findings_in_the_admin_journal(wire):
    wire.post(w.PERSON_PATH, fresh(w.search_person(bad_ssin(wire))))
    entry = wire.http.get(f"/__admin/sandboxes/{wire.name}/journal?limit=1").get_json()["entries"][0]
    found = entry["findings"] if isinstance(entry["findings"], list) else json.loads(entry["findings"])
    assert [f["id"] for f in found] == ["ENV-002"]
    assert set(found[0]) == {"id", "severity", "requirement", "source", "message"}


def test_a_version_1_journal_upgrades_on_open(tmp_path):
    path = tmp_path / "journal.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
        "INSERT INTO meta VALUES ('schema_version', '1');"
        "CREATE TABLE journal (id INTEGER PRIMARY KEY, time TEXT, sandbox TEXT, endpoint TEXT, service TEXT,"
        " operation TEXT, organisation TEXT, status TEXT, fault TEXT, http_status INTEGER, duration_ms FLOAT,"
        " request TEXT, response TEXT, findings TEXT);"
        "INSERT INTO journal (time, status, findings) VALUES ('2026-01-01T00:00:00.000Z', 'MSG00000', '[]');")
    conn.commit()
    conn.close()
    journal = JournalStore.open(path)
    try:
        assert journal.meta()["schema_version"] == str(JOURNAL_SCHEMA_VERSION) == "2"
        old = journal.entries()[0]
        assert old.status == "MSG00000" and old.subject is None and old.ticket is None
        indexes = {r[0] for r in journal._all("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {"idx_journal_subject", "idx_journal_ticket"} <= indexes
        assert journal.ticket_used("T", "0207349673") is None
    finally:
        journal.close()
