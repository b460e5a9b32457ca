"""Generate a world database: ``generate(size, seed, out)``.

Deterministic: the same size, seed and reference date give the same rows (only
``meta.generated_at`` differs). Households are made one at a time and streamed to the store in
batches; the file is built under a temporary name with indexes created after the bulk load, then
renamed into place, so a reader never sees a half-built world.
"""

from __future__ import annotations

import datetime as dt
import os
import random
import time
from collections.abc import Callable
from pathlib import Path

from simulator.errors import SimulatorError
from simulator.population.bis import BisPersons
from simulator.population.builder import Builder
from simulator.population.compose import make_household
from simulator.population.households import Households
from simulator.population.reference import reference
from simulator.world.store import WorldStore

GENERATOR_VERSION = "1"
BIS_SHARE = 0.04
BATCH_ROWS = 20_000


def generate(size: int, seed: int, out: Path | str, *, reference_date: dt.date = dt.date(2026, 1, 1),
             progress: Callable[[int, int], None] | None = None) -> dict:
    """Write a world of ``size`` persons to ``out`` (replacing it) and return a summary."""
    if size < 1:
        raise SimulatorError(f"a world needs at least one person, got size {size}")
    started = time.perf_counter()
    out = Path(out)
    tmp = out.with_name(out.name + ".tmp")
    for stale in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        stale.unlink(missing_ok=True)
    store = WorldStore.create(tmp, bulk=True)
    try:
        b = Builder(random.Random(seed), reference(), reference_date, store.insert_rows)
        households = Households(b, size)
        bis = BisPersons(b)
        bis_count = round(size * BIS_SHARE) if size >= 25 else 0
        registered = size - bis_count
        while b.people < registered:
            make_household(households, registered - b.people, b.people / registered)
            if b.buffered >= BATCH_ROWS:
                b.flush()
                if progress:
                    progress(b.people, size)
        for _ in range(bis_count):
            bis.make()
        b.flush()
        for key, value in (("seed", seed), ("size", size), ("reference_date", reference_date.isoformat()),
                           ("generator_version", GENERATOR_VERSION),
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
    return {"path": str(out), "size": size, "seed": seed, "reference_date": reference_date.isoformat(),
            "people": people, "households": household_count, "rows": rows, "bytes": out.stat().st_size,
            "seconds": round(time.perf_counter() - started, 3)}
