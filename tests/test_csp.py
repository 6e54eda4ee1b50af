"""The Content-Security-Policy: every response carries it, and no page template needs more than it
allows (no inline style or script). The browser tests (tests/browser/conftest.py) fail on any
violation a real page meets."""

import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

# E-mail is read in a mail client, not served with our headers: inline styles are right there.
NOT_PAGES = {"coaching/templates/coaching/notifications/email.html"}
INLINE = [
    (re.compile(r"\sstyle\s*=", re.I), "a style attribute"),
    (re.compile(r"<style[\s>]", re.I), "a <style> element"),
    (re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.I), "an inline <script>"),
    (re.compile(r"\son[a-z]+\s*=", re.I), "an event-handler attribute"),
    (re.compile(r"javascript:", re.I), "a javascript: URL"),
]


def policy_of(response):
    header = response.headers["Content-Security-Policy"]
    return {
        name: values
        for name, *values in (part.split() for part in header.split(";") if part.strip())
    }


@pytest.mark.parametrize("name", ["login", "password_reset", "verify:lookup"])
def test_every_page_carries_the_policy(db, client, name):
    policy = policy_of(client.get(reverse(name)))
    assert policy["default-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    # Scripts and styles fall back on default-src: this site's files only, nothing inline.
    assert "script-src" not in policy and "style-src" not in policy
    assert not any("'unsafe-inline'" in values for values in policy.values())


def test_a_signed_in_page_and_a_refusal_carry_it_too(cast, client):
    client.force_login(cast.coach_a)
    assert "Content-Security-Policy" in client.get(reverse("coaching:home")).headers
    refused = client.post(reverse("login"), CONTENT_LENGTH=str(10**12))
    assert refused.status_code == 413 and "Content-Security-Policy" in refused.headers


def test_no_page_template_has_an_inline_style_or_script():
    base = Path(settings.BASE_DIR)
    found = []
    for path in sorted(base.glob("**/templates/**/*.html")):
        relative = path.relative_to(base).as_posix()
        if relative.startswith((".venv/", "staticfiles/")) or relative in NOT_PAGES:
            continue
        text = path.read_text()
        for pattern, what in INLINE:
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                found.append(f"{relative}:{line}: {what}")
    assert not found, "move these to static/css/site.css or static/js/:\n" + "\n".join(found)


def test_the_practice_chart_is_coloured_by_classes_the_stylesheet_defines():
    from observations.charts import Series, legend, line_chart

    names = [f"Function {i}" for i in range(10)]
    series = [Series(n, [1, 2, 3], i) for i, n in enumerate(names)]
    series += [Series(n, [2, 3, 4], i, "supervisor") for i, n in enumerate(names)]
    chart = str(line_chart(series=series, labels=["a", "b", "c"]))
    assert "style=" not in chart
    css = (Path(settings.BASE_DIR) / "static" / "css" / "site.css").read_text()
    for name, series in legend(names):
        assert f'<g class="{series}"><title>{name}</title>' in chart
        assert re.search(rf"\.{series}\s*{{\s*color:", css), f"site.css has no colour for {series}"
