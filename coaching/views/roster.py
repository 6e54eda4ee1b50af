"""The district's roster in and out: the staff list exported as CSV or Excel (`roster_export`),
and the roster imported from a CSV file (`roster_import`): the template to start from, the
upload and its preview naming every bad row, then the import itself (services/roster.py).

Between the preview and the import the uploaded file stays on the server (the cache), under its
SHA-256 digest: the confirming form sends the digest only, and the import reads and checks that
very content again. Nothing the browser sends back can swap the file that was previewed."""

from django.contrib.auth.decorators import login_required

from core.exports import Column, export

from .. import selectors
from ..filters import StaffFilter

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
