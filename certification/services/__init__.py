"""Writes of the certification pipeline. Every rule is enforced here, in a transaction, with a
message a user can act on; every change of phase or status is recorded as a `CandidacyEvent`."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import formats, timezone

from coaching import services as coaching_services
from coaching.models import Cohort, Notification, Person, Program
from coaching.notifications.services import notify
from coaching.rules import refuse_own_record
from coaching.selectors import may_act_for_program
from observations import services as observation_services
from observations.models import Observation
from rubrics import services as rubric_services
from rubrics.models import RubricVersion
from rubrics.selectors import sheet_result

from .. import selectors
from ..models import (
    Candidacy,
    CandidacyEvent,
    CfrVersionChange,
    Facilitation,
    ProgramSettings,
    Submission,
)
from ..schoolyear import school_year
from . import certificates
from .audiences import audience_sync
from .events import Tell, candidacy_event_record, candidacy_tell

Phase = Candidacy.Phase
Kind = CandidacyEvent.Kind


@transaction.atomic
def program_settings_update(*, program: Program, by=None, **values) -> ProgramSettings:
    """Change a program's pathway rules. A CFR minimum above what its rubric version can score is
    refused; only a published version may be named, and a switch of version (by the program's own
    associates, or the site admin) is recorded as a `CfrVersionChange`. Phase II candidates whose
    checklist the new rules complete move to Phase III."""
    settings_row, _ = ProgramSettings.objects.select_for_update().get_or_create(program=program)
    from_version_id = settings_row.cfr_version_id
    for name, value in values.items():
        setattr(settings_row, name, value)
    settings_row.full_clean()
    switched = settings_row.cfr_version_id != from_version_id
    if switched and by is not None and not may_act_for_program(by, program):
        raise ValidationError(
            {"cfr_version": "Only the program's own associates choose the version it scores on."}
        )
    version = settings_row.cfr_version
    if version is not None and settings_row.cfr_passing_minimum is not None:
        most = version_maximum(version)
        if settings_row.cfr_passing_minimum > most:
            raise ValidationError(
                {"cfr_passing_minimum": f"The rubric version's highest possible total is {most}."}
            )
    settings_row.save()
    if switched:
        CfrVersionChange.objects.create(
            program=program,
            from_version_id=from_version_id,
            to_version_id=settings_row.cfr_version_id,
            by=by,
        )
    in_training = program.candidacies.filter(phase=Phase.TRAINING)
    advance_ready(person_ids=in_training.order_by().values_list("person_id", flat=True), by=by)
    return settings_row


def version_maximum(version: RubricVersion) -> int:
    """The highest total a version can score: its top level on every criterion."""
    top = max(version.levels.order_by().values_list("points", flat=True), default=0)
    return top * version.criteria.count()


@transaction.atomic
def candidacy_identify(*, person: Person, program: Program, by, reason: str = "") -> Candidacy:
    """Phase I: a district names one of its staff as a candidate of a program it is enrolled in;
    never themself."""
    refuse_own_record(actor=by, person=person, action="identify yourself as a candidate")
    if not person.is_active:
        raise ValidationError(f"{person.full_name} is deactivated: reactivate them first.")
    if program.kind != Program.Kind.FACILITATOR_CERTIFICATION:
        raise ValidationError(f"{program.name} has no certification pathway.")
    if not program.enrollments.filter(district_id=person.district_id).exists():
        raise ValidationError(f"{person.district} is not enrolled in {program.name}.")
    if not selectors.attended_initial_training(person, program):
        raise ValidationError(
            f"{person.full_name} has no recorded attendance at {program.name}’s initial FIEP "
            "training: candidates are identified from those who attended it."
        )
    candidacy = Candidacy(person=person, program=program, district_id=person.district_id)
    candidacy.full_clean()
    candidacy.save()
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.IDENTIFIED,
        by=by,
        from_phase="",
        reason=reason,
    )
    return candidacy


def _lock_identified(candidacy: Candidacy) -> Candidacy:
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.phase != Phase.IDENTIFIED:
        raise ValidationError(
            f"Only a candidate in Phase I is approved or declined; this one is "
            f"{candidacy.get_phase_display()}."
        )
    return candidacy


@transaction.atomic
def candidacy_approve(*, candidacy: Candidacy, by, side: str) -> Candidacy:
    """Record the district's or the provider's approval. With both, the candidate enters Phase II.
    Nobody approves their own candidacy."""
    candidacy = _lock_identified(candidacy)
    refuse_own_record(actor=by, person=candidacy.person, action="approve your own candidacy")
    now = timezone.now()
    if side == "district":
        if candidacy.district_approved_at:
            raise ValidationError("The district approved this candidate already.")
        candidacy.district_approved_by, candidacy.district_approved_at = by, now
        kind = Kind.DISTRICT_APPROVED
    elif side == "provider":
        if candidacy.provider_approved_at:
            raise ValidationError("The provider approved this candidate already.")
        candidacy.provider_approved_by, candidacy.provider_approved_at = by, now
        kind = Kind.PROVIDER_APPROVED
    else:
        raise ValueError(f"Unknown side {side!r}")
    candidacy.save()
    name, program = candidacy.person.full_name, candidacy.program.name
    both = bool(candidacy.district_approved_at and candidacy.provider_approved_at)
    candidacy_event_record(
        candidacy=candidacy,
        kind=kind,
        by=by,
        from_phase=Phase.IDENTIFIED,
        tell=None  # with both approvals, the move to Phase II tells them (below)
        if both
        else Tell(
            kind=Notification.Kind.CANDIDACY,
            subject=f"{name}: {Kind(kind).label.lower()}",
            body=f"{name}'s candidacy in {program} is {Kind(kind).label.lower()}; the other "
            "approval is still needed before Phase II.",
        ),
    )
    if both:
        candidacy.phase = Phase.TRAINING
        candidacy.save(update_fields=["phase", "updated_at"])
        audience_sync(candidacy=candidacy)
        coaching_services.coach_role_ensure(person=candidacy.person)
        candidacy_event_record(
            candidacy=candidacy,
            kind=Kind.ADVANCED,
            by=by,
            from_phase=Phase.IDENTIFIED,
            reason="Approved by both the district and the provider.",
            tell=Tell(
                kind=Notification.Kind.CANDIDACY,
                subject=f"{name} is in Phase II of {program}",
                body=f"{name} is approved by both the district and the provider and enters Phase "
                "II: advanced and stakeholder training, the cohort's support calls, the coaching "
                "workshop and the year's facilitated IEP meetings.",
            ),
        )
    return candidacy


@transaction.atomic
def candidacy_decline(*, candidacy: Candidacy, by, reason: str) -> Candidacy:
    """The district or the provider declines a Phase I candidate, saying why; never their own."""
    candidacy = _lock_identified(candidacy)
    refuse_own_record(actor=by, person=candidacy.person, action="decline your own candidacy")
    if not reason.strip():
        raise ValidationError("Say why the candidate is declined: the reason is kept and shown.")
    candidacy.phase = Phase.DECLINED
    candidacy.save(update_fields=["phase", "updated_at"])
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.DECLINED,
        by=by,
        from_phase=Phase.IDENTIFIED,
        reason=reason.strip(),
        tell=Tell(
            kind=Notification.Kind.CANDIDACY,
            subject=f"{candidacy.person.full_name}'s candidacy is declined",
            body=f"{candidacy.person.full_name}'s candidacy in {candidacy.program.name} is declined. "
            f"The reason given: {reason.strip()}",
        ),
    )
    return candidacy


# --- Phase II ------------------------------------------------------------------------------------

# Training's services are coaching's (coaching.services.training); Key2Ed's rules for it are
# certification.training, which coaching runs through settings.TRAINING_RULES.


@transaction.atomic
def candidacy_set_cohort(*, candidacy: Candidacy, cohort: Cohort, by) -> Candidacy:
    """Place a candidate in a cohort: its support calls are the ones they must attend. Nobody
    places themself."""
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    refuse_own_record(actor=by, person=candidacy.person, action="place yourself in a cohort")
    if cohort.program_id != candidacy.program_id:
        raise ValidationError("That cohort belongs to another program.")
    if candidacy.phase in (Phase.DECLINED, Phase.CERTIFIED):
        raise ValidationError("Only a candidate still training is placed in a cohort.")
    if candidacy.cohort_id == cohort.pk:
        return candidacy
    candidacy.cohort = cohort
    candidacy.save(update_fields=["cohort", "updated_at"])
    audience_sync(candidacy=candidacy)
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.COHORT,
        by=by,
        from_phase=candidacy.phase,
        reason=cohort.name,
    )
    candidacy_advance_if_ready(candidacy=candidacy, by=by)
    return candidacy


@transaction.atomic
def candidacy_advance_if_ready(*, candidacy: Candidacy, by) -> bool:
    """Move a Phase II candidate to Phase III when the computed checklist is complete, recording
    the checklist as the reason. Returns whether it moved."""
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.phase != Phase.TRAINING:
        return False
    checklist = selectors.checklist(candidacy)
    if not checklist.complete:
        return False
    candidacy.phase = Phase.FEEDBACK_REVIEW
    candidacy.save(update_fields=["phase", "updated_at"])
    audience_sync(candidacy=candidacy)
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.ADVANCED,
        by=by,
        from_phase=Phase.TRAINING,
        reason=f"Phase II checklist complete. {checklist.summary()}.",
    )
    candidacy_tell(
        candidacy=candidacy,
        by=None,
        tell=Tell(
            kind=Notification.Kind.PHASE,
            subject=f"{candidacy.person.full_name} is in Phase III",
            body=f"{candidacy.person.full_name} completed the Phase II checklist of "
            f"{candidacy.program.name}. Next: observe a facilitator at an IEP meeting, write coaching "
            "feedback notes and submit them for review.",
        ),
    )
    return True


def advance_ready(*, person_ids, by) -> int:
    """Check the Phase II candidacies of these people after their records changed."""
    moved = 0
    for candidacy in Candidacy.objects.filter(person_id__in=person_ids, phase=Phase.TRAINING):
        moved += candidacy_advance_if_ready(candidacy=candidacy, by=by)
    return moved


def _day(day: dt.date) -> str:
    return formats.date_format(day, "M j, Y")


def facilitation_earliest(person: Person, today: dt.date) -> dt.date:
    """The first day a facilitation may be dated: the start of the previous school year, by the
    start month of each program the person is a candidate of (the earliest of them), or by the
    default start month when they are a candidate of none."""
    program_ids = set(person.candidacies.order_by().values_list("program_id", flat=True))
    months = set(
        ProgramSettings.objects.filter(program_id__in=program_ids)
        .order_by()
        .values_list("school_year_start_month", flat=True)
    )
    if not months or len(months) < len(program_ids):  # a program without settings: the default
        months.add(ProgramSettings._meta.get_field("school_year_start_month").default)
    starts = [school_year(today, month).start for month in months]
    return min(start.replace(year=start.year - 1) for start in starts)


DUPLICATE = "duplicate_facilitation"


@transaction.atomic
def facilitation_log(*, person: Person, by, log_again: bool = False, **fields) -> Facilitation:
    """Log an IEP meeting the person facilitated. Refuses a note that looks like it holds a student
    identifier, a date in the future or before the previous school year, and, unless `log_again`,
    a second meeting of the same type at the same school on the same day (the refusal's code is
    DUPLICATE: the form then asks). A Phase II candidate whose checklist this completes moves to
    Phase III."""
    facilitation = Facilitation(person=person, logged_by=by, **fields)
    facilitation.note = facilitation.note.strip()
    if facilitation.school_id and facilitation.school.district_id != person.district_id:
        raise ValidationError({"school": "Choose a school of your district."})
    today = timezone.localdate()
    if facilitation.held_on and facilitation.held_on > today:
        raise ValidationError({"held_on": "Log a meeting once it has happened."})
    earliest = facilitation_earliest(person, today)
    if facilitation.held_on and facilitation.held_on < earliest:
        raise ValidationError(
            {
                "held_on": f"Log meetings of this school year or the last one: from "
                f"{_day(earliest)}. {_day(facilitation.held_on)} is earlier."
            }
        )
    facilitation.full_clean()
    same = Facilitation.objects.filter(
        person=person,
        held_on=facilitation.held_on,
        school=facilitation.school,
        meeting_type=facilitation.meeting_type,
    )
    if not log_again and same.exists():
        raise ValidationError(
            f"You have logged a meeting of this type "
            f"({facilitation.get_meeting_type_display().lower()}) at {facilitation.school} on "
            f"{_day(facilitation.held_on)} already. If this is another meeting, tick “Yes, log it "
            "again” and save.",
            code=DUPLICATE,
        )
    facilitation.save()
    advance_ready(person_ids=[person.pk], by=by)
    return facilitation


# --- Phase III and recertification: submissions ----------------------------------------------


def _next_attempt(candidacy: Candidacy, purpose: str) -> int:
    return candidacy.submissions.filter(purpose=purpose).count() + 1


@transaction.atomic
def submission_start(*, candidacy: Candidacy, by) -> Submission:
    """A Phase III candidate begins an attempt: feedback notes on an IEP meeting they observe."""
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    if candidacy.phase != Phase.FEEDBACK_REVIEW:
        raise ValidationError("Feedback notes are written in Phase III.")
    purpose = Submission.Purpose.CERTIFICATION
    if candidacy.submissions.filter(purpose=purpose, outcome__in=OPEN).exists():
        raise ValidationError("An attempt is already open: finish it first.")
    observation = observation_services.observation_start(
        coach=candidacy.person, setting=Observation.Setting.IEP_MEETING
    )
    return _submission_create(candidacy, purpose, observation, by)


def _submission_create(candidacy, purpose, observation, by) -> Submission:
    submission = Submission(
        candidacy=candidacy,
        purpose=purpose,
        attempt=_next_attempt(candidacy, purpose),
        observation=observation,
        created_by=by,
    )
    submission.full_clean()
    submission.save()
    return submission


OPEN = [Submission.Outcome.DRAFT, Submission.Outcome.PENDING]


def _lock_submission(submission: Submission, *outcomes) -> Submission:
    submission = (
        Submission.objects.select_for_update(of=("self",))
        .select_related("candidacy__person", "candidacy__program", "observation")
        .get(pk=submission.pk)
    )
    if submission.outcome not in outcomes:
        raise ValidationError(f"This attempt is {submission.get_outcome_display().lower()}.")
    return submission


@transaction.atomic
def submission_submit(*, submission: Submission, by) -> Submission:
    """Submit complete notes for review; they are locked from now on."""
    submission = _lock_submission(submission, Submission.Outcome.DRAFT)
    observation_services.observation_submit(observation=submission.observation)
    submission.outcome = Submission.Outcome.PENDING
    submission.submitted_at = timezone.now()
    submission.save(update_fields=["outcome", "submitted_at"])
    candidacy = submission.candidacy
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.SUBMITTED,
        by=by,
        from_phase=candidacy.phase,
        reason=f"{submission.get_purpose_display()}, attempt {submission.attempt}.",
    )
    return submission


def cfr_version(program: Program) -> RubricVersion:
    """The Coaching Facilitation Rubric version that the program's settings name. A version
    published since changes nothing until the program switches to it."""
    version = selectors.program_settings(program).cfr_version
    if version is None:
        raise ValidationError(
            f"{program.name} has no Coaching Facilitation Rubric version yet: choose one in its "
            "program settings."
        )
    return version


@transaction.atomic
def submission_score_start(*, submission: Submission, by) -> Submission:
    """An associate takes a submission from the queue: a review on the program's CFR, with a
    scoresheet for them. Taking it twice returns the same review."""
    submission = _lock_submission(submission, Submission.Outcome.PENDING)
    refuse_own_record(actor=by, person=submission.candidacy.person, action="score your own notes")
    if submission.review_id:
        return submission
    candidacy = submission.candidacy
    submission.review = rubric_services.review_create(
        version=cfr_version(candidacy.program),
        subject_label=(
            f"{candidacy.person.full_name}: {submission.get_purpose_display()}, "
            f"attempt {submission.attempt}"
        ),
        reviewers=[by],
        scope=f"district:{candidacy.person.district_id}",
        subject_user=candidacy.person.user,
    )
    submission.save(update_fields=["review"])
    return submission


def passing_minimum(submission: Submission) -> int | None:
    """The program's CFR minimum; without one, the rubric version's own minimum total."""
    program = submission.candidacy.program
    rules = selectors.program_settings(program)
    if rules.cfr_passing_minimum is not None:
        return rules.cfr_passing_minimum
    if submission.review_id:
        return submission.review.version.passing_total
    try:
        return cfr_version(program).passing_total
    except ValidationError:
        return None


@transaction.atomic
def submission_decide(*, submission: Submission, by, feedback: str = "") -> Submission:
    """Record the result of a scored submission: at or above the program's CFR minimum it passes
    (a Phase III candidate is certified, a recertification renews the certificate); below it, the
    attempt is repeated and the feedback, required then, is shown to the coach."""
    submission = _lock_submission(submission, Submission.Outcome.PENDING)
    refuse_own_record(actor=by, person=submission.candidacy.person, action="score your own notes")
    if not submission.review_id:
        raise ValidationError("Score the notes on the CFR before recording the result.")
    sheet = submission.review.sheets.get()
    if sheet.reviewer_id != by.pk:
        raise ValidationError("The associate who scored the notes records the result.")
    if not sheet.is_final:
        raise ValidationError("Finalise the scoresheet before recording the result.")
    result = sheet_result(sheet)
    minimum = passing_minimum(submission)
    passed = result.total >= minimum if minimum is not None else result.passed
    feedback = feedback.strip() or sheet.overall_comment
    if not passed and not feedback:
        raise ValidationError(
            "Write feedback for the coach: what to work on before the next attempt."
        )
    submission.outcome = Submission.Outcome.PASSED if passed else Submission.Outcome.REPEAT
    submission.total, submission.minimum, submission.feedback = result.total, minimum, feedback
    submission.decided_by, submission.decided_at = by, timezone.now()
    submission.full_clean()
    submission.save()
    candidacy = submission.candidacy
    score = f"Attempt {submission.attempt} scored {result.total} (minimum {minimum})."
    name = candidacy.person.full_name
    candidacy_tell(
        candidacy=candidacy,
        by=by,
        tell=Tell(
            kind=Notification.Kind.SCORED,
            url=submission.get_absolute_url(),
            subject=f"{name}, {submission.get_purpose_display()} attempt "
            f"{submission.attempt}: {'passed' if passed else 'to repeat'}",
            body=f"{score} "
            + ("It passes." if passed else f"It is below the minimum. The feedback: {feedback}"),
        ),
    )
    if not passed:
        candidacy_event_record(
            candidacy=candidacy,
            kind=Kind.REPEAT,
            by=by,
            from_phase=candidacy.phase,
            reason=score,
        )
    elif submission.purpose == Submission.Purpose.CERTIFICATION:
        certificates.certificate_issue(candidacy=candidacy, by=by, reason=score)
    else:
        certificates.certificate_renew(certificate=candidacy.certificate, by=by, reason=score)
    return submission


def recertification_opens_on(certificate) -> dt.date:
    """The first day a certificate's recertification may open: its program's recertification
    window before its expiry. It stays open after the expiry (a lapsed certificate is renewed)."""
    days = selectors.program_settings(certificate.candidacy.program).recertification_window_days
    return certificate.expires_on - dt.timedelta(days=days)


@transaction.atomic
def video_assign(*, candidacy: Candidacy, video, by) -> Submission:
    """Recertification: assign a library video to a certified coach, who writes coaching notes
    on it and submits them for scoring. Nobody assigns one to themself. Refused before the
    program's recertification window opens (a renewal counts from the old expiry: opened early, it
    would stretch the certificate)."""
    candidacy = Candidacy.objects.select_for_update().get(pk=candidacy.pk)
    refuse_own_record(actor=by, person=candidacy.person, action="assign yourself a video")
    certificate = getattr(candidacy, "certificate", None)
    if candidacy.phase != Phase.CERTIFIED or certificate is None:
        raise ValidationError("A video is assigned to a certified coach, for recertification.")
    if certificate.status == certificate.Status.REVOKED:
        raise ValidationError("This certificate is revoked: it cannot be renewed.")
    opens_on = recertification_opens_on(certificate)
    if timezone.localdate() < opens_on:
        raise ValidationError(
            f"Recertification opens on {_day(opens_on)}, "
            f"{selectors.program_settings(candidacy.program).recertification_window_days} days "
            f"before the certificate expires on {_day(certificate.expires_on)}: assign a video "
            "then."
        )
    if candidacy.person.user_id is None:
        raise ValidationError(
            f"{candidacy.person.full_name} has no login to write notes with: ask the site admin "
            "to give them one first."
        )
    if video.program_id != candidacy.program_id or not video.is_active:
        raise ValidationError("Choose an active video of this program's library.")
    purpose = Submission.Purpose.RECERTIFICATION
    if candidacy.submissions.filter(purpose=purpose, outcome__in=OPEN).exists():
        raise ValidationError("A recertification video is already assigned and not yet scored.")
    observation = observation_services.observation_start(
        coach=candidacy.person, setting=Observation.Setting.VIDEO, video=video
    )
    submission = _submission_create(candidacy, purpose, observation, by)
    candidacy_event_record(
        candidacy=candidacy,
        kind=Kind.VIDEO_ASSIGNED,
        by=by,
        from_phase=candidacy.phase,
        reason=video.title,
    )
    notify(
        recipients=[candidacy.person.user],
        kind=Notification.Kind.VIDEO,
        subject=f"A recertification video to write notes on: {video.title}",
        body=f"Watch “{video.title}”, write coaching notes tied to its moments and submit them; "
        "an associate scores them on the CFR, and a pass renews your certificate.",
        url=submission.get_absolute_url(),
    )
    return submission
