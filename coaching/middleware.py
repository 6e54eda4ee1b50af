"""Middleware of the whole site."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import Resolver404, resolve, reverse

MIB = 1024 * 1024


def request_body_limit(path: str) -> int:
    """The largest request body, in bytes, that a request to this path may send.

    The video upload takes a video of up to VIDEO_MAX_MB, plus REQUEST_BODY_UPLOAD_MARGIN for the
    multipart envelope and the form's other fields; every other path takes what Django keeps in
    memory for a form (DATA_UPLOAD_MAX_MEMORY_SIZE)."""
    if path == reverse("observations:video_upload"):
        return settings.VIDEO_MAX_MB * MIB + settings.REQUEST_BODY_UPLOAD_MARGIN
    if _view_name(path) in ("observations:artifact_attach", "coaching:peer_artifact_keep"):
        return settings.ARTIFACT_MAX_MB * MIB + settings.REQUEST_BODY_UPLOAD_MARGIN
    return settings.DATA_UPLOAD_MAX_MEMORY_SIZE


def _view_name(path: str) -> str:
    try:
        return resolve(path).view_name
    except Resolver404:
        return ""


class RequestBodyLimitMiddleware:
    """Refuses a request whose body is larger than its path allows (`request_body_limit`), from its
    Content-Length header alone and before anything reads the body: 413. Django would otherwise
    read a multipart body of any size to temporary files before the view runs, on any page that
    reads request.POST (the sign-in page, say).

    A body with no Content-Length (Transfer-Encoding: chunked) is refused with 411: Django reads
    no body without a length, so the request could not mean what it sends. An unreadable
    Content-Length is refused with 400. It stands before every middleware that may read the body
    (CSRF reads request.POST); the reverse proxy's own body limit should match (README)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        refusal = self.refusal(request)
        return refusal if refusal is not None else self.get_response(request)

    def refusal(self, request):
        header = request.META.get("CONTENT_LENGTH", "")
        if not header:
            if request.META.get("HTTP_TRANSFER_ENCODING"):
                return _plain(411, "A request body needs a Content-Length header.")
            return None
        try:
            length = int(header)
        except ValueError:
            length = -1
        if length < 0:
            return _plain(400, "The Content-Length header is not a number of bytes.")
        limit = request_body_limit(request.path)
        if length > limit:
            return _plain(
                413,
                f"This request is {_size(length)}: this page takes at most {_size(limit)}. "
                "Nothing was saved.",
            )
        return None


def _size(n: int) -> str:
    return f"{n / MIB:,.1f} MB" if n >= MIB / 10 else f"{n:,} bytes"


def _plain(status: int, text: str) -> HttpResponse:
    # No template: this runs before the session and the user are known, and the answer must not
    # cost more than the refusal saves.
    return HttpResponse(text, status=status, content_type="text/plain; charset=utf-8")
