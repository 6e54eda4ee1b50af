"""The engagement world (coaching/tests/engagements/world.py) with check-ins on the individual
engagement (window: two calendar days):

- `in_time`: a question asked five days ago, answered a day later;
- `late`: a report asked eight days ago, answered three days later (past the window);
- `waiting_late`: a question asked three days ago, unanswered (past the window);
- `waiting`: feedback on the coaching asked an hour ago, unanswered (inside the window)."""

import datetime as dt

from django.utils import timezone

from coaching.services import checkins as services
from coaching.tests.engagements import world as engagement_world


def ago(**delta):
    return timezone.now() - dt.timedelta(**delta)


def build(w):
    engagement_world.build(w)
    e = w.individual

    def ask(kind, text, asked, answered=None):
        c = services.checkin_ask(engagement=e, by=w.coachee, kind=kind, text=text, at=asked)
        if answered:
            c = services.checkin_answer(checkin=c, by=w.coach_a, answer="Here is how", at=answered)
        return c

    w.in_time = ask("question", "How do I start the hinge question?", ago(days=5), ago(days=4))
    w.late = ask("report", "Tried cold calling twice", ago(days=8), ago(days=5))
    w.waiting_late = ask("question", "Can we meet on Thursday?", ago(days=3))
    w.waiting = ask("feedback", "The modelling helped most", ago(hours=1))
    return w
