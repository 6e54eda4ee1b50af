"""A new view cannot skip the access tests: every URL pattern of the project needs a Case."""

import importlib
import pkgutil

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

# Django's own views, configured by us and tested in test_accounts.py; the admin is Django's and
# admits only staff.
NOT_IN_ACCESS_TABLE = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}


def project_url_names():
    names = set()

    def walk(patterns, namespace=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace == "admin":
                    continue
                ns = f"{namespace}{p.namespace}:" if p.namespace else namespace
                walk(p.url_patterns, ns)
            elif isinstance(p, URLPattern):
                # An unnamed pattern cannot be listed in an access table: it fails the check.
                names.add(namespace + (p.name or f"<unnamed {p.pattern}>"))

    walk(get_resolver().url_patterns)
    return names


def access_test_modules(app):
    """The app's `tests/test_access.py` and any `tests/test_*_access.py` beside it."""
    package = importlib.import_module(f"{apps.get_app_config(app).name}.tests")
    for info in pkgutil.iter_modules(package.__path__):
        if info.name.startswith("test_") and info.name.endswith("access"):
            yield importlib.import_module(f"{package.__name__}.{info.name}")


def covered_url_names():
    covered = set()
    for app in ("coaching", "rubrics", "observations", "certification"):
        for module in access_test_modules(app):
            covered |= {case.url_name for case in module.CASES}
            # Old addresses that redirect permanently are tested as such (test_access.MOVED).
            covered |= getattr(module, "REDIRECTED", set())
    return covered


def test_every_url_pattern_has_an_access_test():
    missing = project_url_names() - covered_url_names() - NOT_IN_ACCESS_TABLE
    assert not missing, f"URL patterns with no access test: {sorted(missing)}"


def test_the_coverage_check_sees_the_project_urls():
    # Guards the guard: if the walk found nothing, the test above would pass vacuously.
    names = project_url_names()
    assert "coaching:staff_create" in names
    assert "login" in names
