"""OCMWCPASRegisterRecoveredAmount over sendXML: what a CPAS recovers on its RIS, checked and stored."""

from __future__ import annotations

import calendar
import datetime as dt

from simulator.world.store import attestations as attestation_store
from simulator.world.store import recovered_amounts as store
from tests import wire as w
from tests.test_service_attestations import Q, adult_of_both, ask, body, information, legal, register, today


def month(day: dt.date, shift: int = 0) -> str:
    number = day.year * 12 + day.month - 1 + shift
    return f"{number // 12:04d}-{number % 12 + 1:02d}"


def share_of_first_month(start: dt.date) -> float:
    length = calendar.monthrange(start.year, start.month)[1]
    return (length - start.day + 1) / length


def granted_ris(wire, amount: str | None = None):
    """A person with a RIS of LIEGE from today, the clock moved on 70 days: (person, reference, start)."""
    person = adult_of_both(wire)
    start = today(wire)
    reference = register(wire, person, start.isoformat(), amount=amount or legal(wire))
    wire.sandbox.clock.advance("P70D")
    return person, reference, start


def test_a_recovery_is_stored_with_the_state_share(wire):
    person, reference, start = granted_ris(wire)
    full = month(start, 1)  # the first whole month of the RIS
    reply = ask(wire, w.register_recovered_amount(person.ssin, reference, full, legal(wire)))
    assert w.service_summary(reply) == ("YES", ["11012005"])
    answer = body(reply, "RegisterRecoveredAmountReply")
    share = f"{float(legal(wire)) * 0.55:.2f}"
    assert {tag: answer.findtext(Q + tag) for tag in ("AttestationReference", "FirstMonth", "LastMonth", "Amount",
                                                       "GrantedAmount", "AlreadyRecovered", "ReimbursementRate",
                                                       "StateShare")} == {
        "AttestationReference": reference, "FirstMonth": full, "LastMonth": full, "Amount": legal(wire),
        "GrantedAmount": legal(wire), "AlreadyRecovered": "0.00", "ReimbursementRate": "55.00", "StateShare": share}
    assert information(reply, "11012005")["StateShare"] == share
    [saved] = store.recovered(wire.world, [reference])
    assert (saved.reference, saved.ssin, saved.cpas_cbe, saved.amount, saved.state_share) == (
        answer.findtext(f"{Q}Reference"), person.ssin, w.LIEGE["cbe"], float(legal(wire)), float(share))
    # the month is fully recovered now
    assert w.service_summary(ask(wire, w.register_recovered_amount(person.ssin, reference, full, "0.01"))) == (
        "NO", ["31012015"])


def test_the_first_month_is_granted_pro_rata_and_ranges_count_per_month(wire):
    person, reference, start = granted_ris(wire, amount="900.00")
    first_month = round(900 * share_of_first_month(start), 2)
    both = round(first_month + 900, 2)
    reply = ask(wire, w.register_recovered_amount(person.ssin, reference, month(start), f"{both + 0.01:.2f}",
                                                  last_month=month(start, 1)))
    assert w.service_summary(reply) == ("NO", ["31012015"])
    assert information(reply, "31012015")["GrantedAmount"] == f"{both:.2f}"
    ok = ask(wire, w.register_recovered_amount(person.ssin, reference, month(start), "200.00",
                                               last_month=month(start, 1)))
    assert w.service_summary(ok)[0] == "YES"
    # 100.00 of it counts for the second month: 800.00 is left there
    again = ask(wire, w.register_recovered_amount(person.ssin, reference, month(start, 1), "800.00"))
    assert body(again, "RegisterRecoveredAmountReply").findtext(f"{Q}AlreadyRecovered") == "100.00"


def test_every_refusal_has_its_code_and_stores_nothing(wire):
    person, reference, start = granted_ris(wire)
    cases = {
        "31012014": w.register_recovered_amount(person.ssin, reference, month(start, -1), "10.00"),  # before the start
        "31012007": w.register_recovered_amount(person.ssin, "RIS0000000000", month(start), "10.00"),
        "31012008": w.register_recovered_amount(person.ssin, reference, month(start), "10.00", org=w.GENT),
        "31012016": w.register_recovered_amount(person.ssin, reference, month(start), "0.00"),
        "31008003": w.register_recovered_amount(person.ssin, reference, month(start, 1), "10.00",
                                                last_month=month(start)),
        "31000008": w.register_recovered_amount("85031400128", reference, month(start), "10.00"),
    }
    for code, request in cases.items():
        assert w.service_summary(ask(wire, request)) == ("NO", [code]), code
    # a month not paid yet: after the sandbox's current month
    later = month(today(wire), 1)
    reply = ask(wire, w.register_recovered_amount(person.ssin, reference, month(start), "10.00", last_month=later))
    assert w.service_summary(reply) == ("NO", ["31012014"]) and information(reply, "31012014")["Month"] == later
    assert store.recovered(wire.world, [reference]) == []


def test_a_refused_or_corrected_attestation_takes_no_recovery_and_corrections_keep_the_count(wire):
    person, reference, start = granted_ris(wire, amount="500.00")
    full = month(start, 1)
    above = f"{float(legal(wire, 3)) + 1:.2f}"
    refused = body(ask(wire, w.register_attest(person.ssin, start.isoformat(), category=3, amount=above)),
                   "RegisterAttestReply").findtext(f"{Q}Reference")
    assert w.service_summary(ask(wire, w.register_recovered_amount(person.ssin, refused, full, "1.00"))) == (
        "NO", ["31012013"])
    assert w.service_summary(ask(wire, w.register_recovered_amount(person.ssin, reference, full, "500.00")))[0] == "YES"
    # a correction raises the amount from the start on: what was recovered on the old version still counts
    wire.sandbox.clock.advance("-P70D")
    new = register(wire, person, start.isoformat(), amount=legal(wire), corrects=reference)
    wire.sandbox.clock.advance("P70D")
    assert attestation_store.versions(wire.world, new) == [new, reference]
    assert w.service_summary(ask(wire, w.register_recovered_amount(person.ssin, reference, full, "1.00"))) == (
        "NO", ["31012011"])
    rest = f"{float(legal(wire)) - 500:.2f}"
    assert w.service_summary(ask(wire, w.register_recovered_amount(person.ssin, new, full, rest)))[0] == "YES"
    assert w.service_summary(ask(wire, w.register_recovered_amount(person.ssin, new, full, "0.01"))) == (
        "NO", ["31012015"])
