"""History (README, "History"): a change made through a school's or a staff member's page, an
invitation, a role or a roster import is kept with who made it and what it changed; it shows on
the record's page and its full history page, to whoever reads that page and nobody else."""

import re

import pytest
from django.apps import apps
from django.core import mail
from django.urls import reverse

from coaching.models import Invitation, Person, RoleMembership, School
from coaching.selectors.invitations import token_digest
from coaching.services import person_update, school_update
from coaching.services.roster import IMPORTED, roster_import
from core.history import BEGAN, acting_as, baseline

from .access import count_queries
from .factories import PersonFactory, UserFactory


def history_text(response) -> str:
    """The page's history as a person reads it: the entries' text, tags and the screen reader's
    words dropped, spaces collapsed."""
    html = response.content.decode()
    start = html.index('class="list-unstyled mb-0 history-entries"')
    html = html[start : html.index("</ol>", start)]
    html = re.sub(r'<span class="visually-hidden">[^<]*</span>', "", html)
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html)).replace(" :", ":").strip()


def staff_page(client, person):
    return client.get(reverse("coaching:staff_detail", args=[person.pk]))


def test_a_school_renamed_on_its_page_is_kept_with_who_and_what(cast, client_for):
    client = client_for(cast.admin_a)
    url = reverse("coaching:school_update", args=[cast.school_a.pk])
    assert client.post(url, {"name": "Oak Hill Elementary"}).status_code == 302
    row = School.history.filter(id=cast.school_a.pk).latest()
    assert (row.history_type, row.history_user, row.name) == (
        "~",
        cast.admin_a,
        "Oak Hill Elementary",
    )
    text = history_text(client.get(url))
    assert (
        f"{cast.admin_a.get_full_name()} changed the school Name: Maple Valley Elementary → "
        "Oak Hill Elementary" in text
    )


def test_a_staff_record_changed_on_its_page_shows_labels_not_ids(cast, client_for):
    client = client_for(cast.admin_a)
    person = cast.person_a
    data = {"first_name": "Elena", "last_name": "Vandersloot", "email": "elena@a.example"}
    data |= {"job_title": "Reading coach", "school": "", "staff_id": ""}
    assert client.post(reverse("coaching:staff_update", args=[person.pk]), data).status_code == 302
    row = Person.history.filter(id=person.pk).latest()
    assert row.history_user == cast.admin_a and row.job_title == "Reading coach"
    text = history_text(staff_page(client, person))
    assert f"{cast.admin_a.get_full_name()} changed the record" in text
    # The school by its name (not its id), an empty value as a dash, in the form's order.
    assert "School: Maple Valley Elementary → —" in text
    assert text.index("School:") < text.index("Job title:")
    assert re.search(r"Job title: [^→]* → Reading coach", text)


def test_deactivating_and_reactivating_a_person_reads_plainly(cast, client_for):
    client = client_for(cast.admin_a)
    client.post(reverse("coaching:staff_deactivate", args=[cast.person_a.pk]))
    client.post(reverse("coaching:staff_reactivate", args=[cast.person_a.pk]))
    text = history_text(staff_page(client, cast.person_a))
    name = cast.admin_a.get_full_name()
    reactivated = text.index(f"{name} reactivated Elena Vandersloot")
    assert reactivated < text.index(f"{name} deactivated Elena Vandersloot")  # newest first
    assert "Active:" not in text and "yes" not in text


def test_deactivating_a_person_says_their_login_was_disabled_with_it(cast, client_for):
    client = client_for(cast.admin_a)
    person = PersonFactory(district=cast.district_a, user=UserFactory())  # a login of A's alone
    client.post(reverse("coaching:staff_deactivate", args=[person.pk]))
    person.user.refresh_from_db()
    assert not person.user.is_active
    text = history_text(staff_page(client, person))
    assert (
        f"{cast.admin_a.get_full_name()} deactivated {person.full_name} and disabled their "
        "login with it" in text
    )
    assert "Login disabled" not in text


def test_deactivating_and_reactivating_a_school_reads_plainly(cast, client_for):
    client = client_for(cast.admin_a)
    client.post(reverse("coaching:school_deactivate", args=[cast.school_a.pk]))
    client.post(reverse("coaching:school_reactivate", args=[cast.school_a.pk]))
    for name in ("coaching:school_update", "coaching:school_history"):
        text = history_text(client.get(reverse(name, args=[cast.school_a.pk])))
        who = cast.admin_a.get_full_name()
        assert text.index(f"{who} reactivated the school") < text.index(
            f"{who} deactivated the school"
        )
        assert "Active:" not in text


def test_the_login_an_invitation_makes_reads_plainly(cast, client_for):
    client = client_for(cast.admin_a)
    person = cast.person_a
    person.email = "elena@a.example"
    person.save()
    assert person.user is None
    client.post(reverse("coaching:invitation_send", args=[person.pk]))
    text = history_text(staff_page(client, person))
    assert (
        f"{cast.admin_a.get_full_name()} made a login for the invitation to sign in "
        "(no password until it is accepted)" in text
    )
    assert "Login:" not in text


def test_invitations_sent_replaced_and_accepted_are_kept_without_the_token(cast, client_for):
    client = client_for(cast.admin_a)
    person = cast.person_a
    person.email = "elena@a.example"
    person.save()
    invite = reverse("coaching:invitation_send", args=[person.pk])
    client.post(invite)
    client.post(invite)  # the first link stops working
    token = re.search(r"/invitations/([^/]+)/", mail.outbox[-1].body).group(1)
    first, second = Invitation.objects.order_by("pk")
    rows = Invitation.history.filter(id=first.pk).order_by("history_id")
    assert [(r.history_type, r.history_user) for r in rows] == [
        ("+", cast.admin_a),
        ("~", cast.admin_a),
    ]
    assert rows.last().superseded_at is not None
    # Accepting: the row names the person's own login, who was signed in as nobody.
    client.logout()
    accept = reverse("coaching:invitation_accept", args=[token])
    client.post(
        accept, {"new_password1": "a long passphrase 7", "new_password2": "a long passphrase 7"}
    )
    accepted = Invitation.history.filter(id=second.pk).latest()
    assert accepted.used_at is not None and accepted.history_user == second.user
    # The digest the link is checked against is in no copy.
    historical = Invitation.history.model
    assert "token_hash" not in {f.name for f in historical._meta.fields}
    for row in historical.objects.values():
        assert token_digest(token) not in {str(v) for v in row.values()}
    text = history_text(staff_page(client_for(cast.admin_a), person))
    assert "sent an invitation to sign in, to elena@a.example" in text
    assert "Replaced or withdrawn: — →" in text and "Accepted: — →" in text


def test_a_role_given_on_the_page_is_kept_by_both_records(cast, client_for):
    client = client_for(cast.admin_a)
    person = Person.objects.get(user=cast.coach_a)
    client.post(reverse("coaching:role_grant", args=[person.pk]), {"role": "coachee"})
    [row] = RoleMembership.history.filter(user_id=cast.coach_a.pk, role="coachee")
    assert (row.history_type, row.history_user) == ("+", cast.admin_a)
    text = history_text(staff_page(client, person))
    assert f"{cast.admin_a.get_full_name()} gave the role coachee of Maple Valley" in text


def test_a_change_outside_a_request_names_the_user_acting_or_the_application(cast):
    with acting_as(cast.admin_a):
        school_update(school=cast.school_a, name="Named by a command")
    school_update(school=cast.school_a, name="Named by the application")
    first, second = School.history.filter(id=cast.school_a.pk).order_by("-history_id")[:2]
    assert (first.history_user, second.history_user) == (None, cast.admin_a)


@pytest.mark.parametrize("actor", ["admin_b", "coach_a", "associate_b"])
def test_a_staff_members_history_is_not_shown_to_who_may_not_read_their_page(
    actor, cast, client_for
):
    with acting_as(cast.admin_a):
        person_update(person=cast.person_a, job_title="Secret title", first_name="Elena")
    client = client_for(getattr(cast, actor))
    for name in ("coaching:staff_detail", "coaching:staff_history"):
        response = client.get(reverse(name, args=[cast.person_a.pk]))
        assert response.status_code == 404
        assert "Secret title" not in response.content.decode()


@pytest.mark.parametrize("actor", ["admin_b", "principal_a", "associate"])
def test_a_schools_history_is_not_shown_to_who_may_not_open_its_page(actor, cast, client_for):
    with acting_as(cast.admin_a):
        school_update(school=cast.school_a, name="Renamed quietly")
    response = client_for(getattr(cast, actor)).get(
        reverse("coaching:school_history", args=[cast.school_a.pk])
    )
    assert response.status_code in (403, 404)
    assert "Renamed quietly" not in response.content.decode()


def test_the_page_shows_the_latest_ten_and_the_full_history_pages_by_50(cast, client_for):
    client = client_for(cast.admin_a)
    with acting_as(cast.admin_a):
        for i in range(60):
            person_update(person=cast.person_a, job_title=f"Title {i}", first_name="Elena")
    page = staff_page(client, cast.person_a)
    assert len(page.context["history"]) == 10 and page.context["history_more"]
    assert "Title 58 → Title 59" in history_text(page)
    full = reverse("coaching:staff_history", args=[cast.person_a.pk])
    assert full in page.content.decode()
    first = client.get(full)
    assert len(first.context["entries"]) == 50 and first.context["page"].paginator.count == 61
    last = client.get(full, {"page": 2})
    assert len(last.context["entries"]) == 11
    assert "added Elena" in history_text(last)  # the oldest: the cast's record made


def _changes(cast, n):
    with acting_as(cast.admin_a):
        for i in range(n):
            person_update(person=cast.person_a, job_title=f"Title {i}", first_name="Elena")
            school_update(school=cast.school_a, name=f"School {i}")


def test_the_pages_showing_history_cost_the_same_at_2_and_at_50_changes(cast, client_for):
    client = client_for(cast.admin_a)
    urls = [
        reverse("coaching:staff_detail", args=[cast.person_a.pk]),
        reverse("coaching:staff_history", args=[cast.person_a.pk]),
        reverse("coaching:school_update", args=[cast.school_a.pk]),
        reverse("coaching:school_history", args=[cast.school_a.pk]),
    ]
    _changes(cast, 2)
    for url in urls:
        count_queries(client, url)  # caches filled
    small = [count_queries(client, url) for url in urls]
    _changes(cast, 48)
    large = [count_queries(client, url) for url in urls]
    assert small == large


def test_the_roster_import_keeps_who_imported_each_record(cast, client_for):
    """Through the page (the admin's request names them) and in bulk: new people, a whole school's
    new title in one UPDATE, one person's own change."""
    existing = "first_name,last_name,email,staff_id,school,job_title\r\n"
    content = (
        existing + "Ana,Ruiz,ana@a.example,,Maple Valley Elementary,Teacher\r\n"
        "Ben,Ode,ben@a.example,,New School,Teacher\r\n"
    ).encode()
    with acting_as(cast.admin_a):
        roster_import(district=cast.district_a, content=content)
    ana = Person.objects.get(email="ana@a.example")
    [created] = Person.history.filter(id=ana.pk)
    assert (created.history_type, created.history_user, created.history_change_reason) == (
        "+",
        cast.admin_a,
        IMPORTED,
    )
    assert School.history.filter(name="New School", history_change_reason=IMPORTED).exists()
    # Both to one new title (one UPDATE), then Ana alone to another (bulk_update).
    with acting_as(cast.admin_a):
        roster_import(district=cast.district_a, content=content.replace(b"Teacher", b"Coach"))
        roster_import(
            district=cast.district_a,
            content=content.replace(b"Teacher", b"Coach").replace(
                b"Elementary,Coach", b"Elementary,Lead coach"
            ),
        )
    titles = list(Person.history.filter(id=ana.pk).order_by("history_id").values_list("job_title"))
    assert titles == [("Teacher",), ("Coach",), ("Lead coach",)]
    client = client_for(cast.admin_a)
    text = history_text(staff_page(client, ana))
    assert (
        f"{cast.admin_a.get_full_name()} changed the record ({IMPORTED}) Job title: Coach → Lead coach"
        in text
    )


def test_history_begins_with_each_existing_record_as_it_stood(cast, client_for):
    """The migration's copy (core.history.baseline): the first change after it shows a diff."""
    School.history.all().delete()
    baseline(apps, [("coaching.School", "coaching.HistoricalSchool")])
    rows = School.history.filter(id=cast.school_a.pk)
    assert [(r.history_type, r.history_change_reason, r.history_user) for r in rows] == [
        ("+", BEGAN, None)
    ]
    baseline(apps, [("coaching.School", "coaching.HistoricalSchool")])  # a second run: nothing
    assert School.history.count() == School.objects.count()
    with acting_as(cast.admin_a):
        school_update(school=cast.school_a, name="After the migration")
    text = history_text(
        client_for(cast.admin_a).get(reverse("coaching:school_update", args=[cast.school_a.pk]))
    )
    assert "Name: Maple Valley Elementary → After the migration" in text
    assert f"{BEGAN}: the school as it stood then." in text


def test_the_site_admin_reads_a_records_history_and_cannot_revert_it(cast, client_for):
    with acting_as(cast.admin_a):
        school_update(school=cast.school_a, name="Renamed for the admin")
    client = client_for(cast.superuser)
    history = client.get(reverse("admin:coaching_school_history", args=[cast.school_a.pk]))
    assert history.status_code == 200 and "Renamed for the admin" in history.content.decode()
    row = School.history.filter(id=cast.school_a.pk).latest()
    revert = reverse(
        "admin:coaching_school_simple_history", args=[cast.school_a.pk, row.history_id]
    )
    assert client.post(revert, {"name": "Reverted"}).status_code == 403
    assert School.objects.get(pk=cast.school_a.pk).name == "Renamed for the admin"
    refused = client_for(cast.admin_a).get(
        reverse("admin:coaching_school_history", args=[cast.school_a.pk])
    )
    assert refused.status_code == 302  # to the admin's sign-in: not the site admin


def test_a_schools_history_is_linked_from_the_districts_table_to_its_managers(cast, client_for):
    district_url = reverse("coaching:district_detail", args=[cast.district_a.pk])
    history_url = reverse("coaching:school_history", args=[cast.school_a.pk])
    assert f'href="{history_url}"' in client_for(cast.admin_a).get(district_url).content.decode()
    # Who reads the district but may not open the school's history is not shown the link.
    page = client_for(cast.associate).get(district_url)
    assert page.status_code == 200 and history_url not in page.content.decode()


def test_a_schools_full_history_leads_back_to_the_districts_schools(cast, client_for):
    page = client_for(cast.admin_a).get(reverse("coaching:school_history", args=[cast.school_a.pk]))
    html = page.content.decode()
    district_url = reverse("coaching:district_detail", args=[cast.district_a.pk])
    assert (
        f'<a href="{district_url}#schools">Back to {cast.district_a.name}&#x27;s schools</a>'
        in html
    )
    assert reverse("coaching:school_update", args=[cast.school_a.pk]) not in html
    nav = html[html.index('class="breadcrumb"') : html.index("</ol>")]
    crumbs = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", nav)).strip()
    assert crumbs.endswith(f"{cast.district_a.name} {cast.school_a.name} History")


def test_a_staff_members_full_history_names_them_in_the_breadcrumb(cast, client_for):
    html = (
        client_for(cast.admin_a)
        .get(reverse("coaching:staff_history", args=[cast.person_a.pk]))
        .content.decode()
    )
    nav = html[html.index('class="breadcrumb"') : html.index("</ol>")]
    assert f'<a href="{cast.person_a.get_absolute_url()}">{cast.person_a.full_name}</a>' in nav
