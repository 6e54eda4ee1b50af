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
        migrations.RunPython(refuse_rows_past_limits(TEXTS, NUMBERS), migrations.RunPython.noop),
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
