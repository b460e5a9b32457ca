"""World events one by one: what each changes in the world, and how a due event fires exactly once."""

from __future__ import annotations

import datetime as dt

import requests
from werkzeug.test import Client

from simulator.scenario import engine
from simulator.scenario.file import parse
from tests import wire as w
from tests.people import find_person


def play(simulator, wire, body: str):
    story = parse("scenario: 1\nname: t\n" + body)
    engine.load(wire.sandbox, story)
    Client(simulator).post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P2D"})
    return wire.sandbox.now().date()


def test_household_leave_and_join(simulator, wire):
    world = wire.world
    today = wire.sandbox.now().date()

    def in_family(p):
        household = world.household(p.ssin, today)
        return p.kind == "RN" and not p.death_date and household and household.reference_ssin != p.ssin

    child = find_person(world, in_family)
    host = find_person(world, lambda p: p.kind == "RN" and not p.death_date and p.ssin != child.ssin
                       and (h := world.household(p.ssin, today)) is not None and h.reference_ssin == p.ssin
                       and p.address is not None and p.address.nis != (child.address.nis if child.address else None))
    day = play(simulator, wire, f"""timeline:
  - {{at: "+P1D", event: household.leave, person: "{child.ssin}"}}
""")
    own = world.household(child.ssin, day)
    assert own.reference_ssin == child.ssin and len(own.members) == 1
    engine.load(wire.sandbox, parse(f"""scenario: 1
name: t2
timeline:
  - {{at: "+P1D", event: household.join, person: "{child.ssin}", household_of: "{host.ssin}", relationship: "12"}}
"""))
    Client(simulator).post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P2D"})
    later = wire.sandbox.now().date()
    joined = world.household(child.ssin, later)
    assert joined.reference_ssin == host.ssin
    assert {m.ssin: m.relationship for m in joined.members}[child.ssin] == "12"
    assert world.person(child.ssin, at=later).address.nis == world.person(host.ssin, at=later).address.nis


def test_move_with_household_and_a_dead_person_does_not_move(simulator, wire):
    world = wire.world
    today = wire.sandbox.now().date()
    head = find_person(world, lambda p: p.kind == "RN" and not p.death_date and (
        h := world.household(p.ssin, today)) is not None and h.reference_ssin == p.ssin and len(h.members) >= 3)
    members = [m.ssin for m in world.household(head.ssin, today).members]
    day = play(simulator, wire, f"""timeline:
  - {{at: "+P1D", event: person.move, person: "{head.ssin}", with_household: true,
     to: {{nis: 21004, street: Rue de la Station, house_number: "3", box: "B"}}}}
  - {{at: "+P1D", event: person.die, person: "{members[1]}"}}
""")
    for ssin in members:
        address = world.person(ssin, at=day).address
        assert address.nis == 21004 and address.street_fr == "Rue de la Station" and address.street_nl == "Stationsstraat"
    dead = [e for e in engine.events.scenarios(world)[0]["timeline"] if e["event"] == "person.die"][0]
    assert dead["outcome"]["died"] == members[1]
    engine.load(wire.sandbox, parse(f"""scenario: 1
name: t3
timeline:
  - {{at: "+P1D", event: person.move, person: "{members[1]}", to: {{nis: 44021}}}}
"""))
    Client(simulator).post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P2D"})
    moved = [e for s in engine.events.scenarios(world) for e in s["timeline"] if s["name"] == "t3"][0]
    assert "died" in moved["outcome"]["skipped"]
    assert world.person(members[1], at=wire.sandbox.now().date()).address.nis == 21004


def test_due_events_fire_once_even_when_asked_twice(simulator, wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)
    play(simulator, wire, f"""timeline:
  - {{at: "+P1D", event: person.die, person: "{person.ssin}"}}
""")
    for _ in range(3):
        wire.sandbox.now()
        engine.events.fire_due(wire.world, wire.sandbox.now() + dt.timedelta(days=5))
    fired = [e for e in wire.sandbox.journal.entries(limit=50) if e.endpoint == "scenario"]
    assert len(fired) == 1


def test_network_reset_stub_on_the_production_server(server, settings):
    from simulator.admin.client import AdminClient

    admin = AdminClient(server)
    name = "reset-stub"
    admin.create_sandbox(name, scenario="scenario: 1\nname: drop\nstubs:\n  - {service: TestConnectionServiceService, "
                                        "times: 1, respond: {network: reset}}\n")
    url = f"{server}/sandbox/{name}{w.TEST_CONNECTION_PATH}"
    try:
        requests.post(url, data=w.test_message("x"), headers={"Content-Type": "text/xml"}, timeout=10)
    except requests.ConnectionError:
        pass  # what the stub is for: the connection dropped
    else:
        raise AssertionError("the connection was not reset")
    assert requests.post(url, data=w.test_message("x"), headers={"Content-Type": "text/xml"}).status_code == 200
    admin.delete_sandbox(name)


def test_job_and_benefit_events(simulator, wire):
    world = wire.world
    today = wire.sandbox.now().date()
    person = find_person(world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and not world.employments(p.ssin, at=today) and 25 <= today.year - int(p.birth_date[:4]) <= 50)
    day = play(simulator, wire, f"""timeline:
  - {{at: "+P1D", event: benefit.start, person: "{person.ssin}", benefit: ris, category: 2}}
  - {{at: "+P1D", event: benefit.start, person: "{person.ssin}", benefit: unemployment}}
""")
    ris = world.cpas_situation(person.ssin, at=day)
    assert ris.kind == "RIS" and ris.category == 2 and ris.monthly_amount == world.ris_amount(2, day)
    assert ris.cpas_nis == person.address.nis
    engine.load(wire.sandbox, parse(f"""scenario: 1
name: job
timeline:
  - {{at: "+P1D", event: employment.start, person: "{person.ssin}", fte: 1.0, monthly_gross: 2400}}
  - {{at: "+P10D", event: employment.end, person: "{person.ssin}"}}
  - {{at: "+P10D", event: benefit.stop, person: "{person.ssin}", benefit: ris}}
"""))
    admin = Client(simulator)
    admin.post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P2D"})
    now = wire.sandbox.now().date()
    (job,) = world.employments(person.ssin, at=now)
    assert job.fte == 1.0 and world.dimona_periods(person.ssin)
    assert not [u for u in world.unemployment(person.ssin, now, now)]  # the full-time job ended it
    admin.post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P10D"})
    later = wire.sandbox.now().date()
    assert not world.employments(person.ssin, at=later)
    assert world.cpas_situation(person.ssin, at=later) is None


def test_benefit_must_be_known():
    import pytest

    from simulator.scenario.file import ScenarioError

    with pytest.raises(ScenarioError, match="benefit must be one of"):
        parse("scenario: 1\nname: x\ntimeline:\n  - {at: '+P1D', event: benefit.start, person: '85031400127', "
              "benefit: lottery}\n")


def test_a_failing_event_is_recorded_and_leaves_no_half_writes(simulator, wire, monkeypatch):
    from simulator.world.store import events

    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)

    def broken(store, day, person):
        store.conn.execute("UPDATE person SET last_name = 'HALF' WHERE ssin = ?", (person,))
        raise KeyError("boom")

    monkeypatch.setitem(events.APPLY, "person.die", broken)
    play(simulator, wire, f"""timeline:
  - {{at: "+P1D", event: person.die, person: "{person.ssin}"}}
""")
    (event,) = events.scenarios(wire.world)[0]["timeline"]
    assert "could not apply" in event["outcome"]["skipped"] and event["fired_at"]
    assert wire.world.person(person.ssin).last_name == person.last_name  # rolled back
    assert wire.post(w.TEST_CONNECTION_PATH, w.test_message("still alive")).status_code == 200
