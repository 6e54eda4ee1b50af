"""What the export tests share: reading an export back as rows, and counting its queries with
the streamed body read (an export runs its query while it streams, not before)."""

import csv
import io

from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook


def export_rows(response) -> list[list]:
    """The rows of an export response, heading first: CSV as text, .xlsx as its cells' values."""
    assert response.status_code == 200, response.status_code
    assert isinstance(response, StreamingHttpResponse)
    body = b"".join(response.streaming_content)
    if response["Content-Type"].startswith("text/csv"):
        text = body.decode("utf-8-sig")
        return list(csv.reader(io.StringIO(text)))
    sheet = load_workbook(io.BytesIO(body), read_only=True).worksheets[0]
    return [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def export_queries(client, url) -> tuple[int, list[list]]:
    """The number of queries one export of `url` runs, its body read to the end, and its rows."""
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
        rows = export_rows(response)
    return len(queries), rows
