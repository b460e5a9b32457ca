"""Law of 2 April 1965 forms over sendXML: A/B1/B2 grants, C cancellations, D1/D2/F claims, across CPAS."""

from __future__ import annotations

import datetime as dt

import pytest

from simulator.soap import ns
from simulator.world.store import law65 as store
from tests import wire as w
from tests.people import find_person
from tests.test_service_multifunctional_attestations import L, answer, l036, listed

Q, K = f"{{{ns.SSDN_LOI65}}}", f"{{{ns.SSDN_LOI65_COMMON}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/LoiWet65/LoiWet65Reply.xsd")


def ask(wire, body):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA)


def results(reply, local="DecisionResult"):
    """(SSIN, suffix, evaluation, error codes, element) of every result of the reply body."""
    body = reply.find(f"{w.S}ServiceReply")[3]
    return [(r.findtext(f"{Q}SSIN"), int(r.findtext(f"{Q}Suffix")), r.findtext(f"{Q}Evaluation"),
             [e.findtext(f"{K}Code") for e in r.findall(f"{Q}ErrorsOnForm")], r) for r in body.findall(Q + local)]


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def foreigner(wire, skip=()):
    """An adult alive in the foreigners' register (no RIS right)."""
    limit = today(wire).replace(year=today(wire).year - 20).isoformat()
    return find_person(wire.world, lambda p: p.kind == "RN" and p.register == 2 and not p.is_dead
                       and p.birth_date < limit and p.ssin not in skip)


def integrate(wire, person, purpose: int = 3, org=w.LIEGE, since: dt.date | None = None):
    """REGISTER the person from ``since`` (default a year before the sandbox's today)."""
    start = since or today(wire) - dt.timedelta(days=365)
    reply = w.ssdn_reply(wire.post(w.SSDN_PATH, w.manage_access(
        person.ssin, "REGISTER", purpose=purpose, start=start.isoformat(), proof=w.person_data_proof(person),
        org=org)).data)
    assert w.service_summary(reply)[0] == "YES", w.service_summary(reply)


def six_months_end(entry: dt.date) -> dt.date:
    """The last day of a six-month aid from ``entry`` (entries in the tests are never on day 29-31)."""
    month = entry.month + 6
    return entry.replace(year=entry.year + (month - 1) // 12, month=(month - 1) % 12 + 1) - dt.timedelta(days=1)


def granted(wire, person, entry, org=w.LIEGE, months=6, **kw):
    integrate(wire, person, purpose=3, org=org)
    reply = ask(wire, w.loi65_ab(w.l65_form_b1(person.ssin, entry.isoformat(), entry.isoformat(), months=months,
                                               **kw), org=org))
    assert results(reply)[0][2] == "ACCEPTED", results(reply)[0][3]
    return results(reply)[0][4]


def test_forms_a_and_b1_accepted_at_100_percent_and_listed(wire):
    person = foreigner(wire)
    integrate(wire, person, purpose=3)
    entry = today(wire) - dt.timedelta(days=10)
    reply = ask(wire, w.loi65_ab(w.l65_form_a(person.ssin, entry.isoformat())
                                 + w.l65_form_b1(person.ssin, entry.isoformat(), today(wire).isoformat())))
    assert w.service_summary(reply) == ("YES", [])
    (a, b1) = results(reply)
    assert a[:4] == (person.ssin, 0, "ACCEPTED", []) and b1[:4] == (person.ssin, 0, "ACCEPTED", [])
    decision = b1[4]
    assert decision.findtext(f"{Q}Percentage") == "10000"
    assert decision.findtext(f"{Q}UniqueAttestID") == "B10000000000001"
    assert decision.findtext(f"{Q}MaximumDate") == str(six_months_end(entry))
    aids = decision.find(f"{Q}RefundedAids")
    assert aids.findtext(f"{Q}FinancialAid") == "true" and aids.findtext(f"{Q}PrimaryBeneficiary/{Q}Art61") == "true"
    reference = decision.findtext(f"{Q}ReferenceSPP_POD")
    assert len(reference) == 10
    listing = store.statut65_listing(wire.world, person.ssin, entry, None)
    assert [(d.reference, d.form, d.granted, d.cpas_cbe, d.category) for d in listing] == [
        (reference, "B1", True, w.LIEGE["cbe"], 2)]
    assert store.statut65_listing(wire.world, person.ssin, None, entry - dt.timedelta(days=1)) == []


def test_refusals_list_every_reason_and_are_stored(wire):
    day = today(wire)
    limit = day.replace(year=day.year - 20).isoformat()
    belgian = find_person(wire.world, lambda p: p.kind == "RN" and p.register == 1 and not p.is_dead
                          and p.birth_date < limit)  # not integrated by LIEGE either
    entry = day - dt.timedelta(days=5)
    reply = ask(wire, w.loi65_ab(w.l65_form_b1(belgian.ssin, entry.isoformat(), (day + dt.timedelta(days=1)).isoformat(),
                                               category=None)
                                 + w.l65_form_b2("85031400128", entry.isoformat(), entry.isoformat())))
    (b1, b2) = results(reply)
    assert b1[2] == "REFUSED" and set(b1[3]) == {"015001", "015002", "015005", "015006"}
    assert b1[4].find(f"{Q}Percentage") is None and b1[4].find(f"{Q}RefundedAids/{Q}FinancialAid") is None
    assert b2[:4] == ("85031400128", 0, "REFUSED", ["000008"])
    (row,) = store.statut65_listing(wire.world, belgian.ssin, None, None)
    assert (row.evaluation, row.granted, set(row.errors)) == ("REFUSED", False, {
        "31015001", "31015002", "31015005", "31015006"})


def test_a_grant_of_one_cpas_blocks_another_until_it_is_withdrawn(wire):
    person = foreigner(wire)
    entry = today(wire) - dt.timedelta(days=60)
    decision = granted(wire, person, entry)
    # GENT sees LIEGE's grant: refused over the same period
    integrate(wire, person, purpose=3, org=w.GENT)
    gent_entry = today(wire) - dt.timedelta(days=20)
    reply = ask(wire, w.loi65_ab(w.l65_form_b1(person.ssin, gent_entry.isoformat(), today(wire).isoformat()),
                                 org=w.GENT))
    assert results(reply)[0][2:4] == ("REFUSED", ["015003"])
    # LIEGE withdraws from 30 days ago (form C nature 2): the grant ends the day before
    withdrawn = today(wire) - dt.timedelta(days=30)
    reply = ask(wire, w.loi65_c(person.ssin, withdrawn.isoformat(), today(wire).isoformat(), nature="2"))
    (cancel,) = results(reply, "DecisionResultC")
    assert cancel[2:4] == ("ACCEPTED", [])
    (grant,) = [d for d in store.statut65_listing(wire.world, person.ssin, None, None) if d.granted]
    assert (grant.reference, grant.end, grant.cancelled_on) == (
        decision.findtext(f"{Q}ReferenceSPP_POD"), withdrawn - dt.timedelta(days=1), withdrawn)
    # from the withdrawal on, GENT may grant; a second cancellation of the same grant is refused
    reply = ask(wire, w.loi65_ab(w.l65_form_b1(person.ssin, withdrawn.isoformat(), today(wire).isoformat()),
                                 org=w.GENT))
    assert results(reply)[0][2] == "ACCEPTED"
    again = ask(wire, w.loi65_c(person.ssin, withdrawn.isoformat(), today(wire).isoformat(), nature="1"))
    assert results(again, "DecisionResultC")[0][2:4] == ("REFUSED", ["015009"])
    assert results(ask(wire, w.loi65_c(person.ssin, today(wire).isoformat(), today(wire).isoformat(), nature="7")),
                   "DecisionResultC")[0][3] == ["015008", "015009"]


def test_refusal_nature_cancels_the_grant_from_its_start(wire):
    person = foreigner(wire)
    entry = today(wire) - dt.timedelta(days=40)
    granted(wire, person, entry)
    reply = ask(wire, w.loi65_c(person.ssin, today(wire).isoformat(), today(wire).isoformat(), nature="1"))
    assert results(reply, "DecisionResultC")[0][2] == "ACCEPTED"
    assert store.statut65_listing(wire.world, person.ssin, None, None)[0].end == entry - dt.timedelta(days=1)
    assert [d for d in store.statut65_listing(wire.world, person.ssin, entry, None) if d.granted] == []


def month_of(day: dt.date) -> str:
    return day.isoformat()[:7]


def test_d1_claims_within_the_category_ceiling(wire):
    person = foreigner(wire)
    entry = today(wire).replace(day=1) - dt.timedelta(days=62)
    granted(wire, person, entry, aids=("FinancialAid", "MedicalAndPharmaceuticalCosts"), category=2)
    month = entry.replace(day=1) + dt.timedelta(days=40)
    ceiling = int(round(wire.world.ris_amount(2, month.replace(day=1)) * 100))
    cases = {
        "within": (w.l65_form_d1(person.ssin, month_of(month), ceiling, medical=5000), "ACCEPTED", [],
                   ceiling + 5000),
        "above": (w.l65_form_d1(person.ssin, month_of(month), ceiling + 1000), "PARTIALLYACCEPTED", ["015010"],
                  ceiling),
        "aid not granted": (w.l65_form_d1(person.ssin, month_of(month), 1000, housing=2000), "PARTIALLYACCEPTED",
                            ["015011"], 1000),
        "wrong total": (w.l65_form_d1(person.ssin, month_of(month), 1000, total=999), "REFUSED", ["015012"], None),
        "no grant that month": (w.l65_form_d1(person.ssin, month_of(entry - dt.timedelta(days=40)), 1000),
                                "REFUSED", ["015007"], None),
    }
    for what, (form, evaluation, errors, total) in cases.items():
        (result,) = results(ask(wire, w.loi65_df(form)), "DecisionResultDF")
        assert result[2:4] == (evaluation, errors), what
        assert result[4].findtext(f"{Q}ReferenceMonth") is not None, what
        accepted = result[4].findtext(f"{Q}TotalAcceptedAmount")
        assert (int(accepted) if accepted is not None else None) == total, what
    above = results(ask(wire, w.loi65_df(w.l65_form_d1(person.ssin, month_of(month), ceiling + 1))),
                    "DecisionResultDF")[0][4]
    assert above.findtext(f"{Q}DecisionOnAmounts/{Q}FinancialAid/{K}AcceptedAmount") == str(ceiling)
    claims = store.decisions(wire.world, person.ssin, forms=("D1",))
    assert [d.evaluation for d in sorted(claims, key=lambda d: d.id)] == [
        "ACCEPTED", "PARTIALLYACCEPTED", "PARTIALLYACCEPTED", "REFUSED", "REFUSED", "PARTIALLYACCEPTED"]


def test_d2_hospital_bill_needs_an_individual_decision(wire):
    person = foreigner(wire)
    integrate(wire, person, purpose=4)
    entry = today(wire) - dt.timedelta(days=20)
    reply = ask(wire, w.loi65_ab(w.l65_form_b2(person.ssin, entry.isoformat(), entry.isoformat())))
    assert results(reply)[0][2] == "ACCEPTED"
    assert results(reply)[0][4].findtext(f"{Q}RefundedAids/{Q}HospitalizationCosts") == "true"
    reply = ask(wire, w.loi65_df(w.l65_form_d2(person.ssin, today(wire).isoformat(), 123456)))
    (result,) = results(reply, "DecisionResultDF")
    assert result[2] == "ACCEPTED"
    assert result[4].findtext(f"{Q}DecisionOnAmounts/{Q}HospitalizationcostsBill/{Q}Amount") == "123456"
    other = foreigner(wire, skip=(person.ssin,))
    assert results(ask(wire, w.loi65_df(w.l65_form_d2(other.ssin, today(wire).isoformat(), 100))),
                   "DecisionResultDF")[0][2:4] == ("REFUSED", ["015007"])


@pytest.mark.parametrize("service", ["AB", "C", "DF"])
def test_a_file_of_another_cpas_or_no_form_records_nothing(wire, service):
    person = foreigner(wire)
    entry = today(wire).isoformat()
    build = {"AB": lambda **kw: w.loi65_ab(w.l65_form_a(person.ssin, entry), **kw),
             "C": lambda **kw: w.loi65_c(person.ssin, entry, entry, **kw),
             "DF": lambda **kw: w.loi65_df(w.l65_form_d1(person.ssin, entry[:7], 100), **kw)}[service]
    assert w.service_summary(ask(wire, build(kbo=w.GENT["cbe"]))) == ("NO", ["31015013"])
    empty = {"AB": "L65_AB_DecisionRequest", "C": "L65_C_DecisionRequest", "DF": "L65_DF_DecisionRequest"}[service]
    assert w.service_summary(ask(wire, w._loi65(service, empty, ""))) == ("NO", ["31000007"])
    assert store.decisions(wire.world, person.ssin) == []


def test_a_grant_shows_in_list_of_attestations_and_l036_of_every_cpas(wire):
    """What LIEGE's form B1 grants, GENT sees: ListOfAttestations STATUT65 and L036 (an ERIS A036); a
    withdrawal (form C nature 2) shortens both from its date on."""
    person = foreigner(wire)
    entry = today(wire) - dt.timedelta(days=60)
    reference = granted(wire, person, entry).findtext(f"{Q}ReferenceSPP_POD")
    integrate(wire, person, purpose=3, org=w.GENT)
    m = f"{{{ns.SSDN_MANAGE_ATTESTS}}}"

    def statut65():
        reply = w.ask_ssdn(wire, w.list_attestations(person.ssin, request_type="STATUT65", org=w.GENT),
                           ("ssdn/SSDNReplyBundle.xsd",))
        return [(a.findtext(f"{m}Reference"), a.findtext(f"{m}CPAS_KBOBCE_code"), a.findtext(f"{m}Status"),
                 a.findtext(f"{m}FormType/{m}Code"), a.findtext(f"{m}Duration/{{{ns.SSDN_COMMON}}}EndDate"))
                for a in reply.iter(f"{m}Attestation")]

    def eris():
        reply = w.ask_ssdn(wire, w.send_xml(l036(person.ssin, entry.isoformat(), org=w.GENT)),
                           ("ssdn/SSDNReplyBundle.xsd",))
        assert answer(reply, L) is not None
        return [(r[1], r[3], r[6], r[7]) for r in listed(reply)]

    end = six_months_end(entry).isoformat()
    assert statut65() == [(reference, w.LIEGE["cbe"], "ACCEPTED", "B1", end)]
    assert eris() == [(reference, "CREATED", end, "ERIS")]
    withdrawn = today(wire) - dt.timedelta(days=30)
    ask(wire, w.loi65_c(person.ssin, withdrawn.isoformat(), today(wire).isoformat(), nature="2"))
    day_before = (withdrawn - dt.timedelta(days=1)).isoformat()
    assert statut65() == [(reference, w.LIEGE["cbe"], "CANCELLED", "B1", day_before)]
    assert eris() == [(reference, "MODIFIED", day_before, "ERIS")]
