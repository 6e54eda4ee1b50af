"""Run one periodic job once, now (what beat runs on its schedule): `manage.py run_job --list`."""

from django.core.management.base import BaseCommand, CommandError

from certification.jobs import JOBS as PATHWAY_JOBS
from coaching.jobs import JOBS as COACHING_JOBS
from coaching.notifications import delivery

JOBS = {**PATHWAY_JOBS, **COACHING_JOBS}
EVERY = {**JOBS, "deliver_notifications": lambda: delivery.deliver()}


class Command(BaseCommand):
    help = "Run a periodic job once: " + ", ".join(EVERY) + "; or --all."

    def add_arguments(self, parser):
        parser.add_argument("job", nargs="?", choices=sorted(EVERY))
        parser.add_argument("--all", action="store_true", help="every job, then delivery")
        parser.add_argument("--list", action="store_true", help="list the jobs")

    def handle(self, *args, job=None, all=False, list=False, **options):
        if list:
            self.stdout.write("\n".join(sorted(EVERY)))
            return
        if not (job or all):
            raise CommandError("Name a job (see --list), or --all.")
        for name in [*JOBS, "deliver_notifications"] if all else [job]:
            self.stdout.write(f"{name}: {EVERY[name]()}")
