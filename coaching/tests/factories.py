import datetime

import factory

from coaching.models import (
    District,
    Enrollment,
    Person,
    Program,
    Provider,
    RoleMembership,
    School,
    User,
)


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"user{n}@example.org")
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    password = factory.PostGenerationMethodCall("set_password", "correct horse battery")

    @factory.post_generation
    def _save(obj, create, extracted, **kwargs):
        if create:
            obj.save()


class ProviderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Provider
        django_get_or_create = ["slug"]

    name = "Key2Ed"
    slug = "key2ed"


class ProgramFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Program

    provider = factory.SubFactory(ProviderFactory)
    name = factory.Sequence(lambda n: f"Facilitator coaching {n}")
    slug = factory.Sequence(lambda n: f"program-{n}")
    kind = Program.Kind.FACILITATOR_CERTIFICATION


class DistrictFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = District

    name = factory.Sequence(lambda n: f"District {n}")
    slug = factory.Sequence(lambda n: f"district-{n}")
    state = "MO"


class EnrollmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Enrollment

    program = factory.SubFactory(ProgramFactory)
    district = factory.SubFactory(DistrictFactory)
    enrolled_on = datetime.date(2026, 8, 1)


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    district = factory.SubFactory(DistrictFactory)
    name = factory.Sequence(lambda n: f"School {n}")


class PersonFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Person

    district = factory.SubFactory(DistrictFactory)
    first_name = factory.Faker("first_name")
    last_name = factory.Faker("last_name")
    email = factory.Sequence(lambda n: f"staff{n}@example.org")
    job_title = "Special Education Teacher"


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = RoleMembership

    user = factory.SubFactory(UserFactory)
    role = RoleMembership.Role.COACH
