"""The full history of a school and of a staff member (README, "History"), 50 changes a page:
read by whoever reads the record's own page, through the same fetch helper."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from core.history import history_page

from .. import selectors
from ..selectors import history


@login_required
def school_history(request, pk):
    school = selectors.get_school_for_user(request.user, pk, write=True)
    context = {
        "title": f"History of {school.name}",
        "back_url": reverse("coaching:school_update", args=[school.pk]),
        "back_label": school.name,
        "district": school.district,
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
    }
    return history_page(request, history.staff_history(person), context)
