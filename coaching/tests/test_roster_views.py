"""The roster import pages: the template, the preview naming each bad row, the import of exactly
the file previewed, and nothing written on bad input."""

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from coaching.models import Person

from .test_access import roster_state

GOOD = (
    "\ufefffirst_name,last_name,email,staff_id,school,job_title\r\n"
    '"Zoë","Ó Súilleabháin, Jr.",zoe@a.example,T-501,Maple Valley Elementary,Teacher\r\n'
    "Nia,Adams,nia@a.example,T-502,Brand New School,Coach\r\n"
).encode()
BAD = GOOD + b"Leo,,leo@a.example,,,\r\n"


def upload(client, w, content, name="roster.csv"):
    return client.post(
        reverse("coaching:roster_import", args=[w.district_a.pk]),
        {"file": SimpleUploadedFile(name, content, content_type="text/csv")},
    )


def test_the_template_downloads_with_the_columns(cast, client_for):
    response = client_for(cast.admin_a).get(
        reverse("coaching:roster_template", args=[cast.district_a.pk, "csv"])
    )
    assert response.status_code == 200 and "attachment" in response["Content-Disposition"]
    assert response.content.decode("utf-8-sig").startswith(
        "first_name,last_name,email,staff_id,school,job_title"
    )


def test_the_staff_page_links_the_import_for_its_admin_only(cast, client_for):
    url = reverse("coaching:staff_list", args=[cast.district_a.pk])
    importing = reverse("coaching:roster_import", args=[cast.district_a.pk])
    assert importing in client_for(cast.admin_a).get(url).content.decode()
    assert importing not in client_for(cast.associate).get(url).content.decode()


def test_a_bad_row_is_named_by_its_line_and_nothing_is_written(cast, client_for):
    client = client_for(cast.admin_a)
    before = roster_state(cast)
    page = upload(client, cast, BAD).content.decode()
    assert "1 row of the file is not right" in page
    assert "<td>4</td><td>The last name is missing.</td>" in page
    assert "Import 2 rows" not in page
    assert roster_state(cast) == before


def test_the_preview_then_the_import_writes_the_file_previewed(cast, client_for):
    client = client_for(cast.admin_a)
    before = roster_state(cast)
    page = upload(client, cast, GOOD).content.decode()
    assert "will add <strong>2</strong>" in page and "Brand New School" in page
    assert roster_state(cast) == before  # a preview writes nothing

    digest = page.split('name="digest" value="')[1].split('"')[0]
    response = client.post(
        reverse("coaching:roster_confirm", args=[cast.district_a.pk]), {"digest": digest}
    )
    assert response.status_code == 302
    zoe = Person.objects.get(district=cast.district_a, email="zoe@a.example")
    assert (zoe.first_name, zoe.last_name, zoe.staff_id) == ("Zoë", "Ó Súilleabháin, Jr.", "T-501")
    assert Person.objects.get(staff_id="T-502").school.name == "Brand New School"

    # The same file again: nothing to import, nothing changed.
    after = roster_state(cast)
    page = upload(client, cast, GOOD).content.decode()
    assert "there is nothing to import" in page
    assert roster_state(cast) == after


def test_a_digest_never_previewed_imports_nothing(cast, client_for):
    client = client_for(cast.admin_a)
    before = roster_state(cast)
    response = client.post(
        reverse("coaching:roster_confirm", args=[cast.district_a.pk]), {"digest": "0" * 64}
    )
    assert response.status_code == 302
    assert roster_state(cast) == before


def test_another_users_preview_cannot_be_confirmed(cast, client_for):
    page = upload(client_for(cast.admin_a), cast, GOOD).content.decode()
    digest = page.split('name="digest" value="')[1].split('"')[0]
    before = roster_state(cast)
    client_for(cast.superuser).post(
        reverse("coaching:roster_confirm", args=[cast.district_a.pk]), {"digest": digest}
    )
    assert roster_state(cast) == before
