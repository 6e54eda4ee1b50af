"""Observations of coaching engagements: feedback from direct observation, structured, for the
parties only (content markers on no non-party page); artifacts checked by content and size,
nothing saved on a refusal; the site admin's openings in /admin/ logged for the coachee."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.models import ContentOpening
from coaching.tests.casts import cast_layer
from coaching.tests.engagements.test_content import NON_PARTIES, pages
from observations.models import Artifact, Observation

from .engagements import world
from .engagements.cases import CASES
from .engagements.world import FEEDBACK, PNG, pdf

MARK = "ZQXOBSMARK"
CONTENT = [*Observation.STRUCTURED_NOTES, "free_text", "location"]


@pytest.fixture(autouse=True)
def private_media():
    """The cast's artifact lives in the test settings' private storage (see test_engagement_access)."""


@cast_layer
def w(cast):
    return world.build(cast)


def _post_observation(client, w, **changes):
    data = FEEDBACK | {"observed_on": FEEDBACK["observed_on"].isoformat()} | changes
    return client.post(
        reverse("observations:engagement_observation_new", args=[w.individual.pk]), data
    )


def test_the_coach_records_feedback_and_the_coachee_reads_it(w, client_for):
    response = _post_observation(client_for(w.coach_a), w, working="Cold calls land well")
    assert response.status_code == 302
    new = Observation.objects.get(working="Cold calls land well")
    assert new.engagement == w.individual and new.observer == w.coach_a and new.coach is None
    assert new.facilitator == w.coachee_person and new.is_submitted
    page = client_for(w.coachee).get(response["Location"]).content.decode()
    assert "Cold calls land well" in page and "What was observed" in page


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"observed_on": ""}, "This field is required."),
        ({"observed_on": "2999-01-01"}, "cannot be in the future"),
        ({"not_working": ""}, "This field is required."),
        ({"next_steps": "Ask Maya (ID 123456789) first"}, "student"),
    ],
)
def test_bad_feedback_is_refused_on_the_form_and_nothing_saved(changes, message, w, client_for):
    before = Observation.objects.count()
    response = _post_observation(client_for(w.coach_a), w, **changes)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert FEEDBACK["working"] in response.content.decode()  # what was typed, shown again
    assert Observation.objects.count() == before


def _attach(client, w, upload):
    url = reverse("observations:artifact_attach", args=[w.observation.pk])
    return client.post(url, {"file": upload})


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("plan.pdf", b"MZ\x90\x00\x03" + b"\x00" * 200), "content was checked"),
        (
            SimpleUploadedFile("plan.pdf", b"<!doctype html><script>x</script>"),
            "content was checked",
        ),
        (SimpleUploadedFile("empty.pdf", b""), "empty"),
    ],
    ids=["an-executable-named-pdf", "a-web-page-named-pdf", "an-empty-file"],
)
def test_a_mistyped_artifact_is_refused_with_a_message_and_nothing_saved(
    upload, message, w, client_for
):
    before = (Artifact.objects.count(), _files())
    response = _attach(client_for(w.coachee), w, upload)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert (Artifact.objects.count(), _files()) == before


def test_an_oversized_artifact_is_refused_with_a_message_and_nothing_saved(w, client_for, settings):
    settings.ARTIFACT_MAX_MB = 1
    before = (Artifact.objects.count(), _files())
    big = pdf(content=world.PDF + b"0" * (1024 * 1024 + 1))
    response = _attach(client_for(w.coach_a), w, big)
    assert response.status_code == 200
    assert "an artifact may be up to 1 MB" in response.content.decode()
    assert (Artifact.objects.count(), _files()) == before


def test_an_image_is_attached_and_served_to_the_parties_only(w, client_for):
    upload = SimpleUploadedFile("board.png", PNG, content_type="image/png")
    assert _attach(client_for(w.coachee), w, upload).status_code == 302
    artifact = Artifact.objects.get(name="board.png")
    assert artifact.content_type == "image/png" and artifact.uploaded_by == w.coachee
    url = reverse("observations:artifact_download", args=[artifact.pk])
    response = client_for(w.coach_a).get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PNG
    assert "attachment" in response["Content-Disposition"]
    for actor in ("principal_a", "admin_a", "superuser", "associate"):
        assert client_for(getattr(w, actor)).get(url).status_code == 403  # activity only
    for actor in ("admin_b", "other_coach"):
        assert client_for(getattr(w, actor)).get(url).status_code == 404


def _files():
    from django.conf import settings

    root = settings.PRIVATE_MEDIA_ROOT / "artifacts"
    return sorted(p.name for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- content: the parties' alone ------------------------------------------------------------------


@cast_layer
def marked(cast):
    w = world.build(cast)
    Observation.objects.filter(engagement__isnull=False).update(
        **{name: f"{MARK}{name}" for name in CONTENT}
    )
    Artifact.objects.update(name=f"{MARK}artifact.pdf")
    return w


@pytest.mark.parametrize("actor", NON_PARTIES)
def test_no_observation_feedback_reaches_a_page_of_someone_not_a_party(actor, marked, client_for):
    client = client_for(getattr(marked, actor))
    urls = set(pages(marked, actor)) | {c.url(marked) for c in CASES if c.method == "get"}
    urls |= {reverse("observations:coach_list"), reverse("observations:my_practice")}
    seen = 0
    for url in sorted(urls):
        response = client.get(url)
        if response.status_code != 200:
            continue
        seen += 1
        body = b"".join(response.streaming_content) if response.streaming else response.content
        assert MARK.encode() not in body, f"{actor} read feedback on {url}"
    assert seen >= 2


def test_the_parties_read_every_feedback_field_and_the_artifacts_name(marked, client_for):
    url = reverse("observations:engagement_observation", args=[marked.observation.pk])
    for party in (marked.coach_a, marked.coachee):
        page = client_for(party).get(url).content.decode()
        for name in CONTENT:
            assert f"{MARK}{name}" in page, name
        assert f"{MARK}artifact.pdf" in page


def test_the_site_admin_opening_an_observation_or_artifact_in_the_admin_is_logged(w, client_for):
    client = client_for(w.superuser)
    for url in (
        reverse("admin:observations_observation_change", args=[w.observation.pk]),
        reverse("admin:observations_artifact_change", args=[w.artifact.pk]),
    ):
        assert client.get(url).status_code == 200
    logged = ContentOpening.objects.filter(engagement=w.individual, opened_by=w.superuser)
    assert sorted(logged.values_list("record_type", flat=True)) == ["artifact", "observation"]
    page = client_for(w.coachee).get(reverse("coaching:content_openings")).content.decode()
    assert f"Observation {w.observation.pk} of engagement {w.individual.pk}" in page
    client.get(reverse("admin:observations_observation_changelist"))
    assert logged.count() == 2  # a list is no opening


def test_the_artifact_upload_takes_a_body_of_up_to_its_limit_and_other_pages_less(w, settings):
    from coaching.middleware import MIB, request_body_limit

    url = reverse("observations:artifact_attach", args=[w.observation.pk])
    assert request_body_limit(url) == settings.ARTIFACT_MAX_MB * MIB + MIB
    other = reverse("observations:engagement_observation", args=[w.observation.pk])
    assert request_body_limit(other) == settings.DATA_UPLOAD_MAX_MEMORY_SIZE
