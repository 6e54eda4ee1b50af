"""Installs the rubrics shipped with the product, published as version 1. Idempotent: a rubric that
exists already (by slug) is left exactly as it is, edits and later versions included; the one thing
it may gain is an owner, when it has none and one is given.

Each rubric belongs to an owner (a provider, "provider:<id>"): only that provider's associates edit,
version and publish it; everyone signed in reads its published versions. `--owner` gives both
rubrics to one provider (the one that installs them); `--profile-owner` gives the Missouri practice
profile to another. Without an owner a rubric is edited by the site admin alone.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from rubrics import services
from rubrics.content import CFR, PRACTICE_PROFILE
from rubrics.models import Rubric


class Command(BaseCommand):
    help = "Install the shipped rubrics (Missouri practice profile, sample CFR) if missing."

    def add_arguments(self, parser):
        parser.add_argument(
            "--owner",
            default="",
            help='The owner of the shipped rubrics, such as "provider:1" (the installing provider).',
        )
        parser.add_argument(
            "--profile-owner",
            default=None,
            help="The owner of the Missouri practice profile, when not the --owner.",
        )

    def handle(self, *args, **options):
        owner = options["owner"]
        profile_owner = options["profile_owner"]
        cfr = dict(CFR, passing_total=settings.CFR_PASSING_MINIMUM)
        for spec, spec_owner in (
            (PRACTICE_PROFILE, owner if profile_owner is None else profile_owner),
            (cfr, owner),
        ):
            try:
                state = install(spec, owner=spec_owner)
            except ValidationError as error:
                raise CommandError(f"{spec['name']}: {' '.join(error.messages)}") from error
            self.stdout.write(f"{spec['name']}: {state}.")


@transaction.atomic
def install(spec, *, owner: str = "") -> str:
    """Install one shipped rubric; what was done, in words."""
    existing = Rubric.objects.filter(slug=spec["slug"]).first()
    if existing is not None:
        if owner and not existing.owner:
            Rubric.objects.filter(pk=existing.pk).update(owner=owner)
            return f"already there, left as it is, now owned by {owner}"
        return "already there, left as it is"
    version = services.rubric_create(
        name=spec["name"],
        owner=owner,
        description=spec["description"],
        is_sample=spec["is_sample"],
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
    return "installed" if owner else "installed, with no owner: only the site admin edits it"
