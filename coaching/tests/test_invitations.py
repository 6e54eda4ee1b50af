"""Invitations to sign in: a district admin invites a staff member; the e-mailed link works once,
expires, is superseded by a newer one, and its token is kept only as a digest."""

import datetime as dt
import re
import smtplib
from unittest import mock

import pytest
import time_machine
from django.apps import apps
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from coaching.models import Invitation, Notification, Person, User
from coaching.selectors.invitations import token_digest
from coaching.services.invitations import invitation_accept, invitation_send

from .factories import PersonFactory

NEW_PASSWORD = "a quiet maple in April"
LINK = re.compile(r"(https?://\S+/invitations/([^/\s]+)/)")


def invite(client, person):
    return client.post(reverse("coaching:invitation_send", args=[person.pk]), follow=True)


def sent_link():
    """The link and token of the last e-mail sent."""
    link, token = LINK.search(mail.outbox[-1].body).groups()
    return link, token


def path_of(link):
    return link.split("://", 1)[1].split("/", 1)[1].join(["/", ""])


def accept(client, link, password=NEW_PASSWORD, again=None):
    return client.post(
        path_of(link), {"new_password1": password, "new_password2": again or password}
    )


@pytest.fixture
def site_url(settings):
    settings.SITE_URL = "https://coaching.example.org"
    return settings.SITE_URL


def test_an_admin_invites_a_staff_member_who_chooses_a_password_and_is_signed_in(
    cast, client_for, site_url
):
    person = cast.person_a
    page = invite(client_for(cast.admin_a), person)
    assert "Sent Elena Vandersloot an invitation to sign in" in page.content.decode()
    assert "works once, for 5 days" in page.content.decode()

    person.refresh_from_db()
    user = person.user
    assert user.email == person.email and not user.has_usable_password()
    assert (user.first_name, user.last_name) == ("Elena", "Vandersloot")
    [message] = mail.outbox
    assert message.to == [person.email]
    link, token = sent_link()
    assert link.startswith(f"{site_url}/invitations/")
    assert link in message.alternatives[0][0]  # the HTML part has the same absolute link
    assert "Maple Valley" in message.subject

    anonymous = Client()
    form_page = anonymous.get(path_of(link))
    assert "Choose a password" in form_page.content.decode()
    assert person.email in form_page.content.decode()
    response = accept(anonymous, link)
    assert response.status_code == 302 and response["Location"] == reverse("coaching:home")

    home = anonymous.get(reverse("coaching:home"))
    assert home.wsgi_request.user == user
    assert "Your password is set and you are signed in" in home.content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)
    assert Invitation.objects.get(user=user).used_at is not None
    # And the password works at the sign-in form afterwards.
    anonymous.logout()
    signed_in = anonymous.post(
        reverse("login"), {"username": person.email.upper(), "password": NEW_PASSWORD}
    )
    assert signed_in.status_code == 302 and anonymous.session["_auth_user_id"] == str(user.pk)


def test_the_link_works_once(cast, client_for):
    invite(client_for(cast.admin_a), cast.person_a)
    link, _ = sent_link()
    assert accept(Client(), link).status_code == 302
    user = User.objects.get(email=cast.person_a.email)
    hashed = user.password

    client = Client()
    assert "This link no longer works" in client.get(path_of(link)).content.decode()
    again = accept(client, link, password="someone else's password 42")
    assert "This link no longer works" in again.content.decode()
    user.refresh_from_db()
    assert user.password == hashed
    assert "_auth_user_id" not in client.session


def test_the_service_takes_a_token_once_even_when_asked_twice(cast):
    invitation_send(person=cast.person_a, by=cast.admin_a)
    _, token = sent_link()
    invitation_accept(token=token, password=NEW_PASSWORD)
    with pytest.raises(ValidationError, match="no longer works"):
        invitation_accept(token=token, password="another fine password 7")
    assert User.objects.get(email=cast.person_a.email).check_password(NEW_PASSWORD)


def test_the_link_expires_after_the_days_the_setting_gives(cast, client_for, settings):
    settings.INVITATION_VALID_DAYS = 5
    sent_at = timezone.now()
    with time_machine.travel(sent_at, tick=False):
        invite(client_for(cast.admin_a), cast.person_a)
    link, _ = sent_link()
    invitation = Invitation.objects.get(person=cast.person_a)
    assert invitation.expires_at == sent_at + dt.timedelta(days=5)

    with time_machine.travel(sent_at + dt.timedelta(days=5, seconds=1), tick=False):
        client = Client()
        assert "This link no longer works" in client.get(path_of(link)).content.decode()
        accept(client, link)
        user = User.objects.get(email=cast.person_a.email)
        assert not user.has_usable_password()
        invitation.refresh_from_db()
        assert invitation.used_at is None
        assert invitation.status == "expired"
        # The staff page says so, and offers to send it again.
        page = client_for(cast.admin_a).get(cast.person_a.get_absolute_url()).content.decode()
        assert ": expired." in page and "Send the invitation again" in page


def test_the_link_still_works_just_before_it_expires(cast, client_for):
    sent_at = timezone.now()
    with time_machine.travel(sent_at, tick=False):
        invite(client_for(cast.admin_a), cast.person_a)
    link, _ = sent_link()
    with time_machine.travel(sent_at + dt.timedelta(days=4, hours=23), tick=False):
        assert accept(Client(), link).status_code == 302


def test_inviting_again_sends_a_new_link_and_the_old_one_stops_working(cast, client_for):
    admin = client_for(cast.admin_a)
    invite(admin, cast.person_a)
    first, _ = sent_link()
    page = invite(admin, cast.person_a)
    assert "The earlier link no longer works." in page.content.decode()
    second, _ = sent_link()
    assert first != second and len(mail.outbox) == 2
    assert Invitation.objects.filter(person=cast.person_a).count() == 2
    assert User.objects.filter(email=cast.person_a.email).count() == 1  # the same login

    client = Client()
    assert "This link no longer works" in client.get(path_of(first)).content.decode()
    assert accept(client, second).status_code == 302


def test_inviting_again_reaches_the_address_the_roster_has_now(cast, client_for):
    admin = client_for(cast.admin_a)
    invite(admin, cast.person_a)
    Person.objects.filter(pk=cast.person_a.pk).update(email="elena.v@a.example")
    invite(admin, cast.person_a)
    assert mail.outbox[-1].to == ["elena.v@a.example"]
    cast.person_a.refresh_from_db()
    assert cast.person_a.user.email == "elena.v@a.example"


def test_the_token_is_not_stored_in_clear(cast, client_for):
    invite(client_for(cast.admin_a), cast.person_a)
    _, token = sent_link()
    invitation = Invitation.objects.get(person=cast.person_a)
    assert invitation.token_hash == token_digest(token) != token
    assert Notification.objects.count() == 0  # no outbox row keeps the message either
    for model in apps.get_app_config("coaching").get_models():
        text_fields = [
            f.name
            for f in model._meta.get_fields()
            if isinstance(f, models.CharField | models.TextField)
        ]
        for row in model.objects.values_list(*text_fields) if text_fields else []:
            assert not any(token in (value or "") for value in row), model


def test_someone_who_already_signs_in_gets_already_has_a_login(cast, client_for):
    coach = Person.objects.get(user=cast.coach_a)
    page = invite(client_for(cast.admin_a), coach).content.decode()
    assert "already has a login (coach@a.example)" in page
    assert mail.outbox == [] and not Invitation.objects.exists()
    assert cast.coach_a.has_usable_password()


def test_a_person_without_an_address_is_told_to_add_one(cast, client_for):
    Person.objects.filter(pk=cast.person_a.pk).update(email="")
    page = invite(client_for(cast.admin_a), cast.person_a).content.decode()
    assert "has no e-mail address on the roster" in page
    assert mail.outbox == [] and not Invitation.objects.exists()
    cast.person_a.refresh_from_db()
    assert cast.person_a.user is None


def test_an_address_another_login_uses_is_refused(cast, client_for):
    Person.objects.filter(pk=cast.person_a.pk).update(email=cast.coach_b.email)
    page = invite(client_for(cast.admin_a), cast.person_a).content.decode()
    assert f"Another login already uses {cast.coach_b.email}" in page
    assert mail.outbox == [] and not Invitation.objects.exists()


def test_a_deactivated_person_is_not_invited_and_their_open_link_stops_working(cast, client_for):
    admin = client_for(cast.admin_a)
    invite(admin, cast.person_a)
    link, _ = sent_link()
    admin.post(reverse("coaching:staff_deactivate", args=[cast.person_a.pk]))
    assert "This link no longer works" in Client().get(path_of(link)).content.decode()
    page = invite(admin, cast.person_a).content.decode()
    assert "is deactivated: reactivate them before inviting them" in page
    assert len(mail.outbox) == 1


@pytest.mark.parametrize(
    ("password", "again", "said"),
    [
        ("password", "password", "This password is too common."),
        ("Vandersloot", "Vandersloot", "too similar"),
        ("12345678901", "12345678901", "entirely numeric"),
        ("short", "short", "too short"),
        (NEW_PASSWORD, NEW_PASSWORD + "!", "didn’t match"),
    ],
)
def test_a_refused_password_is_said_on_the_form_and_changes_nothing(
    cast, client_for, password, again, said
):
    invite(client_for(cast.admin_a), cast.person_a)
    link, _ = sent_link()
    client = Client()
    response = accept(client, link, password=password, again=again)
    assert response.status_code == 200
    assert said in response.content.decode()
    user = User.objects.get(email=cast.person_a.email)
    assert not user.has_usable_password()
    assert Invitation.objects.get(person=cast.person_a).used_at is None
    assert "_auth_user_id" not in client.session
    assert accept(client, link).status_code == 302  # the link still works after it


def test_the_service_checks_the_password_too(cast):
    invitation_send(person=cast.person_a, by=cast.admin_a)
    _, token = sent_link()
    with pytest.raises(ValidationError, match="too common"):
        invitation_accept(token=token, password="password")
    assert Invitation.objects.get(person=cast.person_a).used_at is None


def test_an_e_mail_that_cannot_be_sent_leaves_no_invitation_waiting(cast, client_for):
    with mock.patch(
        "django.core.mail.EmailMultiAlternatives.send",
        side_effect=smtplib.SMTPServerDisconnected("gone"),
    ):
        page = invite(client_for(cast.admin_a), cast.person_a).content.decode()
    assert "could not be sent (SMTPServerDisconnected)" in page
    invitation = Invitation.objects.get(person=cast.person_a)
    assert invitation.status == "superseded"
    invite(client_for(cast.admin_a), cast.person_a)  # trying again works
    assert accept(Client(), sent_link()[0]).status_code == 302


def test_only_an_admin_of_the_persons_district_invites(cast):
    for actor in (cast.admin_b, cast.associate, cast.principal_a, cast.coach_a):
        with pytest.raises(PermissionDenied):
            invitation_send(person=cast.person_a, by=actor)
    assert not Invitation.objects.exists() and mail.outbox == []


def test_the_site_admin_may_invite_too(cast):
    invitation = invitation_send(person=cast.person_a, by=cast.superuser)
    assert invitation.invited_by == cast.superuser and len(mail.outbox) == 1


def test_the_database_keeps_one_open_invitation_a_person(cast):
    from django.db import IntegrityError, transaction

    invitation_send(person=cast.person_a, by=cast.admin_a)
    first = Invitation.objects.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        Invitation.objects.create(
            person=first.person,
            user=first.user,
            sent_to=first.sent_to,
            token_hash="0" * 64,
            expires_at=first.expires_at,
        )


def test_the_staff_page_shows_the_invitation_and_offers_what_fits(cast, client_for):
    admin = client_for(cast.admin_a)
    url = cast.person_a.get_absolute_url()
    assert "Invite to sign in" in admin.get(url).content.decode()
    invite(admin, cast.person_a)
    page = admin.get(url).content.decode()
    assert "waiting to be accepted" in page and "Send the invitation again" in page
    accept(Client(), sent_link()[0])
    page = client_for(cast.admin_a).get(url).content.decode()
    assert "Signs in as" in page and "Invite to sign in" not in page
    # The principal reads the record but is offered nothing to do.
    principal_page = client_for(cast.principal_a).get(url).content.decode()
    assert "Send the invitation again" not in principal_page and "Give role" not in principal_page


def test_a_new_staff_member_from_the_factory_can_be_invited(cast, client_for):
    person = PersonFactory(district=cast.district_a, email="new.one@a.example")
    invite(client_for(cast.admin_a), person)
    assert mail.outbox[-1].to == ["new.one@a.example"]


def test_an_unused_login_with_roles_elsewhere_keeps_its_address(cast, client_for):
    from coaching.models import RoleMembership

    admin = client_for(cast.admin_a)
    invite(admin, cast.person_a)
    cast.person_a.refresh_from_db()
    RoleMembership.objects.create(
        user=cast.person_a.user, role=RoleMembership.Role.COACH, district=cast.district_b
    )
    Person.objects.filter(pk=cast.person_a.pk).update(email="elsewhere@a.example")
    page = invite(admin, cast.person_a).content.decode()
    assert "login holds roles outside Maple Valley" in page
    cast.person_a.user.refresh_from_db()
    assert cast.person_a.user.email != "elsewhere@a.example" and len(mail.outbox) == 1


def _at_once(n, work):
    """Run `work(i)` in `n` threads released together; returns what each returned or raised."""
    import threading

    from django.db import connection

    barrier = threading.Barrier(n)
    outcomes = []

    def run(i):
        try:
            barrier.wait()
            outcomes.append(work(i))
        except Exception as error:  # noqa: BLE001 - the outcome is what the test looks at
            outcomes.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_link_used_by_four_requests_at_once_works_for_one(cast):
    invitation_send(person=cast.person_a, by=cast.admin_a)
    _, token = sent_link()
    passwords = [f"a quiet maple in April {i}" for i in range(4)]
    outcomes = _at_once(4, lambda i: invitation_accept(token=token, password=passwords[i]))
    users = [o for o in outcomes if isinstance(o, User)]
    refused = [o for o in outcomes if isinstance(o, ValidationError)]
    assert len(users) == 1 and len(refused) == 3, outcomes
    user = User.objects.get(pk=users[0].pk)
    assert sum(user.check_password(p) for p in passwords) == 1


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_four_admins_inviting_at_once_leave_one_open_invitation(cast):
    outcomes = _at_once(4, lambda i: invitation_send(person=cast.person_a, by=cast.admin_a))
    assert all(isinstance(o, Invitation) for o in outcomes), outcomes
    assert [i.status for i in Invitation.objects.all()].count("open") == 1
    assert User.objects.filter(email=cast.person_a.email).count() == 1
    last = Invitation.objects.get(used_at=None, superseded_at=None)
    tokens = [LINK.search(m.body).group(2) for m in mail.outbox]
    assert [token_digest(t) == last.token_hash for t in tokens].count(True) == 1
