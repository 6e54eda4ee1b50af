"""The district on the candidacy row (models.Candidacy.district): added empty, filled from each
candidacy's person. The next migration makes it required; apart, because PostgreSQL refuses to
alter a table whose rows this transaction has just updated under a deferred foreign key."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def fill_districts(apps, schema_editor):
    """Each candidacy's district is its person's: one UPDATE, whatever the number of rows."""
    Candidacy = apps.get_model("certification", "Candidacy")
    Person = apps.get_model("coaching", "Person")
    Candidacy.objects.update(
        district_id=Subquery(Person.objects.filter(pk=OuterRef("person_id")).values("district_id"))
    )


class Migration(migrations.Migration):
    dependencies = [
        ("certification", "0009_history"),
        ("coaching", "0014_peer_coaching"),
    ]

    operations = [
        migrations.AddField(
            model_name="candidacy",
            name="district",
            field=models.ForeignKey(
                editable=False,
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="candidacies",
                to="coaching.district",
            ),
        ),
        migrations.RunPython(fill_districts, migrations.RunPython.noop),
    ]
