"""The cast of every test (CONVENTIONS.md, "Tests"), and the switches that let a test need a real
PostgreSQL, Redis or Chromium: without them it skips with its reason; with REQUIRE_ALL_TESTS=1 (CI) any
skip fails the run."""

import os
from datetime import timedelta
from types import SimpleNamespace

import factory.random
import pytest
from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore
from django.contrib.sessions.models import Session
from django.utils import timezone
from django.utils.crypto import get_random_string

from coaching.models import RoleMembership
from coaching.tests import testdb

# Cast layers (`@cast_layer`) are built once and lent to each test that asks: their fixture and
# hooks, imported here to be registered.
from coaching.tests.casts import (  # noqa: F401
    cast_layer,
    cast_store,
    pytest_fixture_setup,
    pytest_runtest_setup,
    pytest_runtest_teardown,
)
from coaching.tests.factories import (
    DistrictFactory,
    EnrollmentFactory,
    MembershipFactory,
    PersonFactory,
    ProgramFactory,
    ProviderFactory,
    SchoolFactory,
    UserFactory,
)

Role = RoleMembership.Role

# SQLite's in-memory test database is loaded from a migrated copy kept between runs.
testdb.install()

# Generated names repeat from run to run, so a failure can be replayed.
factory.random.reseed_random("coaching-programs")

# The actors of the access tests, weakest first.
ACTORS = [
    "anonymous",
    "coach_b",
    "coach_a",
    "principal_a",
    "admin_b",
    "admin_a",
    "associate",
    "superuser",
]


def _login(user, district=None, school=None, person_school=None, role=None, program=None):
    """A login with a role and, for district staff, a roster entry of its own."""
    if role:
        scope = {"program": program, "district": district, "school": school}
        MembershipFactory(user=user, role=role, **{k: v for k, v in scope.items() if v})
    if district is not None or school is not None:
        home = district or school.district
        PersonFactory(
            district=home,
            school=person_school or school,
            user=user,
            email=user.email,
            first_name=user.first_name,
            last_name=user.last_name,
        )
    return user


@cast_layer
def cast():
    """Two districts, A and B, both enrolled in the associate's program, and one person per role.

    - associate: provider associate of `program` (reads A and B)
    - associate_b: provider associate of `other_program`, another provider's (reads B only)
    - admin_a / admin_b: district admins of A / B
    - coach_a / coach_b: coaches of A / B
    - principal_a: principal of `school_a` in A
    - person_a: a staff member of A at school_a with no login; person_b likewise in B
    - other_program: a program only B is enrolled in
    - district_c: a district in no program of the associate's (school_c, person_c)
    """
    w = SimpleNamespace()
    w.program = ProgramFactory(name="Key2Ed Facilitator Coaching")
    w.other_program = ProgramFactory(
        name="MTSS Network coaching",
        provider=ProviderFactory(name="Illinois MTSS Network", slug="il-mtss-network"),
    )
    w.district_a = DistrictFactory(name="Maple Valley")
    w.district_b = DistrictFactory(name="Riverbend")
    for district in (w.district_a, w.district_b):
        EnrollmentFactory(program=w.program, district=district)
    EnrollmentFactory(program=w.other_program, district=w.district_b)
    w.school_a = SchoolFactory(district=w.district_a, name="Maple Valley Elementary")
    w.school_b = SchoolFactory(district=w.district_b, name="Riverbend Primary")
    w.person_a = PersonFactory(
        district=w.district_a, school=w.school_a, first_name="Elena", last_name="Vandersloot"
    )
    w.person_b = PersonFactory(district=w.district_b, school=w.school_b, first_name="Maya")
    w.district_c = DistrictFactory(name="Outside the program")
    w.school_c = SchoolFactory(district=w.district_c, name="Far Away School")
    w.person_c = PersonFactory(district=w.district_c, school=w.school_c, first_name="Cara")

    w.anonymous = None
    w.associate = _login(
        UserFactory(email="associate@key2ed.example"), role=Role.ASSOCIATE, program=w.program
    )
    # An associate of another provider's program, which only district B is enrolled in.
    w.associate_b = _login(
        UserFactory(email="associate@mtss.example"), role=Role.ASSOCIATE, program=w.other_program
    )
    w.admin_a = _login(UserFactory(email="admin@a.example"), w.district_a, role=Role.DISTRICT_ADMIN)
    w.admin_b = _login(UserFactory(email="admin@b.example"), w.district_b, role=Role.DISTRICT_ADMIN)
    w.coach_a = _login(
        UserFactory(email="coach@a.example"),
        w.district_a,
        person_school=w.school_a,
        role=Role.COACH,
    )
    w.coach_b = _login(UserFactory(email="coach@b.example"), w.district_b, role=Role.COACH)
    w.principal_a = _login(
        UserFactory(email="principal@a.example"), school=w.school_a, role=Role.PRINCIPAL
    )
    w.superuser = UserFactory(email="root@example.org", is_superuser=True, is_staff=True)
    return w


@pytest.fixture
def client_for(client):
    """`client_for(user)`: the test client signed in as that user (None: anonymous).

    It holds a session of the user, as `client.force_login` would leave it, without signing in:
    no `user_logged_in` (last_login, the sign-in throttle's reset, a new session key), which cost
    a quarter of an access row's time. The tests of signing in go through the sign-in form."""

    def sign_in(user):
        client.cookies.pop(settings.SESSION_COOKIE_NAME, None)
        if user is not None:
            data = {
                SESSION_KEY: user._meta.pk.value_to_string(user),
                BACKEND_SESSION_KEY: MODEL_BACKEND,
                HASH_SESSION_KEY: user.get_session_auth_hash(),
            }
            # One INSERT: `SessionStore.save()` would first ask whether its random key is taken
            # and write in a savepoint of its own, two more round trips on every test.
            key = get_random_string(32, VALID_KEY_CHARS)
            Session.objects.create(
                session_key=key,
                session_data=SessionStore().encode(data),
                expire_date=timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE),
            )
            client.cookies[settings.SESSION_COOKIE_NAME] = key
        return client

    return sign_in


MODEL_BACKEND = "django.contrib.auth.backends.ModelBackend"


# --- tests that need real servers ---------------------------------------------------------------


def pytest_collection_modifyitems(config, items):
    from django.conf import settings
    from django.db import connection

    reasons = {
        "postgres": None
        if connection.vendor == "postgresql"
        else "needs PostgreSQL: set DATABASE_URL=postgres://... (CI does)",
        "redis": None
        if settings.CELERY_BROKER_URL.startswith("redis")
        else "needs a Redis broker: set CELERY_BROKER_URL=redis://... (CI does)",
        "browser": _browser_missing(),
    }
    for item in items:
        for marker, reason in reasons.items():
            if reason and item.get_closest_marker(marker):
                item.add_marker(pytest.mark.skip(reason=reason))
    # The longest tests first (a browser's, and those marked `slow`), so that pytest-xdist's
    # workers end together: the last tests each runs are then short ones, not a 15-second journey
    # that one worker starts while the other has nothing left. Inside a module, the tests that
    # borrow the same cast layers run one after another, so that each stack of layers is built
    # once a module, not again after every test that asked for another (or for none, which rolls
    # every layer back). The order is the same in every worker, as xdist requires.
    first_seen = {}
    for index, item in enumerate(items):
        first_seen.setdefault(_group(item), index)
    items.sort(
        key=lambda item: (
            not (item.get_closest_marker("browser") or item.get_closest_marker("slow")),
            first_seen[_group(item)],
        )
    )


def _group(item):
    """The module of `item` and the cast layers it borrows (none for a test that commits)."""
    from coaching.tests.casts import commits, layers_of

    key = getattr(item, "_cast_group", None)
    if key is None:
        try:
            layers = () if commits(item) else tuple(layers_of(item))
        except (AttributeError, TypeError, KeyError):  # not a function, or a layer misdeclared
            layers = ()
        key = item._cast_group = (item.nodeid.split("::")[0], layers)
    return key


def _browser_missing():
    try:
        import playwright  # noqa: F401
    except ImportError:
        return "needs Playwright for Python (make test installs it)"
    from tests.browser import chromium

    path = chromium.executable()
    if not os.path.exists(path):
        return (
            f"needs Debian's chromium at {path} "
            "(apt-get install chromium-headless-shell; CI installs it)"
        )
    return None


def pytest_sessionfinish(session, exitstatus):
    # Under xdist this counts in the controller, whose reporter sees every worker's reports.
    if os.environ.get("REQUIRE_ALL_TESTS") != "1":
        return
    reporter = session.config.pluginmanager.get_plugin("terminalreporter")
    skipped = reporter.stats.get("skipped", []) if reporter else []
    if skipped:
        reporter.write_line(
            f"REQUIRE_ALL_TESTS=1: {len(skipped)} test(s) skipped; every test must run here.",
            red=True,
        )
        session.exitstatus = pytest.ExitCode.TESTS_FAILED


@pytest.fixture(autouse=True)
def _celery_join_unblocked():
    """Each test starts outside any Celery task, as far as Celery can tell: a test earlier in the
    same process can leave Celery's "inside a task" flag set (`task_join_will_block`), and then
    an eager task's `.get()` in a later test refuses with "Never call result.get() within a
    task!" (seen in CI, depending on which tests a worker ran before)."""
    from celery._state import _set_task_join_will_block

    _set_task_join_will_block(False)
