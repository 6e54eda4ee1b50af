"""Settings for the test suite. DATABASE_URL and CELERY_BROKER_URL may point at real servers (CI does);
without them the suite runs on SQLite with tasks in-process."""

import warnings

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# A Celery worker started by a test (tests/test_background.py) writes its e-mail where the test can
# read it.
if env("TEST_EMAIL_DIR", default=""):  # noqa: F405
    EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
    EMAIL_FILE_PATH = env("TEST_EMAIL_DIR")  # noqa: F405
# Tests run tasks in-process even when CELERY_BROKER_URL names a real broker (CI): a test that is
# about the broker or a worker sends to them on purpose.
CELERY_TASK_ALWAYS_EAGER = True
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-artifacts" / "private-media"  # noqa: F405

warnings.filterwarnings("ignore", message="No directory at")
# Off in tests: a rolled-back test gives its ids to the next one (SQLite), which a cache key made
# of ids would confuse; the test of the cache turns it on and clears the cache.
RUBRICS_AGREEMENT_CACHE_SECONDS = 0
DASHBOARD_CACHE_SECONDS = 0
