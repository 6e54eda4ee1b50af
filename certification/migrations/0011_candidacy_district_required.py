import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0010_candidacy_district"),
    ]

    operations = [
        migrations.AlterField(
            model_name="candidacy",
            name="district",
            field=models.ForeignKey(
                editable=False,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidacies",
                to="coaching.district",
            ),
        ),
        migrations.AddIndex(
            model_name="candidacy",
            index=models.Index(fields=["program", "district"], name="candidacy_program_district"),
        ),
    ]
