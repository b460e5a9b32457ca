"""spyne hosts the endpoints: one spyne Application per endpoint, payloads as AnyXml in bare style.

spyne parses the envelope, dispatches on the body element and turns its own protocol errors into
faults; the bytes of every payload are what our lxml builders produce. Our ``BcssSoap11`` protocol
swaps spyne's parser for the hardened one and serialises the envelope itself (``soapenv`` prefix,
our fault layout, no spyne wrapper around the payload).

The per-request work — validation, authentication, calling the handler, CBSS faults — lives in
``dispatch.py``; this module only adapts spyne to it. ``SoapEndpoint`` runs spyne's request cycle
(contexts, envelope, dispatch, faults) directly on the body our WSGI layer has already read and
journals: spyne's own WSGI transport (URL and header reconstruction, its WSGI event hooks, streaming)
added ~40 µs a request for nothing we use (measured, benchmarks/wire.py).
"""

from __future__ import annotations

from spyne import AnyXml, Application, ServiceBase, const, rpc
from spyne.context import MethodContext, TransportContext
from spyne.error import Fault
from spyne.protocol.soap import Soap11
from spyne.protocol.xml import XmlDocument
from spyne.server import ServerBase

from simulator.soap import ns
from simulator.soap.dispatch import Dispatcher, FaultReply
from simulator.soap.envelope import XmlRejected, envelope, parse_xml
from simulator.soap.faults import CLIENT, SoapFault

# spyne runs a full gc.collect() at most once a second per process "to return file descriptors in a
# timely manner"; our contexts hold no files, and under load that collection alone cost ~6 % of a
# worker's time (py-spy, benchmarks/wire.py). Python's generational collector still runs as usual.
const.MIN_GC_INTERVAL = float("inf")

_ENVELOPE = f"{{{ns.SOAP_ENV}}}Envelope"
_HEADER = f"{{{ns.SOAP_ENV}}}Header"
_BODY = f"{{{ns.SOAP_ENV}}}Body"


class BcssSoap11(Soap11):
    """Soap 1.1 with our parser and our serialisation of replies and faults."""

    def create_in_document(self, ctx, charset=None):
        # spyne's own version builds an XML-ID table and a parser per request; ours parses once
        # with the hardened module-level parser (SOAP with attachments is not a BCSS thing).
        try:
            root = parse_xml(b"".join(ctx.in_string))
        except XmlRejected as exc:
            raise Fault("Client.XmlRejected", str(exc)) from None
        ctx.in_document = (root, {})

    def decompose_incoming_envelope(self, ctx, message=XmlDocument.REQUEST):
        # The same checks as spyne's, with find() instead of per-request XPath.
        envelope_xml = ctx.in_document[0]
        if envelope_xml.tag != _ENVELOPE:
            raise Fault("Client.SoapError", f"No {_ENVELOPE} element was found!")
        header, body = envelope_xml.find(_HEADER), envelope_xml.find(_BODY)
        if header is None and body is None:
            raise Fault("Client.SoapError", "Soap envelope is empty!")
        if body is None or len(body) == 0:
            raise Fault("Client.SoapError", "The SOAP Body holds no request element")
        ctx.in_document = envelope_xml
        ctx.in_header_doc = list(header) if header is not None else None
        ctx.in_body_doc = body[0]
        ctx.method_request_string = body[0].tag
        self.validate_body(ctx, message)

    def serialize(self, ctx, message):
        if ctx.out_error is not None:
            error = ctx.out_error
            fault = error if isinstance(error, SoapFault) else SoapFault(CLIENT, error.faultstring, reason=error.faultcode)
            ctx.out_document = fault.to_envelope()
            journal = ctx.transport.req_env.get("bcss.journal") if ctx.transport else None
            if journal is not None and "status" not in journal:
                journal["status"] = fault.reason
                journal["fault"] = fault.code
        else:
            reply = ctx.out_object[0]
            if isinstance(reply, FaultReply):
                ctx.out_document = reply.fault.to_envelope()
            else:
                ctx.out_document = envelope(reply)

    def create_out_string(self, ctx, charset=None):
        from lxml import etree

        ctx.out_string = [etree.tostring(ctx.out_document, xml_declaration=True, encoding="UTF-8")]


def _method(call):
    """A spyne method body handing the request element and the WSGI environ to ``call``."""

    def method(ctx, payload):
        reply = call(ctx.in_body_doc, ctx.transport.req_env)
        if isinstance(reply, FaultReply):
            ctx.transport.resp_code = "500 Internal Server Error"
        return reply

    return method


def _service_class(name: str, tns: str, operations: list[tuple[str, str, object]]) -> type:
    """A ServiceBase with one bare AnyXml method per (request element, response element, callable)."""
    methods = {}
    for request, response, call in operations:
        method = _method(call)
        method.__name__ = request  # spyne keys methods by function name: one name per operation
        methods[request] = rpc(
            AnyXml,
            _returns=AnyXml,
            _body_style="bare",
            _in_message_name=request,
            _out_message_name=response,
            _operation_name=request,
        )(method)
    return type(name, (ServiceBase,), methods)


class _Transport(TransportContext):
    """What our spyne methods read from the transport: the WSGI environ, and the HTTP status to send."""

    def __init__(self, parent, transport, type=None):
        super().__init__(parent, transport, type)
        self.req_env: dict = {}
        self.resp_code: str | None = None


class _Context(MethodContext):
    TransportContext = _Transport


class SoapEndpoint(ServerBase):
    """One endpoint: a spyne Application driven through spyne's request cycle."""

    transport = "http://schemas.xmlsoap.org/soap/http"

    def handle(self, environ: dict, body: bytes) -> tuple[str, bytes]:
        """(HTTP status, response bytes) for one request body."""
        ctx = _Context(self, MethodContext.SERVER)
        ctx.transport.req_env = environ
        ctx.in_string = [body]
        p_ctx = self.generate_contexts(ctx)[0]
        if p_ctx.in_error is None:
            self.get_in_object(p_ctx)
        if p_ctx.in_error is None:
            self.get_out_object(p_ctx)
        if (p_ctx.in_error or p_ctx.out_error) is not None and p_ctx.transport.resp_code is None:
            p_ctx.transport.resp_code = "500 Internal Server Error"  # SOAP 1.1: every fault is a 500
        self.get_out_string(p_ctx)
        out = b"".join(p_ctx.out_string)
        p_ctx.close()
        return p_ctx.transport.resp_code or "200 OK", out


def _application(service_name: str, tns: str, operations) -> SoapEndpoint:
    service = _service_class(service_name, tns, operations)
    return SoapEndpoint(Application([service], tns=tns, in_protocol=BcssSoap11(), out_protocol=BcssSoap11()))


def soa_endpoint(endpoint, dispatcher: Dispatcher) -> SoapEndpoint:
    ops = [
        (op.request, op.response, (lambda doc, env, _op=op: dispatcher.soa(endpoint, _op, doc, env)))
        for op in endpoint.operations
    ]
    return _application(endpoint.service, endpoint.namespace, ops)


def ssdn_endpoint(dispatcher: Dispatcher) -> SoapEndpoint:
    return _application("KSZBCSSWebServiceConnector", ns.SSDN_CONNECTOR, [("xmlString", "xmlString", dispatcher.ssdn)])
