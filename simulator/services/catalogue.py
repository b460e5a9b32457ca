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
from simulator.services.spp_is import (
    alert_reaction,
    attestations,
    heating_allocation,
    household_income,
    law65,
    law65_claims,
    list_of_attestations,
    living_wages,
    multifunctional_attestations,
    organic_law,
    recovered_amount,
    social_inquiry,
    social_report,
)


def soa_endpoints() -> list[SoaEndpoint]:
    return [test_connection.ENDPOINT, retrieve_ti_groups.ENDPOINT, person_service.ENDPOINT,
            ssin_information.ENDPOINT, family_composition.ENDPOINT, nrp_person.ENDPOINT,
            bis_person.ENDPOINT, bis_person.UPDATE_ENDPOINT,
            social_report.ENDPOINT, alert_reaction.ENDPOINT, social_inquiry.ENDPOINT, living_wages.ENDPOINT]


def ssdn_services() -> list[SsdnService]:
    return [identify_person.SERVICE, manage_access.SERVICE, perform_investigation.SERVICE, reference_manager.SERVICE,
            manage_person.SERVICE, *attestations.SERVICES, list_of_attestations.SERVICE, household_income.SERVICE,
            recovered_amount.SERVICE, organic_law.SERVICE, *law65.SERVICES, law65_claims.SERVICE,
            heating_allocation.SERVICE,
            *multifunctional_attestations.SERVICES]
