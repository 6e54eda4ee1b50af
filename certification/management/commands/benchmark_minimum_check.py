"""Time the annual-minimum check over many candidacies (README, "Operations"): the data is made
in bulk inside a transaction that is rolled back, so nothing stays behind."""

import datetime as dt
import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from certification import jobs
from certification.models import (
    AnnualMinimumRecord,
    Candidacy,
    Certificate,
    Facilitation,
    ProgramSettings,
)
from certification.schoolyear import school_year
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
        candidacies = Candidacy.objects.bulk_create(
            Candidacy(
                person=p,
                district_id=p.district_id,
                program=program,
                phase="certified" if i % 4 == 0 else "training",
                district_approved_at=now,
                provider_approved_at=now,
            )
            for i, p in enumerate(people)
        )
        # The certified quarter holds active certificates: followed as coaches, and flagged to the
        # provider at the year's end when short of the minimum.
        Certificate.objects.bulk_create(
            Certificate(
                candidacy=c,
                number=f"BENCH-{c.pk}",
                issued_on=today,
                expires_on=today + dt.timedelta(days=730),
            )
            for c in candidacies
            if c.phase == "certified"
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
        if connection.vendor == "postgresql":
            # The planner's statistics, as tables in use have them (the rows are this
            # transaction's own, which ANALYZE reads too): without them it guesses and may
            # nest loops over 100,000 rows.
            models = (Person, Candidacy, Certificate, Facilitation, AnnualMinimumRecord)
            tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
            with connection.cursor() as cursor:
                cursor.execute(f"ANALYZE {tables}")
        self.stdout.write(f"Made {n} candidacies in {time.monotonic() - started:.1f}s.")
        associate = User.objects.create_user("benchmark-associate@example.org")
        RoleMembership.objects.create(user=associate, role="associate", program=program)
        year = school_year(today, ProgramSettings(program=program).school_year_start_month)
        bare = self._best(self._bare_sql(), [year.start, year.end])
        floor = self._best(self._floor_sql(), [year.start, year.end])
        reverse("coaching:home")  # a worker has its URLs loaded: no run pays for that here
        with CaptureQueriesContext(connection) as queries:
            first, result = self._timed(jobs.check_annual_minimum, today=today)
            split = len(queries)
            again, _ = self._timed(jobs.check_annual_minimum, today=today)
        self.stdout.write(
            f"check_annual_minimum over {n} candidacies on {connection.vendor}: {first:.2f}s "
            f"({result['behind']} behind pace told, {result['told']} notifications written), "
            f"{again:.2f}s run again (nothing new); {len(queries)} queries for both runs."
        )
        self.stdout.write(f"  first run: {self._split(queries.captured_queries[:split])}")
        self.stdout.write(f"  run again: {self._split(queries.captured_queries[split:])}")
        self.stdout.write(
            f"The floor, one hand-written GROUP BY doing the check's counting (each followed "
            f"candidacy's facilitations this school year): {floor:.3f}s; the check is "
            f"{first / floor:.1f}x that, {again / floor:.1f}x run again. (Facilitations alone, "
            f"per person, with no candidacy: {bare:.3f}s.)"
        )
        # The year's end: the first day of the next school year records every one of them.
        next_year = year.end + dt.timedelta(days=1)
        with CaptureQueriesContext(connection) as queries:
            first, result = self._timed(jobs.check_annual_minimum, today=next_year)
            split = len(queries)
            again, _ = self._timed(jobs.check_annual_minimum, today=next_year)
        flagged = AnnualMinimumRecord.objects.filter(certified=True, met=False).count()
        self.stdout.write(
            f"The year's end ({next_year}): {first:.2f}s ({result['recorded']} recorded, "
            f"{flagged} certified coaches flagged), {again:.2f}s run again (nothing new); "
            f"{len(queries)} queries for both runs."
        )
        self.stdout.write(f"  first run: {self._split(queries.captured_queries[:split])}")

    def _split(self, queries) -> str:
        """Where a run's database time went: the statements that write, and the ones that read
        (PostgreSQL answers a statement whole; SQLite hands its rows over after, uncounted)."""

        def writes_rows(sql):  # an INSERT, or an INSERT ... SELECT after its WITH clause
            return sql.startswith("INSERT") or (sql.startswith("WITH") and " INSERT INTO " in sql)

        writes = sum(float(q["time"]) for q in queries if writes_rows(q["sql"]))
        reads = sum(float(q["time"]) for q in queries if q["sql"].startswith("SELECT"))
        return (
            f"{reads:.2f}s reading (counting and choosing), {writes:.2f}s inserting (an INSERT "
            "... SELECT counts and inserts in one statement: its time is here)"
        )

    def _timed(self, job, **kwargs):
        started = time.monotonic()
        result = job(**kwargs)
        return time.monotonic() - started, result

    def _floor_sql(self) -> str:
        candidacy, certificate = Candidacy._meta.db_table, Certificate._meta.db_table
        facilitation = Facilitation._meta.db_table
        return (
            # Table names from the models' own Meta; no input reaches the text.
            f"SELECT c.id, COUNT(f.id) FROM {candidacy} c "  # noqa: S608
            f"LEFT JOIN {certificate} k ON k.candidacy_id = c.id "
            f"LEFT JOIN {facilitation} f ON f.person_id = c.person_id AND f.model_used "
            "AND f.held_on >= %s AND f.held_on <= %s "
            "WHERE c.phase IN ('training', 'feedback_review') "
            "OR (c.phase = 'certified' AND k.status = 'active') GROUP BY c.id"
        )

    def _bare_sql(self) -> str:
        return (
            f"SELECT person_id, COUNT(*) FROM {Facilitation._meta.db_table} WHERE model_used "  # noqa: S608
            "AND held_on >= %s AND held_on <= %s GROUP BY person_id"
        )

    def _best(self, sql, params) -> float:
        """The best of three runs of one query, its rows fetched."""
        best = float("inf")
        for _ in range(3):
            with connection.cursor() as cursor:
                started = time.monotonic()
                cursor.execute(sql, params)
                cursor.fetchall()
                best = min(best, time.monotonic() - started)
        return best
