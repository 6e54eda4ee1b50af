"""Nobody records their own evidence (coaching.rules.refuse_own_record): for every service that
writes on a candidacy, a registration, a certificate or a rating of a person, an actor who holds the
acting role AND is that person is refused, and nothing changes. What is one's own by design
(registering oneself, logging one's facilitations, writing one's notes, a self-assessment) stays
allowed."""

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.urls import reverse

from certification import services
from certification.models import Candidacy, CandidacyEvent, Certificate, Submission
from certification.services import certificates
from certification.tests import factories
from certification.tests.conftest import write_notes
from coaching import services as coaching_services
from coaching.models import Notification, Registration, RoleMembership
from coaching.tests.factories import MembershipFactory, PersonFactory, UserFactory
from observations import selectors as observation_selectors
from observations import services as observation_services
from observations.models import Observation, PracticeRating, Video
from rubrics import services as rubric_services
from rubrics.models import Review, Rubric
from rubrics.tests.factories import build_version, score_all

Role = RoleMembership.Role
Kind = factories.Kind


@pytest.fixture
def own(pipeline_cast):
    """pipeline_cast, and:
    - `me`: the associate's own roster entry in district A: an associate who is also a candidate;
    - admin A's roster entry (`admin_me`), with its initial FIEP training attended as well;
    - `associate2` and `admin_a2`: colleagues who may act on them."""
    w = pipeline_cast
    w.associate2 = UserFactory(email="associate2@key2ed.example")
    MembershipFactory(user=w.associate2, role=Role.ASSOCIATE, program=w.program)
    w.admin_a2 = UserFactory(email="admin2@a.example")
    MembershipFactory(user=w.admin_a2, role=Role.DISTRICT_ADMIN, district=w.district_a)
    w.me = PersonFactory(
        district=w.district_a, school=w.school_a, user=w.associate, email=w.associate.email
    )
    w.admin_me = w.admin_a.person
    factories.initial_training(w.program, [w.me, w.admin_me], by=w.associate2)
    return w


# --- the subject's records, brought along by colleagues ------------------------------------------


def identified(w, person):
    return services.candidacy_identify(person=person, program=w.program, by=w.admin_a2)


def in_training(w, person):
    candidacy = identified(w, person)
    factories.approve(candidacy, admin=w.admin_a2, associate=w.associate2)
    candidacy.refresh_from_db()
    return candidacy


def registered(w, person, kind, *, attendance=None):
    """The person's place at a past event of `kind` (a support call of their cohort), marked
    `attendance` by a colleague if given."""
    candidacy = in_training(w, person)
    cohort = coaching_services.cohort_create(program=w.program, name="Cohort")
    services.candidacy_set_cohort(candidacy=candidacy, cohort=cohort, by=w.associate2)
    event = factories.event(w.program, kind, by=w.associate2, cohort=cohort)
    registration = coaching_services.registration_create(
        event=event, person=person, by=w.associate2
    )
    if attendance:
        coaching_services.attendance_record(
            event=event, attendance={registration.pk: attendance}, by=w.associate2
        )
    registration.refresh_from_db()
    return registration


def in_review(w, person):
    candidacy = in_training(w, person)
    factories.trainings(candidacy, by=w.associate2)
    factories.facilitations(person, 5, by=w.associate2)
    candidacy.refresh_from_db()
    assert candidacy.phase == Candidacy.Phase.FEEDBACK_REVIEW
    return candidacy


def install_cfr(w):
    call_command("install_rubrics", verbosity=0)
    cfr = Rubric.objects.get(slug="coaching-facilitation-rubric")
    services.program_settings_update(
        program=w.program, cfr_version=cfr.versions.get(), cfr_passing_minimum=3
    )


def pending(w, person):
    """The person's Phase III notes, written and submitted by them, waiting for review."""
    candidacy = in_review(w, person)
    install_cfr(w)
    submission = services.submission_start(candidacy=candidacy, by=person.user)
    write_notes(submission, facilitator=PersonFactory(district=w.district_a))
    return services.submission_submit(submission=submission, by=person.user)


def certified(w, person):
    candidacy = in_review(w, person)
    return certificates.certificate_issue(candidacy=candidacy, by=w.associate2)


def video(w):
    return Video.objects.create(
        program=w.program,
        title="Annual review",
        file="v.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=w.associate2,
    )


def practice_profile():
    call_command("install_rubrics", verbosity=0)
    return observation_selectors.current_practice_profile()


# --- the services, each with its setup ---------------------------------------------------------
# Each case: (label, setup) where setup(w) prepares the subject's record and returns the call
# that the subject, holding the acting role, makes on it.


def _identify(w):
    return lambda: services.candidacy_identify(person=w.admin_me, program=w.program, by=w.admin_a)


def _approve_district(w):
    candidacy = identified(w, w.admin_me)
    return lambda: services.candidacy_approve(candidacy=candidacy, by=w.admin_a, side="district")


def _approve_provider(w):
    candidacy = identified(w, w.me)
    return lambda: services.candidacy_approve(candidacy=candidacy, by=w.associate, side="provider")


def _decline_district(w):
    candidacy = identified(w, w.admin_me)
    return lambda: services.candidacy_decline(candidacy=candidacy, by=w.admin_a, reason="Busy.")


def _decline_provider(w):
    candidacy = identified(w, w.me)
    return lambda: services.candidacy_decline(candidacy=candidacy, by=w.associate, reason="Busy.")


def _cohort(w):
    candidacy = in_training(w, w.me)
    cohort = coaching_services.cohort_create(program=w.program, name="Cohort A")
    return lambda: services.candidacy_set_cohort(candidacy=candidacy, cohort=cohort, by=w.associate)


def _attendance(w):
    registration = registered(w, w.me, Kind.ADVANCED)
    return lambda: coaching_services.attendance_record(
        event=registration.event, attendance={registration.pk: "attended"}, by=w.associate
    )


def _attendance_coaching(w):
    registration = registered(w, w.me, Kind.SUPPORT_CALL)
    return lambda: coaching_services.attendance_record(
        event=registration.event, attendance={registration.pk: "attended"}, by=w.associate
    )


def _attendance_absent(w):
    registration = registered(w, w.me, Kind.SUPPORT_CALL, attendance="attended")
    return lambda: coaching_services.attendance_record(
        event=registration.event, attendance={registration.pk: "absent"}, by=w.associate
    )


def _make_up(w):
    registration = registered(w, w.me, Kind.SUPPORT_CALL, attendance="absent")
    return lambda: coaching_services.attendance_make_up(
        registration=registration, note="Watched the recording.", by=w.associate
    )


def _make_up_coaching(w):
    registration = registered(w, w.me, Kind.SUPPORT_CALL, attendance="absent")
    return lambda: coaching_services.attendance_make_up(
        registration=registration, note="Watched the recording.", by=w.associate
    )


def _score_start(w):
    submission = pending(w, w.me)
    return lambda: services.submission_score_start(submission=submission, by=w.associate)


def _decide(w):
    """A review on one's own notes got past the queue (written here directly): recording its
    result is refused all the same."""
    submission = pending(w, w.me)
    review = rubric_services.review_create(
        version=services.cfr_version(w.program), subject_label="Mine", reviewers=[w.associate]
    )
    Submission.objects.filter(pk=submission.pk).update(review=review)
    sheet = review.sheets.get()
    score_all(sheet, w.associate, 4)
    rubric_services.sheet_finalize(sheet=sheet, reviewer=w.associate)
    return lambda: services.submission_decide(submission=submission, by=w.associate)


def _issue(w):
    candidacy = in_review(w, w.me)
    return lambda: certificates.certificate_issue(candidacy=candidacy, by=w.associate)


def _renew(w):
    certificate = certified(w, w.me)
    return lambda: certificates.certificate_renew(certificate=certificate, by=w.associate)


def _revoke(w):
    certificate = certified(w, w.me)
    return lambda: certificates.certificate_revoke(
        certificate=certificate, by=w.associate, reason="Misreported hours."
    )


def _video_assign(w):
    certificate = certified(w, w.me)
    return lambda: services.video_assign(
        candidacy=certificate.candidacy, video=video(w), by=w.associate
    )


def _rate_as_associate(w):
    version = practice_profile()
    return lambda: observation_services.practice_rating_start(
        person=w.me, rated_by=w.associate, relation="associate", version=version
    )


def _rate_as_second_rater(w):
    version = practice_profile()
    return lambda: observation_services.practice_rating_start(
        person=w.me,
        rated_by=w.associate2,
        relation="associate",
        version=version,
        second_rater=w.associate,
    )


def _rate_as_supervisor(w):
    version = practice_profile()
    return lambda: observation_services.practice_rating_start(
        person=w.admin_me, rated_by=w.admin_a, relation="supervisor", version=version
    )


def _adjudicate_own_rating(w):
    """Two colleagues rate the associate's practice blind and differ; the third decider is not
    the associate themself."""
    third = UserFactory(email="associate3@key2ed.example")
    MembershipFactory(user=third, role=Role.ASSOCIATE, program=w.program)
    rating = observation_services.practice_rating_start(
        person=w.me,
        rated_by=w.associate2,
        relation="associate",
        version=build_version(name="Practice with a passing rule", passing_total=8),
        second_rater=third,
    )
    for sheet, points in zip(rating.review.sheets.order_by("pk"), (3, 2), strict=True):
        score_all(sheet, sheet.reviewer, points)
        rubric_services.sheet_finalize(sheet=sheet, reviewer=sheet.reviewer)
    return lambda: rubric_services.review_adjudicate(
        review=rating.review, by=w.associate, passed=True, note="My practice is fine."
    )


OWN_RECORD_SERVICES = [
    ("identify oneself as a candidate (district admin)", _identify, "identify yourself"),
    ("approve, district side", _approve_district, "approve your own candidacy"),
    ("approve, provider side", _approve_provider, "approve your own candidacy"),
    ("decline, district admin", _decline_district, "decline your own candidacy"),
    ("decline, associate", _decline_provider, "decline your own candidacy"),
    ("place oneself in a cohort", _cohort, "place yourself in a cohort"),
    ("attendance (certification)", _attendance, "record your own attendance"),
    ("attendance (coaching)", _attendance_coaching, "record your own attendance"),
    ("attendance marked absent", _attendance_absent, "record your own attendance"),
    ("make-up (certification)", _make_up, "make up your own missed call"),
    ("make-up (coaching)", _make_up_coaching, "make up your own missed call"),
    ("score one's own notes", _score_start, "score your own notes"),
    ("record the result on one's own notes", _decide, "score your own notes"),
    ("issue one's own certificate", _issue, "issue your own certificate"),
    ("renew one's own certificate", _renew, "renew your own certificate"),
    ("revoke one's own certificate", _revoke, "revoke your own certificate"),
    ("assign oneself a recertification video", _video_assign, "assign yourself a video"),
    ("rate oneself as an associate", _rate_as_associate, "rate your own practice"),
    ("rate oneself as the second rater", _rate_as_second_rater, "rate their own practice"),
    ("rate oneself as supervisor", _rate_as_supervisor, "rate your own practice"),
    (
        "adjudicate a blind rating of oneself",
        _adjudicate_own_rating,
        "decide a review of your own work",
    ),
]


def snapshot():
    """Everything a refused call could have written."""
    return {
        "candidacies": list(Candidacy.objects.order_by("pk").values()),
        "events": list(CandidacyEvent.objects.order_by("pk").values_list("pk", flat=True)),
        "registrations": list(Registration.objects.order_by("pk").values()),
        "certificates": list(Certificate.objects.order_by("pk").values()),
        "submissions": list(Submission.objects.order_by("pk").values()),
        "observations": Observation.objects.count(),
        "reviews": list(Review.objects.order_by("pk").values()),
        "ratings": PracticeRating.objects.count(),
        "notifications": Notification.objects.count(),
    }


@pytest.mark.parametrize(
    ("setup", "message"),
    [pytest.param(setup, message, id=label) for label, setup, message in OWN_RECORD_SERVICES],
)
def test_nobody_acts_on_their_own_record(own, setup, message):
    call = setup(own)
    before = snapshot()
    with pytest.raises(ValidationError, match=f"cannot {message}"):
        call()
    assert snapshot() == before


def test_a_colleague_still_acts_on_the_same_records(own):
    """The refusal is about the actor, not the record: associate 2 does what `me` may not."""
    w = own
    registration = registered(w, w.me, Kind.SUPPORT_CALL, attendance="absent")
    coaching_services.attendance_make_up(
        registration=registration, note="Watched it.", by=w.associate2
    )
    registration.refresh_from_db()
    assert registration.attendance == Registration.Attendance.MADE_UP
    decline = identified(w, w.admin_me)
    services.candidacy_decline(candidacy=decline, by=w.associate2, reason="Busy.")
    decline.refresh_from_db()
    assert decline.phase == Candidacy.Phase.DECLINED


def test_what_is_ones_own_by_design_stays_allowed(own):
    """Registering oneself, freeing one's place, logging one's facilitations, writing and
    submitting one's notes and assessing oneself are the person's own to do."""
    w = own
    candidacy = in_training(w, w.me)
    cohort = coaching_services.cohort_create(program=w.program, name="Cohort")
    services.candidacy_set_cohort(candidacy=candidacy, cohort=cohort, by=w.associate2)
    upcoming = factories.event(w.program, Kind.SUPPORT_CALL, by=w.associate2, cohort=cohort, days=3)
    place = coaching_services.registration_create(event=upcoming, person=w.me, by=w.associate)
    coaching_services.registration_cancel(registration=place)
    factories.facilitations(w.me, 1, by=w.associate)
    version = practice_profile()
    observation_services.practice_rating_start(
        person=w.me, rated_by=w.associate, relation="self", version=version
    )
    assert PracticeRating.objects.filter(person=w.me, relation="self").exists()


# --- the pages: the refusal is a message, and nothing changes ----------------------------------


def _messages(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


def test_the_attendance_page_refuses_marking_oneself(own, client_for):
    w = own
    registration = registered(w, w.me, Kind.ADVANCED)
    before = snapshot()
    url = reverse("coaching:event_attendance", args=[registration.event_id])
    response = client_for(w.associate).post(url, {f"r-{registration.pk}": "attended"})
    assert response.status_code == 302
    assert any("You cannot record your own attendance" in m for m in _messages(response))
    assert snapshot() == before


def test_the_make_up_page_refuses_making_up_ones_own_call(own, client_for):
    w = own
    registration = registered(w, w.me, Kind.SUPPORT_CALL, attendance="absent")
    before = snapshot()
    url = reverse("coaching:registration_make_up", args=[registration.pk])
    response = client_for(w.associate).post(url, {"note": "Watched the recording."})
    assert response.status_code == 302
    assert any("You cannot make up your own missed call" in m for m in _messages(response))
    assert snapshot() == before


def test_the_cohort_page_refuses_placing_oneself(own, client_for):
    w = own
    candidacy = in_training(w, w.me)
    cohort = coaching_services.cohort_create(program=w.program, name="Cohort A")
    before = snapshot()
    url = reverse("certification:candidacy_cohort", args=[candidacy.pk])
    response = client_for(w.associate).post(url, {"cohort": cohort.pk})
    assert response.status_code == 302
    assert any("You cannot place yourself in a cohort" in m for m in _messages(response))
    assert snapshot() == before


@pytest.mark.parametrize("actor", ["associate", "admin_a"])
def test_the_decline_page_refuses_declining_oneself(own, client_for, actor):
    w = own
    person = w.me if actor == "associate" else w.admin_me
    candidacy = identified(w, person)
    before = snapshot()
    url = reverse("certification:candidacy_decline", args=[candidacy.pk])
    response = client_for(getattr(w, actor)).post(url, {"reason": "Too busy this year."})
    assert response.status_code == 200  # the page again, the refusal on the form, the reason kept
    assert "You cannot decline your own candidacy" in response.content.decode()
    assert "Too busy this year." in response.content.decode()
    assert snapshot() == before


def test_the_revoke_page_refuses_revoking_ones_own_certificate(own, client_for):
    w = own
    certificate = certified(w, w.me)
    before = snapshot()
    url = reverse("certification:certificate_revoke", args=[certificate.pk])
    response = client_for(w.associate).post(url, {"reason": "Misreported hours."})
    assert response.status_code == 200  # the page again, the refusal on the form, the reason kept
    assert "You cannot revoke your own certificate" in response.content.decode()
    assert "Misreported hours." in response.content.decode()
    assert snapshot() == before


def test_the_identify_page_refuses_naming_oneself(own, client_for):
    w = own
    before = snapshot()
    url = reverse("certification:candidacy_identify", args=[w.district_a.pk])
    response = client_for(w.admin_a).post(url, {"person": w.admin_me.pk, "program": w.program.pk})
    assert response.status_code == 200  # the form again, with the refusal on it
    assert "You cannot identify yourself" in response.content.decode()
    assert snapshot() == before


def test_the_attendance_page_saves_the_others_when_ones_own_mark_is_unchanged(own, client_for):
    """An associate registered at a training marks the others: their own row, posted as it was
    recorded by a colleague, changes nothing and is let through."""
    w = own
    event = factories.event(w.program, Kind.INITIAL_FIEP, by=w.associate2)
    mine, theirs = (
        coaching_services.registration_create(event=event, person=p, by=w.associate2)
        for p in (w.me, w.person_a)
    )
    coaching_services.attendance_record(
        event=event, attendance={mine.pk: "attended"}, by=w.associate2
    )
    url = reverse("coaching:event_attendance", args=[event.pk])
    data = {f"r-{mine.pk}": "attended", f"r-{theirs.pk}": "attended"}
    response = client_for(w.associate).post(url, data)
    assert any("Attendance saved" in m for m in _messages(response))
    mine.refresh_from_db()
    theirs.refresh_from_db()
    assert (mine.attendance, mine.recorded_by) == ("attended", w.associate2)
    assert (theirs.attendance, theirs.recorded_by) == ("attended", w.associate)
