"""The migration that writes Key2Ed's training rules as the events' audiences, for the rows that
were there before (certification 0007_training_audience)."""

import datetime as dt

import pytest

from coaching.tests.migrated import scratch_database_at


@pytest.mark.django_db
def test_the_migration_writes_the_pathways_rules_as_audiences():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [("certification", "0006_limits"), ("coaching", "0004_limits")]
    after = [("certification", "0007_training_audience")]
    with scratch_database_at(before):  # migrated up to `before` once, then copied
        executor = MigrationExecutor(connection)
        old = executor.loader.project_state(before).apps
        provider = old.get_model("coaching", "Provider").objects.create(name="Key2Ed", slug="k2e")
        Program = old.get_model("coaching", "Program")
        key2ed = Program.objects.create(provider=provider, name="K2E", slug="k", kind="facilitator")
        network = Program.objects.create(provider=provider, name="Net", slug="n", kind="network")
        district = old.get_model("coaching", "District").objects.create(name="A", slug="a")
        Person = old.get_model("coaching", "Person")
        training, identified = (
            Person.objects.create(district=district, first_name=n, last_name="X") for n in "TI"
        )
        when = dt.datetime(2026, 9, 1, 9, tzinfo=dt.UTC)
        cohort = old.get_model("coaching", "Cohort").objects.create(program=key2ed, name="C")
        Candidacy = old.get_model("certification", "Candidacy")
        Candidacy.objects.create(
            person=training,
            program=key2ed,
            phase="training",
            cohort=cohort,
            district_approved_at=when,
            provider_approved_at=when,
        )
        Candidacy.objects.create(
            person=identified, program=key2ed, phase="identified", cohort=cohort
        )
        Event = old.get_model("coaching", "TrainingEvent")
        ids = {
            kind: Event.objects.create(program=key2ed, kind=kind, starts_at=when, cohort=c).pk
            for kind, c in (
                ("initial_fiep", None),
                ("advanced", None),
                ("workshop", None),
                ("support_call", cohort),
            )
        }
        other = Event.objects.create(program=network, kind="advanced", starts_at=when).pk

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        Event = new.get_model("coaching", "TrainingEvent")
        audiences = {kind: Event.objects.get(pk=pk).audience for kind, pk in ids.items()}
        assert audiences == {
            "initial_fiep": "enrolled",
            "advanced": "named",
            "workshop": "named",
            "support_call": "cohort",
        }
        advanced = Event.objects.get(pk=ids["advanced"])
        assert advanced.audience_label == "a Phase II candidate of K2E"
        assert list(advanced.invitees.values_list("pk", flat=True)) == [training.pk]
        members = new.get_model("coaching", "Cohort").objects.get(pk=cohort.pk).members
        assert list(members.values_list("pk", flat=True)) == [training.pk]
        assert Event.objects.get(pk=other).audience == "enrolled"  # another program's: left alone
