"""Reads of the access log: the openings of a party's records by people who are not parties."""

from django.db.models import Q, QuerySet

from ..models import ContentOpening, Engagement, Team, User


def openings_for(user: User) -> QuerySet[ContentOpening]:
    """The openings of the content of every engagement the user is a party to (as coachee, one of
    the team, or a coach), newest first."""
    mine = Engagement.objects.filter(
        Q(coachee_person__user=user)
        | Q(
            coachee_team__in=Team.members.through.objects.filter(person__user=user).values(
                "team_id"
            )
        )
        | Q(coach=user)
        | Q(pk__in=Engagement.co_coaches.through.objects.filter(user=user).values("engagement_id"))
    )
    return (
        ContentOpening.objects.filter(engagement__in=mine.values("pk"))
        .select_related("opened_by", "engagement__coachee_person", "engagement__coachee_team")
        .select_related("engagement__coachee_school", "engagement__district")
        .select_related("engagement__program")
        .order_by("-opened_at", "-pk")
    )
