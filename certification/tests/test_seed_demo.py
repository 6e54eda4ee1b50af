from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from certification.models import Candidacy, Certificate, ProgramSettings, Submission
from certification.selectors.certificates import certificate_status
from coaching.models import District, Person, Provider, School, User
from observations.models import PracticeRating
from rubrics.models import Rubric

# The demo, seeded once a run (a cast layer: certification/tests/demo.py).


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed():
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115


def test_the_demo_has_every_login_the_readme_lists_and_something_on_each_screen(seeded_demo, debug):
    for email in [
        "associate@key2ed.example",
        "admin@maplevalley.example",
        "admin@riverbend.example",
        "coach@maplevalley.example",
        "coach@riverbend.example",
        "coach3@maplevalley.example",
        "coach4@maplevalley.example",
        "principal@maplevalley.example",
        "siteadmin@coaching.example",
        "associate@ilmtss.example",
    ]:
        assert User.objects.get(email=email).check_password("coach-demo-2026")
    assert District.objects.count() == 2
    assert Rubric.objects.count() == 2
    # The CFR is Key2Ed's; the public Missouri profile is kept by the network provider.
    owners = dict(Rubric.objects.values_list("slug", "owner"))
    key2ed, network = (Provider.objects.get(slug=s).pk for s in ("key2ed", "il-mtss-network"))
    assert owners == {
        "coaching-facilitation-rubric": f"provider:{key2ed}",
        "missouri-coaching-practice-profile": f"provider:{network}",
    }
    rules = ProgramSettings.objects.get(program__slug="key2ed-facilitator-coaching")
    assert (
        rules.cfr_version == Rubric.objects.get(slug="coaching-facilitation-rubric").versions.get()
    )
    assert PracticeRating.objects.filter(relation="self").count() == 3
    phases = Counter(Candidacy.objects.values_list("phase", flat=True))
    assert phases == {"identified": 2, "training": 1, "review": 2, "certified": 3, "declined": 1}
    outcomes = Counter(Submission.objects.values_list("outcome", flat=True))
    assert outcomes == {"passed": 1, "repeat": 1, "pending": 1}
    statuses = {certificate_status(c) for c in Certificate.objects.all()}
    assert statuses == {"active", "expiring", "lapsed"}
    assert Candidacy.objects.get(person__first_name="Jordan").cohort.events.count() == 4


def test_seeding_again_after_users_changed_things_keeps_their_changes(seeded_demo, debug):
    elena = Person.objects.get(first_name="Elena")
    elena.last_name = "Sorensen-Hale"
    elena.save()
    School.objects.filter(name="Maple Valley Elementary").update(name="Maple Valley Primary")
    counts = (Person.objects.count(), School.objects.count(), PracticeRating.objects.count())
    seed()
    assert (
        Person.objects.count(),
        School.objects.count(),
        PracticeRating.objects.count(),
    ) == counts
    assert Person.objects.filter(last_name="Sorensen-Hale").exists()
    assert not School.objects.filter(name="Maple Valley Elementary").exists()


def test_the_demo_refuses_to_load_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="only with DEBUG on"):
        call_command("seed_demo")
    assert not User.objects.exists()


def test_the_demos_expiring_coach_is_inside_the_recertification_window_and_tomas_is_not(
    seeded_demo, debug
):
    from certification import services
    from observations.models import Video

    associate = User.objects.get(email="associate@key2ed.example")
    grace = Candidacy.objects.get(person__user__email="coach4@maplevalley.example")
    tomas = Candidacy.objects.get(person__user__email="coach3@maplevalley.example")
    video = Video.objects.create(
        program=grace.program,
        title="Annual review",
        file="v.mp4",
        content_type="video/mp4",
        size=1,
        uploaded_by=associate,
    )
    assert services.video_assign(candidacy=grace, video=video, by=associate).purpose == (
        "recertification"
    )
    with pytest.raises(ValidationError, match="Recertification opens on"):
        services.video_assign(candidacy=tomas, video=video, by=associate)


def test_the_demo_network_trains_its_coaches_one_past_training_attended_one_to_come(
    seeded_demo, debug
):
    from django.utils import timezone

    from coaching.models import Registration, TrainingEvent

    seed()  # again (the layer seeded it once): nothing twice
    network = TrainingEvent.objects.filter(program__slug="il-mtss-coach-the-coach")
    assert sorted(network.values_list("kind", "audience")) == [
        ("network_training", "coaches"),
        ("network_training", "coaches"),
    ]
    past = network.get(starts_at__lt=timezone.now())
    upcoming = network.get(starts_at__gt=timezone.now())
    assert set(past.registrations.values_list("attendance", flat=True)) == {
        Registration.Attendance.ATTENDED
    }
    assert upcoming.registrations.filter(person__user__email="coach@riverbend.example").exists()
    associate = User.objects.get(email="associate@ilmtss.example")
    assert associate.memberships.get().program.slug == "il-mtss-coach-the-coach"


def test_the_demo_calendar_has_planned_sessions_and_a_cancelled_training(
    seeded_demo, debug, client
):
    from django.urls import reverse
    from icalendar import Calendar

    from coaching.models import PlannedSession, TrainingEvent, User
    from coaching.services.calendar import calendar_feed_reset

    # Seeded once by the layer (seed_demo over the empty database, as this test called it).
    assert PlannedSession.objects.filter(cancelled_at__isnull=True).count() == 2
    assert TrainingEvent.objects.filter(cancelled_at__isnull=False).count() == 1
    token = calendar_feed_reset(user=User.objects.get(email="coach@maplevalley.example"))
    feed = Calendar.from_ical(client.get(reverse("coaching:calendar_feed", args=[token])).content)
    statuses = [str(e["STATUS"]) for e in feed.walk("VEVENT")]
    assert statuses.count("CANCELLED") == 1 and statuses.count("CONFIRMED") >= 2
    # Run again, the demo plans nothing twice.
    call_command("seed_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert PlannedSession.objects.count() == 2


def test_the_demo_staff_page_history_lists_the_roles_the_demo_gave(seeded_demo, debug, client):
    """The staff page says each role given is in its history: the demo's are too, given by the
    application (no one signed in)."""
    from coaching.models import RoleChange

    coach = User.objects.get(email="coach@maplevalley.example")
    assert list(RoleChange.objects.filter(user=coach).values_list("role", "action", "by")) == [
        ("coach", "granted", None)
    ]
    client.force_login(User.objects.get(email="admin@maplevalley.example"))
    page = client.get(Person.objects.get(user=coach).get_absolute_url()).content.decode()
    assert "The application gave the role coach of Maple Valley" in page
