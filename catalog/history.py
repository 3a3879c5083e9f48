"""
The catalog's edit history (django-simple-history), written so that the
change feed (``catalog.sync``) can resume by history id without skipping a
change: within each history table, a record's ``history_id`` follows the
order in which the transactions that wrote them committed.

* SQLite has one writer at a time: a transaction takes the database's
  write lock at its first write and keeps it to its commit, so the ids it
  is given (AUTOINCREMENT, never reused) all come after those of every
  transaction committed before it, and before those of any after it.
* PostgreSQL hands out sequence values at insert time, not at commit: a
  transaction given id 10 may commit after one given id 11, and a reader
  between the two commits would see 11 and later skip 10. So every
  history write first takes one transaction-level advisory lock
  (``pg_advisory_xact_lock``), held until its transaction ends: catalog
  writers take their history ids one transaction after another, in commit
  order. Writers of the catalog wait for each other's commit (a few
  milliseconds for an editor's save; a whole import waits for another).
"""

from django.db import DEFAULT_DB_ALIAS, connections, transaction
from simple_history.manager import HistoryManager
from simple_history.models import HistoricalRecords

# Any constant that no other advisory lock of the database uses.
HISTORY_LOCK = 21_000_021


def serialize_history_writes(using: str | None = None) -> None:
    """
    Hold the history lock until the current transaction ends (PostgreSQL;
    SQLite serialises writers itself). Call it inside ``transaction.atomic``.
    """
    connection = connections[using or DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [HISTORY_LOCK])


class SerialHistoryManager(HistoryManager):
    """A history manager whose bulk writes take the history lock first."""

    def bulk_history_create(self, objs, *args, **kwargs):
        with transaction.atomic(using=self.db, savepoint=False):
            serialize_history_writes(self.db)
            return super().bulk_history_create(objs, *args, **kwargs)


class SerialHistoricalRecords(HistoricalRecords):
    """``HistoricalRecords`` whose every write takes the history lock first."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("history_manager", SerialHistoryManager)
        super().__init__(*args, **kwargs)

    def create_historical_record(self, instance, history_type, using=None):
        # No savepoint: inside an outer transaction the lock is that one's.
        with transaction.atomic(using=using, savepoint=False):
            serialize_history_writes(using)
            super().create_historical_record(instance, history_type, using=using)
