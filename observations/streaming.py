"""Sending a private file to a browser that seeks in it: the whole file, or the one byte range it
asks for (HTTP range requests, RFC 9110 section 14). Media players ask for a single range; a request
for several, or a malformed one, may be ignored, and then the whole file is sent."""

import re
from datetime import datetime

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils.http import content_disposition_header, http_date, quote_etag

CHUNK_SIZE = 64 * 1024
_RANGE = re.compile(r"bytes=(\d*)-(\d*)", re.ASCII | re.IGNORECASE)


class RangeNotSatisfiable(Exception):
    """The range starts at or past the end of the file: answer 416."""


def parse_range(header: str | None, size: int) -> tuple[int, int] | None:
    """The byte range, (first, last) both included, that a Range header asks of a file of `size`
    bytes; None to send the whole file. A last byte past the end is cut to the end. Raises
    RangeNotSatisfiable for a range that starts past the end, or an empty suffix."""
    match = _RANGE.fullmatch((header or "").strip())
    if match is None:
        return None
    first, last = match.groups()
    if not first and not last:
        return None
    if not first:  # "bytes=-500": the last 500 bytes
        suffix = int(last)
        if suffix == 0 or size == 0:
            raise RangeNotSatisfiable
        return max(0, size - suffix), size - 1
    first, last = int(first), int(last) if last else None
    if last is not None and last < first:
        return None  # invalid, so ignored
    if first >= size:
        raise RangeNotSatisfiable
    return first, size - 1 if last is None else min(last, size - 1)


class FileRange:
    """Iterates over `length` bytes of an open file from byte `first`, a chunk at a time. The
    response closes it, and so the file, even when the client goes away before the end."""

    def __init__(self, file, first: int, length: int, chunk_size: int = CHUNK_SIZE):
        self.file, self.first, self.length, self.chunk_size = file, first, length, chunk_size

    def __iter__(self):
        self.file.seek(self.first)
        remaining = self.length
        while remaining > 0:
            chunk = self.file.read(min(self.chunk_size, remaining))
            if not chunk:
                return  # the file is shorter than it said: stop rather than loop
            remaining -= len(chunk)
            yield chunk

    def close(self):
        self.file.close()


def file_response(
    request, file, *, size: int, content_type: str, filename: str, modified: datetime
) -> HttpResponse:
    """The response to a GET of a private file: 200 with the whole file, 206 with the range asked
    for, or 416. Always private to the user, never sniffed, shown inline."""
    etag = quote_etag(f"{size:x}-{int(modified.timestamp()):x}")
    last_modified = http_date(modified.timestamp())
    try:
        byte_range = parse_range(request.headers.get("Range"), size)
    except RangeNotSatisfiable:
        file.close()
        response = HttpResponse(status=416)
        response["Content-Range"] = f"bytes */{size}"
    else:
        # If-Range: the range only if the file is still the one the client has the rest of.
        if request.headers.get("If-Range", etag) not in (etag, last_modified):
            byte_range = None
        if byte_range is None:
            response = FileResponse(file, content_type=content_type)
        else:
            first, last = byte_range
            length = last - first + 1
            response = StreamingHttpResponse(
                FileRange(file, first, length), status=206, content_type=content_type
            )
            response["Content-Range"] = f"bytes {first}-{last}/{size}"
            response["Content-Length"] = str(length)
        response["Content-Disposition"] = content_disposition_header(False, filename)
    response["Accept-Ranges"] = "bytes"
    response["ETag"] = etag
    response["Last-Modified"] = last_modified
    response["Cache-Control"] = "private"
    response["X-Content-Type-Options"] = "nosniff"
    return response
