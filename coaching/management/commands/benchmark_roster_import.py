"""Time the roster import of a 10,000-row file (README, "Roster in, lists out"): preview, import,
and the same file again; then the staff list's CSV export of those rows. Everything is made inside
a transaction that is rolled back, so nothing stays behind."""

import time

from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from coaching.models import District, Person
from coaching.services.roster import NAMES, roster_import, roster_preview
from coaching.views.roster import ROSTER_COLUMNS
from core.exports import export


class Rollback(Exception):
    pass


def roster_file(rows: int, schools: int) -> bytes:
    """A realistic file: a byte-order mark, names beyond ASCII, a quoted comma, CRLF."""
    lines = ["\ufeff" + ",".join(NAMES)]
    for i in range(rows):
        lines.append(
            f'Zoë{i},"Ó Súilleabháin, {i}",staff{i}@district.example,T-{i:06},'
            f"School {i % schools},Teacher"
        )
    return ("\r\n".join(lines) + "\r\n").encode()


class Command(BaseCommand):
    help = "Time a roster import of N rows (preview, import, import again, export), rolled back."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10_000)
        parser.add_argument("--schools", type=int, default=40)

    def handle(self, *args, rows, schools, **options):
        try:
            with transaction.atomic():
                self._run(rows, schools)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing was kept.")

    def _run(self, rows, schools):
        district = District.objects.create(name="Benchmark roster", slug="benchmark-roster")
        content = roster_file(rows, schools)
        self.stdout.write(f"{rows:,} rows, {len(content) / 1024:,.0f} KiB, {connection.vendor}")

        def timed(label, call):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                result = call()
                seconds = time.perf_counter() - started
            self.stdout.write(f"{label}: {seconds:.2f} s, {len(queries)} queries")
            return result

        preview = timed("preview", lambda: roster_preview(district=district, content=content))
        assert preview.ok and len(preview.added) == rows, preview.bad[:3]
        timed("import (a new roster)", lambda: roster_import(district=district, content=content))
        assert Person.objects.filter(district=district).count() == rows
        again = timed(
            "import again (nothing changes)",
            lambda: roster_import(district=district, content=content),
        )
        assert len(again.unchanged) == rows
        changed = content.replace(b",Teacher\r\n", b",Coach\r\n")
        timed(
            "import with every row changed",
            lambda: roster_import(district=district, content=changed),
        )
        people = district.people.select_related("school").order_by("last_name", "pk")
        timed(
            "CSV export of the roster",
            lambda: sum(
                len(c)
                for c in export(people, ROSTER_COLUMNS, fmt="csv", name="r").streaming_content
            ),
        )
        timed(
            "Excel export of the roster",
            lambda: sum(
                len(c)
                for c in export(people, ROSTER_COLUMNS, fmt="xlsx", name="r").streaming_content
            ),
        )
