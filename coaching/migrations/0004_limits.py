import django.core.validators
from django.db import migrations, models
from django.db.models.functions import Length

APP_LABEL = "coaching"
TEXTS = [
    ("program", "description", 2000),
    ("registration", "made_up_note", 300),
    ("trainingevent", "title", 200),
    ("notification", "email_last_error", 2000),
]
NUMBERS = [
    ("trainingevent", "duration_minutes", 5, 1440),
    ("trainingevent", "capacity", 1, 1000),
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
    ]

    operations = [
        migrations.AlterField(
            model_name="notification",
            name="body",
            field=models.TextField(
                max_length=20000, validators=[django.core.validators.MaxLengthValidator(20000)]
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="email_last_error",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
            ),
        ),
        migrations.AlterField(
            model_name="notification",
            name="subject",
            field=models.CharField(max_length=300),
        ),
        migrations.AlterField(
            model_name="program",
            name="description",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
            ),
        ),
        migrations.AlterField(
            model_name="trainingevent",
            name="capacity",
            field=models.PositiveSmallIntegerField(
                blank=True,
                help_text="Leave blank for no limit.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(1),
                    django.core.validators.MaxValueValidator(1000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="trainingevent",
            name="duration_minutes",
            field=models.PositiveSmallIntegerField(
                default=60,
                help_text="From 5 minutes to a whole day (1,440).",
                validators=[
                    django.core.validators.MinValueValidator(5),
                    django.core.validators.MaxValueValidator(1440),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="trainingevent",
            name="title",
            field=models.CharField(blank=True, help_text="Up to 200 characters.", max_length=200),
        ),
        migrations.RunPython(refuse_rows_past_limits(TEXTS, NUMBERS), migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="program",
            constraint=models.CheckConstraint(
                condition=models.Q(("description__length__lte", 2000)),
                name="coaching_program_description_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="registration",
            constraint=models.CheckConstraint(
                condition=models.Q(("made_up_note__length__lte", 300)),
                name="coaching_registration_made_up_note_max_length",
                violation_error_message="At most 300 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingevent",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    models.Q(("capacity__gte", 1), ("capacity__lte", 1000)),
                    ("capacity__isnull", True),
                    _connector="OR",
                ),
                name="coaching_trainingevent_capacity_range",
                violation_error_message="Between 1 and 1,000.",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("duration_minutes__gte", 5), ("duration_minutes__lte", 1440)),
                name="coaching_trainingevent_duration_minutes_range",
                violation_error_message="Between 5 and 1,440.",
            ),
        ),
        migrations.AddConstraint(
            model_name="trainingevent",
            constraint=models.CheckConstraint(
                condition=models.Q(("title__length__lte", 200)),
                name="coaching_trainingevent_title_max_length",
                violation_error_message="At most 200 characters.",
            ),
        ),
    ]
