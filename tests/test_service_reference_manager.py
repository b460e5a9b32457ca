"""ReferenceManager.consult over sendXML: the other sectors that know a person, derived from the world."""

from __future__ import annotations

from simulator.soap import ns
from tests import wire as w
from tests.people import find_person, integrate

Q = f"{{{ns.SSDN_REFERENCE_MANAGER}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/ReferenceManager/ReferenceManagerReply.xsd")


def ask(wire, body):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA)


def consultations(reply):
    return [(int(c.findtext(f"{Q}Sector")), int(c.findtext(f"{Q}QualityCode")), c.findtext(f"{Q}Period/{w.C}StartDate"),
             c.findtext(f"{Q}QualityCodeDescriptionFr"))
            for c in reply.findall(f"{w.S}ServiceReply/{Q}ReferenceManagerReply/{Q}ConsultOtherSectorsResult/{Q}Consultation")]


def test_sectors_follow_the_persons_sources(wire):
    world = wire.world
    person = find_person(world, lambda p: p.kind == "RN" and world.employments(p.ssin)
                         and world.unemployment(p.ssin))
    integrate(wire, person)
    since = str(wire.sandbox.now().date())
    found = consultations(ask(wire, w.reference_manager(person.ssin, since)))
    jobs = {(12, 10, e.begin.isoformat()) for e in world.employments(person.ssin)}
    assert jobs <= {(s, q, b) for s, q, b, _ in found}
    assert any((s, q) == (18, 1) for s, q, *_ in found) == any(u.kind == "FULL" for u in world.unemployment(person.ssin))
    assert any((s, q) == (18, 4) for s, q, *_ in found) == bool(world.jobseeker_history(person.ssin))
    assert all(d for *_, d in found)  # FetchDescriptions: the French descriptions are there
    assert all(s != 17 for s, *_ in found)  # the CPAS sector is ManageAccess's business
    no_descriptions = consultations(ask(wire, w.reference_manager(person.ssin, since, descriptions=False)))
    assert no_descriptions and all(d is None for *_, d in no_descriptions)


def test_requested_period_filters(wire):
    world = wire.world
    person = find_person(world, lambda p: p.kind == "RN" and any(e.end for e in world.employments(p.ssin)))
    integrate(wire, person)
    ended = min((e for e in world.employments(person.ssin) if e.end), key=lambda e: e.end)
    after = (ended.end.replace(year=ended.end.year + 30)).isoformat()
    found = consultations(ask(wire, w.reference_manager(person.ssin, str(wire.sandbox.now().date()), requested_from=after)))
    assert (12, 10, ended.begin.isoformat()) not in {(s, q, b) for s, q, b, _ in found}


def test_errors(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    today = str(wire.sandbox.now().date())
    assert w.service_summary(ask(wire, w.reference_manager(person.ssin, today))) == ("NO", ["31000009"])
    assert w.service_summary(ask(wire, w.reference_manager("85031400128", today))) == ("NO", ["31000008"])
