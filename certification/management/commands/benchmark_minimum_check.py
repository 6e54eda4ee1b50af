"""Time the annual-minimum check over many candidacies (README, "Operations"): the data is made
in bulk inside a transaction that is rolled back, so nothing stays behind."""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from certification import jobs
from certification.models import Candidacy, Facilitation
from coaching.models import (
    District,
    Enrollment,
    Person,
    Program,
    Provider,
    RoleMembership,
    School,
    User,
)


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Time check_annual_minimum over N candidacies made for the purpose, then roll back."

    def add_arguments(self, parser):
        parser.add_argument("--candidacies", type=int, default=100_000)

    def handle(self, *args, candidacies, **options):
        try:
            with transaction.atomic():
                self._run(candidacies)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing was kept.")

    def _run(self, n):
        started = time.monotonic()
        provider = Provider.objects.create(name="Benchmark provider", slug="benchmark-provider")
        program = Program.objects.create(
            provider=provider, name="Benchmark", slug="benchmark", kind="facilitator"
        )
        district = District.objects.create(name="Benchmark district", slug="benchmark-district")
        Enrollment.objects.create(program=program, district=district, enrolled_on=dt.date.today())
        school = School.objects.create(district=district, name="Benchmark school")
        admin = User.objects.create_user("benchmark-admin@example.org")
        RoleMembership.objects.create(user=admin, role="district_admin", district=district)
        people = Person.objects.bulk_create(
            Person(district=district, school=school, first_name="P", last_name=str(i))
            for i in range(n)
        )
        now, today = timezone.now(), timezone.localdate()
        Candidacy.objects.bulk_create(
            Candidacy(
                person=p,
                program=program,
                phase="certified" if i % 4 == 0 else "training",
                district_approved_at=now,
                provider_approved_at=now,
            )
            for i, p in enumerate(people)
        )
        Facilitation.objects.bulk_create(
            Facilitation(
                person=p,
                held_on=today - dt.timedelta(days=i % 90),
                school=school,
                meeting_type="annual_review",
                minutes=60,
                logged_by=admin,
            )
            for i, p in enumerate(people)
            for _ in range(i % 3)
        )
        self.stdout.write(f"Made {n} candidacies in {time.monotonic() - started:.1f}s.")
        with CaptureQueriesContext(connection) as queries:
            started = time.monotonic()
            result = jobs.check_annual_minimum(today=today)
            first = time.monotonic() - started
            started = time.monotonic()
            jobs.check_annual_minimum(today=today)
            again = time.monotonic() - started
        self.stdout.write(
            f"check_annual_minimum over {n} candidacies on {connection.vendor}: {first:.2f}s "
            f"({result['behind']} behind pace told), {again:.2f}s run again (nothing new); "
            f"{len(queries)} queries for both runs."
        )
