"""A program scores on the rubric version its settings name: a newly published version changes
nothing until the program's own associates switch to it, and every switch is recorded."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from certification import services
from certification.models import CfrVersionChange, ProgramSettings
from certification.tests.conftest import write_notes
from coaching.tests.factories import PersonFactory
from coaching.tests.migrated import scratch_database_at
from rubrics import services as rubric_services


@pytest.fixture
def newer(scoring):
    """`scoring`, with version 2 of the CFR published since the program chose version 1
    (`w.v1`, `w.v2`), and an unpublished draft version 3 (`w.v3`)."""
    w = scoring
    w.v1 = w.cfr.versions.get()
    w.v2 = rubric_services.version_new_draft(rubric=w.cfr)
    rubric_services.version_publish(version=w.v2, by=w.associate)
    w.v3 = rubric_services.version_new_draft(rubric=w.cfr)
    return w


def settings_post(w, version):
    rules = services.selectors.program_settings(w.program)
    return {
        "cfr_version": version.pk,
        "cfr_passing_minimum": rules.cfr_passing_minimum,
        "annual_minimum": rules.annual_minimum,
        "workshop_capacity": rules.workshop_capacity,
        "school_year_start_month": rules.school_year_start_month,
        "certificate_valid_months": rules.certificate_valid_months,
        "review_window_days": rules.review_window_days,
        "recertification_window_days": rules.recertification_window_days,
    }


def settings_rows():
    return (list(ProgramSettings.objects.values()), list(CfrVersionChange.objects.values()))


def test_a_newly_published_version_changes_nothing_until_the_program_switches(newer, client_for):
    w = newer
    scored = services.submission_score_start(submission=w.pending_b, by=w.associate)
    assert scored.review.version == w.v1
    url = reverse("certification:program_settings", args=[w.program.pk])
    client = client_for(w.associate)
    page = client.get(url).content.decode()
    assert "A newer version of this rubric is published" in page
    assert client.post(url, settings_post(w, w.v2)).status_code == 302

    assert services.cfr_version(w.program) == w.v2
    write_notes(w.draft, facilitator=PersonFactory(district=w.district_a))
    services.submission_submit(submission=w.draft, by=w.coach_a)
    second = services.submission_score_start(submission=w.draft, by=w.associate)
    assert second.review.version == w.v2
    scored.review.refresh_from_db()
    assert scored.review.version == w.v1  # a review keeps the version it started on


def test_the_switch_is_recorded_and_shown_on_the_settings_page(newer, client_for):
    w = newer
    url = reverse("certification:program_settings", args=[w.program.pk])
    client = client_for(w.associate)
    client.post(url, settings_post(w, w.v2))
    change = CfrVersionChange.objects.filter(program=w.program).first()
    assert (change.by, change.from_version, change.to_version) == (w.associate, w.v1, w.v2)
    page = client.get(url).content.decode()
    assert "Rubric version history" in page
    assert str(w.associate) in page and f"{w.cfr.name}, version 2" in page
    # Saving the other settings again switches nothing and records nothing.
    client.post(url, settings_post(w, w.v2) | {"review_window_days": 10})
    assert CfrVersionChange.objects.filter(program=w.program).count() == 2  # the first choice too


@pytest.mark.parametrize("actor, status", [("associate_b", 404), ("admin_a", 403)])
def test_only_the_programs_own_associates_switch(newer, client_for, actor, status):
    w = newer
    before = settings_rows()
    url = reverse("certification:program_settings", args=[w.program.pk])
    response = client_for(getattr(w, actor)).post(url, settings_post(w, w.v2))
    assert response.status_code == status
    assert settings_rows() == before
    assert services.cfr_version(w.program) == w.v1


def test_the_service_refuses_a_switch_by_someone_else(newer):
    w = newer
    before = settings_rows()
    with pytest.raises(ValidationError, match="program's own associates"):
        services.program_settings_update(program=w.program, by=w.associate_b, cfr_version=w.v2)
    assert settings_rows() == before


def test_only_a_published_version_can_be_chosen(newer, client_for):
    w = newer
    before = settings_rows()
    url = reverse("certification:program_settings", args=[w.program.pk])
    response = client_for(w.associate).post(url, settings_post(w, w.v3))
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert settings_rows() == before
    with pytest.raises(ValidationError):
        services.program_settings_update(program=w.program, by=w.associate, cfr_version=w.v3)
    assert settings_rows() == before


def test_a_version_a_program_scores_on_cannot_be_deleted(newer):
    w = newer
    with pytest.raises(ValidationError, match="cannot be deleted"):
        rubric_services.version_delete(version=w.v1)
    assert w.cfr.versions.filter(pk=w.v1.pk).exists()


@pytest.mark.django_db
def test_the_migration_names_the_newest_published_version_and_gives_the_rubric_its_provider():
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    before = [
        ("certification", "0004_privacy"),
        ("rubrics", "0003_privacy"),
    ]
    after = [("certification", "0005_cfr_version"), ("rubrics", "0004_owner")]
    with scratch_database_at(before):  # migrated up to `before` once, then copied
        executor = MigrationExecutor(connection)
        old = executor.loader.project_state(before).apps
        provider = old.get_model("coaching", "Provider").objects.create(name="Key2Ed", slug="k2e")
        program = old.get_model("coaching", "Program").objects.create(
            provider=provider, name="K2E", slug="k2e", kind="facilitator"
        )
        rubric = old.get_model("rubrics", "Rubric").objects.create(name="CFR", slug="cfr")
        Version = old.get_model("rubrics", "RubricVersion")
        for number, status in ((1, "published"), (2, "published"), (3, "draft")):
            Version.objects.create(rubric=rubric, number=number, status=status)
        old.get_model("certification", "ProgramSettings").objects.create(
            program=program, cfr_rubric=rubric
        )

        executor = MigrationExecutor(connection)
        executor.migrate(after)
        new = executor.loader.project_state(after).apps
        row = new.get_model("certification", "ProgramSettings").objects.get(program_id=program.pk)
        assert row.cfr_version.number == 2
        owner = new.get_model("rubrics", "Rubric").objects.get(pk=rubric.pk).owner
        assert owner == f"provider:{provider.pk}"
        change = new.get_model("certification", "CfrVersionChange").objects.get()
        assert (change.from_version_id, change.to_version_id, change.by_id) == (
            None,
            row.cfr_version_id,
            None,
        )


def test_the_settings_page_costs_the_same_at_50_switches_as_at_2(newer, client_for):
    from coaching.tests.access import count_queries

    w = newer
    client = client_for(w.associate)
    url = reverse("certification:program_settings", args=[w.program.pk])

    def switch(times):
        for _ in range(times):
            version = w.v1 if services.cfr_version(w.program) == w.v2 else w.v2
            services.program_settings_update(program=w.program, by=w.associate, cfr_version=version)

    switch(1)  # 2 rows with the first choice
    at_2 = count_queries(client, url)
    switch(48)
    at_50 = count_queries(client, url)
    assert CfrVersionChange.objects.filter(program=w.program).count() == 50
    assert at_50 == at_2
