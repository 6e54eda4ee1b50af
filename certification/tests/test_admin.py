"""The site admin across the four apps: every model is registered, every page answers the site
admin at a cost that does not grow with the tables, no relation renders a <select> of a large table,
records with history cannot be deleted, and nobody but a superuser gets in."""

import datetime

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.admin.utils import flatten_fieldsets
from django.contrib.contenttypes.models import ContentType
from django.test import RequestFactory
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalChanges

from certification.models import (
    AnnualMinimumRecord,
    Candidacy,
    CandidacyEvent,
    Certificate,
    CfrVersionChange,
    Facilitation,
    ProgramSettings,
    Submission,
)
from coaching.models import (
    ActionStep,
    CalendarFeed,
    CheckIn,
    CoachingSession,
    Cohort,
    ContentOpening,
    Course,
    CourseAnswer,
    CoursePair,
    CourseQuestion,
    CourseResource,
    CourseRun,
    CourseSession,
    CourseStage,
    CourseUnit,
    CycleChange,
    District,
    EmailPreference,
    Engagement,
    Enrollment,
    Goal,
    GrowthArtifact,
    Invitation,
    Notification,
    Partnership,
    PeerPlan,
    PeerTeam,
    Person,
    PlannedSession,
    Program,
    Provider,
    Reflection,
    Registration,
    RoleChange,
    RoleMembership,
    RunQuestion,
    RunSession,
    School,
    StageChange,
    Team,
    TimeRequest,
    TrainingEvent,
    User,
)
from coaching.tests.access import count_queries
from coaching.tests.factories import UserFactory
from observations.models import Artifact, Observation, PracticeRating, TimedNote, Video
from rubrics.models import (
    Criterion,
    Descriptor,
    Domain,
    Level,
    Review,
    Rubric,
    RubricVersion,
    Score,
    ScorePair,
    Scoresheet,
)

APPS = ["coaching", "rubrics", "observations", "certification"]

# Models deliberately left out of the site admin, each with its reason: the copies history keeps
# (README, "History"), read on their record's "History" page in /admin/ (SimpleHistoryAdmin).
NOT_REGISTERED: dict[type, str] = {
    model: "read on its record's History page"
    for model in apps.get_models()
    if issubclass(model, HistoricalChanges)
}

# The records whose changes are kept (README, "History"): a History page beside their change page.
HISTORY_SHOWN = [
    model.instance_type for model in NOT_REGISTERED if issubclass(model, HistoricalChanges)
]

# Records with history: the site admin deactivates or revokes them, never deletes them.
HISTORY = [
    User,
    Person,
    District,
    School,
    Program,
    Registration,
    Notification,
    Invitation,
    RoleChange,
    Candidacy,
    CandidacyEvent,
    Facilitation,
    Submission,
    Certificate,
    ProgramSettings,
    CfrVersionChange,
    AnnualMinimumRecord,
    Review,
    Scoresheet,
    Score,
    PracticeRating,
    Observation,
    Video,
]

# Small tables a plain <select> may list in full.
SMALL = {"auth.group", "auth.permission"}


def build(n, *, frozen=True):
    """`n` of every model of the four apps (`n` more when called again), each chain complete: a
    program's candidate certified on a scored submission, with their training, log and ratings.
    Not `frozen`: the rubric versions stay drafts, the sheets drafts, the observations open."""
    now = timezone.now()
    today = timezone.localdate()
    start = Provider.objects.count()
    for i in range(start, start + n):
        provider = Provider.objects.create(name=f"Provider {i}", slug=f"provider-{i}")
        program = Program.objects.create(
            provider=provider, name=f"Program {i}", slug=f"program-{i}", kind="facilitator"
        )
        district = District.objects.create(name=f"District {i}", slug=f"district-{i}")
        Enrollment.objects.create(program=program, district=district, enrolled_on=today)
        school = School.objects.create(district=district, name=f"School {i}")
        user = User.objects.create_user(email=f"coach{i}@example.org", first_name="Coach")
        person = Person.objects.create(
            district=district, school=school, first_name="Coach", last_name=f"N{i}", user=user
        )
        RoleMembership.objects.create(user=user, role="coach", district=district)
        RoleChange.objects.create(user=user, role="coach", district=district, action="granted")
        Invitation.objects.create(
            person=person,
            user=user,
            sent_to=user.email,
            token_hash=f"{i:064d}",
            expires_at=now,
            used_at=now,
        )
        cohort = Cohort.objects.create(program=program, name=f"Cohort {i}")
        event = TrainingEvent.objects.create(
            program=program, kind="support_call", cohort=cohort, starts_at=now, created_by=user
        )
        Registration.objects.create(
            event=event, person=person, attendance="attended", registered_by=user, recorded_by=user
        )
        Notification.objects.create(recipient=user, kind="phase", subject=f"News {i}", body=".")
        engagement = _engagement(program, district, school, user, person, today, i)
        PlannedSession.objects.create(
            engagement=engagement, starts_at=now, minutes=30, mode="onsite", scheduled_by=user
        )
        CalendarFeed.objects.create(user=user, token_hash=f"{i:064x}")
        _checkins_and_observations(engagement, user, now, i)
        _course(program, engagement, event, user, person, i)
        _peer(program, school, engagement, user, now, i)
        EmailPreference.objects.create(user=user, kind="phase", by_email=False)

        rubric = Rubric.objects.create(name=f"Rubric {i}", slug=f"rubric-{i}", owner="provider:1")
        version = RubricVersion.objects.create(
            rubric=rubric, number=1, status="published" if frozen else "draft", published_by=user
        )
        levels = [Level.objects.create(version=version, label=f"L{p}", points=p) for p in (1, 2)]
        domain = Domain.objects.create(version=version, name=f"Domain {i}")
        criterion = Criterion.objects.create(version=version, domain=domain, text=f"Crit {i}")
        for level in levels:
            Descriptor.objects.create(criterion=criterion, level=level, text="looks like")
        reviews = []
        for label in ("practice", "notes"):
            review = Review.objects.create(
                version=version,
                subject_label=f"{label} of Coach N{i}",
                status="decided",
                passed=True,
                decided_by=user,
                decided_at=now,
            )
            sheet = Scoresheet.objects.create(review=review, reviewer=user)
            Score.objects.create(sheet=sheet, criterion=criterion, level=levels[1])
            if frozen:
                Scoresheet.objects.filter(pk=sheet.pk).update(status="final", finalized_at=now)
            reviews.append(review)
        ScorePair.objects.create(
            review=reviews[1],
            criterion=criterion,
            version=version,
            reviewer_a=user,
            reviewer_b=user,
            completed_on=today,
            level_a=1,
            level_b=1,
        )

        PracticeRating.objects.create(
            person=person, review=reviews[0], relation="self", rated_by=user
        )
        video = Video.objects.create(
            program=program,
            title=f"Video {i}",
            file=f"videos/{i}.mp4",
            content_type="video/mp4",
            size=10,
            uploaded_by=user,
        )
        observation = Observation.objects.create(
            coach=person, setting="video", video=video, submitted_at=now if frozen else None
        )
        TimedNote.objects.create(observation=observation, at_seconds=5, text="a moment")

        ProgramSettings.objects.create(program=program, cfr_version=version)
        CfrVersionChange.objects.create(program=program, to_version=version, by=user)
        candidacy = Candidacy.objects.create(
            person=person,
            district_id=person.district_id,
            program=program,
            phase="certified",
            cohort=cohort,
            district_approved_by=user,
            district_approved_at=now,
            provider_approved_by=user,
            provider_approved_at=now,
        )
        CandidacyEvent.objects.create(
            candidacy=candidacy,
            kind="certified",
            from_phase="review",
            to_phase="certified",
            by=user,
        )
        Facilitation.objects.create(
            person=person,
            held_on=today,
            school=school,
            meeting_type="annual_review",
            minutes=60,
            logged_by=user,
        )
        Submission.objects.create(
            candidacy=candidacy,
            purpose="certification",
            attempt=1,
            observation=observation,
            created_by=user,
            submitted_at=now,
            review=reviews[1],
            outcome="passed",
            decided_by=user,
            decided_at=now,
        )
        Certificate.objects.create(
            candidacy=candidacy,
            number=f"K2E-{i:05d}",
            issued_on=today,
            expires_on=today + datetime.timedelta(days=730),
        )
        AnnualMinimumRecord.objects.create(
            person=person,
            program=program,
            year_start=datetime.date(2000 + i, 7, 1),
            year_end=datetime.date(2001 + i, 6, 30),
            count=5,
            minimum=5,
            met=True,
            certified=True,
        )


def _engagement(program, district, school, coach, person, today, i):
    """An engagement of a team with its goal, stage history, session and action step."""
    coachee = Person.objects.create(
        district=district, school=school, first_name="T", last_name=f"{i}"
    )
    team = Team.objects.create(district=district, school=school, name=f"Team {i}")
    team.members.add(coachee)
    engagement = Engagement.objects.create(
        program=program,
        district=district,
        coach=coach,
        coachee_kind="team",
        coachee_team=team,
        level="team",
        model="peer",
        starts_on=today,
        stage=1,
        process_described=True,
        confidentiality_explained=True,
        commitment_given=True,
        response_window_days=2,
        checkin_methods=["email"],
        agreed_on=today,
        started_by=coach,
    )
    engagement.co_coaches.add(coach)
    Goal.objects.create(engagement=engagement, text="Goal", success_criteria="Criteria")
    StageChange.objects.create(
        engagement=engagement, to_stage=1, changed_by=coach, changed_on=today
    )
    session = CoachingSession.objects.create(
        engagement=engagement, held_on=today, minutes=30, mode="onsite", logged_by=coach
    )
    session.participants.add(coachee)
    ActionStep.objects.create(
        engagement=engagement,
        session=session,
        step="Step",
        success_criteria="Criteria",
        follow_up_on=today,
        set_by=coach,
    )
    return engagement


def _checkins_and_observations(engagement, coach, now, i):
    """Issue 12's models: a check-in, an opening of the access log, an engagement's observation
    with an artifact."""
    CheckIn.objects.create(
        engagement=engagement,
        text="Q",
        asked_by=coach,
        asked_at=now,
        window_days=2,
        due_at=now + datetime.timedelta(days=2),
    )
    ContentOpening.objects.create(
        engagement=engagement, opened_by=coach, how="admin", record_type="x", record_label="x"
    )
    observation = Observation.objects.create(
        engagement=engagement, observer=coach, setting="lesson", observed_on=now.date()
    )
    Artifact.objects.create(
        observation=observation,
        file=f"artifacts/{i}.pdf",
        name=f"{i}.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=coach,
    )


def _course(program, engagement, event, facilitator, person, i):
    """A coach-training course (one stage, unit, session, question and resource), run for a
    cohort with its run of the session, a question, an answer and a pair."""
    course = Course.objects.create(program=program, name=f"Course {i}", slug=f"course-{i}")
    stage = CourseStage.objects.create(course=course, number=1, title="Basics")
    unit = CourseUnit.objects.create(stage=stage, number=1, title="Introduction")
    session = CourseSession.objects.create(unit=unit, number=1, title="Why coach")
    source = CourseQuestion.objects.create(session=session, part="exit_ticket", text="Why?")
    CourseResource.objects.create(
        session=session, kind="video", title="Exemplar", library_video_id=i + 1
    )
    cohort = Cohort.objects.create(program=program, name=f"Course cohort {i}")
    cohort.members.add(person)
    run = CourseRun.objects.create(course=course, cohort=cohort, facilitator=facilitator)
    run_session = RunSession.objects.create(run=run, session=session, event=event)
    question = RunQuestion.objects.create(
        run_session=run_session, source=source, part="exit_ticket", text="Why?"
    )
    CourseAnswer.objects.create(question=question, person=person, text="Because")
    CoursePair.objects.create(run=run, engagement=engagement)


def _peer(program, school, engagement, coach, now, i):
    """Peer coaching's models: a school coaching team with its plan, and a partnership (on the
    engagement) with a move in its cycle, an artifact, a reflection and a time request."""
    team = PeerTeam.objects.create(program=program, school=school, created_by=coach)
    team.coaches.add(coach)
    PeerPlan.objects.create(
        team=team, version=1, goals="G", plan="P", written_by=coach, written_at=now
    )
    partnership = Partnership.objects.create(
        team=team, engagement=engagement, school_year=2026, step_changed_at=now, assigned_by=coach
    )
    CycleChange.objects.create(
        partnership=partnership, to_step="brainstorm", changed_by=coach, changed_at=now
    )
    GrowthArtifact.objects.create(
        partnership=partnership,
        file=f"peer/{i}.pdf",
        name=f"{i}.pdf",
        content_type="application/pdf",
        size=10,
        uploaded_by=coach,
    )
    Reflection.objects.create(partnership=partnership, text="R", written_by=coach)
    TimeRequest.objects.create(partnership=partnership, what="W", asked_by=coach)


def models_of_the_apps():
    return [model for label in APPS for model in apps.get_app_config(label).get_models()]


def url(model, page, *args):
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{page}", args=args)


def model_id(model):
    return model._meta.label


@pytest.fixture
def site_admin(db):
    return UserFactory(email="root@example.org", is_superuser=True, is_staff=True)


@pytest.fixture
def as_site_admin(client, site_admin):
    client.force_login(site_admin)
    return client


def test_every_model_of_every_app_is_registered():
    missing = [
        model._meta.label
        for model in models_of_the_apps()
        if not admin.site.is_registered(model) and model not in NOT_REGISTERED
    ]
    assert missing == [], f"not in the site admin (register them, or say why not): {missing}"


def _costs(client, model, user):
    """The queries of the changelist, of the first row's change page, and of the add page (None
    where adding is refused); each page must answer 200."""
    model_admin = admin.site._registry[model]
    first = model._default_manager.order_by("pk").first()
    request = RequestFactory().get("/")
    request.user = user
    can_add = model_admin.has_add_permission(request)
    return (
        count_queries(client, url(model, "changelist")),
        count_queries(client, url(model, "change", first.pk)),
        count_queries(client, url(model, "add")) if can_add else None,
    )


@pytest.mark.slow
@pytest.mark.parametrize("app_label", APPS)
def test_every_page_costs_the_same_at_2_and_at_30_rows(app_label, as_site_admin, site_admin):
    registered = [
        model
        for model in apps.get_app_config(app_label).get_models()
        if model not in NOT_REGISTERED
    ]
    build(2)
    # The content types, which a first visit would cache for later ones, cached now (visiting every
    # page once to warm them cost a third of the test; any other cache a first visit filled would
    # make the counts at 2 higher than at 30 and fail the test, not pass it).
    ContentType.objects.get_for_models(*registered)
    small = {model._meta.label: _costs(as_site_admin, model, site_admin) for model in registered}
    build(28)
    assert all(model._default_manager.count() >= 30 for model in registered)
    large = {model._meta.label: _costs(as_site_admin, model, site_admin) for model in registered}
    grew = {label: (small[label], large[label]) for label in small if small[label] != large[label]}
    assert grew == {}, "queries (changelist, change, add) at 2 rows, then at 30"


def _relation_fields(model_admin, request, obj):
    """(admin, field) of every relation the change form of `obj` and its inlines edit."""
    admins = [model_admin] + model_admin.get_inline_instances(request, obj)
    for each in admins:
        if not each.has_change_permission(request, obj):
            continue  # shown read-only
        readonly = set(each.get_readonly_fields(request, obj))
        for name in flatten_fieldsets(each.get_fieldsets(request, obj)):
            if name in readonly:
                continue
            try:
                field = each.model._meta.get_field(name)
            except Exception:  # a form-only field (a password)
                continue
            if field.is_relation and not field.auto_created:
                yield each, field


def plain_selects(user):
    """The relations a change form edits with a plain <select> of a table that may be large."""
    build(1, frozen=False)  # every record open for changes: its form edits the most relations
    request = RequestFactory().get("/")
    request.user = user
    plain = []
    for model in models_of_the_apps():
        model_admin = admin.site._registry.get(model)
        if model_admin is None:
            continue
        obj = model._default_manager.order_by("pk").first()
        for each, field in _relation_fields(model_admin, request, obj):
            if isinstance(each, admin.options.InlineModelAdmin) and field.remote_field.model is (
                model_admin.model
            ):
                continue  # the inline's own parent: a hidden field
            if field.related_model._meta.label_lower in SMALL:
                continue
            if field.name not in (*each.autocomplete_fields, *each.raw_id_fields):
                plain.append(f"{type(each).__name__}.{field.name}")
    return plain


def test_no_change_form_lists_a_large_table_in_a_select(site_admin):
    plain = plain_selects(site_admin)
    assert plain == [], "make these autocomplete_fields (or raw_id_fields, or read-only)"


@pytest.mark.parametrize("model", HISTORY, ids=model_id)
def test_the_site_admin_cannot_delete_a_record_with_history(model, as_site_admin, site_admin):
    build(1)
    obj = model._default_manager.order_by("-pk").first()  # (not the site admin's own login)
    model_admin = admin.site._registry[model]
    request = RequestFactory().get("/")
    request.user = site_admin
    assert not model_admin.has_delete_permission(request, obj)
    assert "delete_selected" not in model_admin.get_actions(request)
    count = model._default_manager.count()

    assert as_site_admin.get(url(model, "delete", obj.pk)).status_code == 403
    assert as_site_admin.post(url(model, "delete", obj.pk), {"post": "yes"}).status_code == 403
    response = as_site_admin.post(
        url(model, "changelist"), {"action": "delete_selected", "_selected_action": [obj.pk]}
    )
    assert response.status_code in (200, 302)
    assert model._default_manager.count() == count


def test_a_staff_login_that_is_not_a_superuser_gets_nothing(client, db):
    build(1)
    # An associate holds rubric permissions for the app's pages; with is_staff it is still refused.
    staff = UserFactory(email="staff@example.org", is_staff=True)
    RoleMembership.objects.create(user=staff, role="associate", program=Program.objects.first())
    assert staff.has_perm("rubrics.change_rubric")
    client.force_login(staff)
    index = client.get(reverse("admin:index"))
    assert index.status_code == 200 and not index.context["app_list"]
    for model in models_of_the_apps():
        if model in NOT_REGISTERED:
            continue
        first = model._default_manager.order_by("pk").first()
        for page in (url(model, "changelist"), url(model, "change", first.pk), url(model, "add")):
            assert client.get(page).status_code == 403, page
        if model in HISTORY_SHOWN:  # its record's history in /admin/, refused the same way
            assert client.get(url(model, "history", first.pk)).status_code == 403
    assert client.get(reverse("admin:app_list", args=["rubrics"])).status_code == 404


def test_a_certificate_is_revoked_with_a_reason_through_the_service(as_site_admin, site_admin):
    build(2)
    certificate = Certificate.objects.order_by("pk").first()
    changelist = url(Certificate, "changelist")
    action = {"action": "revoke", "_selected_action": [certificate.pk]}

    as_site_admin.post(changelist, {**action, "reason": ""})
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.ACTIVE  # refused: no reason

    response = as_site_admin.post(
        changelist, {**action, "reason": "Left the district"}, follow=True
    )
    assert "1 certificates revoked" in response.content.decode()
    certificate.refresh_from_db()
    assert certificate.status == Certificate.Status.REVOKED
    assert certificate.revoked_reason == "Left the district"
    assert certificate.revoked_by == site_admin
    # The service's own steps: the timeline, and the people concerned told.
    assert certificate.candidacy.events.filter(kind=CandidacyEvent.Kind.REVOKED).exists()
    assert Notification.objects.filter(kind=Notification.Kind.CERTIFICATE).exists()
    assert Certificate.objects.exclude(pk=certificate.pk).get().status == "active"


@pytest.mark.parametrize(
    "model, query, found",
    [
        (Candidacy, "N1", "Coach N1 in Program 1"),
        (Certificate, "K2E-00001", "Certificate K2E-00001"),
        (Facilitation, "School 1", f"Annual review IEP meeting, {timezone.localdate()}"),
        (CandidacyEvent, "N1", "Certified: Coach N1 in Program 1"),
        (Submission, "N1", "Phase III feedback review, attempt 1: Coach N1 in Program 1"),
        (AnnualMinimumRecord, "N1", "Coach N1, 2001: met"),
        (ProgramSettings, "Program 1", "Settings of Program 1"),
        (CfrVersionChange, "Program 1", "Program 1: none → Rubric 1 v1"),
    ],
    ids=lambda v: v._meta.label if isinstance(v, type) else v,
)
def test_searching_finds_the_row(model, query, found, as_site_admin):
    build(3)
    response = as_site_admin.get(url(model, "changelist"), {"q": query})
    assert response.status_code == 200
    rows = list(response.context["cl"].result_list)
    assert [str(row) for row in rows] == [found]
    assert model._default_manager.count() == 3


def test_an_autocomplete_finds_a_person_by_name(as_site_admin):
    build(3)
    response = as_site_admin.get(
        reverse("admin:autocomplete"),
        {
            "app_label": "certification",
            "model_name": "facilitation",
            "field_name": "person",
            "term": "N1",
        },
    )
    assert [row["text"] for row in response.json()["results"]] == ["Coach N1"]


def test_a_revocation_is_kept_in_the_admin_history(as_site_admin, site_admin):
    build(1)
    certificate = Certificate.objects.get()
    as_site_admin.post(
        url(Certificate, "changelist"),
        {"action": "revoke", "_selected_action": [certificate.pk], "reason": "Left"},
    )
    entry = LogEntry.objects.get(object_id=str(certificate.pk))
    assert entry.user == site_admin and entry.get_change_message() == "Certificates revoked"


def test_filters_narrow_the_list(as_site_admin):
    build(2)
    Certificate.objects.filter(number="K2E-00001").update(
        status="revoked", revoked_reason="Left", revoked_at=timezone.now()
    )
    response = as_site_admin.get(url(Certificate, "changelist"), {"status__exact": "revoked"})
    assert [c.number for c in response.context["cl"].result_list] == ["K2E-00001"]


def test_the_relation_check_sees_a_plain_select(site_admin, monkeypatch):
    """The guard above can fail: a relation without autocomplete is reported."""
    monkeypatch.setattr(admin.site._registry[Facilitation], "autocomplete_fields", ["school"])
    assert plain_selects(site_admin) == ["FacilitationAdmin.person", "FacilitationAdmin.logged_by"]
