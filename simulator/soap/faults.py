"""SOAP 1.1 faults: the one place that turns an error into a <soapenv:Fault>.

Two kinds reach clients:
- ``Client`` faults for what the client sent (malformed XML, not SOAP, unknown operation, schema
  violation in the envelope), and
- ``Server`` faults for BCSS technical errors, carrying a CBSSFaultType ``detail`` (built by
  commonv3.cbss_fault) — e.g. MSG00003 "Unexpected internal error occurred".
"""

from __future__ import annotations

from lxml import etree

from simulator.errors import SimulatorError
from simulator.soap import ns
from simulator.soap.envelope import SOAPENV, envelope

CLIENT = "Client"
SERVER = "Server"


class SoapFault(SimulatorError):
    """An error that travels as a SOAP 1.1 fault (HTTP 500)."""

    def __init__(self, code: str, string: str, detail: etree._Element | None = None, reason: str = ""):
        super().__init__(string)
        self.code = code  # CLIENT or SERVER
        self.string = string
        self.detail = detail
        self.reason = reason or code  # what the journal records as the outcome

    def to_envelope(self) -> etree._Element:
        fault = etree.Element(f"{{{ns.SOAP_ENV}}}Fault", nsmap={SOAPENV: ns.SOAP_ENV})
        etree.SubElement(fault, "faultcode").text = f"{SOAPENV}:{self.code}"
        etree.SubElement(fault, "faultstring").text = self.string
        if self.detail is not None:
            etree.SubElement(fault, "detail").append(self.detail)
        return envelope(fault)


def client_fault(string: str, reason: str = "Client") -> SoapFault:
    return SoapFault(CLIENT, string, reason=reason)
