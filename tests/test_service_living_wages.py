"""LivingWagesService v1: the five operations over raw XML (every reply valid against the contract),
from the world's CPAS history and the RIS decisions CPAS send, Flemish CPAS only for the Flanders
variants, amounts per month, paging followed to the end and bad page references; and through zeep."""

from __future__ import annotations

import datetime as dt

import requests
import zeep
from zeep.transports import Transport

from simulator.services.spp_is import living_wages, paging
from simulator.soap import ns
from tests import wire as w
from tests.people import find_person

WSDL = "living-wages/LivingWagesServiceV1.wsdl"
BASE = "/SOA4520/LivingWagesService/v1/"


def request(operation: str, ssin: str, begin: str | None = None, end: str | None = None,
            next_reference: str | None = None, legal_context: str = "PCSA:SOCIAL_INQUIRY", cbe=w.LIEGE["cbe"]) -> bytes:
    period = ""
    if begin:
        period = f"<period><beginDate>{begin}</beginDate>{w._optional('endDate', end)}</period>"
    return w.envelope(
        f'<v1:{operation}Request xmlns:v1="{ns.LIVING_WAGES_INTF}">{w.customer(cbe)}'
        f"<legalContext>{legal_context}</legalContext><criteria><ssin>{ssin}</ssin>{period}"
        f"{w._optional('nextPageReference', next_reference)}</criteria></v1:{operation}Request>")


def ask(wire, operation: str, ssin: str, **kw):
    return w.ask_soa(wire, BASE + operation, request(operation, ssin, **kw), WSDL,
                     f"{{{ns.LIVING_WAGES_INTF}}}{operation}Response")


def spans(reply, tag="livingWagePeriod"):
    return [(p.findtext("beginDate"), p.findtext("endDate")) for p in reply.findall(tag)]


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def adult(world, day: dt.date, skip=()):
    limit = day.replace(year=day.year - 25).isoformat()
    return find_person(world, lambda p: p.kind == "RN" and not p.is_dead and "-00" not in p.birth_date
                       and p.birth_date < limit and p.ssin not in skip and not world.cpas_history(p.ssin))


def integrate_since(post, person, start: dt.date, orgs=(w.LIEGE, w.GENT)):
    for org in orgs:
        reply = w.ssdn_reply(post(w.manage_access(person.ssin, "REGISTER", start=start.isoformat(),
                                                  proof=w.person_data_proof(person), org=org)))
        assert w.service_summary(reply)[0] == "YES"


def decide(post, ssin: str, begin: dt.date, end: dt.date | None, amount: str = "500.00", category: int = 2,
           org=w.LIEGE) -> None:
    reply = w.ssdn_reply(post(w.register_attest(ssin, begin.isoformat(), category=category, amount=amount,
                                                end=end.isoformat() if end else None, org=org)))
    assert w.service_summary(reply) == ("YES", ["11012001"]), w.service_summary(reply)


def poster(wire):
    return lambda body: wire.post(w.SSDN_PATH, body).data


def test_periods_from_the_world_history(wire):
    world = wire.world
    person = find_person(world, lambda p: p.kind == "RN" and any(s.kind == "RIS" for s in world.cpas_history(p.ssin)))
    rights = [s for s in world.cpas_history(person.ssin) if s.kind == "RIS"]
    assert w.status_of(ask(wire, "getLivingWagePeriods", person.ssin)) == ("NO_RESULT", "MSG00012")
    integrate_since(poster(wire), person, today(wire), orgs=(w.LIEGE,))
    reply = ask(wire, "getLivingWagePeriods", person.ssin)
    assert w.status_of(reply) == ("DATA_FOUND", "MSG00000")
    found = spans(reply)
    assert found[0][0] == min(r.begin for r in rights).isoformat()
    assert all(any(b <= r.begin.isoformat() and (e is None or (r.end and r.end.isoformat() <= e)) for b, e in found)
               for r in rights)
    per_pcsa = ask(wire, "getLivingWagePeriodsPerPCSA", person.ssin)
    assert {int(p.findtext("pcsa/nisCode")) for p in per_pcsa.findall("pcsaPeriods")} == {r.cpas_nis for r in rights}


def test_flanders_per_pcsa_and_amounts_per_month(wire):
    day = today(wire)
    person = adult(wire.world, day)
    first = (day.replace(day=1) - dt.timedelta(days=200)).replace(day=1)
    integrate_since(poster(wire), person, first)
    liege_end = first.replace(day=calendar_last(first))
    decide(poster(wire), person.ssin, first, liege_end, amount="600.00")  # one whole month, Wallonia
    gent_begin = (liege_end + dt.timedelta(days=40)).replace(day=16)
    decide(poster(wire), person.ssin, gent_begin, None, amount="800.00", category=1, org=w.GENT)

    both = spans(ask(wire, "getLivingWagePeriods", person.ssin))
    assert both == [(first.isoformat(), liege_end.isoformat()), (gent_begin.isoformat(), None)]
    assert spans(ask(wire, "getLivingWagePeriodsFlanders", person.ssin)) == [(gent_begin.isoformat(), None)]
    groups = ask(wire, "getLivingWagePeriodsPerPCSA", person.ssin).findall("pcsaPeriods")
    assert [(g.findtext("pcsa/nisCode"), g.findtext("pcsa/cbeNumber"), g.find("pcsa/name").get("language"))
            for g in groups] == [("62063", w.LIEGE["cbe"], "FR"), ("44021", w.GENT["cbe"], "NL")]
    flemish = ask(wire, "getLivingWagePeriodsPerPCSAFlanders", person.ssin).findall("pcsaPeriods")
    assert [g.findtext("pcsa/nisCode") for g in flemish] == ["44021"]
    # before GENT's decision, nothing in Flanders
    early = ask(wire, "getLivingWagePeriodsFlanders", person.ssin, begin=first.isoformat(), end=liege_end.isoformat())
    assert w.status_of(early) == ("NO_DATA_FOUND", "LIWA0001")

    wages = ask(wire, "getLivingWages", person.ssin).findall("livingWage")
    assert [(x.findtext("pcsa/nisCode"), x.findtext("category")) for x in wages] == [("62063", "2"), ("44021", "1")]
    assert [(m.findtext("month"), m.findtext("amount")) for m in wages[0].findall("monthlyAmount")] == [
        (f"{first:%Y-%m}", "600.00")]
    months = wages[1].findall("monthlyAmount")
    days = calendar_last(gent_begin)
    assert (months[0].findtext("month"), months[0].findtext("amount")) == (
        f"{gent_begin:%Y-%m}", f"{800 * (days - 15) / days:.2f}")  # from the 16th: pro rata
    assert months[1].findtext("amount") == "800.00" and months[-1].findtext("month") == f"{day:%Y-%m}"


def calendar_last(day: dt.date) -> int:
    return ((day.replace(day=28) + dt.timedelta(days=4)).replace(day=1) - dt.timedelta(days=1)).day


def test_paging_to_the_end_and_bad_references(wire):
    day = today(wire)
    person = adult(wire.world, day)
    count = paging.PAGE_SIZE + 4
    first = day - dt.timedelta(days=30 * count)
    integrate_since(poster(wire), person, first, orgs=(w.LIEGE,))
    for i in range(count):  # 20-day rights 30 days apart: as many separate periods
        begin = first + dt.timedelta(days=30 * i)
        decide(poster(wire), person.ssin, begin, begin + dt.timedelta(days=19))
    for operation, tag in (("getLivingWagePeriods", "livingWagePeriod"), ("getLivingWages", "livingWage")):
        reply = ask(wire, operation, person.ssin)
        seen, pages = reply.findall(tag), 1
        reference = reply.findtext("nextPageReference")
        assert len(seen) == paging.PAGE_SIZE and reference
        while reference:
            reply = ask(wire, operation, person.ssin, next_reference=reference)
            assert w.status_of(reply) == ("DATA_FOUND", "MSG00000")
            seen += reply.findall(tag)
            reference, pages = reply.findtext("nextPageReference"), pages + 1
        assert (len(seen), pages) == (count, 2)
    reference = ask(wire, "getLivingWages", person.ssin).findtext("nextPageReference")
    bad = {"garbage.0": "LIWA0003", reference[:-2] + "zz": "LIWA0003"}
    for value, code in bad.items():
        assert w.status_of(ask(wire, "getLivingWages", person.ssin, next_reference=value)) == ("NO_RESULT", code)
    # the reference of another operation or period is not this question's
    assert w.status_of(ask(wire, "getLivingWagePeriods", person.ssin, next_reference=reference)) == (
        "NO_RESULT", "LIWA0005")
    assert w.status_of(ask(wire, "getLivingWages", person.ssin, begin=first.isoformat(), next_reference=reference)) == (
        "NO_RESULT", "LIWA0005")
    wire.sandbox.clock.advance("P2D")
    assert w.status_of(ask(wire, "getLivingWages", person.ssin, next_reference=reference)) == ("NO_RESULT", "LIWA0004")


def test_checks_before_the_treatment(wire):
    day = today(wire)
    person = adult(wire.world, day)
    wrong = ask(wire, "getLivingWages", person.ssin, legal_context="SOCIAL_INVESTIGATION_OF_PCSA")
    assert w.status_of(wrong) == ("NO_RESULT", "MSG00013")
    assert w.status_of(ask(wire, "getLivingWagePeriods", "85031400128")) == ("NO_RESULT", "MSG00008")
    integrate_since(poster(wire), person, day, orgs=(w.LIEGE,))
    assert w.status_of(ask(wire, "getLivingWagePeriods", person.ssin)) == ("NO_DATA_FOUND", "LIWA0001")
    later = (day + dt.timedelta(days=1)).isoformat()
    assert w.status_of(ask(wire, "getLivingWagePeriods", person.ssin, begin=later, end=day.isoformat())) == (
        "NO_RESULT", "LIWA0002")
    assert len(living_wages.SOURCES) == 2


def test_living_wages_through_zeep(server, served_world):
    now = requests.get(f"{server}/__admin/sandboxes/default/clock").json()["now"]
    day = dt.date.fromisoformat(now[:10])
    person = adult(served_world, day, skip={i.ssin for i in served_world.integrations(org_cbe=w.LIEGE["cbe"])})

    def post(body):
        return requests.post(f"{server}{w.SSDN_PATH}", data=body, headers={"Content-Type": "text/xml"}).content

    count = paging.PAGE_SIZE + 1
    first = day - dt.timedelta(days=30 * count)
    integrate_since(post, person, first, orgs=(w.LIEGE,))
    for i in range(count):
        begin = first + dt.timedelta(days=30 * i)
        decide(post, person.ssin, begin, begin + dt.timedelta(days=19))
    service = zeep.Client(f"{server}{BASE}getLivingWages?wsdl", transport=Transport(session=requests.Session())).service
    customer = {"ticket": "zeep-lw", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}}
    criteria = {"ssin": person.ssin, "period": {"beginDate": first}}
    result = service.getLivingWagePeriods(informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
                                          criteria=criteria)
    assert (result.status.value, len(result.livingWagePeriod)) == ("DATA_FOUND", paging.PAGE_SIZE)
    rest = service.getLivingWagePeriods(informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
                                        criteria={**criteria, "nextPageReference": result.nextPageReference})
    assert len(rest.livingWagePeriod) == 1 and rest.nextPageReference is None
    wages = service.getLivingWages(informationCustomer=customer, legalContext="PCSA:SOCIAL_INQUIRY",
                                   criteria={"ssin": person.ssin, "period": {"beginDate": first,
                                                                             "endDate": first + dt.timedelta(days=19)}})
    assert wages.livingWage[0].pcsa.cbeNumber == w.LIEGE["cbe"]
    assert wages.livingWage[0].monthlyAmount[0].amount is not None


def test_a_stop_shortens_the_right_from_its_date_on(wire):
    day = today(wire)
    person = adult(wire.world, day)
    begin = day - dt.timedelta(days=60)
    integrate_since(poster(wire), person, begin, orgs=(w.LIEGE,))
    decide(poster(wire), person.ssin, begin, None)
    assert spans(ask(wire, "getLivingWagePeriods", person.ssin)) == [(begin.isoformat(), None)]
    reference = wire.world._one("SELECT reference FROM attestation WHERE ssin = ?", (person.ssin,))[0]
    stop = day - dt.timedelta(days=10)
    w.ssdn_reply(wire.post(w.SSDN_PATH, w.stop_attest(person.ssin, reference, stop.isoformat())).data)
    last = (stop - dt.timedelta(days=1)).isoformat()
    assert spans(ask(wire, "getLivingWagePeriods", person.ssin)) == [(begin.isoformat(), last)]
    wages = ask(wire, "getLivingWages", person.ssin).find("livingWage")
    assert wages.findtext("period/endDate") == last
    assert wages.findall("monthlyAmount")[-1].findtext("month") == last[:7]
