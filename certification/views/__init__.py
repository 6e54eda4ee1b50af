from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from coaching.selectors import (
    colleagues_of,
    districts_visible_to,
    event_list,
    get_district_for_user,
    get_program_for_user,
    may_act_for_program,
    programs_acted_for,
    roles_of,
)
from core.exports import Column, export
from core.history import latest
from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form, refusal_unshown
from observations import selectors as observation_selectors
from observations import services as observation_services
from observations.services import observation_missing
from rubrics import selectors as rubric_selectors
from rubrics.selectors import sheet_result

from .. import selectors, services
from ..filters import PipelineFilter, ReviewQueueFilter
from ..forms import (
    CohortChoiceForm,
    DecideForm,
    DeclineForm,
    FacilitationForm,
    IdentifyForm,
    NotesForm,
    ProgramSettingsForm,
    VideoAssignForm,
)
from ..models import Candidacy, Facilitation, Submission
from ..selectors import certificates as certificate_selectors
from ..selectors.history import program_settings_history


def _pipeline_filter(request) -> PipelineFilter:
    """The pipeline's rows for this user, filtered by the query string: the page's and its
    exports' (and the certificates export's) one source."""
    roles = roles_of(request.user)
    if not roles.sees_districts:
        raise PermissionDenied
    # A district admin of one district (and no more) has no district to choose.
    one_district = (
        not (roles.is_superuser or roles.is_associate) and len(roles.admin_district_ids) == 1
    )
    return PipelineFilter(
        request.GET,
        queryset=selectors.pipeline(request.user),
        districts=districts_visible_to(request.user).order_by("name"),
        one_district=one_district,
    )


@login_required
def pipeline(request):
    filters = _pipeline_filter(request)
    page = paginate(request, filters.qs)
    waiting = selectors.waiting_for(page.object_list)
    for candidacy in page.object_list:
        candidacy.waiting_for = waiting[candidacy.pk]
    context = {
        "filter": filters,
        "page": page,
        "one_district": filters.form.fields["district"].widget.is_hidden,
    }
    return render(request, "certification/pipeline.html", context)


PIPELINE_COLUMNS = [
    Column("Last name", lambda c: c.person.last_name),
    Column("First name", lambda c: c.person.first_name),
    Column("E-mail", lambda c: c.person.email),
    Column("District", lambda c: c.person.district.name),
    Column("School", lambda c: c.person.school.name if c.person.school else "District office"),
    Column("Program", lambda c: c.program.name),
    Column("Phase", lambda c: c.get_phase_display()),
    Column("Identified", lambda c: timezone.localdate(c.created_at)),
]


@login_required
def pipeline_export(request, fmt):
    """The pipeline as the page shows it (same scope, filters and order), every page of it."""
    return export(_pipeline_filter(request).qs, PIPELINE_COLUMNS, fmt=fmt, name="pipeline")


FACILITATION_COLUMNS = [
    Column("Date", lambda f: f.held_on),
    Column("School", lambda f: f.school.name),
    Column("Meeting type", lambda f: f.get_meeting_type_display()),
    Column("Model used", lambda f: f.model_used),
    Column("Minutes", lambda f: f.minutes),
]


def _facilitations_export(person, fmt, name):
    rows = selectors.facilitation_log(person) if person else Facilitation.objects.none()
    return export(rows, FACILITATION_COLUMNS, fmt=fmt, name=name)


@login_required
def my_facilitations_export(request, fmt):
    """The user's own facilitation log (My path's), every page of it."""
    person = getattr(request.user, "person", None)
    return _facilitations_export(person, fmt, "facilitation-log")


@login_required
def candidacy_facilitations_export(request, pk, fmt):
    """A candidate's facilitation log, as their candidacy's page lists it."""
    candidacy = selectors.get_candidacy_for_user(request.user, pk)
    return _facilitations_export(candidacy.person, fmt, f"facilitation-log-{candidacy.pk}")


CERTIFICATE_COLUMNS = [
    Column("Number", lambda c: c.number),
    Column("Last name", lambda c: c.candidacy.person.last_name),
    Column("First name", lambda c: c.candidacy.person.first_name),
    Column("District", lambda c: c.candidacy.person.district.name),
    Column("Program", lambda c: c.candidacy.program.name),
    Column("Issued", lambda c: c.issued_on),
    Column("Expires", lambda c: c.expires_on),
    Column("Status", lambda c: c.shown_status().capitalize()),
]


@login_required
def certificates_export(request, fmt):
    """The certificates of the pipeline's candidacies, filtered as the pipeline is (its phase
    filter at "Certified" lists exactly the certificate holders), in the pipeline's order."""
    candidacies = _pipeline_filter(request).qs
    return export(
        certificate_selectors.certificates_of(request.user, candidacies),
        CERTIFICATE_COLUMNS,
        fmt=fmt,
        name="certificates",
    )


@login_required
def my_path(request):
    candidacies = list(selectors.own_candidacies(request.user))
    person = getattr(request.user, "person", None)
    page = paginate(request, selectors.facilitation_log(person)) if person else None
    context = {
        "candidacies": [selectors.progress(c) for c in candidacies],
        "page": page,
        "facilitations": page.object_list if page else [],
        "logs": person is not None and roles_of(request.user).is_coach,
        "events": event_list(request.user, upcoming=True).filter(registrations__person=person)[:10]
        if person
        else [],
    }
    return render(request, "certification/my_path.html", context)


@login_required
def candidacy_identify(request, district_pk):
    district = get_district_for_user(request.user, district_pk, write=True)
    form = IdentifyForm(
        request.POST or None,
        people=selectors.identifiable_people(district),
        programs=selectors.certification_programs(request.user, district),
    )
    if request.method == "POST" and form.is_valid():
        try:
            candidacy = services.candidacy_identify(by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, f"{candidacy.person.full_name} is a Phase I candidate.")
            return redirect(candidacy)
    return render(request, "certification/identify.html", {"form": form, "district": district})


@login_required
def candidacy_detail(request, pk):
    candidacy = selectors.get_candidacy_for_user(request.user, pk)
    return _candidacy_page(request, candidacy)


def _candidacy_page(request, candidacy, *, decline_form=None):
    """The candidacy's page; after a refused decline, with the form as it was posted."""
    provider = selectors.can_approve_for_provider(request.user, candidacy)
    page = paginate(request, selectors.facilitation_log(candidacy.person))
    context = {
        "candidacy": candidacy,
        "progress": selectors.progress(candidacy),
        "page": page,
        "facilitations": page.object_list,
        "timeline": selectors.timeline(candidacy),
        "cohort_form": CohortChoiceForm(program=candidacy.program) if provider else None,
        "video_form": VideoAssignForm(program=candidacy.program) if provider else None,
        "own": candidacy.person.user_id == request.user.pk,
        "may_district": selectors.can_approve_for_district(request.user, candidacy),
        "may_provider": selectors.can_approve_for_provider(request.user, candidacy),
        "decline_form": decline_form or DeclineForm(),
    }
    shows_decline = candidacy.phase == Candidacy.Phase.IDENTIFIED and (
        context["may_district"]
        and not candidacy.district_approved_at
        or context["may_provider"]
        and not candidacy.provider_approved_at
    )
    if not shows_decline:
        refusal_unshown(request, decline_form)
    return render(request, "certification/candidacy_detail.html", context)


def _side(user, candidacy):
    """Which approval this user gives: the district's (its admin) or the provider's (associate)."""
    if selectors.can_approve_for_district(user, candidacy) and not candidacy.district_approved_at:
        return "district"
    if selectors.can_approve_for_provider(user, candidacy):
        return "provider"
    return "district"


@login_required
@require_POST
def candidacy_approve(request, pk):
    candidacy = selectors.get_candidacy_for_user(request.user, pk, write=True)
    try:
        services.candidacy_approve(
            candidacy=candidacy, by=request.user, side=_side(request.user, candidacy)
        )
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, "Approval recorded.")
    return redirect(candidacy)


@login_required
@require_POST
def candidacy_decline(request, pk):
    candidacy = selectors.get_candidacy_for_user(request.user, pk, write=True)
    form = DeclineForm(request.POST)
    if form.is_valid():
        try:
            services.candidacy_decline(candidacy=candidacy, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Declined; the reason is on the timeline.")
            return redirect(candidacy)
    return _candidacy_page(request, candidacy, decline_form=form)


@login_required
def program_settings(request, program_pk):
    program = managed_program(request, program_pk)
    rules = selectors.program_settings(program)
    entries, more = latest(program_settings_history(program))
    context = {
        "program": program,
        "rules": rules,
        "newer_versions": selectors.newer_cfr_versions(rules),
        "changes": selectors.cfr_version_changes(program),
        "history": entries,
        "history_more": more,
    }
    # The form gets its own copy: validating it changes its instance, and the page shows the
    # version the program scores on now.
    form = ProgramSettingsForm(request.POST or None, instance=selectors.program_settings(program))
    if request.method == "POST" and form.is_valid():
        try:
            services.program_settings_update(program=program, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Program settings saved.")
            return redirect(program)
    return render(request, "certification/program_settings.html", context | {"form": form})


def managed_program(request, program_pk):
    """The program, for its associates (and the site admin) to manage; 403 to others who see it."""
    program = get_program_for_user(request.user, program_pk)
    if not may_act_for_program(request.user, program):
        raise PermissionDenied
    return program


@login_required
@require_POST
def candidacy_cohort(request, pk):
    return _provider_action(
        request,
        pk,
        CohortChoiceForm,
        services.candidacy_set_cohort,
        invalid="Choose a cohort of this program.",
        done="Cohort saved.",
    )


def _provider_action(request, pk, form_class, service, *, invalid, done):
    """A provider's step on a candidacy (an associate of its program): form → service → message."""
    candidacy = selectors.get_candidacy_for_user(request.user, pk, write=True)
    if not selectors.can_approve_for_provider(request.user, candidacy):
        raise PermissionDenied
    form = form_class(request.POST, program=candidacy.program)
    if not form.is_valid():
        messages.error(request, invalid)
        return redirect(candidacy)
    try:
        service(candidacy=candidacy, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        refusal_message(request, error)
    else:
        messages.success(request, done)
    return redirect(candidacy)


# --- facilitation log --------------------------------------------------------------------------


@login_required
def facilitation_log(request):
    person = getattr(request.user, "person", None)
    if person is None or not roles_of(request.user).is_coach:
        raise PermissionDenied
    schools = person.district.schools.filter(is_active=True)
    form = FacilitationForm(
        request.POST or None, schools=schools, initial={"school": person.school_id}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.facilitation_log(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Facilitation logged.")
            return redirect("certification:my_path")
    return render(request, "certification/facilitation_form.html", {"form": form})


# --- feedback notes, the review queue, scoring ---------------------------------------------------


@login_required
@require_POST
def submission_start(request, pk):
    candidacy = selectors.get_candidacy_for_user(request.user, pk)
    if candidacy.person.user_id != request.user.pk:
        raise PermissionDenied
    try:
        submission = services.submission_start(candidacy=candidacy, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect(candidacy)
    return redirect(submission)


@login_required
def submission_detail(request, pk):
    submission = selectors.get_submission_for_user(request.user, pk)
    return _submission_page(request, submission)


def _submission_page(request, submission, form=None, *, decide_form=None):
    """The submission's page; after a refusal, with the notes or the result form as posted."""
    editable = (
        selectors.can_write_notes(request.user, submission)
        and submission.outcome == Submission.Outcome.DRAFT
    )
    observation = submission.observation
    sheet = (
        submission.review.sheets.select_related("review__version").first()
        if submission.review_id
        else None
    )
    if editable and form is None:
        form = NotesForm(instance=observation, colleagues=colleagues_of(observation.coach))
    context = {
        "submission": submission,
        "candidacy": submission.candidacy,
        "observation": observation,
        "form": form if editable else None,
        "scores": selectors.can_score(request.user, submission),
        "sheet": sheet,
        "sheet_total": sheet_result(sheet).total if sheet and sheet.is_final else None,
        "decide_form": decide_form or DecideForm(),
        "minimum": services.passing_minimum(submission),
        "missing": observation_missing(observation) if editable else [],
        "scores_list": selectors.submission_scores(submission),
        "sees_review": submission.review_id is not None
        and rubric_selectors.reviews_visible_to(request.user)
        .filter(pk=submission.review_id)
        .exists(),
        "sees_video": observation.video_id is not None
        and observation_selectors.videos_visible_to(request.user)
        .filter(pk=observation.video_id)
        .exists(),
    }
    if context["sees_video"]:
        context.update(observation_selectors.video_notes(request.user, observation))
    shows_decide = (
        context["scores"]
        and submission.outcome == Submission.Outcome.PENDING
        and sheet is not None
        and sheet.reviewer_id == request.user.pk
        and sheet.is_final
    )
    if not shows_decide:
        refusal_unshown(request, decide_form)
    return render(request, "certification/submission_detail.html", context)


@login_required
@require_POST
def submission_save(request, pk):
    submission = selectors.get_submission_for_user(request.user, pk, write=True)
    if not selectors.can_write_notes(request.user, submission):
        raise PermissionDenied
    observation = submission.observation
    form = NotesForm(
        request.POST, instance=observation, colleagues=colleagues_of(observation.coach)
    )
    if not form.is_valid():
        messages.error(request, "Nothing was saved: correct what is marked below.")
        return _submission_page(request, submission, form)
    fields = {name: form.cleaned_data[name] for name in form.fields}
    try:
        observation_services.observation_update(observation=observation, **fields)
    except ValidationError as error:
        refusal_on_form(form, error)
        return _submission_page(request, submission, form)
    if request.POST.get("action") != "submit":
        messages.success(request, "Draft saved.")
        return redirect(submission)
    try:
        services.submission_submit(submission=submission, by=request.user)
    except ValidationError as error:
        refusal_message(request, error, before="Your draft was saved. ")
    else:
        messages.success(request, "Submitted. An associate scores it on the CFR.")
    return redirect(submission)


@login_required
def review_queue(request):
    roles = roles_of(request.user)
    if not (roles.is_superuser or roles.is_associate):
        raise PermissionDenied
    filters = ReviewQueueFilter(
        request.GET,
        queryset=selectors.review_queue(request.user),
        programs=programs_acted_for(request.user).order_by("name"),
        districts=districts_visible_to(request.user).order_by("name"),
    )
    page = paginate(request, filters.qs)
    now = timezone.now()
    for submission in page.object_list:
        submission.waited_days = (now - submission.submitted_at).days
        submission.overdue = submission.waited_days > submission.window_days
    return render(request, "certification/review_queue.html", {"filter": filters, "page": page})


@login_required
@require_POST
def submission_score(request, pk):
    submission = selectors.get_submission_for_user(request.user, pk, write=True)
    if not selectors.can_score(request.user, submission):
        raise PermissionDenied
    try:
        submission = services.submission_score_start(submission=submission, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect(submission)
    sheet = submission.review.sheets.get()
    if sheet.reviewer_id != request.user.pk:
        messages.info(request, f"{sheet.reviewer} is scoring these notes.")
        return redirect(submission)
    target = reverse("rubrics:sheet_score", args=[sheet.pk])
    return redirect(f"{target}?next={submission.get_absolute_url()}")


OUTCOME_MESSAGES = {
    ("passed", "certification"): "Passed: the coach is certified and their certificate issued.",
    ("passed", "recertification"): "Passed: the coach's certificate is renewed.",
    ("repeat", "certification"): "Recorded as below the minimum: the coach repeats Phase III, "
    "with your feedback.",
    ("repeat", "recertification"): "Recorded as below the minimum: assign another video when "
    "the coach is ready.",
}


@login_required
@require_POST
def submission_decide(request, pk):
    submission = selectors.get_submission_for_user(request.user, pk, write=True)
    if not selectors.can_score(request.user, submission):
        raise PermissionDenied
    form = DecideForm(request.POST)
    if form.is_valid():
        try:
            decided = services.submission_decide(
                submission=submission, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, OUTCOME_MESSAGES[decided.outcome, decided.purpose])
            return redirect(decided)
    return _submission_page(request, submission, decide_form=form)


@login_required
@require_POST
def video_assign(request, pk):
    return _provider_action(
        request,
        pk,
        VideoAssignForm,
        services.video_assign,
        invalid="Choose an active video of this program's library.",
        done="Video assigned: the coach writes their notes on it.",
    )
