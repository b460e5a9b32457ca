"""SPP IS attestations over sendXML: RegisterAttest evaluation, StopAttest, ListOfAttestations across CPAS."""

from __future__ import annotations

import datetime as dt
import sqlite3

from simulator.soap import ns
from simulator.world.store import WorldStore
from simulator.world.store import attestations as store
from simulator.world.store import schema as schema_module
from tests import wire as w
from tests.people import find_person, integrate

Q = f"{{{ns.SSDN_MANAGE_ATTESTS}}}"
REPLY_SCHEMA = ("ssdn/Service/SSDNReply.xsd", "ssdn/OCMW_CPAS/ManageAttests/ManageAttestsReply.xsd")


def ask(wire, body):
    return w.ask_ssdn(wire, body, REPLY_SCHEMA)


def body(reply, local):
    return reply.find(f"{w.S}ServiceReply/{Q}{local}")


def listed(reply):
    """(CPAS, status, start, end, reference) of every Attestation of a ListOfAttestationsReply."""
    return [(a.findtext(f"{Q}CPAS_KBOBCE_code"), a.findtext(f"{Q}Status"), a.findtext(f"{Q}Duration/{w.C}StartDate"),
             a.findtext(f"{Q}Duration/{w.C}EndDate"), a.findtext(f"{Q}Reference"))
            for a in body(reply, "ListOfAttestationsReply").findall(f"{Q}Attestation")]


def today(wire) -> dt.date:
    return wire.sandbox.now().date()


def adult(wire, skip=()):
    world, day = wire.world, today(wire)
    limit = day.replace(year=day.year - 25).isoformat()
    return find_person(world, lambda p: p.kind == "RN" and not p.is_dead and "-00" not in p.birth_date
                       and p.birth_date < limit and p.ssin not in skip)


def legal(wire, category=2) -> str:
    return f"{wire.world.ris_amount(category, today(wire)):.2f}"


def test_an_accepted_ris_gets_its_reference_and_rate(wire):
    person = adult(wire)
    integrate(wire, person)
    start = today(wire).isoformat()
    reply = ask(wire, w.register_attest(person.ssin, start, category=2, amount=legal(wire), piis=True))
    assert w.service_summary(reply) == ("YES", ["11012001"])
    decision = body(reply, "RegisterAttestReply")
    assert decision.findtext(f"{Q}Status") == "ACCEPTED"
    assert decision.findtext(f"{Q}ReimbursementRate") == "65.00"  # 55 % + 10 % with a PIIS
    assert decision.findtext(f"{Q}LegalAmount") == legal(wire)
    reference = decision.findtext(f"{Q}Reference")
    assert reference.startswith("RIS62063")  # LIEGE's NIS code
    saved = store.by_reference(wire.world, reference)
    assert (saved.ssin, saved.cpas_cbe, saved.status, saved.piis, saved.end) == (
        person.ssin, w.LIEGE["cbe"], "ACCEPTED", True, None)
    # without a PIIS, the base rate; the same CPAS may decide again over its own period
    again = body(ask(wire, w.register_attest(person.ssin, start, category=1, amount=legal(wire, 1))),
                 "RegisterAttestReply")
    assert again.findtext(f"{Q}ReimbursementRate") == "55.00"


def test_refusals_carry_every_reason_and_are_stored(wire):
    person = adult(wire)  # not integrated by LIEGE
    start = today(wire).isoformat()
    above = f"{float(legal(wire, 3)) + 1:.2f}"
    reply = ask(wire, w.register_attest(person.ssin, start, category=3, amount=above))
    ok, found = w.service_summary(reply)
    assert ok == "NO" and set(found) == {"31012001", "31012003"}
    decision = body(reply, "RegisterAttestReply")
    assert decision.findtext(f"{Q}Status") == "REFUSED" and decision.find(f"{Q}ReimbursementRate") is None
    integrate(wire, person)
    assert listed(ask(wire, w.list_attestations(person.ssin)))[0][1] == "REFUSED"


def test_age_residence_and_death_conditions(wire):
    world, day = wire.world, today(wire)
    start = day.isoformat()
    minor_limit = day.replace(year=day.year - 18).isoformat()
    minor = find_person(world, lambda p: p.kind == "RN" and not p.is_dead and p.birth_date > minor_limit)
    bis = find_person(world, lambda p: p.kind == "BIS" and not p.is_dead and "-00" not in p.birth_date
                      and p.birth_date < minor_limit)
    for person, code in ((minor, "31012004"), (bis, "31012006")):
        integrate(wire, person)
        ok, found = w.service_summary(ask(wire, w.register_attest(person.ssin, start, amount=legal(wire))))
        assert ok == "NO" and code in found, (person.ssin, found)
    dead = find_person(world, lambda p: p.kind == "RN" and world.person(p.ssin, at=day).is_dead)
    integrate(wire, dead)
    ok, found = w.service_summary(ask(wire, w.register_attest(dead.ssin, start, amount=legal(wire))))
    assert ok == "NO" and "31012005" in found


def test_what_liege_registers_gent_lists_and_cannot_overlap(wire):
    person = adult(wire)
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    start = today(wire).isoformat()
    reference = body(ask(wire, w.register_attest(person.ssin, start, amount=legal(wire), piis=True)),
                     "RegisterAttestReply").findtext(f"{Q}Reference")
    reply = ask(wire, w.list_attestations(person.ssin, start=start, org=w.GENT))
    assert w.service_summary(reply) == ("YES", [])
    assert listed(reply) == [(w.LIEGE["cbe"], "ACCEPTED", start, None, reference)]
    entry = body(reply, "ListOfAttestationsReply").find(f"{Q}Attestation")
    assert entry.findtext(f"{Q}AttestType/{Q}Code") == "RIS" and entry.findtext(f"{Q}FormType/{Q}Code") == "2"
    assert " / " in entry.findtext(f"{Q}FormType/{Q}Description")
    assert body(reply, "ListOfAttestationsReply").find(f"{Q}GpmiPiis").get("hasAttestation") == "true"
    ok, found = w.service_summary(ask(wire, w.register_attest(person.ssin, start, amount="500.00", org=w.GENT)))
    assert ok == "NO" and found == ["31012002"]
    # GENT cannot stop LIEGE's decision
    assert w.service_summary(ask(wire, w.stop_attest(person.ssin, reference, start, org=w.GENT))) == ("NO", ["31012008"])


def test_a_stop_changes_the_answers_from_its_date_on(wire):
    person = adult(wire)
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    day = today(wire)
    start, stop = day.isoformat(), (day + dt.timedelta(days=30)).isoformat()
    reference = body(ask(wire, w.register_attest(person.ssin, start, amount=legal(wire))),
                     "RegisterAttestReply").findtext(f"{Q}Reference")
    reply = ask(wire, w.stop_attest(person.ssin, reference, stop))
    assert w.service_summary(reply) == ("YES", ["11012002"])
    stopped = body(reply, "StopAttestReply")
    last = (day + dt.timedelta(days=29)).isoformat()
    assert (stopped.findtext(f"{Q}Status"), stopped.findtext(f"{Q}Period/{w.C}EndDate")) == ("STOPPED", last)
    assert listed(ask(wire, w.list_attestations(person.ssin, start=start, org=w.GENT))) == [
        (w.LIEGE["cbe"], "STOPPED", start, last, reference)]
    assert listed(ask(wire, w.list_attestations(person.ssin, start=stop, org=w.GENT))) == []
    # from the stop date on, another CPAS may grant the RIS
    ok, found = w.service_summary(ask(wire, w.register_attest(person.ssin, stop, amount=legal(wire), org=w.GENT)))
    assert (ok, found) == ("YES", ["11012001"])
    assert w.service_summary(ask(wire, w.stop_attest(person.ssin, reference, stop))) == ("NO", ["31012009"])
    assert w.service_summary(ask(wire, w.stop_attest(person.ssin, "RIS0000000000", stop))) == ("NO", ["31012007"])


def test_input_errors_store_nothing(wire):
    person = adult(wire)
    integrate(wire, person)
    day = today(wire)
    reply = ask(wire, w.register_attest(person.ssin, day.isoformat(), end=(day - dt.timedelta(days=1)).isoformat()))
    assert w.service_summary(reply) == ("NO", ["31008003"]) and body(reply, "RegisterAttestReply") is None
    assert w.service_summary(ask(wire, w.register_attest("85031400128", day.isoformat()))) == ("NO", ["31000008"])
    assert store.attestations(wire.world, person.ssin) == []
    other = adult(wire, skip={person.ssin})
    assert w.service_summary(ask(wire, w.list_attestations(other.ssin))) == ("NO", ["31000009"])
    # request types with no decisions in the simulator yet: an empty list
    reply = ask(wire, w.list_attestations(person.ssin, request_type="PRIME_INSTALLATION"))
    assert w.service_summary(reply) == ("YES", []) and listed(reply) == []


def test_a_version_2_world_gets_the_attestation_table(tmp_path):
    path = tmp_path / "v2.sqlite"
    WorldStore.create(path).close()
    plain = sqlite3.connect(path)
    for table in ("attestation", *schema_module.SPP_IS_TABLES):
        plain.execute(f"DROP TABLE {table}")
    plain.execute("UPDATE meta SET value = '2' WHERE key = 'schema_version'")
    plain.commit()
    plain.close()
    upgraded = WorldStore.open(path)
    try:
        assert upgraded.meta()["schema_version"] == str(schema_module.SCHEMA_VERSION) == "4"
        assert upgraded.table_counts()["attestation"] == 0
        indexes = {r[0] for r in upgraded.conn.execute("SELECT name FROM sqlite_master WHERE type = 'index'")}
        assert {f"idx_{t}_{'_'.join(c)}" for t, c in schema_module.ATTESTATION_INDEXES} <= indexes
        saved = store.register(upgraded, store.Attestation(
            None, "85031400127", "0207349673", 62063, "RIS", 2, dt.date(2026, 1, 1), None, 900.0, False, 55.0,
            "ACCEPTED", created_at="2026-01-01T10:00:00"))
        assert store.attestations(upgraded, "85031400127") == [saved] and saved.reference == "RIS6206300000001"
    finally:
        upgraded.close()


# corrections, age exceptions, reimbursement tiers ---------------------------------------------------


def adult_of_both(wire, skip=()):
    """An adult both LIEGE and GENT have integrated."""
    person = adult(wire, skip)
    integrate(wire, person)
    integrate(wire, person, org=w.GENT)
    return person


def register(wire, person, start: str, **kw) -> str:
    """Register a RIS decision that must be accepted; its reference."""
    reply = ask(wire, w.register_attest(person.ssin, start, **kw))
    assert w.service_summary(reply)[0] == "YES", w.service_summary(reply)
    return body(reply, "RegisterAttestReply").findtext(f"{Q}Reference")


def information(reply, code) -> dict:
    """FieldName -> FieldValue of the service reply's detail with ``code``."""
    for d in reply.findall(f"{w.S}ServiceReply/{w.C}ResultSummary/{w.C}Detail"):
        if d.findtext(f"{w.C}ReasonCode") == code:
            return {i.findtext(f"{w.C}FieldName"): i.findtext(f"{w.C}FieldValue") for i in d.findall(f"{w.C}Information")}
    raise AssertionError(f"no detail {code}")


def test_a_correction_replaces_the_old_version_for_every_later_answer(wire):
    person = adult_of_both(wire)
    day = today(wire)
    start, end = day.isoformat(), (day + dt.timedelta(days=59)).isoformat()
    old = register(wire, person, start, category=2, amount=legal(wire))
    reply = ask(wire, w.register_attest(person.ssin, start, category=1, amount=legal(wire, 1), end=end, piis=True,
                                        corrects=old))
    assert w.service_summary(reply) == ("YES", ["11012003"])
    decision = body(reply, "RegisterAttestReply")
    new = decision.findtext(f"{Q}Reference")
    assert (decision.findtext(f"{Q}CorrectedReference"), decision.findtext(f"{Q}ReimbursementRate")) == (old, "65.00")
    assert information(reply, "11012003")["CorrectedReference"] == old
    assert store.by_reference(wire.world, old).status == "CORRECTED" and store.replaced_by(wire.world, old) == new
    # GENT sees the new version, and the old one marked CORRECTED
    assert {(r[4], r[1], r[3]) for r in listed(ask(wire, w.list_attestations(person.ssin, org=w.GENT)))} == {
        (old, "CORRECTED", None), (new, "ACCEPTED", end)}
    # the corrected end frees the days after it for another CPAS
    after = (day + dt.timedelta(days=60)).isoformat()
    assert w.service_summary(ask(wire, w.register_attest(person.ssin, after, amount=legal(wire), org=w.GENT))) == (
        "YES", ["11012001"])
    # the old version can be neither stopped nor corrected again; a correction keeps the start; only its CPAS corrects
    assert w.service_summary(ask(wire, w.stop_attest(person.ssin, old, start))) == ("NO", ["31012009"])
    again = ask(wire, w.register_attest(person.ssin, start, amount=legal(wire), corrects=old))
    assert w.service_summary(again) == ("NO", ["31012011"]) and information(again, "31012011")["ReplacedBy"] == new
    moved = (day + dt.timedelta(days=1)).isoformat()
    assert w.service_summary(ask(wire, w.register_attest(person.ssin, moved, amount=legal(wire), corrects=new))) == (
        "NO", ["31012012"])
    assert w.service_summary(ask(wire, w.register_attest(person.ssin, start, amount="500.00", corrects=new,
                                                         org=w.GENT))) == ("NO", ["31012008"])
    assert w.service_summary(ask(wire, w.register_attest(person.ssin, start, corrects="RIS0000000000"))) == (
        "NO", ["31012007"])


def test_a_refused_correction_leaves_the_old_version_in_force(wire):
    person = adult(wire)
    integrate(wire, person)
    start = today(wire).isoformat()
    old = register(wire, person, start, amount=legal(wire))
    above = f"{float(legal(wire)) + 1:.2f}"
    reply = ask(wire, w.register_attest(person.ssin, start, amount=above, corrects=old))
    assert w.service_summary(reply) == ("NO", ["31012003"])
    decision = body(reply, "RegisterAttestReply")
    assert decision.findtext(f"{Q}Status") == "REFUSED" and decision.find(f"{Q}CorrectedReference") is None
    assert store.by_reference(wire.world, old).status == "ACCEPTED" and store.replaced_by(wire.world, old) is None


def minor(wire, skip=()):
    day = today(wire)
    limit = day.replace(year=day.year - 18).isoformat()
    return find_person(wire.world, lambda p: p.kind == "RN" and not p.is_dead and "-00" not in p.birth_date
                       and limit < p.birth_date < day.replace(year=day.year - 15).isoformat() and p.ssin not in skip)


def test_a_minor_gets_a_ris_when_married_pregnant_or_with_a_child(wire):
    world, day = wire.world, today(wire)
    start = day.isoformat()
    young = minor(wire)
    integrate(wire, young)
    assert w.service_summary(ask(wire, w.register_attest(young.ssin, start, amount=legal(wire)))) == (
        "NO", ["31012004"])
    pregnant = ask(wire, w.register_attest(young.ssin, start, amount=legal(wire), pregnant=True))
    assert w.service_summary(pregnant) == ("YES", ["11012001", "11012004"])
    assert information(pregnant, "11012004") == {"Exception": "PREGNANT"}
    # married (the register says so): emancipated, nothing to declare
    world.insert_rows("civil_state", [{"ssin": young.ssin, "code": 20, "begin_date": start}])
    married = ask(wire, w.register_attest(young.ssin, start, amount=legal(wire)))
    assert information(married, "11012004") == {"Exception": "MARRIED"}
    # with a child born by the start (filiation in the register)
    parent = minor(wire, skip=(young.ssin,))
    integrate(wire, parent)
    child = find_person(world, lambda p: p.birth_date <= start and p.birth_date > day.replace(year=day.year - 2).isoformat())
    world.insert_rows("filiation", [{"child_ssin": child.ssin, "parent_ssin": parent.ssin, "role": "MOTHER"}])
    with_child = ask(wire, w.register_attest(parent.ssin, start, amount=legal(wire)))
    assert information(with_child, "11012004") == {"Exception": "CHILD"}


def _ris_rows(nis: int, year: int, count: int, first: str = "01-01", last: str = "12-31", tag: str = "T") -> list[dict]:
    return [{"ssin": f"{tag}{nis}{n:06d}", "cpas_nis": nis, "kind": "RIS", "category": 2, "monthly_amount": 900.0,
             "piis": 0, "begin_date": f"{year}-{first}", "end_date": f"{year}-{last}"} for n in range(count)]


def test_the_caseload_is_the_monthly_average_of_ris_beneficiaries(wire):
    world, year = wire.world, today(wire).year - 2
    before = store.caseload(world, w.LIEGE["nis"], year)
    world.insert_rows("cpas_situation", _ris_rows(w.LIEGE["nis"], year, 24, last="06-15"))  # 6 months of 12
    world.insert_rows("cpas_situation", [dict(r, kind="ERIS") for r in _ris_rows(w.LIEGE["nis"], year, 5, tag="E")])
    assert store.caseload(world, w.LIEGE["nis"], year) == before + 12
    # a granted RIS attestation of the CPAS over the year counts, but a person in both sources once
    first = _ris_rows(w.LIEGE["nis"], year, 1)[0]
    store.register(world, store.Attestation(
        None, first["ssin"], w.LIEGE["cbe"], w.LIEGE["nis"], "RIS", 2, dt.date(year, 1, 1), None, 900.0, False, 55.0,
        "ACCEPTED", created_at=f"{year}-01-01T10:00:00"))
    assert store.caseload(world, w.LIEGE["nis"], year) == before + 12 + 0.5


def test_the_rate_follows_the_cpas_tier_of_the_penultimate_year(wire):
    world, day = wire.world, today(wire)
    person = adult_of_both(wire)
    start = day.isoformat()

    def rate(org=w.LIEGE, piis=False):
        decision = body(ask(wire, w.register_attest(person.ssin, start, amount=legal(wire), piis=piis, org=org)),
                        "RegisterAttestReply")
        return decision.findtext(f"{Q}ReimbursementRate")

    assert rate() == "55.00"
    world.insert_rows("cpas_situation", _ris_rows(w.LIEGE["nis"], day.year - 2, 500))
    assert (rate(), rate(piis=True)) == ("65.00", "75.00")
    world.insert_rows("cpas_situation", _ris_rows(w.LIEGE["nis"], day.year - 2, 500, tag="U"))
    assert rate(piis=True) == "80.00"
    # last year's caseload does not count, nor another CPAS's
    world.insert_rows("cpas_situation", _ris_rows(w.GENT["nis"], day.year - 1, 1000))
    for a in store.attestations(world, person.ssin):  # make room for GENT
        if a.status == "ACCEPTED":
            store.stop(world, a.reference, day)
    assert rate(org=w.GENT) == "55.00"
