"""The SQLite test database, migrated once and kept: each run (each xdist worker) copies it into its
in-memory database instead of applying every migration again.

Migrating an empty database takes seconds a process, and every xdist worker (and every pytest that a
test starts) makes its own. The schema that the migrations make depends only on the migration files,
the installed apps and the versions of Django and SQLite, so the migrated database is saved under a
key made of those (test-artifacts/test-db/<key>.sqlite3) and loaded with SQLite's backup API the
next time; a changed, added or removed migration makes a new key, and the old file is dropped.
PostgreSQL keeps its test database its own way (`--reuse-db`); this is for SQLite's in-memory one.
"""

import hashlib
import os
import sqlite3
import uuid
from contextlib import contextmanager
from pathlib import Path

import django
from django.apps import apps
from django.conf import settings
from django.db.backends.sqlite3.creation import DatabaseCreation

KEPT = Path(settings.BASE_DIR) / "test-artifacts" / "test-db"


def migrations_key():
    """A digest of everything the migrated schema depends on."""
    digest = hashlib.sha256()
    digest.update(f"django {django.__version__} sqlite {sqlite3.sqlite_version}\n".encode())
    for config in apps.get_app_configs():
        digest.update(f"app {config.label}\n".encode())
        folder = Path(config.path) / "migrations"
        for path in sorted(folder.glob("*.py")) if folder.is_dir() else ():
            digest.update(f"{path.name}\n".encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()[:24]


def load_copy(connection, path):
    """Copy the SQLite database file `path` into `connection`'s database (in memory or not)."""
    connection.ensure_connection()
    source = sqlite3.connect(path)
    try:
        source.backup(connection.connection)
    finally:
        source.close()


def keep_copy(connection, path):
    """Save `connection`'s SQLite database as `path`, atomically (two workers may both save it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(f"{path.name}.{os.getpid()}.partial")
    connection.ensure_connection()
    target = sqlite3.connect(partial)
    try:
        connection.connection.backup(target)
    finally:
        target.close()
    os.replace(partial, path)


def _keep(connection, path):
    """Save the just-migrated database as `path`, and drop the copies of older migrations."""
    keep_copy(connection, path)
    for old in path.parent.glob("*.sqlite3"):
        if old != path:
            old.unlink(missing_ok=True)


def _migrate_or_load(connection, migrate):
    path = KEPT / f"{migrations_key()}.sqlite3"
    if path.exists():
        load_copy(connection, path)
    else:
        migrate()
        _keep(connection, path)


_create_test_db = DatabaseCreation.create_test_db


def create_test_db(self, *args, **kwargs):
    """Django's own, but for an in-memory database the migrate step loads the kept database."""
    if not self.is_in_memory_db(self._get_test_db_name()):
        return _create_test_db(self, *args, **kwargs)
    from django.core import management

    call_command = management.call_command

    def call(name, *arguments, **options):
        if name != "migrate":
            return call_command(name, *arguments, **options)
        return _migrate_or_load(self.connection, lambda: call_command(name, *arguments, **options))

    management.call_command = call
    try:
        return _create_test_db(self, *args, **kwargs)
    finally:
        management.call_command = call_command


def install():
    DatabaseCreation.create_test_db = create_test_db


@contextmanager
def scratch_database():
    """An empty database of the same engine stands in as `default` for the block: for the tests of
    a data migration, which migrate it from nothing to just before the migration, write the old
    rows, and apply the migration. The test database is not touched, so nothing has to be
    migrated back (unapplying every later migration and applying them again took 20 s a test on
    SQLite, whose schema changes copy tables). SQLite: a private in-memory database; PostgreSQL:
    a database made for the block on the same server and dropped after it."""
    from django.db import connections

    saved = connections["default"]
    name = f"scratch_{os.getpid()}_{uuid.uuid4().hex[:8]}"
    settings_dict = dict(saved.settings_dict)
    postgres = saved.vendor == "postgresql"
    if postgres:
        with saved._nodb_cursor() as cursor:
            cursor.execute(f'CREATE DATABASE "{name}"')
        settings_dict["NAME"] = name
    else:
        settings_dict["NAME"] = f"file:{name}?mode=memory&cache=shared"
    scratch = saved.__class__(settings_dict, alias="default")
    connections["default"] = scratch
    try:
        yield scratch
    finally:
        scratch.close()
        connections["default"] = saved
        if postgres:
            with saved._nodb_cursor() as cursor:
                cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
