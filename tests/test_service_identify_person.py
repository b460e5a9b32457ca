"""OCMWCPASIdentifyPerson over sendXML: by SSIN, verification, phonetic search, reason codes, prefixes."""

from __future__ import annotations

from lxml import etree

from simulator.soap import contracts, ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person, replaced_pair

Q = f"{{{ns.SSDN_IDENTIFY_PERSON}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/IdentifyPerson/IdentifyPersonReply.xsd")


def ask(wire, body: bytes, cdata=False):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA,
                      soap_action='"http://ksz-bcss.fgov.be/connectors/WebServiceConnector/sendXML"')


def results(reply):
    return reply.findall(f"{w.S}ServiceReply/{Q}IdentifyPersonReply/{Q}SearchResults/{Q}LimitedLegalData")


def test_by_ssin_returns_basic_data_and_empty_extended(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and p.address is not None)
    reply = ask(wire, w.identify_by_ssin(person.ssin))
    assert w.service_summary(reply) == ("YES", [])
    assert reply.find(f"{w.S}ReplyContext/{w.C}ResultSummary").get("ok") == "YES"
    (found,) = results(reply)
    assert found.get("origin") == "RN_RR"
    assert found.findtext(f"{Q}Basic/{Q}SocialSecurityUser") == person.ssin
    assert found.findtext(f"{Q}Basic/{Q}BirthDate") == person.birth_date
    assert found.findtext(f"{Q}Basic/{Q}Address/{Q}PostalCode") == person.address.postal_code
    assert len(found.find(f"{Q}Extended")) == 0  # not validated: Extended present but empty


def test_request_as_cdata_and_echo_of_context(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    ssdn_text = w.ssdn_request("OCMWCPASIdentifyPerson", "20050930",
                               f'<IdentifyPersonRequest xmlns="{ns.SSDN_IDENTIFY_PERSON}"><SearchCriteria>'
                               f"<SSIN>{person.ssin}</SSIN></SearchCriteria></IdentifyPersonRequest>", reference="my-ref-7")
    reply = ask(wire, w.send_xml(ssdn_text, cdata=True))
    message = reply.find(f"{w.S}ReplyContext/{w.S}Message")
    assert message.findtext(f"{w.S}Reference") == "my-ref-7"
    assert message.findtext(f"{w.S}TimeRequest") == "20261130T100000"
    ticket = message.findtext(f"{w.S}Ticket")
    assert len(ticket) == 15 and ticket.isalnum() and ticket.upper() == ticket
    assert reply.findtext(f"{w.S}ReplyContext/{w.S}AuthorizedUser/{w.S}OrgUnit") == w.LIEGE["cbe"]


def test_reply_uses_the_prefixes_real_replies_use(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    response = wire.post(w.SSDN_PATH, w.identify_by_ssin(person.ssin))
    text = w.body_of(response.data).text
    assert text.startswith('<?xml version=\'1.0\' encoding=\'UTF-8\' standalone=\'yes\'?>') or 'standalone' in text[:80]
    assert f'<SSDNReply xmlns="{ns.SSDN_SERVICE}">' in text
    assert "<ns1:ResultSummary" in text and "<ns2:ResultSummary" in text and "<ns3:IdentifyPersonReply" in text


def test_verification_data_matching_validates_and_fills_extended(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not p.death_date)
    verification = (f"<ns3:VerificationData><ns3:PersonData><ns3:LastName>{person.last_name.upper()}</ns3:LastName>"
                    f"<ns3:BirthDate>{person.birth_date}</ns3:BirthDate></ns3:PersonData></ns3:VerificationData>")
    reply = ask(wire, w.identify_by_ssin(person.ssin, verification=verification))
    assert w.service_summary(reply) == ("YES", ["12007001"])
    (found,) = results(reply)
    assert found.findtext(f"{Q}Extended/{Q}NationalityCode") == str(person.nationality)
    assert found.findtext(f"{Q}Extended/{Q}CivilState") == str(person.civil_status)


def test_verification_mismatch_is_warning_22007007(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    verification = ("<ns3:VerificationData><ns3:PersonData><ns3:LastName>Nobody</ns3:LastName>"
                    "<ns3:BirthDate>1900-01-01</ns3:BirthDate></ns3:PersonData></ns3:VerificationData>")
    reply = ask(wire, w.identify_by_ssin(person.ssin, verification=verification))
    assert w.service_summary(reply) == ("WARNING", ["22007007"])
    context = reply.find(f"{w.S}ReplyContext/{w.C}ResultSummary")
    assert context.get("ok") == "WARNING" and context.findtext(f"{w.C}ReturnCode") == "1"
    assert context.findtext(f"{w.C}Detail/{w.C}ReasonCode") == "20000001"


def test_ssin_and_phonetic_together_warns_21007001(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    phonetic = ("<ns3:PhoneticCriteria><ns3:LastName>X</ns3:LastName><ns3:BirthDate>1990-01-01</ns3:BirthDate>"
                "</ns3:PhoneticCriteria>")
    reply = ask(wire, w.identify_by_ssin(person.ssin, phonetic=phonetic))
    assert w.service_summary(reply) == ("WARNING", ["21007001"])
    assert len(results(reply)) == 1


def test_phonetic_search_finds_spelling_variants(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and "-00" not in p.birth_date and len(p.last_name) > 3)
    reply = ask(wire, w.identify_phonetic(person.last_name.lower(), person.birth_date))
    assert person.ssin in {r.findtext(f"{Q}Basic/{Q}SocialSecurityUser") for r in results(reply)}
    assert w.service_summary(reply)[0] in ("YES", "WARNING")


def test_phonetic_incomplete_date_needs_tolerance(wire):
    reply = ask(wire, w.identify_phonetic("Dupont", "1985-00-00"))
    assert w.service_summary(reply) == ("NO", ["31009001"])
    assert reply.find(f"{w.S}ReplyContext/{w.C}ResultSummary").findtext(f"{w.C}ReturnCode") == "10000"
    assert reply.find(f"{w.S}ServiceReply/{Q}IdentifyPersonReply") is None


def test_phonetic_incomplete_date_with_tolerance_matches_the_year(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and "-00" not in p.birth_date)
    year = int(person.birth_date[:4])
    reply = ask(wire, w.identify_phonetic(person.last_name, f"{year - 1}-00-00", tolerance=1, maximum=80))
    assert person.ssin in {r.findtext(f"{Q}Basic/{Q}SocialSecurityUser") for r in results(reply)}


def test_phonetic_empty_last_name_is_31000007(wire):
    reply = ask(wire, w.identify_phonetic("", "1985-03-14"))
    ok, codes = w.service_summary(reply)
    assert (ok, codes) == ("NO", ["31000007"])
    info = reply.find(f"{w.S}ServiceReply/{w.C}ResultSummary/{w.C}Detail/{w.C}Information")
    assert info.findtext(f"{w.C}FieldValue") == "Phonetic Criteria: Last Name"


def test_phonetic_gender_filter_and_maximum(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and "-00" not in p.birth_date)
    other_gender = 2 if person.gender == 1 else 1
    reply = ask(wire, w.identify_phonetic(person.last_name, person.birth_date, gender=other_gender))
    assert person.ssin not in {r.findtext(f"{Q}Basic/{Q}SocialSecurityUser") for r in results(reply)}
    reply = ask(wire, w.identify_phonetic(person.last_name, person.birth_date[:4] + "-00-00", tolerance=50, maximum=1))
    assert len(results(reply)) <= 1


def test_invalid_unknown_and_replaced_ssin(wire):
    good = find_person(wire.world, lambda p: p.kind == "RN").ssin
    bad = good[:9] + f"{(int(good[9:]) % 97) + 1:02d}"
    assert w.service_summary(ask(wire, w.identify_by_ssin(bad))) == ("NO", ["31000008"])
    unknown = next(numbers.make(1931, 1, 1, s) for s in range(1, 999, 2)
                   if wire.world.person(numbers.make(1931, 1, 1, s)) is None)
    assert w.service_summary(ask(wire, w.identify_by_ssin(unknown))) == ("NO", ["31007002"])
    old, new = replaced_pair(wire.world)
    reply = ask(wire, w.identify_by_ssin(old))
    assert w.service_summary(reply) == ("WARNING", ["21007003"])
    assert results(reply)[0].findtext(f"{Q}Basic/{Q}SocialSecurityUser") == new


def test_unknown_user_and_unknown_service(wire):
    stranger = {"cbe": "0878065378", "user": "12345678901", "email": "x@y.example", "nis": 1}
    reply = ask(wire, w.identify_by_ssin("85031400127", org=stranger))
    summary = reply.find(f"{w.S}ReplyContext/{w.C}ResultSummary")
    assert summary.get("ok") == "NO" and summary.findtext(f"{w.C}Detail/{w.C}ReasonCode") == "30000002"
    assert reply.find(f"{w.S}ServiceReply") is None
    text = w.ssdn_request("OCMWCPASNoSuchThing", "20050930", '<x:Y xmlns:x="urn:x"/>')
    reply = ask(wire, w.send_xml(text))
    assert w.service_summary(reply) == ("NO", ["30000003"])


def test_ssdn_validation_error_is_a_client_fault(wire):
    text = w.ssdn_request("OCMWCPASIdentifyPerson", "2005", "<nothing/>")  # Version must be 8 characters
    response = wire.post(w.SSDN_PATH, w.send_xml(text))
    body = w.body_of(response.data)
    assert response.status_code == 500 and body.findtext("faultcode") == "soapenv:Client"
    assert "validation error" in body.findtext("faultstring")
    response = wire.post(w.SSDN_PATH, w.send_xml("<not-closed"))
    assert w.body_of(response.data).findtext("faultcode") == "soapenv:Client"


def test_real_reply_prefix_layout_round_trips():
    """Our reply builder and a real captured reply agree on structure (canonical compare of skeletons)."""
    from tests.conftest import REAL_CONTRACTS

    sample = REAL_CONTRACTS / "samples" / "lino-welfare-fixtures" / "demo_ipr_1.xml"
    if not sample.exists():
        import pytest

        pytest.skip("real contracts not available")
    real = etree.parse(str(sample)).getroot()
    schema = contracts.schema(*REPLY_SCHEMA)
    assert schema.validate(real), schema.error_log
