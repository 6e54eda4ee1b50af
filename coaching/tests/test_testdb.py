"""The SQLite test database kept migrated between runs (testdb.py)."""

from types import SimpleNamespace

from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from coaching.tests import testdb


def test_the_test_database_has_every_migration_applied(db):
    executor = MigrationExecutor(connection)
    assert executor.migration_plan(executor.loader.graph.leaf_nodes()) == []
    if connection.vendor == "sqlite":  # loaded from, or saved as, the kept copy
        assert (testdb.KEPT / f"{testdb.migrations_key()}.sqlite3").exists()


def test_the_key_changes_with_any_migration_file(tmp_path, monkeypatch):
    folder = tmp_path / "migrations"
    folder.mkdir()
    (folder / "0001_initial.py").write_text("operations = []\n")
    app = SimpleNamespace(label="example", path=str(tmp_path))
    monkeypatch.setattr(testdb.apps, "get_app_configs", lambda: [app])

    first = testdb.migrations_key()
    assert testdb.migrations_key() == first
    (folder / "0001_initial.py").write_text("operations = ['changed']\n")
    changed = testdb.migrations_key()
    (folder / "0002_more.py").write_text("operations = []\n")
    added = testdb.migrations_key()
    assert len({first, changed, added}) == 3
