"""The embedded default: SQLite, tasks in-process, e-mail to the console, debug on."""

import warnings

from .base import *  # noqa: F403
from .base import env

# Static files come from the apps through the finders here; no collectstatic, so no STATIC_ROOT yet.
warnings.filterwarnings("ignore", message="No directory at")

DEBUG = env.bool("DEBUG", default=True)
