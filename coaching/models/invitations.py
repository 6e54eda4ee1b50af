"""Invitations to sign in (DESIGN.md: "district admins invite their own staff to sign in").

A district admin invites a staff member of their district: the person is given a login with no
password yet, and an e-mail with a link to choose one. The link carries a random token; only its
SHA-256 digest is stored, so that someone who reads the database (a backup, the site admin) cannot
use it. The link works once, until `expires_at` (settings.INVITATION_VALID_DAYS after it was sent),
and only while it is the person's newest invitation: inviting again supersedes the last one, and
the database holds at most one open invitation a person.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from simple_history.models import HistoricalRecords


class Invitation(models.Model):
    person = models.ForeignKey(
        "coaching.Person", on_delete=models.CASCADE, related_name="invitations"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="invitations"
    )
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="invitations_sent",
    )
    sent_to = models.EmailField("sent to")
    # hashlib.sha256(token).hexdigest(): the token itself is only ever in the e-mail.
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    superseded_at = models.DateTimeField(null=True, blank=True)
    # Sent, accepted, replaced: who and when (README, "History"). Never the token's digest: a
    # history row is a copy kept for good, and the digest is what a link is checked against.
    history = HistoricalRecords(excluded_fields=["token_hash"])

    class Meta:
        ordering = ["-created_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(used_at__isnull=True, superseded_at__isnull=True),
                name="invitation_one_open_per_person",
            ),
        ]

    def __str__(self):
        return f"Invitation of {self.sent_to} ({self.status_display})"

    @property
    def status(self) -> str:
        """used, superseded, expired or open: what the link would do now."""
        if self.used_at:
            return "used"
        if self.superseded_at:
            return "superseded"
        if self.expires_at <= timezone.now():
            return "expired"
        return "open"

    @property
    def status_display(self) -> str:
        return {
            "used": "accepted",
            "superseded": "replaced by a newer invitation",
            "expired": "expired",
            "open": "waiting to be accepted",
        }[self.status]

    @property
    def is_usable(self) -> bool:
        return self.status == "open"
