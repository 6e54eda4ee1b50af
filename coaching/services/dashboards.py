"""The dashboards' cache, the write side: every change to the records the home pages count
makes the cached dashboards old (coaching/selectors/dashboards.py, `panels_for`).

A dashboard is cached under a key that holds a version number, one for the whole site; a change
to any record of the four apps bumps it once its transaction commits, so the next home page of
every user counts again, in whichever process. The bump is wired to Django's model signals (a
save, a delete, a change of a many-to-many) for every model of the four apps, so no writer can
forget it: this is cache invalidation, not business logic, and it decides nothing. The writes
that bypass the signals (a queryset's `update()`, `bulk_create`, the jobs' bulk inserts) call
`dashboards_changed()` themselves. Notifications and the kept unread counts are left out: no
dashboard shows them, and the outbox writes them all day long.

What the version cannot see, the clock (a submission passing its review window at noon), lasts
until the cache's timeout (settings.DASHBOARD_CACHE_SECONDS, a minute)."""

from django.core.cache import cache
from django.db import transaction

from ..selectors.dashboards import VERSION_KEY

APPS = {"coaching", "certification", "rubrics", "observations"}
# Written all day by the outbox and the delivery job, shown on no dashboard.
IGNORED = {("coaching", "notification"), ("coaching", "emailpreference")}
# Saves of only these fields change nothing a dashboard counts: every sign-in saves the login's
# `last_login` (django.contrib.auth's update_last_login), and would make every home old.
UNCOUNTED_FIELDS = frozenset({"last_login"})


def _bump():
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (a fresh cache): the first read starts one
        cache.add(VERSION_KEY, 2, None)


def dashboards_changed() -> None:
    """The records the dashboards count changed (in this transaction): once it commits, every
    cached dashboard is old. Outside a transaction, at once."""
    transaction.on_commit(_bump)


def _model_changed(sender, update_fields=None, **kwargs):
    meta = sender._meta
    if meta.app_label not in APPS or (meta.app_label, meta.model_name) in IGNORED:
        return
    if update_fields and frozenset(update_fields) <= UNCOUNTED_FIELDS:
        return
    dashboards_changed()


def connect() -> None:
    """Called once, from coaching's AppConfig.ready()."""
    from django.db.models.signals import m2m_changed, post_delete, post_save

    post_save.connect(_model_changed, dispatch_uid="dashboards-post-save")
    post_delete.connect(_model_changed, dispatch_uid="dashboards-post-delete")
    m2m_changed.connect(_model_changed, dispatch_uid="dashboards-m2m")
