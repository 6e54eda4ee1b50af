"""Installs the course shipped with the product (coaching/content.py: the Steplab Coaching
Programme's outline, sample content) in a program of the curriculum kind. Idempotent, as
install_rubrics is: a course that exists already (by slug) is left exactly as it is, whatever
the provider has completed or changed since."""

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from coaching.content import STEPLAB_COURSE
from coaching.models import Program
from coaching.services.courses import course_install


class Command(BaseCommand):
    help = "Install the shipped course (the Steplab Coaching Programme's outline) if missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--program",
            required=True,
            help="The slug of the program (of the curriculum kind) that runs the course.",
        )

    def handle(self, *args, **options):
        program = Program.objects.filter(slug=options["program"]).first()
        if program is None:
            raise CommandError(f"No program has the slug {options['program']!r}.")
        try:
            course, created = course_install(spec=STEPLAB_COURSE, program=program)
        except ValidationError as error:
            raise CommandError(" ".join(error.messages)) from error
        state = "installed" if created else "already there, left as it is"
        self.stdout.write(f"{course.name}: {state}.")
