"""SSINInformationService v1 consultSsinHistory (simulator contract): the evolution of a number."""

from __future__ import annotations

import pytest
import requests
import zeep
from zeep.transports import Transport

from simulator.soap import contracts, ns
from simulator.world import ssin as numbers
from tests import wire as w
from tests.people import find_person

SCHEMA = "ssin-information/SSINInformationServiceV1.wsdl"


def ask(wire, ssin, **kw):
    return w.ask_soa(wire, w.SSIN_HISTORY_PATH, w.ssin_history(ssin, **kw), SCHEMA,
                     f"{{{ns.SSIN_INFORMATION_INTF}}}consultSsinHistoryResponse")


def expected_history(world, current: str) -> list[tuple[str, str, str, str]]:
    """Independent oracle: every replaced number whose final number is ``current``, as the direct
    step it made (old, new, date, reason), oldest first."""
    steps = []
    for old in world.replaced_ssins(limit=100_000):
        chain = world.replacement_chain(old)
        if chain[-1].new_ssin == current:
            steps.append((old, chain[0].new_ssin, chain[0].date.isoformat(), chain[0].reason))
    return sorted(steps, key=lambda s: (s[2], s[0]))


def history_of(body) -> list[tuple[str, str, str, str]]:
    return [(r.findtext("oldSsin"), r.findtext("newSsin"), r.findtext("date"), r.findtext("reason"))
            for r in body.findall("ssinInformation/replacement")]


def information(body) -> dict:
    return {i.findtext("fieldName"): i.findtext("fieldValue") for i in body.findall("status/information")}


def chained(world) -> tuple[str, list]:
    """A number replaced in two steps (a merged duplicate BIS, then BIS -> RN) and its chain."""
    for old in world.replaced_ssins(limit=100_000):
        chain = world.replacement_chain(old)
        if len(chain) >= 2:
            return old, chain
    pytest.skip("no number replaced in two steps in the test world")


def test_current_number_without_history(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN" and not wire.world.former_ssins(p.ssin))
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("criteria/ssin") == person.ssin
    assert body.findtext("ssinInformation/currentSsin") == person.ssin
    assert body.findtext("ssinInformation/origin") == "RN"
    assert body.findtext("ssinInformation/requestedSsinStatus") == "CURRENT"
    assert history_of(body) == []
    assert body.findtext("informationCustomer/ticket") == "T-1"
    assert body.findtext("legalContext") == "PCSA:SOCIAL_INQUIRY"


def test_bis_number_still_current(wire):
    person = find_person(wire.world, lambda p: p.kind == "BIS" and wire.world.replacement(p.ssin) is None)
    body = ask(wire, person.ssin)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("ssinInformation/origin") == "BIS"


def test_replaced_number_gives_the_current_one_and_every_step(wire):
    old, chain = chained(wire.world)
    current = chain[-1].new_ssin
    body = ask(wire, old)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00006")
    assert information(body) == {"ssin": old, "replacedBy": current}
    assert body.findtext("ssinInformation/currentSsin") == current
    assert body.findtext("ssinInformation/origin") == wire.world.person(current).kind
    assert body.findtext("ssinInformation/requestedSsinStatus") == "REPLACED"
    steps = history_of(body)
    assert steps == expected_history(wire.world, current)
    for step in chain:  # the path from the number asked for is part of it, in order
        assert (step.old_ssin, step.new_ssin, step.date.isoformat(), step.reason) in steps
    assert [s[2] for s in steps] == sorted(s[2] for s in steps)


def test_current_number_lists_the_numbers_it_replaced(wire):
    _, chain = chained(wire.world)
    current = chain[-1].new_ssin
    body = ask(wire, current)
    assert w.status_of(body) == ("DATA_FOUND", "MSG00000")
    assert body.findtext("ssinInformation/requestedSsinStatus") == "CURRENT"
    assert history_of(body) == expected_history(wire.world, current)
    assert {s[3] for s in history_of(body)} <= {"BIS_TO_RN", "MERGE", "CORRECTION"}


def test_every_replaced_number_of_the_world(wire):
    """Content equals the world for every replaced number (each reason at least once)."""
    reasons = set()
    for old in wire.world.replaced_ssins(limit=100_000):
        current = wire.world.replacement(old).new_ssin
        body = ask(wire, old)
        assert w.status_of(body) == ("DATA_FOUND", "MSG00006")
        assert body.findtext("ssinInformation/currentSsin") == current
        assert history_of(body) == expected_history(wire.world, current)
        reasons |= {s[3] for s in history_of(body)}
    assert reasons == {"BIS_TO_RN", "MERGE", "CORRECTION"}


def test_unknown_number_is_msg00005(wire):
    unknown = next(numbers.make(1931, 1, 1, s) for s in range(1, 999, 2)
                   if wire.world.person(numbers.make(1931, 1, 1, s)) is None
                   and wire.world.replacement(numbers.make(1931, 1, 1, s)) is None)
    body = ask(wire, unknown)
    assert w.status_of(body) == ("NO_DATA_FOUND", "MSG00005")
    assert information(body) == {"ssin": unknown}
    assert body.find("ssinInformation") is None


def test_bad_checksum_is_msg00008(wire):
    good = find_person(wire.world, lambda p: p.kind == "RN").ssin
    bad = good[:9] + f"{(int(good[9:]) % 97) + 1:02d}"
    body = ask(wire, bad)
    assert w.status_of(body) == ("NO_RESULT", "MSG00008")
    assert information(body) == {"ssin": bad}
    assert body.find("ssinInformation") is None


def test_wrong_legal_context_is_msg00013(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    body = ask(wire, person.ssin, legal_context="SOCIAL_INVESTIGATION_OF_PCSA")
    assert w.status_of(body) == ("NO_RESULT", "MSG00013")


def test_unknown_customer_is_a_cbss_fault(wire):
    person = find_person(wire.world, lambda p: p.kind == "RN")
    response = wire.post(w.SSIN_HISTORY_PATH, w.ssin_history(person.ssin, cbe="0878065378"))
    assert response.status_code == 500
    reply = w.body_of(response.data)
    assert reply.findtext("faultcode") == "soapenv:Client"
    fault = reply.find("detail")[0]
    assert fault.tag == f"{{{ns.SSIN_INFORMATION_INTF}}}consultSsinHistoryFault"
    assert contracts.schema(SCHEMA).validate(fault)
    assert fault.findtext("detail/reasonCode") == "MSG00013"


# zeep, over HTTP, from the WSDL the server serves --------------------------------------------

def test_zeep_round_trip(server, served_world):
    old, chain = chained(served_world)
    client = zeep.Client(f"{server}{w.SSIN_HISTORY_PATH}?wsdl", transport=Transport(session=requests.Session()))
    result = client.service.consultSsinHistory(
        informationCustomer={"ticket": "zeep-si", "customerIdentification": {"cbeNumber": w.LIEGE["cbe"]}},
        legalContext="PCSA:SOCIAL_INQUIRY", criteria={"ssin": old})
    assert (result.status.value, result.status.code) == ("DATA_FOUND", "MSG00006")
    assert result.ssinInformation.currentSsin == chain[-1].new_ssin
    assert [(r.oldSsin, r.newSsin, r.date.isoformat(), r.reason) for r in result.ssinInformation.replacement] \
        == expected_history(served_world, chain[-1].new_ssin)
    assert result.informationCustomer.ticket == "zeep-si"
