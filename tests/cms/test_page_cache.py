"""Anonymous visitors get rendered pages from the cache; any change they could see ends it, and
forms on cached pages keep working (each visitor gets a CSRF token and form time of their own)."""

import time

import pytest
from bs4 import BeautifulSoup
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from cms.forms import TOKEN_SALT
from home.models import SiteSettings
from newsletter.models import Subscriber


@pytest.fixture(autouse=True)
def page_cache(settings):
    settings.PAGE_CACHE_SECONDS = 300
    settings.FORM_MIN_FILL_SECONDS = 0


def test_the_second_anonymous_visit_is_served_without_the_database(client, seed_report):
    assert client.get(seed_report.url)["X-Page-Cache"] == "miss"
    with CaptureQueriesContext(connection) as queries:
        response = client.get(seed_report.url)
    assert response["X-Page-Cache"] == "hit"
    assert len(queries) == 0
    assert seed_report.title in response.content.decode()


def test_signed_in_people_always_see_the_page_rendered(client, seed_report, django_user_model):
    client.force_login(django_user_model.objects.create_user("redaktion", is_staff=True))
    client.get(seed_report.url)
    assert "X-Page-Cache" not in client.get(seed_report.url)


def test_publishing_a_page_ends_the_cache(client, seed_report):
    client.get(seed_report.url)
    revision = seed_report.get_latest_revision_as_object()
    revision.title = "Werkstattgespräch, überarbeitet"
    revision.save_revision().publish()
    response = client.get(seed_report.url)
    assert response["X-Page-Cache"] == "miss"
    assert "Werkstattgespräch, überarbeitet" in response.content.decode()


def test_changing_a_snippet_a_page_shows_ends_the_cache(client, seed_report):
    client.get(seed_report.url)
    organisation = seed_report.participant_links.first().organisation
    organisation.name = "Umbenannte Organisation"
    organisation.save()
    assert "Umbenannte Organisation" in client.get(seed_report.url).content.decode()


def test_changing_a_site_setting_ends_the_cache(client, home):
    client.get("/")
    site_settings = SiteSettings.objects.get()
    site_settings.funders = "Gefördert durch die Stadt München"
    site_settings.save()
    assert "Gefördert durch die Stadt München" in client.get("/").content.decode()


def form_fields(response):
    form = BeautifulSoup(response.content, "html.parser").select_one("form.footer-newsletter")
    return {i["name"]: i.get("value", "") for i in form.select("input[type=hidden]")}


def test_a_form_on_a_cached_page_works_for_each_visitor(home):
    Client().get("/")  # someone else's visit fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page["X-Page-Cache"] == "hit"
    fields = form_fields(page)
    assert fields["csrfmiddlewaretoken"] and "{{" not in fields["csrfmiddlewaretoken"]
    shown_at = signing.loads(fields["shown_at"], salt=TOKEN_SALT)["t"]
    assert time.time() - shown_at < 5  # the form's time is this visit's, not the cached one
    action = BeautifulSoup(page.content, "html.parser").select_one("form.footer-newsletter")
    response = visitor.post(
        action["action"],
        {**fields, "email": "leser@example.org", "consent": "on", "homepage": ""},
    )
    assert response.status_code in (200, 302), response.status_code
    assert Subscriber.objects.filter(email="leser@example.org").exists()


@pytest.mark.parametrize(
    "address",
    ["/mitmachen/spenden/danke/", "/newsletter/bestaetigen/ungueltig/"],
)
def test_pages_about_one_visitor_are_never_cached(client, home, address):
    client.get(address)
    response = client.get(address)
    assert response.get("X-Page-Cache") != "hit"
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
