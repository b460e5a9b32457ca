"""The only package that speaks SQL: one sandbox's world database, and the request journal.

schema.py holds the tables, indexes and migrations; base.py the connection, transactions and schema
versioning; world.py the WorldStore (registers, reference tables, integrations) with the reads of
the social-security sources mixed in from sources.py; journal.py the JournalStore.

A world is one SQLite file (schema created with sqlite-utils, reads as raw parametrised SQL: they
are on the hot path). Several server processes may read and write one file: WAL journal, a busy
timeout of 5 s, and every write is one ``BEGIN IMMEDIATE`` transaction. One connection per store
object, usable from several threads (calls are serialised by a lock).

Dates are stored as ISO text ``yyyy-mm-dd``; a period is [begin_date, end_date] inclusive, end NULL
= open. Birth dates keep ``00`` for unknown parts, so string ranges work on them.
"""

from simulator.world.store.journal import JournalStore
from simulator.world.store.world import WorldStore

__all__ = ["JournalStore", "WorldStore"]
