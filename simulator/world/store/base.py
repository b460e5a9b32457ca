"""Connection, lock, transactions and schema versioning shared by the world and the journal."""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any

import sqlite_utils

from simulator.errors import SimulatorError
from simulator.world.store.schema import MIGRATIONS, SCHEMA_VERSION, TABLES


def _connect(path: Path, *, create: bool) -> sqlite3.Connection:
    if not create and not path.is_file():
        raise SimulatorError(f"no database at {path}")
    uri = path.resolve().as_uri() + ("?mode=rwc" if create else "?mode=rw")
    try:
        conn = sqlite3.connect(uri, uri=True, check_same_thread=False, isolation_level=None, timeout=5.0)
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
    except sqlite3.Error as exc:
        raise SimulatorError(f"cannot open {path} as a database: {exc}") from None
    return conn


class _Base:
    """Connection, lock, transactions and schema versioning shared by the world and the journal."""

    KIND = "database"
    TABLE_NAMES: tuple[str, ...] = ()

    def _target_version(self) -> tuple[int, dict[int, Callable[[sqlite_utils.Database], None]]]:
        return SCHEMA_VERSION, MIGRATIONS

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.db = sqlite_utils.Database(conn)
        self._lock = threading.RLock()
        self._ref_cache: dict[tuple[str, object], dict | None] = {}

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, fn: Callable[[], Any]) -> Any:
        """Run ``fn`` as one atomic write transaction."""
        with self._lock:
            self.conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn()
            except BaseException:
                if self.conn.in_transaction:
                    self.conn.execute("ROLLBACK")
                raise
            if self.conn.in_transaction:  # sqlite-utils' helpers may have committed already
                self.conn.execute("COMMIT")
            return result

    def _all(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> list[tuple]:
        with self._lock:
            return self.conn.execute(sql, params).fetchall()

    def _one(self, sql: str, params: Mapping[str, Any] | tuple = ()) -> tuple | None:
        with self._lock:
            return self.conn.execute(sql, params).fetchone()

    def _create_schema(self, tables: Iterable[str]) -> None:
        for name in tables:
            columns, pk = TABLES[name]
            self.db[name].create(columns, pk=pk, if_not_exists=True)
        self.db["meta"].insert({"key": "schema_version", "value": str(self._target_version()[0])}, replace=True)

    def meta(self) -> dict[str, str]:
        return dict(self._all("SELECT key, value FROM meta ORDER BY key"))

    def meta_values(self, *keys: str) -> tuple[str | None, ...]:
        """The values of a few meta keys (None when absent), in one indexed read."""
        marks = ", ".join("?" * len(keys))
        found = dict(self._all(f"SELECT key, value FROM meta WHERE key IN ({marks})", keys))
        return tuple(found.get(k) for k in keys)

    def set_meta(self, key: str, value: object) -> None:
        self._write(lambda: self.conn.execute(
            "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", (key, str(value))))

    def _check(self) -> None:
        try:
            names = {r[0] for r in self._all("SELECT name FROM sqlite_master WHERE type = 'table'")}
        except sqlite3.DatabaseError as exc:
            raise SimulatorError(f"{self.path} is not a {self.KIND} ({exc})") from None
        if not set(self.TABLE_NAMES) <= names or "schema_version" not in self.meta():
            raise SimulatorError(f"{self.path} is not a {self.KIND} (tables missing)")

    def migrate(self) -> int:
        """Upgrade the schema step by step to its current version; returns the version reached. Each
        step is one transaction that re-reads the version, so concurrent openers upgrade once."""
        target, migrations = self._target_version()

        def step() -> int:
            version = int(self.conn.execute("SELECT value FROM meta WHERE key = 'schema_version'").fetchone()[0])
            if version > target:
                raise SimulatorError(f"{self.path} has schema version {version}, newer than this simulator's "
                                     f"{target}: upgrade bcss-simulator")
            if version == target:
                return version
            upgrade = migrations.get(version)
            if upgrade is None:
                raise SimulatorError(f"{self.path}: no migration from schema version {version}")
            upgrade(self.db)
            self.conn.execute("UPDATE meta SET value = ? WHERE key = 'schema_version'", (str(version + 1),))
            return version + 1

        if int(self.meta()["schema_version"]) == target:  # the usual case: no write lock taken
            return target
        while (version := self._write(step)) < target:
            pass
        return version

    @classmethod
    def _open_existing(cls, path: str | Path):
        path = Path(path)
        store = cls(path, _connect(path, create=False))
        try:
            store._check()
            store.migrate()
        except BaseException:
            store.close()
            raise
        return store


