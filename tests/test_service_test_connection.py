"""TestConnectionService v1 sendTestMessage: raw XML."""

from __future__ import annotations

import re

from simulator.soap import contracts, ns
from tests import wire as w


def test_echo_comes_back_unchanged_with_cbss_information(wire):
    text = "Bonjour <KSZ> & 'BCSS' é"
    response = wire.post(w.TEST_CONNECTION_PATH, w.test_message(text),
                         soap_action='"http://kszbcss.fgov.be/TestConnectionServiceService/sendTestMessage"')
    assert response.status_code == 200
    body = w.body_of(response.data)
    assert body.tag == f"{{{ns.TEST_CONNECTION_INTF}}}sendTestMessageResponse"
    assert body.findtext("echo") == text
    assert body.findtext("sslCertificate")
    assert re.fullmatch(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", body.findtext("informationCBSS/ticketCBSS"))
    assert body.findtext("informationCBSS/timestampReceive").endswith("Z")
    schema = contracts.schema("test-connection/TestConnectionService.wsdl")
    assert schema.validate(body), schema.error_log
