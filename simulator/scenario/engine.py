"""The scenario engine: load a story into a sandbox, fire its events as the clock passes them, and
find the stub (or outage) that answers a request instead of the service.

Time: offsets (``+P30D``) count from the sandbox's now at loading. Events are checked whenever a
request reads the sandbox clock: one meta read tells whether the earliest pending event is due.
"""

from __future__ import annotations

import datetime as dt
import json
from functools import lru_cache

from lxml import etree

from simulator.errors import SimulatorError
from simulator.scenario import file as scenario_file
from simulator.soap import ns
from simulator.world.clock import FROZEN, OFFSET, Clock, add_duration, parse_instant, utcnow
from simulator.world.model import JournalEntry
from simulator.world.store import events
from simulator.world.store.registrations import (
    UNKNOWN_COUNTRY,
    NewAddress,
    NewBisPerson,
    register_bis_person,
    register_rn_person,
)

UTC = dt.timezone.utc
# Prefixes a stub's XPath may use for SSDN payloads (new-generation payload children are unqualified).
XPATH_NAMESPACES = {"ssdn": ns.SSDN_SERVICE, "common": ns.SSDN_COMMON, "ip": ns.SSDN_IDENTIFY_PERSON,
                    "ma": ns.SSDN_MANAGE_ACCESS, "pi": ns.SSDN_PERFORM_INVESTIGATION}


def _iso(instant: dt.datetime) -> str:
    return instant.astimezone(UTC).isoformat()


# -- time ----------------------------------------------------------------------------------------------


def tick(sandbox) -> dt.datetime:
    """The sandbox's now, after firing every event that is due (one meta read when nothing is)."""
    frozen, offset, next_at, stubs = sandbox.world.meta_values(FROZEN, OFFSET, events.NEXT_EVENT, events.STUBS)
    now = Clock.instant(frozen, offset)
    sandbox.stubs_loaded = stubs == "1"
    if next_at and _iso(now) >= next_at:
        for fired in events.fire_due(sandbox.world, now):
            _journal_event(sandbox, fired)
    return now


def _journal_event(sandbox, fired: dict) -> None:
    sandbox.journal.append(JournalEntry(
        id=None, time=utcnow().isoformat(timespec="milliseconds"), sandbox=sandbox.name, endpoint="scenario",
        service=fired["event"], operation="event", organisation=None,
        status="SKIPPED" if "skipped" in fired["outcome"] else "FIRED", fault=None, http_status=0, duration_ms=0.0,
        request=json.dumps({k: v for k, v in fired.items() if k != "outcome"}), response=json.dumps(fired["outcome"]),
        findings="[]"))


# -- loading -------------------------------------------------------------------------------------------


def load(sandbox, scenario: scenario_file.Scenario) -> dict:
    """Resolve the story against the sandbox (personas, times) and store it; due events fire at once."""
    now = tick(sandbox)

    def instant(text: str) -> str:
        return _iso(add_duration(now, text[1:]) if text.startswith("+") else parse_instant(text))

    if events.is_loaded(sandbox.world, scenario.name):  # before creating anyone: nothing half-made
        raise SimulatorError(f"scenario {scenario.name!r} is already loaded in this sandbox (reset it to load it again)")
    ssins = resolve_personas(sandbox.world, scenario.personas, now.date())

    def person(value):
        return ssins.get(value, value)

    timeline = [{"at": instant(e.at), "kind": e.kind, "line": e.line,
                 "fields": {k: person(v) if k in ("person", "household_of") else v for k, v in e.fields.items()}}
                for e in scenario.timeline]
    stubs = [{"service": s.service, "operation": s.operation, "respond": s.respond,
              "match": [scenario_file.substitute(x, ssins) for x in s.match], "require_state": s.require_state,
              "set_state": s.set_state, "times": s.times, "active_from": None, "active_to": None, "line": s.line}
             for s in scenario.stubs]
    stubs += [{"service": o.service, "operation": None, "respond": {"fault": {"code": o.code}}, "match": [],
               "require_state": None, "set_state": None, "times": None, "active_from": instant(o.start),
               "active_to": instant(o.end), "line": o.line} for o in scenario.outages]
    events.save_scenario(sandbox.world, scenario.name, scenario.description, ssins, timeline, stubs, now)
    tick(sandbox)
    return {"name": scenario.name, "personas": ssins, "events": len(timeline), "stubs": len(stubs)}


def resolve_personas(world, personas: dict, today: dt.date) -> dict[str, str]:
    """alias -> SSIN: given numbers as they are, picks as the first person (by SSIN) with the traits."""
    chosen: dict[str, str] = {}
    for alias, spec in personas.items():
        if "ssin" in spec:
            chosen[alias] = str(spec["ssin"])
            continue
        if "create" in spec:
            chosen[alias] = _create(world, spec["create"], today)
            continue
        pick = spec["pick"]
        taken = set(chosen.values())
        if pick.get("replaced"):
            found = next((old for old in world.replaced_ssins(limit=100_000) if old not in taken), None)
        else:
            found = next((p.ssin for p in _people(world, today) if p.ssin not in taken and _fits(world, p, pick, today)),
                         None)
        if found is None:
            raise SimulatorError(f"no person of this world fits persona {alias} {dict(pick)}")
        chosen[alias] = found
    return chosen


def _create(world, spec: dict, today: dt.date) -> str:
    """A person made for the story, as the register concerned would make one."""
    kind = {"abroad": "ABROAD", "contact": "CONTACT", "legal": "LEGAL"}
    key = next(k for k in kind if k in spec)
    place = spec[key]
    address = NewAddress(kind[key], int(place["country"]) if key == "abroad" else 150,
                         nis=int(place["nis"]) if "nis" in place else None, city=place.get("city"),
                         street=place.get("street") or ("Rue de la Station" if key == "legal" else None),
                         house_number=str(place.get("house_number") or "1"), box=place.get("box"))
    nationality = spec.get("nationality")
    person = NewBisPerson(str(spec["last_name"]), tuple(spec.get("first_names") or ()), str(spec["birth_date"]),
                          {"M": 1, "F": 2}.get(spec.get("sex"), 0), None, None, UNKNOWN_COUNTRY,
                          int(nationality) if nationality else None, address)
    register = register_rn_person if spec.get("kind") == "RN" else register_bis_person
    return register(world, today.isoformat(), person)


def _people(world, today: dt.date, page: int = 500):
    offset = 0
    while batch := world.persons(limit=page, offset=offset, at=today):
        yield from batch
        offset += page


def _fits(world, person, pick: dict, today: dt.date) -> bool:
    if "kind" in pick and person.kind != pick["kind"]:
        return False
    if "alive" in pick and (person.death_date is None) != pick["alive"]:
        return False
    if "married" in pick and (person.civil_status == 20) != pick["married"]:
        return False
    if "municipality" in pick and (person.address is None or person.address.nis != pick["municipality"]):
        return False
    if "household" in pick:
        household = world.household(person.ssin, today)
        if (household is not None and len(household.members) > 1) != pick["household"]:
            return False
    return True


# -- stubs ---------------------------------------------------------------------------------------------


@lru_cache(maxsize=1024)
def _xpath(expression: str) -> etree.XPath:
    return etree.XPath(expression, namespaces=XPATH_NAMESPACES)


def stub_for(sandbox, service: str, operation: str, payload: etree._Element, now: dt.datetime) -> dict | None:
    """The first loaded stub or outage that answers this request, marked used; None when none does."""
    if not getattr(sandbox, "stubs_loaded", False):
        return None
    state = None
    for stub in events.matching_stubs(sandbox.world, service, now):
        if stub["operation"] not in (None, operation):
            continue
        if stub["require_state"] is not None:
            if state is None:
                state = sandbox.world.meta_values(events.STATE)[0] or events.INITIAL_STATE
            if stub["require_state"] != state:
                continue
        if all(bool(_xpath(expression)(payload)) for expression in stub["match"]):
            events.use_stub(sandbox.world, stub["id"], stub["set_state"])
            return stub["respond"]
    return None
