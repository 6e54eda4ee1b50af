"""The rows a build wrote, written again for the next build over the same database
(certification/tests/demo.py): the database is then as the build left it."""

from django.db import connection

from certification.tests import demo
from coaching.models import Provider, User
from coaching.tests.casts import undone
from coaching.tests.factories import EnrollmentFactory, UserFactory


def test_a_build_written_again_leaves_the_database_as_the_build_did(db):
    rows = demo.Rows()
    built = []

    def build():
        built.append(1)
        EnrollmentFactory()
        UserFactory(email="once@example.com")
        return "namespace"

    with undone():
        assert rows.build_or_write("cast", build) == "namespace"
        first = demo._contents(connection)
    with undone():
        assert rows.build_or_write("cast", build) == "namespace"
        if connection.vendor == "sqlite":
            assert demo._contents(connection) == first
            assert len(built) == 1  # written, not built again
        else:  # PostgreSQL builds each time: its sequences would not follow ids written back
            assert len(built) == 2
            assert User.objects.filter(email="once@example.com").count() == 1
    assert demo._contents(connection) != first  # rolled back with the block


def test_a_build_that_changes_a_row_already_there_is_built_each_time(db):
    rows = demo.Rows()
    provider = Provider.objects.create(name="P", slug="p")
    built = []

    def build():
        built.append(1)
        Provider.objects.filter(pk=provider.pk).update(name="Renamed")

    for _ in range(2):
        with undone():
            rows.build_or_write("cast", build)
            assert Provider.objects.get(pk=provider.pk).name == "Renamed"
    assert len(built) == 2
