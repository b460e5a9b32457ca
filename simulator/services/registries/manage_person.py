"""OCMWCPASManagePerson (SSDN, 20070801): the legacy BIS-creation service ``CreateKSZCitizenRequest``.

SIMULATOR CONTRACT: BCSS's legacy creation service (ManagePerson.createKSZCitizen) has no public
schema, so its ServiceId, Version, namespace and element names here are the simulator's
(fixtures/contracts/ssdn/OCMW_CPAS/ManagePerson). The behaviour is BisPersonService registerPerson's,
through the same bis_registration.register: the three minimum data sets, the search before create,
the BIS number (month + 40 when the sex is known, + 20 when not) written in one transaction.

- Created: the reply gives the new SSIN (Created true), information 11011001.
- Already known: the first person found (Created false, Origin RN_RR or BCSS_KSZ), warning 21011001
  listing up to five SSINs; nothing is created.
- No minimum data set complete: error 31011001, one Information per missing item.
- A wrong datum (impossible date, unknown country or municipality, Belgium as a country abroad):
  error 31011002 naming it.
No prior integration is needed (creation precedes integration).
"""

from __future__ import annotations

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import (
    ERROR,
    INFORMATION,
    WARNING,
    Call,
    SsdnResult,
    SsdnService,
)
from simulator.services.registries import bis_registration
from simulator.services.registries.bis_registration import (
    AddressData,
    Application,
    BirthPlaceData,
)
from simulator.services.registries.identity import detail, text
from simulator.soap import ns, ssdn

NS = ns.SSDN_MANAGE_PERSON
Q = f"{{{NS}}}"

MAX_INFORMATION = 5  # ResultSummary/Detail holds at most five Information entries

# bis_registration's field names -> this contract's element paths under PersonData
_FIELDS = {
    "birthDate": "BirthDate", "birthPlace": "BirthPlace", "gender": "Gender", "address": "Address",
    "nationality": "Nationality", "birthPlace/municipalityCode": "BirthPlace/MunicipalityCode",
    "birthPlace/countryCode": "BirthPlace/CountryCode", "address/countryCode": "CountryCode",
    "address/municipalityCode": "MunicipalityCode", "address/city": "City", "address/street": "Street",
    "address/houseNumber": "HouseNumber",
}
_NEEDED = {
    "birthDate": "complete date needed without an address",
    "birthPlace": "needed without an address",
    "gender": "1 or 2 needed without an address",
    "address": "Abroad or Contact: enough with the name and a birth date",
}


def create_citizen(call: Call) -> SsdnResult:
    data = call.request.find(f"{Q}PersonData")
    application = _application(data)
    try:
        outcome = bis_registration.register(call.world, call.today, application)
    except bis_registration.Invalid as wrong:
        return SsdnResult(None, [detail(ERROR, codes.INVALID_PERSON_DATUM, "A person datum is not valid.",
                                        (_field(wrong.field, application), wrong.value))])
    except bis_registration.MissingData as missing:
        return SsdnResult(None, [detail(
            ERROR, codes.MINIMUM_DATA_MISSING,
            "Minimum identification data missing: give a complete birth date, the birth place and the sex, "
            "or an address abroad, or a Belgian contact address.",
            *((_field(item, application), _NEEDED[item]) for item in missing.items))])
    call.notes["ssin"] = outcome.ssin
    body = ssdn.body_element(NS, "CreateKSZCitizenReply")
    etree.SubElement(body, f"{Q}SSIN").text = outcome.ssin
    etree.SubElement(body, f"{Q}Origin").text = "RN_RR" if outcome.kind == "RN" else "BCSS_KSZ"
    etree.SubElement(body, f"{Q}Created").text = "true" if outcome.created else "false"
    if outcome.created:
        return SsdnResult(body, [detail(INFORMATION, codes.BIS_CREATED, "A BIS number was created.",
                                        ("SSIN", outcome.ssin))])
    return SsdnResult(body, [detail(WARNING, codes.PERSON_ALREADY_KNOWN,
                                    "The person is already known: no BIS number was created.",
                                    *(("SSIN", p.ssin) for p in outcome.known[:MAX_INFORMATION]))])


def _field(name: str, application: Application) -> str:
    """The element path (under PersonData) of one of bis_registration's field names."""
    path = _FIELDS.get(name, name)
    if name.startswith("address/"):
        path = f"Address/{application.address.kind.title()}/{path}"
    return f"PersonData/{path}"


def _application(data: etree._Element) -> Application:
    place = data.find(f"{Q}BirthPlace")
    address = data.find(f"{Q}Address")
    gender = text(data, NS, "Gender")
    return Application(
        last_name=text(data, NS, "LastName"),
        first_names=tuple((text(data, NS, "FirstName") or "").split()),
        birth_date=text(data, NS, "BirthDate"),
        gender=int(gender) if gender else 0,
        birth_place=None if place is None else BirthPlaceData(
            text(place, NS, "MunicipalityCode"), text(place, NS, "CountryCode"), text(place, NS, "Description")),
        nationality=text(data, NS, "Nationality"),
        address=None if address is None else _address(address),
    )


def _address(address: etree._Element) -> AddressData:
    el = address.find(f"{Q}Abroad")
    kind = "ABROAD" if el is not None else "CONTACT"
    el = el if el is not None else address.find(f"{Q}Contact")
    return AddressData(
        kind=kind, country_code=text(el, NS, "CountryCode"), municipality_code=text(el, NS, "MunicipalityCode"),
        postal_code=text(el, NS, "PostalCode"), city=text(el, NS, "City"), street=text(el, NS, "Street"),
        house_number=text(el, NS, "HouseNumber"), box=text(el, NS, "Box"))


SERVICE = SsdnService(
    service_id="OCMWCPASManagePerson",
    version="20070801",
    namespace=NS,
    request="CreateKSZCitizenRequest",
    schema="ssdn/OCMW_CPAS/ManagePerson/CreateKSZCitizenRequest.xsd",
    handler=create_citizen,
    contract="simulator",
)
