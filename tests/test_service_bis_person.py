"""BisPersonService v1 registerPerson / updatePerson (simulator contract): a CPAS creates a BIS person."""

from __future__ import annotations

import datetime as dt

from simulator.soap import contracts, ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person, replaced_pair

SCHEMAS = {"registerPerson": ("bis-person/BisPersonServiceV1.wsdl", ns.BIS_PERSON_INTF),
           "updatePerson": ("cbss-person/CBSSPersonServiceV1.wsdl", ns.CBSS_PERSON_INTF)}
ABROAD = ("<address><type>ABROAD</type><countryCode>111</countryCode><postalCode>75011</postalCode>"
          "<city>Paris</city><street>Rue de la Roquette</street><houseNumber>12</houseNumber></address>")
CONTACT = ("<address><type>CONTACT</type><municipalityCode>62063</municipalityCode><street>Rue Féronstrée</street>"
           "<houseNumber>94</houseNumber><box>2</box></address>")


def ask(wire, operation, criteria, path=None, **kw):
    path = path or {"registerPerson": w.BIS_REGISTER_PATH, "updatePerson": w.BIS_UPDATE_PATH}[operation]
    wsdl, intf = SCHEMAS[operation]
    return w.ask_soa(wire, path, w.bis_person(operation, criteria, **kw), wsdl, f"{{{intf}}}{operation}Response")


def information(body) -> list[tuple[str, str]]:
    return [(i.findtext("fieldName"), i.findtext("fieldValue")) for i in body.findall("status/information")]


def register(wire, last="Zzyxowska", birth="1987-04-00", gender=None, extra=ABROAD, firsts=("Ilona",)):
    criteria = f"<lastName>{last}</lastName>" + "".join(f"<firstName>{f}</firstName>" for f in firsts)
    criteria += f"<birthDate>{birth}</birthDate>" + (f"<gender>{gender}</gender>" if gender else "") + extra
    return ask(wire, "registerPerson", criteria)


def test_register_abroad_with_incomplete_date_and_unknown_sex(wire):
    body = register(wire, extra="<nationality>129</nationality>" + ABROAD)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("criteria/lastName") == "Zzyxowska"
    ssin = body.findtext("person/ssin")
    assert body.findtext("person/origin") == "BIS"
    info = numbers.parse(ssin)
    assert info.kind == "BIS" and info.sex is None and ssin[2:4] == "24" and ssin[4:6] == "00"
    person = wire.world.person(ssin, at=wire.sandbox.now().date())
    assert (person.kind, person.register, person.birth_date, person.gender) == ("BIS", None, "1987-04-00", 0)
    assert (person.last_name, person.first_names, person.language) == ("Zzyxowska", ("Ilona",), "fr")
    (address,) = wire.world.addresses(ssin)
    assert (address.kind, address.country, address.city_abroad, address.postal_code) == ("ABROAD", 111, "Paris", "75011")
    assert address.begin == wire.sandbox.now().date()
    assert [n.country for n in wire.world.nationalities(ssin)] == [129]
    assert [c.code for c in wire.world.civil_states(ssin)] == [10]


def test_register_with_full_data_and_known_sex_gives_month_plus_40(wire):
    body = register(wire, last="Qwertyuk", birth="1990-06-05", gender="MALE", extra=(
        "<birthPlace><countryCode>111</countryCode><description>Lyon</description></birthPlace>"))
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    ssin = body.findtext("person/ssin")
    info = numbers.parse(ssin)
    assert ssin[2:6] == "4605" and info.sex == "M" and info.kind == "BIS"
    person = wire.world.person(ssin, at=wire.sandbox.now().date())
    assert (person.birth_country, person.birth_place_name, person.address) == (111, "Lyon", None)


def test_contact_address_takes_the_municipality_names_and_language(wire):
    body = register(wire, last="Xabrowicz", birth="2001-00-00", gender="FEMALE", extra=CONTACT.replace(
        "62063", "44021").replace("Rue Féronstrée", "Veldstraat"))
    ssin = body.findtext("person/ssin")
    assert ssin[2:6] == "4000" and numbers.parse(ssin).sex == "F"
    person = wire.world.person(ssin, at=wire.sandbox.now().date())
    assert person.language == "nl"
    assert (person.address.kind, person.address.nis, person.address.municipality_nl) == ("CONTACT", 44021, "Gent")
    assert person.address.street_nl == "Veldstraat" and person.address.house_number == "94"
    assert person.address.street_code is not None


def test_the_new_number_is_known_at_once_to_every_service(wire):
    ssin = register(wire, last="Vrobleskaja", extra=CONTACT).findtext("person/ssin")
    found = w.body_of(wire.post(w.PERSON_PATH, w.search_person(ssin)).data)
    assert w.status_of(found) == ("DATA_FOUND", "MSG00000")
    assert found.findtext("person/origin") == "BIS"
    assert found.findtext("person/address/type") == "CONTACT"
    assert found.findtext("person/gender/code") == "UNKNOWN"
    assert contracts.schema("person-service/PersonServiceV4.wsdl").validate(found)
    history = w.body_of(wire.post(w.SSIN_HISTORY_PATH, w.ssin_history(ssin)).data)
    assert history.findtext("ssinInformation/currentSsin") == ssin
    reply = w.ssdn_reply(wire.post(w.SSDN_PATH, w.identify_by_ssin(ssin)).data)
    assert w.service_summary(reply)[0] == "YES"
    assert ssin.encode() in wire.post(w.SSDN_PATH, w.identify_phonetic("Vrobleskaja", "1987-04-00", tolerance=0)).data


def test_search_before_create_answers_the_known_person(wire):
    first = register(wire, last="Plonkowitz", birth="1975-03-14", gender="FEMALE").findtext("person/ssin")
    again = register(wire, last="Plonkowitsch", birth="1975-03-14", gender="FEMALE", firsts=())
    assert w.status_of(again) == ("DATA_FOUND", "BISP0002")
    assert again.findtext("person/ssin") == first
    assert ("ssin", first) in information(again)
    assert len(wire.world.search_phonetic("Plonkowitz", at=wire.sandbox.now().date())) == 1
    other_sex = register(wire, last="Plonkowitz", birth="1975-03-14", gender="MALE")
    assert w.status_of(other_sex) == ("DATA_FOUND", "MSG00000"), "another sex is another person"


def test_an_existing_world_person_is_found_not_duplicated(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and p.gender in (1, 2) and p.death_date is None)
    gender = {1: "MALE", 2: "FEMALE"}[person.gender]
    body = register(wire, last=person.last_name, birth=person.birth_date, gender=gender)
    assert w.status_of(body) == ("DATA_FOUND", "BISP0002")
    assert (body.findtext("person/origin"), ("ssin", person.ssin) in information(body)) == ("RN", True)


def test_minimum_data_sets(wire):
    body = register(wire, last="Kwaskowa", birth="1980-05-00", gender="FEMALE",
                    extra="<birthPlace><municipalityCode>21004</municipalityCode></birthPlace>")
    assert w.status_of(body) == ("NO_RESULT", "BISP0001")
    assert [name for name, _ in information(body)] == ["birthDate", "address"]
    body = register(wire, last="Kwaskowa", birth="1980-05-12", extra="")
    assert [name for name, _ in information(body)] == ["birthPlace", "gender", "address"]
    body = register(wire, last="Kwaskowa", birth="1980-05-12", gender="FEMALE",
                    extra="<birthPlace><municipalityCode>21004</municipalityCode></birthPlace>")
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    person = wire.world.person(body.findtext("person/ssin"), at=wire.sandbox.now().date())
    assert (person.birth_place_nis, person.birth_country, person.address) == (21004, 150, None)


def test_validation_errors(wire):
    for extra, field in (("<address><type>ABROAD</type><countryCode>150</countryCode><city>X</city></address>",
                          "address/countryCode"),
                         ("<address><type>CONTACT</type><municipalityCode>62063</municipalityCode></address>",
                          "address/street"),
                         (("<address><type>CONTACT</type><municipalityCode>99999</municipalityCode><street>A</street>"
                           "<houseNumber>1</houseNumber></address>"), "address/municipalityCode")):
        body = register(wire, extra=extra)
        assert w.status_of(body) == ("NO_RESULT", "MSG00008")
        assert information(body)[0][0] == field
    assert information(register(wire, birth="1980-00-12"))[0] == ("birthDate", "1980-00-12")
    assert information(register(wire, birth="1981-02-30"))[0] == ("birthDate", "1981-02-30")
    assert w.status_of(ask(wire, "registerPerson", "<lastName>X</lastName><birthDate>1980-01-01</birthDate>"
                           + ABROAD, legal_context="x")) == ("NO_RESULT", "MSG00013")


def test_update_address_keeps_the_history(wire):
    person = find_person(wire.world, lambda p: p.kind == "BIS" and p.address is not None and p.death_date is None
                         and wire.world.replacement(p.ssin) is None)
    today = wire.sandbox.now().date()
    before = wire.world.addresses(person.ssin)
    body = ask(wire, "updatePerson", f"<ssin>{person.ssin}</ssin>{CONTACT}")
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("person/ssin") == person.ssin
    after = wire.world.addresses(person.ssin)
    assert len(after) == len(before) + 1
    new, previous = after[0], after[1]
    assert (new.kind, new.nis, new.begin, new.end, new.box) == ("CONTACT", 62063, today, None, "2")
    assert previous.begin == before[0].begin and previous.end == today - dt.timedelta(days=1)
    assert wire.world.person(person.ssin, at=today).address.nis == 62063
    assert wire.world.person(person.ssin, at=today - dt.timedelta(days=1)).address.begin == before[0].begin


def test_same_day_correction_replaces_the_address(wire):
    ssin = register(wire, last="Dzwonkiewicz").findtext("person/ssin")
    ask(wire, "updatePerson", f"<ssin>{ssin}</ssin>{CONTACT}")
    (address,) = wire.world.addresses(ssin)
    assert address.kind == "CONTACT"


def test_update_name_and_nationality(wire):
    ssin = register(wire, last="Hrabalova", extra="<nationality>129</nationality>" + ABROAD).findtext("person/ssin")
    body = ask(wire, "updatePerson", f"<ssin>{ssin}</ssin><name><firstName>Jana</firstName><firstName>Eva</firstName>"
                                     "</name>")
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    today = wire.sandbox.now().date()
    assert wire.world.person(ssin, at=today).first_names == ("Jana", "Eva")
    ask(wire, "updatePerson", f"<ssin>{ssin}</ssin><name><lastName>Hrabal</lastName></name>")
    person = wire.world.person(ssin, at=today)
    assert (person.last_name, person.first_names) == ("Hrabal", ("Jana", "Eva"))
    ask(wire, "updatePerson", f"<ssin>{ssin}</ssin><nationality>111</nationality>")
    assert [n.country for n in wire.world.nationalities(ssin)] == [111]  # same-day: replaced


def test_update_refuses_rn_unknown_and_replaced_numbers(wire):
    rn = find_person(wire.world, lambda p: p.kind == "RN")
    body = ask(wire, "updatePerson", f"<ssin>{rn.ssin}</ssin><nationality>111</nationality>")
    assert w.status_of(body) == ("NO_RESULT", "BISP0003")
    unknown = numbers.make_bis(1950, 1, 1, 997)
    body = ask(wire, "updatePerson", f"<ssin>{unknown}</ssin><nationality>111</nationality>")
    assert w.status_of(body) == ("NO_DATA_FOUND", "MSG00005")
    old, new = replaced_pair(wire.world)
    body = ask(wire, "updatePerson", f"<ssin>{old}</ssin><nationality>111</nationality>")
    assert w.status_of(body) == ("NO_RESULT", "MSG00006")
    assert ("replacedBy", new) in information(body)


def test_both_services_through_zeep(server):
    import zeep

    from simulator.admin.client import AdminClient

    AdminClient(server).create_sandbox("bis-zeep")  # its own world: the created person stays there
    client = zeep.Client(f"{server}/sandbox/bis-zeep{w.BIS_REGISTER_PATH}?wsdl")
    customer = {"ticket": "z-1", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}}
    created = client.service.registerPerson(
        informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
        criteria={"lastName": "Zeepmann", "firstName": ["Ada"], "birthDate": "1991-00-00", "gender": "FEMALE",
                  "address": {"type": "ABROAD", "countryCode": "111", "city": "Lille"}})
    assert created.status.value == "DATA_FOUND" and created.person.origin == "BIS"
    updater = zeep.Client(f"{server}/sandbox/bis-zeep{w.BIS_UPDATE_PATH}?wsdl")
    updated = updater.service.updatePerson(
        informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
        criteria={"ssin": created.person.ssin, "nationality": "111"})
    assert updated.status.code == "MSG00000"
    AdminClient(server).delete_sandbox("bis-zeep")
