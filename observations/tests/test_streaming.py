"""Streaming a library video: the whole file, a byte range so the browser can seek, and refusals."""

import io

import pytest
from django.urls import reverse

from observations.streaming import FileRange, RangeNotSatisfiable, parse_range

from .factories import WEBM

SIZE = 1000


@pytest.mark.parametrize(
    "header, expected",
    [
        (None, None),
        ("", None),
        ("bytes=0-99", (0, 99)),
        ("bytes=100-", (100, 999)),
        ("bytes=-100", (900, 999)),
        ("bytes=-5000", (0, 999)),  # a suffix longer than the file: all of it
        ("bytes=990-5000", (990, 999)),  # a last byte past the end is cut to the end
        ("bytes=999-999", (999, 999)),
        ("BYTES=0-0", (0, 0)),
        (" bytes=1-2 ", (1, 2)),
        # Ignored, so the whole file is sent: malformed, several ranges, another unit.
        ("bytes=5-1", None),
        ("bytes=-", None),
        ("bytes=0-1,5-9", None),
        ("items=0-1", None),
        ("bytes=x-1", None),
        ("bytes=٣-4", None),  # a digit, but not an ASCII one
    ],
)
def test_parse_range(header, expected):
    assert parse_range(header, SIZE) == expected


@pytest.mark.parametrize("header", ["bytes=1000-", "bytes=5000-6000", "bytes=-0"])
def test_a_range_past_the_end_cannot_be_satisfied(header):
    with pytest.raises(RangeNotSatisfiable):
        parse_range(header, SIZE)


def test_no_range_of_an_empty_file_can_be_satisfied():
    with pytest.raises(RangeNotSatisfiable):
        parse_range("bytes=-10", 0)


def test_file_range_yields_exactly_the_range_in_chunks_and_closes_the_file():
    file = io.BytesIO(bytes(range(256)) * 4)
    chunks = list(FileRange(file, 10, 300, chunk_size=128))
    assert [len(c) for c in chunks] == [128, 128, 44]
    assert b"".join(chunks) == (bytes(range(256)) * 4)[10:310]
    FileRange(file, 0, 1).close()  # as the response does, even when never iterated
    assert file.closed


def test_file_range_stops_at_the_end_of_a_short_file():
    assert b"".join(FileRange(io.BytesIO(b"abc"), 1, 10)) == b"bc"


# --- the stream view ------------------------------------------------------------------------------


def stream(client, w, **headers):
    return client.get(reverse("observations:video_stream", args=[w.video.pk]), headers=headers)


def body(response):
    return b"".join(response.streaming_content)


def test_the_whole_file_without_a_range(video_cast, client_for):
    response = stream(client_for(video_cast.coach_a), video_cast)

    content = WEBM.read_bytes()
    assert response.status_code == 200
    assert body(response) == content
    assert response["Content-Length"] == str(len(content))
    assert response["Content-Type"] == "video/webm"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert (
        response["Content-Disposition"] == 'inline; filename="annual-review-at-maple-valley.webm"'
    )


@pytest.mark.parametrize(
    "header, first, last",
    [("bytes=0-99", 0, 99), ("bytes=1000-", 1000, None), ("bytes=-250", -250, None)],
)
def test_a_range_answers_206_with_those_bytes(header, first, last, video_cast, client_for):
    content = WEBM.read_bytes()
    first = first % len(content)
    last = len(content) - 1 if last is None else last

    response = stream(client_for(video_cast.associate), video_cast, range=header)

    assert response.status_code == 206
    assert body(response) == content[first : last + 1]
    assert response["Content-Range"] == f"bytes {first}-{last}/{len(content)}"
    assert response["Content-Length"] == str(last - first + 1)
    assert response["Content-Type"] == "video/webm"
    assert response["Accept-Ranges"] == "bytes"
    assert response["Cache-Control"] == "private"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Content-Disposition"].startswith("inline")


def test_a_range_past_the_end_answers_416(video_cast, client_for):
    size = WEBM.stat().st_size
    response = stream(client_for(video_cast.associate), video_cast, range=f"bytes={size}-")

    assert response.status_code == 416
    assert response["Content-Range"] == f"bytes */{size}"
    assert response["Accept-Ranges"] == "bytes"


def test_a_range_of_a_changed_file_sends_the_whole_file(video_cast, client_for):
    client = client_for(video_cast.associate)
    etag = stream(client, video_cast)["ETag"]

    same = stream(client, video_cast, range="bytes=0-9", if_range=etag)
    changed = stream(client, video_cast, range="bytes=0-9", if_range='"an-older-version"')

    assert same.status_code == 206
    assert changed.status_code == 200
    assert body(changed) == WEBM.read_bytes()


@pytest.mark.parametrize("actor", ["associate_b", "coach_b", "admin_a", "principal_a"])
def test_it_refuses_anyone_the_video_is_not_for(actor, video_cast, client_for):
    # Associate B staffs another program; coach B has no observation on the video.
    response = stream(client_for(getattr(video_cast, actor)), video_cast, range="bytes=0-9")
    assert response.status_code == 404


def test_a_coach_with_an_observation_on_another_video_is_refused(video_cast, client_for):
    from .factories import ObservationFactory

    ObservationFactory(coach=video_cast.coach_b.person, video=video_cast.other_video)
    assert stream(client_for(video_cast.coach_b), video_cast).status_code == 404


def test_an_anonymous_visitor_is_sent_to_sign_in(video_cast, client_for):
    response = stream(client_for(None), video_cast)
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_missing_file_answers_404(video_cast, client_for):
    video_cast.video.file.storage.delete(video_cast.video.file.name)
    assert stream(client_for(video_cast.associate), video_cast).status_code == 404


def test_it_takes_no_post(video_cast, client_for):
    url = reverse("observations:video_stream", args=[video_cast.video.pk])
    assert client_for(video_cast.associate).post(url).status_code == 405


def test_a_private_file_has_no_public_url(video_cast):
    with pytest.raises(ValueError, match="no public URL"):
        video_cast.video.file.url  # noqa: B018
