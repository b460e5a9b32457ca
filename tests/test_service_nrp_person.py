"""NRPPersonService v1 searchPersonsByAddress (simulator contract): who lives at an address."""

from __future__ import annotations

import datetime as dt
import unicodedata

import requests
import zeep
from zeep.transports import Transport

from simulator.soap import contracts, ns
from tests import wire as w
from tests.people import find_person

SCHEMA = "nrp-person/NRPPersonServiceV1.wsdl"
GENDER = {0: "UNKNOWN", 1: "MALE", 2: "FEMALE"}


def ask(wire, postal_code, street, number, **kw):
    return w.ask_soa(wire, w.ADDRESS_SEARCH_PATH, w.address_search(postal_code, street, number, **kw), SCHEMA,
                     f"{{{ns.NRP_PERSON_INTF}}}searchPersonsByAddressResponse")


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def plain(text: str) -> str:
    """Lower case, accents and punctuation removed, as a hurried clerk types it."""
    text = "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))
    return "".join(c for c in text.lower() if c.isalnum() or c == " ")


def legal_address(world, ssin, at):
    return next((a for a in world.addresses(ssin) if a.kind == "LEGAL" and a.begin <= at
                 and (a.end is None or at <= a.end)), None)


def residents(world, address, at, box=None) -> list[str]:
    """Independent oracle: every living RN person whose LEGAL address on ``at`` is ``address`` (same
    postal code, street code and house number; the box too when given), ordered by name."""
    found = []
    for person in world.persons(limit=100_000, at=at):
        if person.kind != "RN" or person.death_date:
            continue
        a = legal_address(world, person.ssin, at)
        if (a is not None and a.postal_code == address.postal_code and a.street_code == address.street_code
                and a.house_number.upper() == address.house_number.upper()
                and (box is None or (a.box or "").upper() == box.upper())):
            found.append(person)
    return [p.ssin for p in sorted(found, key=lambda p: (p.last_name, p.first_names, p.ssin))]


def listed(body) -> list[str]:
    return [p.findtext("ssin") for p in body.findall("result/person")]


def resident(wire, predicate=lambda p, a: True):
    def fits(p):
        if p.kind != "RN" or p.death_date:
            return False
        a = legal_address(wire.world, p.ssin, today(wire))
        return a is not None and predicate(p, a)

    person = find_person(wire.world, fits)
    return person, legal_address(wire.world, person.ssin, today(wire))


def test_everyone_at_the_address_with_the_world_data(wire):
    person, address = resident(wire)
    body = ask(wire, address.postal_code, address.street("fr"), address.house_number)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("informationCustomer/ticket") == "T-1"
    assert body.findtext("criteria/postalCode") == address.postal_code
    assert body.findtext("result/referenceDate") == today(wire).isoformat()
    assert listed(body) == residents(wire.world, address, today(wire))
    assert person.ssin in listed(body)
    persons = wire.world.persons_by_ssin(listed(body), today(wire))
    for el in body.findall("result/person"):
        p = persons[el.findtext("ssin")]
        a = legal_address(wire.world, p.ssin, today(wire))
        assert el.findtext("name/lastName") == p.last_name
        assert [f.text for f in el.findall("name/firstName")] == list(p.first_names)
        assert el.findtext("birthDate") == p.birth_date
        assert el.findtext("gender/code") == GENDER[p.gender]
        assert el.findtext("box") == a.box
        assert el.findtext("residenceBeginDate") == a.begin.isoformat()


def test_street_in_any_case_without_accents(wire):
    _, address = resident(wire, lambda p, a: (a.street("fr") or "") != plain(a.street("fr") or "")
                          and any(ord(c) > 127 for c in a.street("fr") or ""))
    expected = residents(wire.world, address, today(wire))
    for typed in (plain(address.street("fr")), address.street("fr").upper()):
        assert listed(ask(wire, address.postal_code, typed, address.house_number.lower())) == expected


def test_street_in_the_other_language_of_a_bilingual_municipality(wire):
    _, address = resident(wire, lambda p, a: bool(a.street_fr and a.street_nl))
    expected = residents(wire.world, address, today(wire))
    assert listed(ask(wire, address.postal_code, address.street_nl, address.house_number)) == expected
    assert listed(ask(wire, address.postal_code, address.street_fr, address.house_number)) == expected


def test_box_narrows_the_search(wire):
    person, address = resident(wire, lambda p, a: bool(a.box))
    body = ask(wire, address.postal_code, address.street("nl"), address.house_number, box=address.box.lower())
    assert listed(body) == residents(wire.world, address, today(wire), box=address.box)
    assert person.ssin in listed(body)
    assert {p.findtext("box") for p in body.findall("result/person")} == {address.box}
    other = ask(wire, address.postal_code, address.street("nl"), address.house_number, box="ZZ9")
    assert w.status_of(other) == ("NO_DATA_FOUND", "NRPS0001")


def test_reference_date_finds_former_residents(wire):
    def moved(p, a):
        return any(x.kind == "LEGAL" and x.end is not None and x.postal_code for x in wire.world.addresses(p.ssin))

    person, _ = resident(wire, moved)
    old = next(x for x in wire.world.addresses(person.ssin)
               if x.kind == "LEGAL" and x.end is not None and x.postal_code)
    then = old.end
    body = ask(wire, old.postal_code, old.street("fr"), old.house_number, reference_date=then.isoformat())
    assert body.findtext("result/referenceDate") == then.isoformat()
    assert person.ssin in listed(body)
    assert listed(body) == residents(wire.world, old, then)
    now = ask(wire, old.postal_code, old.street("fr"), old.house_number)
    assert person.ssin not in listed(now)


def test_the_deceased_are_not_listed(wire):
    dead = find_person(wire.world, lambda p: p.kind == "RN" and p.death_date is not None
                       and legal_address(wire.world, p.ssin, today(wire)) is not None)
    address = legal_address(wire.world, dead.ssin, today(wire))
    body = ask(wire, address.postal_code, address.street("fr"), address.house_number)
    assert dead.ssin not in listed(body)
    alive_then = dt.date.fromisoformat(dead.death_date) - dt.timedelta(days=1)
    if alive_then >= address.begin:
        before = ask(wire, address.postal_code, address.street("fr"), address.house_number,
                     reference_date=alive_then.isoformat())
        assert dead.ssin in listed(before)


def test_nobody_there_is_nrps0001(wire):
    _, address = resident(wire)
    body = ask(wire, address.postal_code, address.street("fr"), "9999")
    assert w.status_of(body) == ("NO_DATA_FOUND", "NRPS0001")
    assert body.find("result") is None
    assert w.status_of(ask(wire, address.postal_code, "Nowhere Lane", address.house_number)) == (
        "NO_DATA_FOUND", "NRPS0001")


def test_street_without_letters_is_msg00008(wire):
    body = ask(wire, "1000", "- -", "1")
    assert w.status_of(body) == ("NO_RESULT", "MSG00008")
    assert body.findtext("status/information/fieldName") == "streetName"


def test_wrong_legal_context_is_msg00013(wire):
    _, address = resident(wire)
    body = ask(wire, address.postal_code, address.street("fr"), address.house_number, legal_context="OTHER")
    assert w.status_of(body) == ("NO_RESULT", "MSG00013")
    assert body.find("result") is None


def test_malformed_postal_code_is_a_client_fault(wire):
    response = wire.post(w.ADDRESS_SEARCH_PATH, w.address_search("123", "Rue Haute", "1"))
    assert response.status_code == 500
    reply = w.body_of(response.data)
    assert reply.findtext("faultcode") == "soapenv:Client"
    fault = reply.find("detail")[0]
    assert fault.tag == f"{{{ns.NRP_PERSON_INTF}}}searchPersonsByAddressFault"
    assert fault.findtext("detail/reasonCode") == "MSG00008"
    assert "postalCode" in fault.findtext("detail/diagnostic")


def test_unknown_customer_is_a_cbss_fault(wire):
    response = wire.post(w.ADDRESS_SEARCH_PATH, w.address_search("1000", "Rue Haute", "1", cbe="0878065378"))
    assert response.status_code == 500
    fault = w.body_of(response.data).find("detail")[0]
    assert fault.tag == f"{{{ns.NRP_PERSON_INTF}}}searchPersonsByAddressFault"
    assert contracts.schema(SCHEMA).validate(fault)
    assert fault.findtext("detail/reasonCode") == "MSG00013"


def test_store_read_matches_the_oracle_for_many_addresses(wire):
    """persons_at_address against the oracle, for the legal address of the first 40 residents."""
    at = today(wire)
    checked = set()
    for person in wire.world.persons(limit=400, at=at):
        a = legal_address(wire.world, person.ssin, at)
        if a is None or person.kind != "RN" or (a.postal_code, a.street_code, a.house_number) in checked:
            continue
        checked.add((a.postal_code, a.street_code, a.house_number))
        found = [p.ssin for p in wire.world.persons_at_address(a.postal_code, a.street("de"), a.house_number, at=at)
                 if p.kind == "RN" and not p.death_date]
        assert found == residents(wire.world, a, at)
        if len(checked) == 40:
            break
    assert len(checked) == 40


# zeep, over HTTP, from the WSDL the server serves --------------------------------------------

def test_zeep_round_trip(server, served_world):
    at = served_world.reference_date
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date
                         and legal_address(served_world, p.ssin, at) is not None)
    address = legal_address(served_world, person.ssin, at)
    client = zeep.Client(f"{server}{w.ADDRESS_SEARCH_PATH}?wsdl", transport=Transport(session=requests.Session()))
    result = client.service.searchPersonsByAddress(
        informationCustomer={"ticket": "zeep-nrp", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}},
        legalContext="PCSA:SOCIAL_INQUIRY",
        criteria={"postalCode": address.postal_code, "streetName": address.street("nl"),
                  "houseNumber": address.house_number, "referenceDate": at})
    assert (result.status.value, result.status.code) == ("DATA_FOUND", "MSG00000")
    assert [p.ssin for p in result.result.person] == residents(served_world, address, at)
    assert person.last_name in [p.name.lastName for p in result.result.person]
