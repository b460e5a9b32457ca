"""TestConnectionService v1 ``sendTestMessage``: echoes the text back, as BCSS does for a connectivity check.

Clients (e.g. the Walloon CPAS consoles) call it before every legacy call and compare the echo.
"""

from __future__ import annotations

from lxml import etree

from simulator.services.base import Call, SoaEndpoint, SoaOperation
from simulator.soap import commonv3, ns
from simulator.world.clock import utcnow

# What sslCertificate carries in real replies is the server certificate's subject; the simulator
# says plainly that it is one.
SSL_CERTIFICATE = "CN=bcss-simulator, O=bcss-simulator (no TLS: local simulator)"


def send_test_message(call: Call) -> etree._Element:
    reply = commonv3.response_root(f"{{{ns.TEST_CONNECTION_INTF}}}sendTestMessageResponse", "v1")
    commonv3.information_cbss(reply, call.exchange or commonv3.Exchange(call.received), utcnow())
    etree.SubElement(reply, "echo").text = call.request.findtext("echo") or ""
    etree.SubElement(reply, "sslCertificate").text = SSL_CERTIFICATE
    return reply


ENDPOINT = SoaEndpoint(
    service="TestConnectionServiceService",
    path="/SOA4520/TestConnectionServiceService/sendTestMessage",
    namespace=ns.TEST_CONNECTION_INTF,
    prefix="v1",
    wsdl="test-connection/TestConnectionService.wsdl",
    operations=(SoaOperation("sendTestMessage", "sendTestMessageRequest", "sendTestMessageResponse", send_test_message),),
    version="v1",
    contract="real",
)
