import importlib

import django.core.validators
from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Length

import rubrics.models

APP_LABEL = "rubrics"
TEXTS = [
    ("criterion", "text", 2000),
    ("descriptor", "text", 2000),
    ("domain", "description", 2000),
    ("review", "decision_note", 2000),
    ("rubric", "description", 2000),
    ("score", "comment", 2000),
    ("scoresheet", "overall_comment", 10000),
]
NUMBERS = [
    ("rubricversion", "passing_total", 0, 100000),
    ("rubricversion", "passing_level_each", 0, 1000),
    ("level", "points", 0, 1000),
]


FROZEN = importlib.import_module("rubrics.migrations.0002_final_scoresheets_are_frozen")


def _sqlite(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return run


# SQLite rebuilds a table to add a CHECK constraint; the rebuild drops the table's triggers, and a
# trigger naming a table that is being rebuilt breaks the rebuild. So the guard of final
# scoresheets (0002) is taken down first and made again last, both ways.
guard_down = _sqlite(FROZEN.SQLITE_DROP)
guard_up = _sqlite(FROZEN.SQLITE_DROP + FROZEN.SQLITE)


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
        ("rubrics", "0004_owner"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(guard_down, guard_up),
        migrations.AlterField(
            model_name="criterion",
            name="text",
            field=models.TextField(
                max_length=2000, validators=[django.core.validators.MaxLengthValidator(2000)]
            ),
        ),
        migrations.AlterField(
            model_name="descriptor",
            name="text",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
            ),
        ),
        migrations.AlterField(
            model_name="domain",
            name="description",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
            ),
        ),
        migrations.AlterField(
            model_name="level",
            name="points",
            field=models.PositiveIntegerField(
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000),
                ]
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="decision_note",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[
                    rubrics.models.comment_rule,
                    django.core.validators.MaxLengthValidator(2000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="review",
            name="subject_label",
            field=models.CharField(
                help_text="How the subject is named on rubric pages.", max_length=300
            ),
        ),
        migrations.AlterField(
            model_name="rubric",
            name="description",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[django.core.validators.MaxLengthValidator(2000)],
            ),
        ),
        migrations.AlterField(
            model_name="rubricversion",
            name="passing_level_each",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="Optional: the minimum points every criterion must reach to pass.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(1000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="rubricversion",
            name="passing_total",
            field=models.PositiveIntegerField(
                blank=True,
                help_text="The minimum total score that passes. Empty: no minimum total.",
                null=True,
                validators=[
                    django.core.validators.MinValueValidator(0),
                    django.core.validators.MaxValueValidator(100000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="score",
            name="comment",
            field=models.TextField(
                blank=True,
                max_length=2000,
                validators=[
                    rubrics.models.comment_rule,
                    django.core.validators.MaxLengthValidator(2000),
                ],
            ),
        ),
        migrations.AlterField(
            model_name="scoresheet",
            name="overall_comment",
            field=models.TextField(
                blank=True,
                max_length=10000,
                validators=[
                    rubrics.models.comment_rule,
                    django.core.validators.MaxLengthValidator(10000),
                ],
            ),
        ),
        migrations.RunPython(refuse_rows_past_limits(TEXTS, NUMBERS), migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="criterion",
            constraint=models.CheckConstraint(
                condition=models.Q(("text__length__lte", 2000)),
                name="rubrics_criterion_text_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="descriptor",
            constraint=models.CheckConstraint(
                condition=models.Q(("text__length__lte", 2000)),
                name="rubrics_descriptor_text_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="domain",
            constraint=models.CheckConstraint(
                condition=models.Q(("description__length__lte", 2000)),
                name="rubrics_domain_description_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="review",
            constraint=models.CheckConstraint(
                condition=models.Q(("decision_note__length__lte", 2000)),
                name="rubrics_review_decision_note_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="rubric",
            constraint=models.CheckConstraint(
                condition=models.Q(("description__length__lte", 2000)),
                name="rubrics_rubric_description_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="rubricversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("passing_total__isnull", True), ("passing_total__lte", 100000), _connector="OR"
                ),
                name="rubrics_rubricversion_passing_total_range",
                violation_error_message="At most 100,000.",
            ),
        ),
        migrations.AddConstraint(
            model_name="rubricversion",
            constraint=models.CheckConstraint(
                condition=models.Q(
                    ("passing_level_each__isnull", True),
                    ("passing_level_each__lte", 1000),
                    _connector="OR",
                ),
                name="rubrics_rubricversion_passing_level_each_range",
                violation_error_message="At most 1,000.",
            ),
        ),
        migrations.AddConstraint(
            model_name="score",
            constraint=models.CheckConstraint(
                condition=models.Q(("comment__length__lte", 2000)),
                name="rubrics_score_comment_max_length",
                violation_error_message="At most 2,000 characters.",
            ),
        ),
        migrations.AddConstraint(
            model_name="scoresheet",
            constraint=models.CheckConstraint(
                condition=models.Q(("overall_comment__length__lte", 10000)),
                name="rubrics_scoresheet_overall_comment_max_length",
                violation_error_message="At most 10,000 characters.",
            ),
        ),
        migrations.RunPython(guard_up, guard_down),
    ]
