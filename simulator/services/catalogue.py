"""Every service the simulator serves: the one list the wire, the admin API and the docs read."""

from __future__ import annotations

from simulator.services import test_connection
from simulator.services.base import SoaEndpoint, SsdnService
from simulator.services.registries import (
    bis_person,
    family_composition,
    identify_person,
    manage_access,
    manage_person,
    nrp_person,
    perform_investigation,
    person_service,
    reference_manager,
    retrieve_ti_groups,
    ssin_information,
)
from simulator.services.spp_is import attestations, household_income, living_wages, multifunctional_attestations


def soa_endpoints() -> list[SoaEndpoint]:
    return [test_connection.ENDPOINT, retrieve_ti_groups.ENDPOINT, person_service.ENDPOINT,
            ssin_information.ENDPOINT, family_composition.ENDPOINT, nrp_person.ENDPOINT,
            bis_person.ENDPOINT, bis_person.UPDATE_ENDPOINT, living_wages.ENDPOINT]


def ssdn_services() -> list[SsdnService]:
    return [identify_person.SERVICE, manage_access.SERVICE, perform_investigation.SERVICE, reference_manager.SERVICE,
            manage_person.SERVICE, *attestations.SERVICES, household_income.SERVICE,
            *multifunctional_attestations.SERVICES]
