"""World events and scenario state: the writes a scenario makes to a sandbox's world.

Every event is one transaction and keeps the world coherent the way the registers would: a replaced
SSIN moves the person's whole record (and integrations) to the new number; a move closes the old
address the day before; a death ends the household membership and widows the spouse. The scenario
tables (loaded scenario, timeline, stubs) live in the world database, so a sandbox reset clears them.
"""

from __future__ import annotations

import datetime as dt
import json

from simulator.errors import SimulatorError
from simulator.world import ssin as numbers
from simulator.world.store.attestations import ACCEPTED, STOPPED
from simulator.world.store.registrations import free_rn
from simulator.world.store.schema import SSIN_COLUMNS, day_before
from simulator.world.store.world import WorldStore

# Tables holding a person's data by SSIN (column names), re-keyed when a number is replaced: the
# registers and every social-security source.
_PERSON_COLUMNS = SSIN_COLUMNS

SCENARIO_TABLES = (
    "CREATE TABLE IF NOT EXISTS scenario (name TEXT PRIMARY KEY, loaded_at TEXT, personas TEXT, description TEXT)",
    "CREATE TABLE IF NOT EXISTS scenario_event (id INTEGER PRIMARY KEY, scenario TEXT, at TEXT, kind TEXT, "
    "fields TEXT, line INTEGER, fired_at TEXT, outcome TEXT)",
    "CREATE INDEX IF NOT EXISTS scenario_event_due ON scenario_event (fired_at, at)",
    "CREATE TABLE IF NOT EXISTS scenario_stub (id INTEGER PRIMARY KEY, scenario TEXT, service TEXT, operation TEXT, "
    "match TEXT, respond TEXT, require_state TEXT, set_state TEXT, times INTEGER, used INTEGER DEFAULT 0, "
    "active_from TEXT, active_to TEXT, line INTEGER)",
    "CREATE INDEX IF NOT EXISTS scenario_stub_service ON scenario_stub (service)",
)
NEXT_EVENT = "scenario.next_event_at"  # meta: earliest unfired event (UTC ISO), '' when none
STUBS = "scenario.stubs"  # meta: '1' when any stub or outage is loaded
STATE = "scenario.state"  # meta: the stub state machine's state
INITIAL_STATE = "Started"


def _day(instant: dt.datetime) -> str:
    return instant.date().isoformat()


# -- loading -----------------------------------------------------------------------------------------


def save_scenario(store: WorldStore, name: str, description: str, personas: dict, events: list[dict],
                  stubs: list[dict], loaded_at: dt.datetime) -> None:
    """Store a resolved scenario (aliases already SSINs, times already UTC instants) in one transaction."""

    def run():
        for ddl in SCENARIO_TABLES:
            store.conn.execute(ddl)
        if store.conn.execute("SELECT 1 FROM scenario WHERE name = ?", (name,)).fetchone():
            raise SimulatorError(f"scenario {name!r} is already loaded in this sandbox (reset it to load it again)")
        store.conn.execute("INSERT INTO scenario VALUES (?, ?, ?, ?)",
                           (name, loaded_at.isoformat(), json.dumps(personas), description))
        store.conn.executemany(
            "INSERT INTO scenario_event (scenario, at, kind, fields, line) VALUES (?, ?, ?, ?, ?)",
            [(name, e["at"], e["kind"], json.dumps(e["fields"]), e["line"]) for e in events])
        store.conn.executemany(
            "INSERT INTO scenario_stub (scenario, service, operation, match, respond, require_state, set_state, "
            "times, active_from, active_to, line) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(name, s["service"], s["operation"], json.dumps(s["match"]), json.dumps(s["respond"]),
              s["require_state"], s["set_state"], s["times"], s["active_from"], s["active_to"], s["line"])
             for s in stubs])
        _refresh_meta(store)
        if stubs:
            store.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, '1')", (STUBS,))
    store._write(run)


def is_loaded(store: WorldStore, name: str) -> bool:
    return bool(store._one("SELECT 1 FROM sqlite_master WHERE name = 'scenario'")) and bool(
        store._one("SELECT 1 FROM scenario WHERE name = ?", (name,)))


def _refresh_meta(store: WorldStore) -> None:
    row = store.conn.execute("SELECT min(at) FROM scenario_event WHERE fired_at IS NULL").fetchone()
    store.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (NEXT_EVENT, row[0] or ""))


def scenarios(store: WorldStore) -> list[dict]:
    """Loaded scenarios with their events (fired or not) and stubs (with use counts)."""
    if not store._one("SELECT 1 FROM sqlite_master WHERE name = 'scenario'"):
        return []
    result = []
    for name, loaded_at, personas, description in store._all("SELECT * FROM scenario ORDER BY loaded_at"):
        events = [{"at": r[0], "event": r[1], **json.loads(r[2]), "line": r[3], "fired_at": r[4],
                   "outcome": json.loads(r[5]) if r[5] else None}
                  for r in store._all("SELECT at, kind, fields, line, fired_at, outcome FROM scenario_event "
                                      "WHERE scenario = ? ORDER BY at, id", (name,))]
        stubs = [{"service": r[0], "operation": r[1], "match": json.loads(r[2]), "respond": json.loads(r[3]),
                  "used": r[4], "times": r[5], "from": r[6], "to": r[7], "line": r[8]}
                 for r in store._all("SELECT service, operation, match, respond, used, times, active_from, active_to, "
                                     "line FROM scenario_stub WHERE scenario = ? ORDER BY id", (name,))]
        result.append({"name": name, "loaded_at": loaded_at, "description": description,
                       "personas": json.loads(personas), "timeline": events, "stubs": stubs})
    return result


# -- firing ------------------------------------------------------------------------------------------


def fire_due(store: WorldStore, now: dt.datetime) -> list[dict]:
    """Apply, in time order, every event whose time has come; each exactly once across processes."""
    fired = []
    while True:
        row = store._one("SELECT id, at, kind, fields FROM scenario_event WHERE fired_at IS NULL AND at <= ? "
                         "ORDER BY at, id LIMIT 1", (now.isoformat(),))
        if row is None:
            break
        event_id, at, kind, fields = row
        fields = json.loads(fields)

        def run(event_id=event_id, at=at, kind=kind, fields=fields):
            claimed = store.conn.execute("UPDATE scenario_event SET fired_at = ? WHERE id = ? AND fired_at IS NULL",
                                         (now.isoformat(), event_id)).rowcount
            if not claimed:  # another process fired it first
                return None
            # A savepoint keeps a refused or failing event from leaving half its writes behind, and the
            # event is marked fired either way: one bad event must not block every later request.
            store.conn.execute("SAVEPOINT event")
            try:
                outcome = APPLY[kind](store, day=_day(dt.datetime.fromisoformat(at)), **fields)
                store.conn.execute("RELEASE event")
            except SimulatorError as exc:  # the world no longer allows it (e.g. the person died): say so, go on
                store.conn.execute("ROLLBACK TO event")
                outcome = {"skipped": str(exc)}
            except Exception as exc:  # noqa: BLE001 - a bug in an event: recorded, not fatal to the sandbox
                store.conn.execute("ROLLBACK TO event")
                outcome = {"skipped": f"could not apply the event ({exc.__class__.__name__}: {exc})"}
            store.conn.execute("UPDATE scenario_event SET outcome = ? WHERE id = ?", (json.dumps(outcome), event_id))
            _refresh_meta(store)
            return {"event": kind, "at": at, **fields, "outcome": outcome}

        result = store._write(run)
        if result is not None:
            fired.append(result)
    return fired


def matching_stubs(store: WorldStore, service: str, now: dt.datetime) -> list[dict]:
    """Stubs and outages of a service active at ``now`` and not used up, in file order."""
    rows = store._all(
        "SELECT id, operation, match, respond, require_state, set_state, times, used FROM scenario_stub "
        "WHERE service = :service AND (active_from IS NULL OR active_from <= :now) "
        "AND (active_to IS NULL OR active_to > :now) AND (times IS NULL OR used < times) ORDER BY id",
        {"service": service, "now": now.isoformat()})
    return [{"id": r[0], "operation": r[1], "match": json.loads(r[2]), "respond": json.loads(r[3]),
             "require_state": r[4], "set_state": r[5]} for r in rows]


def use_stub(store: WorldStore, stub_id: int, set_state: str | None) -> None:
    def run():
        store.conn.execute("UPDATE scenario_stub SET used = used + 1 WHERE id = ?", (stub_id,))
        if set_state:
            store.conn.execute("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (STATE, set_state))
    store._write(run)


# -- the events ----------------------------------------------------------------------------------------


def _person_row(store: WorldStore, ssin: str) -> tuple:
    row = store.conn.execute("SELECT kind, birth_date, gender, death_date FROM person WHERE ssin = ?", (ssin,)).fetchone()
    if row is None:
        raise SimulatorError(f"no person {ssin} in this world")
    return row


def replace_ssin(store: WorldStore, day: str, person: str, new_ssin: str | None = None) -> dict:
    """A BIS number becomes a National Register number: the whole record moves to the new number."""
    kind, birth, gender, _death = _person_row(store, person)
    if new_ssin is None:
        new_ssin = free_rn(store, birth, gender)
    elif store.conn.execute("SELECT 1 FROM person WHERE ssin = ?", (new_ssin,)).fetchone():
        raise SimulatorError(f"{new_ssin} already belongs to someone")
    for table, column in _PERSON_COLUMNS:
        store.conn.execute(f"UPDATE {table} SET {column} = ? WHERE {column} = ?", (new_ssin, person))
    # The Register always knows the sex: a BIS person of unknown sex is registered as the number says.
    sex = numbers.parse(new_ssin).sex
    store.conn.execute("UPDATE person SET kind = 'RN', register = coalesce(register, 1), gender = ? WHERE ssin = ?",
                       (1 if sex == "M" else 2, new_ssin))
    store.conn.execute("UPDATE ssin_history SET new_ssin = ? WHERE new_ssin = ?", (new_ssin, person))
    store.conn.execute("INSERT OR REPLACE INTO ssin_history (old_ssin, new_ssin, date, reason) VALUES (?, ?, ?, ?)",
                       (person, new_ssin, day, "BIS_TO_RN" if kind == "BIS" else "CORRECTION"))
    return {"old_ssin": person, "new_ssin": new_ssin}


def _current_address(store: WorldStore, ssin: str, day: str):
    return store.conn.execute("SELECT id FROM address WHERE ssin = ? AND begin_date <= ? AND "
                              "(end_date IS NULL OR end_date >= ?) ORDER BY begin_date DESC LIMIT 1",
                              (ssin, day, day)).fetchone()


def _alive(store: WorldStore, ssin: str, day: str) -> None:
    death = _person_row(store, ssin)[3]
    if death and death <= day:
        raise SimulatorError(f"{ssin} died on {death}")


def move_person(store: WorldStore, day: str, person: str, to: dict, with_household: bool = False) -> dict:
    """The legal address changes on ``day`` (and the household's with it, when asked)."""
    _alive(store, person, day)
    municipality = store.municipality(int(to["nis"]))
    if municipality is None:
        raise SimulatorError(f"no municipality with NIS code {to['nis']}")
    street = store.conn.execute("SELECT street_code, name_fr, name_nl, name_de FROM ref_street "
                                "WHERE ? IN (name_fr, name_nl, name_de) OR ? IS NULL ORDER BY street_code LIMIT 1",
                                (to.get("street"), to.get("street"))).fetchone()
    if street is None:
        raise SimulatorError(f"no street named {to.get('street')!r} in the reference streets")
    # A street is named in the municipality's language(s) only ("fr-nl" in Brussels).
    spoken = municipality["language"].split("-")
    names = {lang: street[i] if lang in spoken else None for i, lang in ((1, "fr"), (2, "nl"), (3, "de"))}
    if not any(names.values()):
        names = {"fr": street[1], "nl": street[2], "de": street[3]}
    movers = [person]
    if with_household:
        household = store.household(person, dt.date.fromisoformat(day))
        movers = [m.ssin for m in household.members] if household else movers
    for ssin in movers:
        current = _current_address(store, ssin, day)
        if current is not None:
            store.conn.execute("UPDATE address SET end_date = ? WHERE id = ?", (day_before(day), current[0]))
        store.conn.execute(
            "INSERT INTO address (ssin, kind, country, nis, postal_code, municipality_fr, municipality_nl, "
            "municipality_de, street_code, street_fr, street_nl, street_de, house_number, box, begin_date) "
            "VALUES (?, 'LEGAL', 150, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (ssin, municipality["nis"], str(to.get("postal_code") or municipality["postal_code"]),
             municipality["name_fr"], municipality["name_nl"], municipality["name_de"], street[0],
             names["fr"], names["nl"], names["de"],
             str(to.get("house_number", "1")), to.get("box"), day))
    return {"moved": movers, "nis": municipality["nis"]}


def _end_membership(store: WorldStore, ssin: str, day: str, last_day: str | None = None) -> None:
    """End the membership covering ``day``: on ``last_day`` (default the day before ``day``)."""
    store.conn.execute("UPDATE household_member SET end_date = ? WHERE ssin = ? AND begin_date <= ? AND "
                       "(end_date IS NULL OR end_date >= ?)", (last_day or day_before(day), ssin, day, day))


def record_death(store: WorldStore, day: str, person: str) -> dict:
    """Death on ``day``: out of the household, and the spouse becomes a widow(er)."""
    _alive(store, person, day)
    store.conn.execute("UPDATE person SET death_date = ? WHERE ssin = ?", (day, person))
    _end_membership(store, person, day, last_day=day)
    spouse = store.conn.execute("SELECT partner_ssin FROM civil_state WHERE ssin = ? AND code = 20 AND "
                                "(end_date IS NULL OR end_date >= ?)", (person, day)).fetchone()
    if spouse and spouse[0]:
        store.conn.execute("UPDATE civil_state SET end_date = ? WHERE ssin = ? AND end_date IS NULL", (day, spouse[0]))
        following = (dt.date.fromisoformat(day) + dt.timedelta(days=1)).isoformat()
        store.conn.execute("INSERT INTO civil_state (ssin, code, begin_date, partner_ssin) VALUES (?, 30, ?, ?)",
                           (spouse[0], following, person))
        store.conn.execute("UPDATE person SET civil_status = 30 WHERE ssin = ?", (spouse[0],))
    return {"died": person, "widowed": spouse[0] if spouse else None}


def leave_household(store: WorldStore, day: str, person: str) -> dict:
    """The person leaves their household and heads a household of their own from ``day``."""
    _alive(store, person, day)
    _end_membership(store, person, day)
    household = store.conn.execute("INSERT INTO household (begin_date) VALUES (?)", (day,)).lastrowid
    store.conn.execute("INSERT INTO household_member (household_id, ssin, relationship, begin_date) "
                       "VALUES (?, ?, '01', ?)", (household, person, day))
    return {"household": household}


def join_household(store: WorldStore, day: str, person: str, household_of: str, relationship: str = "12") -> dict:
    """The person joins the household of ``household_of`` (and its address) from ``day``."""
    _alive(store, person, day)
    _alive(store, household_of, day)
    target = store.household(household_of, dt.date.fromisoformat(day))
    if target is None:
        raise SimulatorError(f"{household_of} has no household on {day}")
    _end_membership(store, person, day)
    store.conn.execute("INSERT INTO household_member (household_id, ssin, relationship, begin_date) "
                       "VALUES (?, ?, ?, ?)", (target.id, person, str(relationship).zfill(2), day))
    current = _current_address(store, target.reference_ssin or household_of, day)
    address = store.conn.execute("SELECT nis, street_fr, street_nl, street_de, house_number, box, postal_code "
                                 "FROM address WHERE id = ?", (current[0],)).fetchone() if current else None
    if address is not None and address[0]:
        street = address[1] or address[2] or address[3]
        move_person(store, day, person, {"nis": address[0], "street": street, "house_number": address[4],
                                         "box": address[5], "postal_code": address[6]})
    return {"household": target.id}


def expire_integration(store: WorldStore, day: str, person: str, organisation: str | None = None) -> dict:
    """The person's integrations (of one organisation, or all) end on ``day``."""
    rows = store.conn.execute(
        "UPDATE integration SET end_date = ? WHERE ssin = ? AND (? IS NULL OR org_cbe = ?) AND begin_date <= ? "
        "AND (end_date IS NULL OR end_date > ?)", (day, person, organisation, organisation, day, day)).rowcount
    return {"ended": rows}


def start_employment(store: WorldStore, day: str, person: str, employer: str | None = None, fte: float = 1.0,
                     monthly_gross: float = 2600.0, worker_type: str = "OTH") -> dict:
    """A job starts on ``day``: an employment and its Dimona (an ``in`` declaration). A full-time job
    ends a running full-time unemployment the day before (one cannot draw both)."""
    _alive(store, person, day)
    if employer is None:  # the first employer of the world, as good as any for a story
        employer = store.conn.execute("SELECT kbo FROM employer ORDER BY kbo LIMIT 1").fetchone()
        employer = employer[0] if employer else None
    row = store.conn.execute("SELECT kbo, joint_committee FROM employer WHERE kbo = ?", (employer,)).fetchone()
    if row is None:
        raise SimulatorError(f"no employer with KBO number {employer} in this world")
    regime = "FULL_TIME" if float(fte) >= 1 else "PART_TIME"
    worker_code = "495" if str(row[1]).startswith("2") else "015"  # joint committees 2xx are white-collar
    employment = store.conn.execute(
        "INSERT INTO employment (ssin, employer_kbo, worker_type, worker_code, joint_committee, regime, fte, "
        "monthly_gross, begin_date) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (person, row[0], worker_type, worker_code, row[1], regime, float(fte), float(monthly_gross), day)).lastrowid
    store.conn.execute("INSERT INTO dimona (employment_id, worker_type, begin_date) VALUES (?, ?, ?)",
                       (employment, worker_type, day))
    ended = 0
    if regime == "FULL_TIME":
        ended = store.conn.execute("UPDATE unemployment SET end_date = ? WHERE ssin = ? AND kind = 'FULL' AND "
                                   "begin_date < ? AND (end_date IS NULL OR end_date >= ?)",
                                   (day_before(day), person, day, day)).rowcount
    return {"employment": employment, "employer": row[0], "unemployment_ended": ended}


def end_employment(store: WorldStore, day: str, person: str, employer: str | None = None) -> dict:
    """The person's running jobs (at one employer, or all) end on ``day``, with their Dimona."""
    ids = [r[0] for r in store.conn.execute(
        "SELECT id FROM employment WHERE ssin = ? AND (? IS NULL OR employer_kbo = ?) AND begin_date <= ? "
        "AND (end_date IS NULL OR end_date > ?)", (person, employer, employer, day, day))]
    for employment in ids:
        store.conn.execute("UPDATE employment SET end_date = ? WHERE id = ?", (day, employment))
        store.conn.execute("UPDATE dimona SET end_date = ? WHERE employment_id = ? AND end_date IS NULL",
                           (day, employment))
    return {"ended": ids}


# benefit -> (table, SQL to start one with :ssin/:day and the event's fields)
BENEFITS = {
    "unemployment": ("unemployment", "INSERT INTO unemployment (ssin, kind, paying_body, family_category, daily_amount, "
                                     "begin_date) VALUES (:ssin, 'FULL', 'CAPAC', :category, :amount, :day)"),
    "pension": ("pension", "INSERT INTO pension (ssin, kind, scheme, monthly_amount, begin_date) "
                           "VALUES (:ssin, 'RETIREMENT', 'EMPLOYEE', :amount, :day)"),
    "ris": ("cpas_situation", "INSERT INTO cpas_situation (ssin, cpas_nis, kind, category, monthly_amount, resources, "
                              "piis, begin_date) VALUES (:ssin, :nis, 'RIS', :category, :amount, 0, 1, :day)"),
}


def start_benefit(store: WorldStore, day: str, person: str, benefit: str, amount: float | None = None,
                  category: int | str | None = None) -> dict:
    """A benefit starts on ``day``: unemployment (full, CAPAC), a retirement pension, or the RIS
    (at the CPAS of the person's municipality, the legal amount of the category at that date)."""
    _alive(store, person, day)
    table, sql = BENEFITS[benefit]
    params = {"ssin": person, "day": day, "amount": amount, "category": category, "nis": None}
    if benefit == "ris":
        params["category"] = int(category or 2)
        params["amount"] = amount if amount is not None else store.ris_amount(params["category"],
                                                                            dt.date.fromisoformat(day))
        address = _current_address(store, person, day)
        params["nis"] = store.conn.execute("SELECT nis FROM address WHERE id = ?", (address[0],)).fetchone()[0] \
            if address else None
    elif benefit == "unemployment":
        params["category"] = category or "LIVING_ALONE"
        params["amount"] = amount if amount is not None else 65.0
    else:
        params["amount"] = amount if amount is not None else 1500.0
    stop_benefit(store, day, person, benefit)  # one running benefit of a kind at a time
    store.conn.execute(sql, params)
    return {"benefit": benefit, "amount": params["amount"]}


def stop_benefit(store: WorldStore, day: str, person: str, benefit: str) -> dict:
    """The person's running benefit of that kind ends the day before ``day``."""
    table, _sql = BENEFITS[benefit]
    kinds = {"ris": " AND kind IN ('RIS', 'ERIS')", "pension": " AND kind = 'RETIREMENT'"}.get(benefit, "")
    ended = store.conn.execute(f"UPDATE {table} SET end_date = ? WHERE ssin = ? AND begin_date < ? AND "
                               f"(end_date IS NULL OR end_date >= ?){kinds}", (day_before(day), person, day, day)).rowcount
    return {"benefit": benefit, "ended": ended}


def stop_attestation(store: WorldStore, day: str, person: str, organisation: str | None = None) -> dict:
    """SPP IS stops the person's accepted RIS attestations (of one CPAS, or all) from ``day``: each ends
    the day before and reads STOPPED in every later answer, as when the CPAS stops it itself."""
    references = [r[0] for r in store.conn.execute(
        "SELECT reference FROM attestation WHERE ssin = ? AND status = ? AND (? IS NULL OR cpas_cbe = ?) "
        "AND begin_date <= ? AND (end_date IS NULL OR end_date >= ?)",
        (person, ACCEPTED, organisation, organisation, day, day))]
    for reference in references:
        store.conn.execute("UPDATE attestation SET status = ?, stopped_on = ?, end_date = ? WHERE reference = ?",
                           (STOPPED, day, day_before(day), reference))
    return {"stopped": references}


APPLY = {
    "ssin.replace": replace_ssin,
    "person.move": move_person,
    "person.die": record_death,
    "household.leave": leave_household,
    "household.join": join_household,
    "integration.expire": expire_integration,
    "employment.start": start_employment,
    "employment.end": end_employment,
    "benefit.start": start_benefit,
    "benefit.stop": stop_benefit,
    "attestation.stop": stop_attestation,
}
