"""Time the fixed cost of an authenticated request (README, "Performance"): N requests in-process,
through the whole middleware stack and base.html, to a page that does no work of its own (this
module's `urlpatterns` add it, for the run only, beside the project's URLs: base.html and an
empty content block, behind login_required), for a signed-in associate, district admin and coach.
The logins are made inside a transaction that is rolled back, so nothing stays behind.

What it reports per role: CPU time of this process per request (the worker's cost: Python, the
database driver, and SQLite's own work when it is the database; not PostgreSQL's server time),
wall time per request, and the queries one request runs (counted on one request apart, so that
counting costs the timed ones nothing). Run it on SQLite and on PostgreSQL (DATABASE_URL)."""

import datetime as dt
import io
import time

from django.conf import settings
from django.contrib.auth import SESSION_KEY, get_user_model
from django.contrib.auth.decorators import login_required
from django.contrib.sessions.backends.db import SessionStore
from django.core.handlers.wsgi import WSGIHandler
from django.core.management.base import BaseCommand
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection, transaction
from django.shortcuts import render
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import include, path

from coaching.models import District, Enrollment, Person, Program, Provider, RoleMembership, School


class Rollback(Exception):
    pass


@login_required
def empty_page(request):
    """What every page costs before its own work: the session, the user, base.html."""
    return render(request, "base.html")


# The project's URLs and the empty page, as ROOT_URLCONF while the command runs.
urlpatterns = [
    path("__request-cost__/", empty_page, name="request_cost_empty_page"),
    path("", include("config.urls")),
]


class Command(BaseCommand):
    help = "Time N authenticated requests to a page that does nothing, per role, then roll back."

    def add_arguments(self, parser):
        parser.add_argument("--requests", type=int, default=300)
        parser.add_argument("--show-queries", action="store_true")
        parser.add_argument(
            "--url", default="", help="The page to request (default: base.html and nothing else)."
        )

    def handle(self, *args, requests, url, show_queries, **options):
        url = url or "/__request-cost__/"
        # As the test client does: the handler would close the connection after each request (and
        # the transaction with it). Production keeps its connections (CONN_MAX_AGE) too.
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        try:
            with (
                transaction.atomic(),
                override_settings(DEBUG=False, ROOT_URLCONF=__name__),
            ):
                self._run(requests, url, show_queries)
                raise Rollback
        except Rollback:
            self.stdout.write("Rolled back: nothing was kept.")
        finally:
            request_started.connect(close_old_connections)
            request_finished.connect(close_old_connections)

    def _run(self, n, url, show_queries):
        users = self._cast()
        handler = WSGIHandler()
        self.stdout.write(
            f"{n} GET {url} per role on {connection.vendor}, in-process (WSGIHandler: every "
            "middleware, the session, base.html):"
        )
        for role, user in users.items():
            environ = self._environ(url, self._session_cookie(user))
            for _ in range(10):  # warm up: templates loaded, URL resolver built
                self._get(handler, environ)
            with CaptureQueriesContext(connection) as queries:
                self._get(handler, environ)
            count = len(queries)  # now: the next request's start clears the log
            if show_queries:
                for q in queries.captured_queries:
                    self.stdout.write(f"    {q['sql'][:200]}")
            cpu, wall = time.process_time(), time.perf_counter()
            for _ in range(n):
                self._get(handler, environ)
            cpu, wall = time.process_time() - cpu, time.perf_counter() - wall
            self.stdout.write(
                f"  {role:15} {cpu / n * 1000:6.2f} ms CPU, {wall / n * 1000:6.2f} ms wall, "
                f"{count} queries per request"
            )

    def _cast(self) -> dict:
        User = get_user_model()
        provider = Provider.objects.create(name="Benchmark provider", slug="benchmark-provider")
        program = Program.objects.create(
            provider=provider, name="Benchmark", slug="benchmark", kind="facilitator"
        )
        district = District.objects.create(name="Benchmark district", slug="benchmark-district")
        Enrollment.objects.create(program=program, district=district, enrolled_on=dt.date.today())
        school = School.objects.create(district=district, name="Benchmark school")
        users = {}
        for role, scope in (
            ("associate", {"program": program}),
            ("district_admin", {"district": district}),
            ("coach", {"district": district}),
        ):
            user = User.objects.create_user(f"benchmark-{role}@example.org")
            RoleMembership.objects.create(user=user, role=role, **scope)
            Person.objects.create(
                district=district, school=school, first_name="B", last_name=role, user=user
            )
            users[role] = user
        return users

    def _session_cookie(self, user) -> str:
        session = SessionStore()
        session[SESSION_KEY] = str(user.pk)
        session["_auth_user_backend"] = "django.contrib.auth.backends.ModelBackend"
        session["_auth_user_hash"] = user.get_session_auth_hash()
        session.save()
        return f"{settings.SESSION_COOKIE_NAME}={session.session_key}"

    def _environ(self, url, cookie) -> dict:
        return {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": url,
            "QUERY_STRING": "",
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "HTTP_HOST": "127.0.0.1",
            "HTTP_COOKIE": cookie,
            "REMOTE_ADDR": "127.0.0.1",
            "wsgi.url_scheme": "http",
            "wsgi.input": io.BytesIO(b""),
            "wsgi.errors": io.StringIO(),
            "wsgi.version": (1, 0),
            "wsgi.multithread": False,
            "wsgi.multiprocess": True,
            "wsgi.run_once": False,
        }

    def _get(self, handler, environ):
        status = []
        body = handler(dict(environ), lambda s, headers, exc_info=None: status.append(s))
        b"".join(body)
        if not status[0].startswith("200"):
            raise RuntimeError(f"{environ['PATH_INFO']} answered {status[0]}")
