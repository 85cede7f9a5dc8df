"""Who reaches what in the admin: each group (created by migrations) sees and exports what its
work needs and nothing else; people without a group stay out; the login resists guessing."""

import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
from django.contrib.auth import forms as auth_forms
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.urls import reverse
from wagtail.models import Site

from accounts.sign_in import link_token
from tests.helpers import staff

# What each group works with: admin views it must reach (200) and exports it may take.
VIEWS = {
    "pages": "/admin/pages/",
    "images": "/admin/images/",
    "organisations": "/admin/snippets/organisations/organisation/",
    "challenges": "/admin/snippets/challenges/challenge/",
    "applications": "/admin/bewerbungen/",
    "sign-ups": "/admin/anmeldungen/",
    "registrations": "/admin/veranstaltungen/anmeldungen/",
    "subscribers": None,  # reversed below
    "donations": None,
    "payments": None,
    "unmatched stripe events": None,
    "receipt settings": None,
    "questionnaire answers": "/admin/forms/",
}
MAY_SEE = {
    "Editors": {"pages", "images", "organisations", "challenges", "questionnaire answers"},
    "Office": {"applications", "sign-ups", "registrations", "subscribers"},
    "Finance": {"donations", "payments", "unmatched stripe events", "receipt settings"},
}
EXPORTS = {"applications", "sign-ups", "registrations", "subscribers", "donations", "payments"}


def address(view):
    named = {
        "subscribers": "subscribers:index",
        "donations": "donations:index",
        "payments": "payments:index",
        "unmatched stripe events": "waiting_stripe_events:index",
    }
    if view == "receipt settings":
        site = Site.objects.get(is_default_site=True)
        return reverse("wagtailsettings:edit", args=["donations", "receiptsettings", site.pk])
    return reverse(named[view]) if view in named else VIEWS[view]


@pytest.mark.parametrize("group", sorted(MAY_SEE))
def test_each_group_sees_and_exports_only_its_own_work(client, home, group):
    staff(client, f"person-{group.lower()}", Group.objects.get(name=group))
    for view in VIEWS:
        response = client.get(address(view))
        if view in MAY_SEE[group]:
            assert response.status_code == 200, (group, view)
        else:
            assert response.status_code in (302, 403), (group, view, response.status_code)
        if view in EXPORTS:
            export = client.get(address(view), {"export": "csv"})
            assert (export.status_code == 200) == (view in MAY_SEE[group]), (group, view)


def test_editors_publish_pages(client, seed_report):
    staff(client, "redakteurin", Group.objects.get(name="Editors"))
    edit = client.get(reverse("wagtailadmin_pages:edit", args=[seed_report.pk]))
    assert edit.status_code == 200
    assert "action-publish" in edit.content.decode()


def test_people_without_a_group_stay_out(client, home, django_user_model):
    client.force_login(django_user_model.objects.create_user("niemand", password="pw"))
    response = client.get("/admin/")
    assert response.status_code in (302, 403)
    assert client.get(address("subscribers")).status_code in (302, 403)


def test_the_login_refuses_after_five_failures(client, home, django_user_model):
    django_user_model.objects.create_user("kasse", password="richtig-und-lang")
    Group.objects.get(name="Finance").user_set.add(django_user_model.objects.get(username="kasse"))
    login = reverse("wagtailadmin_login")
    for _attempt in range(5):
        response = client.post(login, {"username": "kasse", "password": "falsch"})
        assert response.status_code == 200
    response = client.post(login, {"username": "kasse", "password": "richtig-und-lang"})
    assert "Zu viele fehlgeschlagene Versuche" in response.content.decode()
    assert "_auth_user_id" not in client.session


def test_the_login_brake_counts_an_ipv6_connection_as_one(client, home, django_user_model):
    django_user_model.objects.create_user("kasse", password="richtig-und-lang")
    login = reverse("wagtailadmin_login")
    for host in range(1, 6):
        client.post(
            login, {"username": f"rate{host}", "password": "x"}, REMOTE_ADDR=f"2001:db8:1:2::{host}"
        )
    right = {"username": "kasse", "password": "richtig-und-lang"}
    hopped = client.post(login, right, REMOTE_ADDR="2001:db8:1:2:ffff::9")
    assert "Zu viele fehlgeschlagene Versuche" in hopped.content.decode()
    assert client.post(login, right, REMOTE_ADDR="2001:db8:7::1").status_code == 302


def test_the_limit_counts_the_address_behind_the_proxy(client, home, settings, django_user_model):
    settings.TRUSTED_PROXY_COUNT = 1
    django_user_model.objects.create_user("kasse", password="richtig-und-lang")
    login = reverse("wagtailadmin_login")
    for attempt in range(5):
        client.post(
            login,
            {"username": f"rate{attempt}", "password": "falsch"},
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
    elsewhere = client.post(
        login,
        {"username": "kasse", "password": "richtig-und-lang"},
        HTTP_X_FORWARDED_FOR="203.0.113.5",
    )
    assert elsewhere.status_code == 302  # another visitor is not locked out


def fail(client, username, address, times=1):
    for _attempt in range(times):
        client.post(
            reverse("wagtailadmin_login"),
            {"username": username, "password": "falsch"},
            HTTP_X_FORWARDED_FOR=address,
        )


def signs_in(client, address):
    response = client.post(
        reverse("wagtailadmin_login"),
        {"username": "kasse", "password": "richtig-und-lang"},
        HTTP_X_FORWARDED_FOR=address,
    )
    client.logout()
    return response.status_code == 302


@pytest.fixture
def treasurer(home, settings, django_user_model):
    settings.TRUSTED_PROXY_COUNT = 1
    user = django_user_model.objects.create_user(
        "kasse", "kasse@example.org", password="richtig-und-lang"
    )
    Group.objects.get(name="Finance").user_set.add(user)
    return user


def test_nobody_elsewhere_can_lock_the_account(client, treasurer):
    fail(client, "kasse", "198.51.100.9", times=5)
    assert not signs_in(client, "198.51.100.9")  # the guesser's address is locked
    assert signs_in(client, "203.0.113.5")  # the treasurer at her desk is not


def test_guesses_from_everywhere_brake_the_account_but_not_where_she_signs_in(
    client, treasurer, settings
):
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    assert signs_in(client, "203.0.113.5")  # her desk, known from now on
    for number in range(6):
        fail(client, "kasse", f"198.51.100.{number}")
    assert not signs_in(client, "192.0.2.77")  # a new address: braked
    assert signs_in(client, "203.0.113.5")


def test_a_braked_account_signs_in_at_a_new_address_by_a_link_by_email(
    client, treasurer, settings, django_capture_on_commit_callbacks
):
    """Guesses from everywhere never lock the real person out: at a new address her right
    password brings a link by email, which signs her in once; a wrong one gets the same
    answer and no mail."""
    settings.LOGIN_ACCOUNT_FAILURE_LIMIT = 6
    for number in range(6):
        fail(client, "kasse", f"198.51.100.{number}")
    answers = []
    for password in ("falsch", "richtig-und-lang"):
        with django_capture_on_commit_callbacks(execute=True):
            answers.append(
                client.post(
                    reverse("wagtailadmin_login"),
                    {"username": "kasse", "password": password},
                    HTTP_X_FORWARDED_FOR="192.0.2.77",
                )
            )
    wrong, right = (answer.content.decode() for answer in answers)
    assert "Link zur Anmeldung per E-Mail" in wrong
    assert "Link zur Anmeldung per E-Mail" in right
    assert "_auth_user_id" not in client.session
    (mail_with_link,) = mail.outbox
    assert mail_with_link.to == ["kasse@example.org"]
    link = re.search(r"http://testserver(/admin/anmelden/\S+/)", mail_with_link.body).group(1)

    shown = client.get(link, HTTP_X_FORWARDED_FOR="192.0.2.77")  # a mail scanner's visit
    assert "_auth_user_id" not in client.session and "<form" in shown.content.decode()
    signed_in = client.post(link, HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert signed_in.status_code == 302
    assert client.session["_auth_user_id"] == str(treasurer.pk)
    client.logout()
    again = client.post(link, HTTP_X_FORWARDED_FOR="192.0.2.77")
    assert again.status_code == 200 and "_auth_user_id" not in client.session  # once
    assert signs_in(client, "192.0.2.77")  # her address is known now


def test_a_sign_in_link_ends_with_a_new_password(client, treasurer):
    link = reverse("sign_in_link", args=[link_token(treasurer)])
    treasurer.set_password("ganz-neu-und-lang")
    treasurer.save()
    client.post(link)
    assert "_auth_user_id" not in client.session


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
@pytest.mark.django_db(transaction=True)
def test_parallel_guesses_are_counted_before_they_are_checked(demo_site, monkeypatch, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    checked = []
    real = auth_forms.authenticate

    def slow_authenticate(*args, **kwargs):
        checked.append(kwargs.get("username"))
        time.sleep(0.2)  # all guesses in flight at once
        return real(*args, **kwargs)

    monkeypatch.setattr(auth_forms, "authenticate", slow_authenticate)

    def guess(number):
        Client().post(
            reverse("wagtailadmin_login"),
            {"username": "kasse", "password": f"rate{number}"},
            HTTP_X_FORWARDED_FOR="198.51.100.9",
        )
        connection.close()

    with ThreadPoolExecutor(20) as pool:
        list(pool.map(guess, range(20)))
    # Each guess takes its number from two counters (address, account at the address) one
    # after the other, so a few may be refused by one of them: never more than the limit.
    assert 1 <= len(checked) <= settings.LOGIN_FAILURE_LIMIT == 5


def test_password_resets_are_limited_per_account_and_per_address(
    client, treasurer, django_user_model
):
    reset = reverse("wagtailadmin_password_reset")
    for _attempt in range(15):
        client.post(reset, {"email": "kasse@example.org"}, HTTP_X_FORWARDED_FOR="198.51.100.9")
    assert len(mail.outbox) == 3
    mail.outbox.clear()
    for number in range(15):
        django_user_model.objects.create_user(f"p{number}", f"p{number}@example.org", "pw-lang-1")
        client.post(
            reset,
            {"email": f"p{number}@example.org"},
            HTTP_X_FORWARDED_FOR=f"2001:db8:1:2::{number}",
        )
    assert len(mail.outbox) == 3


def test_a_flood_of_cached_pages_does_not_lift_a_lockout(client, treasurer, settings):
    settings.PAGE_CACHE_SECONDS = 300
    fail(client, "kasse", "198.51.100.9", times=5)
    for number in range(50):
        client.get(f"/?utm_source={number}")
    cache.clear()  # whatever the cache holds may go
    assert not signs_in(client, "198.51.100.9")
