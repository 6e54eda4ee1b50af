"""Each demo login walks through its main pages: its home page, every page of its navigation bar
and the first links of each. The `page` fixture fails the walk on any Content-Security-Policy
violation, script error, 404 or 5xx on the way (tests/browser/conftest.py)."""

from urllib.parse import urlsplit

import pytest
from django.core.management import call_command

from certification.management.commands.seed_demo import DEMO_PASSWORD
from coaching.tests.casts import committed_snapshots

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DEMO_LOGINS = [
    "associate@key2ed.example",
    "admin@maplevalley.example",
    "admin@riverbend.example",
    "coach@maplevalley.example",
    "coach@riverbend.example",
    "coach3@maplevalley.example",
    "principal@maplevalley.example",
    "siteadmin@coaching.example",
    "networkcoach@ilmtss.example",
    "coachee@maplevalley.example",
    "facilitator@steplab.example",
]
LINKS_FROM_EACH_PAGE = 3
# Downloads (the certificate PDF) and video streams are not pages.
NOT_PAGES = ("/pdf/", "/stream/")

LINKS = """selector => Array.from(document.querySelectorAll(selector))
    .filter(a => !a.hasAttribute("download"))
    .map(a => a.getAttribute("href"))"""


@pytest.fixture(scope="module")
def demo_media(tmp_path_factory):
    return tmp_path_factory.mktemp("demo") / "private-media"


@pytest.fixture
def demo(transactional_db, settings, demo_media):
    """The demo, seeded once a module: on SQLite the seeded database is copied back for each
    login (coaching/tests/casts.py, CommittedSnapshots), with its files kept beside it."""
    settings.PRIVATE_MEDIA_ROOT = demo_media
    committed_snapshots.restore_or_build(
        "seed_demo",
        lambda: call_command("seed_demo", "--force", stdout=open("/dev/null", "w")),  # noqa: SIM115
    )


def local_paths(page, selector):
    paths = []
    for href in page.evaluate(LINKS, selector):
        if not href or href.startswith("#"):
            continue
        parts = urlsplit(href)
        if parts.scheme or parts.netloc or any(part in parts.path for part in NOT_PAGES):
            continue
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        if path not in paths:
            paths.append(path)
    return paths


# Playwright's own test of visibility (a box of some size, not `visibility: hidden`), run in the
# page: a locator's first use on each new page sets up Playwright's injected script, which cost
# this walk of about 300 pages some 50 ms a page.
BODY_VISIBLE = """() => {
    const box = document.body.getBoundingClientRect();
    return box.width > 0 && box.height > 0 && getComputedStyle(document.body).visibility !== "hidden";
}"""


def visit(page, path):
    response = page.goto(path)
    assert response.ok, f"{path} answered {response.status}"
    assert page.evaluate(BODY_VISIBLE), f"{path} shows nothing"


@pytest.mark.parametrize("email", DEMO_LOGINS)
def test_each_demo_login_walks_its_main_pages_within_the_policy(demo, email, page, sign_in):
    from coaching.models import User

    sign_in(User.objects.get(email=email), password=DEMO_PASSWORD)
    expect(page).to_have_title("Home · Coaching programs")

    seen = {"/"}
    nav = [p for p in local_paths(page, "nav a[href]") if p not in seen]
    to_visit = nav + local_paths(page, "main a[href]")[:LINKS_FROM_EACH_PAGE]
    for path in nav:
        if path in seen:
            continue
        seen.add(path)
        visit(page, path)
        if path.startswith("/admin/"):
            continue  # Django's own admin: its index, not a walk through every model
        to_visit += local_paths(page, "main a[href]")[:LINKS_FROM_EACH_PAGE]
    for path in to_visit:
        if path not in seen and not path.startswith("/admin/"):
            seen.add(path)
            visit(page, path)
    assert len(seen) > 5, f"only {sorted(seen)}"


def test_the_walk_would_see_an_inline_style_or_script(db, page, csp_violations):
    """The check above can fail: the policy refuses what a template might slip in, and the page
    fixture hears of it."""
    page.goto("/")
    page.evaluate(
        """() => {
            document.body.setAttribute("style", "color: red");
            const script = document.createElement("script");
            script.textContent = "window.ran = true";
            document.body.append(script);
        }"""
    )
    assert not page.evaluate("() => window.ran === true")
    for _ in range(50):  # the violations are reported a moment after the change
        seen = " ".join(csp_violations)
        if "style-src-attr" in seen and "script-src-elem" in seen:
            break
        page.wait_for_timeout(20)
    else:
        pytest.fail(f"the violations went unseen: {csp_violations}")
    csp_violations.clear()  # seen on purpose: the fixture would fail the test otherwise


def test_the_walk_would_see_a_page_that_shows_nothing(db, page):
    """The walk's test of a visible body agrees with Playwright's: true on a page, false once the
    body is hidden or has no size."""
    page.goto("/")
    assert page.evaluate(BODY_VISIBLE)
    expect(page.locator("body")).to_be_visible()
    page.evaluate("() => { document.body.style.visibility = 'hidden'; }")
    assert not page.evaluate(BODY_VISIBLE)
    expect(page.locator("body")).to_be_hidden()
    page.evaluate(
        "() => { document.body.style.visibility = ''; document.body.style.display = 'none'; }"
    )
    assert not page.evaluate(BODY_VISIBLE)
    expect(page.locator("body")).to_be_hidden()
