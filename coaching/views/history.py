"""The full history of a school and of a staff member (README, "History"), 50 changes a page:
read by whoever reads the record's own page, through the same fetch helper."""

from django.contrib.auth.decorators import login_required

from core.history import history_page

from .. import selectors
from ..selectors import history


@login_required
def school_history(request, pk):
    school = selectors.get_school_for_user(request.user, pk, write=True)
    context = {
        "title": f"History of {school.name}",
        # The school has no page of its own: its row in the district's table of schools, where
        # its History link is (the rename form shows its latest changes too).
        "back_url": school.district.get_absolute_url() + "#schools",
        "back_label": f"{school.district.name}'s schools",
        "district": school.district,
        "record_label": school.name,
    }
    return history_page(request, history.school_history(school), context)


@login_required
def staff_history(request, pk):
    person = selectors.get_person_for_user(request.user, pk)
    context = {
        "title": f"History of {person.full_name}",
        "back_url": person.get_absolute_url(),
        "back_label": person.full_name,
        "district": person.district,
        "roster": True,
        "record_label": person.full_name,
        "record_url": person.get_absolute_url(),
    }
    return history_page(request, history.staff_history(person), context)
