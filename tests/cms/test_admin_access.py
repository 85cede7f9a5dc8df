"""Who reaches what in the admin: each group (created by migrations) sees and exports what its
work needs and nothing else; people without a group stay out; the login resists guessing."""

import pytest
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from tests.conftest import staff

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
}
MAY_SEE = {
    "Editors": {"pages", "images", "organisations", "challenges"},
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
    user = django_user_model.objects.create_user("kasse", password="richtig-und-lang")
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


def test_a_flood_of_cached_pages_does_not_lift_a_lockout(client, treasurer, settings):
    settings.PAGE_CACHE_SECONDS = 300
    fail(client, "kasse", "198.51.100.9", times=5)
    for number in range(50):
        client.get(f"/?utm_source={number}")
    cache.clear()  # whatever the cache holds may go
    assert not signs_in(client, "198.51.100.9")
