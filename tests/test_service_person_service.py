"""PersonService v4 searchPersonBySsin (simulator contract): no integration needed."""

from __future__ import annotations

from simulator.soap import ns
from tests import wire as w
from tests.people import find_person, replaced_pair

SCHEMA = "person-service/PersonServiceV4.wsdl"


def ask(wire, ssin, **kw):
    return w.ask_soa(wire, w.PERSON_PATH, w.search_person(ssin, **kw), SCHEMA,
                     f"{{{ns.PERSON_SERVICE_INTF}}}searchPersonBySsinResponse")


def test_person_without_integration(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and p.address is not None)
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("person/ssin") == person.ssin
    assert body.findtext("person/origin") == "RN"
    assert body.findtext("person/name/lastName") == person.last_name
    assert [f.text for f in body.findall("person/name/firstName")] == list(person.first_names)
    assert body.findtext("person/birth/date") == person.birth_date
    assert body.findtext("person/gender/code") == {1: "MALE", 2: "FEMALE"}[person.gender]
    assert body.findtext("person/address/postalCode") == person.address.postal_code


def test_bis_person(wire):
    person = find_person(wire.world, lambda p: p.kind == "BIS" and wire.world.replacement(p.ssin) is None)
    body = ask(wire, person.ssin, language="nl")
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("person/origin") == "BIS"
    assert body.find("person/inscriptionRegister") is None


def test_replaced_number_answers_with_the_new_one(wire):
    old, new = replaced_pair(wire.world)
    body = ask(wire, old)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00006")
    assert body.findtext("person/ssin") == new
    assert body.find("person/ssin").get("replaces") == old


def test_errors(wire):
    assert w.status_of(ask(wire, "85031400128")) == ("NO_RESULT", "MSG00008")
    person = find_person(wire.world, lambda p: p.kind == "RN")
    assert w.status_of(ask(wire, person.ssin, legal_context="SOMETHING_ELSE")) == ("NO_RESULT", "MSG00013")


def ask_phonetic(wire, path=None, **kw):
    return w.ask_soa(wire, path or w.PERSON_PHONETIC_PATH, w.search_phonetically(**kw), SCHEMA)


def test_phonetic_search(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and "-00" not in p.birth_date)
    body = ask_phonetic(wire, last=person.last_name.upper(), birth=person.birth_date)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert person.ssin in [p.findtext("ssin") for p in body.findall("person")]
    year = person.birth_date[:4]
    wide = ask_phonetic(wire, last=person.last_name, birth=f"{year}-00-00", tolerance=2, maximum=1)
    assert len(wide.findall("person")) == 1
    # both operations answer at either path (a client built from the WSDL posts to its one address)
    at_ssin_path = ask_phonetic(wire, path=w.PERSON_PATH, last=person.last_name, birth=person.birth_date)
    assert person.ssin in [p.findtext("ssin") for p in at_ssin_path.findall("person")]


def test_phonetic_search_errors(wire):
    assert w.status_of(ask_phonetic(wire, last="Dupont", birth="1985-00-00")) == ("NO_RESULT", "MSG00008")
    assert w.status_of(ask_phonetic(wire, last="Zzyzzyxq", birth="1901-01-01")) == ("NO_DATA_FOUND", "MSG00005")
