"""Settings shared by every environment. Everything that differs between machines comes from the
environment (see README.md, "Settings"); the defaults here need nothing installed."""

from datetime import timedelta
from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A .env file beside manage.py is read when present (never committed); real environment wins.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env("SECRET_KEY", default="django-insecure-local-only-not-for-production")
DEBUG = env.bool("DEBUG", default=False)
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost"])
# Where the site is reached: the links in e-mail are built on it (no request to build them from).
# Left unset (a development machine), a page builds the addresses it shows on its request instead,
# so that they lead to the host and port in use.
SITE_URL_CONFIGURED = bool(env("SITE_URL", default=""))
SITE_URL = env("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "crispy_forms",
    "crispy_bootstrap5",
    "bootstrap",  # django-bootstrap-static: Bootstrap 5's CSS and JS, served by us
    "axes",
    "csp",
    "django_filters",
    # Who changed program settings, schools, staff, roles and invitations, and when (README,
    # "History").
    "simple_history",
    "coaching",
    "rubrics",
    "observations",
    "certification",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The Content-Security-Policy header on every response (CONTENT_SECURITY_POLICY below).
    "csp.middleware.CSPMiddleware",
    # Before anything reads a request body (CSRF reads request.POST): a body larger than its
    # path allows is refused from its Content-Length, unread.
    "coaching.middleware.RequestBodyLimitMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    # After authentication: a history row written during a request names its signed-in user.
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Axes last, as its documentation asks.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "coaching.context_processors.roles",
                "coaching.context_processors.notifications",
            ],
        },
    },
]

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=0)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "coaching.User"
AUTHENTICATION_BACKENDS = [
    # Axes first: it refuses a locked-out sign-in before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
    # Permissions from role memberships (a provider associate edits rubrics, for one).
    "coaching.auth.RolePermissionBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "coaching:home"
LOGOUT_REDIRECT_URL = "login"

# Failed sign-ins (coaching.auth.SignInThrottle): sign-in from an address is paused for
# AXES_COOLOFF_TIME once one account has failed AXES_FAILURE_LIMIT times from it (guessing), and for
# every account once SIGN_IN_ADDRESS_ACCOUNT_LIMIT different accounts have failed from it
# (spraying). Counted per address, so an attacker elsewhere cannot lock the real user out, and the
# pause always ends. The address is coaching.auth.client_ip's: see PROXY_COUNT.
AXES_HANDLER = "coaching.auth.SignInThrottle"
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
SIGN_IN_ADDRESS_ACCOUNT_LIMIT = env.int("SIGN_IN_ADDRESS_ACCOUNT_LIMIT", default=20)
AXES_COOLOFF_TIME = timedelta(minutes=env.int("AXES_COOLOFF_MINUTES", default=15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"], "ip_address"]
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False  # lockouts are still recorded, and shown in the site admin
# The sign-in form posts the e-mail address as "username" (Django's AuthenticationForm).
AXES_USERNAME_FORM_FIELD = "username"
AXES_USERNAME_CALLABLE = "coaching.auth.axes_username"
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
# How many trusted reverse proxies stand in front of the app (0: none, the socket's address counts;
# X-Forwarded-For is then ignored). Production's default is 1.
CLIENT_PROXY_COUNT = env.int("PROXY_COUNT", default=0)
AXES_CLIENT_IP_CALLABLE = "coaching.auth.client_ip"

# Content-Security-Policy (django-csp), in every environment, tests included: the pages load
# scripts, styles, images and media from this site only, carry no inline script or style (no
# 'unsafe-inline'), embed no plugin, are framed by no one, and post forms only here. data: images
# are Bootstrap's own icons (its CSS draws the select arrow and the checkboxes as data: SVG).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}

LANGUAGE_CODE = "en-us"
TIME_ZONE = env("TIME_ZONE", default="America/Chicago")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_ROOT = env.path("MEDIA_ROOT", default=BASE_DIR / "media")
# Library videos: outside MEDIA_ROOT and never served by the web server; a view streams them to
# the users allowed to see them.
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=BASE_DIR / "private-media")
VIDEO_MAX_MB = env.int("VIDEO_MAX_MB", default=500)
# An artifact attached to an engagement's observation (PDF, image, office document).
ARTIFACT_MAX_MB = env.int("ARTIFACT_MAX_MB", default=10)
# Request bodies (coaching.middleware.RequestBodyLimitMiddleware): the video upload takes
# VIDEO_MAX_MB plus this margin for the multipart envelope and the form's other fields; every other
# path takes DATA_UPLOAD_MAX_MEMORY_SIZE, which is also what Django keeps of a form in memory.
REQUEST_BODY_UPLOAD_MARGIN = 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440  # 2.5 MiB: the largest form (a rubric's grid) is far less
# An uploaded file larger than this goes to a temporary file while it is read, not to memory.
FILE_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# One form takes one file (the video upload).
DATA_UPLOAD_MAX_NUMBER_FILES = 1
# Training is coaching's, for every program; a program kind may add rules of its own (a module,
# see coaching/services/training.py). Key2Ed's pathway writes its rules as the events' audiences.
TRAINING_RULES = {"facilitator": "certification.training"}
# Each role's home draws coaching's panels and those the apps above coaching add here
# (coaching/selectors/dashboards.py): functions (user, roles, today) -> list of panels.
DASHBOARD_PANELS = ["certification.selectors.dashboards.panels"]
# A home's panels are cached this long at most; any change to what they count makes them old at
# once (coaching/services/dashboards.py); the timeout bounds what only the clock changes.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
# A course's exemplar video is one of its program's library videos, which observations keeps: the
# course pages (coaching) offer them through this function (program) -> [(id, title)].
COURSE_VIDEO_LIBRARY = "observations.selectors.course_video_choices"

# A Phase II candidate whose checklist has not moved for this many days is reminded.
CHECKLIST_STALLED_DAYS = env.int("CHECKLIST_STALLED_DAYS", default=30)
# An active coaching engagement with no session this long is flagged on its coach's page,
# and its coaches are reminded once per quiet spell (coaching/jobs.py).
ENGAGEMENT_QUIET_DAYS = env.int("ENGAGEMENT_QUIET_DAYS", default=14)
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# The cache: per process by default; a shared one (CACHE_URL=redis://127.0.0.1:6379/1) when several
# web processes run, so that the public certificate look-up's rate limit holds across them.
# A Redis cache that is down or hung costs a request at most about half a second: connect and read
# timeouts (CACHE_URL's ?socket_connect_timeout=&socket_timeout= override them; redis-py retries
# nothing by default here), and the callers fail open (certification.views.certificates.verify).
CACHE_REDIS_TIMEOUT = 0.5


def with_redis_timeouts(cache: dict) -> dict:
    if cache["BACKEND"] != "django.core.cache.backends.redis.RedisCache":
        return cache
    timeouts = {
        "socket_connect_timeout": CACHE_REDIS_TIMEOUT,
        "socket_timeout": CACHE_REDIS_TIMEOUT,
    }
    return cache | {"OPTIONS": timeouts | cache.get("OPTIONS", {})}


CACHES = {"default": with_redis_timeouts(env.cache_url("CACHE_URL", default="locmemcache://"))}
# django-ratelimit (the /verify/ look-up limit): a count the cache cannot give is no reason to
# refuse a visitor.
RATELIMIT_FAIL_OPEN = True

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# E-mail: console by default; EMAIL_URL such as smtp+tls://user:password@mail.example.org:587 in production.
vars().update(env.email_url("EMAIL_URL", default="consolemail://"))
DEFAULT_FROM_EMAIL = env(
    "DEFAULT_FROM_EMAIL", default="Coaching Programs <noreply@coaching.example>"
)
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Seconds an SMTP connect or reply may take before the attempt fails (and is retried later).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
PASSWORD_RESET_TIMEOUT = 60 * 60 * 24  # one day
# How long a district admin's invitation to sign in stays usable (coaching/models/invitations.py).
INVITATION_VALID_DAYS = env.int("INVITATION_VALID_DAYS", default=5)

# Celery. With no broker configured, tasks run in-process at once (the embedded default).
CELERY_BROKER_URL = env("CELERY_BROKER_URL", default="")
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = 300
CELERY_TASK_SOFT_TIME_LIMIT = 240
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_IGNORE_RESULT = True
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
# A task a lost worker had taken (acknowledged late) goes back to the queue this long after it was
# taken: longer than the longest task's hard time limit (the pathway jobs' 660 s,
# certification/tasks.py), so that a task still running is never handed to a second worker, and
# minutes rather than kombu's default hour. tests/test_infrastructure.py checks it against every
# registered task.
CELERY_VISIBILITY_TIMEOUT = 12 * 60
# A request never waits on the broker for long: publishing gives up quickly and the data stays in
# the database for the periodic jobs to pick up (coaching.notifications.services._enqueue_delivery uses
# one-second timeouts of its own). Every Redis connection has connect and read timeouts.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "max_retries": 1,
    "interval_start": 0,
    "interval_step": 0.2,
    "socket_connect_timeout": 5,
    "socket_timeout": 5,
    "visibility_timeout": CELERY_VISIBILITY_TIMEOUT,
}
# No result backend: results are ignored (CELERY_TASK_IGNORE_RESULT), so no other Redis client.
CELERY_TIMEZONE = TIME_ZONE

# The health endpoint (/health/, config/health.py) fails when the oldest notification whose e-mail
# is still to go is older than this: delivery runs every minute, and retries after a temporary
# failure take 1 + 2 + 4 + 8 + 16 minutes for five tries.
OUTBOX_MAX_AGE_MINUTES = env.int("OUTBOX_MAX_AGE_MINUTES", default=60)

# The rubrics app knows nothing of districts or providers: these functions tell it which review
# scopes a user holds (to see, adjudicate and report on reviews) and which rubric owners a user acts
# for (to edit, version and publish rubrics); see rubrics.selectors.
RUBRICS_SCOPE_RESOLVER = "coaching.auth.review_scopes"
RUBRICS_OWNER_RESOLVER = "coaching.auth.rubric_owners"
# How long the agreement report's figures stay cached (rubrics.selectors.agreement_report): a new
# complete review changes the key at once; this bounds what the key cannot see (a name changed).
RUBRICS_AGREEMENT_CACHE_SECONDS = env.int("RUBRICS_AGREEMENT_CACHE_SECONDS", default=300)
# ... and this validator checks the free text written on a scoresheet (no student identifiers).
RUBRICS_COMMENT_VALIDATOR = "coaching.privacy.no_student_identifiers"

# The Coaching Facilitation Rubric's minimum passing total. The source leaves it blank ("a minimum
# score of ___"); this is the shipped sample CFR's (out of 24), for the provider to set.
CFR_PASSING_MINIMUM = env.int("CFR_PASSING_MINIMUM", default=18)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="INFO")},
}

# History (README, "History"): the site admin reads a record's history in /admin/ but never
# reverts it there, as reverting would write past the services that check each change.
SIMPLE_HISTORY_REVERT_DISABLED = True
