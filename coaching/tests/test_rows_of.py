"""`rows_of`, the snapshot a refused change of the access tables must leave as it was: it sees a
changed column, a new row and a deleted one (coaching/tests/access.py)."""

from coaching.models import School
from coaching.tests.access import rows_of


def test_the_snapshot_sees_any_change_to_the_rows(cast):
    before = rows_of(School)
    assert rows_of(School) == before
    assert len(before[0]) == School.objects.count()

    School.objects.filter(pk=cast.school_a.pk).update(name="Renamed")
    assert rows_of(School) != before
    School.objects.filter(pk=cast.school_a.pk).update(name=cast.school_a.name)
    assert rows_of(School) == before

    extra = School.objects.create(district=cast.district_a, name="New school")
    assert rows_of(School) != before
    extra.delete()
    assert rows_of(School) == before

    School.objects.filter(pk=extra.pk).delete()  # gone already: nothing changes
    assert rows_of(School) == before
    School.objects.filter(pk=cast.school_c.pk).update(is_active=False)
    assert rows_of(School) != before
