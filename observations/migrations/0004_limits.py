import django.core.validators
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Length

import coaching.privacy

APP_LABEL = "observations"
TEXTS = [
    ("observation", "behaviours_seen", 10000),
    ("observation", "working", 10000),
    ("observation", "not_working", 10000),
    ("observation", "questions_posed", 10000),
    ("observation", "next_steps", 10000),
    ("observation", "free_text", 10000),
    ("timednote", "text", 2000),
    ("video", "title", 200),
    ("video", "description", 2000),
]
NUMBERS = [
    ("timednote", "at_seconds", 0, 86400),
]


def fit_existing_rows(texts, numbers=()):
    """Before the CHECK constraints: cut a text longer than its new limit (ending it with "…")
    and bring a number back into its range, so that rows stored before the limits do not stop the
    migration. `texts`: (model, field, limit); `numbers`: (model, field, low, high)."""

    def run(apps, schema_editor):
        alias = schema_editor.connection.alias
        for model_name, field, limit in texts:
            model = apps.get_model(APP_LABEL, model_name)
            rows = model.objects.using(alias).annotate(n=Length(field)).filter(n__gt=limit)
            for row in rows:
                setattr(row, field, getattr(row, field)[: limit - 1] + "…")
                row.save(update_fields=[field])
        for model_name, field, low, high in numbers:
            model = apps.get_model(APP_LABEL, model_name)
            model.objects.using(alias).filter(**{f"{field}__gt": high}).update(**{field: high})
            model.objects.using(alias).filter(**{f"{field}__lt": low}).update(**{field: low})
        if schema_editor.connection.vendor == "postgresql":
            # Updated rows leave deferred checks pending; ALTER TABLE refuses to run past them.
            schema_editor.execute("SET CONSTRAINTS ALL IMMEDIATE")

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("coaching", "0003_notifications"),
        ("observations", "0003_privacy"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name="video",
            name="duration_seconds",
            field=models.PositiveIntegerField(
                blank=True,
                editable=False,
                help_text="How long the video runs, read from its file when it was uploaded; empty when the file does not say.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(86400),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="behaviours_seen",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="facilitative behaviours seen",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="free_text",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="other notes",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="next_steps",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="next steps",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="not_working",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="what is not working",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="questions_posed",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="questions posed",
            ),
        ),
        migrations.AlterField(
            model_name="observation",
            name="working",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(10000),
                ],
                verbose_name="what is working",
            ),
        ),
        migrations.AlterField(
            model_name="timednote",
            name="at_seconds",
            field=models.PositiveIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(86400),
                ]
            ),
        ),
        migrations.AlterField(
            model_name="timednote",
            name="text",
            field=models.TextField(
                max_length=2000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(2000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="video",
            name="description",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[
                    coaching.privacy.no_student_identifiers,
                    django.core.validators.MaxLengthValidator(2000),
                ],
            ),
        ),
        migrations.RunPython(fit_existing_rows(TEXTS, NUMBERS), migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(("behaviours_seen__length__lte", 10000)),
                name="observations_observation_behaviours_seen_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(("working__length__lte", 10000)),
                name="observations_observation_working_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(("not_working__length__lte", 10000)),
                name="observations_observation_not_working_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(("questions_posed__length__lte", 10000)),
                name="observations_observation_questions_posed_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(("next_steps__length__lte", 10000)),
                name="observations_observation_next_steps_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="observation",
            constraint=models.CheckConstraint(
                condition=models.Q(("free_text__length__lte", 10000)),
                name="observations_observation_free_text_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="timednote",
            constraint=models.CheckConstraint(
                condition=models.Q(("text__length__lte", 2000)),
                name="observations_timednote_text_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="timednote",
            constraint=models.CheckConstraint(
                condition=models.Q(("at_seconds__gte", 0), ("at_seconds__lte", 86400)),
                name="observations_timednote_at_seconds_range",
                violation_error_message="Between 0 and 86,400.",
            ),
        ),
        migrations.AddConstraint(
            model_name="video",
            constraint=models.CheckConstraint(
                condition=models.Q(("title__length__lte", 200)),
                name="observations_video_title_max_length",
                violation_error_message="At most 200 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="video",
            constraint=models.CheckConstraint(
                condition=models.Q(("description__length__lte", 2000)),
                name="observations_video_description_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="video",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("duration_seconds__gte", 1), ("duration_seconds__lte", 86400)),
                    ("duration_seconds__isnull", True),
                    _connector="OR",
                ),
                name="observations_video_duration_seconds_range",
                violation_error_message="Between 1 and 86,400.",
            ),
        ),
    ]
