"""Writes of the calendar feed (coaching/models/calendar.py): make or reset a login's secret
address."""

import secrets

from django.db import transaction
from django.utils import timezone

from ..models import CalendarFeed, User
from ..selectors.calendar import token_digest


@transaction.atomic
def calendar_feed_reset(*, user: User) -> str:
    """Give the user a new secret feed address and return its token: the only time it is seen in
    clear (only its digest is kept). Any earlier address stops working at once."""
    token = secrets.token_urlsafe(32)
    feed, created = CalendarFeed.objects.select_for_update().get_or_create(
        user=user, defaults={"token_hash": token_digest(token)}
    )
    if not created:
        feed.token_hash = token_digest(token)
        feed.reset_at = timezone.now()
        feed.save(update_fields=["token_hash", "reset_at"])
    return token
