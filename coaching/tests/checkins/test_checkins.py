"""Check-ins: asked by the coachee, answered by the coach, measured against the agreed window in
calendar days; the coach's share on their page; bad input refused with a message, nothing
changed; the list's queries the same at 2 and 50 check-ins."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.template.defaultfilters import date as date_filter
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from coaching.models import CheckIn, Notification
from coaching.selectors import checkins as selectors
from coaching.services import checkins as services
from coaching.tests.casts import cast_layer

from . import world


@cast_layer
def w(cast):
    return world.build(cast)


def ask(w, at, **kw):
    return services.checkin_ask(
        engagement=w.individual, by=w.coachee, kind="question", text="A question", at=at, **kw
    )


# --- the measurement ----------------------------------------------------------------------------


def test_the_window_is_counted_in_calendar_days_from_the_moment_asked(w):
    friday = timezone.make_aware(dt.datetime(2026, 11, 27, 16, 0))
    c = ask(w, friday)
    assert c.window_days == 2
    assert c.due_at == friday + dt.timedelta(days=2)  # Sunday, 4 pm: weekends count


def test_an_answer_within_the_window_counts_in_time(w):
    c = ask(w, timezone.now() - dt.timedelta(days=2))
    c = services.checkin_answer(checkin=c, by=w.coach_a, answer="Yes", at=c.due_at)
    assert c.answered_in_time is True
    assert c.is_late(timezone.now()) is False


def test_an_answer_a_second_past_the_window_is_late(w):
    c = ask(w, timezone.now() - dt.timedelta(days=3))
    answered = c.due_at + dt.timedelta(seconds=1)
    c = services.checkin_answer(checkin=c, by=w.coach_a, answer="Yes", at=answered)
    assert c.answered_in_time is False


def test_an_unanswered_check_in_counts_as_late_once_its_window_has_passed(w):
    now = timezone.now()
    c = ask(w, now - dt.timedelta(days=1))
    assert not c.is_late(now)
    assert c.is_late(now + dt.timedelta(days=1, seconds=1))
    before = selectors.checkin_counts(w.individual, now=now)
    after = selectors.checkin_counts(w.individual, now=now + dt.timedelta(days=1, seconds=1))
    assert after.counted == before.counted + 1
    assert after.in_time == before.in_time


def test_the_coachs_share_counts_answered_and_overdue_and_leaves_the_waiting_out(w):
    share = selectors.responsiveness_of(w.coach_a)
    # in_time (in time), late (answered late), waiting_late (unanswered, past): 1 of 3; waiting
    # (an hour old) is not counted yet.
    assert (share.in_time, share.counted, share.waiting) == (1, 3, 1)
    assert str(share) == "1 of 3 (33%)"
    assert str(selectors.responsiveness_of(w.coach_b)) == "no check-in to measure yet"


def test_the_share_shows_on_the_coachs_engagements_page(w, client_for):
    page = client_for(w.coach_a).get(reverse("coaching:my_engagements")).content.decode()
    assert "Check-ins answered within the agreed window: <strong>1 of 3 (33%)</strong>" in page


def test_a_later_change_of_the_window_leaves_past_measurements_as_they_were(w):
    type(w.individual).objects.filter(pk=w.individual.pk).update(response_window_days=30)
    w.late.refresh_from_db()
    assert w.late.answered_in_time is False


# --- asking and answering -----------------------------------------------------------------------


def test_the_coachee_asks_and_the_coaches_are_told_without_the_text(w, client_for):
    response = client_for(w.coachee).post(
        reverse("coaching:checkin_list", args=[w.individual.pk]),
        {"kind": "report", "text": "Tried the hinge question in period 2"},
    )
    assert response.status_code == 302
    c = CheckIn.objects.get(text="Tried the hinge question in period 2")
    note = Notification.objects.get(recipient=w.coach_a, dedupe_key=f"checkin-asked:{c.pk}")
    assert "hinge" not in note.body + note.subject
    assert note.kind == "checkin"


def test_the_coach_answers_once_and_the_coachee_is_told(w, client_for):
    url = reverse("coaching:checkin_detail", args=[w.waiting.pk])
    assert client_for(w.coach_a).post(url, {"answer": "Thank you"}).status_code == 302
    w.waiting.refresh_from_db()
    assert w.waiting.answer == "Thank you" and w.waiting.answered_by == w.coach_a
    assert Notification.objects.filter(recipient=w.coachee, kind="checkin").exists()
    with pytest.raises(ValidationError, match="already answered"):
        services.checkin_answer(checkin=w.waiting, by=w.coach_a, answer="Again")


def test_the_coach_does_not_ask_and_the_coachee_does_not_answer(w):
    with pytest.raises(PermissionDenied):
        services.checkin_ask(engagement=w.individual, by=w.coach_a, kind="question", text="Q")
    with pytest.raises(PermissionDenied):
        services.checkin_answer(checkin=w.waiting, by=w.coachee, answer="Me")


@pytest.mark.parametrize(
    "data, message",
    [
        ({"kind": "question", "text": ""}, "This field is required."),
        ({"kind": "question", "text": "Maya's ID is 123456789, she struggles"}, "student"),
        ({"kind": "rating", "text": "Five stars"}, "Select a valid choice"),
        ({"kind": "question", "text": "x" * 4001}, "at most 4000"),
    ],
)
def test_a_bad_check_in_is_refused_on_the_form_and_nothing_is_saved(data, message, w, client_for):
    before = CheckIn.objects.count()
    response = client_for(w.coachee).post(
        reverse("coaching:checkin_list", args=[w.individual.pk]), data
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert escape(data["text"][:50]) in response.content.decode()  # what was typed is shown again
    assert CheckIn.objects.count() == before


def test_an_empty_answer_is_refused_and_the_check_in_stays_waiting(w, client_for):
    url = reverse("coaching:checkin_detail", args=[w.waiting_late.pk])
    response = client_for(w.coach_a).post(url, {"answer": "  "})
    assert response.status_code == 200 and "Write the answer." in response.content.decode()
    w.waiting_late.refresh_from_db()
    assert not w.waiting_late.is_answered


def test_a_paused_engagement_takes_no_check_in(w):
    type(w.individual).objects.filter(pk=w.individual.pk).update(status="paused")
    w.individual.refresh_from_db()
    with pytest.raises(ValidationError, match="not active"):
        ask(w, timezone.now())


# --- query counts -------------------------------------------------------------------------------


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_the_check_ins_page_costs_the_same_at_2_and_50_check_ins(w, client_for):
    CheckIn.objects.filter(engagement=w.individual).exclude(
        pk__in=[w.in_time.pk, w.late.pk]
    ).delete()
    client = client_for(w.coachee)
    url = reverse("coaching:checkin_list", args=[w.individual.pk])
    at_2 = _queries(client, url)
    for n in range(48):
        ask(w, timezone.now() - dt.timedelta(minutes=n))
    assert _queries(client, url) == at_2
    mine = reverse("coaching:my_engagements")
    at_50 = _queries(client_for(w.coach_a), mine)
    for n in range(30):
        ask(w, timezone.now() - dt.timedelta(days=5, minutes=n))
    assert _queries(client_for(w.coach_a), mine) == at_50


def test_the_check_in_page_puts_one_full_stop_after_an_afternoon_time(w, client_for):
    asked = timezone.make_aware(dt.datetime.combine(timezone.localdate(), dt.time(14, 11)))
    due = CheckIn.due_from(asked, w.waiting.window_days)
    CheckIn.objects.filter(pk=w.waiting.pk).update(asked_at=asked, due_at=due)
    url = reverse("coaching:checkin_detail", args=[w.waiting.pk])
    text = client_for(w.coach_a).get(url).content.decode()
    shown = date_filter(timezone.localtime(due), "DATETIME_FORMAT")
    assert shown.endswith("2:11 p.m.") and f"by {shown}</p>" in text
    assert "p.m.." not in text
