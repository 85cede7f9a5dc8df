"""Anonymous visitors get rendered pages from the cache; any change they could see ends it; a
cached page is the same for everyone, and its forms work for each visitor (the form time comes
from an uncached request, posts from other sites are refused by origin)."""

import re
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import signing
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from cms.cache import PAGE_PARAMETERS
from cms.forms import TOKEN_SALT, form_token
from home.models import SiteSettings
from newsletter.models import Subscriber
from tests.newsletter import test_subscribe as subscribe
from tests.test_public_forms import FORM_PAGES, PUBLIC_FORMS

SAME_ORIGIN = {"HTTP_SEC_FETCH_SITE": "same-origin"}


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


@pytest.mark.parametrize(("find_page", "valid_data"), FORM_PAGES.values(), ids=FORM_PAGES)
def test_a_cached_form_page_is_the_same_for_everyone_and_works_for_each(
    db, find_page, valid_data, stripe_server, django_capture_on_commit_callbacks
):
    page = find_page()
    visitors = [Client(enforce_csrf_checks=True) for _ in range(2)]
    first, second = (visitor.get(page.url) for visitor in visitors)
    assert (first["X-Page-Cache"], second["X-Page-Cache"]) == ("miss", "hit")
    assert first.content == second.content  # nothing in it belongs to one visitor
    assert not first.cookies and not second.cookies
    assert b"csrfmiddlewaretoken" not in first.content
    for number, visitor in enumerate(visitors):
        shown_at = visitor.get(reverse("form_token")).json()["shown_at"]
        assert time.time() - signing.loads(shown_at, salt=TOKEN_SALT)["t"] < 5
        data = valid_data(email=f"besuch{number}@example.org")
        with django_capture_on_commit_callbacks(execute=True):
            response = visitor.post(
                page.url, {**data, "homepage": "", "shown_at": shown_at}, **SAME_ORIGIN
            )
        assert response.status_code in (302, 303), (number, response.status_code)


def test_the_footer_form_works_from_a_cached_page(home):
    Client().get("/")  # someone else's visit fills the cache
    visitor = Client(enforce_csrf_checks=True)
    page = visitor.get("/")
    assert page["X-Page-Cache"] == "hit"
    form = BeautifulSoup(page.content, "html.parser").select_one("form.footer-newsletter")
    shown_at = visitor.get(form.select_one("[data-token-url]")["data-token-url"]).json()
    response = visitor.post(
        form["action"],
        {"email": "leser@example.org", "consent": "on", "homepage": "", **shown_at},
        **SAME_ORIGIN,
    )
    assert response.status_code == 302
    assert Subscriber.objects.filter(email="leser@example.org").exists()


def test_without_javascript_the_form_asks_once_more(client, home):
    newsletter = PUBLIC_FORMS["newsletter"][0]()
    data = {**subscribe.valid_data(), "homepage": ""}
    answer = client.post(newsletter.url, {**data, "shown_at": ""})
    assert "Bitte prüfen Sie Ihre Angaben" in answer.content.decode()
    assert not Subscriber.objects.filter(email=data["email"].lower()).exists()
    again = BeautifulSoup(answer.content, "html.parser").select_one("#abonnieren [name=shown_at]")
    assert client.post(newsletter.url, {**data, "shown_at": again["value"]}).status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_SEC_FETCH_SITE": "cross-site"},
        {"HTTP_SEC_FETCH_SITE": "same-site"},
        {"HTTP_ORIGIN": "https://evil.example"},
        {"HTTP_ORIGIN": "null"},
    ],
)
def test_posts_from_other_sites_are_refused(client, home, headers):
    newsletter = PUBLIC_FORMS["newsletter"][0]()
    data = {**subscribe.valid_data(), "homepage": "", "shown_at": form_token(time.time() - 30)}
    assert client.post(newsletter.url, data, **headers).status_code == 403
    assert not Subscriber.objects.exists()


def test_a_cached_page_carries_the_security_headers(client, seed_report):
    client.get(seed_report.url)
    cached = client.get(seed_report.url)
    assert cached["X-Page-Cache"] == "hit"
    assert cached["X-Frame-Options"] == "DENY"
    assert "default-src 'self'" in cached["Content-Security-Policy"]


def test_query_noise_shares_the_page_and_filters_do_not(client, report_index):
    client.get(report_index.url)
    for number in range(3):
        noisy = client.get(f"{report_index.url}?utm_source=n{number}&fbclid={number}")
        assert noisy["X-Page-Cache"] == "hit"
    assert client.get(f"{report_index.url}?year=2024")["X-Page-Cache"] == "miss"


def test_the_page_parameters_are_all_that_pages_read():
    """A page that read a parameter the key leaves out would be served to every value of it."""
    read = set()
    for source in Path(settings.BASE_DIR).glob("*/*.py"):
        text = source.read_text()
        read |= set(re.findall(r'request\.GET\.get\("(\w+)"', text))
        read |= set(re.findall(r'_param\(request, "(\w+)"', text))
        read |= set(re.findall(r'donation_named_in\(request, "(\w+)"', text))
        read |= set(re.findall(r'"(\w+)" in request\.GET', text))
    read -= {"preview"}  # the admin's newsletter preview, never cached
    assert read == PAGE_PARAMETERS


@pytest.mark.parametrize(
    "address",
    ["/mitmachen/spenden/danke/", "/newsletter/bestaetigen/ungueltig/"],
)
def test_pages_about_one_visitor_are_never_cached(client, home, address):
    client.get(address)
    response = client.get(address)
    assert response.get("X-Page-Cache") != "hit"
    assert "no-cache" in response["Cache-Control"] or "private" in response["Cache-Control"]
