"""Pages of peer coaching in a school: "Peer coaching" (my teams and partnerships), gathering the
school coaching team, its plan (versions, endorsement), assigning partnerships, the team's list of
partnerships (activity), the principal's time requests and year-end assessment; the partnership
page with its cycle, just-in-time help, sessions, and the partner's reflections, artifacts and time
requests.

Content reaches a template only through `partnership_content_for`, which gives it to the pair
alone; everyone else's context is built of activity."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.formats import date_format
from django.views.decorators.http import require_POST

from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form, refusal_unshown

from ..filters.peer import PartnershipFilter
from ..forms.peer import (
    ArtifactForm,
    AssessForm,
    AssignForm,
    ContinueForm,
    JitForm,
    MoveForm,
    PeerSessionForm,
    PlanForm,
    ReflectionForm,
    ScheduleForm,
    TeamCoachesForm,
    TeamForm,
    TimeRequestForm,
)
from ..models.peer import assessment_is_open, assessment_opens_on, school_year_of
from ..selectors import peer as selectors
from ..services import peer as services


def _saved(form, service, **arguments):
    """Call the service; on a refusal put it on the form and return None."""
    try:
        return service(**arguments)
    except ValidationError as error:
        refusal_on_form(form, error)
        return None


@login_required
def peer_home(request):
    user = request.user
    page = paginate(request, selectors.partnerships_of(user))
    selectors.mark_last_activity(page)
    context = {
        "teams": selectors.teams_of(user),
        "page": page,
        "schools": selectors.schools_without_team(user),
        "district_teams": selectors.teams_of_districts(user),
    }
    return render(request, "coaching/peer/home.html", context)


@login_required
def peer_team_create(request, school_pk):
    school = get_object_or_404(selectors.schools_led_by(request.user), pk=school_pk)
    form = TeamForm(
        request.POST or None,
        programs=selectors.peer_programs_of(school),
        coaches=selectors.peer_coach_choices(school),
    )
    if request.method == "POST" and form.is_valid():
        team = _saved(
            form, services.team_create, by=request.user, school=school, **form.cleaned_data
        )
        if team:
            messages.success(request, f"{team} gathered: write its plan.")
            return redirect(team)
    return render(request, "coaching/peer/team_form.html", {"form": form, "school": school})


@login_required
def peer_team(request, pk):
    team = selectors.get_team_for_user(request.user, pk)
    context = {
        "team": team,
        "plan": selectors.current_plan(team),
        "versions": selectors.plan_versions(team),
        "coaches": list(team.coaches.all()),
        "leads": selectors.leads_team(request.user, team),
    }
    return render(request, "coaching/peer/team.html", context)


@login_required
def peer_team_coaches(request, pk):
    team = selectors.get_team_for_coaches(request.user, pk)
    form = TeamCoachesForm(
        request.POST or None,
        coaches=selectors.peer_coach_choices(team.school),
        initial={"coaches": list(team.coaches.values_list("pk", flat=True))},
    )
    if request.method == "POST" and form.is_valid():
        arguments = {"team": team, "by": request.user, **form.cleaned_data}
        if _saved(form, services.team_coaches_set, **arguments):
            messages.success(request, f"The peer coaches of {team.school} are saved.")
            return redirect("coaching:peer_team_coaches", pk=team.pk)
    context = {"team": team, "form": form, "coaches": list(team.coaches.all())}
    return render(request, "coaching/peer/team_coaches.html", context)


@login_required
def peer_plan_write(request, pk):
    team = selectors.get_team_for_user(request.user, pk)
    current = selectors.current_plan(team)
    initial = {"goals": current.goals, "plan": current.plan} if current else {}
    form = PlanForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        plan = _saved(form, services.plan_write, team=team, by=request.user, **form.cleaned_data)
        if plan:
            messages.success(request, f"Plan saved as version {plan.version}.")
            return redirect(team)
    context = {"team": team, "form": form, "current": current}
    return render(request, "coaching/peer/plan_form.html", context)


@login_required
def peer_plan(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    context = {
        "plan": plan,
        "team": plan.team,
        "leads": selectors.leads_team(request.user, plan.team),
    }
    return render(request, "coaching/peer/plan.html", context)


@login_required
@require_POST
def peer_plan_endorse(request, pk):
    plan = selectors.get_plan_for_user(request.user, pk)
    selectors.get_team_for_user(request.user, plan.team_id, lead=True)
    try:
        services.plan_endorse(plan=plan, by=request.user)
        messages.success(request, f"Version {plan.version} of the plan endorsed.")
    except ValidationError as error:
        refusal_message(request, error)
    return redirect(plan.team)


@login_required
def peer_partnerships(request, pk):
    team = selectors.get_team_for_user(request.user, pk)
    rows = selectors.team_partnerships(team)
    years = sorted(set(rows.values_list("school_year", flat=True)), reverse=True)
    found = PartnershipFilter(request.GET, queryset=rows, years=years)
    page = paginate(request, found.qs)
    selectors.mark_last_activity(page)
    context = {
        "team": team,
        "filter": found,
        "page": page,
        "leads": selectors.leads_team(request.user, team),
    }
    return render(request, "coaching/peer/partnerships.html", context)


@login_required
def partnership_assign(request, pk):
    team = selectors.get_team_for_user(request.user, pk)
    form = AssignForm(
        request.POST or None,
        coaches=team.coaches.order_by("last_name", "first_name"),
        partners=selectors.partner_choices(team),
    )
    if request.method == "POST" and form.is_valid():
        partnership = _saved(
            form, services.partnership_assign, team=team, by=request.user, **form.cleaned_data
        )
        if partnership:
            messages.success(request, "Partnership assigned: it starts at brainstorming a lesson.")
            return redirect("coaching:peer_partnerships", pk=team.pk)
    return render(request, "coaching/peer/assign_form.html", {"team": team, "form": form})


@login_required
def peer_time_requests(request, pk):
    team = selectors.get_team_for_user(request.user, pk, lead=True)
    context = {
        "team": team,
        "page": paginate(request, selectors.time_requests_at(team)),
    }
    return render(request, "coaching/peer/time_requests.html", context)


@login_required
@require_POST
def time_request_schedule(request, pk):
    time_request = selectors.get_time_request_for_user(request.user, pk, lead=True)
    form = ScheduleForm(request.POST)
    if form.is_valid():
        try:
            services.time_request_schedule(
                time_request=time_request, by=request.user, **form.cleaned_data
            )
            messages.success(
                request, f"Focused time scheduled for {date_format(time_request.scheduled_for)}."
            )
        except ValidationError as error:
            refusal_message(request, error)
    else:
        refusal_unshown(request, form)
    return redirect("coaching:peer_time_requests", pk=time_request.partnership.team_id)


# --- one partnership ----------------------------------------------------------------------------


# Where each form of the partnership page stands: the heading its top-of-page alert links to.
FORM_SECTIONS = {
    "jit_form": "jit-heading",
    "session_form": "log-heading",
    "reflection_form": "reflections-heading",
    "artifact_form": "artifacts-heading",
    "request_form": "time-heading",
    "continue_form": "year-heading",
}


def _refused_summary(form_name, form) -> dict | None:
    """What a refused form of the long partnership page asks to fix, for an alert at its top (the
    form itself may be screens below): each error with the label of its field."""
    if form is None or not form.is_bound or not form.errors:
        return None
    lines = [
        f"{form.fields[name].label or name.replace('_', ' ').capitalize()}: {message}"
        if name in form.fields
        else message
        for name, errors in form.errors.items()
        for message in errors
    ]
    return {"anchor": FORM_SECTIONS.get(form_name, ""), "lines": lines}


def _detail(request, partnership, *, status=200, **forms):
    """The partnership page, with any bound form that was refused in place of its empty one, and
    what it asks to fix in an alert at the top of the page."""
    user = request.user
    content = selectors.partnership_content_for(user, partnership)
    partner = content is not None and content.is_partner
    context = {
        "partnership": partnership,
        "engagement": partnership.engagement,
        "content": content,
        "steps": partnership.Step.choices,
        "history": selectors.cycle_history(partnership),
        "requests": selectors.time_requests_of(partnership),
        "leads": selectors.leads_team(user, partnership.team),
        "activity": None,
    }
    if content is None:
        context["activity"] = selectors.activity_of(partnership)
    else:
        context |= {
            "jit_form": JitForm(),
            "session_form": PeerSessionForm(
                initial={"held_on": timezone.localdate(), "minutes": 30, "mode": "job_embedded"}
            ),
        }
        if partner:
            context |= {
                "reflection_form": ReflectionForm(),
                "artifact_form": ArtifactForm(),
                "request_form": TimeRequestForm(),
                "continue_form": ContinueForm(initial={"answer": partnership.continue_answer}),
            }
    context |= forms
    context["refused"] = next(
        filter(None, (_refused_summary(name, form) for name, form in forms.items())), None
    )
    return render(request, "coaching/peer/detail.html", context, status=status)


@login_required
def partnership_detail(request, pk):
    return _detail(request, selectors.get_partnership_for_user(request.user, pk))


def _pair_post(request, pk, form_class, service, done, form_name, *, partner=False, files=False):
    """A form of the pair's on the partnership page: validate, call the service, say so, go back;
    a refusal shows on the page's form."""
    partnership = selectors.get_partnership_for_user(
        request.user, pk, party=not partner, partner=partner
    )
    form = form_class(request.POST, request.FILES) if files else form_class(request.POST)
    if form.is_valid() and _saved(
        form, service, partnership=partnership, by=request.user, **form.cleaned_data
    ):
        messages.success(request, done)
        return redirect(partnership)
    return _detail(request, partnership, **{form_name: form})


@login_required
@require_POST
def partnership_move(request, pk):
    partnership = selectors.get_partnership_for_user(request.user, pk, party=True)
    form = MoveForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError("Choose a step of the cycle.")
        change = services.partnership_move(
            partnership=partnership, by=request.user, **form.cleaned_data
        )
        messages.success(request, f"Moved on to: {change.get_to_step_display()}.")
    except ValidationError as error:
        refusal_message(request, error)
    return redirect(partnership)


@login_required
@require_POST
def partnership_jit(request, pk):
    return _pair_post(
        request, pk, JitForm, services.jit_log, "Just-in-time help logged.", "jit_form"
    )


@login_required
@require_POST
def partnership_session(request, pk):
    return _pair_post(
        request, pk, PeerSessionForm, services.session_log, "Session logged.", "session_form"
    )


@login_required
@require_POST
def peer_reflection(request, pk):
    return _pair_post(
        request,
        pk,
        ReflectionForm,
        services.reflection_write,
        "Reflection kept.",
        "reflection_form",
        partner=True,
    )


@login_required
@require_POST
def peer_artifact_keep(request, pk):
    return _pair_post(
        request,
        pk,
        ArtifactForm,
        services.artifact_keep,
        "Artifact kept.",
        "artifact_form",
        partner=True,
        files=True,
    )


@login_required
@require_POST
def time_request_ask(request, pk):
    return _pair_post(
        request,
        pk,
        TimeRequestForm,
        services.time_request_ask,
        "Asked: the principal sees that you asked, not what for.",
        "request_form",
        partner=True,
    )


@login_required
@require_POST
def partnership_continue(request, pk):
    return _pair_post(
        request,
        pk,
        ContinueForm,
        services.continue_answer,
        "Your answer is kept.",
        "continue_form",
        partner=True,
    )


@login_required
def peer_artifact(request, pk):
    artifact = selectors.get_artifact_for_user(request.user, pk)
    try:
        file = artifact.file.storage.open(artifact.file.name, "rb")
    except FileNotFoundError:
        raise Http404("The file of this artifact is missing.") from None

    response = FileResponse(
        file, as_attachment=True, filename=artifact.name, content_type=artifact.content_type
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
def partnership_assess(request, pk):
    partnership = selectors.get_partnership_for_user(request.user, pk, lead=True)
    today = timezone.localdate()
    opens_on = assessment_opens_on(partnership.school_year)
    form = None
    # Before it opens the page says when, and offers no form (a post from an old page gets the
    # same page: nothing is recorded).
    if assessment_is_open(partnership.school_year, today):
        initial = {"decision": partnership.decision, "note": partnership.decision_note}
        form = AssessForm(request.POST or None, initial=initial)
    if form is not None and request.method == "POST" and form.is_valid():
        done = _saved(
            form,
            services.partnership_assess,
            partnership=partnership,
            by=request.user,
            **form.cleaned_data,
        )
        if done:
            messages.success(request, f"Assessment recorded: {done.get_decision_display()}.")
            return redirect("coaching:peer_partnerships", pk=partnership.team_id)
    context = {
        "partnership": partnership,
        "activity": selectors.activity_of(partnership),
        "history": selectors.cycle_history(partnership),
        "form": form,
        "this_year": school_year_of(today),
        "opens_on": opens_on,
    }
    return render(request, "coaching/peer/assess_form.html", context)
