from django.urls import reverse

from certification.models import Candidacy
from coaching.tests.factories import PersonFactory


def test_a_district_admin_identifies_a_candidate_from_the_pipeline(pipeline_cast, client_for):
    w = pipeline_cast
    client = client_for(w.admin_a)
    pipeline = client.get(reverse("certification:pipeline")).content.decode()
    assert "Identify a candidate" in pipeline
    response = client.post(
        reverse("certification:candidacy_identify", args=[w.district_a.pk]),
        {"person": w.principal_a.person.pk, "program": w.program.pk, "reason": "Leads IEPs"},
        follow=True,
    )
    assert "is a Phase I candidate" in response.content.decode()
    assert "Leads IEPs" in response.content.decode()  # on the timeline


def test_only_trained_staff_not_yet_candidates_are_offered(pipeline_cast, client_for):
    w = pipeline_cast
    untrained = PersonFactory(district=w.district_a, first_name="Untrained")
    url = reverse("certification:candidacy_identify", args=[w.district_a.pk])
    page = client_for(w.admin_a).get(url).content.decode()
    assert w.principal_a.person.full_name in page  # attended the initial training
    assert w.person_a.full_name not in page  # a candidate already
    assert untrained.full_name not in page
    response = client_for(w.admin_a).post(url, {"person": w.person_a.pk, "program": w.program.pk})
    assert "Select a valid choice" in response.content.decode()
    assert Candidacy.objects.filter(person=w.person_a).count() == 1


def test_another_districts_person_is_not_offered(pipeline_cast, client_for):
    w = pipeline_cast
    response = client_for(w.admin_a).post(
        reverse("certification:candidacy_identify", args=[w.district_a.pk]),
        {"person": w.person_b.pk, "program": w.program.pk},
    )
    assert "Select a valid choice" in response.content.decode()


def test_district_then_provider_approval_reaches_phase_ii_and_the_timeline_shows_it(
    pipeline_cast, client_for
):
    w = pipeline_cast
    url = reverse("certification:candidacy_approve", args=[w.candidacy.pk])
    client_for(w.admin_a).post(url)
    response = client_for(w.associate).post(url, follow=True)
    page = response.content.decode()
    assert "Phase II: advanced training" in page
    assert "Approved by the district" in page and "Approved by the provider" in page
    assert Candidacy.objects.get(pk=w.candidacy.pk).phase == "training"


def test_a_decline_without_a_reason_changes_nothing(pipeline_cast, client_for):
    w = pipeline_cast
    response = client_for(w.associate).post(
        reverse("certification:candidacy_decline", args=[w.candidacy.pk]),
        {"reason": ""},
        follow=True,
    )
    assert "Say why" in response.content.decode()
    assert Candidacy.objects.get(pk=w.candidacy.pk).phase == "identified"


def test_the_pipeline_filters_by_phase(pipeline_cast, client_for):
    w = pipeline_cast
    client = client_for(w.associate)
    identified = client.get(reverse("certification:pipeline"), {"phase": "identified"})
    assert {c.pk for c in identified.context["page"].object_list} == {
        w.candidacy.pk,
        w.candidacy_b.pk,
        w.coach_candidacy.pk,
    }
    certified = client.get(reverse("certification:pipeline"), {"phase": "certified"})
    assert list(certified.context["page"].object_list) == []


def test_a_coach_finds_their_own_candidacy_under_my_path(pipeline_cast, client_for):
    w = pipeline_cast
    response = client_for(w.coach_a).get(reverse("certification:my_path"))
    assert [p.candidacy for p in response.context["candidacies"]] == [w.coach_candidacy]
    assert "Phase I: identified" in response.content.decode()
    empty = client_for(w.coach_b).get(reverse("certification:my_path")).content.decode()
    assert "You are not a candidate" in empty
