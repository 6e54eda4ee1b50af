"""The limit on request bodies: a body larger than its path allows is refused from its
Content-Length, before anything reads it."""

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from observations.models import Video
from observations.tests.factories import WEBM

MIB = 1024 * 1024
HUGE = 50 * 1024 * MIB  # the 50 GiB multipart POST of the review


class Unreadable(io.RawIOBase):
    """A wsgi.input that fails the test if anything reads it."""

    def read(self, *args):
        raise AssertionError("the request body was read")

    readline = read


def post_unread(client, path, length, **extra):
    """A multipart POST that claims `length` bytes and whose body cannot be read."""
    return client.generic(
        "POST",
        path,
        b"",
        content_type="multipart/form-data; boundary=unread",
        CONTENT_LENGTH=str(length),
        **{"wsgi.input": Unreadable()},
        **extra,
    )


@pytest.fixture
def strict_client():
    # CSRF checked as in production: its middleware reads request.POST, so the refusal must come
    # before it.
    return Client(enforce_csrf_checks=True)


def test_a_huge_post_to_the_sign_in_page_is_refused_unread(db, strict_client):
    response = post_unread(strict_client, reverse("login"), HUGE)
    assert response.status_code == 413
    assert "this page takes at most 2.5 MB" in response.content.decode()


def test_a_body_just_over_the_form_limit_is_refused_on_any_page(db, strict_client, settings):
    limit = settings.DATA_UPLOAD_MAX_MEMORY_SIZE
    for path in (reverse("login"), reverse("password_reset"), reverse("coaching:home")):
        assert post_unread(strict_client, path, limit + 1).status_code == 413


def test_a_huge_post_to_the_video_upload_is_refused_unread(cast, strict_client):
    strict_client.force_login(cast.associate)
    response = post_unread(strict_client, reverse("observations:video_upload"), HUGE)
    assert response.status_code == 413
    assert "this page takes at most 501.0 MB" in response.content.decode()
    assert not Video.objects.exists()


def test_the_video_upload_limit_follows_video_max_mb(cast, strict_client, settings):
    settings.VIDEO_MAX_MB = 2
    strict_client.force_login(cast.associate)
    path = reverse("observations:video_upload")
    over = 2 * MIB + settings.REQUEST_BODY_UPLOAD_MARGIN + 1
    assert post_unread(strict_client, path, over).status_code == 413


def test_a_video_larger_than_a_form_may_be_still_uploads(cast, client):
    """The upload's own limit is VIDEO_MAX_MB, far above the other pages' 2.5 MB."""
    client.force_login(cast.associate)
    content = WEBM.read_bytes().ljust(3 * MIB, b"\0")
    file = SimpleUploadedFile("IEP meeting.webm", content, "video/webm")
    response = client.post(
        reverse("observations:video_upload"),
        {"program": cast.program.pk, "title": "Re-evaluation", "description": "", "file": file},
    )
    video = Video.objects.get(title="Re-evaluation")
    assert response.status_code == 302 and response["Location"] == video.get_absolute_url()
    assert video.file.size == 3 * MIB


def test_a_body_without_a_length_is_refused(db, strict_client):
    response = strict_client.generic(
        "POST",
        reverse("login"),
        b"",
        CONTENT_LENGTH="",
        HTTP_TRANSFER_ENCODING="chunked",
        **{"wsgi.input": Unreadable()},
    )
    assert response.status_code == 411


def test_an_unreadable_length_is_refused(db, strict_client):
    for length in ("a lot", "-5"):
        response = strict_client.generic(
            "POST", reverse("login"), b"", CONTENT_LENGTH=length, **{"wsgi.input": Unreadable()}
        )
        assert response.status_code == 400


def test_an_ordinary_sign_in_passes(db, client):
    response = client.post(reverse("login"), {"username": "nobody@example.org", "password": "x"})
    assert response.status_code == 200


def test_a_form_takes_one_file(cast, client):
    client.force_login(cast.associate)
    files = [SimpleUploadedFile(f"part{i}.webm", WEBM.read_bytes(), "video/webm") for i in (1, 2)]
    response = client.post(
        reverse("observations:video_upload"),
        {"program": cast.program.pk, "title": "Two files", "file": files},
    )
    assert response.status_code == 400
    assert not Video.objects.exists()
