from django.apps import AppConfig


class CoachingConfig(AppConfig):
    name = "coaching"
    verbose_name = "Coaching: districts, people and programs"

    def ready(self):
        # Register the tasks in every process, not only in a worker: the notification writer asks
        # for its delivery task by name (coaching/notifications/services.py), and runs it in-process
        # when tasks are eager. Celery's autodiscovery imports them only when a worker starts.
        from . import tasks  # noqa: F401
        from .services import dashboards

        # The cached dashboards are old after any change to what they count.
        dashboards.connect()
