"""Pages of training, for every program: the list, scheduling, cohorts, an event with its
registrations and attendance, and make-ups."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form

from ..filters.training import EventFilter
from ..forms.training import AttendanceForm, CohortForm, EventForm, MakeUpForm, RegisterForm
from ..selectors import get_program_for_user, programs_visible_to, roles_of
from ..selectors import training as selectors
from ..services import training as services


@login_required
def training(request):
    roles = roles_of(request.user)
    if not (roles.sees_districts or roles.is_coach):
        raise PermissionDenied
    filters = EventFilter(
        request.GET,
        queryset=selectors.events_listed(request.user),
        programs=programs_visible_to(request.user).order_by("name"),
    )
    context = {
        "filter": filters,
        "page": paginate(request, filters.qs),
        "programs": selectors.programs_scheduled_by(request.user),
    }
    return render(request, "coaching/training/list.html", context)


def _managed_program(request, program_pk):
    """The program, for its associates (and the site admin) to manage; 403 to others who see it."""
    program = get_program_for_user(request.user, program_pk)
    roles = roles_of(request.user)
    if not (roles.is_superuser or program.pk in roles.associate_program_ids):
        raise PermissionDenied
    return program


@login_required
def event_create(request, program_pk):
    program = _managed_program(request, program_pk)
    form = EventForm(
        request.POST or None,
        program=program,
        people=selectors.audience_of_program(program),
        rules=services.program_rules(program) is not None,
    )
    if request.method == "POST" and form.is_valid():
        try:
            event = services.event_schedule(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, f"Scheduled: {event}.")
            return redirect(event)
    context = {"form": form, "program": program, "cohorts": selectors.cohorts_of(program)}
    return render(request, "coaching/training/event_form.html", context)


@login_required
def cohort_create(request, program_pk):
    program = _managed_program(request, program_pk)
    form = CohortForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            cohort = services.cohort_create(program=program, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, f"Cohort “{cohort}” created: schedule its events.")
            return redirect("coaching:event_create", program_pk=program.pk)
    context = {"form": form, "program": program, "cohorts": selectors.cohorts_of(program)}
    return render(request, "coaching/training/cohort_form.html", context)


@login_required
def event_detail(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    registrations = list(selectors.event_registrations(event, request.user))
    manages = selectors.can_manage_event(request.user, event)
    choices = selectors.registerable_people(event, request.user)
    people = list(choices)
    context = {
        "event": event,
        "registrations": registrations,
        "manages": manages,
        "register_form": RegisterForm(people=choices) if people else None,
        "register_self": people[0] if [p.user_id for p in people] == [request.user.pk] else None,
        "attendance_form": AttendanceForm(registrations=registrations) if manages else None,
        "started": event.starts_at <= timezone.now(),
        "make_up_form": MakeUpForm(),
        "taken": event.registrations.count(),
    }
    return render(request, "coaching/training/event_detail.html", context)


@login_required
@require_POST
def event_register(request, pk):
    event = selectors.get_event_for_user(request.user, pk)
    form = RegisterForm(request.POST, people=selectors.registerable_people(event, request.user))
    if not form.is_valid():
        messages.error(request, "Choose someone to register.")
        return redirect(event)
    person = form.cleaned_data["person"]
    try:
        services.registration_create(event=event, person=person, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"{person.full_name} is registered.")
    return redirect(event)


@login_required
@require_POST
def event_attendance(request, pk):
    event = selectors.get_event_for_user(request.user, pk, write=True)
    registrations = selectors.event_registrations(event, request.user)
    form = AttendanceForm(request.POST, registrations=registrations)
    if not form.is_valid():
        messages.error(request, "Mark each person attended or absent.")
        return redirect(event)
    try:
        marks = services.attendance_record(event=event, attendance=form.marks(), by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, " ".join(filter(None, ["Attendance saved.", marks.note])))
    return redirect(event)


@login_required
@require_POST
def event_cancel(request, pk):
    event = selectors.get_event_for_user(request.user, pk, write=True)
    try:
        services.event_cancel(event=event, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"Cancelled: {event}. Everyone registered is told.")
    return redirect(event)


@login_required
@require_POST
def registration_cancel(request, pk):
    registration = selectors.get_registration_for_user(request.user, pk)
    try:
        services.registration_cancel(registration=registration)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"{registration.person.full_name}'s place is freed.")
    return redirect(registration.event)


@login_required
@require_POST
def registration_make_up(request, pk):
    registration = selectors.get_registration_for_user(request.user, pk, write=True)
    form = MakeUpForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Say how the call was made up: the note is kept.")
        return redirect(registration.event)
    try:
        services.attendance_make_up(registration=registration, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, f"{registration.person.full_name}'s missed call is made up.")
    return redirect(registration.event)
