"""What a district admin does with the roster in the browser, through the test client."""

from django.urls import reverse

from coaching.models import Person, School


def test_a_district_admin_adds_a_staff_member(cast, client_for):
    client = client_for(cast.admin_a)
    response = client.post(
        reverse("coaching:staff_create", args=[cast.district_a.pk]),
        {
            "first_name": "Nia",
            "last_name": "Adams",
            "email": "Nia.Adams@A.example",
            "job_title": "School Psychologist",
            "school": cast.school_a.pk,
        },
        follow=True,
    )
    assert "Added Nia Adams to the roster." in response.content.decode()
    person = Person.objects.get(first_name="Nia")
    assert (person.district, person.school, person.email) == (
        cast.district_a,
        cast.school_a,
        "nia.adams@a.example",
    )


def test_bad_input_shows_on_the_form_and_saves_nothing(cast, client_for):
    client = client_for(cast.admin_a)
    before = Person.objects.count()
    response = client.post(
        reverse("coaching:staff_create", args=[cast.district_a.pk]),
        {"first_name": "Nia", "last_name": "", "email": "not-an-address", "school": ""},
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert "last_name" in form.errors and "email" in form.errors
    assert "Enter a valid email address." in response.content.decode()
    assert Person.objects.count() == before


def test_a_duplicate_email_is_explained_on_the_form(cast, client_for):
    response = client_for(cast.admin_a).post(
        reverse("coaching:staff_create", args=[cast.district_a.pk]),
        {"first_name": "Copy", "last_name": "Cat", "email": cast.person_a.email, "school": ""},
    )
    assert "already has that e-mail address" in response.content.decode()


def test_the_school_choice_offers_only_the_districts_active_schools(cast, client_for):
    closed = School.objects.create(district=cast.district_a, name="Closed School", is_active=False)
    response = client_for(cast.admin_a).get(
        reverse("coaching:staff_create", args=[cast.district_a.pk])
    )
    choices = list(response.context["form"].fields["school"].queryset)
    assert choices == [cast.school_a]
    assert closed not in choices


def test_posting_another_districts_school_is_refused_on_the_form(cast, client_for):
    response = client_for(cast.admin_a).post(
        reverse("coaching:staff_create", args=[cast.district_a.pk]),
        {"first_name": "Nia", "last_name": "Adams", "school": cast.school_b.pk},
    )
    assert "Select a valid choice" in response.content.decode()
    assert not Person.objects.filter(first_name="Nia").exists()


def test_editing_a_person_keeps_what_was_not_changed(cast, client_for):
    person = cast.person_a
    client_for(cast.admin_a).post(
        reverse("coaching:staff_update", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": "Sorensen-Hale",
            "email": person.email,
            "job_title": person.job_title,
            "school": cast.school_a.pk,
        },
    )
    person.refresh_from_db()
    assert person.last_name == "Sorensen-Hale"
    assert person.school == cast.school_a


def test_deactivate_then_reactivate_a_staff_member(cast, client_for):
    client = client_for(cast.admin_a)
    client.post(reverse("coaching:staff_deactivate", args=[cast.person_a.pk]))
    cast.person_a.refresh_from_db()
    assert not cast.person_a.is_active
    roster = client.get(reverse("coaching:staff_list", args=[cast.district_a.pk]))
    assert cast.person_a not in roster.context["people"]
    everyone = client.get(
        reverse("coaching:staff_list", args=[cast.district_a.pk]), {"status": "inactive"}
    )
    assert cast.person_a in everyone.context["people"]
    client.post(reverse("coaching:staff_reactivate", args=[cast.person_a.pk]))
    cast.person_a.refresh_from_db()
    assert cast.person_a.is_active


def test_the_roster_search_finds_by_name_email_and_title(cast, client_for):
    client = client_for(cast.admin_a)
    url = reverse("coaching:staff_list", args=[cast.district_a.pk])
    found = client.get(url, {"q": cast.person_a.last_name}).context["people"]
    assert found == [cast.person_a]
    assert client.get(url, {"q": "zzzz-nobody"}).context["people"] == []
    # As the roster shows names: "Last, First".
    as_listed = f"{cast.person_a.last_name}, {cast.person_a.first_name}"
    assert client.get(url, {"q": as_listed}).context["people"] == [cast.person_a]
    assert "No one matches these filters" in client.get(url, {"q": "zzzz-nobody"}).content.decode()


def test_a_school_is_added_renamed_and_deactivated(cast, client_for):
    client = client_for(cast.admin_a)
    client.post(reverse("coaching:school_create", args=[cast.district_a.pk]), {"name": "Oak Hill"})
    school = School.objects.get(name="Oak Hill")
    client.post(reverse("coaching:school_update", args=[school.pk]), {"name": "Oak Hill Middle"})
    client.post(reverse("coaching:school_deactivate", args=[school.pk]))
    school.refresh_from_db()
    assert (school.name, school.is_active) == ("Oak Hill Middle", False)


def test_renaming_a_school_to_a_taken_name_says_so_and_keeps_the_old_name(cast, client_for):
    other = School.objects.create(district=cast.district_a, name="Oak Hill")
    response = client_for(cast.admin_a).post(
        reverse("coaching:school_update", args=[other.pk]), {"name": "Maple Valley Elementary"}
    )
    assert "already has a school of that name" in response.content.decode()
    assert "Rename Oak Hill" in response.content.decode()  # the heading names the saved school
    other.refresh_from_db()
    assert other.name == "Oak Hill"


def test_the_home_page_tells_a_new_district_admin_what_to_do_first(db, client_for):
    from coaching.tests.factories import DistrictFactory, MembershipFactory, UserFactory

    district = DistrictFactory()
    admin = UserFactory()
    MembershipFactory(user=admin, role="district_admin", district=district)
    page = client_for(admin).get(reverse("coaching:home")).content.decode()
    assert "No schools yet" in page and "Add your first school" in page
    assert "No staff on the roster yet" in page


def test_a_login_without_a_role_is_told_whom_to_ask(db, client_for):
    from coaching.tests.factories import UserFactory

    page = client_for(UserFactory()).get(reverse("coaching:home")).content.decode()
    assert "Your account has no role yet" in page


def test_the_associate_home_lists_enrolled_districts_with_counts(cast, client_for):
    response = client_for(cast.associate).get(reverse("coaching:home"))
    districts = {d.name: d for d in response.context["districts"]}
    assert set(districts) == {"Maple Valley", "Riverbend"}
    # Maple Valley: person_a, admin_a, coach_a and principal_a on the roster.
    assert districts["Maple Valley"].staff_count == 4
    assert districts["Maple Valley"].school_count == 1


def test_a_coach_sees_their_own_profile(cast, client_for):
    response = client_for(cast.coach_a).get(reverse("coaching:profile"))
    assert response.context["person"].school == cast.school_a
    assert [m.get_role_display() for m in response.context["memberships"]] == ["Coach"]
    assert "Coach — Maple Valley" in response.content.decode()


def test_a_coach_reads_their_own_record_but_cannot_edit_it(cast, client_for):
    client = client_for(cast.coach_a)
    own = cast.coach_a.person
    assert client.get(reverse("coaching:staff_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("coaching:staff_update", args=[own.pk])).status_code == 403


def test_an_admin_cannot_deactivate_themself(cast, client_for):
    own = cast.admin_a.person
    response = client_for(cast.admin_a).post(
        reverse("coaching:staff_deactivate", args=[own.pk]), follow=True
    )
    assert "You cannot deactivate yourself" in response.content.decode()
    own.refresh_from_db()
    cast.admin_a.refresh_from_db()
    assert own.is_active and cast.admin_a.is_active


def test_editing_someone_at_a_deactivated_school_keeps_them_there(cast, client_for):
    person = cast.person_a
    cast.school_a.is_active = False
    cast.school_a.save()
    client = client_for(cast.admin_a)
    form = client.get(reverse("coaching:staff_update", args=[person.pk])).context["form"]
    assert cast.school_a in form.fields["school"].queryset
    client.post(
        reverse("coaching:staff_update", args=[person.pk]),
        {
            "first_name": person.first_name,
            "last_name": person.last_name,
            "email": person.email,
            "job_title": "Lead teacher",
            "school": cast.school_a.pk,
        },
    )
    person.refresh_from_db()
    assert (person.job_title, person.school) == ("Lead teacher", cast.school_a)


def test_one_bad_filter_does_not_drop_the_others(cast, client_for):
    url = reverse("coaching:staff_list", args=[cast.district_a.pk])
    response = client_for(cast.admin_a).get(url, {"school": cast.school_b.pk, "q": "zzzz"})
    assert response.context["people"] == []


def test_an_empty_deactivated_list_says_no_one_matches(cast, client_for):
    url = reverse("coaching:staff_list", args=[cast.district_a.pk])
    page = client_for(cast.admin_a).get(url, {"status": "inactive"}).content.decode()
    assert "No one matches these filters" in page
    assert "Add the first staff member" not in page


def test_the_district_page_lists_only_programs_the_viewer_may_see(cast, client_for):
    from coaching.tests.factories import EnrollmentFactory

    EnrollmentFactory(program=cast.other_program, district=cast.district_a)
    response = client_for(cast.associate).get(
        reverse("coaching:district_detail", args=[cast.district_a.pk])
    )
    assert [e.program for e in response.context["programs"]] == [cast.program]


def test_a_principal_sees_the_staff_of_their_school_on_their_home_page(cast, client_for):
    response = client_for(cast.principal_a).get(reverse("coaching:home"))
    (school,) = response.context["principal_schools"]
    assert cast.person_a in school.active_people
    assert cast.person_a.get_absolute_url() in response.content.decode()
