"""Installs the rubrics shipped with the product, published as version 1. Idempotent: a rubric that
exists already (by slug) is left exactly as it is, edits and later versions included."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rubrics import services
from rubrics.content import CFR, PRACTICE_PROFILE
from rubrics.models import Rubric


class Command(BaseCommand):
    help = "Install the shipped rubrics (Missouri practice profile, sample CFR) if missing."

    def handle(self, *args, **options):
        cfr = dict(CFR, passing_total=settings.CFR_PASSING_MINIMUM)
        for spec in (PRACTICE_PROFILE, cfr):
            try:
                created = install(spec)
            except ValidationError as error:
                raise CommandError(f"{spec['name']}: {' '.join(error.messages)}") from error
            state = "installed" if created else "already there, left as it is"
            self.stdout.write(f"{spec['name']}: {state}.")


@transaction.atomic
def install(spec) -> bool:
    if Rubric.objects.filter(slug=spec["slug"]).exists():
        return False
    version = services.rubric_create(
        name=spec["name"], description=spec["description"], is_sample=spec["is_sample"]
    )
    Rubric.objects.filter(pk=version.rubric_id).update(slug=spec["slug"])
    levels = [services.level_add(version=version, label=lb, points=pt) for lb, pt in spec["levels"]]
    criteria = []
    for domain_name, texts in spec["domains"]:
        domain = services.domain_add(version=version, name=domain_name)
        criteria += [services.criterion_add(domain=domain, text=text) for text in texts]
    services.draft_update(
        version=version,
        levels={lv.pk: (lv.label, lv.points) for lv in levels},
        domains={},
        criteria={},
        descriptors={
            (c.pk, lv.pk): spec["descriptor"][lv.points] for c in criteria for lv in levels
        },
        passing_total=spec["passing_total"],
        passing_level_each=spec["passing_level_each"],
    )
    services.version_publish(version=version, by=None)
    return True
