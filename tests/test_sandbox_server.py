"""Sandboxes on the production server: parallel clients in their own sandboxes, and resets/deletes made
through one server process seen by all the others."""

from __future__ import annotations

import concurrent.futures
import os
import subprocess
import sys

import requests

from simulator.admin.client import AdminClient
from simulator.sandbox import Sandboxes
from tests import wire as w
from tests.people import find_person

HEADERS = {"Content-Type": "text/xml; charset=utf-8"}


def _person(settings):
    boxes = Sandboxes(settings)
    try:
        return find_person(boxes.get("default").world, lambda p: p.kind == "RN" and not p.death_date)
    finally:
        boxes.close()


def _rti(server, name, ssin):
    body = w.body_of(requests.post(f"{server}/sandbox/{name}{w.RETRIEVE_TI_PATH}", data=w.retrieve_ti(ssin),
                                   headers=HEADERS).content)
    return w.status_of(body)[1]


def test_parallel_clients_each_in_their_own_sandbox(server, settings):
    admin = AdminClient(server)
    person = _person(settings)
    names = [f"par-{os.getpid()}-{i}" for i in range(8)]

    def job(i):
        name = names[i]
        admin.create_sandbox(name)
        if i % 2 == 0:  # half the jobs integrate the same person, in their own sandbox only
            reply = requests.post(f"{server}/sandbox/{name}{w.SSDN_PATH}", headers=HEADERS, data=w.manage_access(
                person.ssin, "REGISTER", proof=w.person_data_proof(person))).content
            assert w.service_summary(w.ssdn_reply(reply))[0] == "YES"
        seen = {_rti(server, name, person.ssin) for _ in range(10)}  # spread over the server's processes
        journal = admin.journal(name)["total"]
        admin.delete_sandbox(name)
        return i, seen, journal

    with concurrent.futures.ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(job, range(8)))
    for i, seen, journal in results:
        assert seen == ({"MSG00000"} if i % 2 == 0 else {"MSG00012"}), (i, seen)
        assert journal == (11 if i % 2 == 0 else 10)
    assert not set(names) & {s["name"] for s in admin.list_sandboxes()}


def test_reset_and_delete_are_seen_by_every_server_process(server, settings):
    admin = AdminClient(server)
    person = _person(settings)
    name = f"cross-{os.getpid()}"
    admin.create_sandbox(name)
    requests.post(f"{server}/sandbox/{name}{w.SSDN_PATH}", headers=HEADERS,
                  data=w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person)))
    assert {_rti(server, name, person.ssin) for _ in range(12)} == {"MSG00000"}
    admin.reset_sandbox(name)
    assert {_rti(server, name, person.ssin) for _ in range(12)} == {"MSG00012"}
    admin.delete_sandbox(name)
    statuses = {requests.post(f"{server}/sandbox/{name}{w.RETRIEVE_TI_PATH}", data=w.retrieve_ti(person.ssin),
                              headers=HEADERS).status_code for _ in range(12)}
    assert statuses == {404}


def test_cli_sandbox_and_clock_commands(server):
    def cli(*args):
        return subprocess.run([sys.executable, "-m", "simulator.cli", *args, "--url", server],
                              capture_output=True, text=True, timeout=60)

    name = f"cli-{os.getpid()}"
    assert cli("sandbox", "create", name).returncode == 0
    assert name in cli("sandbox", "list").stdout
    assert '"frozen": true' in cli("clock", "set", "2030-06-01T00:00:00Z", "--frozen", "--sandbox", name).stdout
    advanced = cli("clock", "advance", "P30D", "--sandbox", name)
    assert advanced.returncode == 0 and '"now": "2030-07-01T00:00:00' in advanced.stdout
    bad = cli("clock", "advance", "thirty days", "--sandbox", name)
    assert bad.returncode == 2 and bad.stderr.startswith("bcss-sim: not an ISO-8601 duration")
    assert cli("sandbox", "reset", name).returncode == 0
    assert cli("sandbox", "delete", name).returncode == 0
    gone = cli("sandbox", "delete", name)
    assert gone.returncode == 2 and "no sandbox named" in gone.stderr
