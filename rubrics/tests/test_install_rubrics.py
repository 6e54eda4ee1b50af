"""The shipped rubrics get an owner: the provider that installs them, or the one named."""

from io import StringIO

from django.core.management import call_command

from rubrics.content import CFR_SLUG, PRACTICE_PROFILE_SLUG
from rubrics.models import Rubric


def install(**options):
    out = StringIO()
    call_command("install_rubrics", stdout=out, **options)
    return out.getvalue()


def owners():
    return dict(Rubric.objects.values_list("slug", "owner"))


def test_the_installing_provider_owns_both_or_the_profile_goes_to_another(db):
    install(owner="provider:1", profile_owner="provider:2")
    assert owners() == {CFR_SLUG: "provider:1", PRACTICE_PROFILE_SLUG: "provider:2"}
    assert not Rubric.objects.filter(versions__status="draft").exists()  # published for all


def test_without_an_owner_it_says_only_the_site_admin_edits_them(db):
    out = install()
    assert out.count("only the site admin edits it") == 2
    assert set(owners().values()) == {""}


def test_running_again_gives_an_unowned_rubric_an_owner_and_leaves_an_owned_one(db):
    install()
    Rubric.objects.filter(slug=CFR_SLUG).update(owner="provider:7", name="Key2Ed's own CFR")
    out = install(owner="provider:1")
    assert owners() == {CFR_SLUG: "provider:7", PRACTICE_PROFILE_SLUG: "provider:1"}
    assert "now owned by provider:1" in out
    assert Rubric.objects.get(slug=CFR_SLUG).name == "Key2Ed's own CFR"
