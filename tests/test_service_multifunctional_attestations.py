"""Multifunctional attestations over sendXML: OCMWCPASA036 create / modify / cancel with its checks,
OCMWCPASL036 across CPAS and sources, paging followed to the end, bad page references; and both
through zeep's sendXML against the production server."""

from __future__ import annotations

import datetime as dt

import requests
import zeep
from lxml import etree
from zeep.transports import Transport

from simulator.services.spp_is import paging
from simulator.soap import ns
from simulator.world.store import events, schema
from simulator.world.store import multifunctional_attestations as store
from tests import wire as w
from tests.people import find_person, integrate

A = f"{{{ns.SSDN_A036}}}"
L = f"{{{ns.SSDN_L036}}}"
REPLY_SCHEMA = ("ssdn/SSDNReplyBundle.xsd",)
USER = ("<ns1:AuthorizedUser><UserID>{user}</UserID><Email>{email}</Email><MatrixID>17</MatrixID>"
        "<MatrixSubID>1</MatrixSubID></ns1:AuthorizedUser>")


# request builders (raw XML as the PHP clients write it: ns1 prefix, AuthorizedUser repeated) -------


def a036(ssin: str, process: str = "C", begin: str | None = None, end: str | None = None, category: int = 2,
         aid: str = "RIS", ids: tuple[str, str] | None = None, details: bool = True, org=w.LIEGE) -> str:
    """The SSDNRequest text of an OCMWCPASA036 (C create, M modify, A cancel)."""
    request = (f"<ns1:Request><ns1:AttestationID>{ids[0]}</ns1:AttestationID>"
               f"<ns1:UpdateAttestationID>{ids[1]}</ns1:UpdateAttestationID></ns1:Request>") if ids else ""
    block = ""
    if details:
        to = f"<ns1:EndDate>{end}</ns1:EndDate>" if end else ""
        block = (f"<ns1:Details><ns1:ValidityPeriod><ns1:BeginDate>{begin}</ns1:BeginDate>{to}</ns1:ValidityPeriod>"
                 f"<ns1:CategoryCode>{category}</ns1:CategoryCode><ns1:TypeOfAid>{aid}</ns1:TypeOfAid></ns1:Details>")
    body = (f'<ns1:A036RequestReply xmlns:ns1="{ns.SSDN_A036}"><ns1:A036 processType="{process}">{request}</ns1:A036>'
            f"<ns1:UniqueReference>A036-REF</ns1:UniqueReference><ns1:INSS>{ssin}</ns1:INSS>{block}"
            f"{USER.format(**org)}</ns1:A036RequestReply>")
    return w.ssdn_request("OCMWCPASA036", "20060315", body, org=org)


def l036(ssin: str, begin: str, end: str | None = None, next_reference: str | None = None, org=w.LIEGE) -> str:
    """The SSDNRequest text of an OCMWCPASL036 20060315, as real clients send it."""
    head = (f"<ns1:L036 processType='L'><ns1:Request><ns1:NextAnswerReference>{next_reference}"
            "</ns1:NextAnswerReference></ns1:Request></ns1:L036>") if next_reference else "<ns1:L036 processType='L'/>"
    to = f"<ns1:EndDate>{end}</ns1:EndDate>" if end else ""
    body = (f"<ns1:L036RequestReply xmlns:ns1='{ns.SSDN_L036}'>{head}<ns1:UniqueReference>L036-REF"
            f"</ns1:UniqueReference><ns1:INSS>{ssin}</ns1:INSS><ns1:Period><ns1:BeginDate>{begin}</ns1:BeginDate>"
            f"{to}</ns1:Period>{USER.format(**org)}</ns1:L036RequestReply>")
    return w.ssdn_request("OCMWCPASL036", "20060315", body, org=org)


def ask(wire, ssdn_text: str):
    return w.ask_ssdn(wire, w.send_xml(ssdn_text), REPLY_SCHEMA)


def answer(reply, q=A):
    root = "A036RequestReply" if q == A else "L036RequestReply"
    return reply.find(f"{w.S}ServiceReply/{q}{root}/{q}{root[:4]}/{q}AnswerOK")


def ids(reply) -> tuple[str, str]:
    ident = answer(reply).find(f"{A}Attestation/{A}AttestationIdentification")
    return ident.findtext(f"{A}AttestationID"), ident.findtext(f"{A}UpdateAttestationID")


def listed(reply):
    """(CPAS NIS, AttestationID, UpdateAttestationID, status, recent, begin, end, aid) of each A036."""
    rows = []
    for a in answer(reply, L).findall(f"{L}A036"):
        att = a.find(f"{L}Attestation")
        ident, details = att.find(f"{L}AttestationIdentification"), att.find(f"{L}Details")
        rows.append((int(a.findtext(f"{L}OcmwCpas")), ident.findtext(f"{L}AttestationID"),
                     ident.findtext(f"{L}UpdateAttestationID"), ident.findtext(f"{L}AttestationStatus"),
                     a.findtext(f"{L}RecentAnswer") == "true", details.findtext(f"{L}ValidityPeriod/{L}BeginDate"),
                     details.findtext(f"{L}ValidityPeriod/{L}EndDate"), details.findtext(f"{L}TypeOfAid")))
    return rows


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def adult(world, day: dt.date, skip=()):
    limit = day.replace(year=day.year - 25).isoformat()
    return find_person(world, lambda p: p.kind == "RN" and not p.is_dead and "-00" not in p.birth_date
                       and p.birth_date < limit and p.ssin not in skip)


def integrate_since(wire, person, start: dt.date, orgs=(w.LIEGE, w.GENT)):
    """Both CPAS integrate the person with quality code 2 (RIS) from ``start`` on."""
    for org in orgs:
        reply = w.ssdn_reply(wire.post(w.SSDN_PATH, w.manage_access(
            person.ssin, "REGISTER", start=start.isoformat(), proof=w.person_data_proof(person), org=org)).data)
        assert w.service_summary(reply)[0] == "YES"


def everything(wire, ssin, begin, org=w.GENT):
    """Follow NextAnswerReference to the end: (rows, number of pages)."""
    rows, reference, pages = [], None, 0
    while True:
        reply = ask(wire, l036(ssin, begin, next_reference=reference, org=org))
        pages += 1
        rows += listed(reply)
        reference = answer(reply, L).findtext(f"{L}NextAnswerReference")
        if not reference:
            assert w.service_summary(reply) == ("YES", [])
            return rows, pages
        assert w.service_summary(reply) == ("YES", ["11018001"])


# A036 ------------------------------------------------------------------------------------------


def test_create_modify_cancel_keeps_every_version(wire):
    day = today(wire)
    person = adult(wire.world, day)
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    begin, end = day.isoformat(), (day + dt.timedelta(days=90)).isoformat()
    created = ask(wire, a036(person.ssin, begin=begin, end=end))
    assert w.service_summary(created) == ("YES", ["11017001"])
    attestation_id, first = ids(created)
    assert attestation_id.startswith("A036" + str(w.LIEGE["nis"])) and first == attestation_id + "-1"
    assert answer(created).findtext(f"{A}OcmwCpas") == str(w.LIEGE["nis"])

    longer = (day + dt.timedelta(days=180)).isoformat()
    modified = ask(wire, a036(person.ssin, "M", begin=begin, end=longer, category=3, ids=(attestation_id, first)))
    assert w.service_summary(modified) == ("YES", ["11017002"])
    second = ids(modified)[1]
    # a client that amends the version it saw first is told the newest one
    stale = ask(wire, a036(person.ssin, "A", ids=(attestation_id, first), details=False))
    assert w.service_summary(stale) == ("NO", ["31017006"]) and answer(stale) is None
    cancelled = ask(wire, a036(person.ssin, "A", ids=(attestation_id, second), details=False))
    assert w.service_summary(cancelled) == ("YES", ["11017003"])
    third = ids(cancelled)[1]
    again = ask(wire, a036(person.ssin, "M", begin=begin, ids=(attestation_id, third)))
    assert w.service_summary(again) == ("NO", ["31017005"])

    versions = store.versions(wire.world, person.ssin)
    assert [(v.version, v.status, v.category, v.latest) for v in versions] == [
        (1, "CREATED", 2, False), (2, "MODIFIED", 3, False), (3, "CANCELLED", 3, True)]
    # GENT sees all three versions of LIEGE's attestation; the cancellation is the recent one
    rows = listed(ask(wire, l036(person.ssin, begin, org=w.GENT)))
    assert [(r[0], r[2], r[3], r[4], r[6]) for r in rows] == [
        (w.LIEGE["nis"], first, "CREATED", False, end), (w.LIEGE["nis"], second, "MODIFIED", False, longer),
        (w.LIEGE["nis"], third, "CANCELLED", True, longer)]


def test_only_the_owner_may_amend_and_only_what_exists(wire):
    day = today(wire)
    person = adult(wire.world, day)
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    begin = day.isoformat()
    attestation_id, update_id = ids(ask(wire, a036(person.ssin, begin=begin)))
    assert w.service_summary(ask(wire, a036(person.ssin, "A", ids=(attestation_id, update_id), details=False,
                                            org=w.GENT))) == ("NO", ["31017004"])
    other = adult(wire.world, day, skip={person.ssin})
    assert w.service_summary(ask(wire, a036(other.ssin, "A", ids=(attestation_id, update_id), details=False))) == (
        "NO", ["31017003"])
    assert w.service_summary(ask(wire, a036(person.ssin, "A", ids=("A03600000000000", "x"), details=False))) == (
        "NO", ["31017003"])
    assert store.latest(wire.world, attestation_id).update_id == update_id  # nothing written


def test_input_errors_are_specific_and_store_nothing(wire):
    day = today(wire)
    person = adult(wire.world, day)
    begin = day.isoformat()
    # not integrated, then integrated for RIS only: an ERIS needs quality code 3
    assert w.service_summary(ask(wire, a036(person.ssin, begin=begin))) == ("NO", ["31017001"])
    integrate(wire, person)
    assert w.service_summary(ask(wire, a036(person.ssin, begin=begin, aid="ERIS"))) == ("NO", ["31017001"])
    before = (day - dt.timedelta(days=1)).isoformat()
    assert w.service_summary(ask(wire, a036(person.ssin, begin=begin, end=before))) == ("NO", ["31017002"])
    assert w.service_summary(ask(wire, a036(person.ssin, begin=begin, details=False))) == ("NO", ["31000007"])
    assert w.service_summary(ask(wire, a036(person.ssin, "M", begin=begin))) == ("NO", ["31000007"])
    assert w.service_summary(ask(wire, a036("85031400128", begin=begin))) == ("NO", ["31000008"])
    assert store.versions(wire.world, person.ssin) == []
    integrate(wire, person, purpose=3)
    created = ask(wire, a036(person.ssin, begin=begin, aid="ERIS", category=1))
    assert w.service_summary(created) == ("YES", ["11017001"])
    assert answer(created).findtext(f"{A}Attestation/{A}Details/{A}TypeOfAid") == "ERIS"


# L036 ------------------------------------------------------------------------------------------


def test_l036_lists_sent_attestations_and_accepted_ris_decisions_of_every_cpas(wire):
    day = today(wire)
    person = adult(wire.world, day)
    integrate_since(wire, person, day - dt.timedelta(days=400))
    old = (day - dt.timedelta(days=400)).isoformat()
    past_end = (day - dt.timedelta(days=200)).isoformat()
    attestation_id, _ = ids(ask(wire, a036(person.ssin, begin=old, end=past_end, org=w.GENT)))
    amount = f"{wire.world.ris_amount(2, day):.2f}"
    decision = w.ssdn_reply(wire.post(w.SSDN_PATH, w.register_attest(person.ssin, day.isoformat(), amount=amount)).data)
    reference = decision.findtext(f".//{{{ns.SSDN_MANAGE_ATTESTS}}}Reference")
    reply = ask(wire, l036(person.ssin, old))
    assert w.service_summary(reply) == ("YES", [])
    assert listed(reply) == [
        (w.GENT["nis"], attestation_id, attestation_id + "-1", "CREATED", True, old, past_end, "RIS"),
        (w.LIEGE["nis"], reference, reference + "-1", "CREATED", True, day.isoformat(), None, "RIS")]
    body = reply.find(f"{w.S}ServiceReply/{L}L036RequestReply")
    assert body.prefix == "ns3" and body.findtext(f"{L}UniqueReference") == "L036-REF"
    # the period selects: from the day after the old attestation's end, only the RIS decision
    assert [r[1] for r in listed(ask(wire, l036(person.ssin, (day - dt.timedelta(days=199)).isoformat())))] == [
        reference]
    # a stop of the RIS decision is a new version of its A036 (stopped on its first day: cancelled)
    w.ssdn_reply(wire.post(w.SSDN_PATH, w.stop_attest(person.ssin, reference, day.isoformat())).data)
    assert listed(ask(wire, l036(person.ssin, day.isoformat())))[0][2:5] == (reference + "-2", "CANCELLED", True)


def test_l036_needs_integration_and_a_coherent_period(wire):
    day = today(wire)
    person = adult(wire.world, day)
    assert w.service_summary(ask(wire, l036(person.ssin, day.isoformat()))) == ("NO", ["31000009"])
    integrate(wire, person)
    later = (day + dt.timedelta(days=1)).isoformat()
    assert w.service_summary(ask(wire, l036(person.ssin, later, day.isoformat()))) == ("NO", ["31017002"])


def test_l036_pages_to_the_end_and_answers_as_of_the_first_page(wire):
    day = today(wire)
    person = adult(wire.world, day)
    count = 2 * paging.PAGE_SIZE + 3
    first = day - dt.timedelta(days=30 * count)
    integrate_since(wire, person, first)
    for i in range(count):
        begin = first + dt.timedelta(days=30 * i)
        assert w.service_summary(ask(wire, a036(person.ssin, begin=begin.isoformat(),
                                                end=(begin + dt.timedelta(days=29)).isoformat()))) == ("YES", ["11017001"])
    start = first.isoformat()
    page_one = ask(wire, l036(person.ssin, start, org=w.GENT))
    reference = answer(page_one, L).findtext(f"{L}NextAnswerReference")
    assert len(listed(page_one)) == paging.PAGE_SIZE and reference
    # an attestation sent between two pages does not shift the pages of the running answer
    ask(wire, a036(person.ssin, begin=first.isoformat()))
    rest = []
    while reference:
        reply = ask(wire, l036(person.ssin, start, next_reference=reference, org=w.GENT))
        rest += listed(reply)
        reference = answer(reply, L).findtext(f"{L}NextAnswerReference")
    rows = listed(page_one) + rest
    assert len(rows) == count and len({r[1] for r in rows}) == count
    assert [r[5] for r in rows] == sorted(r[5] for r in rows)
    # a new question sees the new attestation: three pages
    rows, pages = everything(wire, person.ssin, start)
    assert (len(rows), pages) == (count + 1, 3)


def test_bad_page_references_get_specific_errors(wire):
    day = today(wire)
    person = adult(wire.world, day)
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    for i in range(paging.PAGE_SIZE + 1):
        ask(wire, a036(person.ssin, begin=(day + dt.timedelta(days=i)).isoformat(),
                       end=(day + dt.timedelta(days=i)).isoformat()))
    start = day.isoformat()
    reference = answer(ask(wire, l036(person.ssin, start)), L).findtext(f"{L}NextAnswerReference")
    tampered = reference[:-1] + ("0" if reference[-1] != "0" else "1")
    for bad, code in ((tampered, "31018001"), ("not-a-reference", "31018001")):
        reply = ask(wire, l036(person.ssin, start, next_reference=bad))
        assert w.service_summary(reply) == ("NO", [code]) and answer(reply, L) is None
    # another period, another CPAS: not this question's reference
    assert w.service_summary(ask(wire, l036(person.ssin, (day - dt.timedelta(days=1)).isoformat(),
                                            next_reference=reference))) == ("NO", ["31018003"])
    assert w.service_summary(ask(wire, l036(person.ssin, start, next_reference=reference, org=w.GENT))) == (
        "NO", ["31018003"])
    wire.sandbox.clock.advance("P2D")
    assert w.service_summary(ask(wire, l036(person.ssin, start, next_reference=reference))) == ("NO", ["31018002"])


# zeep ------------------------------------------------------------------------------------------


def test_a036_and_l036_through_zeeps_send_xml(server, served_world):
    """A client generated from the connector WSDL sends A036 and L036 as text in xmlString."""
    send_xml = zeep.Client(f"{server}{w.SSDN_PATH}?wsdl", transport=Transport(session=requests.Session())).service.sendXML
    now = requests.get(f"{server}/__admin/sandboxes/default/clock").json()["now"]
    day = dt.date.fromisoformat(now[:10])
    person = adult(served_world, day, skip={i.ssin for i in served_world.integrations(org_cbe=w.LIEGE["cbe"])})
    for org in (w.LIEGE, w.GENT):
        registered = etree.fromstring(send_xml(w.body_of(w.manage_access(
            person.ssin, "REGISTER", proof=w.person_data_proof(person), org=org)).text).encode("utf-8"))
        assert w.service_summary(registered)[0] == "YES"
    created = etree.fromstring(send_xml(a036(person.ssin, begin=day.isoformat())).encode("utf-8"))
    assert w.service_summary(created) == ("YES", ["11017001"])
    reply = etree.fromstring(send_xml(l036(person.ssin, day.isoformat(), org=w.GENT)).encode("utf-8"))
    assert [r[1:4] for r in listed(reply)] == [(*ids(created), "CREATED")]


def test_a_replaced_ssin_carries_its_attestations_over(wire):
    day = today(wire)
    person = adult(wire.world, day)
    integrate(wire, person)
    attestation_id, _ = ids(ask(wire, a036(person.ssin, begin=day.isoformat())))
    assert ("multifunctional_attestation", "ssin") in schema.SSIN_COLUMNS
    new = wire.world._write(lambda: events.replace_ssin(wire.world, day.isoformat(), person.ssin))["new_ssin"]
    assert w.service_summary(ask(wire, l036(person.ssin, day.isoformat()))) == ("NO", ["31007003"])
    assert [r[1] for r in listed(ask(wire, l036(new, day.isoformat())))] == [attestation_id]
