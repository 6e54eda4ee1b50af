import django.core.validators
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Length

import coaching.privacy

APP_LABEL = "certification"
TEXTS = [
    ("candidacyevent", "reason", 2000),
    ("certificate", "revoked_reason", 2000),
    ("facilitation", "note", 300),
    ("submission", "feedback", 10000),
]
NUMBERS = [
    ("facilitation", "minutes", 5, 600),
    ("programsettings", "cfr_passing_minimum", 0, 100000),
    ("programsettings", "annual_minimum", 0, 365),
    ("programsettings", "workshop_capacity", 1, 100),
    ("programsettings", "school_year_start_month", 1, 12),
    ("programsettings", "certificate_valid_months", 1, 120),
    ("programsettings", "review_window_days", 1, 365),
]


def refuse_rows_past_limits(texts, numbers=()):
    """Before the CHECK constraints: stop, naming them, if rows stored before the limits hold a text
    longer than its new limit or a number out of its range. Nothing a user saved is cut or changed
    here; whoever runs the migration shortens those rows (in the site admin) and runs it again.
    `texts`: (model, field, limit); `numbers`: (model, field, low, high)."""

    def run(apps, schema_editor):
        alias = schema_editor.connection.alias
        found = []
        for model_name, field, limit in texts:
            model = apps.get_model(APP_LABEL, model_name)
            rows = model.objects.using(alias).annotate(n=Length(field)).filter(n__gt=limit)
            found += [
                f"{model_name} {pk}: {field} is {n} characters (at most {limit})"
                for pk, n in rows.values_list("pk", "n")[:20]
            ]
        for model_name, field, low, high in numbers:
            model = apps.get_model(APP_LABEL, model_name)
            rows = model.objects.using(alias).exclude(**{f"{field}__range": (low, high)})
            rows = rows.exclude(**{f"{field}__isnull": True})
            found += [
                f"{model_name} {pk}: {field} is {v} (from {low} to {high})"
                for pk, v in rows.values_list("pk", field)[:20]
            ]
        if found:
            raise RuntimeError(
                f"{APP_LABEL}: rows stored before the limits are past them; nothing was changed. "
                "Shorten or correct these, then migrate again:\n  " + "\n  ".join(found)
            )

    return run


def window_shorter_than_validity(apps, schema_editor):
    """The new recertification window (120 days) must be shorter than a certificate's validity:
    a program whose certificates run four months or less gets a window just inside it."""
    ProgramSettings = apps.get_model(APP_LABEL, "programsettings")
    for row in ProgramSettings.objects.using(schema_editor.connection.alias).filter(
        certificate_valid_months__lte=4
    ):
        row.recertification_window_days = min(
            row.recertification_window_days, row.certificate_valid_months * 28 - 1
        )
        row.save(update_fields=["recertification_window_days"])


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0005_cfr_version"),
        ("coaching", "0003_notifications"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="programsettings",
            name="recertification_window_days",
            field=models.PositiveSmallIntegerField(
                default=120,
                help_text="Recertification opens this many days before a certificate expires: a video is assigned no earlier.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(730),
                ],
                verbose_name="recertification window (days)",
            ),
        ),
        migrations.AlterField(
            model_name="candidacyevent",
            name="reason",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(2000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="certificate",
            name="revoked_reason",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(2000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="programsettings",
            name="annual_minimum",
            field=models.PositiveSmallIntegerField(
                default=5,
                help_text="Facilitated IEP meetings a year, using the model.",
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(365),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="programsettings",
            name="certificate_valid_months",
            field=models.PositiveSmallIntegerField(
                default=24,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(120),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="programsettings",
            name="cfr_passing_minimum",
            field=models.PositiveIntegerField(
                blank=True,
                help_text='The source leaves it blank ("a minimum score of ___"): the program sets it.',
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(100000),
                ],
                verbose_name="CFR minimum score",
            ),
        ),
        migrations.AlterField(
            model_name="programsettings",
            name="review_window_days",
            field=models.PositiveSmallIntegerField(
                default=14,
                help_text="A submission should be scored within this many days.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(365),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="programsettings",
            name="workshop_capacity",
            field=models.PositiveSmallIntegerField(
                default=5,
                help_text="Candidates per coaching workshop.",
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(100),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="submission",
            name="feedback",
            field=models.TextField(
                blank=True,
                help_text="The associate's feedback to the coach.",
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
            ),
        ),
        migrations.RunPython(refuse_rows_past_limits(TEXTS, NUMBERS), migrations.RunPython.noop),
        migrations.RunPython(window_shorter_than_validity, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="candidacyevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("reason__length__lte", 2000)),
                name="certification_candidacyevent_reason_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="certificate",
            constraint=models.CheckConstraint(
                condition=models.Q(("revoked_reason__length__lte", 2000)),
                name="certification_certificate_revoked_reason_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="facilitation",
            constraint=models.CheckConstraint(
                condition=models.Q(("minutes__gte", 5), ("minutes__lte", 600)),
                name="certification_facilitation_minutes_range",
                violation_error_message="Between 5 and 600.",
            ),
        ),
        migrations.AddConstraint(
            model_name="facilitation",
            constraint=models.CheckConstraint(
                condition=models.Q(("note__length__lte", 300)),
                name="certification_facilitation_note_max_length",
                violation_error_message="At most 300 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("cfr_passing_minimum__gte", 0), ("cfr_passing_minimum__lte", 100000)),
                    ("cfr_passing_minimum__isnull", True),
                    _connector="OR",
                ),
                name="certification_programsettings_cfr_passing_minimum_range",
                violation_error_message="Between 0 and 100,000.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("annual_minimum__gte", 0), ("annual_minimum__lte", 365)),
                name="certification_programsettings_annual_minimum_range",
                violation_error_message="Between 0 and 365.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(("workshop_capacity__gte", 1), ("workshop_capacity__lte", 100)),
                name="certification_programsettings_workshop_capacity_range",
                violation_error_message="Between 1 and 100.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("school_year_start_month__gte", 1), ("school_year_start_month__lte", 12)
                ),
                name="certification_programsettings_school_year_start_month_range",
                violation_error_message="Between 1 and 12.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("certificate_valid_months__gte", 1), ("certificate_valid_months__lte", 120)
                ),
                name="certification_programsettings_certificate_valid_months_range",
                violation_error_message="Between 1 and 120.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("review_window_days__gte", 1), ("review_window_days__lte", 365)
                ),
                name="certification_programsettings_review_window_days_range",
                violation_error_message="Between 1 and 365.",
            ),
        ),
        migrations.AddConstraint(
            model_name="programsettings",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("recertification_window_days__gte", 1),
                    ("recertification_window_days__lte", 730),
                ),
                name="certification_programsettings_recertification_window_days_range",
                violation_error_message="Between 1 and 730.",
            ),
        ),
        migrations.AddConstraint(
            model_name="submission",
            constraint=models.CheckConstraint(
                condition=models.Q(("feedback__length__lte", 10000)),
                name="certification_submission_feedback_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
    ]
