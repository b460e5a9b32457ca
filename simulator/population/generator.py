"""Generate a world database: ``generate(size, seed, out)``.

Deterministic: the same size, seed, reference date and persona files give the same rows (only
``meta.generated_at`` differs). The personas come first, then households are made one at a time —
registers, then their social-security records (population.social) — and streamed to the store in
batches, so memory stays flat whatever the size; the file is built under a temporary name with
indexes created after the bulk load, then renamed into place, so a reader never sees a half-built
world.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable, Iterable
from pathlib import Path

from simulator.errors import SimulatorError
from simulator.population.bis import BisPersons
from simulator.population.builder import Builder
from simulator.population.compose import make_household
from simulator.population.employers import Employers
from simulator.population.households import Households
from simulator.population.persona_world import merge_personas
from simulator.population.personas import load_personas
from simulator.population.reference import reference
from simulator.population.social import Social
from simulator.world.store import WorldStore

GENERATOR_VERSION = "2"
BIS_SHARE = 0.04
BATCH_ROWS = 20_000
# The summary's rows per source: each BCSS source and the tables it is stored in.
SOURCES = {
    "registers": ("person", "address", "civil_state", "nationality", "identity_card", "household_member",
                  "cohabitation", "ssin_history", "filiation"),
    "employers": ("employer",), "employment": ("employment",), "dimona": ("dimona",), "dmfa": ("dmfa",),
    "self_employed": ("self_employment", "self_employed_contribution"),
    "unemployment": ("unemployment", "unemployment_payment"), "pensions": ("pension",),
    "health_insurance": ("health_insurance",), "disability": ("disability", "disability_allowance"),
    "child_benefits": ("child_benefit",), "taxes": ("tax_assessment",), "properties": ("property",),
    "energy_rate": ("energy_rate",), "jobseekers": ("jobseeker",), "qualifications": ("qualification",),
    "cpas": ("cpas_situation",),
}


def generate(size: int, seed: int, out: Path | str, *, reference_date: dt.date = dt.date(2026, 1, 1),
             progress: Callable[[int, int], None] | None = None,
             personas: Iterable[str | Path] = ()) -> dict:
    """Write a world of ``size`` persons to ``out`` (replacing it) and return a summary: people, rows
    per table and per social-security source, bytes on disk, seconds.

    The personas of fixtures/personas, then those of ``personas`` (extra files or directories), are
    part of every world and count in ``size`` (a world smaller than the personas holds them all)."""
    if size < 1:
        raise SimulatorError(f"a world needs at least one person, got size {size}")
    started = time.perf_counter()
    stated = load_personas(personas)  # a bad persona file fails before any work
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        stale.unlink(missing_ok=True)
    store = WorldStore.create(tmp, bulk=True)
    try:
        b = Builder(random.Random(seed), reference(), reference_date, store.insert_rows)
        employers = Employers(b, size)
        b.social = Social(b, employers)
        persona_people = merge_personas(b, employers, stated)
        households = Households(b, size)
        bis = BisPersons(b)
        generated = max(size - persona_people, 0)
        bis_count = round(generated * BIS_SHARE) if generated >= 25 else 0
        registered = size - bis_count
        while b.people < registered:
            make_household(households, registered - b.people, b.people / registered)
            b.close_household()
            if b.buffered >= BATCH_ROWS:
                b.flush()
                if progress:
                    progress(b.people, size)
        for _ in range(bis_count):
            bis.make()
            b.close_household()
            if b.buffered >= BATCH_ROWS:
                b.flush()
        b.flush()
        store.insert_rows("employer", employers.rows(), ("kbo", "onss", "name", "joint_committee", "category", "nis"))
        for key, value in (("seed", seed), ("size", size), ("reference_date", reference_date.isoformat()),
                           ("generator_version", GENERATOR_VERSION),
                           ("personas", ",".join(p.id for p in stated)),
                           ("generated_at", dt.datetime.now(dt.UTC).isoformat(timespec="seconds"))):
            store.set_meta(key, value)
        store.finish_bulk()
        rows = store.table_counts()
        people, household_count = rows["person"], rows["household"]
    finally:
        store.close()
    for stale in (Path(f"{out}-wal"), Path(f"{out}-shm")):
        stale.unlink(missing_ok=True)
    os.replace(tmp, out)
    if progress:
        progress(size, size)
    size_on_disk = out.stat().st_size
    return {"path": str(out), "size": size, "seed": seed, "reference_date": reference_date.isoformat(),
            "people": people, "households": household_count, "personas": persona_people,
            "sources": {source: sum(rows[t] for t in tables) for source, tables in SOURCES.items()},
            "rows": rows, "bytes": size_on_disk, "megabytes": round(size_on_disk / 1e6, 1),
            "seconds": round(time.perf_counter() - started, 3)}
