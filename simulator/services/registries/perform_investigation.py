"""OCMWCPASPerformInvestigation (SSDN, 20080604): the register data of a CPAS social inquiry.

The request names one person (``SocialSecurityUser``) and, optionally, the ``DataGroups`` wanted:
no flags at all means every group, otherwise the groups flagged true (``1``/``true``). The reply
answers for the sandbox's today:

- ``FamilyCompositionGroup``: the person's household (``FamilyMember``: SSIN, relationship to the
  reference person as an integer, entry date). Asking for it also widens the three other groups
  from the person to every household member (the person first, then the others in household order).
- ``CitizenGroup``: one ``person:Citizen`` each — register, names, gender, birth, current civil
  state (with the spouse), death, current address (legal, abroad, or a BIS contact address),
  nationality.
- ``AddressHistoryGroup``: one ``AddressHistory`` each — managing municipalities and legal
  addresses in Belgium, newest first.
- ``WaitRegisterGroup``: one ``WaitRegister`` for each person of the waiting register (register 3).

A group with nothing to show is left out and an INFORMATION detail says why (``11010001`` no
household, ``11010002`` not in the waiting register), as the BCSS schema documents for the waiting
register. The caller must have integrated the person at the sandbox's today (``31000009``
otherwise); bad check digits ``31000008``, replaced number ``31007003`` with the new number, unknown
person ``31007002``.

Names and place names are written as the SSDN registers write them: upper case, accents folded.
"""

from __future__ import annotations

import datetime as dt

from lxml import etree

from simulator.services import reason_codes as codes
from simulator.services.base import INFORMATION, Call, SsdnResult, SsdnService
from simulator.services.registries.identity import (
    detail,
    fold,
    integration_error,
    subject_error,
    text,
)
from simulator.soap import ns, ssdn
from simulator.world.model import BELGIUM, WAITING_REGISTER, Person, covers

NS = ns.SSDN_PERFORM_INVESTIGATION
Q = f"{{{NS}}}"
P = f"{{{ns.SSDN_PERSON}}}"
PERSON_NSMAP = {"ns4": ns.SSDN_PERSON}  # real replies give nested namespaces ns4, ns5 ...

GROUPS = ("FamilyCompositionGroup", "CitizenGroup", "AddressHistoryGroup", "WaitRegisterGroup")
MAX_ENTRIES = 100  # maxOccurs of every repeated entry in the reply
LANGUAGES = ("fr", "nl", "de")
RN_RR, BCSS_KSZ = "RN_RR", "BCSS_KSZ"


def perform_investigation(call: Call) -> SsdnResult:
    ssin = text(call.request, NS, "SocialSecurityUser")
    call.notes["ssin"] = ssin
    person, error = _resolve(call, ssin)
    if error is not None:
        return SsdnResult(None, [error])
    world, today = call.world, call.today
    wanted = requested_groups(call.request)
    household = world.household(ssin, today)
    people = [person]
    if "FamilyCompositionGroup" in wanted and household is not None:
        others = world.persons_by_ssin([m.ssin for m in household.members if m.ssin != ssin], at=today)
        people += [others[m.ssin] for m in household.members if m.ssin in others]
    people = people[:MAX_ENTRIES]

    details = []
    body = ssdn.body_element(NS, "PerformInvestigationReply")
    etree.SubElement(body, f"{Q}SocialSecurityUser").text = ssin
    groups = etree.SubElement(body, f"{Q}DataGroups")
    if "FamilyCompositionGroup" in wanted:
        if household is not None:
            _family_composition(etree.SubElement(groups, f"{Q}FamilyCompositionGroup"), household)
        else:
            details.append(detail(INFORMATION, codes.NO_FAMILY_COMPOSITION,
                                  "No family composition is known for this person at this date.", ("SSIN", ssin)))
    if "CitizenGroup" in wanted:
        group = etree.SubElement(groups, f"{Q}CitizenGroup")
        for someone in people:
            _citizen(group, world, someone, today)
    if "AddressHistoryGroup" in wanted:
        group = etree.SubElement(groups, f"{Q}AddressHistoryGroup")
        for someone in people:
            _address_history(group, world, someone, today)
    if "WaitRegisterGroup" in wanted:
        waiting = [p for p in people if p.register == WAITING_REGISTER]
        if waiting:
            group = etree.SubElement(groups, f"{Q}WaitRegisterGroup")
            for someone in waiting:
                _wait_register(group, world, someone, today)
        if person.register != WAITING_REGISTER:
            details.append(detail(INFORMATION, codes.NOT_IN_WAIT_REGISTER,
                                  "The person is not in the waiting register.", ("SSIN", ssin)))
    if not len(groups):
        body.remove(groups)
    return SsdnResult(body, details)


def requested_groups(request) -> set[str]:
    """The groups asked for: those flagged true, or all of them when no flag is given."""
    flags = request.find(f"{Q}DataGroups")
    given = {}
    if flags is not None:
        for name in GROUPS:
            value = text(flags, NS, name)
            if value is not None:
                given[name] = value in ("1", "true")
    return {name for name, on in given.items() if on} if given else set(GROUPS)


def _resolve(call: Call, ssin: str) -> tuple[Person | None, ssdn.Detail | None]:
    """(the person at the sandbox's today, None), or (None, the ERROR detail of the first check that
    fails, in the order BCSS applies them): check digits, replaced, unknown, integration."""
    error = subject_error(call.world, ssin) or integration_error(call, ssin)
    if error is not None:
        return None, error
    person = call.world.person(ssin, at=call.today)
    return person, None


# building blocks ---------------------------------------------------------------------------------


def _p(parent, local: str, value=None, **attributes) -> etree._Element:
    """A child in the SSDN Person namespace (prefix ns4, declared once where it first appears)."""
    element = etree.SubElement(parent, P + local, nsmap=PERSON_NSMAP)
    for name, attr in attributes.items():
        if attr is not None:
            element.set(name, str(attr))
    if value is not None:
        element.text = str(value)
    return element


def _q(parent, local: str, value=None) -> etree._Element:
    element = etree.SubElement(parent, Q + local)
    if value is not None:
        element.text = str(value)
    return element


def _names(parent, by_lang: dict[str, str | None]) -> None:
    """Description elements, one per language that has a name."""
    for lang in LANGUAGES:
        if by_lang.get(lang):
            _p(parent, "Description", fold(by_lang[lang]), lang=lang)


def _reference_names(row: dict | None) -> dict[str, str | None]:
    return {lang: row.get(f"name_{lang}") for lang in LANGUAGES} if row else {}


def _location(parent, tag: str, world, nis: int | None, **attributes) -> etree._Element | None:
    """A LocationType for a Belgian municipality: its NIS code and its names."""
    if not nis:
        return None
    location = _p(parent, tag, **attributes)
    _p(location, "Code", nis)
    _names(location, _reference_names(world.municipality(nis)))
    return location


def _country(parent, tag: str, world, code: int) -> etree._Element:
    country = _p(parent, tag)
    _p(country, "Code", code)
    _names(country, _reference_names(world.country(code)))
    return country


def _origin(person) -> str:
    return RN_RR if person.kind == "RN" else BCSS_KSZ


def _legal_belgian(addresses, today: dt.date) -> list:
    """The legal addresses in Belgium that began by ``today``, newest first (as the store orders them)."""
    return [a for a in addresses if a.kind == "LEGAL" and a.nis and a.begin <= today][:MAX_ENTRIES]


def _municipality_stays(legal) -> list[tuple[int, dt.date]]:
    """(NIS code, first day) of each stay in a municipality, newest first; moves inside one do not count."""
    stays: list[tuple[int, dt.date]] = []
    for address in reversed(legal):  # oldest first
        if not stays or stays[-1][0] != address.nis:
            stays.append((address.nis, address.begin))
    return stays[::-1]


def _standard_address(element, world, address, origin: str) -> None:
    """Fill a StandardAddressType (the element itself may be in another namespace)."""
    element.set("origin", origin)
    element.set("modificationDate", address.begin.isoformat())
    _country(element, "Country", world, BELGIUM)
    municipality = _p(element, "Municipality")
    _p(municipality, "Code", address.nis)
    _names(municipality, {"fr": address.municipality_fr, "nl": address.municipality_nl, "de": address.municipality_de})
    if address.postal_code:
        _p(municipality, "PostalCode", address.postal_code)
    if address.street_code is not None or address.street("fr"):
        street = _p(element, "Street")
        if address.street_code is not None:
            _p(street, "Code", address.street_code % 100_000)
        _names(street, {"fr": address.street_fr, "nl": address.street_nl, "de": address.street_de})
    if address.house_number:
        _p(element, "HouseNumber", address.house_number)
    if address.box:
        _p(element, "Box", address.box)


def _plain_text(element, world, address, origin: str) -> None:
    """Fill a PlainTextAddressType: the country, then the address on one line."""
    element.set("origin", origin)
    element.set("modificationDate", address.begin.isoformat())
    _country(element, "Country", world, address.country)
    if address.country == BELGIUM:
        city = f"{address.postal_code or ''} {address.municipality('fr') or ''}"
    else:
        city = address.city_abroad
    parts = (address.street("fr"), address.house_number, address.box and f"bte {address.box}", city)
    _p(element, "Address", fold(" ".join(p for p in parts if p))[:100])


# the groups --------------------------------------------------------------------------------------


def _family_composition(group, household) -> None:
    composition = _q(group, "FamilyComposition")
    composition.set("origin", RN_RR)
    for member in household.members[:MAX_ENTRIES]:
        entry = _q(composition, "FamilyMember")
        _q(entry, "SocialSecurityUser", member.ssin)
        _q(entry, "RelationShip", int(member.relationship))
        if member.begin is not None:
            _q(entry, "EntryDate", member.begin.isoformat())


def _citizen(group, world, person, today: dt.date) -> None:
    citizen = _p(group, "Citizen", origin=_origin(person))
    _p(citizen, "SocialSecurityUser", person.ssin)
    if person.register:
        _p(citizen, "InscriptionRegister", person.register)
    legal = _p(citizen, "LegalData")
    _name(legal, "Name", person)
    _p(legal, "Gender", person.gender)
    birth = _p(legal, "Birth")
    _p(birth, "Date", person.birth_date)
    if person.birth_place_nis:
        _location(birth, "Location", world, person.birth_place_nis)
    elif person.birth_country:
        location = _p(birth, "Location")
        _p(location, "Code", person.birth_country)
        country = _reference_names(world.country(person.birth_country))
        place = person.birth_place_name
        _names(location, {lang: f"{place} ({name})" if place else name for lang, name in country.items() if name})
    _civil_state(legal, world, person, today)
    addresses = world.addresses(person.ssin)
    if person.death_date:
        decease = _p(legal, "Decease")
        _p(decease, "Date", person.death_date)
        last = next((a for a in addresses if a.kind == "LEGAL" and a.nis and a.begin.isoformat() <= person.death_date),
                    None)
        if last is not None:
            _location(decease, "Location", world, last.nis)
    _address_information(legal, world, person, addresses, today)
    nationality = next((n for n in world.nationalities(person.ssin) if covers(n.begin, n.end, today)), None)
    code = nationality.country if nationality is not None else person.nationality
    if code:
        element = _p(legal, "Nationality",
                     modificationDate=nationality.begin.isoformat() if nationality and nationality.begin else None)
        _p(element, "Code", code)
        _names(element, _reference_names(world.country(code)))


def _name(parent, tag: str, person) -> None:
    name = _p(parent, tag)
    _p(name, "LastName", fold(person.last_name))
    if person.first_names:
        _p(name, "FirstName", fold(" ".join(person.first_names)))


def _civil_state(legal, world, person, today: dt.date) -> None:
    state = next((s for s in world.civil_states(person.ssin) if covers(s.begin, s.end, today)), None)
    if state is None:
        if person.civil_status:
            _p(_p(legal, "CivilState"), "Code", person.civil_status)
        return
    element = _p(legal, "CivilState", modificationDate=state.begin.isoformat() if state.begin else None)
    _p(element, "Code", state.code)
    _location(element, "Location", world, state.place_nis)
    if state.partner_ssin:
        partner = _p(element, "Partner")
        _p(partner, "SocialSecurityUser", state.partner_ssin)
        spouse = world.person(state.partner_ssin, at=today)
        if spouse is not None:
            _name(partner, "Name", spouse)
            _p(partner, "BirthDate", spouse.birth_date)
            _p(partner, "Gender", spouse.gender)


def _address_information(legal, world, person, addresses, today: dt.date) -> None:
    address = person.address
    if address is None:
        return
    info = _p(legal, "AddressInformation")
    if address.kind == "LEGAL" and address.nis:
        stays = _municipality_stays(_legal_belgian(addresses, today))
        since = stays[0][1] if stays and stays[0][0] == address.nis else address.begin
        _location(info, "ManagerLocation", world, address.nis, origin=_origin(person), modificationDate=since)
        _standard_address(_p(_p(info, "LegalAddress"), "StandardAddress"), world, address, _origin(person))
    elif address.kind == "ABROAD":
        _plain_text(_p(_p(info, "LegalAddress"), "DiplomaticPostAddress"), world, address, _origin(person))
    else:  # a contact address, kept by the BCSS register
        _plain_text(_p(info, "TemporaryAddress"), world, address, BCSS_KSZ)


def _address_history(group, world, person, today: dt.date) -> None:
    history = _q(group, "AddressHistory")
    _q(history, "SocialSecurityUser", person.ssin)
    legal = _legal_belgian(world.addresses(person.ssin), today)
    if not legal:
        return
    managers = _q(history, "ManagerLocations")
    for nis, since in _municipality_stays(legal):
        location = _q(managers, "ManagerLocation")
        location.set("origin", RN_RR)
        location.set("modificationDate", since.isoformat())
        _p(location, "Code", nis)
        _names(location, _reference_names(world.municipality(nis)))
    addresses = _q(history, "LegalAddresses")
    for address in legal:
        _standard_address(_q(addresses, "StandardAddress"), world, address, RN_RR)


def _wait_register(group, world, person, today: dt.date) -> None:
    """[INF] Derived from the addresses: the asylum application on the first day of stay, the CPAS of
    the current municipality in charge, one place of stay per address."""
    register = _q(group, "WaitRegister")
    _q(register, "SocialSecurityUser", person.ssin)
    stays = [a for a in world.addresses(person.ssin) if a.country == BELGIUM and a.nis and a.begin <= today]
    if not stays:
        return
    situation = _q(_q(register, "RefugeeSituationH205"), "RefugeeSituation")
    _q(situation, "demandDate", stays[-1].begin.isoformat())
    lang = person.language if person.language in LANGUAGES else "fr"
    current = stays[0]
    institution = _q(_q(register, "RefugeeInstitutionH207"), "RefugeeInstitution")
    _q(institution, "inscriptionDate", current.begin.isoformat())
    _q(institution, "municipalityDescription", fold(current.municipality(lang)))
    _q(institution, "cpasCode", current.nis)
    locations = _q(register, "RefugeeLocationH212")
    for address in stays[:MAX_ENTRIES]:
        location = _q(locations, "RefugeeLocation")
        _q(location, "inscriptionDate", address.begin.isoformat())
        _q(location, "code", address.nis)
        _q(location, "description", fold(address.municipality(lang)))


SERVICE = SsdnService(
    service_id="OCMWCPASPerformInvestigation",
    version="20080604",
    namespace=NS,
    request="PerformInvestigationRequest",
    schema="ssdn/OCMW_CPAS/PerformInvestigation/PerformInvestigationRequest.xsd",
    handler=perform_investigation,
)
