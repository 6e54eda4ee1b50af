"""Invitations to sign in: a district admin invites a staff member, who follows the e-mailed link
once to choose a password and is then signed in (coaching/models/invitations.py).

The e-mail is sent directly, not through the notifications outbox: an outbox row keeps its message
to send it later, and this message is a credential that must not be kept anywhere in clear. It is
sent after the invitation is committed; if the mail server cannot take it, the invitation is
withdrawn at once (nothing is left waiting) and the admin is told to try again."""

import datetime as dt
import logging
import secrets

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from ..models import Invitation, Person, RoleMembership, User
from ..selectors import can_manage_district
from ..selectors.invitations import token_digest
from .dashboards import dashboards_changed

log = logging.getLogger(__name__)


def invitation_send(*, person: Person, by: User) -> Invitation:
    """Invite `person` to sign in: give them a login with no password yet (or keep the one an
    earlier invitation gave them, moved to their current e-mail address), supersede any earlier
    invitation, and e-mail them a link that works once, for settings.INVITATION_VALID_DAYS days.
    Returns the invitation; the token is only in the e-mail.

    Raises PermissionDenied when `by` does not manage the person's district. Raises
    ValidationError, writing nothing, when the person is deactivated, has no e-mail address,
    already has a login they sign in with ("already has a login"), or their address is another
    login's; and when the e-mail cannot be sent, after withdrawing the new invitation."""
    if not can_manage_district(by, person.district):
        raise PermissionDenied("You may invite only your own district's staff.")
    token = secrets.token_urlsafe(32)
    with transaction.atomic():
        # One invitation at a time per person, even when two admins click at once: lock the
        # person, then read them and their login afresh (a new statement sees what the one
        # before us committed; the locking one may not see a login it made).
        list(Person.objects.select_for_update().filter(pk=person.pk).values_list("pk"))
        person = Person.objects.select_related("district", "user").get(pk=person.pk)
        _refuse_uninvitable(person)
        user = _login_for(person)
        now = timezone.now()
        earlier = list(
            Invitation.objects.filter(
                person=person, used_at__isnull=True, superseded_at__isnull=True
            )
        )
        if earlier:
            Invitation.objects.filter(pk__in=[e.pk for e in earlier]).update(superseded_at=now)
            dashboards_changed()  # an update() sends no model signal: the cached dashboards are old
            _history(earlier, superseded_at=now)
        invitation = Invitation(
            person=person,
            user=user,
            invited_by=by,
            sent_to=user.email,
            token_hash=token_digest(token),
            created_at=now,
            expires_at=now + dt.timedelta(days=settings.INVITATION_VALID_DAYS),
        )
        invitation.full_clean()
        invitation.save()
    try:
        _email(invitation, token, by)
    except Exception as error:  # noqa: BLE001 - any failure to send: the admin tries again
        log.warning("Could not send the invitation to %s", invitation.sent_to, exc_info=True)
        withdrawn_at = timezone.now()
        withdrawn = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
            superseded_at=withdrawn_at
        )
        if withdrawn:
            _history([invitation], superseded_at=withdrawn_at)
        raise ValidationError(
            f"The e-mail to {invitation.sent_to} could not be sent ({type(error).__name__}), "
            "so no invitation is waiting for them. Try again in a few minutes.",
            code="invitation_not_sent",
        ) from error
    return invitation


def _history(invitations: list[Invitation], *, by: User | None = None, **values) -> None:
    """The history rows of a conditional UPDATE, which writes none by itself (README, "History"):
    `values` as the UPDATE set them; `by` the user who acted, when the request has none signed in
    (an accepted invitation: its own login)."""
    for invitation in invitations:
        for name, value in values.items():
            setattr(invitation, name, value)
    Invitation.history.bulk_history_create(invitations, update=True, default_user=by)


def _refuse_uninvitable(person: Person) -> None:
    name = person.full_name
    if not person.is_active:
        raise ValidationError(f"{name} is deactivated: reactivate them before inviting them.")
    user = person.user
    if user is not None and user.has_usable_password():
        raise ValidationError(
            f"{name} already has a login ({user.email}): they sign in with it, and can reset "
            "their password from the sign-in page.",
            code="already_has_login",
        )
    if user is not None and not user.is_active:
        raise ValidationError(f"{name}'s login is disabled: the site admin can enable it.")
    if not person.email:
        raise ValidationError(
            f"{name} has no e-mail address on the roster: add it, then invite them."
        )
    taken = User.objects.filter(email__iexact=person.email).exclude(pk=person.user_id)
    if taken.exists():
        raise ValidationError(
            f"Another login already uses {person.email}. The site admin can link it to "
            f"{name}'s roster entry."
        )


def _login_for(person: Person) -> User:
    """The person's login, made now with no password if they have none; an unused one follows
    the roster's e-mail address and name, so that inviting again reaches their current address."""
    user = person.user
    if user is None:
        user = User(email=person.email)
    elif user.email != person.email and _holds_roles_elsewhere(user, person):
        # Moving it would hand another district's (or the site admin's) roles to a new address.
        raise ValidationError(
            f"{person.full_name}'s login holds roles outside {person.district}: the site admin "
            "changes its address."
        )
    user.email = person.email
    user.first_name, user.last_name = person.first_name, person.last_name
    user.set_unusable_password()
    user.full_clean(exclude=["password"])
    user.save()
    if person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user", "updated_at"])
    return user


def _holds_roles_elsewhere(user: User, person: Person) -> bool:
    if user.is_staff or user.is_superuser:
        return True
    outside = RoleMembership.objects.filter(user=user).exclude(
        Q(district_id=person.district_id) | Q(school__district_id=person.district_id)
    )
    return outside.exists()


def _email(invitation: Invitation, token: str, by: User) -> None:
    context = {
        "invitation": invitation,
        "person": invitation.person,
        "by": by,
        "link": settings.SITE_URL + reverse("coaching:invitation_accept", args=[token]),
        "sign_in_link": settings.SITE_URL + reverse("login"),
        "valid_days": settings.INVITATION_VALID_DAYS,
    }
    message = EmailMultiAlternatives(
        subject=f"You are invited to sign in to the coaching programs of "
        f"{invitation.person.district}",
        body=render_to_string("coaching/invitations/email.txt", context),
        to=[invitation.sent_to],
    )
    message.attach_alternative(
        render_to_string("coaching/invitations/email.html", context), "text/html"
    )
    message.send()


@transaction.atomic
def invitation_accept(*, token: str, password: str) -> User:
    """Set the invited login's password from a link's token and mark the invitation used; returns
    the login, for the view to sign in. The token works once: two requests racing with it are
    told apart by a conditional UPDATE, and only one goes on. Raises ValidationError, changing
    nothing, when the link is unknown, used, superseded or expired, the person or login has been
    deactivated since, the login has a password already, or the password is refused by
    AUTH_PASSWORD_VALIDATORS."""
    digest = token_digest(token)
    now = timezone.now()
    claimed = Invitation.objects.filter(
        token_hash=digest,
        used_at__isnull=True,
        superseded_at__isnull=True,
        expires_at__gt=now,
        person__is_active=True,
        user__is_active=True,
    ).update(used_at=now)
    if claimed != 1:
        raise ValidationError(UNUSABLE, code="invitation_unusable")
    dashboards_changed()  # an update() sends no model signal: the cached dashboards are old
    invitation = Invitation.objects.select_related("user").get(token_hash=digest)
    user = invitation.user
    _history([invitation], by=user)
    if user.has_usable_password():
        raise ValidationError(UNUSABLE, code="invitation_unusable")
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    return user


UNUSABLE = (
    "This invitation link no longer works: it was used already, a newer invitation replaced it, "
    "or it is more than a few days old."
)
