"""The admin JSON API."""

from __future__ import annotations

import pytest
from werkzeug.test import Client

from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person


@pytest.fixture
def admin(simulator):
    return Client(simulator)


def test_health(admin):
    body = admin.get("/__admin/health").get_json()
    assert body["status"] == "ok" and "default" in body["sandboxes"]


def test_services_lists_the_five(admin):
    services = {s["name"]: s for s in admin.get("/__admin/services").get_json()["services"]}
    assert set(services) >= {"TestConnectionServiceService", "RetrieveTIGroupsService", "PersonService",
                             "OCMWCPASIdentifyPerson", "OCMWCPASManageAccess"}
    assert services["RetrieveTIGroupsService"]["endpoint"] == w.RETRIEVE_TI_PATH
    assert services["RetrieveTIGroupsService"]["operations"] == ["retrieveTI"]
    assert services["RetrieveTIGroupsService"]["contract"] == "real"
    assert services["PersonService"]["contract"] == "simulator"
    assert services["OCMWCPASIdentifyPerson"]["version"] == "20050930"


def test_persons_and_one_person(admin, settings):
    body = admin.get("/__admin/sandboxes/default/persons?limit=5").get_json()
    assert len(body["persons"]) == 5 and body["total"] >= settings.size
    first = body["persons"][0]
    assert {"ssin", "last_name", "first_name", "birth_date", "gender"} <= set(first)
    one = admin.get(f"/__admin/sandboxes/default/persons/{first['ssin']}").get_json()
    assert one["person"]["ssin"] == first["ssin"]
    malformed = admin.get("/__admin/sandboxes/default/persons/1234")
    assert malformed.status_code == 400 and "1234" in malformed.get_json()["error"]
    unknown = admin.get(f"/__admin/sandboxes/default/persons/{numbers.make(1931, 1, 1, 997)}")
    assert unknown.status_code == 404 and "no person" in unknown.get_json()["error"]


def test_bad_queries_are_json_errors(admin):
    response = admin.get("/__admin/sandboxes/default/persons?limit=abc")
    assert response.status_code == 400 and "whole numbers" in response.get_json()["error"]
    response = admin.get("/__admin/sandboxes/nope/persons")
    assert response.status_code == 404 and "nope" in response.get_json()["error"]
    response = admin.get("/__admin/nothing-here")
    assert response.status_code == 404 and "error" in response.get_json()


def test_journal_shows_requests(admin, wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    wire.post(w.PERSON_PATH, w.search_person(person.ssin))
    body = admin.get(f"/__admin/sandboxes/{wire.name}/journal").get_json()
    (entry,) = body["entries"]
    assert entry["endpoint"] == w.PERSON_PATH and entry["operation"] == "searchPersonBySsin"
    assert entry["organisation"] == w.LIEGE["cbe"] and entry["status"] == "MSG00000"
    assert entry["http_status"] == 200 and entry["duration_ms"] > 0
    assert person.ssin in entry["request"] and "DATA_FOUND" in entry["response"]


def test_journal_since_an_entry(admin, wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    url = f"/__admin/sandboxes/{wire.name}/journal"
    wire.post(w.PERSON_PATH, w.search_person(person.ssin))
    first = admin.get(url).get_json()["last_id"]
    wire.post(w.PERSON_PATH, w.search_person(person.ssin))
    wire.post(w.TEST_CONNECTION_PATH, w.test_message("x"))
    since = admin.get(f"{url}?after={first}").get_json()
    assert [e["operation"] for e in since["entries"]] == ["searchPersonBySsin", "sendTestMessage"]  # oldest first
    assert [e["id"] for e in since["entries"]] == [first + 1, first + 2] and since["last_id"] == first + 2
    bad = admin.get(f"{url}?after=yesterday")
    assert bad.status_code == 400 and "after must be a journal entry id" in bad.get_json()["error"]


def test_clock_can_be_set_and_frozen(admin, wire):
    response = admin.post(f"/__admin/sandboxes/{wire.name}/clock", json={"now": "2030-05-01T12:00:00Z", "frozen": True})
    assert response.get_json()["now"].startswith("2030-05-01T12:00:00")
    assert wire.sandbox.now().year == 2030
    assert admin.post(f"/__admin/sandboxes/{wire.name}/clock", json={"now": "soon"}).status_code == 400
