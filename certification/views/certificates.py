"""Certificate pages: the detail page, the PDF, revocation, and the public verification page."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_POST
from django_ratelimit.core import is_ratelimited
from redis.exceptions import RedisError

from coaching.auth import client_ip
from core.refusals import refusal_on_form, refusal_unshown

from ..forms.certificates import RevokeForm, VerifyForm
from ..models import CandidacyEvent, Certificate
from ..pdf import render_certificate_pdf
from ..selectors import can_approve_for_provider
from ..selectors import certificates as certificate_selectors
from ..services import certificates

log = logging.getLogger(__name__)

STATUS_BADGES = {"active": "success", "expiring": "warning", "lapsed": "secondary"}
STATUS_BADGES |= {"revoked": "danger"}
# Public look-ups per client address per window. The numbers are unguessable anyway (about 8.5e11
# per prefix and year); this keeps anyone from trying many. Counted in the default cache, in fixed
# windows (django-ratelimit).
VERIFY_LOOKUPS = 30
VERIFY_WINDOW_SECONDS = 10 * 60


def _verify_url(request, certificate):
    return request.build_absolute_uri(reverse("verify:number", args=[certificate.number]))


@login_required
def certificate_detail(request, pk):
    certificate = certificate_selectors.get_certificate_for_user(request.user, pk)
    return _certificate_page(request, certificate)


def _certificate_page(request, certificate, *, revoke_form=None):
    """The certificate's page; after a refused revocation, with the form as it was posted."""
    status = certificate_selectors.certificate_status(certificate)
    events = list(certificate_selectors.certificate_events(certificate))
    context = {
        "certificate": certificate,
        "candidacy": certificate.candidacy,
        "status": status,
        "status_label": certificate_selectors.STATUS_LABELS[status],
        "badge": STATUS_BADGES[status],
        "events": events,
        "renewals": [event for event in events if event.kind == CandidacyEvent.Kind.RENEWED],
        "verify_url": _verify_url(request, certificate),
        "may_revoke": certificate.status != Certificate.Status.REVOKED
        and can_approve_for_provider(request.user, certificate.candidacy),
        "revoke_form": revoke_form or RevokeForm(),
    }
    if not context["may_revoke"]:
        refusal_unshown(request, revoke_form)
    return render(request, "certification/certificates/detail.html", context)


@login_required
def certificate_pdf(request, pk):
    certificate = certificate_selectors.get_certificate_for_user(request.user, pk)
    content = render_certificate_pdf(certificate, verify_url=_verify_url(request, certificate))
    name = slugify(certificate.candidacy.person.full_name) or "coach"
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(
        as_attachment=True, filename=f"certificate-{certificate.number}-{name}.pdf"
    )
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def certificate_revoke(request, pk):
    certificate = certificate_selectors.get_certificate_for_user(request.user, pk, write=True)
    form = RevokeForm(request.POST)
    if form.is_valid():
        try:
            certificates.certificate_revoke(
                certificate=certificate, by=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            refusal_on_form(form, error)
        else:
            messages.success(request, f"Certificate {certificate.number} is revoked.")
            return redirect(certificate)
    return _certificate_page(request, certificate, revoke_form=form)


def _lookup_key(group, request):
    return client_ip(request)  # behind the trusted proxies, the visitor's address


def _too_many_lookups(request):
    """Count this look-up against the address's allowance (django-ratelimit, in the default cache).
    A cache that is down or hung (its timeouts end the wait: config/settings/base.py) lets the
    look-up through and logs it: the page answers, and the numbers are unguessable anyway."""
    try:
        return is_ratelimited(
            request,
            group="certificate-verify",
            key=_lookup_key,
            rate=f"{VERIFY_LOOKUPS}/{VERIFY_WINDOW_SECONDS}s",
            increment=True,
        )
    except (RedisError, OSError):
        log.warning("Look-up limit not counted: the cache is unavailable.", exc_info=True)
        return False


@require_GET
def verify(request, number=None):
    """Public: shows only the holder's name, the status and the expiry date of a number."""
    number = number if number is not None else request.GET.get("number")
    number = None if number is None else certificate_selectors.normalize_number(number)
    form = VerifyForm(None if number is None else {"number": number})
    context, status_code = {"form": form}, 200
    if form.is_bound and form.is_valid():
        if _too_many_lookups(request):
            context["throttled"], status_code = True, 429
        else:
            found = certificate_selectors.certificate_by_number(form.cleaned_data["number"])
            context["looked_up"], context["found"] = True, found and _public(found)
    response = render(
        request, "certification/certificates/verify.html", context, status=status_code
    )
    response["X-Robots-Tag"] = "noindex, nofollow"  # names are not for search engines
    response["Cache-Control"] = "no-store"
    return response


def _public(certificate):
    """All that the public page may show: nothing else of the certificate reaches the template."""
    status = certificate_selectors.certificate_status(certificate)
    return {
        "name": certificate.candidacy.person.full_name,
        "status": status,
        "status_label": certificate_selectors.STATUS_LABELS[status],
        "badge": STATUS_BADGES[status],
        "expires_on": certificate.expires_on,
    }
