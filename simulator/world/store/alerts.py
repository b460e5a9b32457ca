"""SPP IS alerts ("clignotants"): the RIS files they are computed from and the reactions CPAS send
(schema version 4, table alert_reaction).

The alerts themselves are not stored: simulator/services/spp_is/clignotants.py computes them from the
world (the same world gives the same alerts, with the same ids). What a CPAS answers to one - its
feedback code - is stored here, keyed by the alert id, and closes the alert for good. Per sandbox.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from simulator.errors import SimulatorError
from simulator.world.store.schema import _d, _iso
from simulator.world.store.world import WorldStore


@dataclass(frozen=True, slots=True)
class Reaction:
    alert_id: str
    ssin: str
    cpas_cbe: str
    feedback_code: str
    comment: str | None
    reacted_on: dt.date  # the sandbox's today when the reaction arrived
    created_at: str = ""


_COLUMNS = "alert_id, ssin, cpas_cbe, feedback_code, comment, reacted_on, created_at"


def _record(row: tuple) -> Reaction:
    return Reaction(row[0], row[1], row[2], row[3], row[4], _d(row[5]), row[6])


def reactions(store: WorldStore, alert_ids) -> dict[str, Reaction]:
    """The reactions to the given alerts, by alert id (alerts without one are left out)."""
    ids = list(dict.fromkeys(alert_ids))
    found: dict[str, Reaction] = {}
    for start in range(0, len(ids), 500):  # sqlite's limit on bound parameters
        chunk = ids[start:start + 500]
        rows = store._all(f"SELECT {_COLUMNS} FROM alert_reaction WHERE alert_id IN "
                          f"({', '.join('?' * len(chunk))})", tuple(chunk))
        found.update((r[0], _record(r)) for r in rows)
    return found


def react(store: WorldStore, reaction: Reaction) -> Reaction:
    """Store the reaction; an alert has at most one (SimulatorError on a second)."""
    r = reaction

    def run() -> Reaction:
        if store.conn.execute("SELECT 1 FROM alert_reaction WHERE alert_id = ?", (r.alert_id,)).fetchone():
            raise SimulatorError(f"alert {r.alert_id} already has a reaction")
        store.conn.execute(f"INSERT INTO alert_reaction ({_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?)",
                           (r.alert_id, r.ssin, r.cpas_cbe, r.feedback_code, r.comment, _iso(r.reacted_on),
                            r.created_at))
        return r

    return store._write(run)


def ris_files(store: WorldStore, cpas_cbe: str, cpas_nis: int) -> list[str]:
    """SSINs of the people the CPAS grants (or granted) a RIS: its accepted or stopped RIS attestations,
    and the world's RIS situations of its municipality."""
    rows = store._all("SELECT ssin FROM attestation WHERE cpas_cbe = :cbe AND kind = 'RIS' AND status IN "
                      "('ACCEPTED', 'STOPPED') UNION SELECT ssin FROM cpas_situation WHERE cpas_nis = :nis "
                      "AND kind = 'RIS' ORDER BY 1", {"cbe": cpas_cbe, "nis": cpas_nis})
    return [r[0] for r in rows]
