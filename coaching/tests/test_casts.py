"""The shared casts (casts.py), tried in a pytest run of their own: a case that changes its cast
leaves the next case none of it, a layer is built once for the cases that ask for it, and a case that
commits builds its own. The run is a separate process on SQLite (never the suite's own database)."""

import os
import subprocess
import sys

import pytest
from django.conf import settings

CONFTEST = """
from coaching.tests import testdb
from coaching.tests.casts import (  # noqa: F401
    cast_store,
    pytest_fixture_setup,
    pytest_runtest_setup,
    pytest_runtest_teardown,
)

testdb.install()
"""

CASES = """
from types import SimpleNamespace

import pytest
from django.core import mail
from django.core.cache import cache
from django.db import connection

from coaching.models import Provider
from coaching.tests.casts import cast_layer

BUILT = []


def ours():
    slugs = Provider.objects.filter(slug__startswith="t-").order_by("slug")
    return list(slugs.values_list("slug", flat=True))


@cast_layer
def base():
    BUILT.append("base")
    return SimpleNamespace(provider=Provider.objects.create(name="Base", slug="t-base"))


@cast_layer
def upper(base):
    BUILT.append("upper")
    base.second = Provider.objects.create(name="Upper", slug="t-upper")
    mail.send_mail("Built", "while building the upper layer", None, ["built@example.org"])
    return base


def test_a_case_changes_its_cast_and_the_database(base):
    assert BUILT == ["base"]
    base.provider.name = "Changed in memory"
    base.extra = "set by a case"
    Provider.objects.filter(slug="t-base").update(website="https://changed.example")
    Provider.objects.create(name="Written by a case", slug="t-written")
    cache.set("left-by-a-case", 1)


def test_the_next_case_sees_none_of_it(base):
    assert BUILT == ["base"]  # lent again, not built again
    assert base.provider.name == "Base" and not hasattr(base, "extra")
    assert ours() == ["t-base"]
    assert Provider.objects.get(slug="t-base").website == ""
    assert cache.get("left-by-a-case") is None


def test_an_upper_layer_is_built_over_the_base_and_hands_its_mail_to_each_case(upper):
    assert BUILT == ["base", "upper"]
    assert ours() == ["t-base", "t-upper"]
    assert [m.subject for m in mail.outbox] == ["Built"]
    mail.outbox.clear()
    upper.second.delete()


def test_the_next_case_gets_the_upper_layer_whole_again(upper):
    assert BUILT == ["base", "upper"]
    assert ours() == ["t-base", "t-upper"] and upper.second.pk
    assert [m.subject for m in mail.outbox] == ["Built"]


def test_a_case_that_asks_for_no_cast_gets_the_empty_database(db):
    assert ours() == []


def test_the_base_is_built_again_after_it(base):
    assert BUILT == ["base", "upper", "base"]
    assert ours() == ["t-base"]


@pytest.mark.django_db(transaction=True)
def test_a_case_that_commits_builds_its_own_outside_any_transaction(base):
    assert BUILT == ["base", "upper", "base", "base"]
    assert not connection.in_atomic_block
    assert ours() == ["t-base"]
    base.provider.name = "Changed in memory"
    Provider.objects.create(name="Committed by a case", slug="t-committed")


@pytest.mark.django_db(transaction=True)
def test_the_next_case_that_commits_gets_that_build_copied_back(base):
    # SQLite: the database as the build left it is copied back, not built again.
    assert BUILT == ["base", "upper", "base", "base"]
    assert not connection.in_atomic_block
    assert ours() == ["t-base"]
    assert base.provider.name == "Base"
    assert Provider.objects.get(slug="t-base").pk == base.provider.pk


@pytest.fixture
def written_first(transactional_db):
    Provider.objects.create(name="Written before the cast", slug="t-first")


def test_a_case_that_commits_and_wrote_first_builds_afresh(written_first, base):
    assert BUILT == ["base", "upper", "base", "base", "base"]
    assert ours() == ["t-base", "t-first"]
"""


@pytest.mark.slow
def test_the_shared_casts_keep_each_case_apart_and_build_each_layer_once(tmp_path):
    (tmp_path / "conftest.py").write_text(CONFTEST)
    (tmp_path / "test_cases.py").write_text(CASES)
    # Neither the suite's database nor its broker; no xdist worker's name.
    unset = ("DATABASE_URL", "CELERY_BROKER_URL", "REQUIRE_ALL_TESTS", "PYTEST_XDIST_WORKER")
    env = {k: v for k, v in os.environ.items() if k not in unset}
    env |= {"DJANGO_SETTINGS_MODULE": "config.settings.test", "PYTHONPATH": str(settings.BASE_DIR)}
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-p", "no:cacheprovider", "-p", "no:xdist", "-q"]
        + ["--rootdir", str(tmp_path), str(tmp_path / "test_cases.py")],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "9 passed" in result.stdout, result.stdout
