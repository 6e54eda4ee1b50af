"""Each login's personal calendar feed (DESIGN.md, "Reports and data in and out"): an iCalendar
address with a secret token that calendar apps fetch without signing in.

Only the token's SHA-256 digest is kept (as an invitation's is): someone who reads the database
(a backup, the site admin) cannot use it, and so the address is shown once, when it is made.
Resetting writes a new digest in place: the old address answers 404 at once."""

from django.conf import settings
from django.db import models


class CalendarFeed(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_feed"
    )
    # hashlib.sha256(token).hexdigest(): the token itself is only ever shown to its owner.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    reset_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["user"]

    def __str__(self):
        return f"Calendar feed of {self.user}"
