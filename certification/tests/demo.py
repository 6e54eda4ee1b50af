"""The demo, seeded once a run (a process: one per xdist worker) for the tests that read it.

`seeded_demo` (certification/tests/conftest.py) is a cast layer: built once for the tests of a module
that borrow it one after another, and again whenever another test asked for other layers (or for
none) in between, and for each module that borrows it: seed_demo took 4 to 7 s each time. It
seeds the demo the first time (`seed`); on SQLite it then keeps the rows
the seeding wrote (each table's rows that were not there before, read back) and, the next time it is
built over the same database (every table's rows as they were before the first build), writes those
rows again (one INSERT a row, executemany, a table at a time: some 50 ms) instead of seeding. The rows
are the database as seed_demo left it, ids and all, in the layer's own transaction, so they are
rolled back with it. seed_demo's private files (the peer partner's artifacts) were written once, to
the directory the layer hands out (`private_media`), and are there for every later build. Should the
seeding change or delete a row that was there before it, nothing is kept and each build seeds.
PostgreSQL seeds each time (its sequences would not follow ids written explicitly).
"""

import copy
import io
import tempfile
from types import SimpleNamespace

from django.core import mail
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.test import override_settings


class Rows:
    """What builds wrote to SQLite's test database, kept by name and by the database they started
    from, written back for the next build of the same name over the same database."""

    def __init__(self):
        self.kept = {}

    def build_or_write(self, name, build):
        connection = connections[DEFAULT_DB_ALIAS]
        if connection.vendor != "sqlite":
            return build()
        before = _contents(connection)
        key = (name, _fingerprint(before))
        if key in self.kept:
            written, sequences, namespace, sent = self.kept[key]
            _write(connection, written, sequences)
            mail.outbox.extend(copy.deepcopy(sent))
            return copy.deepcopy(namespace)
        sent_before = len(mail.outbox)
        namespace = build()
        after = _contents(connection)
        written = _written(before, after)
        if written is not None:
            self.kept[key] = (
                written,
                _sequences(connection),
                copy.deepcopy(namespace),
                copy.deepcopy(mail.outbox[sent_before:]),
            )
        return namespace


def _contents(connection):
    """Every table's columns and rows (as a set)."""
    contents = {}
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f"SELECT * FROM {quote(table)}")
            columns = tuple(column[0] for column in cursor.description)
            contents[table] = (columns, frozenset(cursor.fetchall()))
    return contents


def _fingerprint(contents):
    return tuple(
        (table, columns, tuple(sorted(map(repr, rows))))
        for table, (columns, rows) in sorted(contents.items())
    )


def _written(before, after):
    """The rows in `after` that are not in `before`, a table at a time; None if a row of `before`
    is gone (changed or deleted) or the tables are not the same."""
    if before.keys() != after.keys():
        return None
    written = {}
    for table, (columns, rows) in after.items():
        old_columns, old_rows = before[table]
        if columns != old_columns or not old_rows <= rows:
            return None
        if new := rows - old_rows:
            written[table] = (columns, sorted(new, key=repr))
    return written


def _sequences(connection):
    with connection.cursor() as cursor:
        cursor.execute("SELECT name, seq FROM sqlite_sequence")
        return dict(cursor.fetchall())


def _write(connection, written, sequences):
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute("SELECT tbl_name FROM sqlite_master WHERE type = 'trigger'")
        guarded = {name for (name,) in cursor.fetchall()}
        # A table whose trigger reads another's rows first (rubrics_score's refuses a score of a
        # final sheet: its sheets are not there yet). Foreign keys are checked when the test ends.
        for table in sorted(written, key=lambda table: (table not in guarded, table)):
            columns, rows = written[table]
            names = ", ".join(map(quote, columns))
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {quote(table)} ({names}) VALUES ({marks})", rows)
        # As the seeding left them (an explicit id moves them only up to the largest id written).
        cursor.execute("SELECT name, seq FROM sqlite_sequence")
        now = dict(cursor.fetchall())
        for table, seq in sequences.items():
            if table in written and now.get(table, 0) < seq:
                cursor.execute("UPDATE sqlite_sequence SET seq = %s WHERE name = %s", [seq, table])


rows = Rows()


def seed():
    media = tempfile.mkdtemp(prefix="demo-private-media-")
    with override_settings(DEBUG=True, PRIVATE_MEDIA_ROOT=media):
        call_command("seed_demo", stdout=io.StringIO())
    return SimpleNamespace(private_media=media)
