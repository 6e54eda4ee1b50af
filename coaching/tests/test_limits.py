"""Limits on coaching's records: a program's description and a training's numbers, refused by the
model and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coaching.models import Program

from .factories import ProgramFactory
from .migrated import scratch_database_at


def test_a_program_description_over_the_limit_is_refused_by_the_model(db):
    program = ProgramFactory.build(description="d" * 2_001)
    with pytest.raises(ValidationError) as refused:
        program.full_clean(exclude=["provider"])
    assert refused.value.message_dict == {
        "description": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }


@pytest.mark.postgres
def test_the_database_refuses_an_over_long_program_description(db):
    program = ProgramFactory()
    with pytest.raises(IntegrityError, match="description_max_length"), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(description="d" * 2_001)


@pytest.mark.django_db
def test_the_limits_migration_stops_on_rows_past_them_and_changes_nothing():
    """Nothing a user saved is cut: a row stored before the limits stops the migration, named,
    and stays as it was; once it is shortened the migration goes through."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before, limits = ("coaching", "0003_notifications"), ("coaching", "0004_limits")
    with scratch_database_at([before]):  # migrated up to `before` once, then copied
        old = MigrationExecutor(connection).loader.project_state([before]).apps
        provider = old.get_model("coaching", "Provider").objects.create(name="P", slug="p")
        program = old.get_model("coaching", "Program").objects.create(
            provider=provider, name="Long", slug="long", kind="network", description="x" * 2500
        )
        with pytest.raises(RuntimeError, match=f"program {program.pk}: description is 2500"):
            MigrationExecutor(connection).migrate([limits])
        program.refresh_from_db()
        assert program.description == "x" * 2500
        program.description = "x" * 2000
        program.save()
        MigrationExecutor(connection).migrate([limits])
        executor = MigrationExecutor(connection)
        assert limits in executor.loader.applied_migrations
        limited = executor.loader.project_state([limits]).apps.get_model("coaching", "Program")
        assert limited.objects.get(pk=program.pk).description == "x" * 2000
