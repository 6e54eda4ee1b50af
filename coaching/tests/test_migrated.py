"""The scratch database copied at a migration point (migrated.py) is the one migrating makes."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coaching.tests import migrated
from coaching.tests.testdb import scratch_database

SMALL = [("contenttypes", "0002_remove_content_type_name")]
LARGER = [("auth", "0003_alter_user_email_max_length")]


def _schema(scratch):
    """Every table with its columns and constraints, and the migrations recorded as applied."""
    introspection = scratch.introspection
    with scratch.cursor() as cursor:
        tables = {
            table: (
                [
                    tuple(column)[:4]
                    for column in introspection.get_table_description(cursor, table)
                ],
                sorted(
                    (str(c["columns"]), str(c["foreign_key"]), c["unique"], c["primary_key"])
                    for c in introspection.get_constraints(cursor, table).values()
                ),
            )
            for table in sorted(introspection.table_names(cursor))
        }
        cursor.execute("SELECT app, name FROM django_migrations ORDER BY app, name")
        return tables, cursor.fetchall()


def _migrated(targets):
    with scratch_database() as scratch:
        MigrationExecutor(scratch).migrate(targets)
        return _schema(scratch)


def _copied(targets):
    with migrated.scratch_database_at(targets) as scratch:
        return _schema(scratch)


@pytest.mark.django_db
def test_a_copied_point_has_the_schema_and_migrations_migrating_gives(tmp_path, monkeypatch):
    monkeypatch.setattr(migrated, "KEPT", tmp_path)
    kept = 1 if connection.vendor == "sqlite" else 0  # PostgreSQL migrates each time
    made = _copied(SMALL)  # migrated, then kept
    assert len(list(tmp_path.glob("*.sqlite3"))) == kept
    assert made == _copied(SMALL) == _migrated(SMALL)  # the second loaded from the kept copy
    # A later point starts from the kept one below it and migrates the rest.
    larger = _copied(LARGER)
    assert larger == _migrated(LARGER)
    assert len(list(tmp_path.glob("*.sqlite3"))) == 2 * kept
    assert ["auth", "0003_alter_user_email_max_length"] in map(list, larger[1])
    assert ["auth", "0003_alter_user_email_max_length"] not in map(list, made[1])
