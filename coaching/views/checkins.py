"""Pages of check-ins (the engagement's parties only) and of the access log ("who opened my
records", for every party)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone

from core.refusals import refusal_on_form

from ..forms.checkins import AnswerForm, CheckInForm
from ..selectors import checkins as selectors
from ..selectors import engagements as engagement_selectors
from ..selectors.openings import openings_for
from ..services import checkins as services

PAGE_SIZE = 50


def _page(request, rows):
    return Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))


def _saved(form, service, **arguments):
    """Call the service; on a refusal put it on the form and return None."""
    try:
        return service(**arguments)
    except ValidationError as error:
        refusal_on_form(form, error)
        return None


def _party_engagement(request, pk):
    """The engagement, for its parties: 404 out of sight, 403 to those who see its activity."""
    engagement = engagement_selectors.get_engagement_for_user(request.user, pk)
    if not engagement_selectors.is_party(request.user, engagement):
        raise PermissionDenied("Check-ins are read by the engagement's parties.")
    return engagement


@login_required
def checkin_list(request, pk):
    engagement = _party_engagement(request, pk)
    coach = engagement_selectors.is_coach_of(request.user, engagement)
    form = None if coach else CheckInForm(request.POST or None)
    if request.method == "POST" and (form is None or not engagement.is_active):
        raise PermissionDenied("The coachee checks in, while the engagement is active.")
    if form is not None and request.method == "POST" and form.is_valid():
        checkin = _saved(
            form, services.checkin_ask, engagement=engagement, by=request.user, **form.cleaned_data
        )
        if checkin:
            due = timezone.localtime(checkin.due_at)
            messages.success(request, f"Sent. Your coach answers by {due:%A %B} {due.day}.")
            return redirect("coaching:checkin_list", pk=engagement.pk)
    context = {
        "engagement": engagement,
        "page": _page(request, selectors.checkins_for(request.user, engagement)),
        "form": form if engagement.is_active else None,
        "counts": selectors.checkin_counts(engagement),
        "now": timezone.now(),
    }
    return render(request, "coaching/checkins/list.html", context)


@login_required
def checkin_detail(request, pk):
    checkin = selectors.get_checkin_for_user(request.user, pk, answer=request.method == "POST")
    coach = engagement_selectors.is_coach_of(request.user, checkin.engagement)
    form = AnswerForm(request.POST or None) if coach and not checkin.is_answered else None
    if form is not None and request.method == "POST" and form.is_valid():
        arguments = {"answer": form.cleaned_data["answer"]}
        if _saved(form, services.checkin_answer, checkin=checkin, by=request.user, **arguments):
            messages.success(request, "Answer sent.")
            return redirect("coaching:checkin_list", pk=checkin.engagement_id)
    elif request.method == "POST" and form is None:
        messages.error(request, "This check-in is already answered.")
        return redirect(checkin)
    context = {"checkin": checkin, "engagement": checkin.engagement, "form": form}
    return render(request, "coaching/checkins/detail.html", context)


@login_required
def openings(request):
    context = {"page": _page(request, openings_for(request.user))}
    return render(request, "coaching/checkins/openings.html", context)
