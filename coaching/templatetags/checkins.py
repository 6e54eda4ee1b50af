"""The check-ins' parts of pages that other modules own: the engagement page's panel (activity
for everyone who sees the engagement; a link to the check-ins and to who opened the records, for
its parties) and the coach's share of check-ins answered within the window. Each asks the
selectors, so those pages' views stay as they are."""

from django import template
from django.utils import timezone

from ..selectors import checkins as selectors
from ..selectors import engagements as engagement_selectors

register = template.Library()


@register.inclusion_tag("coaching/checkins/_panel.html", takes_context=True)
def checkins_panel(context):
    engagement, user = context["engagement"], context["request"].user
    party = engagement_selectors.is_party(user, engagement)
    return {
        "engagement": engagement,
        "counts": selectors.checkin_counts(engagement),
        "party": party,
        "coach": party and engagement_selectors.is_coach_of(user, engagement),
        "openings": engagement.content_openings.count() if party else None,
    }


@register.inclusion_tag("coaching/checkins/_responsiveness.html", takes_context=True)
def coach_responsiveness(context):
    user = context["request"].user
    return {"share": selectors.responsiveness_of(user, now=timezone.now())}
