"""`{% nav_url "app:name" %}`: `{% url %}` for the links every page's navigation shows, without an
argument, reversed once per process and script prefix instead of on every request (base.html has
eighteen: about a millisecond of each request's CPU, a third of its fixed cost)."""

from functools import lru_cache

from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf, reverse

register = template.Library()


@register.simple_tag
def nav_url(name: str) -> str:
    return _reversed(name, get_script_prefix(), get_urlconf() or settings.ROOT_URLCONF)


@lru_cache(maxsize=256)
def _reversed(name: str, prefix: str, urlconf: str) -> str:
    # The prefix and the URLconf are the key: a request under another SCRIPT_NAME, or with a
    # URLconf of its own, gets its own answer. reverse() reads the prefix itself.
    return reverse(name, urlconf=urlconf)
