"""History of a program's settings (README, "History"): a change made on the settings page is
kept with who made it and what it changed, with the rubric version and the month by name; it shows
on the settings page and its full history page, to the program's associates and nobody else."""

import pytest
from django.urls import reverse

from certification.models import ProgramSettings
from coaching.models import Program
from coaching.tests.access import count_queries
from coaching.tests.test_history import history_text
from core.history import acting_as

from .test_program_settings import newer, settings_post  # noqa: F401 - the fixture

SETTINGS = "certification:program_settings"


def test_a_settings_change_on_the_page_is_kept_with_who_and_what(newer, client_for):  # noqa: F811
    w = newer
    client = client_for(w.associate)
    url = reverse(SETTINGS, args=[w.program.pk])
    data = settings_post(w, w.v2) | {"annual_minimum": 7}
    assert client.post(url, data).status_code == 302
    row = ProgramSettings.history.filter(program_id=w.program.pk).latest()
    assert (row.history_type, row.history_user, row.annual_minimum) == ("~", w.associate, 7)
    text = history_text(client.get(url))
    assert f"{w.associate} changed the settings" in text
    # The version by its rubric's name and number, never its id.
    assert f"Coaching Facilitation Rubric version: {w.v1} → {w.v2}" in text
    assert "Annual minimum: 5 → 7" in text


def test_the_programs_own_changes_show_beside_its_settings(newer, client_for):  # noqa: F811
    w = newer
    with acting_as(w.associate):
        w.program.kind = Program.Kind.NETWORK
        w.program.save()
    text = history_text(client_for(w.associate).get(reverse(SETTINGS, args=[w.program.pk])))
    assert "changed the program Kind: Facilitator coaching certification → Network coaching" in text


@pytest.mark.parametrize("actor", ["admin_a", "coach_a", "associate_b"])
def test_the_settings_history_is_not_shown_to_who_may_not_manage_them(
    actor,
    newer,  # noqa: F811
    client_for,
):
    w = newer
    response = client_for(getattr(w, actor)).get(
        reverse("certification:program_settings_history", args=[w.program.pk])
    )
    assert response.status_code in (403, 404)


def test_the_settings_pages_cost_the_same_at_2_and_at_50_changes(newer, client_for):  # noqa: F811
    w = newer
    client = client_for(w.associate)
    urls = [
        reverse(SETTINGS, args=[w.program.pk]),
        reverse("certification:program_settings_history", args=[w.program.pk]),
    ]

    def change(n):
        """n changes of the settings and n of the program's record, one after the other."""
        rules = ProgramSettings.objects.get(program=w.program)
        with acting_as(w.associate):
            for i in range(n):
                rules.annual_minimum = i % 10
                rules.cfr_version = (w.v1, w.v2)[i % 2]
                rules.save()
                w.program.description = f"Description {i}"
                w.program.save()

    change(2)
    for url in urls:
        count_queries(client, url)
    small = [count_queries(client, url) for url in urls]
    change(23)
    large = [count_queries(client, url) for url in urls]
    assert small == large
    page = client.get(urls[1])
    assert len(page.context["entries"]) == 50  # of 50 changes and the two records' first rows
