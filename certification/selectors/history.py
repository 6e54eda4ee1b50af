"""Reads of a program's history (README, "History"): its own record and its pathway's settings,
as `core.history` sources; the settings page's fetch helper decides who reads them."""

from coaching.models import Program
from coaching.selectors.history import program_history
from core.history import Tracked
from rubrics.models import RubricVersion

from ..models import ProgramSettings


def program_settings_history(program: Program) -> list[Tracked]:
    return [
        *program_history(program),
        Tracked(
            ProgramSettings.history.filter(program_id=program.pk),
            "the settings",
            verbs={"+": "set the pathway's settings"},
            related={"cfr_version": RubricVersion.objects.select_related("rubric")},
        ),
    ]
