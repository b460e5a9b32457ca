"""The SOAP 1.1 envelope: safe parsing of what clients send, and the envelope we send back.

Parsing is hardened once here for every entry point (SOAP body, SSDN xmlString, admin uploads):
no DTDs, no entity expansion, no network access, no huge trees. A document that declares a DTD is
refused outright rather than parsed with the DTD ignored, because a client that sends one is broken
(or hostile) and should be told so.
"""

from __future__ import annotations

from lxml import etree

from simulator.errors import SimulatorError
from simulator.soap import ns

# Requests larger than this are refused before parsing (BCSS messages are a few kB; the biggest
# legitimate ones, batch attestations, stay well under 1 MiB).
MAX_REQUEST_BYTES = 2 * 1024 * 1024

PARSER_OPTIONS = dict(
    resolve_entities=False,
    no_network=True,
    load_dtd=False,
    dtd_validation=False,
    huge_tree=False,
    remove_comments=True,
    remove_pis=True,
)

_PARSER = etree.XMLParser(**PARSER_OPTIONS)

SOAPENV = "soapenv"  # the prefix BCSS itself uses on its envelopes


class XmlRejected(SimulatorError):
    """The bytes are not an XML document we are willing to read (malformed, DTD, too big)."""


def parse_xml(data: bytes | str, what: str = "request") -> etree._Element:
    """Parse untrusted XML safely; raise XmlRejected with a one-line reason."""
    if isinstance(data, str):
        data = data.encode("utf-8")
    if len(data) > MAX_REQUEST_BYTES:
        raise XmlRejected(f"{what} is {len(data)} bytes; the limit is {MAX_REQUEST_BYTES}")
    try:
        root = etree.fromstring(data, _PARSER)
    except etree.XMLSyntaxError as exc:
        raise XmlRejected(f"{what} is not well-formed XML: {exc}") from None
    if root is None:
        raise XmlRejected(f"{what} is empty")
    check_no_dtd(root, what)
    return root


def check_no_dtd(root: etree._Element, what: str = "request") -> None:
    docinfo = root.getroottree().docinfo
    if docinfo.doctype or docinfo.internalDTD is not None:
        raise XmlRejected(f"{what} declares a DTD; DTDs and entities are not accepted")


def envelope(body_child: etree._Element) -> etree._Element:
    """A SOAP 1.1 envelope whose Body holds ``body_child``."""
    env = etree.Element(f"{{{ns.SOAP_ENV}}}Envelope", nsmap={SOAPENV: ns.SOAP_ENV})
    body = etree.SubElement(env, f"{{{ns.SOAP_ENV}}}Body")
    body.append(body_child)
    return env


def to_bytes(root: etree._Element) -> bytes:
    return etree.tostring(root, xml_declaration=True, encoding="UTF-8")
