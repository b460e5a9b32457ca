"""Sandboxes through the admin API and the library: create, list, reset, delete, limits, clock."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import time

import pytest
from werkzeug.test import Client

from simulator.sandbox import SandboxLimit, Sandboxes
from tests import wire as w
from tests.people import find_person


@pytest.fixture
def admin(simulator):
    return Client(simulator)


def unique(prefix="sb"):
    return f"{prefix}-{os.getpid()}-{time.monotonic_ns()}"


def test_create_list_reset_delete(admin, simulator):
    name = unique()
    created = admin.post("/__admin/sandboxes", json={"name": name})
    assert created.status_code == 201, created.get_json()
    assert created.get_json()["name"] == name and created.get_json()["generation"] == 1
    listed = {s["name"]: s for s in admin.get("/__admin/sandboxes").get_json()["sandboxes"]}
    assert name in listed and listed[name]["seed"] == simulator.settings.seed

    sandbox = simulator.sandboxes.get(name)
    person = find_person(sandbox.world, lambda p: p.kind == "RN")
    http = Client(simulator)
    post = lambda body: http.post(f"/sandbox/{name}{w.SSDN_PATH}" if b"xmlString" in body else
                                  f"/sandbox/{name}{w.RETRIEVE_TI_PATH}", data=body, headers={"Content-Type": "text/xml"})
    assert w.service_summary(w.ssdn_reply(post(w.manage_access(person.ssin, "REGISTER",
                                                              proof=w.person_data_proof(person))).data))[0] == "YES"
    assert w.status_of(w.body_of(post(w.retrieve_ti(person.ssin)).data))[1] == "MSG00000"
    admin.post(f"/__admin/sandboxes/{name}/clock", json={"now": "2031-01-01T00:00:00Z", "frozen": True})

    reset = admin.post(f"/__admin/sandboxes/{name}/reset")
    assert reset.status_code == 200 and reset.get_json()["generation"] == 2
    assert w.status_of(w.body_of(post(w.retrieve_ti(person.ssin)).data))[1] == "MSG00012"  # integration gone
    assert simulator.sandboxes.get(name).now().year < 2031  # clock back to real time
    journal = admin.get(f"/__admin/sandboxes/{name}/journal").get_json()
    assert journal["total"] == 3  # the journal outlives the reset

    assert admin.delete(f"/__admin/sandboxes/{name}").status_code == 200
    assert admin.get(f"/__admin/sandboxes/{name}/clock").status_code == 404
    assert post(w.retrieve_ti(person.ssin)).status_code == 404


def test_bad_requests(admin):
    name = unique()
    assert admin.post("/__admin/sandboxes", json={"name": name}).status_code == 201
    again = admin.post("/__admin/sandboxes", json={"name": name})
    assert again.status_code == 409 and "already exists" in again.get_json()["error"]
    for body in ({"name": "bad name!"}, {"name": name + "x", "size": "big"}, {"nom": "x"}, ["x"],
                 {"name": name + "y", "scenario": "x.yaml", "colour": 1}):
        response = admin.post("/__admin/sandboxes", json=body)
        assert response.status_code == 400 and response.get_json()["error"], body
    assert admin.delete("/__admin/sandboxes/default").status_code == 400
    assert admin.delete("/__admin/sandboxes/nothing-here").status_code == 404
    assert admin.post("/__admin/sandboxes/nothing-here/reset").status_code == 404


def test_sandbox_with_its_own_seed_and_size(admin, simulator):
    name = unique()
    created = admin.post("/__admin/sandboxes", json={"name": name, "seed": 7, "size": 150})
    assert created.status_code == 201 and created.get_json()["size"] == 150
    world = simulator.sandboxes.get(name).world
    assert world.count_persons() >= 150 and world.count_persons() < simulator.settings.size


def test_limit_and_idle_expiry(settings, tmp_path):
    local = dataclasses.replace(settings, data_dir=tmp_path, max_sandboxes=2, sandbox_idle_seconds=3600)
    local.base_world.parent.mkdir(parents=True)
    local.base_world.write_bytes(settings.base_world.read_bytes())
    boxes = Sandboxes(local)
    boxes.create("default")
    boxes.create("one")
    with pytest.raises(SandboxLimit):
        boxes.create("two")
    old = time.time() - 7200
    os.utime(local.sandboxes_dir / "one" / "sandbox.json", (old, old))
    os.utime(local.sandboxes_dir / "default" / "sandbox.json", (old, old))
    boxes.create("two")  # creating expires idle sandboxes first, never the default one
    assert boxes.names() == ["default", "two"]
    boxes.close()


def test_clock_now_advance_and_frozen(admin, wire):
    url = f"/__admin/sandboxes/{wire.name}/clock"
    state = admin.post(url, json={"now": "2027-01-31T12:00:00Z", "frozen": True}).get_json()
    assert state["frozen"] and state["now"].startswith("2027-01-31T12:00:00")
    state = admin.post(url, json={"advance": "P1M"}).get_json()
    assert state["now"].startswith("2027-02-28T12:00:00") and state["frozen"]
    state = admin.post(url, json={"advance": "-PT12H", "frozen": False}).get_json()
    assert not state["frozen"] and state["now"].startswith("2027-02-28T0")
    for bad in ({"advance": "30 days"}, {"now": "x"}, {"now": "2027-01-01", "advance": "P1D"}, {},
                {"advance": "P1D", "frozen": "yes"}):
        assert admin.post(url, json=bad).status_code == 400, bad


def test_every_service_answers_for_the_sandbox_now(admin, wire):
    """An integration that ends tomorrow covers today, not next month."""
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)
    today = wire.sandbox.now().date()
    body = w.manage_access(person.ssin, "REGISTER", start=str(today - dt.timedelta(days=5)),
                           end=str(today + dt.timedelta(days=1)), proof=w.person_data_proof(person))
    assert w.service_summary(w.ssdn_reply(wire.post(w.SSDN_PATH, body).data))[0] == "YES"
    assert w.status_of(w.body_of(wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin)).data))[1] == "MSG00000"
    admin.post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "P30D"})
    assert w.status_of(w.body_of(wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin)).data))[1] == "MSG00012"
    admin.post(f"/__admin/sandboxes/{wire.name}/clock", json={"advance": "-P30D"})
    assert w.status_of(w.body_of(wire.post(w.RETRIEVE_TI_PATH, w.retrieve_ti(person.ssin)).data))[1] == "MSG00000"


def test_journal_keeps_the_newest_entries(tmp_path):
    from simulator.world.model import JournalEntry
    from simulator.world.store import JournalStore
    from simulator.world.store import journal as journal_module

    journal = JournalStore.open(tmp_path / "j.sqlite")
    journal.keep = 50
    entry = JournalEntry(id=None, time="t", sandbox="s", endpoint="e", service="x", operation="o", organisation=None,
                         status="MSG00000", fault=None, http_status=200, duration_ms=1.0, request="<r/>",
                         response="<a/>", findings="[]")
    for _ in range(journal_module.PRUNE_EVERY * 2 + 10):
        journal.append(entry)
    assert journal.count() == 50 + 10  # pruned to 50 at the last multiple of PRUNE_EVERY, 10 added since
    ids = [e.id for e in journal.entries(limit=10_000)]
    assert min(ids) == max(ids) - 59
    journal.close()
