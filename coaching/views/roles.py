"""Giving and removing a staff member's district roles, from their staff page."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from core.refusals import refusal_on_form

from .. import selectors
from ..forms.roles import RoleForm
from ..selectors.roles import get_membership_for_user
from ..services.roles import role_grant as grant
from ..services.roles import role_revoke as revoke
from . import staff_page


@login_required
@require_POST
def role_grant(request, pk):
    person = selectors.get_person_for_user(request.user, pk, write=True)
    form = RoleForm(request.POST, district=person.district)
    if form.is_valid():
        try:
            membership = grant(person=person, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            role = membership.get_role_display().lower()
            messages.success(request, f"{person.full_name} is now {role} of {membership.scope}.")
            return redirect(person)
    return staff_page(request, person, role_form=form)


@login_required
@require_POST
def role_revoke(request, pk):
    membership = get_membership_for_user(request.user, pk, write=True)
    person = membership.user.person
    revoke(membership=membership, by=request.user)
    role = membership.get_role_display().lower()
    messages.success(request, f"{person.full_name} is no longer {role} of {membership.scope}.")
    return redirect(person)
