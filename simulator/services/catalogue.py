"""Every service the simulator serves: the one list the wire, the admin API and the docs read."""

from __future__ import annotations

from simulator.services import test_connection
from simulator.services.base import SoaEndpoint, SsdnService
from simulator.services.registries import (
    identify_person,
    manage_access,
    person_service,
    retrieve_ti_groups,
)


def soa_endpoints() -> list[SoaEndpoint]:
    return [test_connection.ENDPOINT, retrieve_ti_groups.ENDPOINT, person_service.ENDPOINT]


def ssdn_services() -> list[SsdnService]:
    return [identify_person.SERVICE, manage_access.SERVICE]
