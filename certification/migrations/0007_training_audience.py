"""Key2Ed's training rules become the events' data (issue 10): an initial FIEP training is for the
enrolled districts, a support call for its cohort's members, the other trainings name the
program's Phase II candidates; a cohort's members are its Phase II candidates. What
certification.training keeps true from now on, written once for the rows already there."""

from django.db import migrations

PHASE_TWO_KINDS = ("advanced", "stakeholder", "workshop")


def forwards(apps, schema_editor):
    TrainingEvent = apps.get_model("coaching", "TrainingEvent")
    Candidacy = apps.get_model("certification", "Candidacy")
    Cohort = apps.get_model("coaching", "Cohort")
    events = TrainingEvent.objects.filter(program__kind="facilitator")
    events.filter(kind="support_call").update(audience="cohort", audience_label="")
    for event in events.filter(kind__in=PHASE_TWO_KINDS).select_related("program"):
        event.audience = "named"
        event.audience_label = f"a Phase II candidate of {event.program.name}"[:200]
        event.save(update_fields=["audience", "audience_label"])
        phase_two = Candidacy.objects.filter(program_id=event.program_id, phase="training")
        event.invitees.set(phase_two.values_list("person_id", flat=True))
    for cohort in Cohort.objects.filter(program__kind="facilitator"):
        placed = Candidacy.objects.filter(cohort_id=cohort.pk, phase="training")
        cohort.members.set(placed.values_list("person_id", flat=True))


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0006_limits"),
        ("coaching", "0005_training_audience"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
