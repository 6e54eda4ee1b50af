"""The pipeline's, the facilitation log's and the certificates' exports: the page's rows for the
same user and query string, at a cost that does not grow with the rows."""

import datetime as dt

import pytest
from django.http import QueryDict
from django.urls import reverse
from django.utils import timezone

from certification import selectors
from certification.filters import PipelineFilter
from certification.models import Candidacy, Certificate, Facilitation
from coaching.models import Person, User
from coaching.selectors import districts_visible_to
from coaching.tests.casts import cast_layer, checkpoint, rewind, undone
from coaching.tests.exports import export_queries, export_rows


def pipeline_rows(user, query=""):
    """The pipeline page's rows (its selector and filter), as the export writes their names."""
    found = PipelineFilter(
        QueryDict(query),
        queryset=selectors.pipeline(user),
        districts=districts_visible_to(user),
    )
    return [[c.person.last_name, c.person.first_name, c.person.district.name] for c in found.qs]


def bulk_candidates(w, n, *, district=None):
    """n more candidates of district A (or `district`), written in two statements."""
    district = district or w.district_a
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(district=district, first_name="Bulk", last_name=f"Candidate {start + i:05}")
        for i in range(n)
    )
    Candidacy.objects.bulk_create(
        Candidacy(person=p, district_id=p.district_id, program=w.program) for p in people
    )


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
@pytest.mark.parametrize("actor", ["admin_a", "admin_b", "associate", "associate_b", "superuser"])
@pytest.mark.parametrize("query", ["", "phase=identified&sort=-name", "q=vandersloot"])
def test_the_pipeline_export_holds_the_pipeline_pages_rows(
    fmt, actor, query, pipeline_cast, client_for
):
    user = getattr(pipeline_cast, actor)
    url = reverse("certification:pipeline_export", args=[fmt]) + "?" + query
    rows = export_rows(client_for(user).get(url))

    assert rows[0][:3] == ["Last name", "First name", "E-mail"]
    assert [[r[0], r[1], r[3]] for r in rows[1:]] == pipeline_rows(user, query)


def test_another_districts_admin_exports_only_their_own_district(pipeline_cast, client_for):
    rows = export_rows(
        client_for(pipeline_cast.admin_b).get(
            reverse("certification:pipeline_export", args=["csv"])
        )
    )
    assert {r[3] for r in rows[1:]} == {"Riverbend"}


@pytest.mark.parametrize("actor", ["principal_a", "coach_a"])
def test_a_principal_or_a_coach_has_no_pipeline_to_export(actor, pipeline_cast, client_for):
    url = reverse("certification:pipeline_export", args=["csv"])
    assert client_for(getattr(pipeline_cast, actor)).get(url).status_code == 403


@cast_layer
def candidates_5000(pipeline_cast):
    """pipeline_cast with no candidacy but 5,000 bulk candidates of district A's (2, then 4,998):
    built once for both formats; `at_2` marks where it had 2, for a test's count at 2."""
    Candidacy.objects.all().delete()
    bulk_candidates(pipeline_cast, 2)
    pipeline_cast.at_2 = checkpoint()
    bulk_candidates(pipeline_cast, 4_998)
    return pipeline_cast


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_pipeline_export_costs_the_same_at_5000_rows_as_at_2(fmt, candidates_5000, client_for):
    client = client_for(candidates_5000.admin_a)
    url = reverse("certification:pipeline_export", args=[fmt]) + "?sort=name"
    with undone():  # back to the first 2 bulk candidates
        rewind(candidates_5000.at_2)
        at_2, rows = export_queries(client, url)
        assert len(rows) == 3

    at_5000, rows = export_queries(client, url)
    assert len(rows) == 5_001
    assert at_5000 == at_2 <= 8


# --- the facilitation log ------------------------------------------------------------------------


def bulk_facilitations(person, n, *, start=0):
    """n more meetings in `person`'s log, the `start`th onwards (their dates and models go by it)."""
    logged_by = User.objects.filter(is_superuser=True).first()
    Facilitation.objects.bulk_create(
        Facilitation(
            person=person,
            logged_by=logged_by,
            school=person.school,
            held_on=dt.date(2026, 9, 1) + dt.timedelta(days=i % 200),
            meeting_type="annual_review",
            model_used=bool(i % 2),
            minutes=45,
        )
        for i in range(start, start + n)
    )


def log_rows(person):
    return [
        [f.held_on.isoformat(), f.school.name, str(f.minutes)]
        for f in selectors.facilitation_log(person)
    ]


def test_my_facilitation_log_export_holds_my_log_only(pipeline_cast, client_for):
    w = pipeline_cast
    bulk_facilitations(w.coach_a.person, 3)
    bulk_facilitations(w.person_a, 2)  # someone else's
    rows = export_rows(
        client_for(w.coach_a).get(reverse("certification:my_facilitations_export", args=["csv"]))
    )
    assert rows[0] == ["Date", "School", "Meeting type", "Model used", "Minutes"]
    assert [[r[0], r[1], r[4]] for r in rows[1:]] == log_rows(w.coach_a.person)
    assert len(rows) == 4


@pytest.mark.parametrize("actor", ["principal_a", "admin_b", "associate"])
def test_whoever_has_no_log_of_their_own_exports_an_empty_one(actor, pipeline_cast, client_for):
    bulk_facilitations(pipeline_cast.coach_a.person, 3)
    url = reverse("certification:my_facilitations_export", args=["xlsx"])
    assert len(export_rows(client_for(getattr(pipeline_cast, actor)).get(url))) == 1


@pytest.mark.parametrize("actor", ["admin_a", "associate", "coach_a"])
def test_a_candidates_log_export_holds_their_candidacy_pages_log(actor, pipeline_cast, client_for):
    w = pipeline_cast
    bulk_facilitations(w.coach_a.person, 4)
    url = reverse(
        "certification:candidacy_facilitations_export", args=[w.coach_candidacy.pk, "csv"]
    )
    rows = export_rows(client_for(getattr(w, actor)).get(url))
    assert [[r[0], r[1], r[4]] for r in rows[1:]] == log_rows(w.coach_a.person)


@pytest.mark.parametrize("actor", ["admin_b", "principal_a"])
def test_another_districts_admin_or_a_principal_cannot_export_a_candidates_log(
    actor, pipeline_cast, client_for
):
    w = pipeline_cast
    url = reverse(
        "certification:candidacy_facilitations_export", args=[w.coach_candidacy.pk, "csv"]
    )
    assert client_for(getattr(w, actor)).get(url).status_code == 404


@cast_layer
def facilitations_5000(pipeline_cast):
    """pipeline_cast with 5,000 meetings in coach A's log (2, then 4,998), built once for both
    formats; `at_2` marks where it had 2."""
    bulk_facilitations(pipeline_cast.coach_a.person, 2)
    pipeline_cast.at_2 = checkpoint()
    bulk_facilitations(pipeline_cast.coach_a.person, 4_998, start=2)
    return pipeline_cast


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_facilitation_log_export_costs_the_same_at_5000_rows_as_at_2(
    fmt, facilitations_5000, client_for
):
    w = facilitations_5000
    client = client_for(w.coach_a)
    url = reverse("certification:my_facilitations_export", args=[fmt])
    with undone():  # back to the first 2 meetings
        rewind(w.at_2)
        at_2, rows = export_queries(client, url)
        assert len(rows) == 3
    at_5000, rows = export_queries(client, url)
    assert len(rows) == 5_001
    assert at_5000 == at_2


# --- certificates --------------------------------------------------------------------------------


def bulk_certificates(w, n, *, district=None):
    """n more certified candidates of district A (or `district`), each with a certificate."""
    district = district or w.district_a
    now = timezone.now()
    start = Person.objects.count()
    people = Person.objects.bulk_create(
        Person(district=district, first_name="Certified", last_name=f"Coach {start + i:05}")
        for i in range(n)
    )
    candidacies = Candidacy.objects.bulk_create(
        Candidacy(
            person=p,
            district_id=p.district_id,
            program=w.program,
            phase=Candidacy.Phase.CERTIFIED,
            district_approved_at=now,
            provider_approved_at=now,
        )
        for p in people
    )
    today = timezone.localdate()
    Certificate.objects.bulk_create(
        Certificate(
            candidacy=c,
            number=f"T-{c.pk:07}",
            issued_on=today,
            expires_on=today + dt.timedelta(days=365 * 3),
        )
        for c in candidacies
    )


def certificate_rows(user, query):
    found = PipelineFilter(
        QueryDict(query), queryset=selectors.pipeline(user), districts=districts_visible_to(user)
    )
    holders = [c.pk for c in found.qs if hasattr(c, "certificate")]
    return sorted(
        Certificate.objects.filter(candidacy__in=holders).values_list("number", flat=True)
    )


@pytest.mark.parametrize("actor", ["admin_a", "admin_b", "associate", "associate_b"])
@pytest.mark.parametrize("query", ["", "phase=certified", "phase=identified", "q=coach"])
def test_the_certificates_export_holds_the_certificates_of_the_pipelines_rows(
    actor, query, pipeline_cast, client_for
):
    w = pipeline_cast
    bulk_certificates(w, 3)
    bulk_certificates(w, 2, district=w.district_b)
    user = getattr(w, actor)
    url = reverse("certification:certificates_export", args=["csv"]) + "?" + query
    rows = export_rows(client_for(user).get(url))
    assert rows[0][:3] == ["Number", "Last name", "First name"]
    assert sorted(r[0] for r in rows[1:]) == certificate_rows(user, query)
    if actor == "admin_b" and query in ("", "phase=certified"):
        assert {r[3] for r in rows[1:]} == {"Riverbend"} and len(rows) == 3


@cast_layer
def certificates_5000(pipeline_cast):
    """pipeline_cast with 5,000 certified candidates of district A's (2, then 4,998), built once
    for both formats; `at_2` marks where it had 2."""
    bulk_certificates(pipeline_cast, 2)
    pipeline_cast.at_2 = checkpoint()
    bulk_certificates(pipeline_cast, 4_998)
    return pipeline_cast


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_the_certificates_export_costs_the_same_at_5000_rows_as_at_2(
    fmt, certificates_5000, client_for
):
    w = certificates_5000
    client = client_for(w.associate)
    url = reverse("certification:certificates_export", args=[fmt]) + "?phase=certified"
    with undone():  # back to the first 2 certified candidates
        rewind(w.at_2)
        at_2, rows = export_queries(client, url)
        assert len(rows) == 3
    at_5000, rows = export_queries(client, url)
    assert len(rows) == 5_001
    assert at_5000 == at_2
