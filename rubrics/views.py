import re

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from core.exports import Column, export
from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form, refusal_unshown

from . import selectors, services
from .filters import AdjudicationFilter, RubricFilter, SheetFilter
from .forms import (
    AdjudicationForm,
    AgreementFilterForm,
    DraftForm,
    RubricCreateForm,
    RubricUpdateForm,
    ScoresheetForm,
)
from .models import Criterion, Domain, Level, RubricVersion

PARTS = {"level": Level, "domain": Domain, "criterion": Criterion}
OP = re.compile(r"^(?P<verb>add|remove|up|down)-(?P<kind>level|domain|criterion)(?:-(?P<pk>\d+))?$")


@login_required
def rubric_list(request):
    filters = RubricFilter(request.GET, queryset=selectors.rubric_list(request.user))
    page = paginate(request, filters.qs)
    context = {
        "filter": filters,
        "page": page,
        "rubrics": page.object_list,
        "can_create": selectors.can_create_rubrics(request.user),
    }
    return render(request, "rubrics/rubric_list.html", context)


@login_required
def rubric_create(request):
    if not selectors.can_create_rubrics(request.user):
        raise PermissionDenied
    form = RubricCreateForm(request.POST or None, owners=selectors.rubric_owners(request.user))
    if request.method == "POST" and form.is_valid():
        try:
            version = services.rubric_create(**form.service_arguments())
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Rubric created. Add its levels, domains and criteria.")
            return redirect("rubrics:version_edit", pk=version.pk)
    return render(request, "rubrics/rubric_form.html", {"form": form})


@login_required
def rubric_detail(request, pk):
    rubric = selectors.get_rubric_for_user(request.user, pk)
    versions = selectors.versions_visible_to(request.user).filter(rubric=rubric).order_by("-number")
    context = {
        "rubric": rubric,
        "versions": versions,
        "can_edit": selectors.can_edit_rubric(request.user, rubric),
        "has_draft": any(v.is_draft for v in versions),
    }
    return render(request, "rubrics/rubric_detail.html", context)


@login_required
def rubric_update(request, pk):
    rubric = selectors.get_rubric_for_user(request.user, pk, write=True)
    initial = {
        "name": rubric.name,
        "description": rubric.description,
        "is_sample": rubric.is_sample,
    }
    form = RubricUpdateForm(
        request.POST or None,
        initial=initial,
        rubric=rubric,
        owners=selectors.rubric_owners(request.user),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.rubric_update(rubric=rubric, **form.service_arguments())
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect(rubric)
    return render(request, "rubrics/rubric_form.html", {"form": form, "rubric": rubric})


@login_required
def version_detail(request, pk):
    version = selectors.get_version_for_user(request.user, pk)
    context = {
        "version": version,
        "grid": selectors.version_grid(version),
        "can_edit": selectors.can_edit_rubric(request.user, version.rubric),
    }
    return render(request, "rubrics/version_detail.html", context)


@login_required
def version_edit(request, pk):
    version = selectors.get_version_for_user(request.user, pk, write=True)
    if not version.is_draft:
        messages.info(request, "This version is published; make a new draft version to change it.")
        return redirect(version)
    grid = selectors.version_grid(version)
    form = DraftForm(request.POST or None, grid=grid)
    if request.method == "POST" and form.is_valid():
        try:
            services.draft_update(version=version, **form.service_arguments())
            if request.POST.get("op") == "publish":
                services.version_publish(version=version, by=request.user)
                messages.success(
                    request, f"Published version {version.number}. It can be scored now."
                )
                return redirect(version)
            _apply_op(version, request.POST.get("op", ""))
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Saved.")
            return redirect("rubrics:version_edit", pk=version.pk)
    return render(
        request, "rubrics/version_edit.html", {"version": version, "grid": grid, "form": form}
    )


def _apply_op(version: RubricVersion, op: str):
    """The structural change a grid button asked for, after its texts were saved."""
    match = OP.match(op)
    if not match:
        return
    verb, kind, pk = match["verb"], match["kind"], match["pk"]
    if verb == "add" and kind == "level":
        services.level_add(version=version)
    elif verb == "add" and kind == "domain":
        services.domain_add(version=version)
    elif verb == "add":
        services.criterion_add(domain=get_object_or_404(Domain, version=version, pk=pk))
    else:
        part = get_object_or_404(PARTS[kind], version=version, pk=pk)
        if verb == "remove":
            services.part_remove(part=part)
        else:
            services.part_move(part=part, step=-1 if verb == "up" else 1)


@login_required
@require_POST
def version_new_draft(request, pk):
    rubric = selectors.get_rubric_for_user(request.user, pk, write=True)
    try:
        draft = services.version_new_draft(rubric=rubric)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect(rubric)
    messages.success(request, f"Draft version {draft.number} made from the newest version.")
    return redirect("rubrics:version_edit", pk=draft.pk)


@login_required
@require_POST
def version_delete(request, pk):
    version = selectors.get_version_for_user(request.user, pk, write=True)
    rubric = version.rubric
    try:
        services.version_delete(version=version)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect(version)
    messages.success(request, f"Deleted version {version.number} of {rubric.name}.")
    return redirect("rubrics:rubric_list")


@login_required
def sheet_score(request, pk):
    sheet = selectors.get_sheet_for_scoring(request.user, pk)
    grid = selectors.version_grid(sheet.review.version)
    scores = selectors.sheet_scores(sheet)
    if sheet.is_final:
        return redirect(sheet.review)
    form = ScoresheetForm(request.POST or None, grid=grid, scores=scores)
    if request.method == "POST" and form.is_valid():
        finalize = request.POST.get("action") == "finalize"
        try:
            services.sheet_save(sheet=sheet, reviewer=request.user, **form.service_arguments())
            if finalize:
                services.sheet_finalize(sheet=sheet, reviewer=request.user)
        except ValidationError as error:
            refusal_message(request, error)
            if not sheet.is_final:
                return redirect(request.get_full_path())
        else:
            messages.success(request, "Finalised." if finalize else "Draft saved.")
            return _next_or(request, sheet.review if finalize else request.get_full_path())
    context = {"sheet": sheet, "grid": grid, "form": form, "review": sheet.review}
    return render(request, "rubrics/sheet_score.html", context)


def _next_or(request, default):
    target = request.GET.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(default)


@login_required
def review_detail(request, pk):
    review = selectors.get_review_for_user(request.user, pk)
    return _review_page(request, review)


def _review_page(request, review, *, adjudication_form=None):
    """The review's page; after a refused adjudication, with the form as it was posted."""
    sheets = selectors.review_sheets(review, request.user)
    can_adjudicate = (
        review.status == review.Status.NEEDS_ADJUDICATION
        and selectors.may_adjudicate(request.user, review)
        and all(sheet.reviewer_id != request.user.pk for sheet, _, _ in sheets)
    )
    context = {
        "review": review,
        "sheets": sheets,
        "grid": selectors.version_grid(review.version),
        "adjudication_form": (adjudication_form or AdjudicationForm()) if can_adjudicate else None,
    }
    if not can_adjudicate:
        refusal_unshown(request, adjudication_form)
    return render(request, "rubrics/review_detail.html", context)


@login_required
@require_POST
def review_adjudicate(request, pk):
    review = selectors.get_review_for_user(request.user, pk)
    if not selectors.may_adjudicate(request.user, review):
        raise PermissionDenied
    form = AdjudicationForm(request.POST)
    if form.is_valid():
        try:
            services.review_adjudicate(review=review, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, "Decision recorded.")
            return redirect(review)
    return _review_page(request, review, adjudication_form=form)


AWAITING_SHOWN = 5


@login_required
def my_reviews(request):
    filters = SheetFilter(request.GET, queryset=selectors.my_sheets(request.user))
    page = paginate(request, filters.qs)
    awaiting = selectors.reviews_awaiting_adjudication(request.user)
    # The first few, as on the home page: the adjudication list pages through them all.
    shown = list(awaiting[:AWAITING_SHOWN])
    context = {
        "filter": filters,
        "page": page,
        "sheets": page.object_list,
        "awaiting": shown,
        "awaiting_count": awaiting.count(),
    }
    return render(request, "rubrics/my_reviews.html", context)


SHEET_COLUMNS = [
    Column("Subject", lambda s: s.review.subject_label),
    Column("Rubric", lambda s: str(s.review.version)),
    Column("Status", lambda s: s.get_status_display()),
    Column("Finalised", lambda s: s.finalized_at),
    Column("Criteria scored", lambda s: s.scored),
    Column("Total points", lambda s: s.total),
]


@login_required
def my_reviews_export(request, fmt):
    """ "My scoring" as the page lists it (its filter, its order), every page of it, with each
    sheet's scores summed."""
    filters = SheetFilter(request.GET, queryset=selectors.my_sheets(request.user))
    return export(selectors.with_totals(filters.qs), SHEET_COLUMNS, fmt=fmt, name="my-scoring")


@login_required
def adjudication_list(request):
    """The reviews waiting for this user's adjudication; 404 for anyone who adjudicates none."""
    if not request.user.has_perm(selectors.ADJUDICATE_PERM):
        raise Http404("No such page.")
    versions = selectors.versions_visible_to(request.user).select_related("rubric")
    filters = AdjudicationFilter(
        request.GET, queryset=selectors.adjudications_waiting(request.user), versions=versions
    )
    page = paginate(request, filters.qs)
    return render(request, "rubrics/adjudication_list.html", {"filter": filters, "page": page})


@login_required
def agreement_report(request):
    if not request.user.has_perm(selectors.REPORT_PERM):
        raise PermissionDenied
    versions = (
        selectors.versions_visible_to(request.user)
        .filter(status=RubricVersion.Status.PUBLISHED)
        .select_related("rubric")
    )
    form = AgreementFilterForm(request.GET or None, versions=versions)
    report = None
    if form.is_valid():
        report = selectors.agreement_report(user=request.user, **form.cleaned_data)
    return render(request, "rubrics/agreement_report.html", {"form": form, "report": report})
