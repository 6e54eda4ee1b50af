"""Signing in and out, changing and resetting a password, and the throttle on failed sign-ins."""

import datetime
import re

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from coaching.auth import client_ip
from coaching.tests.factories import UserFactory

PASSWORD = "correct horse battery"


@pytest.fixture
def pat(db):
    return UserFactory(email="pat@district.org", first_name="Pat")


def sign_in(client, email, password, ip="10.0.0.1"):
    return client.post(reverse("login"), {"username": email, "password": password}, REMOTE_ADDR=ip)


def test_a_user_signs_in_with_their_email_in_any_case_and_lands_home(client, pat):
    response = sign_in(client, "PAT@District.org", PASSWORD)
    assert response.status_code == 302 and response["Location"] == reverse("coaching:home")
    assert client.get(reverse("coaching:home")).context["user"] == pat


def test_a_wrong_password_is_refused_with_a_message(client, pat):
    response = sign_in(client, "pat@district.org", "wrong")
    assert response.status_code == 200
    assert "do not match an account" in response.content.decode()


def test_signing_out_takes_a_post_and_ends_the_session(client, pat):
    client.force_login(pat)
    assert client.post(reverse("logout")).status_code == 302
    assert client.get(reverse("coaching:home")).status_code == 302


def test_a_user_changes_their_password(client, pat):
    client.force_login(pat)
    response = client.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a much longer passphrase",
            "new_password2": "a much longer passphrase",
        },
    )
    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.check_password("a much longer passphrase")


def test_a_weak_new_password_is_refused_on_the_form(client, pat):
    client.force_login(pat)
    response = client.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": "12345678", "new_password2": "12345678"},
    )
    assert "This password is too common." in response.content.decode()
    pat.refresh_from_db()
    assert pat.check_password(PASSWORD)


def test_a_password_is_reset_through_the_link_in_an_email(client, pat):
    client.post(reverse("password_reset"), {"email": "pat@district.org"})
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["pat@district.org"]
    link = re.search(r"https?://[^/]+(/accounts/reset/\S+)", message.body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": "a brand new passphrase", "new_password2": "a brand new passphrase"},
    )
    assert response.status_code == 302
    pat.refresh_from_db()
    assert pat.check_password("a brand new passphrase")


def test_a_reset_for_an_unknown_address_sends_nothing_and_reveals_nothing(client, db):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302 and response["Location"] == reverse("password_reset_done")
    assert mail.outbox == []


def test_repeated_failures_lock_out_that_address_for_that_account(client, pat, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "pat@district.org", "wrong")
    locked = sign_in(client, "pat@district.org", PASSWORD)
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()


def test_changing_the_case_of_the_email_does_not_buy_more_attempts(client, pat, settings):
    for i in range(settings.AXES_FAILURE_LIMIT):
        sign_in(client, "pat@district.org" if i % 2 else "PAT@DISTRICT.ORG", "wrong")
    assert sign_in(client, "Pat@District.org", PASSWORD).status_code == 429


def test_an_attacker_elsewhere_cannot_lock_the_real_user_out(client, pat, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 2):
        sign_in(client, "pat@district.org", "wrong", ip="203.0.113.9")
    response = sign_in(client, "pat@district.org", PASSWORD, ip="10.0.0.1")
    assert response.status_code == 302


def test_a_lockout_ends_by_itself_after_the_cool_off(client, pat, settings):
    start = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        for _ in range(settings.AXES_FAILURE_LIMIT):
            sign_in(client, "pat@district.org", "wrong")
        assert sign_in(client, "pat@district.org", PASSWORD).status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)):
        assert sign_in(client, "pat@district.org", PASSWORD).status_code == 302


def test_a_deactivated_login_cannot_sign_in(client, pat):
    pat.is_active = False
    pat.save()
    assert sign_in(client, "pat@district.org", PASSWORD).status_code == 200
    assert "_auth_user_id" not in client.session


def test_behind_a_proxy_an_attacker_cannot_lock_out_a_user_arriving_through_it(
    client, pat, settings
):
    settings.CLIENT_PROXY_COUNT = 1
    proxy = "10.0.0.254"
    for i in range(settings.AXES_FAILURE_LIMIT + 1):
        client.post(
            reverse("login"),
            {"username": "pat@district.org", "password": "wrong"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"203.0.113.{i}",  # the attacker varies what it claims, too
        )
    response = client.post(
        reverse("login"),
        {"username": "pat@district.org", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_header_does_not_dodge_the_lockout(
    client, pat, settings
):
    for i in range(settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "pat@district.org", "password": "wrong"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 429


# --- password spraying: one address failing on many accounts -----------------------------------


def spray(client, count, ip="203.0.113.9", first=0, **extra):
    """One wrong password on each of `count` different accounts, from one address."""
    for i in range(first, first + count):
        client.post(
            reverse("login"),
            {"username": f"teacher{i}@district.org", "password": "Spring2026!"},
            REMOTE_ADDR=ip,
            **extra,
        )


def test_failures_on_many_accounts_from_one_address_pause_it_for_every_account(
    client, pat, settings
):
    spray(client, settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT - 1)
    assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 302
    client.logout()

    last = settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT - 1
    spray(client, 1, ip="203.0.113.9", first=last, HTTP_USER_AGENT="another browser")
    locked = sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    assert "Too many failed sign-ins" in locked.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_real_user_elsewhere_still_signs_in_during_a_spray(client, pat, settings):
    spray(client, settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT + 5)
    assert sign_in(client, "pat@district.org", PASSWORD, ip="10.0.0.1").status_code == 302


def test_a_few_failures_of_one_account_do_not_pause_the_address(client, pat, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT + 3):  # that pair is locked; nobody else is
        sign_in(client, "sam@district.org", "wrong", ip="203.0.113.9")
    assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 302


def test_signing_in_to_a_real_account_does_not_clear_the_address_count(client, pat, settings):
    """An attacker who holds one account cannot reset the spray count by signing in to it."""
    spray(client, settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT - 1)
    assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 302
    client.logout()
    last = settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT - 1
    spray(client, 1, ip="203.0.113.9", first=last, HTTP_USER_AGENT="another browser")
    assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 429


def test_a_spray_pause_ends_by_itself_after_the_cool_off(client, pat, settings):
    start = datetime.datetime(2026, 11, 23, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        spray(client, settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT)
        assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 429
    with time_machine.travel(start + settings.AXES_COOLOFF_TIME + datetime.timedelta(minutes=1)):
        assert sign_in(client, "pat@district.org", PASSWORD, ip="203.0.113.9").status_code == 302


def test_without_a_proxy_a_forged_forwarded_for_header_does_not_dodge_the_spray_pause(
    client, pat, settings
):
    assert settings.CLIENT_PROXY_COUNT == 0
    for i in range(settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT):
        client.post(
            reverse("login"),
            {"username": f"staff{i}@district.org", "password": "Spring2026!"},
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{i}",
        )
    response = client.post(
        reverse("login"),
        {"username": "pat@district.org", "password": PASSWORD},
        REMOTE_ADDR="203.0.113.9",
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert response.status_code == 429


def test_behind_a_proxy_a_spray_pauses_its_client_and_no_one_else_behind_it(client, pat, settings):
    settings.CLIENT_PROXY_COUNT = 1
    proxy = "10.0.0.254"
    spray(
        client, settings.SIGN_IN_ADDRESS_ACCOUNT_LIMIT, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9"
    )
    as_sprayer = client.post(
        reverse("login"),
        {"username": "pat@district.org", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="203.0.113.9",
    )
    assert as_sprayer.status_code == 429
    as_pat = client.post(
        reverse("login"),
        {"username": "pat@district.org", "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    assert as_pat.status_code == 302


@pytest.mark.parametrize(
    "proxies, forwarded, address",
    [
        (0, "192.0.2.1", "10.0.0.254"),  # no proxy: the header is anyone's, never read
        (1, "192.0.2.1", "192.0.2.1"),
        (1, "6.6.6.6, 192.0.2.1", "192.0.2.1"),  # what the client wrote itself stands left
        (2, "6.6.6.6, 192.0.2.1, 10.0.0.253", "192.0.2.1"),
        (1, "", "10.0.0.254"),
    ],
)
def test_client_ip_reads_forwarded_for_only_behind_the_configured_proxies(
    rf, settings, proxies, forwarded, address
):
    settings.CLIENT_PROXY_COUNT = proxies
    request = rf.get("/", REMOTE_ADDR="10.0.0.254", HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == address


def test_the_tests_session_of_a_user_is_one_django_checks_like_a_sign_in(cast, client_for):
    """`client_for` (conftest.py) writes a session instead of signing in: it must be a session
    that Django's authentication reads and verifies as it would a real one."""
    home = reverse("coaching:home")
    assert client_for(cast.coach_a).get(home).context["user"] == cast.coach_a
    assert client_for(cast.admin_a).get(home).context["user"] == cast.admin_a
    assert client_for(None).get(home).status_code == 302
    # A new password ends every session of the old one, this one too.
    client = client_for(cast.coach_a)
    cast.coach_a.set_password("a new passphrase for the coach")
    cast.coach_a.save()
    assert client.get(home).status_code == 302
    # A disabled login is signed out.
    client = client_for(cast.admin_a)
    cast.admin_a.is_active = False
    cast.admin_a.save()
    assert client.get(home).status_code == 302
