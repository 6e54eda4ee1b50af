"""Limits on coaching's records: a program's description and a training's numbers, refused by the
model and by the database."""

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from coaching.models import Program

from .factories import ProgramFactory


def test_a_program_description_over_the_limit_is_refused_by_the_model(db):
    program = ProgramFactory.build(description="d" * 2_001)
    with pytest.raises(ValidationError) as refused:
        program.full_clean(exclude=["provider"])
    assert refused.value.message_dict == {
        "description": ["Ensure this value has at most 2000 characters (it has 2001)."]
    }


@pytest.mark.postgres
def test_the_database_refuses_an_over_long_program_description(db):
    program = ProgramFactory()
    with pytest.raises(IntegrityError, match="description_max_length"), transaction.atomic():
        Program.objects.filter(pk=program.pk).update(description="d" * 2_001)
