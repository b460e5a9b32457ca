"""Sandboxes: each has its own world (a copy of the base world), clock and journal.

The root SOAP paths are sandbox ``default``; ``/sandbox/<name>/...`` addresses another one. A
sandbox lives in ``<data>/sandboxes/<name>/`` (world.sqlite, journal.sqlite); server processes open
it lazily and share it through SQLite's WAL.
"""

from __future__ import annotations

import re
import shutil
import threading
from pathlib import Path

from simulator.config import Settings
from simulator.errors import SimulatorError
from simulator.world.clock import Clock
from simulator.world.store import JournalStore, WorldStore

DEFAULT = "default"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")


class UnknownSandbox(SimulatorError):
    pass


class Sandbox:
    def __init__(self, name: str, directory: Path):
        self.name = name
        self.directory = directory
        self.world = WorldStore.open(directory / "world.sqlite")
        self.journal = JournalStore.open(directory / "journal.sqlite")
        self.clock = Clock(self.world)

    def now(self):
        return self.clock.now()

    def close(self) -> None:
        self.world.close()
        self.journal.close()


class Sandboxes:
    def __init__(self, settings: Settings):
        self.settings = settings
        self._open: dict[str, Sandbox] = {}
        self._lock = threading.Lock()

    def directory(self, name: str) -> Path:
        if not _NAME.match(name):
            raise UnknownSandbox(f"invalid sandbox name {name!r}")
        return self.settings.sandboxes_dir / name

    def get(self, name: str) -> Sandbox:
        sandbox = self._open.get(name)
        if sandbox is not None:
            return sandbox
        with self._lock:
            if name not in self._open:
                directory = self.directory(name)
                if not (directory / "world.sqlite").is_file():
                    raise UnknownSandbox(f"no sandbox named {name!r}")
                self._open[name] = Sandbox(name, directory)
            return self._open[name]

    def create(self, name: str, base: Path | None = None) -> Sandbox:
        """A new sandbox whose world is a copy of ``base`` (the base world by default)."""
        directory = self.directory(name)
        if (directory / "world.sqlite").exists():
            raise SimulatorError(f"sandbox {name!r} already exists")
        source = base or self.settings.base_world
        if not source.is_file():
            raise SimulatorError(f"no base world at {source}: run `bcss-sim population generate` first")
        directory.mkdir(parents=True, exist_ok=True)
        tmp = directory / "world.sqlite.tmp"
        shutil.copyfile(source, tmp)
        tmp.replace(directory / "world.sqlite")  # atomic: never a half-copied world
        return self.get(name)

    def names(self) -> list[str]:
        root = self.settings.sandboxes_dir
        return sorted(p.name for p in root.iterdir() if (p / "world.sqlite").is_file()) if root.is_dir() else []

    def close(self) -> None:
        for sandbox in self._open.values():
            sandbox.close()
        self._open.clear()
