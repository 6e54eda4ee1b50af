"""Writes of planned coaching sessions (coaching/models/planned_sessions.py): schedule one,
change or cancel one, and log the session it became through the engagement's session log."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from .. import limits
from ..models import CoachingSession, Engagement, PlannedSession, User
from ..selectors import engagements as engagement_selectors
from . import engagements as engagement_services
from .dashboards import dashboards_changed


def _refuse_unless_loggable(by: User, engagement: Engagement) -> None:
    if not engagement_selectors.may_log_sessions(by, engagement):
        raise PermissionDenied(
            "Only who logs the engagement's sessions plans them: its coaches (the team in "
            "stage 3, and either of a peer pair)."
        )


def _checked_start(engagement: Engagement, on: dt.date, at: dt.time) -> dt.datetime:
    """When a session of an active engagement may be planned: at a time to come, up to a year
    ahead, and not before the engagement starts (the site's time zone)."""
    if engagement.status != Engagement.Status.ACTIVE:
        raise ValidationError(
            f"This engagement is {engagement.get_status_display().lower()}: "
            "resume it to plan sessions."
        )
    latest = timezone.localdate() + dt.timedelta(days=limits.PLANNED_SESSION_DAYS_AHEAD)
    if on > latest:
        raise ValidationError(
            {"on": f"Plan a session up to a year ahead: by {latest:%B %-d, %Y} at the latest."}
        )
    starts_at = timezone.make_aware(dt.datetime.combine(on, at))
    if starts_at <= timezone.now():
        raise ValidationError(
            {"on": "A planned session is in the future: log one already held instead."}
        )
    if on < engagement.starts_on:
        raise ValidationError(
            {"on": f"The engagement starts on {engagement.starts_on:%B %-d, %Y}."}
        )
    return starts_at


@transaction.atomic
def planned_session_schedule(
    *, engagement: Engagement, by: User, on: dt.date, at: dt.time, minutes: int, mode: str
) -> PlannedSession:
    """Plan a session of an active engagement, at a time to come and not before the engagement
    starts, by someone who may log its sessions. The time is the site's time zone."""
    _refuse_unless_loggable(by, engagement)
    starts_at = _checked_start(engagement, on, at)
    planned = PlannedSession(
        engagement=engagement, starts_at=starts_at, minutes=minutes, mode=mode, scheduled_by=by
    )
    planned.full_clean()
    planned.save()
    return planned


@transaction.atomic
def planned_session_change(
    *, planned: PlannedSession, by: User, on: dt.date, at: dt.time, minutes: int, mode: str
) -> PlannedSession:
    """Move a planned session still to be held to another time, length or mode, under the same
    rules as planning one. Its calendar entry keeps its UID, and its sequence is raised, so that
    calendars that follow the feed move it rather than add another."""
    _refuse_unless_loggable(by, planned.engagement)
    planned = _locked(planned)
    if not planned.is_open:
        raise ValidationError(f"This planned session is {planned.status_display.lower()} already.")
    starts_at = _checked_start(planned.engagement, on, at)
    changed = (starts_at, minutes, mode) != (planned.starts_at, planned.minutes, planned.mode)
    if not changed:
        return planned
    planned.starts_at, planned.minutes, planned.mode = starts_at, minutes, mode
    planned.sequence += 1
    planned.full_clean()
    planned.save(update_fields=["starts_at", "minutes", "mode", "sequence"])
    return planned


def _locked(planned: PlannedSession) -> PlannedSession:
    return PlannedSession.objects.select_for_update().get(pk=planned.pk)


@transaction.atomic
def planned_session_cancel(*, planned: PlannedSession, by: User) -> PlannedSession:
    """Cancel a planned session that is still to be held. It is kept, marked cancelled, and its
    sequence raised so that calendars drop it."""
    _refuse_unless_loggable(by, planned.engagement)
    planned = _locked(planned)
    if planned.cancelled_at:
        raise ValidationError("This session is cancelled already.")
    if planned.held_session_id:
        raise ValidationError("This session was held: it is logged, and cannot be cancelled.")
    dashboards_changed()  # an update() sends no model signal: the cached dashboards are old
    PlannedSession.objects.filter(pk=planned.pk).update(
        cancelled_at=timezone.now(), cancelled_by=by, sequence=F("sequence") + 1
    )
    planned.refresh_from_db()
    return planned


@transaction.atomic
def planned_session_log(*, planned: PlannedSession, by: User, **session) -> CoachingSession:
    """Log the session a planned one became (the engagement's `session_log`, with its checks),
    and mark the planned session held, in one transaction."""
    planned = _locked(planned)
    if not planned.is_open:
        raise ValidationError(f"This planned session is {planned.status_display.lower()} already.")
    logged = engagement_services.session_log(engagement=planned.engagement, by=by, **session)
    PlannedSession.objects.filter(pk=planned.pk).update(
        held_session=logged, sequence=F("sequence") + 1
    )
    return logged
