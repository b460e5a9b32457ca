"""WorldStore / JournalStore behaviours on small hand-made worlds, and the phonetic key."""

import datetime as dt
import json
import sqlite3
import threading

import pytest

from simulator.errors import SimulatorError
from simulator.world.model import Integration, JournalEntry
from simulator.world.phonetic import first_name_keys, phonetic_key
from simulator.world.ssin import make_bis, make_rn
from simulator.world.store import JournalStore, WorldStore
from simulator.world.store import (
    base as store_module,  # where the versioning reads SCHEMA_VERSION/MIGRATIONS
)

D = dt.date
CPAS = "0212344876"
OTHER = "0437910359"
DUPONT = make_rn(D(1985, 3, 14), 1)
DUPOND = make_rn(D(1985, 3, 14), 3)
WIFE = make_rn(D(1987, 6, 2), 2)
CHILD = make_rn(D(2015, 1, 9), 5)
BIS_UNKNOWN = make_bis(1985, None, None, 7)  # born 1985, month and day unknown, man
BIS_NOSEX = make_bis(1986, 2, 3, 8, sex_known=False)
OLD_BIS = make_bis(1985, 3, 14, 11)
DUP_BIS = make_bis(1985, None, None, 13)


def person_row(ssin, last, firsts, birth, gender, **extra):
    row = {"ssin": ssin, "kind": "BIS" if int(ssin[2:4]) >= 20 else "RN", "last_name": last,
           "last_key": phonetic_key(last), "first_names": "|".join(firsts),
           "first_keys": " " + " ".join(first_name_keys(firsts)) + " ", "birth_date": birth, "gender": gender,
           "nationality": 150, "birth_place_nis": 21004, "birth_place_name": "Bruxelles", "birth_country": 150,
           "civil_status": 10, "language": "fr", "register": 1, "death_date": None}
    row.update(extra)
    return row


def address_row(id, ssin, nis, postal, begin, end=None, street="Rue Neuve"):
    return {"id": id, "ssin": ssin, "kind": "LEGAL", "country": 150, "nis": nis, "postal_code": postal,
            "municipality_fr": "X", "street_code": 1075, "street_fr": street, "house_number": "1",
            "begin_date": begin, "end_date": end}


@pytest.fixture
def world(tmp_path):
    store = WorldStore.create(tmp_path / "world.sqlite")
    store.set_meta("reference_date", "2026-01-01")
    store.insert_rows("person", [
        person_row(DUPONT, "Dupont", ("Jean-Pierre", "Marc"), "1985-03-14", 1, civil_status=20),
        person_row(DUPOND, "Dupond", ("Luc",), "1985-03-14", 1, death_date="2024-05-01"),
        person_row(WIFE, "Lambert", ("Marie",), "1987-06-02", 2, civil_status=20),
        person_row(CHILD, "Dupont", ("Emma",), "2015-01-09", 2),
        person_row(BIS_UNKNOWN, "Du Pont", ("Jean",), "1985-00-00", 1, register=None),
        person_row(BIS_NOSEX, "Dupont", ("Alex",), "1986-02-03", 0, register=None, nationality=111),
    ])
    store.insert_rows("address", [
        address_row(1, DUPONT, 21004, "1000", "2005-01-01", "2015-12-31", street="Rue Haute"),
        address_row(2, DUPONT, 62063, "4000", "2016-01-01"),
        address_row(3, WIFE, 62063, "4000", "2016-01-01"),
        address_row(4, CHILD, 62063, "4000", "2016-01-01"),
        address_row(5, DUPOND, 21015, "1030", "2010-01-01"),
    ])
    store.insert_rows("civil_state", [
        {"ssin": DUPONT, "code": 10, "begin_date": "1985-03-14", "end_date": "2014-06-13"},
        {"ssin": DUPONT, "code": 20, "begin_date": "2014-06-14", "partner_ssin": WIFE, "place_nis": 21004},
        {"ssin": WIFE, "code": 10, "begin_date": "1987-06-02", "end_date": "2014-06-13"},
        {"ssin": WIFE, "code": 20, "begin_date": "2014-06-14", "partner_ssin": DUPONT, "place_nis": 21004},
    ])
    store.insert_rows("nationality", [
        {"ssin": WIFE, "country": 111, "begin_date": "1987-06-02", "end_date": "2019-12-31"},
        {"ssin": WIFE, "country": 150, "begin_date": "2020-01-01"},
    ])
    store.insert_rows("household", [{"id": 1, "begin_date": "2016-01-01"}])
    store.insert_rows("household_member", [
        {"household_id": 1, "ssin": DUPONT, "relationship": "01", "begin_date": "2016-01-01", "end_date": "2022-12-31"},
        {"household_id": 1, "ssin": WIFE, "relationship": "02", "begin_date": "2016-01-01", "end_date": "2022-12-31"},
        {"household_id": 1, "ssin": WIFE, "relationship": "01", "begin_date": "2023-01-01"},
        {"household_id": 1, "ssin": DUPONT, "relationship": "02", "begin_date": "2023-01-01"},
        {"household_id": 1, "ssin": CHILD, "relationship": "03", "begin_date": "2016-01-01"},
    ])
    store.insert_rows("identity_card", [
        {"ssin": DUPONT, "number": "591234567890", "type": "0000", "begin_date": "2016-05-01",
         "end_date": "2026-04-30", "municipality_nis": 62063},
        {"ssin": DUPONT, "number": "590000000123", "type": "0000", "begin_date": "2006-05-01",
         "end_date": "2016-04-30", "municipality_nis": 21004},
    ])
    store.insert_rows("ssin_history", [
        {"old_ssin": DUP_BIS, "new_ssin": OLD_BIS, "date": "2010-01-01", "reason": "MERGE"},
        {"old_ssin": OLD_BIS, "new_ssin": DUPONT, "date": "2012-02-03", "reason": "BIS_TO_RN"},
    ])
    yield store
    store.close()


# -- lifecycle ------------------------------------------------------------------------------------


def test_create_has_schema_meta_and_reference_tables(world):
    meta = world.meta()
    assert meta["schema_version"] == str(store_module.SCHEMA_VERSION)
    assert meta["reference_date"] == "2026-01-01" and world.reference_date == D(2026, 1, 1)
    assert world.municipality(21004)["name_nl"] == "Brussel"
    assert world.municipality(63023)["language"] == "de"
    assert world.municipality(73028)["has_cpas"] == 0
    assert world.municipality(99999) is None
    assert world.country(150)["name_fr"] == "Belgique" and world.country(354)["iso2"] == "MA"
    assert world.civil_state_label(20, "nl") == "Gehuwd"
    assert world.civil_state_label(40, "de") == "Geschieden"
    assert world.relationship_label("03", "fr") == "Fils/fille"
    assert world.relationship_label("99", "fr") is None
    assert len(world.municipalities()) >= 60


def test_connection_is_wal_with_busy_timeout(world):
    assert world.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert world.conn.execute("PRAGMA busy_timeout").fetchone()[0] == 5000


def test_create_refuses_an_existing_file(world):
    with pytest.raises(SimulatorError):
        WorldStore.create(world.path)


@pytest.mark.parametrize("content", [None, b"", b"this is not a database at all" * 100, b"SQLite format 3\x00garbage"])
def test_open_refuses_what_is_not_a_world(tmp_path, content):
    path = tmp_path / "thing.sqlite"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(SimulatorError) as info:
        WorldStore.open(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)
    if content is None:
        assert not path.exists()  # opening never creates a world


def test_open_refuses_another_sqlite_database(tmp_path):
    path = tmp_path / "other.sqlite"
    sqlite3.connect(path).execute("CREATE TABLE t (x)").connection.close()
    with pytest.raises(SimulatorError, match="not a world database"):
        WorldStore.open(path)


def test_reopen_sees_the_data(world):
    other = WorldStore.open(world.path)
    try:
        assert other.count_persons() == 6
        assert other.person(DUPONT).last_name == "Dupont"
    finally:
        other.close()


def test_migrate_upgrades_step_by_step(world, monkeypatch):
    world.close()
    steps = []

    def to_2(db):
        steps.append(2)
        db["person"].add_column("nickname", str)

    def to_3(db):
        steps.append(3)
        db.execute("UPDATE person SET nickname = 'Jeannot' WHERE ssin = ?", [DUPONT])

    current = store_module.SCHEMA_VERSION
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current + 2)
    monkeypatch.setattr(store_module, "MIGRATIONS", {current: to_2, current + 1: to_3})
    upgraded = WorldStore.open(world.path)
    try:
        assert steps == [2, 3]
        assert upgraded.meta()["schema_version"] == str(current + 2)
        assert upgraded.conn.execute("SELECT nickname FROM person WHERE ssin = ?", (DUPONT,)).fetchone() == ("Jeannot",)
        assert upgraded.migrate() == current + 2 and steps == [2, 3]  # nothing left to do
    finally:
        upgraded.close()


def test_migrate_refuses_newer_or_unknown_versions(world, monkeypatch):
    world.set_meta("schema_version", "99")
    world.close()
    with pytest.raises(SimulatorError, match="newer"):
        WorldStore.open(world.path)
    plain = sqlite3.connect(world.path)
    plain.execute("UPDATE meta SET value = '0' WHERE key = 'schema_version'")
    plain.commit()
    plain.close()
    with pytest.raises(SimulatorError, match="no migration"):
        WorldStore.open(world.path)


def test_a_failed_migration_changes_nothing(world, monkeypatch):
    world.close()

    def broken(db):
        db["person"].add_column("half_done", str)
        raise RuntimeError("boom")

    current = store_module.SCHEMA_VERSION
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current + 1)
    monkeypatch.setattr(store_module, "MIGRATIONS", {current: broken})
    with pytest.raises(RuntimeError):
        WorldStore.open(world.path)
    monkeypatch.setattr(store_module, "SCHEMA_VERSION", current)
    again = WorldStore.open(world.path)
    try:
        assert again.meta()["schema_version"] == str(current)
        assert "half_done" not in again.db["person"].columns_dict
    finally:
        again.close()


# -- persons --------------------------------------------------------------------------------------


def test_person_at_dates(world):
    now = world.person(DUPONT)
    assert now.first_names == ("Jean-Pierre", "Marc") and now.kind == "RN" and now.gender == 1
    assert now.address.nis == 62063 and now.address.begin == D(2016, 1, 1) and now.address.end is None
    assert now.civil_status == 20
    before = world.person(DUPONT, at=D(2010, 6, 1))
    assert before.address.nis == 21004 and before.address.street_fr == "Rue Haute"
    assert before.civil_status == 10
    assert world.person(WIFE, at=D(2019, 1, 1)).nationality == 111
    assert world.person(WIFE).nationality == 150
    assert world.person("00000000000") is None


def test_death_is_known_from_its_date_on(world):
    assert world.person(DUPOND).death_date == "2024-05-01"
    assert world.person(DUPOND, at=D(2024, 5, 1)).death_date == "2024-05-01"
    assert world.person(DUPOND, at=D(2024, 4, 30)).death_date is None


def test_persons_are_ordered_and_paged(world):
    everyone = world.persons(limit=50)
    assert [p.ssin for p in everyone] == sorted(p.ssin for p in everyone)
    assert len(everyone) == world.count_persons() == 6
    assert [p.ssin for p in world.persons(limit=2, offset=2)] == [p.ssin for p in everyone[2:4]]


def test_history_lists_are_newest_first(world):
    assert [a.nis for a in world.addresses(DUPONT)] == [62063, 21004]
    assert world.addresses(DUPONT)[1].end == D(2015, 12, 31)
    states = world.civil_states(DUPONT)
    assert [s.code for s in states] == [20, 10] and states[0].partner_ssin == WIFE
    assert [n.country for n in world.nationalities(WIFE)] == [150, 111]
    cards = world.identity_cards(DUPONT)
    assert [c.number for c in cards] == ["591234567890", "590000000123"] and cards[0].type == "0000"
    assert world.identity_card_holder("591234567890") == DUPONT
    assert world.addresses("00000000000") == []


# -- households -----------------------------------------------------------------------------------


def test_household_at_a_date(world):
    early = world.household(CHILD, D(2020, 1, 1))
    assert early.reference_ssin == DUPONT
    assert {(m.ssin, m.relationship) for m in early.members} == {(DUPONT, "01"), (WIFE, "02"), (CHILD, "03")}
    late = world.household(DUPONT, D(2024, 1, 1))
    assert late.id == early.id and late.reference_ssin == WIFE
    assert {(m.ssin, m.relationship) for m in late.members} == {(WIFE, "01"), (DUPONT, "02"), (CHILD, "03")}
    assert world.household(CHILD, D(2015, 12, 31)) is None
    assert world.household(DUPOND) is None
    history = world.household_history(DUPONT)
    assert [(m.relationship, m.begin) for m in history] == [("02", D(2023, 1, 1)), ("01", D(2016, 1, 1))]
    assert history[0].household_id == early.id


# -- phonetic search ------------------------------------------------------------------------------


def test_search_phonetic_matches_spelling_variants(world):
    found = world.search_phonetic("DUPOND", None, "1900-00-00", "2099-99-99", None, 10)
    assert {p.ssin for p in found} == {DUPONT, DUPOND, CHILD, BIS_UNKNOWN, BIS_NOSEX}
    names = [(p.last_name, p.first_names) for p in found]
    assert names == sorted(names, key=lambda n: (n[0], "|".join(n[1])))
    assert world.search_phonetic("Lambert", None, "1900-00-00", "2099-99-99", None, 10)[0].ssin == WIFE
    assert world.search_phonetic("Nobody", None, "1900-00-00", "2099-99-99", None, 10) == []


def test_search_phonetic_birth_range_is_inclusive(world):
    exact = world.search_phonetic("Dupont", None, "1985-03-14", "1985-03-14", None, 10)
    assert {p.ssin for p in exact} == {DUPONT, DUPOND, BIS_UNKNOWN}  # '1985-00-00' may well be that day
    assert [p.ssin for p in world.search_phonetic("Dupont", None, "1985-03-15", "1985-12-31", None, 10)] == [BIS_UNKNOWN]
    assert world.search_phonetic("Dupont", None, "1984-01-01", "1984-12-31", None, 10) == []
    assert [p.ssin for p in world.search_phonetic("Dupont", None, "1986-02-03", "1986-02-03", None, 10)] == [BIS_NOSEX]


def test_search_phonetic_with_incomplete_bounds(world):
    year = world.search_phonetic("Dupont", None, "1985-00-00", "1985-99-99", None, 10)
    assert {p.ssin for p in year} == {DUPONT, DUPOND, BIS_UNKNOWN}
    month = world.search_phonetic("Dupont", None, "1986-02-00", "1986-02-99", None, 10)
    assert [p.ssin for p in month] == [BIS_NOSEX]


def test_search_phonetic_first_name_and_gender(world):
    jean = world.search_phonetic("Dupont", "Jean", "1900-00-00", "2099-99-99", None, 10)
    assert {p.ssin for p in jean} == {DUPONT, BIS_UNKNOWN}  # Jean-Pierre counts as a Jean
    assert [p.ssin for p in world.search_phonetic("Dupont", "marc", "1900-00-00", "2099-99-99", None, 10)] == [DUPONT]
    women = world.search_phonetic("Dupont", None, "1900-00-00", "2099-99-99", 2, 10)
    assert {p.ssin for p in women} == {CHILD, BIS_NOSEX}  # unknown sex matches either
    assert len(world.search_phonetic("Dupont", None, "1900-00-00", "2099-99-99", None, 2)) == 2


def test_search_results_carry_their_address(world):
    found = world.search_phonetic("Dupont", "Jean-Pierre", "1985-03-14", "1985-03-14", 1, 5)
    assert [p.address.postal_code for p in found] == ["4000"]


# -- replaced numbers -----------------------------------------------------------------------------


def test_replacement_follows_the_chain(world):
    direct = world.replacement(OLD_BIS)
    assert (direct.old_ssin, direct.new_ssin, direct.date, direct.reason) == (OLD_BIS, DUPONT, D(2012, 2, 3), "BIS_TO_RN")
    merged = world.replacement(DUP_BIS)
    assert (merged.new_ssin, merged.date, merged.reason) == (DUPONT, D(2010, 1, 1), "MERGE")
    assert [r.new_ssin for r in world.replacement_chain(DUP_BIS)] == [OLD_BIS, DUPONT]
    assert world.replacement(DUPONT) is None
    assert [r.old_ssin for r in world.former_ssins(DUPONT)] == [OLD_BIS]
    assert world.replaced_ssins() == sorted([DUP_BIS, OLD_BIS])
    assert world.canceled(DUPONT) is None


def test_replacement_survives_a_cycle(world):
    world.insert_rows("ssin_history", [{"old_ssin": WIFE, "new_ssin": CHILD, "date": "2020-01-01", "reason": "CORRECTION"},
                                       {"old_ssin": CHILD, "new_ssin": WIFE, "date": "2021-01-01", "reason": "CORRECTION"}])
    assert world.replacement(WIFE).new_ssin == CHILD


def test_replace_ssin_carries_integrations_over(world):
    world.add_integration(Integration(ssin=WIFE, org_cbe=CPAS, purpose=2, begin=D(2025, 1, 1)))
    assert world.replace_ssin(WIFE, CHILD, D(2025, 6, 1), "CORRECTION") == 1
    assert world.replacement(WIFE).new_ssin == CHILD
    assert world.is_integrated(CHILD, CPAS, D(2025, 7, 1)) and not world.integrations(WIFE)


# -- integrations ---------------------------------------------------------------------------------


def test_integration_period_is_inclusive(world):
    added = world.add_integration(Integration(ssin=DUPONT, org_cbe=CPAS, sector=17, institution=1, purpose=1,
                                              begin=D(2025, 1, 1), end=D(2025, 3, 31)))
    assert added.id and added.created_at.endswith("Z") and added.register == "SECONDARY"
    assert not world.is_integrated(DUPONT, CPAS, D(2024, 12, 31))
    assert world.is_integrated(DUPONT, CPAS, D(2025, 1, 1))
    assert world.is_integrated(DUPONT, CPAS, D(2025, 3, 31))
    assert not world.is_integrated(DUPONT, CPAS, D(2025, 4, 1))
    assert not world.is_integrated(DUPONT, OTHER, D(2025, 2, 1))


def test_integrations_filters(world):
    world.add_integration(Integration(ssin=DUPONT, org_cbe=CPAS, purpose=1, begin=D(2025, 1, 1), end=D(2025, 2, 28)))
    world.add_integration(Integration(ssin=DUPONT, org_cbe=CPAS, purpose=2, begin=D(2025, 3, 1)))
    world.add_integration(Integration(ssin=DUPONT, org_cbe=OTHER, sector=18, institution=0, purpose=1,
                                      begin=D(2024, 1, 1), register="PRIMARY"))
    assert [i.purpose for i in world.integrations(DUPONT)] == [1, 1, 2]
    assert [i.purpose for i in world.integrations(DUPONT, org_cbe=CPAS)] == [1, 2]
    assert [i.org_cbe for i in world.integrations(DUPONT, sector=18)] == [OTHER]
    assert [i.purpose for i in world.integrations(DUPONT, org_cbe=CPAS, at=D(2025, 6, 1))] == [2]
    assert len(world.integrations(org_cbe=CPAS)) == 2 and world.integrations(WIFE) == []


def test_end_integration(world):
    world.add_integration(Integration(ssin=DUPONT, org_cbe=CPAS, purpose=2, begin=D(2025, 1, 1)))
    assert world.end_integration(DUPONT, CPAS, 3, D(2025, 1, 1), D(2025, 6, 30)) == 0  # other purpose
    assert world.end_integration(DUPONT, CPAS, 2, D(2025, 1, 1), D(2025, 6, 30)) == 1
    (row,) = world.integrations(DUPONT)
    assert row.end == D(2025, 6, 30)
    assert world.is_integrated(DUPONT, CPAS, D(2025, 6, 30)) and not world.is_integrated(DUPONT, CPAS, D(2025, 7, 1))
    assert world.end_integration(DUPONT, CPAS, 2, None, D(2025, 12, 31)) == 0  # already ended earlier
    assert world.end_integration(DUPONT, CPAS, 2, None, D(2024, 12, 31)) == 1  # ends before it began: removed
    assert world.integrations(DUPONT) == []


def test_add_integration_needs_the_essentials(world):
    with pytest.raises(SimulatorError):
        world.add_integration(Integration(ssin=DUPONT, org_cbe=CPAS))


def test_writes_from_several_threads_and_a_second_store(world):
    other = WorldStore.open(world.path)
    errors = []

    def register(n):
        try:
            for i in range(20):
                target = world if i % 2 else other
                target.add_integration(Integration(ssin=DUPONT, org_cbe=CPAS, purpose=n, begin=D(2025, 1, 1 + i)))
                assert target.person(DUPONT) is not None
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=register, args=(n,)) for n in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    try:
        assert not errors
        assert len(other.integrations(DUPONT)) == len(world.integrations(DUPONT)) == 80
    finally:
        other.close()


# -- journal --------------------------------------------------------------------------------------


def test_journal_append_list_count_clear(tmp_path):
    path = tmp_path / "sandbox" / "journal.sqlite"
    journal = JournalStore.open(path)
    ids = [journal.append(JournalEntry(sandbox="s1", endpoint="/SOA4520/X", service="X", operation=f"op{i}",
                                       organisation=CPAS, status="MSG00000", duration_ms=1.5 + i,
                                       request="<a/>", response="<b/>", findings=[{"id": "ENV-003"}]))
           for i in range(5)]
    assert ids == sorted(ids) and journal.count() == 5
    newest = journal.entries(limit=2)
    assert [e.operation for e in newest] == ["op4", "op3"]
    assert [e.operation for e in journal.entries(limit=2, offset=1, newest_first=False)] == ["op1", "op2"]
    entry = newest[0]
    assert entry.id == ids[-1] and entry.duration_ms == 5.5 and entry.http_status == 200
    assert json.loads(entry.findings) == [{"id": "ENV-003"}]
    stamp = dt.datetime.strptime(entry.time, "%Y-%m-%dT%H:%M:%S.%fZ").replace(tzinfo=dt.UTC)
    assert abs((dt.datetime.now(dt.UTC) - stamp).total_seconds()) < 60
    journal.close()
    again = JournalStore.open(path)
    assert again.count() == 5
    again.append(JournalEntry(time="2026-01-01T00:00:00.000Z", fault="soap:Client", http_status=500))
    assert again.entries(limit=1)[0].fault == "soap:Client"
    again.clear()
    assert again.count() == 0 and again.entries() == []
    again.close()


def test_journal_refuses_garbage(tmp_path):
    path = tmp_path / "journal.sqlite"
    path.write_bytes(b"garbage" * 200)
    with pytest.raises(SimulatorError):
        JournalStore.open(path)


def test_journal_is_not_a_world(tmp_path):
    JournalStore.open(tmp_path / "j.sqlite").close()
    with pytest.raises(SimulatorError):
        WorldStore.open(tmp_path / "j.sqlite")


# -- phonetic key ---------------------------------------------------------------------------------


@pytest.mark.parametrize("variants", [
    ("Dupont", "Dupond", "DUPONT", "du Pont"),
    ("Janssens", "Janssen", "Jansens", "Janssen"),
    ("Van den Berghe", "Vandenberghe", "Vanden Berghe", "van den berghe", "Van Den Berghe"),
    ("Müller", "Muller", "Mueller", "MÜLLER"),
    ("Claes", "Claeys", "Klaas"),
    ("Deschamps", "Dechamps"),
    ("Lefebvre", "Lefèvre", "Lefevre"),
    ("Meyer", "Meijer", "Meier"),
    ("Declercq", "De Clercq", "De Clerck"),
    ("D'Hondt", "Dhondt", "Dhont"),
    ("Schröder", "Schroeder"),
    ("Peeters", "Peters"),
    ("Goossens", "Goosens"),
    ("Dupuis", "Dupuy"),
    ("Hélène", "Helene", "HELENE"),
])
def test_phonetic_variants_share_a_key(variants):
    assert len({phonetic_key(v) for v in variants}) == 1, {v: phonetic_key(v) for v in variants}


@pytest.mark.parametrize("a, b", [("Dupont", "Dubois"), ("Janssens", "Jacobs"), ("Peeters", "Pauwels"),
                                  ("Martin", "Mertens"), ("Claes", "Clément"), ("Lambert", "Laurent")])
def test_phonetic_keeps_different_names_apart(a, b):
    assert phonetic_key(a) != phonetic_key(b)


def test_phonetic_edge_cases():
    assert phonetic_key("") == phonetic_key("'-") == ""
    assert phonetic_key("Öztürk") == phonetic_key("Ozturk")
    assert phonetic_key("Wójcik") == phonetic_key("Wojcik")
    assert first_name_keys(("Jean-Pierre", "Marie")) == (phonetic_key("Jean-Pierre"), phonetic_key("Jean"),
                                                          phonetic_key("Pierre"), phonetic_key("Marie"))
