"""The Celery application. Settings come from Django's settings, prefixed CELERY_."""

import os

from celery import Celery
from celery.schedules import crontab

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.local")

app = Celery("coaching_manager")
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

# Every periodic schedule of the product, in one place (run by exactly one `celery beat`). Each job
# is also runnable once with `manage.py run_job <name>`.
app.conf.beat_schedule = {
    "deliver-notifications": {
        "task": "coaching.deliver_notifications",
        "schedule": 60.0,  # retries and anything a broker outage left behind
    },
    "lapse-certificates": {
        "task": "certification.lapse_certificates",
        "schedule": crontab(hour=0, minute=15),
    },
    "check-annual-minimum": {
        "task": "certification.check_annual_minimum",
        "schedule": crontab(hour=6, minute=0),
    },
    "remind-expiring-certificates": {
        "task": "certification.remind_expiring_certificates",
        "schedule": crontab(hour=6, minute=10),
    },
    "remind-overdue-reviews": {
        "task": "certification.remind_overdue_reviews",
        "schedule": crontab(hour=6, minute=20),
    },
    "remind-stalled-checklists": {
        "task": "certification.remind_stalled_checklists",
        "schedule": crontab(hour=6, minute=30, day_of_week="mon"),
    },
    "remind-training-tomorrow": {
        "task": "certification.remind_training_tomorrow",
        "schedule": crontab(hour=16, minute=0),
    },
    # Coaching engagements (coaching/jobs.py)
    "remind-action-steps": {
        "task": "coaching.remind_action_steps",
        "schedule": crontab(hour=6, minute=40),
    },
    "remind-late-checkins": {
        "task": "coaching.remind_late_checkins",
        "schedule": crontab(minute=5),  # hourly: a window is counted in hours from the check-in
    },
    "remind-quiet-engagements": {
        "task": "coaching.remind_quiet_engagements",
        "schedule": crontab(hour=6, minute=50, day_of_week="mon"),
    },
}
