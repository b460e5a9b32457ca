"""The request journal of one sandbox: its own file, append-mostly."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from simulator.world.model import (
    JournalEntry,
)
from simulator.world.store.base import _Base, _connect
from simulator.world.store.schema import (
    JOURNAL_COLUMNS,
    JOURNAL_INDEXES,
    JOURNAL_MIGRATIONS,
    JOURNAL_SCHEMA_VERSION,
    _now,
    index_sql,
)

PRUNE_EVERY = 1000  # entries between two checks of the journal's size

_JOURNAL_INSERT = f"INSERT INTO journal ({', '.join(JOURNAL_COLUMNS)}) VALUES ({', '.join('?' * len(JOURNAL_COLUMNS))})"


class JournalStore(_Base):
    """The request journal of one sandbox: its own file, append-mostly."""

    KIND = "journal database"
    TABLE_NAMES = ("meta", "journal")
    keep: int | None = None  # the newest entries kept; older ones are pruned (None = keep everything)

    def _target_version(self) -> tuple[int, dict[int, Callable[[sqlite_utils.Database], None]]]:
        return JOURNAL_SCHEMA_VERSION, JOURNAL_MIGRATIONS

    @classmethod
    def open(cls, path: str | Path) -> JournalStore:
        """Open the journal at ``path``, creating it when missing."""
        path = Path(path)
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            store = cls(path, _connect(path, create=True))
            store._write(lambda: store._create_journal())
            return store
        return cls._open_existing(path)

    def _create_journal(self) -> None:
        self._create_schema(self.TABLE_NAMES)
        for table, columns in JOURNAL_INDEXES:
            self.conn.execute(index_sql(table, columns))

    def append(self, entry: JournalEntry) -> int:
        findings = entry.findings if isinstance(entry.findings, str) else json.dumps(entry.findings)
        values = (entry.time or _now(), entry.sandbox, entry.endpoint, entry.service, entry.operation,
                  entry.organisation, entry.status, entry.fault, entry.http_status, entry.duration_ms,
                  entry.request, entry.response, findings, entry.subject, entry.ticket)
        # One INSERT in autocommit mode is a transaction of its own: no BEGIN/COMMIT round trips
        # on the hottest write of the simulator (one per request).
        with self._lock:
            row_id = self.conn.execute(_JOURNAL_INSERT, values).lastrowid
        if self.keep and row_id % PRUNE_EVERY == 0:
            self.prune(self.keep)
        return row_id

    def prune(self, keep: int) -> int:
        """Delete all but the newest ``keep`` entries (a laptop's default sandbox would otherwise grow
        without end: every entry holds the request and the response). Returns the rows removed."""
        return self._write(lambda: self.conn.execute(
            "DELETE FROM journal WHERE id <= (SELECT max(id) FROM journal) - ?", (keep,)).rowcount)

    def entries(self, limit: int = 100, offset: int = 0, newest_first: bool = True) -> list[JournalEntry]:
        order = "DESC" if newest_first else "ASC"
        rows = self._all(f"SELECT id, {', '.join(JOURNAL_COLUMNS)} FROM journal ORDER BY id {order} "
                         "LIMIT ? OFFSET ?", (limit, offset))
        return [JournalEntry(*row) for row in rows]

    def entries_after(self, after: int, limit: int = 100) -> list[JournalEntry]:
        """The entries appended after entry ``after``, oldest first: what a conformance case's client
        sent while the case ran (the bench notes the last id before it starts)."""
        rows = self._all(f"SELECT id, {', '.join(JOURNAL_COLUMNS)} FROM journal WHERE id > ? ORDER BY id "
                         "LIMIT ?", (after, limit))
        return [JournalEntry(*row) for row in rows]

    def last_id(self) -> int:
        return self._one("SELECT coalesce(max(id), 0) FROM journal")[0]

    # history the conformance rules read (one indexed query each) ------------------------------------

    def ticket_used(self, ticket: str, organisation: str | None) -> int | None:
        """The id of an earlier entry of ``organisation`` that carried ``ticket``, or None."""
        row = self._one("SELECT id FROM journal WHERE ticket = ? AND organisation IS ? LIMIT 1", (ticket, organisation))
        return row[0] if row else None

    def last_about(self, subject: str, organisation: str | None) -> tuple[str, str, str, int] | None:
        """(time, operation, status, id) of the newest entry of ``organisation`` about ``subject``."""
        return self._one("SELECT time, operation, status, id FROM journal WHERE subject = ? AND organisation IS ? "
                         "ORDER BY id DESC LIMIT 1", (subject, organisation))

    def request_of(self, entry_id: int) -> str | None:
        row = self._one("SELECT request FROM journal WHERE id = ?", (entry_id,))
        return row[0] if row else None

    def answered_with(self, subject: str, codes: tuple[str, ...]) -> tuple[int, str, str] | None:
        """(id, time, status) of the first entry about ``subject`` whose status holds one of ``codes``."""
        match = " OR ".join("instr(status, ?) > 0" for _ in codes)
        return self._one(f"SELECT id, time, status FROM journal WHERE subject = ? AND ({match}) ORDER BY id LIMIT 1",
                         (subject, *codes))

    def count(self) -> int:
        return self._one("SELECT count(*) FROM journal")[0]

    def clear(self) -> None:
        self._write(lambda: self.conn.execute("DELETE FROM journal"))
