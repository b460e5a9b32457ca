"""Sandboxes: each has its own world (a copy of a base world), clock, scenario state and journal.

The root SOAP paths are sandbox ``default``; ``/sandbox/<name>/...`` addresses another one. On disk::

    <data>/sandboxes/<name>/
        sandbox.json        what it was made from (base world, seed, size) and when
        current             the id of the world generation in use; replaced atomically
        g<id>/world.sqlite  the world of that generation (WAL files beside it)
        journal.sqlite      the journal; it outlives resets

A reset copies the base world into a new generation directory and swaps ``current``; the old
directory is removed at once. Server processes that still hold a connection to the old world keep
a valid (unlinked) file until they next look: every ``get`` stats ``current``, so a reset or a delete
made by one process is seen by all others on their next request, and no process ever opens a world
next to another world's stale WAL file.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import shutil
import threading
import time
from pathlib import Path

from simulator.config import Settings
from simulator.errors import SimulatorError
from simulator.world.clock import Clock
from simulator.world.store import JournalStore, WorldStore

DEFAULT = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
TOUCH_EVERY_S = 60  # how often a process records that a sandbox is in use (for idle expiry)


class UnknownSandbox(SimulatorError):
    pass


class SandboxExists(SimulatorError):
    pass


class SandboxLimit(SimulatorError):
    pass


class Sandbox:
    def __init__(self, name: str, directory: Path, generation: str, marker: tuple, journal_keep: int | None = None):
        self.name = name
        self.directory = directory
        self.generation = generation
        self.marker = marker  # (inode, mtime) of `current` when opened
        self.world = WorldStore.open(directory / f"g{generation}" / "world.sqlite")
        self.journal = JournalStore.open(directory / "journal.sqlite")
        self.journal.keep = journal_keep
        self.clock = Clock(self.world)
        self.touched = 0.0
        self.stubs_loaded = False  # set by every tick: whether a scenario put stubs or outages in place

    def now(self) -> dt.datetime:
        """The sandbox's now; scenario events that are due fire first."""
        from simulator.scenario.engine import tick

        return tick(self)

    def info(self) -> dict:
        return {"name": self.name, "generation": int(self.generation), **_read_json(self.directory / "sandbox.json")}

    def close(self) -> None:
        self.world.close()
        self.journal.close()


def _read_json(path: Path) -> dict:
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError):
        return {}


def _write_atomic(path: Path, text: str) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text)
    tmp.replace(path)


def _copy_world(base: Path, target: Path) -> None:
    """Copy a base world file into place atomically (never a half-copied world)."""
    wal = Path(f"{base}-wal")
    if wal.exists() and wal.stat().st_size:  # fold pending WAL pages in, or the copy would miss them
        WorldStore.open(base).close()
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(target.name + ".tmp")
    shutil.copyfile(base, tmp)
    tmp.replace(target)


class Sandboxes:
    """All sandboxes of a data directory, as one server process sees them."""

    def __init__(self, settings: Settings):
        self.settings = settings
        self._open: dict[str, Sandbox] = {}
        self._lock = threading.RLock()

    def directory(self, name: str) -> Path:
        if not isinstance(name, str) or not _NAME.match(name):
            raise SimulatorError(f"invalid sandbox name {name!r}: letters, digits, '.', '_' and '-', at most 64")
        return self.settings.sandboxes_dir / name

    # reading -----------------------------------------------------------------------------------

    def get(self, name: str) -> Sandbox:
        """The sandbox, reopened when another process reset it; UnknownSandbox when it is gone."""
        directory = self.directory(name)
        try:
            stat = os.stat(directory / "current")
            marker = (stat.st_ino, stat.st_mtime_ns)
        except FileNotFoundError:
            self._forget(name)
            raise UnknownSandbox(f"no sandbox named {name!r}") from None
        sandbox = self._open.get(name)
        if sandbox is None or sandbox.marker != marker:
            with self._lock:
                sandbox = self._open.get(name)
                if sandbox is None or sandbox.marker != marker:
                    self._forget(name)
                    generation = (directory / "current").read_text().strip()
                    sandbox = self._open[name] = Sandbox(name, directory, generation, marker,
                                                         self.settings.journal_keep)
        if time.monotonic() - sandbox.touched > TOUCH_EVERY_S:
            sandbox.touched = time.monotonic()
            try:
                os.utime(directory / "sandbox.json", None)
            except FileNotFoundError:  # deleted meanwhile: the next get says so
                pass
        return sandbox

    def names(self) -> list[str]:
        root = self.settings.sandboxes_dir
        return sorted(p.name for p in root.iterdir() if (p / "current").is_file()) if root.is_dir() else []

    def describe(self) -> list[dict]:
        described = []
        for name in self.names():
            info = _read_json(self.directory(name) / "sandbox.json")
            described.append({"name": name, **info, "last_used": _last_used(self.directory(name))})
        return described

    # changing ----------------------------------------------------------------------------------

    def base_for(self, seed: int | None, size: int | None) -> Path:
        """The base world for a seed and size: the default one, or one built (once) for them."""
        seed = self.settings.seed if seed is None else int(seed)
        size = self.settings.size if size is None else int(size)
        if (seed, size) == (self.settings.seed, self.settings.size):
            return self.settings.base_world
        if not 1 <= size <= self.settings.max_generated_size:
            raise SimulatorError(f"size must be 1..{self.settings.max_generated_size}, got {size}")
        path = self.settings.data_dir / "bases" / f"{size}-{seed}.sqlite"
        if not path.is_file():
            from simulator.population.generator import generate

            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_name(f"{path.name}.{os.getpid()}.tmp")
            generate(size, seed, tmp, personas=self.settings.personas)
            tmp.replace(path)
        return path

    def create(self, name: str, seed: int | None = None, size: int | None = None) -> Sandbox:
        directory = self.directory(name)
        self.expire()
        if len(self.names()) >= self.settings.max_sandboxes:
            raise SandboxLimit(f"{self.settings.max_sandboxes} sandboxes exist already (the limit); delete one first")
        base = self.base_for(seed, size)
        if not base.is_file():
            raise SimulatorError(f"no base world at {base}: run `bcss-sim serve` or `bcss-sim population generate`")
        directory.parent.mkdir(parents=True, exist_ok=True)
        try:
            directory.mkdir()  # atomic: two processes creating the same name cannot both succeed
        except FileExistsError:
            raise SandboxExists(f"sandbox {name!r} already exists") from None
        try:
            _copy_world(base, directory / "g1" / "world.sqlite")
            _write_atomic(directory / "sandbox.json", json.dumps({
                "base": str(base), "seed": seed if seed is not None else self.settings.seed,
                "size": size if size is not None else self.settings.size,
                "created": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
            }))
            _write_atomic(directory / "current", "1")  # last: its presence means the sandbox is complete
        except BaseException:
            shutil.rmtree(directory, ignore_errors=True)
            raise
        return self.get(name)

    def reset(self, name: str) -> Sandbox:
        """Back to the base world (clock and scenario state included); the journal is kept."""
        old = self.get(name)
        info = _read_json(old.directory / "sandbox.json")
        base = Path(info.get("base") or self.settings.base_world)
        generation = str(int(old.generation) + 1)
        _copy_world(base, old.directory / f"g{generation}" / "world.sqlite")
        _write_atomic(old.directory / "current", generation)
        self._forget(name)
        shutil.rmtree(old.directory / f"g{old.generation}", ignore_errors=True)
        return self.get(name)

    def delete(self, name: str) -> None:
        if name == DEFAULT:
            raise SimulatorError("the default sandbox cannot be deleted; reset it instead")
        directory = self.directory(name)
        if not (directory / "current").is_file():
            raise UnknownSandbox(f"no sandbox named {name!r}")
        self._forget(name)
        (directory / "current").unlink(missing_ok=True)  # other processes see it gone at once
        shutil.rmtree(directory, ignore_errors=True)

    def expire(self) -> list[str]:
        """Delete sandboxes unused for longer than the idle limit (never ``default``)."""
        limit = self.settings.sandbox_idle_seconds
        if not limit:
            return []
        expired = []
        for name in self.names():
            if name != DEFAULT and time.time() - _last_used(self.directory(name)) > limit:
                self.delete(name)
                expired.append(name)
        return expired

    def _forget(self, name: str) -> None:
        with self._lock:
            sandbox = self._open.pop(name, None)
        if sandbox is not None:
            sandbox.close()

    def close(self) -> None:
        for name in list(self._open):
            self._forget(name)


def _last_used(directory: Path) -> float:
    try:
        return (directory / "sandbox.json").stat().st_mtime
    except FileNotFoundError:
        return 0.0
