"""Celery tasks of coaching: each takes ids or nothing, calls a service, and is safe to run again."""

import time
from collections import Counter

from celery import shared_task

from .notifications import delivery


@shared_task(
    name="coaching.deliver_notifications",
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_notifications():
    """Send the e-mail of the notifications due to be sent, batch after batch for up to 90 seconds
    (a backlog drains); whatever a run leaves (a temporary failure, a longer backlog) the next run
    takes."""
    started, totals = time.monotonic(), Counter()
    while True:
        counts = delivery.deliver()
        totals.update(counts)
        if sum(counts.values()) < delivery.BATCH or time.monotonic() - started > 90:
            return dict(totals)


# --- the periodic jobs of coaching engagements (coaching/jobs.py; schedule in config/celery.py) ---

JOB_OPTIONS = {
    "soft_time_limit": 600,
    "time_limit": 660,
    "acks_late": True,
    "reject_on_worker_lost": True,
}


def _job_task(name):
    from . import jobs

    job = jobs.JOBS[name]

    def run():
        return job()

    run.__name__ = name
    run.__doc__ = job.__doc__
    return shared_task(name=f"coaching.{name}", **JOB_OPTIONS)(run)


remind_action_steps = _job_task("remind_action_steps")
remind_late_checkins = _job_task("remind_late_checkins")
remind_quiet_engagements = _job_task("remind_quiet_engagements")
