"""Writes of check-ins: the coachee asks (a question, a report, feedback on the coaching), a coach
answers. Keyword-only and atomic; a refusal is a ValidationError (on the field) or, for someone who
may not act, PermissionDenied; nothing changes on a refusal.

Each write tells the other side through the outbox (kind "checkin") with a dedupe key, and the
notification says that a check-in came or was answered, never what it says: an e-mail is no
place for coaching content."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from ..models import CheckIn, Engagement, Notification, User
from ..notifications.services import notify
from ..selectors import engagements as engagement_selectors


@transaction.atomic
def checkin_ask(
    *, engagement: Engagement, by: User, kind: str, text: str, at: dt.datetime | None = None
) -> CheckIn:
    """The coachee's check-in, due `response_window_days` calendar days from now (the agreement's
    window at this moment, kept on the row). Only the coachee side asks; the engagement must be
    active. The coaches are told."""
    if not engagement_selectors.is_party(by, engagement) or engagement_selectors.is_coach_of(
        by, engagement
    ):
        raise PermissionDenied("The coachee checks in with the coach.")
    if not engagement.is_active:
        raise ValidationError("The engagement is not active: check-ins wait until it resumes.")
    asked_at = at or timezone.now()
    window = engagement.response_window_days
    checkin = CheckIn(
        engagement=engagement,
        kind=kind,
        text=text.strip(),
        asked_by=by,
        asked_at=asked_at,
        window_days=window,
        due_at=CheckIn.due_from(asked_at, window),
    )
    checkin.full_clean()
    checkin.save()
    coaches = engagement_selectors.coaches_of(engagement)
    notify(
        recipients=User.objects.filter(pk__in=coaches),
        kind=Notification.Kind.CHECKIN,
        subject=f"Check-in from {_name(by)}: {checkin.get_kind_display().lower()}",
        body=f"{_name(by)} checked in on {engagement}. The agreed window is {window} "
        f"day{'s' if window != 1 else ''}: answer by {_when(checkin.due_at)}.",
        url=reverse("coaching:checkin_detail", args=[checkin.pk]),
        dedupe_key=f"checkin-asked:{checkin.pk}",
    )
    return checkin


@transaction.atomic
def checkin_answer(
    *, checkin: CheckIn, by: User, answer: str, at: dt.datetime | None = None
) -> CheckIn:
    """A coach's answer, once (an answered check-in is not answered again). The one who asked is
    told."""
    checkin = CheckIn.objects.select_for_update().select_related("engagement").get(pk=checkin.pk)
    if not engagement_selectors.is_coach_of(by, checkin.engagement):
        raise PermissionDenied("The engagement's coaches answer its check-ins.")
    if checkin.is_answered:
        raise ValidationError("This check-in is already answered.")
    answer = answer.strip()
    if not answer:
        raise ValidationError({"answer": "Write the answer."})
    checkin.answer, checkin.answered_by = answer, by
    checkin.answered_at = at or timezone.now()
    if checkin.answered_at < checkin.asked_at:
        raise ValidationError("An answer comes after the check-in.")
    checkin.full_clean()
    checkin.save(update_fields=["answer", "answered_by", "answered_at"])
    notify(
        recipients=[checkin.asked_by],
        kind=Notification.Kind.CHECKIN,
        subject=f"{_name(by)} answered your check-in",
        body=f"{_name(by)} answered your check-in of {_when(checkin.asked_at)}.",
        url=reverse("coaching:checkin_detail", args=[checkin.pk]),
        dedupe_key=f"checkin-answered:{checkin.pk}",
    )
    return checkin


def _name(user: User) -> str:
    return user.get_full_name() or user.email


def _when(moment: dt.datetime) -> str:
    local = timezone.localtime(moment)
    return f"{local:%a %b} {local.day}, {local:%-I:%M %p}"
