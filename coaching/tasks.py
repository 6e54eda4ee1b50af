"""Celery tasks of coaching: each takes ids or nothing, calls a service, and is safe to run again."""

from celery import shared_task

from . import notifications


@shared_task(
    name="coaching.deliver_notifications",
    soft_time_limit=120,
    time_limit=150,
    acks_late=True,
    reject_on_worker_lost=True,
)
def deliver_notifications():
    """Send the e-mail of the notifications due to be sent; whatever a run leaves (a temporary
    failure, more than a batch) the next run takes."""
    return notifications.deliver()
