"""Writes of training (every program): cohorts, events, registrations, attendance and make-ups.

Who may register is the event's data (`TrainingEvent.audience`, its cohort's members, the people it
names, its capacity): `registration_create` decides from that alone. A program kind may add rules
of its own, named in `settings.TRAINING_RULES` (program kind → a module path): certification names
Key2Ed's there. Such a module may define any of

- `before_schedule(*, program, fields)`: change the fields of a new event, or refuse it;
- `after_schedule(*, event)`: write the event's audience (the people it names);
- `after_attendance(*, person_ids, by) -> str`: act on new attendance; returns a note for the user.

coaching imports no other app (DESIGN.md): config wires the rules in by name."""

import datetime as dt
from importlib import import_module

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import limits
from ..models import Cohort, Notification, Person, Program, Registration, TrainingEvent, User
from ..notifications.services import notify
from ..rules import refuse_own_record
from ..selectors.training import audience_includes
from .dashboards import dashboards_changed

EVENT_FIELDS = (
    "kind",
    "title",
    "cohort",
    "starts_at",
    "duration_minutes",
    "location",
    "capacity",
    "audience",
    "audience_label",
)


def program_rules(program: Program):
    """The module of the program kind's own training rules, or None."""
    path = getattr(settings, "TRAINING_RULES", {}).get(program.kind)
    return import_module(path) if path else None


def _hook(program: Program, name: str):
    return getattr(program_rules(program), name, None)


class Marks(list):
    """The registrations whose attendance changed, and a note for the user (`note`) from the
    program's own rules: for example who moved on in their pathway."""

    note = ""


@transaction.atomic
def cohort_create(*, program: Program, name: str, starts_on=None) -> Cohort:
    cohort = Cohort(program=program, name=name.strip(), starts_on=starts_on)
    cohort.full_clean()
    cohort.save()
    return cohort


def _refuse_start_out_of_range(starts_at) -> None:
    """A training starts from TRAINING_DAYS_BACK days before today (one held earlier, recorded
    late) to TRAINING_DAYS_AHEAD days after it (the site's time zone): a year typed as 9999 or
    2019 is a slip."""
    if not isinstance(starts_at, dt.datetime) or timezone.is_naive(starts_at):
        return  # no start, or not one to compare: full_clean says what is wrong with it
    today = timezone.localdate()
    earliest = today - dt.timedelta(days=limits.TRAINING_DAYS_BACK)
    latest = today + dt.timedelta(days=limits.TRAINING_DAYS_AHEAD)
    if not earliest <= timezone.localtime(starts_at).date() <= latest:
        raise ValidationError(
            {"starts_at": f"Schedule a training from {earliest:%B %-d, %Y} to {latest:%B %-d, %Y}."}
        )


def _event_save(event: TrainingEvent, fields: dict, invitees) -> TrainingEvent:
    for name in EVENT_FIELDS:
        if name in fields:
            setattr(event, name, fields[name])
    _refuse_start_out_of_range(event.starts_at)
    if event.kind and event.kind not in TrainingEvent.kinds_for(event.program):
        raise ValidationError(
            {"kind": f"{event.program} does not offer a {event.get_kind_display().lower()}."}
        )
    if event.cohort_id and event.cohort.program_id != event.program_id:
        raise ValidationError({"cohort": "That cohort belongs to another program."})
    if event.audience == TrainingEvent.Audience.COHORT and not event.cohort_id:
        raise ValidationError({"cohort": "Choose the cohort the event is for."})
    event.full_clean()
    event.save()
    if invitees is not None:
        event.invitees.set(invitees)
    return event


@transaction.atomic
def event_schedule(*, program: Program, by: User, invitees=None, **fields) -> TrainingEvent:
    """Schedule a training of a program: a kind the program offers, its audience (a cohort's
    event names the cohort), for named people `invitees`, and a start from
    `limits.TRAINING_DAYS_BACK` days before today to `limits.TRAINING_DAYS_AHEAD` days after it
    (refused on `starts_at` with the dates it may take). The program kind's own rules
    (`before_schedule`, `after_schedule`) run in the same transaction."""
    before = _hook(program, "before_schedule")
    if before:
        before(program=program, fields=fields)
    event = _event_save(TrainingEvent(program=program, created_by=by), fields, invitees)
    after = _hook(program, "after_schedule")
    if after:
        after(event=event)
    return event


def _refuse_outside_audience(event: TrainingEvent, person: Person) -> None:
    if audience_includes(event, person):
        return
    Audience = TrainingEvent.Audience
    kind = event.get_kind_display().lower()
    if event.audience == Audience.COHORT:
        raise ValidationError(f"{person.full_name} is not in {event.cohort}.")
    if event.audience == Audience.COACHES:
        raise ValidationError(
            f"{person.full_name} is not a coach: the {kind} is for {event.program}'s coaches."
        )
    label = event.audience_label or f"named for this {kind}"
    raise ValidationError(f"{person.full_name} is not {label}: the {kind} is for those named.")


@transaction.atomic
def registration_create(*, event: TrainingEvent, person: Person, by: User) -> Registration:
    """Register a person for an event, if they are of its audience. The event's row is locked
    first, so concurrent registrations for its last places are taken one at a time and never
    exceed its capacity."""
    event = TrainingEvent.objects.select_for_update().select_related("program").get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("This event is cancelled: nobody registers for it.")
    if not person.is_active:
        raise ValidationError(f"{person.full_name} is deactivated.")
    if not event.program.enrollments.filter(district_id=person.district_id).exists():
        raise ValidationError(f"{person.district} is not enrolled in {event.program}.")
    _refuse_outside_audience(event, person)
    if event.registrations.filter(person=person).exists():
        raise ValidationError(f"{person.full_name} is registered for this event already.")
    if event.capacity is not None and event.registrations.count() >= event.capacity:
        raise ValidationError(
            f"This {event.get_kind_display().lower()} is full: all {event.capacity} places "
            "are taken."
        )
    registration = Registration(event=event, person=person, registered_by=by)
    registration.full_clean()
    registration.save()
    return registration


@transaction.atomic
def registration_cancel(*, registration: Registration) -> None:
    """Free a place before the event begins. Once it has begun the registration is history: its
    attendance is recorded instead."""
    registration = (
        Registration.objects.select_for_update().select_related("event").get(pk=registration.pk)
    )
    if registration.event.is_cancelled:
        raise ValidationError("The event is cancelled: its registrations are kept as they were.")
    if registration.event.starts_at <= timezone.now():
        raise ValidationError("The event has begun: record the attendance instead.")
    registration.delete()


@transaction.atomic
def event_cancel(*, event: TrainingEvent, by: User) -> TrainingEvent:
    """Cancel an event that has not begun. It is kept with its registrations, marked cancelled
    (who, when), and its `sequence` raised so that calendar feeds show it cancelled; everyone
    registered with a login is told through the notifications outbox, in this transaction."""
    event = TrainingEvent.objects.select_for_update().select_related("program").get(pk=event.pk)
    if event.is_cancelled:
        raise ValidationError("This event is cancelled already.")
    if event.starts_at <= timezone.now():
        raise ValidationError("The event has begun: it can no longer be cancelled.")
    dashboards_changed()  # its update() sends no model signal: the cached dashboards are old
    TrainingEvent.objects.filter(pk=event.pk).update(
        cancelled_at=timezone.now(), cancelled_by=by, sequence=F("sequence") + 1
    )
    event.refresh_from_db()
    registrants = User.objects.filter(
        pk__in=event.registrations.filter(person__user__isnull=False).values("person__user_id")
    )
    starts = timezone.localtime(event.starts_at)
    notify(
        recipients=registrants,
        kind=Notification.Kind.TRAINING_CANCELLED,
        subject=f"Cancelled: {event}",
        body=f"{event} of {event.program} on {starts:%B %-d, %Y at %-I:%M %p} is cancelled. "
        "Your registration is kept with it; there is nothing to attend.",
        url=event.get_absolute_url(),
        dedupe_key=f"training-cancelled-{event.pk}",
    )
    return event


def _after_attendance(program: Program, person_ids, by) -> str:
    after = _hook(program, "after_attendance")
    return (after(person_ids=person_ids, by=by) or "") if after else ""


@transaction.atomic
def attendance_record(*, event: TrainingEvent, attendance: dict[int, str], by: User) -> Marks:
    """Record who attended (or not) an event that has begun. `attendance` maps registration ids
    of this event to "attended" or "absent"; a made-up call stays made up unless marked attended.
    Nobody changes their own mark (`refuse_own_record`); their unchanged mark is let through.
    Returns the changed registrations; the program kind's `after_attendance` note is `.note`."""
    if event.is_cancelled:
        raise ValidationError("This event is cancelled: there is no attendance to record.")
    if event.starts_at > timezone.now():
        raise ValidationError("Attendance is recorded once the event has begun.")
    allowed = {Registration.Attendance.ATTENDED, Registration.Attendance.ABSENT}
    registrations = {
        r.pk: r
        for r in Registration.objects.select_for_update(of=("self",))
        .select_related("person")
        .filter(event=event)
    }
    if set(attendance) - set(registrations):
        raise ValidationError("A mark names someone who is not registered for this event.")
    now, changed = timezone.now(), Marks()
    for pk, value in attendance.items():
        if value not in allowed:
            raise ValidationError("Mark each person attended or absent.")
        registration = registrations[pk]
        if registration.attendance == value or (
            value == Registration.Attendance.ABSENT
            and registration.attendance == Registration.Attendance.MADE_UP
        ):
            continue
        refuse_own_record(actor=by, person=registration.person, action="record your own attendance")
        registration.attendance, registration.recorded_by, registration.recorded_at = (
            value,
            by,
            now,
        )
        changed.append(registration)
    dashboards_changed()  # a bulk_update sends no model signal: the cached dashboards are old
    Registration.objects.bulk_update(changed, ["attendance", "recorded_by", "recorded_at"])
    changed.note = _after_attendance(event.program, [r.person_id for r in changed], by)
    return changed


@transaction.atomic
def attendance_make_up(*, registration: Registration, note: str, by: User) -> Registration:
    """A missed technical support call made up (a recording watched, a call with the
    associate): it then counts as attended. Nobody makes up their own call."""
    registration = (
        Registration.objects.select_for_update(of=("self", "event"))
        .select_related("event__program", "person")
        .get(pk=registration.pk)
    )
    refuse_own_record(actor=by, person=registration.person, action="make up your own missed call")
    if registration.event.kind != TrainingEvent.Kind.SUPPORT_CALL:
        raise ValidationError("Only a missed technical support call can be made up.")
    if registration.attendance != Registration.Attendance.ABSENT:
        raise ValidationError("Only a call marked missed can be made up.")
    if not note.strip():
        raise ValidationError("Say how the call was made up: the note is kept.")
    registration.attendance = Registration.Attendance.MADE_UP
    registration.made_up_note = note.strip()
    registration.recorded_by, registration.recorded_at = by, timezone.now()
    registration.full_clean()
    registration.save()
    _after_attendance(registration.event.program, [registration.person_id], by)
    return registration
