"""Demo check-ins, an observation with its feedback, and the access log (issue 12), on the
Missouri-style engagement of `_demo_engagements` (two-day window): two check-ins answered in
time, one answered a day late, one question past its window with no answer yet, and feedback on
the coaching answered in time; an observation of a lesson with structured feedback; and one
opening of a session's notes by the site admin in /admin/, which the coachee sees under "Who
opened my records". Added once: skipped when the engagement has check-ins."""

import datetime as dt

from django.utils import timezone

from coaching.models import ContentOpening, User
from coaching.services import checkins
from coaching.services.openings import content_opening_record
from observations import services as observations

from . import _demo_engagements as demo_engagements

CHECKINS = [
    # (kind, text, asked days ago, answered hours later or None)
    ("question", "Could you send the hinge-question stems we used?", 20, 5),
    ("report", "Tried the stems in math: nine of twelve answered.", 13, 30),
    ("feedback", "Seeing you model it first helped most; more of that, please.", 9, 20),
    ("question", "Can we move Thursday's debrief to Friday?", 6, 72),
    ("question", "Is there a version of the exit ticket for reading?", 3, None),
]

FEEDBACK = {
    "mode": "in_person",
    "location": "Room 14",
    "behaviours_seen": "Opened with a Do Now; used two hinge questions with whiteboards.",
    "working": "Every student held up an answer; the re-teach was quick and targeted.",
    "not_working": "Wait time after the second question was under two seconds.",
    "questions_posed": "What did the whiteboards tell you? What would you do differently?",
    "next_steps": "Count to five before taking answers; note who needs the re-teach.",
}


def load(*, site_admin: User):
    engagement = demo_engagements.missouri_engagement()
    if engagement is None or engagement.checkins.exists():
        return
    coachee = engagement.coachee_person.user
    now = timezone.now()
    for kind, text, days_ago, hours in CHECKINS:
        asked = now - dt.timedelta(days=days_ago, hours=2)
        c = checkins.checkin_ask(engagement=engagement, by=coachee, kind=kind, text=text, at=asked)
        if hours is not None:
            checkins.checkin_answer(
                checkin=c,
                by=engagement.coach,
                answer="Thanks — here it is, and let's look at it together on Thursday.",
                at=asked + dt.timedelta(hours=hours),
            )
    observations.engagement_observation_record(
        engagement=engagement,
        by=engagement.coach,
        observed_on=max(engagement.starts_on, timezone.localdate() - dt.timedelta(days=8)),
        **FEEDBACK,
    )
    session = engagement.sessions.order_by("-held_on").first()
    if session is not None:
        content_opening_record(
            engagement=engagement, by=site_admin, record=session, how=ContentOpening.How.ADMIN
        )
