"""Pages of planned coaching sessions: plan one on an engagement, change or cancel one. Logging the
session it became is the engagement's session log, opened from "Next sessions"
(views/engagements.py)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.refusals import refusal_message, refusal_on_form

from ..forms.planned_sessions import PlannedSessionForm
from ..selectors import engagements as engagement_selectors
from ..selectors import planned_sessions as selectors
from ..services import planned_sessions as services


@login_required
def planned_session_schedule(request, pk):
    engagement = engagement_selectors.get_engagement_for_user(request.user, pk)
    if not engagement_selectors.may_log_sessions(request.user, engagement):
        raise PermissionDenied
    initial = engagement_selectors.last_session_defaults(request.user, engagement)
    form = PlannedSessionForm(
        request.POST or None,
        initial={
            "on": timezone.localdate(),
            "minutes": initial["minutes"],
            "mode": initial["mode"],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            planned = services.planned_session_schedule(
                engagement=engagement, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, f"Planned: {planned}, {planned.minutes} minutes.")
            return redirect(engagement)
    context = {"engagement": engagement, "form": form}
    return render(request, "coaching/planned_sessions/form.html", context)


@login_required
def planned_session_change(request, pk):
    planned = selectors.get_planned_session_for_user(request.user, pk, write=True)
    engagement = planned.engagement
    if not planned.is_open:
        messages.error(request, f"This planned session is {planned.status_display.lower()}.")
        return redirect(engagement)
    starts = timezone.localtime(planned.starts_at)
    form = PlannedSessionForm(
        request.POST or None,
        initial={
            "on": starts.date(),
            "at": starts.time(),
            "minutes": planned.minutes,
            "mode": planned.mode,
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            planned = services.planned_session_change(
                planned=planned, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(
                request,
                f"Moved: {planned}, {planned.minutes} minutes. Calendars that follow yours move it.",
            )
            return redirect(engagement)
    context = {"engagement": engagement, "form": form, "planned": planned}
    return render(request, "coaching/planned_sessions/form.html", context)


@login_required
@require_POST
def planned_session_cancel(request, pk):
    planned = selectors.get_planned_session_for_user(request.user, pk, write=True)
    try:
        services.planned_session_cancel(planned=planned, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"Cancelled: {planned}. Calendars that follow yours drop it.")
    return redirect(planned.engagement)
