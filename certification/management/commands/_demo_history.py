"""A few changes for the demo's History sections (README, "History"), made through the services
by the people who would make them, so that the pages show who changed what: Maple Valley's admin
gives a counsellor a new job title, deactivates a school and reactivates it; Riverbend's admin
moves a teacher to another school; the Key2Ed associate raises the workshop's capacity. Added
once: skipped when Maple Valley's admin has changed the counsellor's record already."""

from certification import services as certification_services
from coaching import services
from coaching.models import Person, School, User
from core.history import acting_as


def load(*, program, associate) -> None:
    dana = User.objects.get(email="admin@maplevalley.example")
    samuel = Person.objects.get(district__slug="maple-valley", last_name="Okafor")
    if samuel.history.filter(history_user=dana).exists():
        return
    with acting_as(dana):
        services.person_update(person=samuel, job_title="Lead School Counselor")
        school = School.objects.get(district__slug="maple-valley", name="Maple Valley High School")
        services.school_set_active(school=school, active=False)
        services.school_set_active(school=school, active=True)
    with acting_as(User.objects.get(email="admin@riverbend.example")):
        lena = Person.objects.get(district__slug="riverbend", last_name="Novak")
        services.person_update(
            person=lena,
            school=School.objects.get(district__slug="riverbend", name="Lakeside Elementary"),
        )
    with acting_as(associate):
        certification_services.program_settings_update(
            program=program, by=associate, workshop_capacity=6
        )
