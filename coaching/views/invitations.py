"""Invitations to sign in: a district admin sends one from a staff member's page; the person opens
the e-mailed link, chooses a password and is signed in."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from core.refusals import refusal_message, refusal_on_form

from .. import selectors
from ..forms.invitations import InvitationPasswordForm
from ..selectors.invitations import invitation_for_token
from ..services import invitations as services


@login_required
@require_POST
def invitation_send(request, pk):
    person = selectors.get_person_for_user(request.user, pk, write=True)
    again = person.user_id is not None
    try:
        invitation = services.invitation_send(person=person, by=request.user)
    except ValidationError as error:
        refusal_message(request, error)
        return redirect(person)
    days = settings.INVITATION_VALID_DAYS
    earlier = " The earlier link no longer works." if again else ""
    messages.success(
        request,
        f"Sent {person.full_name} an invitation to sign in at {invitation.sent_to}. "
        f"The link works once, for {days} days.{earlier}",
    )
    return redirect(person)


@never_cache
@sensitive_post_parameters("new_password1", "new_password2")
def invitation_accept(request, token):
    """Open to anyone holding the link: the token is the credential (the same page for every
    link that no longer works, so that a link tells nothing about others)."""
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "coaching/invitations/unusable.html")
    form = InvitationPasswordForm(invitation.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.invitation_accept(
                token=token, password=form.cleaned_data["new_password1"]
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            messages.success(request, "Your password is set and you are signed in. Welcome.")
            return redirect("coaching:home")
    context = {"form": form, "invitation": invitation}
    return render(request, "coaching/invitations/accept.html", context)
