"""The history of roles: every role given or removed, by whom and when (DESIGN.md, "a history of
changes to settings, roster and roles").

What each role grants is decided by `coaching.selectors` (DESIGN.md, "Who uses it"). The coachee
role is a district's label for a teacher, facilitator or team member being coached who has a
login: it lets them sign in and read their own profile and inbox, and nothing of the district's
records (no schools, no roster, no training, no programs). What they read of their own coaching
comes from the engagements that name them, never from the role.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone

from . import RoleMembership


class RoleChange(models.Model):
    """One role given to, or removed from, a login, with its scope: who did it and when. Written
    by `coaching.services.roles` in the same transaction as the change; never edited."""

    class Action(models.TextChoices):
        GRANTED = "granted", "Given"
        REVOKED = "revoked", "Removed"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_changes"
    )
    role = models.CharField(max_length=20, choices=RoleMembership.Role.choices)
    program = models.ForeignKey(
        "coaching.Program", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    district = models.ForeignKey(
        "coaching.District", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    school = models.ForeignKey(
        "coaching.School", on_delete=models.CASCADE, null=True, blank=True, related_name="+"
    )
    action = models.CharField(max_length=10, choices=Action.choices)
    # None: the application did it (a candidate entering Phase II is made a coach).
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="role_changes_made",
    )
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]
        indexes = [models.Index(fields=["user", "at"])]

    def __str__(self):
        return f"{self.get_action_display()} {self.get_role_display()} of {self.scope}: {self.user}"

    @property
    def verb(self) -> str:
        """The change as a verb of its actor: "gave" or "removed"."""
        return "gave" if self.action == self.Action.GRANTED else "removed"

    @property
    def scope(self):
        return self.program or self.district or self.school
