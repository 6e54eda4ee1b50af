from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.formats import date_format
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from coaching.selectors import roles_of

from . import selectors, services
from .charts import legend, line_chart
from .forms import RateCoachForm
from .models import PracticeRating


def _history_context(person, user):
    history = selectors.practice_history(person)
    rows = history["rows"]
    labels = [
        date_format(localtime(row["rating"].created_at), "M j") for row in history["self_rows"]
    ]
    series = {
        name: [row["domains"].get(name) for row in history["self_rows"]]
        for name in history["domains"]
    }
    return {
        "person": person,
        "history": history,
        "rows": rows,
        "chart": line_chart(series=series, labels=labels) if history["self_rows"] else None,
        "legend": legend(history["domains"]),
        "open_ratings": selectors.open_ratings(person, user),
    }


@login_required
def my_practice(request):
    person = selectors.own_coach_record(request.user)
    if person is None:
        raise Http404("Only coaches have a practice profile page.")
    context = _history_context(person, request.user)
    context["version"] = selectors.current_practice_profile()
    return render(request, "observations/my_practice.html", context)


@login_required
@require_POST
def self_assessment_start(request):
    person = selectors.own_coach_record(request.user)
    version = selectors.current_practice_profile()
    if person is None or version is None:
        raise Http404
    # A self-assessment begun and not finished is taken up again rather than started twice.
    rating = selectors.open_ratings(person, request.user).filter(relation="self").first()
    if rating is None:
        rating = services.practice_rating_start(
            person=person,
            rated_by=request.user,
            relation=PracticeRating.Relation.SELF,
            version=version,
        )
    sheet = rating.review.sheets.get()
    url = (
        reverse("rubrics:sheet_score", args=[sheet.pk])
        + "?next="
        + reverse("observations:my_practice")
    )
    return redirect(url)


@login_required
def coach_list(request):
    if not roles_of(request.user).sees_districts:
        raise PermissionDenied
    coaches = selectors.coaches_visible_to(request.user).exclude(user=request.user)
    return render(request, "observations/coach_list.html", {"coaches": coaches})


@login_required
def coach_practice(request, pk):
    person = selectors.get_coach_for_user(request.user, pk)
    context = _history_context(person, request.user)
    relation = selectors.can_rate(request.user, person)
    context["relation"] = relation
    if relation:
        context["form"] = _rate_form(None, person, request.user, relation)
    return render(request, "observations/coach_practice.html", context)


def _rate_form(data, person, user, relation):
    return RateCoachForm(
        data,
        person=person,
        rater=user,
        versions=selectors.rating_versions(),
        associate=relation == PracticeRating.Relation.ASSOCIATE,
    )


@login_required
@require_POST
def coach_rate(request, pk):
    person = selectors.get_coach_for_user(request.user, pk, rate=True)
    relation = selectors.can_rate(request.user, person)
    form = _rate_form(request.POST, person, request.user, relation)
    if not form.is_valid():
        messages.error(request, "Choose a rubric, and a second associate from the list or none.")
        return redirect("observations:coach_practice", pk=person.pk)
    try:
        rating = services.practice_rating_start(
            person=person,
            rated_by=request.user,
            relation=relation,
            version=form.cleaned_data["version"],
            second_rater=form.cleaned_data.get("second_rater"),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("observations:coach_practice", pk=person.pk)
    sheet = rating.review.sheets.get(reviewer=request.user)
    back = reverse("observations:coach_practice", args=[person.pk])
    return redirect(reverse("rubrics:sheet_score", args=[sheet.pk]) + "?next=" + back)
