"""The wire itself: envelopes, faults, contracts served at ?wsdl, limits, sandboxes, journal."""

from __future__ import annotations

from lxml import etree

from simulator.soap import ns
from tests import wire as w

FAULT = f"{{{ns.SOAP_ENV}}}Fault"


def fault_of(response):
    body = w.body_of(response.data)
    assert body.tag == FAULT, response.data
    return body.findtext("faultcode"), body.findtext("faultstring"), body


def test_malformed_xml_is_a_client_fault(wire):
    response = wire.post(w.RETRIEVE_TI_PATH, b"<soapenv:Envelope><oops")
    assert response.status_code == 500
    code, string, _ = fault_of(response)
    assert code == "soapenv:Client"
    assert string


def test_body_that_is_not_soap_is_a_client_fault(wire):
    response = wire.post(w.RETRIEVE_TI_PATH, b"<hello>world</hello>")
    code, string, _ = fault_of(response)
    assert code == "soapenv:Client" and "Envelope" in string


def test_unknown_operation_is_a_client_fault(wire):
    response = wire.post(w.RETRIEVE_TI_PATH, w.envelope('<x:doSomething xmlns:x="urn:nothing"/>'))
    code, string, _ = fault_of(response)
    assert code == "soapenv:Client" and "doSomething" in string


def test_dtd_and_entities_are_refused(wire):
    evil = (b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY lol "lol">]>'
            + w.retrieve_ti("85031400127").replace(b"<ssin>85031400127", b"<ssin>&lol;"))
    response = wire.post(w.RETRIEVE_TI_PATH, evil)
    code, string, _ = fault_of(response)
    assert code == "soapenv:Client" and "DTD" in string


def test_oversized_request_is_refused_before_parsing(wire):
    response = wire.post(w.TEST_CONNECTION_PATH, w.test_message("x" * (3 * 1024 * 1024)))
    assert response.status_code == 413
    code, _, _ = fault_of(response)
    assert code == "soapenv:Client"


def test_schema_invalid_request_is_a_client_fault_with_cbss_detail(wire):
    body = w.retrieve_ti("85031400127").replace(b"<language>fr</language>", b"<language>xx</language>")
    response = wire.post(w.RETRIEVE_TI_PATH, body)
    code, string, fault = fault_of(response)
    assert code == "soapenv:Client" and "language" in string
    detail = fault.find("detail")[0]
    assert detail.tag == f"{{{ns.RETRIEVE_TI_INTF}}}retrieveTIGroupsFault"
    assert detail.findtext("detail/reasonCode") == "MSG00008"
    assert detail.findtext("informationCBSS/ticketCBSS")


def test_wsdl_is_served_with_the_callers_host_and_resolvable_imports(simulator):
    from werkzeug.test import Client

    http = Client(simulator)
    response = http.get(w.RETRIEVE_TI_PATH + "?wsdl", headers={"Host": "bcss.example:9999"})
    assert response.status_code == 200
    wsdl = etree.fromstring(response.data)
    address = wsdl.find(f".//{{{ns.WSDL_SOAP}}}address").get("location")
    assert address == f"http://bcss.example:9999{w.RETRIEVE_TI_PATH}"
    imports = wsdl.findall(f".//{{{ns.XSD}}}import")
    assert imports and all(i.get("schemaLocation").startswith(f"http://bcss.example:9999{w.RETRIEVE_TI_PATH}?xsd=")
                           for i in imports)
    for imp in imports:  # every import resolves through the same endpoint, and so do nested ones
        location = imp.get("schemaLocation").split("bcss.example:9999", 1)[1]
        xsd = http.get(location, headers={"Host": "bcss.example:9999"})
        assert xsd.status_code == 200
        etree.fromstring(xsd.data)


def test_sandbox_paths_rewrite_the_address_too(simulator, wire):
    from werkzeug.test import Client

    response = Client(simulator).get(f"/sandbox/{wire.name}{w.SSDN_PATH}?wsdl", headers={"Host": "h:1"})
    wsdl = etree.fromstring(response.data)
    assert wsdl.find(f".//{{{ns.WSDL_SOAP}}}address").get("location") == f"http://h:1/sandbox/{wire.name}{w.SSDN_PATH}"


def test_xsd_paths_cannot_escape_the_contracts(simulator):
    from werkzeug.test import Client

    http = Client(simulator)
    for bad in ("../../pyproject.toml", "/etc/passwd", "../organizations.yaml", "common/../../../README.md"):
        assert http.get(f"{w.RETRIEVE_TI_PATH}?xsd={bad}").status_code == 404


def test_unknown_path_and_unknown_sandbox(simulator):
    from werkzeug.test import Client

    http = Client(simulator)
    assert http.post("/SOA4520/NoSuchService/v1/op", data=w.test_message("x")).status_code == 404
    response = http.post(f"/sandbox/nope{w.TEST_CONNECTION_PATH}", data=w.test_message("x"),
                         headers={"Content-Type": "text/xml"})
    assert response.status_code == 404 and b"nope" in response.data


def test_every_request_is_journaled_even_a_broken_one(wire):
    wire.post(w.TEST_CONNECTION_PATH, w.test_message("ping"))
    wire.post(w.RETRIEVE_TI_PATH, b"<broken")
    entries = wire.sandbox.journal.entries(limit=10)
    assert len(entries) == 2
    newest, oldest = entries
    assert oldest.service == "TestConnectionServiceService" and oldest.http_status == 200
    assert "ping" in oldest.request and "ping" in oldest.response
    assert newest.http_status == 500 and newest.fault == "Client" and newest.request == "<broken"
    assert oldest.duration_ms >= 0


def test_sandboxes_are_isolated(simulator, wire):
    from tests.conftest import Wire

    other = Wire(simulator, wire.name + "-other")
    wire.post(w.TEST_CONNECTION_PATH, w.test_message("only here"))
    assert wire.sandbox.journal.count() == 1
    assert other.sandbox.journal.count() == 0
