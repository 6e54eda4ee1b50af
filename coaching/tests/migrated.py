"""A scratch database already migrated to the point a data migration's test starts from, copied
instead of migrated again (SQLite).

Migrating a scratch database from nothing to just before the migration under test took a test 2 to
6 s (most of it Django rendering the models of every intermediate state, not SQL). On SQLite the
database as it stood at that point is kept (test-artifacts/scratch-db/, under testdb's digest of
every migration file and of the Django and SQLite versions, and the set of migrations applied) and
loaded with SQLite's backup API the next time; a point not kept yet starts from the kept database
with the most of its migrations applied and none other, and only the rest is migrated. The
migration under test itself is always applied by the test. PostgreSQL migrates its scratch database
as before.
"""

import hashlib
import sqlite3
from contextlib import contextmanager
from pathlib import Path

from django.conf import settings
from django.db.migrations.executor import MigrationExecutor

from coaching.tests.testdb import keep_copy, load_copy, migrations_key, scratch_database

KEPT = Path(settings.BASE_DIR) / "test-artifacts" / "scratch-db"


@contextmanager
def scratch_database_at(targets):
    """`testdb.scratch_database()`, with every migration up to `targets` applied (as
    `MigrationExecutor(connection).migrate(targets)` would)."""
    with scratch_database() as scratch:
        if scratch.vendor == "sqlite":
            _load_or_migrate(scratch, targets)
        else:
            MigrationExecutor(scratch).migrate(targets)
        yield scratch


def _applied(path):
    source = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    try:
        return frozenset(source.execute("SELECT app, name FROM django_migrations"))
    except sqlite3.DatabaseError:
        return None
    finally:
        source.close()


def _load_or_migrate(scratch, targets):
    plan = MigrationExecutor(scratch).migration_plan(targets, clean_start=True)
    needed = frozenset((migration.app_label, migration.name) for migration, _ in plan)
    key = migrations_key()
    digest = hashlib.sha256(repr(sorted(needed)).encode()).hexdigest()[:16]
    path = KEPT / f"{key}-{digest}.sqlite3"
    KEPT.mkdir(parents=True, exist_ok=True)
    for old in KEPT.glob("*.sqlite3"):
        if not old.name.startswith(f"{key}-"):
            old.unlink(missing_ok=True)  # made by other migration files
    if not path.exists():
        # The kept point nearest below: every migration it applied is one `targets` needs.
        below = [(p, a) for p in KEPT.glob(f"{key}-*.sqlite3") if (a := _applied(p)) is not None]
        below = [(len(a), str(p)) for p, a in below if a <= needed]
        if below:
            load_copy(scratch, max(below)[1])
        MigrationExecutor(scratch).migrate(targets)
        keep_copy(scratch, path)
        return
    load_copy(scratch, str(path))
