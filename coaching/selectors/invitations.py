"""Reads of invitations to sign in (coaching/models/invitations.py)."""

import hashlib

from ..models import Invitation, Person


def token_digest(token: str) -> str:
    """What is stored of a link's token: its SHA-256, in hex. A token is 256 random bits, so no
    salt or slow hash is needed to keep it from being found again from the digest."""
    return hashlib.sha256(token.encode()).hexdigest()


def invitation_for_token(token: str) -> Invitation | None:
    """The invitation a link's token opens, if it can still be used: None for an unknown, used,
    superseded or expired one, or one whose person or login was deactivated since (the page says
    the same for each, so that a link tells nothing about others)."""
    invitation = (
        Invitation.objects.select_related("user", "person__district")
        .filter(token_hash=token_digest(token))
        .first()
    )
    if invitation is None or not invitation.is_usable:
        return None
    if not (invitation.person.is_active and invitation.user.is_active):
        return None
    if invitation.user.has_usable_password():
        return None
    return invitation


def latest_invitation(person: Person) -> Invitation | None:
    """The person's newest invitation, whatever became of it: for the staff page."""
    return person.invitations.select_related("invited_by").first()


def login_state(person: Person) -> str:
    """What the person's sign-in is: "none" (no login), "invited" (a login whose password they
    have not chosen yet) or "active" (they sign in)."""
    if person.user is None:
        return "none"
    return "active" if person.user.has_usable_password() else "invited"
