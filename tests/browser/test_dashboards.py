"""Each role's home is its dashboard: what waits for the person, with counts, and the charts drawn
as inline SVG with their tables. Seen in a real browser on the demo, at 1280 and 820 pixels wide:
the `page` fixture fails on any Content-Security-Policy violation or script error; the screenshots
(test-artifacts/screenshots/) are for a person to look at."""

import pytest

from certification.management.commands.seed_demo import DEMO_PASSWORD

from .test_pages import demo, demo_media  # noqa: F401 (the demo, seeded once a module)

expect = pytest.importorskip("playwright.sync_api", reason="needs Playwright for Python").expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

DASHBOARDS = [
    ("admin@maplevalley.example", "District dashboard"),
    ("associate@key2ed.example", "Associate dashboard"),
    ("coach@maplevalley.example", "Coach dashboard"),
    ("principal@maplevalley.example", "School coaching activity"),
]


@pytest.mark.parametrize(("email", "heading"), DASHBOARDS, ids=[e for e, _ in DASHBOARDS])
def test_each_roles_dashboard_at_two_widths(demo, email, heading, page, sign_in, screenshot):  # noqa: F811
    from coaching.models import User

    sign_in(User.objects.get(email=email), password=DEMO_PASSWORD)
    page.goto("/")
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    charts = page.locator("figure svg.dashboard-chart")
    assert charts.count() >= 1
    # Every chart has its table of numbers, and its bars link to the lists behind them.
    assert page.locator("figure table.chart-table").count() == charts.count()
    assert page.locator("figure svg.dashboard-chart a[href]").count() >= 1
    for width in (1280, 820):
        page.set_viewport_size({"width": width, "height": 900})
        # Nothing wider than the page: no sideways scrolling at either width.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{email} at {width} px scrolls sideways by {overflow} px"
        screenshot(page, f"{width}")
