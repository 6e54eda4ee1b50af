"""The district's roster in and out: the staff list exported as CSV or Excel (`roster_export`),
and the roster imported from a CSV file (`roster_import`): the template to start from, the
upload and its preview naming every bad row, then the import itself (services/roster.py).

Between the preview and the import the uploaded file stays on the server (the cache), under its
SHA-256 digest: the confirming form sends the digest only, and the import reads and checks that
very content again. Nothing the browser sends back can swap the file that was previewed."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.exports import CONTENT_TYPES, Column, export
from core.refusals import refusal_message

from .. import selectors
from ..filters import StaffFilter
from ..forms.roster import RosterConfirmForm, RosterUploadForm
from ..services import roster as services

ROSTER_COLUMNS = [
    Column("first_name", lambda p: p.first_name),
    Column("last_name", lambda p: p.last_name),
    Column("email", lambda p: p.email),
    Column("staff_id", lambda p: p.staff_id),
    Column("school", lambda p: p.school.name if p.school_id else ""),
    Column("job_title", lambda p: p.job_title),
    Column("active", lambda p: p.is_active),
]


@login_required
def roster_export(request, district_pk, fmt):
    """The staff list as the page shows it (its filters, its order), every page of it; the
    columns are the import's, so the file can be edited and imported again."""
    district = selectors.get_district_for_user(request.user, district_pk)
    filters = StaffFilter(
        request.GET, queryset=selectors.staff_list(district=district), district=district
    )
    return export(filters.qs, ROSTER_COLUMNS, fmt=fmt, name=f"roster-{district.slug}")


# --- the roster in by CSV ------------------------------------------------------------------------

KEPT_SECONDS = 60 * 60  # how long an uploaded file waits for its import
PREVIEW_ROWS = 100  # of the rows to add and to change, the preview lists this many


def kept_key(district_pk: int, user_pk: int, digest: str) -> str:
    """Where an uploaded file waits for its import: the district's, the user's, its digest."""
    return f"roster-import:{district_pk}:{user_pk}:{digest}"


@login_required
def roster_template(request, district_pk, fmt):
    """The file to start from: the heading row and two example rows."""
    selectors.get_district_for_user(request.user, district_pk, write=True)
    response = HttpResponse(
        services.roster_template(fmt),
        content_type=CONTENT_TYPES[fmt],
    )
    response["Content-Disposition"] = f'attachment; filename="roster-template.{fmt}"'
    return response


@login_required
def roster_import(request, district_pk):
    """Upload a roster file and see its preview: what importing it would add, change and leave
    alone, and every bad row by its line. Nothing is written here."""
    district = selectors.get_district_for_user(request.user, district_pk, write=True)
    form = RosterUploadForm(request.POST or None, request.FILES or None)
    preview = None
    if request.method == "POST" and form.is_valid():
        content = form.cleaned_data["file"].read()
        preview = services.roster_preview(district=district, content=content)
        if preview.ok:
            cache.set(kept_key(district.pk, request.user.pk, preview.digest), content, KEPT_SECONDS)
    return _page(request, district, form, preview)


@login_required
@require_POST
def roster_confirm(request, district_pk):
    """Import the file that was previewed (kept on the server under its digest), read and
    checked once more; all of it or, if a row is bad now, nothing."""
    district = selectors.get_district_for_user(request.user, district_pk, write=True)
    form = RosterConfirmForm(request.POST)
    key = form.is_valid() and kept_key(district.pk, request.user.pk, form.cleaned_data["digest"])
    content = cache.get(key) if key else None
    if content is None:
        messages.error(request, "That file is no longer waiting to be imported: upload it again.")
        return redirect("coaching:roster_import", district_pk=district.pk)
    try:
        preview = services.roster_import(district=district, content=content)
    except services.RosterRefused as refused:
        return _page(request, district, RosterUploadForm(), refused.preview)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect("coaching:roster_import", district_pk=district.pk)
    cache.delete(key)
    messages.success(
        request,
        f"Imported the roster: {len(preview.added)} added, {len(preview.changed)} changed, "
        f"{len(preview.unchanged)} left as they were"
        + (f"; new schools: {', '.join(preview.new_schools)}." if preview.new_schools else "."),
    )
    return redirect("coaching:staff_list", district_pk=district.pk)


def _page(request, district, form, preview):
    context = {
        "district": district,
        "form": form,
        "preview": preview,
        "columns": services.COLUMNS,
        "shown": PREVIEW_ROWS,
        "confirm_form": RosterConfirmForm(initial={"digest": preview.digest}) if preview else None,
    }
    return render(request, "coaching/roster/import.html", context)
