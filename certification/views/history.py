"""The full history of a program and its settings (README, "History"), 50 changes a page: for
those who manage the program's settings, through the settings page's own check."""

from django.contrib.auth.decorators import login_required
from django.urls import reverse

from core.history import history_page

from ..selectors.history import program_settings_history
from . import managed_program


@login_required
def program_settings_history_page(request, program_pk):
    program = managed_program(request, program_pk)
    context = {
        "title": f"History of {program.name}'s settings",
        "back_url": reverse("certification:program_settings", args=[program.pk]),
        "back_label": f"the settings of {program.name}",
    }
    return history_page(request, program_settings_history(program), context)
