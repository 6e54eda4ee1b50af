"""Settings for the test suite. DATABASE_URL and CELERY_BROKER_URL may point at real servers (CI does);
without them the suite runs on SQLite with tasks in-process."""

import warnings

from .base import *  # noqa: F403

DEBUG = False
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
MEDIA_ROOT = BASE_DIR / "test-artifacts" / "media"  # noqa: F405
PRIVATE_MEDIA_ROOT = BASE_DIR / "test-artifacts" / "private-media"  # noqa: F405

warnings.filterwarnings("ignore", message="No directory at")
