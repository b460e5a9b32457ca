"""The five services through zeep, loading the WSDL the production server serves (gunicorn, real HTTP)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
import requests
import zeep
from lxml import etree
from zeep.transports import Transport

from simulator.soap import contracts
from simulator.world.clock import Clock
from tests import wire as w
from tests.people import find_person

README = Path(__file__).resolve().parents[1] / "README.md"


def client(server, path, user=None):
    session = requests.Session()
    if user:
        session.auth = user
    return zeep.Client(f"{server}{path}?wsdl", transport=Transport(session=session))


def customer(cbe=w.LIEGE["cbe"]):
    return {"ticket": "zeep-1", "timestampSent": "2026-11-30T10:00:00+01:00", "customerIdentification": {"cbeNumber": cbe}}


def test_test_connection(server):
    assert client(server, w.TEST_CONNECTION_PATH).service.sendTestMessage(echo="hello").echo == "hello"


def test_readme_zeep_example_runs(server):
    block = re.search(r"```python\n(.*?)```", README.read_text(), re.S).group(1)
    code = block.replace("http://127.0.0.1:8080", server)
    namespace = {}
    exec(compile(code, "README.md", "exec"), namespace)  # prints "hello"


def test_person_service(server, served_world):
    person = find_person(served_world, lambda p: p.kind == "RN" and p.address is not None)
    result = client(server, w.PERSON_PATH).service.searchPersonBySsin(
        informationCustomer=customer(), legalContext="PCSA:SOCIAL_INQUIRY", criteria={"ssin": person.ssin, "language": "nl"})
    assert result.status.value == "DATA_FOUND"
    assert result.person.name.lastName == person.last_name
    assert result.informationCustomer.ticket == "zeep-1"


def _ssdn_call(server, body_xml: str, org=w.LIEGE):
    service = client(server, w.SSDN_PATH).service
    reply_text = service.sendXML(w.ssdn_request("OCMWCPASManageAccess" if "ManageAccess" in body_xml
                                                 else "OCMWCPASIdentifyPerson", "20050930", body_xml, org=org))
    return etree.fromstring(reply_text.encode("utf-8"))


def test_ssdn_identify_manage_access_then_retrieve_ti(server, served_world):
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date and p.address is not None
                         and not served_world.integrations(p.ssin))
    # IdentifyPerson through sendXML (zeep sends the SSDNRequest as escaped text)
    reply = _ssdn_call(server, f'<IdentifyPersonRequest xmlns="{w.ns.SSDN_IDENTIFY_PERSON}"><SearchCriteria>'
                               f"<SSIN>{person.ssin}</SSIN></SearchCriteria></IdentifyPersonRequest>")
    assert w.service_summary(reply)[0] == "YES"
    # RetrieveTIGroups before integration: MSG00012
    rtg = client(server, w.RETRIEVE_TI_PATH, user=("cpas-liege", "liege-secret")).service
    result = rtg.retrieveTI(informationCustomer=customer(), legalContext="PCSA:SOCIAL_INQUIRY",
                            searchInformation={"ssin": person.ssin, "language": "fr", "history": False})
    assert (result.status.value, result.status.code) == ("NO_RESULT", "MSG00012")
    # ManageAccess REGISTER, then RetrieveTIGroups answers
    body = w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person))
    reply = w.ssdn_reply(requests.post(f"{server}{w.SSDN_PATH}", data=body, headers={"Content-Type": "text/xml"}).content)
    assert w.service_summary(reply)[0] == "YES"
    result = rtg.retrieveTI(informationCustomer=customer(), legalContext="PCSA:SOCIAL_INQUIRY",
                            searchInformation={"ssin": person.ssin, "language": "fr", "history": True})
    assert (result.status.value, result.status.code) == ("DATA_FOUND", "MSG00000")
    assert result.rrn_it_implicit is not None


def test_fault_reaches_zeep_as_a_fault(server):
    rtg = client(server, w.RETRIEVE_TI_PATH).service
    with pytest.raises(zeep.exceptions.Fault) as err:
        rtg.retrieveTI(informationCustomer=customer("0878065378"), legalContext="PCSA:SOCIAL_INQUIRY",
                       searchInformation={"ssin": "85031400127"})
    assert "0878065378" in err.value.message


def test_server_journals_across_processes(server):
    before = requests.get(f"{server}/__admin/sandboxes/default/journal?limit=1").json()["total"]
    for _ in range(6):
        requests.post(f"{server}{w.TEST_CONNECTION_PATH}", data=w.test_message("x"), headers={"Content-Type": "text/xml"})
    after = requests.get(f"{server}/__admin/sandboxes/default/journal?limit=1").json()["total"]
    assert after - before == 6


def zeep_send_xml(server):
    """A function sending one of our sendXML envelopes' SSDNRequest through zeep's generated sendXML."""
    sendxml = client(server, w.SSDN_PATH).service.sendXML

    def via_zeep(envelope_bytes):
        text = w.body_of(envelope_bytes).text  # the SSDNRequest our builders put in xmlString
        return etree.fromstring(sendxml(text).encode("utf-8"))
    return via_zeep


def test_every_ssdn_service_through_zeeps_send_xml(server, served_world):
    """A client generated from the connector WSDL sends each SSDN service's request as text in xmlString."""
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date)
    via_zeep = zeep_send_xml(server)

    registered = via_zeep(w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person)))
    assert w.service_summary(registered)[0] == "YES"
    since = registered.findtext(f".//{{{w.ns.SSDN_COMMON}}}StartDate")
    replies = {
        "IdentifyPerson": via_zeep(w.identify_by_ssin(person.ssin)),
        "PerformInvestigation": via_zeep(w.perform_investigation(person.ssin)),
        "ReferenceManager": via_zeep(w.reference_manager(person.ssin, since)),
        "ManagePerson": via_zeep(w.create_citizen("Zeepova", "1990-00-00", gender=2, address=(
            "<mp:Abroad><mp:CountryCode>111</mp:CountryCode><mp:City>Lille</mp:City></mp:Abroad>"))),
    }
    for name, reply in replies.items():
        assert reply.find(f"{w.S}ServiceReply") is not None, name
        assert w.service_summary(reply)[0] in ("YES", "WARNING"), (name, w.service_summary(reply))


def test_spp_is_services_through_zeeps_send_xml(server, served_world):
    """RegisterAttest, ListOfAttestations, RegisterRecoveredAmount, OrganicLaw, StopAttest and HouseholdIncome
    as a client generated from the connector WSDL sends them; every reply valid against its contract."""
    day = Clock(served_world).now().date()
    limit = day.replace(year=day.year - 30).isoformat()
    person = find_person(served_world, lambda p: p.kind == "RN" and not p.death_date and "-00" not in p.birth_date
                         and p.birth_date < limit and not served_world.integrations(p.ssin))
    sendxml = client(server, w.SSDN_PATH).service.sendXML
    schema = contracts.schema("ssdn/SSDNReplyBundle.xsd")  # SSDNReply with every body schema
    q = f"{{{w.ns.SSDN_MANAGE_ATTESTS}}}"

    def via_zeep(envelope_bytes):
        reply = etree.fromstring(sendxml(w.body_of(envelope_bytes).text).encode("utf-8"))
        assert schema.validate(reply), schema.error_log
        return reply

    registered = via_zeep(w.manage_access(person.ssin, "REGISTER", proof=w.person_data_proof(person)))
    assert w.service_summary(registered)[0] == "YES"
    legal = f"{served_world.ris_amount(2, day):.2f}"
    registered = via_zeep(w.register_attest(person.ssin, day.isoformat(), amount=legal, piis=True))
    assert w.service_summary(registered) == ("YES", ["11012001"])
    reference = registered.findtext(f".//{q}Reference")
    listed = via_zeep(w.list_attestations(person.ssin))
    assert [a.findtext(f"{q}Reference") for a in listed.iter(f"{q}Attestation")] == [reference]
    recovered = via_zeep(w.register_recovered_amount(person.ssin, reference, day.strftime("%Y-%m"), "1.00"))
    assert w.service_summary(recovered) == ("YES", ["11012005"])
    assert recovered.findtext(f".//{q}StateShare") == "0.65"  # 55 % + 10 % PIIS of 1.00
    decided = via_zeep(w.organic_law(person.ssin))  # accepted or refused, depending on when the person moved
    status = decided.findtext(f".//{q}Status")
    assert status in ("ACCEPTED", "REFUSED")
    premiums = via_zeep(w.list_attestations(person.ssin, "PRIME_INSTALLATION"))
    assert [a.findtext(f"{q}Status") for a in premiums.iter(f"{q}Attestation")] == [status]
    stopped = via_zeep(w.stop_attest(person.ssin, reference, (day + dt.timedelta(days=1)).isoformat()))
    assert w.service_summary(stopped) == ("YES", ["11012002"])
    assert w.service_summary(via_zeep(w.household_income(person.ssin)))[0] == "YES"


def test_law65_and_heating_decisions_through_zeeps_send_xml(server, served_world):
    """SPP IS decisions sent by a client generated from the connector WSDL; replies as the contracts say."""
    today = served_world.reference_date
    person = find_person(served_world, lambda p: p.kind == "RN" and p.register == 2 and not p.death_date
                         and p.birth_date < f"{today.year - 20}" and not served_world.integrations(p.ssin))
    via_zeep = zeep_send_xml(server)
    since = (today - dt.timedelta(days=400)).isoformat()
    for purpose in (3, 40):
        registered = via_zeep(w.manage_access(person.ssin, "REGISTER", purpose=purpose, start=since,
                                              proof=w.person_data_proof(person)))
        assert w.service_summary(registered)[0] == "YES"
    entry = (today - dt.timedelta(days=10)).isoformat()
    reply = via_zeep(w.loi65_ab(w.l65_form_b1(person.ssin, entry, entry)))
    assert w.service_summary(reply) == ("YES", [])
    result = reply.find(f".//{{{w.ns.SSDN_LOI65}}}DecisionResult")
    assert result.findtext(f"{{{w.ns.SSDN_LOI65}}}Evaluation") == "ACCEPTED"
    reply = via_zeep(w.heating_allocation(person.ssin, 2, entry))
    evaluation = reply.findtext(f".//{{{w.ns.HEATING_REPLY}}}Evaluation")
    assert evaluation in ("ACCEPTED", "REFUSED")
    assert w.service_summary(reply)[0] == ("NO" if evaluation == "REFUSED" else "YES")
