from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from coaching.selectors import get_district_for_user, get_program_for_user, roles_of

from . import selectors, services
from .forms import DeclineForm, IdentifyForm, ProgramSettingsForm
from .models import Candidacy


@login_required
def pipeline(request):
    if not roles_of(request.user).sees_districts:
        raise PermissionDenied
    phase = request.GET.get("phase", "")
    phase = phase if phase in Candidacy.Phase.values else ""
    context = {
        "candidacies": selectors.pipeline(request.user, phase=phase),
        "phase": phase,
        "phases": Candidacy.Phase.choices,
    }
    return render(request, "certification/pipeline.html", context)


@login_required
def my_path(request):
    candidacies = selectors.own_candidacies(request.user)
    return render(request, "certification/my_path.html", {"candidacies": candidacies})


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
            form.add_error(None, error)
        else:
            messages.success(request, f"{candidacy.person.full_name} is a Phase I candidate.")
            return redirect(candidacy)
    return render(request, "certification/identify.html", {"form": form, "district": district})


@login_required
def candidacy_detail(request, pk):
    candidacy = selectors.get_candidacy_for_user(request.user, pk)
    context = {
        "candidacy": candidacy,
        "timeline": selectors.timeline(candidacy),
        "may_district": selectors.can_approve_for_district(request.user, candidacy),
        "may_provider": selectors.can_approve_for_provider(request.user, candidacy),
        "decline_form": DeclineForm(),
    }
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
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Approval recorded.")
    return redirect(candidacy)


@login_required
@require_POST
def candidacy_decline(request, pk):
    candidacy = selectors.get_candidacy_for_user(request.user, pk, write=True)
    form = DeclineForm(request.POST)
    try:
        if not form.is_valid():
            raise ValidationError(
                "Say why the candidate is declined: the reason is kept and shown."
            )
        services.candidacy_decline(candidacy=candidacy, by=request.user, **form.cleaned_data)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Declined; the reason is on the timeline.")
    return redirect(candidacy)


@login_required
def program_settings(request, program_pk):
    program = get_program_for_user(request.user, program_pk)
    roles = roles_of(request.user)
    if not (roles.is_superuser or program.pk in roles.associate_program_ids):
        raise PermissionDenied
    form = ProgramSettingsForm(request.POST or None, instance=selectors.program_settings(program))
    if request.method == "POST" and form.is_valid():
        services.program_settings_update(program=program, **form.cleaned_data)
        messages.success(request, "Program settings saved.")
        return redirect(program)
    return render(
        request, "certification/program_settings.html", {"form": form, "program": program}
    )
