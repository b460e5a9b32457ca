"""OCMWCPASManagePerson CreateKSZCitizenRequest over sendXML (simulator contract): a CPAS creates a
BIS person through the legacy SSDN channel, with BisPersonService registerPerson's rules."""

from __future__ import annotations

from simulator.soap import ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person

Q = f"{{{ns.SSDN_MANAGE_PERSON}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/ManagePerson/CreateKSZCitizenReply.xsd")
ABROAD = ("<mp:Abroad><mp:CountryCode>111</mp:CountryCode><mp:PostalCode>75011</mp:PostalCode><mp:City>Paris</mp:City>"
          "<mp:Street>Rue de la Roquette</mp:Street><mp:HouseNumber>12</mp:HouseNumber></mp:Abroad>")
CONTACT = ("<mp:Contact><mp:MunicipalityCode>44021</mp:MunicipalityCode><mp:Street>Veldstraat</mp:Street>"
           "<mp:HouseNumber>94</mp:HouseNumber><mp:Box>2</mp:Box></mp:Contact>")
BORN_IN_BRUSSELS = "<mp:MunicipalityCode>21004</mp:MunicipalityCode>"


def ask(wire, request: bytes):
    return w.ask_ssdn(wire, request, REPLY_SCHEMA)


def created(reply) -> tuple[str | None, str | None, str | None]:
    """(SSIN, Origin, Created) of the reply body, all None when there is none."""
    body = reply.find(f"{w.S}ServiceReply/{Q}CreateKSZCitizenReply")
    if body is None:
        return None, None, None
    return body.findtext(f"{Q}SSIN"), body.findtext(f"{Q}Origin"), body.findtext(f"{Q}Created")


def information(reply) -> list[tuple[str, str]]:
    return [(i.findtext(f"{w.C}FieldName"), i.findtext(f"{w.C}FieldValue"))
            for i in reply.findall(f"{w.S}ServiceReply/{w.C}ResultSummary/{w.C}Detail/{w.C}Information")]


def test_created_with_an_address_abroad_incomplete_date_unknown_sex(wire):
    reply = ask(wire, w.create_citizen("Zzyxowska", "1987-04-00", first="Ilona Maria", nationality=129,
                                       address=ABROAD))
    assert w.service_summary(reply) == ("YES", ["11011001"])
    ssin, origin, made = created(reply)
    assert (origin, made) == ("BCSS_KSZ", "true") and information(reply) == [("SSIN", ssin)]
    info = numbers.parse(ssin)
    assert info.kind == "BIS" and info.sex is None and ssin[2:6] == "2400"
    person = wire.world.person(ssin, at=wire.sandbox.now().date())
    assert (person.kind, person.birth_date, person.gender, person.first_names) == (
        "BIS", "1987-04-00", 0, ("Ilona", "Maria"))
    assert (person.address.kind, person.address.country, person.address.city_abroad) == ("ABROAD", 111, "Paris")
    assert [n.country for n in wire.world.nationalities(ssin)] == [129]


def test_created_with_a_contact_address(wire):
    ssin, _, made = created(ask(wire, w.create_citizen("Xabrowicz", "2001-00-00", gender=2, address=CONTACT)))
    assert made == "true" and ssin[2:6] == "4000" and numbers.parse(ssin).sex == "F"
    person = wire.world.person(ssin, at=wire.sandbox.now().date())
    assert (person.language, person.address.kind, person.address.nis, person.address.box) == ("nl", "CONTACT", 44021, "2")


def test_created_with_full_date_birth_place_and_sex(wire):
    reply = ask(wire, w.create_citizen("Kwaskowa", "1980-05-12", gender=2, birth_place=BORN_IN_BRUSSELS))
    ssin, _, made = created(reply)
    assert made == "true" and ssin[2:6] == "4512"
    person = wire.world.person(ssin, at=wire.sandbox.now().date())
    assert (person.birth_place_nis, person.birth_country, person.address) == (21004, 150, None)
    abroad = ask(wire, w.create_citizen("Qwertyuk", "1990-06-05", gender=1, birth_place=(
        "<mp:CountryCode>111</mp:CountryCode><mp:Description>Lyon</mp:Description>")))
    person = wire.world.person(created(abroad)[0], at=wire.sandbox.now().date())
    assert (person.birth_country, person.birth_place_name) == (111, "Lyon")


def test_refused_without_a_minimum_data_set_naming_what_is_missing(wire):
    reply = ask(wire, w.create_citizen("Kwaskowa", "1980-05-00", gender=2, birth_place=BORN_IN_BRUSSELS))
    assert w.service_summary(reply) == ("NO", ["31011001"]) and created(reply) == (None, None, None)
    assert [name for name, _ in information(reply)] == ["PersonData/BirthDate", "PersonData/Address"]
    reply = ask(wire, w.create_citizen("Kwaskowa", "1980-05-12"))
    assert [name for name, _ in information(reply)] == ["PersonData/BirthPlace", "PersonData/Gender",
                                                        "PersonData/Address"]
    assert reply.find(f"{w.S}ReplyContext/{w.C}ResultSummary").get("ok") == "NO"
    assert not wire.world.search_phonetic("Kwaskowa", at=wire.sandbox.now().date())


def test_a_wrong_datum_is_named(wire):
    belgium_abroad = ABROAD.replace("<mp:CountryCode>111</mp:CountryCode>", "<mp:CountryCode>150</mp:CountryCode>")
    reply = ask(wire, w.create_citizen("Zorblat", "1980-01-01", address=belgium_abroad))
    assert w.service_summary(reply) == ("NO", ["31011002"])
    assert information(reply) == [("PersonData/Address/Abroad/CountryCode", "150")]
    reply = ask(wire, w.create_citizen("Zorblat", "1981-02-30", address=ABROAD))
    assert information(reply) == [("PersonData/BirthDate", "1981-02-30")]


def test_a_known_person_is_answered_not_created_again(wire):
    first, *_ = created(ask(wire, w.create_citizen("Plonkowitz", "1975-03-14", gender=2, address=ABROAD)))
    reply = ask(wire, w.create_citizen("Plonkowitsch", "1975-03-14", gender=2, address=ABROAD))
    assert w.service_summary(reply) == ("WARNING", ["21011001"])
    assert created(reply) == (first, "BCSS_KSZ", "false")
    assert ("SSIN", first) in information(reply)
    assert len(wire.world.search_phonetic("Plonkowitz", at=wire.sandbox.now().date())) == 1
    # the same search before create as BisPersonService: one register, whichever channel created the person
    again = w.body_of(wire.post(w.BIS_REGISTER_PATH, w.bis_person("registerPerson", (
        "<lastName>Plonkowitz</lastName><birthDate>1975-03-14</birthDate><gender>FEMALE</gender>"
        "<address><type>ABROAD</type><countryCode>111</countryCode><city>Paris</city></address>"))).data)
    assert (w.status_of(again), again.findtext("person/ssin")) == (("DATA_FOUND", "BISP0002"), first)


def test_a_national_register_person_is_answered_with_origin_rn(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and p.gender in (1, 2) and p.death_date is None)
    reply = ask(wire, w.create_citizen(person.last_name, person.birth_date, gender=person.gender, address=ABROAD))
    assert w.service_summary(reply) == ("WARNING", ["21011001"])
    _, origin, made = created(reply)
    assert (origin, made) == ("RN_RR", "false") and ("SSIN", person.ssin) in information(reply)


def test_the_new_number_is_known_at_once_to_identify_person_and_person_service(wire):
    ssin, *_ = created(ask(wire, w.create_citizen("Vrobleskaja", "1987-04-00", address=CONTACT)))
    identified = w.ssdn_reply(wire.post(w.SSDN_PATH, w.identify_by_ssin(ssin)).data)
    assert w.service_summary(identified)[0] == "YES"
    assert ssin.encode() in wire.post(w.SSDN_PATH, w.identify_phonetic("Vrobleskaja", "1987-04-00", tolerance=0)).data
    found = w.body_of(wire.post(w.PERSON_PATH, w.search_person(ssin)).data)
    assert w.status_of(found) == ("DATA_FOUND", "MSG00000")
    assert (found.findtext("person/origin"), found.findtext("person/address/type")) == ("BIS", "CONTACT")
