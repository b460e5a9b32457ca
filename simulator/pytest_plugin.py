"""pytest fixtures for vendors' own test suites (registered through the ``pytest11`` entry point).

- ``bcss_simulator`` (session): a simulator for the whole test session — a server this plugin starts
  (``bcss-sim serve`` on a free port, in a temporary data directory) or, when ``BCSS_SIM_URL`` is set or
  ``bcss_simulator_options`` says ``{"url": ...}``, one that already runs.
- ``bcss_sandbox`` (function): a fresh sandbox per test, deleted after it; its ``url`` is what a client
  uses instead of the BCSS host (``bcss_sandbox.wsdl(path)`` gives the WSDL address of an endpoint).
- ``bcss_simulator_options`` (session): override it in a ``conftest.py`` to choose ``size``, ``seed``,
  ``organizations`` (a file), ``workers`` or ``url``.
"""

from __future__ import annotations

import os
import uuid
from dataclasses import dataclass

import pytest

from simulator.admin.client import AdminClient
from simulator.errors import SimulatorError
from simulator.launcher import start, stop, wait_until_up

@dataclass
class SimulatorHandle:
    url: str
    admin: AdminClient

@dataclass
class SandboxHandle:
    name: str
    url: str  # the base every SOAP path goes under, e.g. url + "/SOA4520/RetrieveTIGroupsService/v2/retrieveTI"
    admin: AdminClient

    def endpoint(self, path: str) -> str:
        return f"{self.url}{path}"

    def wsdl(self, path: str) -> str:
        return f"{self.url}{path}?wsdl"

    def set_clock(self, now: str, frozen: bool = False) -> dict:
        return self.admin.set_clock(self.name, now, frozen)

    def advance_clock(self, duration: str) -> dict:
        return self.admin.advance_clock(self.name, duration)

    def persons(self, limit: int = 50, offset: int = 0) -> list[dict]:
        """People of this sandbox's world (ssin, names, birth date, gender ...)."""
        return self.admin.persons(self.name, limit, offset)

    def journal(self, limit: int = 100) -> list[dict]:
        return self.admin.journal(self.name, limit)["entries"]

    def reset(self) -> dict:
        return self.admin.reset_sandbox(self.name)

@pytest.fixture(scope="session")
def bcss_simulator_options() -> dict:
    """Override to configure the simulator: {"size", "seed", "organizations", "workers", "url"}."""
    return {}

@pytest.fixture(scope="session")
def bcss_simulator(bcss_simulator_options, tmp_path_factory):
    options = dict(bcss_simulator_options)
    url = options.get("url") or os.environ.get("BCSS_SIM_URL")
    if url:
        admin = AdminClient(url)
        admin.health()
        yield SimulatorHandle(url.rstrip("/"), admin)
        return
    options.pop("url", None)
    process, url = start(tmp_path_factory.mktemp("bcss-sim"), **options)
    try:
        yield SimulatorHandle(url, wait_until_up(url, process))
    finally:
        stop(process)

@pytest.fixture
def bcss_sandbox(bcss_simulator):
    name = f"pytest-{uuid.uuid4().hex[:12]}"
    bcss_simulator.admin.create_sandbox(name)
    try:
        yield SandboxHandle(name, f"{bcss_simulator.url}/sandbox/{name}", bcss_simulator.admin)
    finally:
        try:
            bcss_simulator.admin.delete_sandbox(name)
        except SimulatorError:
            pass  # already gone (the test deleted it): nothing to clean
