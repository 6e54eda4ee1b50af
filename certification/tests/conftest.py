import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from certification import services
from certification.tests import demo, factories
from coaching import services as coaching_services
from coaching.models import Program
from coaching.tests.casts import cast_layer
from coaching.tests.factories import PersonFactory, UserFactory
from observations import services as observation_services
from rubrics import services as rubric_services
from rubrics.models import Rubric
from rubrics.tests.factories import score_all


@cast_layer
def seeded_demo():
    """The demo as `seed_demo` seeds it (with DEBUG on, as it requires), seeded once a run for
    the tests that read it (certification/tests/demo.py: a later build on SQLite writes the rows
    the first one made). Its private files (the peer partner's artifacts) are in
    `private_media`, a directory of its own: a test that serves them points
    PRIVATE_MEDIA_ROOT there."""
    return demo.rows.build_or_write("seed_demo", demo.seed)


@cast_layer
def pipeline_cast(cast):
    """The cast, its program a certification pathway whose initial FIEP training person_a, person_b
    and coach A attended, and `candidacy`: person_a identified in
    Phase I by admin_a; `candidacy_b`: person_b of district B; `coach_candidacy`: coach A's own."""
    Program.objects.filter(pk=cast.program.pk).update(kind=Program.Kind.FACILITATOR_CERTIFICATION)
    cast.program.refresh_from_db()
    people = [cast.person_a, cast.person_b, cast.coach_a.person, cast.principal_a.person]
    factories.initial_training(cast.program, people, by=cast.associate)
    cast.candidacy = services.candidacy_identify(
        person=cast.person_a, program=cast.program, by=cast.admin_a
    )
    cast.candidacy_b = services.candidacy_identify(
        person=cast.person_b, program=cast.program, by=cast.admin_b
    )
    cast.coach_candidacy = services.candidacy_identify(
        person=cast.coach_a.person, program=cast.program, by=cast.admin_a
    )
    return cast


NOTES = {
    "behaviours_seen": "Set the agenda with the team; parked an off-topic concern.",
    "working": "Everyone spoke before decisions were made.",
    "not_working": "The timekeeper was not used.",
    "questions_posed": "What would help the parent speak first?",
    "next_steps": "Name a timekeeper at the start.",
}


def write_notes(submission, *, facilitator):
    observation_services.observation_update(
        observation=submission.observation,
        observed_on=timezone.localdate(),
        facilitator=facilitator,
        **NOTES,
    )


@cast_layer
def journey_cast(pipeline_cast):
    """pipeline_cast, further along:
    - `candidacy` (person_a, A) in Phase II, `absent_registration` at `past_call` of its cohort;
    - `coach_candidacy` (coach A) in Phase III with a draft attempt `draft`;
    - `candidacy_b` (person_b, B) in Phase III with an attempt `pending_b` waiting for review;
    - `workshop`: an upcoming workshop of the program with the default capacity;
    - `future_registration`: person_a's place at the cohort's next call."""
    w = pipeline_cast
    for candidacy, admin in (
        (w.candidacy, w.admin_a),
        (w.coach_candidacy, w.admin_a),
        (w.candidacy_b, w.admin_b),
    ):
        factories.approve(candidacy, admin=admin, associate=w.associate)
    for candidacy in (w.coach_candidacy, w.candidacy_b):
        factories.trainings(candidacy, by=w.associate)
        factories.facilitations(candidacy.person, 5, by=w.associate)
    w.cohort = coaching_services.cohort_create(program=w.program, name="Cohort A")
    services.candidacy_set_cohort(candidacy=w.candidacy, cohort=w.cohort, by=w.associate)
    w.past_call = factories.event(w.program, "support_call", by=w.associate, cohort=w.cohort)
    (w.absent_registration,) = factories.attend(
        w.past_call, [w.person_a], by=w.associate, attendance="absent"
    )
    w.workshop = factories.event(w.program, "workshop", by=w.associate, days=20)
    upcoming_call = factories.event(
        w.program, "support_call", by=w.associate, cohort=w.cohort, days=10
    )
    w.future_registration = coaching_services.registration_create(
        event=upcoming_call, person=w.person_a, by=w.associate
    )
    for candidacy in (w.candidacy, w.coach_candidacy, w.candidacy_b):
        candidacy.refresh_from_db()
    w.draft = services.submission_start(candidacy=w.coach_candidacy, by=w.coach_a)
    w.pending_b = services.submission_start(candidacy=w.candidacy_b, by=w.associate)
    write_notes(w.pending_b, facilitator=PersonFactory(district=w.district_b))
    w.pending_b = services.submission_submit(submission=w.pending_b, by=w.associate)
    return w


@cast_layer
def scoring(journey_cast):
    """journey_cast with the sample CFR installed as the program's rubric, minimum 3 points a
    criterion on average (`w.minimum`); person_b has a login (`w.user_b`), to recertify with."""
    w = journey_cast
    w.user_b = UserFactory()
    w.person_b.user = w.user_b
    w.person_b.save(update_fields=["user"])
    call_command("install_rubrics", verbosity=0)
    w.cfr = Rubric.objects.get(slug="coaching-facilitation-rubric")
    criteria = w.cfr.versions.get().criteria.count()
    w.minimum = 3 * criteria
    services.program_settings_update(
        program=w.program, cfr_version=w.cfr.versions.get(), cfr_passing_minimum=w.minimum
    )
    return w


def due_for_recertification(candidacy, *, days_left=30):
    """Move the candidacy's certificate on in its life (test set-up only): issued about two years
    ago, expiring in `days_left` days, inside the recertification window."""
    from certification.models import Certificate

    today = timezone.localdate()
    Certificate.objects.filter(candidacy=candidacy).update(
        issued_on=today - dt.timedelta(days=700), expires_on=today + dt.timedelta(days=days_left)
    )
    candidacy.refresh_from_db()
    return candidacy.certificate


def score(w, submission, points, *, feedback=""):
    submission = services.submission_score_start(submission=submission, by=w.associate)
    sheet = submission.review.sheets.get()
    score_all(sheet, w.associate, points)
    rubric_services.sheet_finalize(sheet=sheet, reviewer=w.associate)
    return services.submission_decide(submission=submission, by=w.associate, feedback=feedback)
