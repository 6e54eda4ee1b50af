"""core/exports.py: a list's rows out as CSV and .xlsx, streamed, formulas neutralised."""

import datetime as dt
import io

import pytest
from django.http import StreamingHttpResponse
from django.urls import resolve
from openpyxl import load_workbook

from coaching.models import District, School
from coaching.tests.exports import export_rows
from core.exports import Column, export, neutralise

pytestmark = pytest.mark.django_db

COLUMNS = [Column("Name", lambda s: s.name), Column("Active", lambda s: s.is_active)]
RISKY = ['=HYPERLINK("http://x")', "+1", "-2+3", "@SUM(A1)", "\tTab", "\rReturn"]


@pytest.mark.parametrize("value", RISKY)
def test_a_cell_a_spreadsheet_would_run_gets_a_leading_quote(value):
    assert neutralise(value) == "'" + value


@pytest.mark.parametrize("value", ["Ordinary", "a=b", "Zoë O'Brien", 5, -3, dt.date(2026, 1, 2)])
def test_other_values_stay_as_they_are(value):
    assert neutralise(value) == value


@pytest.fixture
def schools():
    district = District.objects.create(name="Maple Valley", slug="maple-valley")
    names = ["Élan, École", *RISKY]
    School.objects.bulk_create(School(district=district, name=n) for n in names)
    return School.objects.filter(district=district).order_by("pk")


@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_an_export_streams_its_rows_with_formulas_neutralised(schools, fmt):
    response = export(schools, COLUMNS, fmt=fmt, name="schools")

    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Disposition"].startswith('attachment; filename="schools-')
    rows = export_rows(response)
    assert rows[0] == ["Name", "Active"]
    names = [row[0] for row in rows[1:]]
    assert names[0] == "Élan, École"
    # (An .xlsx file's XML reads a carriage return back as a newline.)
    assert [n.replace("\n", "\r") for n in names[1:]] == ["'" + v for v in RISKY]
    assert rows[1][1] in ("yes", True)


def test_the_xlsx_holds_no_formula(schools):
    body = b"".join(export(schools, COLUMNS, fmt="xlsx", name="schools").streaming_content)
    sheet = load_workbook(io.BytesIO(body)).worksheets[0]
    assert all(cell.data_type != "f" for row in sheet.iter_rows() for cell in row)


def test_the_csv_starts_with_a_byte_order_mark_for_excel(schools):
    body = b"".join(export(schools, COLUMNS, fmt="csv", name="schools").streaming_content)
    assert body.startswith("\ufeff".encode())


def test_an_export_address_takes_csv_or_xlsx_only():
    from django.urls import Resolver404

    assert resolve("/certification/export.csv").kwargs == {"fmt": "csv"}
    assert resolve("/certification/export.xlsx").kwargs == {"fmt": "xlsx"}
    with pytest.raises(Resolver404):
        resolve("/certification/export.json")
