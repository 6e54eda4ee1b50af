"""The roster import (coaching/services/roster.py): a preview that names every bad row, nothing
written unless every row is good, the same file twice changing nothing, people matched by e-mail
or staff id, and the files real districts have."""

import pytest

from coaching.models import District, Person, School
from coaching.services.roster import RosterRefused, roster_import, roster_preview, roster_template

pytestmark = pytest.mark.django_db

HEADING = "first_name,last_name,email,staff_id,school,job_title\n"


@pytest.fixture
def district():
    district = District.objects.create(name="Maple Valley", slug="maple-valley")
    school = School.objects.create(district=district, name="Elm Elementary")
    Person.objects.create(
        district=district,
        school=school,
        first_name="Ana",
        last_name="Lopez",
        email="ana@mv.example",
        staff_id="T-1",
    )
    return district


def roster(district):
    return sorted(
        Person.objects.filter(district=district).values_list(
            "first_name", "last_name", "email", "staff_id", "school__name", "job_title"
        )
    )


def snapshot(district):
    return (
        list(Person.objects.filter(district=district).order_by("pk").values()),
        list(School.objects.filter(district=district).order_by("pk").values()),
    )


def csv_bytes(*rows, heading=HEADING):
    return (heading + "".join(f"{r}\n" for r in rows)).encode()


def test_a_good_file_adds_people_and_their_new_school(district):
    content = csv_bytes(
        "Ben,Okafor,ben@mv.example,T-2,Elm Elementary,Teacher",
        "Cleo,Ng,,T-3,Oak Middle,Coach",
    )
    preview = roster_preview(district=district, content=content)
    assert preview.ok and len(preview.added) == 2 and preview.new_schools == ["Oak Middle"]
    assert roster(district) == [("Ana", "Lopez", "ana@mv.example", "T-1", "Elm Elementary", "")]

    roster_import(district=district, content=content)
    assert ("Cleo", "Ng", "", "T-3", "Oak Middle", "Coach") in roster(district)
    assert len(roster(district)) == 3


def test_a_file_with_one_bad_row_writes_nothing_and_names_the_line(district):
    content = csv_bytes(
        "Ben,Okafor,ben@mv.example,T-2,Elm Elementary,Teacher",
        "Cleo,,cleo@mv.example,,New School,",
        "Dan,Reyes,dan@mv.example,,,",
    )
    before = snapshot(district)
    with pytest.raises(RosterRefused) as refused:
        roster_import(district=district, content=content)
    [bad] = refused.value.preview.bad
    assert bad.line == 3 and "last name is missing" in bad.reason
    assert snapshot(district) == before


@pytest.mark.parametrize(
    ("row", "reason"),
    [
        ("Ben,Okafor,not-an-address,,,", "is not an e-mail address"),
        ("Ben,Okafor,,,,", "needs an e-mail address or a staff id"),
        ("Ben,Okafor,ben@mv.example,,,Teacher DOB 4/12/2015", "date of birth"),
        ("Ben,Okafor,ben@mv.example,,,Teacher,extra", "cells where the heading names 6"),
        (f"Ben,{'O' * 101},ben@mv.example,,,", "longer than 100"),
        ("Ben,Okafor,ana@mv.example,T-9,,", "has the staff id T-1, not T-9"),
    ],
)
def test_each_bad_row_says_why(district, row, reason):
    preview = roster_preview(district=district, content=csv_bytes(row))
    assert [b.line for b in preview.bad] == [2]
    assert reason in preview.bad[0].reason


def test_two_rows_about_one_person_are_refused(district):
    content = csv_bytes("Ben,Okafor,ben@mv.example,,,", "Benjamin,Okafor,BEN@mv.example,,,")
    preview = roster_preview(district=district, content=content)
    assert [b.line for b in preview.bad] == [3] and "Line 2" in preview.bad[0].reason


def test_importing_the_same_file_again_changes_nothing(district):
    content = csv_bytes(
        "Ana,Lopez,ana@mv.example,T-1,Elm Elementary,Teacher",
        "Ben,Okafor,ben@mv.example,T-2,Oak Middle,Teacher",
    )
    roster_import(district=district, content=content)
    after_first = snapshot(district)

    preview = roster_import(district=district, content=content)
    assert (len(preview.added), len(preview.changed), len(preview.unchanged)) == (0, 0, 2)
    assert snapshot(district) == after_first


def test_a_person_is_matched_by_email_in_any_case_or_by_staff_id_never_duplicated(district):
    by_email = csv_bytes("Ana,Lopez-Diaz,ANA@MV.EXAMPLE,,Elm Elementary,")
    preview = roster_import(district=district, content=by_email)
    assert len(preview.changed) == 1 and preview.changed[0].changes == ["last name"]

    by_staff_id = csv_bytes("Ana,Lopez-Diaz,ana.ld@mv.example,T-1,Elm Elementary,")
    preview = roster_import(district=district, content=by_staff_id)
    assert preview.changed[0].changes == ["email"]
    assert roster(district) == [
        ("Ana", "Lopez-Diaz", "ana.ld@mv.example", "T-1", "Elm Elementary", "")
    ]


def test_an_email_and_a_staff_id_of_two_different_people_are_refused(district):
    Person.objects.create(district=district, first_name="Ben", last_name="O", staff_id="T-2")
    preview = roster_preview(district=district, content=csv_bytes("Ana,Lopez,ana@mv.example,T-2,,"))
    assert "which one is it?" in preview.bad[0].reason


def test_a_byte_order_mark_a_quoted_comma_blank_lines_and_names_beyond_ascii(district):
    content = "\ufeff" + HEADING.replace("\n", "\r\n")
    content += '"Zoë","Ó Súilleabháin, Jr.",zoe@mv.example,,"Elm Elementary","Teacher, SPED"\r\n'
    content += "\r\n,,,,,\r\n"
    content += "Łukasz,Wójcik,lw@mv.example,T-7,,\r\n"
    preview = roster_import(district=district, content=content.encode("utf-8"))
    assert preview.ok and len(preview.added) == 2
    assert (
        "Zoë",
        "Ó Súilleabháin, Jr.",
        "zoe@mv.example",
        "",
        "Elm Elementary",
        "Teacher, SPED",
    ) in roster(district)
    assert ("Łukasz", "Wójcik", "lw@mv.example", "T-7", None, "") in roster(district)


def test_excels_csv_in_windows_1252_with_semicolons(district):
    content = HEADING.replace(",", ";") + "José;Núñez;jn@mv.example;;;Teacher\r\n"
    preview = roster_import(district=district, content=content.encode("cp1252"))
    assert preview.ok
    assert ("José", "Núñez", "jn@mv.example", "", None, "Teacher") in roster(district)


def test_a_heading_that_names_no_known_columns_is_refused(district):
    preview = roster_preview(district=district, content=b"name,mail\nAna,ana@mv.example\n")
    assert not preview.ok and "Line 1" in preview.problem and "first_name" in preview.problem


def test_the_template_imports_as_it_is(district):
    for fmt in ("csv", "xlsx"):
        preview = roster_preview(district=district, content=roster_template(fmt))
        assert preview.ok and len(preview.added) == 2, (fmt, preview.problem, preview.bad)


def test_the_roster_export_imports_back_unchanged(district):
    from coaching.tests.exports import export_rows
    from coaching.views.roster import ROSTER_COLUMNS
    from core.exports import export

    response = export(Person.objects.filter(district=district), ROSTER_COLUMNS, fmt="csv", name="r")
    content = b"".join(response.streaming_content)
    assert len(export_rows(export(Person.objects.all(), ROSTER_COLUMNS, fmt="csv", name="r"))) == 2
    preview = roster_preview(district=district, content=content)
    assert preview.ok and len(preview.unchanged) == 1


def test_changes_shared_by_many_and_changes_of_one_are_all_written(district):
    rows = [f"P{i},Q{i},p{i}@mv.example,,Elm Elementary,Teacher" for i in range(5)]
    roster_import(district=district, content=csv_bytes(*rows))
    rows = [f"P{i},Q{i},p{i}@mv.example,,Oak Middle,Coach" for i in range(4)]
    rows.append("Pia,Q4,p4@mv.example,S-4,Elm Elementary,Teacher")
    preview = roster_import(district=district, content=csv_bytes(*rows))
    assert len(preview.changed) == 5
    people = roster(district)
    assert ("P0", "Q0", "p0@mv.example", "", "Oak Middle", "Coach") in people
    assert ("P3", "Q3", "p3@mv.example", "", "Oak Middle", "Coach") in people
    assert ("Pia", "Q4", "p4@mv.example", "S-4", "Elm Elementary", "Teacher") in people
    assert len(people) == 6
