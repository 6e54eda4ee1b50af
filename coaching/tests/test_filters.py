"""Coaching's lists (coaching/filters, notifications/filters.py): 50 rows a page, the filters,
search and sort in the database, and nothing from outside the user's scope."""

from django.urls import reverse
from django.utils import timezone

from coaching.models import District, Enrollment, Notification, Person, Program, School


def staff_url(w):
    return reverse("coaching:staff_list", args=[w.district_a.pk])


def grow_people(district, n, **fields):
    Person.objects.bulk_create(
        Person(district=district, first_name="Grown", last_name=f"Zed {i:03}", **fields)
        for i in range(n)
    )


def people(response):
    return list(response.context["people"])


# --- the staff roster ---------------------------------------------------------------------


def test_the_roster_has_a_second_page_past_50_and_its_links_keep_the_search(cast, client_for):
    grow_people(cast.district_a, 51, job_title="Teacher")
    client = client_for(cast.admin_a)
    first = client.get(staff_url(cast), {"q": "Zed"})
    assert len(people(first)) == 50
    assert "?q=Zed&amp;page=2" in first.content.decode()
    assert [p.last_name for p in people(client.get(staff_url(cast), {"q": "Zed", "page": 2}))] == [
        "Zed 050"
    ]


def test_the_roster_filters_by_school_and_status_and_sorts(cast, client_for):
    w = cast
    client = client_for(w.admin_a)
    other = School.objects.create(district=w.district_a, name="Aspen")
    grow_people(w.district_a, 2, school=other)
    grow_people(w.district_a, 1, is_active=False)
    at_aspen = people(client.get(staff_url(w), {"school": other.pk}))
    assert {p.school_id for p in at_aspen} == {other.pk} and len(at_aspen) == 2
    inactive = people(client.get(staff_url(w), {"status": "inactive"}))
    assert [p.is_active for p in inactive] == [False]
    everyone = people(client.get(staff_url(w), {"status": "all"}))
    assert len(everyone) == w.district_a.people.count()
    by_name = people(client.get(staff_url(w), {"sort": "-name"}))
    assert [p.last_name for p in by_name] == sorted((p.last_name for p in by_name), reverse=True)


def test_the_roster_refuses_another_districts_school(cast, client_for):
    response = client_for(cast.admin_a).get(staff_url(cast), {"school": cast.school_b.pk})
    assert people(response) == [] and "school" in response.context["filter"].form.errors
    assert "No one matches these filters" in response.content.decode()


# --- the district list --------------------------------------------------------------------


def grow_districts(program, n):
    districts = District.objects.bulk_create(
        District(name=f"Grown {i:03}", slug=f"grown-{i:03}", state="IL") for i in range(n)
    )
    Enrollment.objects.bulk_create(
        Enrollment(program=program, district=d, enrolled_on=timezone.localdate()) for d in districts
    )


def districts(response):
    return list(response.context["districts"])


def test_the_district_list_pages_searches_sorts_and_counts(cast, client_for):
    grow_districts(cast.program, 51)
    client = client_for(cast.associate)
    url = reverse("coaching:district_list")
    assert len(districts(client.get(url))) == 50
    assert len(districts(client.get(url, {"page": 2}))) == 53 - 50
    maple = districts(client.get(url, {"q": "maple"}))
    assert maple == [cast.district_a]
    assert (maple[0].school_count, maple[0].staff_count) == (
        cast.district_a.schools.filter(is_active=True).count(),
        cast.district_a.people.filter(is_active=True).count(),
    )
    by_name = districts(client.get(url, {"sort": "-name"}))
    assert by_name[0].name == "Riverbend"


def test_the_district_list_never_shows_a_district_outside_the_associates_programs(cast, client_for):
    response = client_for(cast.associate).get(
        reverse("coaching:district_list"), {"q": cast.district_c.name}
    )
    assert districts(response) == []


def test_the_associates_home_pages_its_districts(cast, client_for):
    grow_districts(cast.program, 51)
    response = client_for(cast.associate).get(reverse("coaching:home"))
    assert len(response.context["districts"]) == 50
    assert "Search and sort every district" in response.content.decode()


# --- the program list ---------------------------------------------------------------------


def test_the_program_list_searches_the_program_and_its_provider(cast, client_for):
    client = client_for(cast.associate_b)
    url = reverse("coaching:program_list")
    assert list(client.get(url, {"q": "illinois"}).context["programs"]) == [cast.other_program]
    assert list(client.get(url, {"q": "zzzz"}).context["programs"]) == []
    assert Program.objects.count() == 2  # the other program exists, and is not shown


# --- the inbox ----------------------------------------------------------------------------


def notify(user, n, **fields):
    fields = {"kind": "phase", "subject": "News", "body": "Body"} | fields
    Notification.objects.bulk_create(Notification(recipient=user, **fields) for _ in range(n))


def inbox(response):
    return list(response.context["page"].object_list)


def test_the_inbox_pages_newest_first_and_keeps_its_filter_on_page_2(cast, client_for):
    notify(cast.coach_a, 51, subject="Unread")
    notify(cast.coach_a, 3, subject="Read", read_at=timezone.now())
    client = client_for(cast.coach_a)
    url = reverse("coaching:inbox")
    first = inbox(client.get(url))
    assert len(first) == 50
    assert first == sorted(first, key=lambda n: (n.created_at, n.pk), reverse=True)
    unread = client.get(url, {"show": "unread"})
    assert "?show=unread&amp;page=2" in unread.content.decode()
    second = inbox(client.get(url, {"show": "unread", "page": 2}))
    assert [n.subject for n in second] == ["Unread"]


def test_the_inbox_filters_by_kind_and_shows_no_one_elses(cast, client_for):
    notify(cast.coach_a, 2, kind="training")
    notify(cast.coach_b, 5, kind="training")
    client = client_for(cast.coach_a)
    url = reverse("coaching:inbox")
    training = inbox(client.get(url, {"kind": "training"}))
    assert len(training) == 2 and {n.recipient_id for n in training} == {cast.coach_a.pk}
    assert inbox(client.get(url, {"kind": "scored"})) == []
    bad = client.get(url, {"kind": "bogus"})
    assert inbox(bad) == [] and "kind" in bad.context["filter"].form.errors


def test_the_inbox_filtered_costs_the_same_at_2_and_50(cast, client_for):
    from coaching.tests.access import count_queries

    client = client_for(cast.coach_a)
    url = reverse("coaching:inbox") + "?show=unread&kind=phase"
    notify(cast.coach_a, 2)
    at_2 = count_queries(client, url)
    notify(cast.coach_a, 48)
    assert count_queries(client, url) == at_2


def test_the_program_list_has_a_second_page_past_50(cast, client_for):
    from coaching.models import RoleMembership
    from coaching.tests.factories import MembershipFactory, ProgramFactory

    for _ in range(50):  # with the cast's program: 51
        MembershipFactory(
            user=cast.associate, role=RoleMembership.Role.ASSOCIATE, program=ProgramFactory()
        )
    client = client_for(cast.associate)
    url = reverse("coaching:program_list")
    assert len(client.get(url).context["programs"]) == 50
    assert len(client.get(url, {"page": 2}).context["programs"]) == 1
