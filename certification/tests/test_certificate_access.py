"""Every certificate view, tried by every actor of the cast. The verification pages are public:
every actor, the anonymous visitor too, gets the page (PUBLIC_CASES, with their own runner)."""

import pytest
from django.core.cache import cache
from django.urls import reverse

from certification.models import CandidacyEvent, Certificate
from certification.tests.certificate_helpers import certify
from coaching.tests.access import ACTORS, Case, rows_of, run_case
from coaching.tests.casts import cast_layer


def state(w):
    return rows_of(Certificate, CandidacyEvent)


# coach_a's own certificate (district A): the coach, A's admin, the program's associate, a site admin.
SEE_A = {"coach_a": 200, "admin_a": 200, "associate": 200, "superuser": 200}
# person_b's certificate (district B): B's admin, not A's.
SEE_B = {"admin_b": 200, "associate": 200, "superuser": 200}

PRIVATE_CASES = [
    # The pipeline's certificates: whoever sees the pipeline, each their own candidacies' only.
    Case(
        "certification:certificates_export",
        lambda w: reverse("certification:certificates_export", args=["csv"]) + "?phase=certified",
        {"admin_a": 200, "admin_b": 200, "associate": 200, "superuser": 200, "associate_b": 200}
        | {"coach_a": 403, "coach_b": 403, "principal_a": 403},
    ),
    Case(
        "certification:certificate_detail",
        lambda w: reverse("certification:certificate_detail", args=[w.certificate.pk]),
        SEE_A,
    ),
    Case(
        "certification:certificate_detail",
        lambda w: reverse("certification:certificate_detail", args=[w.certificate_b.pk]),
        SEE_B,
        label="certificate_detail-district-b",
    ),
    Case(
        "certification:certificate_pdf",
        lambda w: reverse("certification:certificate_pdf", args=[w.certificate.pk]),
        SEE_A,
    ),
    Case(
        "certification:certificate_pdf",
        lambda w: reverse("certification:certificate_pdf", args=[w.certificate_b.pk]),
        SEE_B,
        label="certificate_pdf-district-b",
    ),
    Case(
        "certification:certificate_revoke",
        lambda w: reverse("certification:certificate_revoke", args=[w.certificate.pk]),
        {"associate": 302, "superuser": 302, "admin_a": 403, "coach_a": 403},
        method="post",
        data=lambda w: {"reason": "Misrepresented hours"},
        state=state,
    ),
    Case(
        "certification:certificate_revoke",
        lambda w: reverse("certification:certificate_revoke", args=[w.certificate.pk]),
        dict.fromkeys(ACTORS, 405),
        label="certificate_revoke-get",
        state=state,
    ),
]

EVERYONE = dict.fromkeys(ACTORS, 200)
PUBLIC_CASES = [
    Case("verify:lookup", lambda w: reverse("verify:lookup"), EVERYONE),
    Case(
        "verify:lookup",
        lambda w: reverse("verify:lookup") + f"?number={w.certificate.number}",
        EVERYONE,
        label="verify-lookup-number",
    ),
    Case(
        "verify:number",
        lambda w: reverse("verify:number", args=[w.certificate_b.number]),
        EVERYONE,
    ),
]

# What test_url_coverage reads.
CASES = PRIVATE_CASES + PUBLIC_CASES


@cast_layer
def certificate_cast(pipeline_cast):
    w = pipeline_cast
    w.certificate = certify(w, w.coach_candidacy)
    w.certificate_b = certify(w, w.candidacy_b)
    cache.clear()  # the verification throttle
    return w


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", PRIVATE_CASES, ids=lambda c: c.id)
def test_access(case, actor, certificate_cast, client_for):
    run_case(case, actor, certificate_cast, client_for)


@pytest.mark.parametrize("actor", ACTORS)
@pytest.mark.parametrize("case", PUBLIC_CASES, ids=lambda c: c.id)
def test_public_access(case, actor, certificate_cast, client_for):
    w = certificate_cast
    before = state(w)
    response = client_for(getattr(w, actor)).get(case.url(w))
    assert response.status_code == case.expect[actor], (actor, response.status_code)
    assert state(w) == before


def test_the_url_coverage_check_reads_these_cases():
    from coaching.tests.test_url_coverage import covered_url_names

    assert {case.url_name for case in CASES} <= covered_url_names()
