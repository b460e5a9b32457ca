"""create_app(settings) -> the WSGI application: sandbox routing, SOAP endpoints, contracts, admin.

Paths are those of production, under any host:
- legacy SSDN ``POST /connectors/webservice/KSZBCSSWebServiceConnectorPort`` (sendXML);
- new generation ``POST /SOA4520/<Name>Service[/v<N>]/<operation>``;
- ``GET <endpoint>?wsdl`` and ``GET <endpoint>?xsd=<file>`` serve our contracts;
- ``/sandbox/<name>/<same paths>`` address sandbox <name>; the root paths are sandbox ``default``;
- ``/__admin/...`` is the admin JSON API.
Every SOAP request is journaled in its sandbox with its response, timing and outcome.
"""

from __future__ import annotations

import datetime as dt
import json
import time
from urllib.parse import parse_qs

from simulator.access.authentication import AuthError, basic_organisation
from simulator.access.organizations import Organisations
from simulator.config import Settings
from simulator.conformance import rules as conformance
from simulator.sandbox import DEFAULT, Sandboxes, UnknownSandbox
from simulator.services import catalogue
from simulator.soap import contracts, envelope
from simulator.soap.dispatch import Dispatcher
from simulator.soap.faults import client_fault
from simulator.soap.host import soa_endpoint, ssdn_endpoint
from simulator.world.model import JournalEntry

SSDN_PATH = "/connectors/webservice/KSZBCSSWebServiceConnectorPort"
SSDN_WSDL = "ssdn/WebServiceConnector.wsdl"
XML = [("Content-Type", "text/xml; charset=utf-8")]


class Simulator:
    """The WSGI callable; also the object tests and the admin API reach the sandboxes through."""

    def __init__(self, settings: Settings, organisations: Organisations | None = None):
        self.settings = settings
        self.organisations = organisations or Organisations.load(settings.organizations)
        self.sandboxes = Sandboxes(settings)
        dispatcher = Dispatcher(catalogue.ssdn_services())
        # path -> (spyne endpoint, wsdl file)
        self.endpoints = {SSDN_PATH: (ssdn_endpoint(dispatcher), SSDN_WSDL)}
        for endpoint in catalogue.soa_endpoints():
            served = soa_endpoint(endpoint, dispatcher)
            for path in endpoint.paths:
                self.endpoints[path] = (served, endpoint.wsdl)
        from simulator.admin.api import (
            create_admin,  # the admin layer sits above the app
        )

        self.admin = create_admin(self)

    # routing ------------------------------------------------------------------------------------

    def __call__(self, environ, start_response):
        path = environ.get("PATH_INFO", "") or "/"
        if path.startswith("/__admin"):
            return self.admin(environ, start_response)
        sandbox_name, prefix = DEFAULT, ""
        if path.startswith("/sandbox/"):
            sandbox_name, _, rest = path[len("/sandbox/"):].partition("/")
            prefix, path = f"/sandbox/{sandbox_name}", "/" + rest
        target = self.endpoints.get(path.rstrip("/") or "/")
        if target is None:
            return _plain(start_response, "404 Not Found", f"no BCSS endpoint at {path}\n")
        method = environ.get("REQUEST_METHOD", "GET")
        if method == "GET":
            return self._contract(environ, start_response, prefix + path, target[1])
        if method != "POST":
            return _plain(start_response, "405 Method Not Allowed", "SOAP endpoints accept POST (and GET ?wsdl)\n")
        try:
            sandbox = self.sandboxes.get(sandbox_name)
        except UnknownSandbox as exc:
            return _fault(start_response, "404 Not Found", str(exc))
        return self._soap(environ, start_response, sandbox, path, target[0])

    def _contract(self, environ, start_response, path: str, wsdl: str):
        query = parse_qs(environ.get("QUERY_STRING", ""), keep_blank_values=True)
        url = f"{_base_url(environ)}{path}"
        try:
            if "wsdl" in query or "WSDL" in query:
                body = contracts.serve(wsdl, url)
            elif query.get("xsd"):
                body = contracts.serve(query["xsd"][0], url)
            else:
                return _plain(start_response, "200 OK", f"BCSS endpoint {path}: POST SOAP here, GET ?wsdl for the contract\n")
        except contracts.ContractNotFound as exc:
            return _plain(start_response, "404 Not Found", f"{exc}\n")
        start_response("200 OK", XML + [("Content-Length", str(len(body)))])
        return [body]

    # SOAP + journal -----------------------------------------------------------------------------

    def _soap(self, environ, start_response, sandbox, path, endpoint):
        started = time.perf_counter()
        request_body = _read_body(environ)
        journal = environ["bcss.journal"] = {}
        if request_body is None:
            request_body = b""
            status, headers, chunks = "413 Request Entity Too Large", XML, [envelope.to_bytes(client_fault(
                f"the request is over the limit of {envelope.MAX_REQUEST_BYTES} bytes").to_envelope())]
            journal.update(status="TooLarge", fault="Client")
        else:
            environ["bcss.sandbox"] = sandbox
            environ["bcss.organisations"] = self.organisations
            try:
                basic_organisation(self.organisations, environ)
            except AuthError as exc:
                status, headers, chunks = "401 Unauthorized", XML + [
                    ("WWW-Authenticate", 'Basic realm="BCSS"')], [envelope.to_bytes(client_fault(str(exc)).to_envelope())]
                journal.update(status="Unauthorized", fault="Client")
            else:
                status, body = endpoint.handle(environ, request_body)
                headers, chunks = XML, [body]
                override = environ.get("bcss.override")
                if override == "reset":
                    _reset_connection(environ)
                    status, headers, chunks = "500 Internal Server Error", [], []
                elif override:
                    status, headers, chunks = _http_status(int(override)), [("Content-Type", "text/plain")], [
                        b"The service is unavailable (stubbed by the scenario).\n"]
        response_body = b"".join(chunks)
        now = dt.datetime.now(dt.UTC)
        journal["request_body"] = request_body  # ENV-008 compares a resend with the request it repeats
        findings = conformance.check(journal, sandbox.journal, now, sandbox.world)  # the rules of every request (ENV-xxx)
        duration = (time.perf_counter() - started) * 1000
        sandbox.journal.append(JournalEntry(
            id=None,
            time=now.isoformat(timespec="milliseconds"),
            sandbox=sandbox.name,
            endpoint=path,
            service=journal.get("service"),
            operation=journal.get("operation"),
            organisation=journal.get("organisation"),
            status=journal.get("status"),
            fault=journal.get("fault"),
            http_status=int(status[:3]),
            duration_ms=round(duration, 3),
            request=request_body.decode("utf-8", "replace"),
            response=response_body.decode("utf-8", "replace"),
            findings=json.dumps(findings),
            subject=journal.get("subject"),
            ticket=journal.get("ticket"),
        ))
        headers = [(k, v) for k, v in headers if k.lower() != "content-length"]
        start_response(status, headers + [("Content-Length", str(len(response_body)))])
        return [response_body]


def _http_status(code: int) -> str:
    from http import HTTPStatus

    return f"{code} {HTTPStatus(code).phrase}"


def _reset_connection(environ) -> None:
    """Drop the client's connection with a TCP reset (a stubbed network fault). Only the production
    server exposes its socket; elsewhere the request ends with an empty 500."""
    import socket
    import struct

    sock = environ.get("gunicorn.socket")
    if sock is not None:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
        sock.close()


def _read_body(environ) -> bytes | None:
    """The request body, or None when it is over the limit (declared or streamed)."""
    limit = envelope.MAX_REQUEST_BYTES
    try:
        length = int(environ.get("CONTENT_LENGTH") or -1)
    except ValueError:
        length = -1
    if length > limit:
        return None
    body = environ["wsgi.input"].read(length if length >= 0 else limit + 1)
    return None if len(body) > limit else body


def _base_url(environ) -> str:
    scheme = environ.get("HTTP_X_FORWARDED_PROTO") or environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or f"{environ.get('SERVER_NAME', 'localhost')}:{environ.get('SERVER_PORT', '80')}"
    return f"{scheme}://{host}"


def _plain(start_response, status, text):
    body = text.encode("utf-8")
    start_response(status, [("Content-Type", "text/plain; charset=utf-8"), ("Content-Length", str(len(body)))])
    return [body]


def _fault(start_response, status, text):
    body = envelope.to_bytes(client_fault(text).to_envelope())
    start_response(status, XML + [("Content-Length", str(len(body)))])
    return [body]


def create_app(settings: Settings | None = None, organisations: Organisations | None = None) -> Simulator:
    return Simulator(settings or Settings(), organisations)
