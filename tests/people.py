"""Finding people with given traits in a generated world, and integrating them (test helpers)."""

from __future__ import annotations

from tests import wire as w


def find_person(world, predicate, limit: int = 5000):
    for person in world.persons(limit=limit):
        if predicate(person):
            return person
    raise LookupError("no person in the test world matches")


def replaced_pair(world) -> tuple[str, str]:
    """(old, new) of a replaced SSIN in the world."""
    for person in world.persons(limit=5000):
        replaced = world.replacement(person.ssin)
        if replaced is not None:
            return person.ssin, replaced.new_ssin
    for old in world.replaced_ssins():
        return old, world.replacement(old).new_ssin
    raise LookupError("no replaced SSIN in the test world")


def integrate(wire, person, purpose: int = 2, org=w.LIEGE):
    response = wire.post(w.SSDN_PATH, w.manage_access(person.ssin, "REGISTER", purpose=purpose,
                                                      proof=w.person_data_proof(person), org=org))
    ok, codes = w.service_summary(w.ssdn_reply(response.data))
    assert ok == "YES", codes
