"""OCMWCPASListOfAttestations request types: the registry, the derived art. 35 exemption, STATUT65."""

from __future__ import annotations

import datetime as dt

from simulator.services.spp_is import list_of_attestations as listing
from simulator.world.store import events
from tests import wire as w
from tests.people import find_person, integrate
from tests.test_service_attestations import Q, ask, body, legal, listed, register, today


def beneficiary_without_work(wire):
    """An adult with no employment and no RIS in the world, integrated by LIEGE, with a RIS of LIEGE from today."""
    world, day = wire.world, today(wire)
    limit = day.replace(year=day.year - 25).isoformat()
    person = find_person(world, lambda p: p.kind == "RN" and not p.is_dead and p.birth_date < limit
                         and "-00" not in p.birth_date and not world.employments(p.ssin)
                         and not world.cpas_history(p.ssin))
    integrate(wire, person)
    register(wire, person, day.isoformat(), amount=legal(wire))
    return person


def exoneration(wire, person, **kw):
    reply = ask(wire, w.list_attestations(person.ssin, "EXONERATIONSART35", **kw))
    assert w.service_summary(reply) == ("YES", [])
    found = body(reply, "ListOfAttestationsReply")
    assert found.find(f"{Q}Attestation") is None and found.find(f"{Q}GpmiPiis") is None
    block = found.find(f"{Q}ExonerationArt35")
    return block.get("hasExoneration"), block.findtext(f"{Q}FirstExonerationDate"), block.findtext(
        f"{Q}PaymentExoneratedDays")


def test_the_art35_exemption_is_the_work_days_during_a_ris(wire):
    person = beneficiary_without_work(wire)
    day = today(wire)
    assert exoneration(wire, person) == ("false", None, None)
    job = (day + dt.timedelta(days=10)).isoformat()
    wire.world._write(lambda: events.start_employment(wire.world, job, person.ssin))
    wire.sandbox.clock.advance("P40D")
    assert exoneration(wire, person) == ("true", job, "31")  # day 10 to day 40, today included
    later = (day + dt.timedelta(days=31)).isoformat()
    assert exoneration(wire, person, start=later) == ("true", later, "10")


def test_statut65_lists_nothing_until_a_listing_is_plugged_in(wire, monkeypatch):
    person = beneficiary_without_work(wire)
    reply = ask(wire, w.list_attestations(person.ssin, "STATUT65"))
    assert w.service_summary(reply) == ("YES", []) and len(body(reply, "ListOfAttestationsReply")) == 0
    day = today(wire)

    def law65(world, ssin, begin, end):
        return [listing.Listed(ssin, w.GENT["cbe"], ("L65", "Loi 65 / Wet 65"), ("B1", "Formulaire B1 / Formulier B1"),
                               ("2", "Loi 1965 / Wet 1965"), day, None, day, "L65-1", "PARTIALLYACCEPTED")]

    monkeypatch.setitem(listing.LISTINGS, "STATUT65", law65)
    reply = ask(wire, w.list_attestations(person.ssin, "STATUT65"))
    assert listed(reply) == [(w.GENT["cbe"], "PARTIALLYACCEPTED", day.isoformat(), None, "L65-1")]


def test_gpmi_piis_still_lists_the_ris_decisions(wire):
    person = beneficiary_without_work(wire)
    reply = ask(wire, w.list_attestations(person.ssin))
    assert [r[1] for r in listed(reply)] == ["ACCEPTED"]
    assert body(reply, "ListOfAttestationsReply").find(f"{Q}GpmiPiis").get("hasAttestation") == "false"
    assert body(reply, "ListOfAttestationsReply").find(f"{Q}ExonerationArt35") is None
