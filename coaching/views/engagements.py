"""Pages of coaching engagements: a coach's "My engagements", starting one (with its agreement),
the district's list, the engagement page, logging a session (and a quick note), goals, the stage,
pausing and closing, action steps; a coachee's "My coaching"; a principal's "Coaching at my
school".

Content (what the parties wrote) reaches a template only through `engagement_content_for`, which
gives it to the parties alone; everyone else's context is built of activity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.exports import Column, export
from core.refusals import refusal_on_form

from ..filters.engagements import EngagementFilter
from ..forms.engagements import (
    ActionStepForm,
    EngagementStartForm,
    GoalForm,
    QuickNoteForm,
    SessionForm,
    StageForm,
    StatusForm,
    StepAdvanceForm,
    TeamForm,
)
from ..models import CoachingSession
from ..selectors import engagements as selectors
from ..selectors import get_district_for_user, roles_of
from ..selectors import planned_sessions as planned_selectors
from ..services import engagements as services
from ..services import planned_sessions as planned_services

PAGE_SIZE = 50


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _managed_district(request, district_pk):
    """The district, for those who start engagements in it: 404 outside it, 403 to readers."""
    district = get_district_for_user(request.user, district_pk)
    if not selectors.may_manage_engagements(request.user, district):
        raise PermissionDenied
    return district


def _saved(form, service, **arguments):
    """Call the service; on a refusal put it on the form and return None."""
    try:
        return service(**arguments)
    except ValidationError as error:
        refusal_on_form(form, error)
        return None


@login_required
def my_engagements(request):
    user = request.user
    engagements = _page(request, selectors.engagements_coached_by(user))
    selectors.mark_quiet(engagements)
    context = {
        "page": engagements,
        "steps_due": selectors.steps_due_for_coach(user)[:PAGE_SIZE],
        "today": timezone.localdate(),
        "quiet_days": selectors.quiet_days(),
        "quick_form": QuickNoteForm(),
    }
    return render(request, "coaching/engagements/mine.html", context)


@login_required
def engagement_start(request, district_pk):
    district = _managed_district(request, district_pk)
    programs = selectors.programs_for_start(request.user, district)
    form = EngagementStartForm(
        request.POST or None,
        district=district,
        programs=programs,
        coaches=selectors.coach_choices(district, programs),
        people=selectors.team_member_choices(district),
        teams=selectors.teams_of(district),
        initial={"starts_on": timezone.localdate(), "response_window_days": 2},
    )
    if request.method == "POST" and form.is_valid():
        engagement = _saved(
            form, services.engagement_start, by=request.user, district=district, **form.cleaned_data
        )
        if engagement:
            messages.success(request, f"Started: {engagement}.")
            return redirect(engagement)
    context = {"form": form, "district": district}
    return render(request, "coaching/engagements/start.html", context)


@login_required
def team_create(request, district_pk):
    district = _managed_district(request, district_pk)
    form = TeamForm(
        request.POST or None, district=district, people=selectors.team_member_choices(district)
    )
    if request.method == "POST" and form.is_valid():
        team = _saved(
            form, services.team_create, district=district, by=request.user, **form.cleaned_data
        )
        if team:
            messages.success(request, f"Team “{team}” created: start its engagement.")
            return redirect("coaching:engagement_start", district_pk=district.pk)
    context = {"form": form, "district": district, "teams": selectors.teams_of(district)}
    return render(request, "coaching/engagements/team_form.html", context)


def _district_filter(request, district_pk) -> EngagementFilter:
    """The district's engagements for this user, filtered by the query string: the page's and
    its activity export's one source."""
    district = get_district_for_user(request.user, district_pk)
    roles = roles_of(request.user)
    if not (roles.is_superuser or roles.is_associate or district.pk in roles.admin_district_ids):
        raise PermissionDenied
    rows = selectors.district_engagements(request.user, district)
    coaches = selectors.coach_choices(
        district, selectors.programs_for_start(request.user, district)
    )
    found = EngagementFilter(request.GET or None, queryset=rows, coaches=coaches)
    found.district = district
    return found


@login_required
def district_engagements(request, district_pk):
    found = _district_filter(request, district_pk)
    district = found.district
    context = {
        "district": district,
        "filter": found,
        "page": _page(request, found.qs),
        "may_start": selectors.may_manage_engagements(request.user, district),
    }
    return render(request, "coaching/engagements/district_list.html", context)


@login_required
def engagement_detail(request, pk):
    engagement = selectors.get_engagement_for_user(request.user, pk)
    content = selectors.engagement_content_for(request.user, engagement)
    history = selectors.stage_history_for(request.user, engagement, content)
    context = {
        "engagement": engagement,
        "content": content,
        "activity": None if content else selectors.session_activity(engagement),
        "counts": selectors.step_counts(engagement),
        "history": history,
        "stage_times": selectors.time_in_stages(history),
        "may_manage": selectors.may_manage_engagement(request.user, engagement),
        "may_self_monitor": selectors.may_log_self_monitoring(request.user, engagement),
        "quick_form": QuickNoteForm() if content and content.is_coach else None,
        "co_coaches": list(engagement.co_coaches.all()),
        "today": timezone.localdate(),
        "next_sessions": planned_selectors.next_sessions(engagement),
        "may_plan": engagement.is_active and selectors.may_log_sessions(request.user, engagement),
    }
    return render(request, "coaching/engagements/detail.html", context)


def _loggable(request, pk):
    """The engagement, for who may log its sessions (`may_log_sessions`)."""
    engagement = selectors.get_engagement_for_user(request.user, pk)
    coach = selectors.is_coach_of(request.user, engagement)
    if not selectors.may_log_sessions(request.user, engagement):
        raise PermissionDenied
    return engagement, coach


def _planned(request, engagement):
    """The planned session this log is for (`?planned=`, from "Next sessions"), or None."""
    pk = request.GET.get("planned", "")
    if not pk.isdigit():
        return None
    return planned_selectors.planned_session_of(engagement, int(pk))


@login_required
def session_log(request, pk):
    engagement, coach = _loggable(request, pk)
    planned = _planned(request, engagement)
    initial = selectors.last_session_defaults(request.user, engagement)
    if planned:
        held = timezone.localtime(planned.starts_at)
        initial |= {"held_on": held.date(), "minutes": planned.minutes, "mode": planned.mode}
    form = SessionForm(
        request.POST or None,
        people=selectors.participants_of(engagement),
        coach=coach,
        initial=initial,
    )
    if request.method == "POST" and form.is_valid():
        arguments = form.service_arguments()
        if planned:
            service, arguments = (
                planned_services.planned_session_log,
                {"planned": planned, **arguments},
            )
        else:
            service, arguments = services.session_log, {"engagement": engagement, **arguments}
        session = _saved(form, service, by=request.user, **arguments)
        if session:
            messages.success(request, f"Session of {session.held_on:%B %-d} saved.")
            return redirect(engagement)
    context = {
        "engagement": engagement,
        "form": form,
        "planned": planned,
        "open_steps": selectors.open_steps_of(engagement),
        "today": timezone.localdate(),
    }
    return render(request, "coaching/engagements/session_form.html", context)


@login_required
@require_POST
def session_quick(request, pk):
    engagement = selectors.get_engagement_for_user(request.user, pk, write=True)
    form = QuickNoteForm(request.POST)
    if form.is_valid():
        session = _saved(
            form,
            services.session_log,
            engagement=engagement,
            by=request.user,
            held_on=timezone.localdate(),
            minutes=form.cleaned_data["minutes"],
            mode=form.cleaned_data["mode"],
            activities=[CoachingSession.Activity.JUST_IN_TIME],
            notes=form.cleaned_data["note"],
        )
        if session:
            messages.success(request, "Quick note saved.")
            mine = request.POST.get("next") == "mine"
            return redirect("coaching:my_engagements" if mine else engagement)
    context = {"engagement": engagement, "quick_form": form}
    return render(request, "coaching/engagements/quick_form.html", context, status=200)


def _coach_form(request, pk, form_class, service, template, done, **form_kwargs):
    """A coach's form on one engagement: validate, call the service, say so, go back."""
    engagement = selectors.get_engagement_for_user(request.user, pk, write=True)
    form = form_class(request.POST or None, **form_kwargs)
    posted = request.method == "POST" and form.is_valid()
    if posted and _saved(
        form, service, engagement=engagement, by=request.user, **form.cleaned_data
    ):
        messages.success(request, done)
        return redirect(engagement)
    return render(request, template, {"engagement": engagement, "form": form})


@login_required
def goal_add(request, pk):
    return _coach_form(
        request,
        pk,
        GoalForm,
        services.goal_add,
        "coaching/engagements/goal_form.html",
        "Goal added.",
    )


@login_required
def stage_change(request, pk):
    return _coach_form(
        request,
        pk,
        StageForm,
        services.stage_change,
        "coaching/engagements/stage_form.html",
        "Stage changed.",
        initial={"changed_on": timezone.localdate()},
    )


@login_required
def step_set(request, pk):
    return _coach_form(
        request,
        pk,
        ActionStepForm,
        services.action_step_set,
        "coaching/engagements/step_form.html",
        "Action step set.",
    )


@login_required
def engagement_status(request, pk):
    engagement = selectors.get_engagement_for_user(request.user, pk)
    if not selectors.may_manage_engagement(request.user, engagement):
        raise PermissionDenied
    form = StatusForm(request.POST or None, current=engagement.status)
    if request.method == "POST" and form.is_valid():
        done = _saved(
            form,
            services.engagement_set_status,
            engagement=engagement,
            by=request.user,
            **form.cleaned_data,
        )
        if done:
            messages.success(request, f"The engagement is {done.get_status_display().lower()}.")
            return redirect(engagement)
    return render(
        request, "coaching/engagements/status_form.html", {"engagement": engagement, "form": form}
    )


@login_required
def step_advance(request, pk):
    step = selectors.get_step_for_user(request.user, pk)
    form = StepAdvanceForm(request.POST or None, step=step)
    if (
        request.method == "POST"
        and form.is_valid()
        and _saved(
            form,
            services.action_step_advance,
            action_step=step,
            by=request.user,
            **form.cleaned_data,
        )
    ):
        messages.success(request, f"Step {step.get_status_display().lower()}.")
        return redirect(step.engagement)
    context = {"engagement": step.engagement, "step": step, "form": form}
    return render(request, "coaching/engagements/step_advance.html", context)


@login_required
def my_coaching(request):
    user = request.user
    context = {
        "page": _page(request, selectors.engagements_of_coachee(user)),
        "steps": selectors.steps_of_coachee(user)[:PAGE_SIZE],
        "today": timezone.localdate(),
    }
    return render(request, "coaching/engagements/my_coaching.html", context)


@login_required
def school_coaching(request):
    if not roles_of(request.user).is_principal:
        raise PermissionDenied
    context = {"page": _page(request, selectors.engagements_at_schools(request.user))}
    return render(request, "coaching/engagements/school.html", context)


# --- coaching activity out as CSV and Excel (core/exports.py) -----------------------------------

ACTIVITY_COLUMNS = [
    Column("Date", lambda s: s.held_on),
    Column("Engagement", lambda s: str(s.engagement)),
    Column("Coachee", lambda s: s.engagement.coachee_label),
    Column("Mode", lambda s: s.get_mode_display()),
    Column("Activities", lambda s: s.activities_display),
    Column("Minutes", lambda s: s.minutes),
]


def _activity_export(engagements, fmt, name):
    """The sessions of a list's engagements, activity only (never notes or next steps)."""
    rows = selectors.session_activity_of(engagements)
    return export(rows, ACTIVITY_COLUMNS, fmt=fmt, name=name)


@login_required
def district_activity_export(request, district_pk, fmt):
    found = _district_filter(request, district_pk)
    return _activity_export(found.qs, fmt, f"coaching-activity-{found.district.slug}")


@login_required
def school_activity_export(request, fmt):
    if not roles_of(request.user).is_principal:
        raise PermissionDenied
    return _activity_export(
        selectors.engagements_at_schools(request.user), fmt, "coaching-activity"
    )


@login_required
def my_activity_export(request, fmt):
    return _activity_export(
        selectors.engagements_coached_by(request.user), fmt, "coaching-activity"
    )
