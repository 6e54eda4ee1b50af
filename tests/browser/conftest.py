"""Fixtures of the browser tests: one headless Chromium for them all, a fresh tablet-sized page per
test against pytest-django's live server, and full-page screenshots in test-artifacts/screenshots/.

Playwright is imported inside the fixtures, so collecting this directory works where it is missing;
the root conftest.py then skips every `browser` test with its reason.
"""

import os
import re
from pathlib import Path

import pytest
from django.conf import settings

from tests.browser import chromium

# Playwright's sync API runs an event loop in the test thread; Django would then refuse the ORM
# calls that fixtures such as `cast` make there (SynchronousOnlyOperation).
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = chromium.executable()
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
TABLET = {"width": 820, "height": 1180}
SCREENSHOTS = Path(settings.BASE_DIR) / "test-artifacts" / "screenshots"
PASSWORD = "correct horse battery"  # every UserFactory user's (coaching/tests/factories.py)
TIMEOUT_MS = 10_000


CSP_VIOLATION = "securitypolicyviolation:"
CSP_REPORTER = f"""
document.addEventListener("securitypolicyviolation", function (event) {{
  console.error("{CSP_VIOLATION} " + event.violatedDirective + " blocked "
    + (event.blockedURI || "inline") + " at " + event.sourceFile + ":" + event.lineNumber
    + " " + (event.sample || ""));
}});
"""


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    """Keep each phase's report on the item, so `page` can tell whether the test failed."""
    report = yield
    setattr(item, f"report_{report.when}", report)
    return report


@pytest.fixture(scope="package")
def browser():
    """One Chromium for the browser tests that a process runs one after another (conftest.py runs
    them together, first): launching it costs about a second. Playwright's sync API keeps an event
    loop running in the test thread while it is open; closing it when the last of them ends means
    tests that run after it, in the same process, are not inside a loop (async_to_sync refuses to
    run there: the health checks)."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def screenshot(request):
    """`screenshot(page, "step")` saves test-artifacts/screenshots/<test>--<step>.png, full page."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    stem = re.sub(r"[^A-Za-z0-9_.-]+", "-", request.node.name).strip("-")
    for old in SCREENSHOTS.glob(f"{stem}--*.png"):  # a FAILED.png of an earlier run, say
        old.unlink()

    def save(page, step):
        path = SCREENSHOTS / f"{stem}--{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


@pytest.fixture
def csp_violations():
    """The Content-Security-Policy violations that the test's pages met, as text: `page` fails the
    test when any is left at its end."""
    return []


def _note_csp_violation(message, violations):
    text = message.text
    if text.startswith(CSP_VIOLATION) or "Content Security Policy" in text:
        where = message.page.url if message.page else "a page"
        violations.append(f"CSP violation on {where}: {text}")


@pytest.fixture
def page(request, browser, live_server, screenshot, csp_violations):
    """A page in a new context at tablet width. Fails the test if a request of the page's own site
    answered 404 or 5xx (a missing stylesheet, a crashed view), a script raised an error, or the
    Content-Security-Policy refused anything on any page the test visited (an inline style or
    script, a resource from elsewhere: the policy is in config/settings/base.py)."""
    from playwright.sync_api import expect

    expect.set_options(timeout=TIMEOUT_MS)
    # Reduced motion: Bootstrap then opens the menu and shows alerts without animating, so a
    # screenshot never catches a half-open menu.
    context = browser.new_context(
        viewport=TABLET, base_url=live_server.url, reduced_motion="reduce"
    )
    context.set_default_timeout(TIMEOUT_MS)
    # Every page of the context reports each Content-Security-Policy violation it meets to the
    # console (CSP_REPORTER), and Chromium logs its own "Refused to ... Content Security Policy"
    # line there too: both land in `csp_violations`.
    context.add_init_script(CSP_REPORTER)
    context.on("console", lambda message: _note_csp_violation(message, csp_violations))
    page = context.new_page()
    problems = []
    page.on(
        "response",
        lambda r: (
            problems.append(f"{r.status} {r.request.method} {r.url}")
            if r.url.startswith(live_server.url) and (r.status == 404 or r.status >= 500)
            else None
        ),
    )
    page.on("pageerror", lambda error: problems.append(f"script error: {error}"))
    yield page
    call = getattr(request.node, "report_call", None)
    if call is not None and call.failed:
        screenshot(page, "FAILED")
    context.close()
    problems += csp_violations
    assert not problems, "the browser met errors:\n" + "\n".join(problems)


@pytest.fixture
def sign_in(page):
    """`sign_in(user)` signs in through the real sign-in form, as a person would."""

    def sign_in_as(user, password=PASSWORD):
        page.goto("/")
        page.get_by_label("E-mail address").fill(user.email)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()

    return sign_in_as


@pytest.fixture
def open_menu(page):
    """Open the account menu (the user's e-mail in the navigation bar), which holds "Sign out". On a
    narrow screen the bar itself is collapsed behind its "Menu" button first."""

    def open_it():
        from playwright.sync_api import expect

        toggler = page.get_by_role("button", name="Menu")
        if toggler.is_visible() and toggler.get_attribute("aria-expanded") != "true":
            toggler.click()
            expect(toggler).to_have_attribute("aria-expanded", "true")
        navbar = page.get_by_role("navigation").filter(
            has=page.get_by_role("link", name="Coaching programs")
        )
        account = navbar.locator("a.account-toggle")
        if account.get_attribute("aria-expanded") != "true":
            account.click()
        # The menu's last item wholly on screen: it is open, not still unfolding.
        expect(navbar.get_by_role("button", name="Sign out")).to_be_in_viewport(ratio=1)
        return navbar

    return open_it
