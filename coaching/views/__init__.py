from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import LogoutView
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from core.history import latest as latest_history
from core.lists import paginate
from core.refusals import refusal_message, refusal_on_form

from .. import selectors, services
from ..filters import DistrictFilter, ProgramFilter, StaffFilter
from ..forms import PersonForm, SchoolForm
from ..forms.roles import RoleForm
from ..models import Engagement
from ..selectors import dashboards
from ..selectors import engagements as engagement_selectors
from ..selectors import history as history_selectors
from ..selectors import invitations as invitation_selectors
from ..selectors import peer as peer_selectors
from ..selectors import roles as role_selectors


class SignOutView(LogoutView):
    """Django's sign-out, which also says on the sign-in page that it worked."""

    def post(self, request, *args, **kwargs):
        response = super().post(request, *args, **kwargs)
        messages.info(request, "You are signed out.")
        return response


@login_required
def home(request):
    user = request.user
    roles = selectors.roles_of(user)
    context = {"roles": roles}
    if roles.is_associate:
        context["programs"] = selectors.program_list(user).filter(
            pk__in=roles.associate_program_ids
        )
    if roles.is_associate or roles.is_superuser:
        context["page"] = paginate(request, selectors.district_list(user))
        context["districts"] = context["page"].object_list
    if roles.is_district_admin:
        context["admin_districts"] = selectors.district_list(user).filter(
            pk__in=roles.admin_district_ids
        )
    if roles.is_principal:
        context["principal_schools"] = selectors.principal_schools(user)
    context["person"] = selectors.people_visible_to(user).filter(user=user).first()
    if roles.is_coach or roles.is_associate:
        context["coached"] = engagement_selectors.engagements_coached_by(user).filter(
            status=Engagement.Status.ACTIVE
        )[:10]
    # A partner teacher in a peer partnership may hold no role: the partnership is what they do.
    context["peer_partnerships"] = list(peer_selectors.partnerships_as_partner(user)[:5])
    context["no_role"] = not roles.has_any and not context["peer_partnerships"]
    context["dashboard"] = dashboards.panels_for(user)
    return render(request, "coaching/home.html", context)


@login_required
def profile(request):
    person = (
        selectors.people_visible_to(request.user)
        .select_related("district", "school")
        .filter(user=request.user)
        .first()
    )
    memberships = selectors.memberships_of(request.user)
    return render(request, "coaching/profile.html", {"person": person, "memberships": memberships})


@login_required
def district_list(request):
    if not selectors.roles_of(request.user).sees_districts:
        raise PermissionDenied
    filters = DistrictFilter(request.GET, queryset=selectors.district_list(request.user))
    page = paginate(request, filters.qs)
    context = {"filter": filters, "page": page, "districts": page.object_list}
    return render(request, "coaching/district_list.html", context)


@login_required
def district_detail(request, pk):
    district = selectors.get_district_for_user(request.user, pk)
    context = {
        "district": district,
        "schools": selectors.school_list(district=district),
        "can_manage": selectors.can_manage_district(request.user, district),
        "programs": selectors.district_programs(district=district, user=request.user),
    }
    return render(request, "coaching/district_detail.html", context)


@login_required
def school_create(request, district_pk):
    district = selectors.get_district_for_user(request.user, district_pk, write=True)
    form = SchoolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        school = _save_or_report(
            form, services.school_create, district=district, **form.cleaned_data
        )
        if school:
            messages.success(request, f"Added {school.name}.")
            return redirect(district)
    return render(request, "coaching/school_form.html", {"form": form, "district": district})


@login_required
def school_update(request, pk):
    school = selectors.get_school_for_user(request.user, pk, write=True)
    form = SchoolForm(request.POST or None, initial={"name": school.name})
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _save_or_report(form, services.school_update, school=school, **form.cleaned_data)
    )
    if saved:
        messages.success(request, f"Saved {school.name}.")
        return redirect(school.district)
    entries, more = latest_history(history_selectors.school_history(school))
    context = {"form": form, "district": school.district, "school": school}
    context |= {"history": entries, "history_more": more}
    return render(request, "coaching/school_form.html", context)


@login_required
@require_POST
def school_set_active(request, pk, active):
    school = selectors.get_school_for_user(request.user, pk, write=True)
    services.school_set_active(school=school, active=active)
    if active:
        messages.success(request, f"Reactivated {school.name}.")
    else:
        messages.success(request, f"Deactivated {school.name}. Its people and records are kept.")
    return redirect(school.district)


@login_required
def staff_list(request, district_pk):
    district = selectors.get_district_for_user(request.user, district_pk)
    filters = StaffFilter(
        request.GET, queryset=selectors.staff_list(district=district), district=district
    )
    page = paginate(request, filters.qs)
    context = {
        "district": district,
        "filter": filters,
        "page": page,
        "people": selectors.with_role_labels(page.object_list),
        "show_status": filters.shows_inactive,
        "can_manage": selectors.can_manage_district(request.user, district),
    }
    return render(request, "coaching/staff_list.html", context)


@login_required
def staff_detail(request, pk):
    person = selectors.get_person_for_user(request.user, pk)
    return staff_page(request, person)


def staff_page(request, person, *, role_form=None):
    """A staff member's page: their record, their sign-in (invited or not) and their roles, with
    the forms to change them for whoever manages the district. `role_form`: a refused one, shown
    again as it was typed."""
    can_manage = selectors.can_manage_district(request.user, person.district)
    memberships = list(role_selectors.memberships_of_person(person))
    for membership in memberships:
        membership.removable = can_manage and role_selectors.may_change_role(
            request.user, membership
        )
    context = {
        "person": person,
        "can_manage": can_manage,
        "login_state": invitation_selectors.login_state(person),
        "invitation": invitation_selectors.latest_invitation(person),
        "invitation_valid_days": settings.INVITATION_VALID_DAYS,
        "memberships": memberships,
        "role_form": role_form or (RoleForm(district=person.district) if can_manage else None),
    }
    entries, more = latest_history(history_selectors.staff_history(person))
    context |= {"history": entries, "history_more": more}
    return render(request, "coaching/staff_detail.html", context)


@login_required
def staff_create(request, district_pk):
    district = selectors.get_district_for_user(request.user, district_pk, write=True)
    form = PersonForm(request.POST or None, district=district)
    if request.method == "POST" and form.is_valid():
        person = _save_or_report(
            form, services.person_create, district=district, **form.cleaned_data
        )
        if person:
            messages.success(request, f"Added {person.full_name} to the roster.")
            return redirect("coaching:staff_list", district_pk=district.pk)
    return render(request, "coaching/staff_form.html", {"form": form, "district": district})


@login_required
def staff_update(request, pk):
    person = selectors.get_person_for_user(request.user, pk, write=True)
    form = PersonForm(request.POST or None, instance=person, district=person.district)
    saved = (
        request.method == "POST"
        and form.is_valid()
        and _save_or_report(form, services.person_update, person=person, **form.cleaned_data)
    )
    if saved:
        messages.success(request, f"Saved {person.full_name}.")
        return redirect(person)
    context = {"form": form, "district": person.district, "person": person}
    return render(request, "coaching/staff_form.html", context)


@login_required
@require_POST
def staff_set_active(request, pk, active):
    person = selectors.get_person_for_user(request.user, pk, write=True)
    try:
        services.person_set_active(person=person, active=active, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect(person)
    if active:
        messages.success(request, f"Reactivated {person.full_name}.")
    else:
        messages.success(
            request, f"Deactivated {person.full_name}. Their records are kept; they cannot sign in."
        )
    return redirect(person)


@login_required
def program_list(request):
    filters = ProgramFilter(request.GET, queryset=selectors.program_list(request.user))
    page = paginate(request, filters.qs)
    context = {"filter": filters, "page": page, "programs": page.object_list}
    return render(request, "coaching/program_list.html", context)


@login_required
def program_detail(request, pk):
    program = selectors.get_program_for_user(request.user, pk)
    # 50 a page: a network's program enrolls hundreds of districts.
    page = paginate(request, selectors.program_enrollments(program=program, user=request.user))
    context = {"program": program, "page": page, "enrollments": page.object_list}
    return render(request, "coaching/program_detail.html", context)


def _save_or_report(form, service, **kwargs):
    """Call a service; a validation error it raises lands on the form, and nothing is saved."""
    try:
        return service(**kwargs)
    except ValidationError as error:
        refusal_on_form(form, error)
        return None
