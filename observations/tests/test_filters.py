"""The video library and the coach list (observations/filters.py): 50 a page, filters and search
in the database, nothing outside the user's scope."""

from django.urls import reverse

from coaching.models import Person, RoleMembership
from coaching.tests.factories import MembershipFactory, UserFactory
from observations.models import Video

from .factories import VideoFactory

LIBRARY = reverse("observations:video_list")
COACHES = reverse("observations:coach_list")


def rows(response):
    return list(response.context["page"].object_list)


def test_the_library_pages_and_filters_by_program_status_and_title(video_cast, client_for):
    w = video_cast
    template = VideoFactory(program=w.program, uploaded_by=w.associate, title="Grown 000")
    Video.objects.bulk_create(
        Video(
            program=w.program,
            title=f"Grown {i:03}",
            file=template.file.name,
            content_type="video/webm",
            size=template.size,
            uploaded_by=w.associate,
            is_active=i % 2 == 0,
        )
        for i in range(1, 51)
    )
    client = client_for(w.associate)
    first = client.get(LIBRARY, {"q": "grown"})
    assert len(rows(first)) == 50 and "?q=grown&amp;page=2" in first.content.decode()
    assert len(rows(client.get(LIBRARY, {"q": "grown", "page": 2}))) == 1
    retired = rows(client.get(LIBRARY, {"status": "retired"}))
    assert len(retired) == 25 and not any(v.is_active for v in retired)
    assert rows(client.get(LIBRARY, {"q": "annual review maple"})) == [w.video]
    newest = rows(client.get(LIBRARY, {"sort": "-added"}))
    assert newest[0].title == "Grown 050"


def test_the_library_refuses_a_program_the_associate_does_not_keep(video_cast, client_for):
    w = video_cast
    response = client_for(w.associate).get(LIBRARY, {"program": w.other_program.pk})
    assert rows(response) == [] and "program" in response.context["filter"].form.errors
    assert w.other_video not in rows(client_for(w.associate).get(LIBRARY, {"q": "MTSS"}))


def grow_coaches(district, n):
    for i in range(n):
        user = UserFactory()
        MembershipFactory(user=user, role=RoleMembership.Role.COACH, district=district)
        Person.objects.create(district=district, user=user, first_name="Grown", last_name=f"C{i}")


def test_the_coach_list_pages_searches_and_filters_by_district(cast, client_for):
    w = cast
    grow_coaches(w.district_a, 51)
    client = client_for(w.associate)
    assert len(rows(client.get(COACHES))) == 50
    assert rows(client.get(COACHES, {"page": 2}))
    in_b = rows(client.get(COACHES, {"district": w.district_b.pk}))
    assert [p.user for p in in_b] == [w.coach_b]
    assert [p.last_name for p in rows(client.get(COACHES, {"q": "C50"}))] == ["C50"]


def test_the_coach_list_refuses_a_district_the_admin_does_not_see(cast, client_for):
    response = client_for(cast.admin_a).get(COACHES, {"district": cast.district_b.pk})
    assert rows(response) == [] and "district" in response.context["filter"].form.errors
    everyone = rows(client_for(cast.admin_a).get(COACHES))
    assert {p.district_id for p in everyone} == {cast.district_a.pk}
