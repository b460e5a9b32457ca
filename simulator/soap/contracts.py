"""Our WSDL/XSD contracts (fixtures/contracts): served verbatim at ``?wsdl``, used to validate requests.

- Each schema is compiled once per process (lxml XMLSchema) and cached.
- Served documents are our files with only two kinds of rewrite: ``soap:address`` points at the
  caller's host and path, and every ``schemaLocation``/``location`` import becomes an absolute
  ``<endpoint>?xsd=<path>`` URL so that any client (zeep, JAX-WS, .NET, PHP) resolves the imports
  through the same endpoint, whatever its relative-URL rules.
"""

from __future__ import annotations

import posixpath
from functools import lru_cache
from pathlib import Path
from urllib.parse import quote

from lxml import etree

from simulator.errors import SimulatorError
from simulator.resources import fixture
from simulator.soap import ns

_IMPORTS = (f"{{{ns.XSD}}}import", f"{{{ns.XSD}}}include", f"{{{ns.WSDL}}}import")
_ADDRESS = f"{{{ns.WSDL_SOAP}}}address"


class ContractNotFound(SimulatorError):
    pass


def root() -> Path:
    return fixture("contracts")


def _resolve(relpath: str) -> Path:
    """A contract file by its path relative to fixtures/contracts, never outside it."""
    clean = posixpath.normpath(relpath.replace("\\", "/"))
    base = root().resolve()
    path = (base / clean).resolve()
    if clean.startswith("../") or base not in path.parents or path.suffix not in (".xsd", ".wsdl"):
        raise ContractNotFound(f"no contract file {relpath!r}")
    if not path.is_file():
        raise ContractNotFound(f"no contract file {relpath!r}")
    return path


@lru_cache(maxsize=None)
def _document(relpath: str) -> etree._ElementTree:
    return etree.parse(str(_resolve(relpath)))


def _embedded_schema(relpath: str) -> etree._Element:
    """The schema inside a WSDL's <types> (where new-generation wrappers are declared), with its
    relative imports made absolute so it compiles outside the WSDL."""
    wsdl = _document(relpath)
    schemas = wsdl.getroot().findall(f"{{{ns.WSDL}}}types/{{{ns.XSD}}}schema")
    if len(schemas) != 1:
        raise ContractNotFound(f"{relpath} must embed exactly one schema in <wsdl:types>")
    embedded = etree.fromstring(etree.tostring(schemas[0]))
    here = posixpath.dirname(relpath)
    for node in embedded.iter(f"{{{ns.XSD}}}import", f"{{{ns.XSD}}}include"):
        if node.get("schemaLocation"):
            target = posixpath.normpath(posixpath.join(here, node.get("schemaLocation")))
            node.set("schemaLocation", _resolve(target).as_uri())
    return embedded


@lru_cache(maxsize=None)
def schema(*relpaths: str) -> etree.XMLSchema:
    """The compiled schema of one XSD (or of the schema a WSDL embeds), or of several together.

    Several files are combined through a small in-memory schema that imports each of them, so a
    document whose ``xs:any`` (lax) holds another namespace's element is validated against it too.
    """
    if len(relpaths) == 1:
        rel = relpaths[0]
        return etree.XMLSchema(_embedded_schema(rel) if rel.endswith(".wsdl") else _document(rel))
    umbrella = etree.Element(f"{{{ns.XSD}}}schema", nsmap={"xs": ns.XSD})
    for rel in relpaths:
        target = _document(rel).getroot().get("targetNamespace")
        imp = etree.SubElement(umbrella, f"{{{ns.XSD}}}import")
        imp.set("namespace", target)
        imp.set("schemaLocation", _resolve(rel).as_uri())
    return etree.XMLSchema(umbrella)


def first_error(schema_: etree.XMLSchema) -> str:
    err = schema_.error_log.last_error
    return f"line {err.line}: {err.message}" if err is not None else "schema validation failed"


def serve(relpath: str, endpoint_url: str) -> bytes:
    """A contract document as served from ``endpoint_url`` (scheme://host/path, no query)."""
    doc = etree.ElementTree(etree.fromstring(etree.tostring(_document(relpath))))
    here = posixpath.dirname(relpath)
    for node in doc.iter(*_IMPORTS):
        attr = "schemaLocation" if node.get("schemaLocation") is not None else "location"
        if node.get(attr) is None:
            continue
        target = posixpath.normpath(posixpath.join(here, node.get(attr)))
        node.set(attr, f"{endpoint_url}?xsd={quote(target)}")
    for address in doc.iter(_ADDRESS):
        address.set("location", endpoint_url)
    return etree.tostring(doc, xml_declaration=True, encoding="UTF-8")
