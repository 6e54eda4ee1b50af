"""The pathway's periodic jobs as Celery tasks: no arguments, a time limit, safe to run again
(acks late; rejected when a worker is lost, so another worker runs it). config/celery.py holds the
schedule."""

from celery import shared_task

from . import jobs

OPTIONS = {
    "soft_time_limit": 600,
    "time_limit": 660,
    "acks_late": True,
    "reject_on_worker_lost": True,
}


def _task(name):
    job = jobs.JOBS[name]

    def run():
        return job()

    run.__name__ = name
    run.__doc__ = job.__doc__
    return shared_task(name=f"certification.{name}", **OPTIONS)(run)


remind_training_tomorrow = _task("remind_training_tomorrow")
remind_overdue_reviews = _task("remind_overdue_reviews")
remind_expiring_certificates = _task("remind_expiring_certificates")
remind_stalled_checklists = _task("remind_stalled_checklists")
check_annual_minimum = _task("check_annual_minimum")
lapse_certificates = _task("lapse_certificates")
