"""What renders keep in the cache besides whole pages (cms/cache/frame.py): the listings' facts
(counts per district, what the profiles' filters offer, the next funding deadlines of the day)
and the sections the home page routes through. Kept on Redis between requests, as production
runs, they must never show what a render without them would not: after each change a visitor
could see, every page rendered with them is the page rendered from the database alone, in
German and in English."""

import re
from datetime import UTC, datetime, time, timedelta

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from wagtail.models import PageViewRestriction

from cms.pages import german
from funding.models import FundingDeadline
from home.models import ContentPage
from network.models import InitiativeIndexPage
from newsletter.forms import SubscribeForm
from newsletter.models import NewsletterIndexPage
from organisations.models import District, Organisation
from places.models import PlaceIndexPage
from tests.factories import make_place, make_profile

LAIM = District.LAIM
PATHS = ["/", "/initiativen/", "/dritte-orte/", "/foerderungen/", "/en/initiativen/"]


def page(response):
    """The page without its CSRF token (a private section's password form has one, new each
    time)."""
    return re.sub(r'name="csrfmiddlewaretoken" value="\w+"', "", response.content.decode())


@pytest.fixture
def shipped_cache(db, settings, redis_cache):
    """Pages rendered every time (the page cache off), the frame and the facts kept on Redis."""
    settings.PAGE_CACHE_SECONDS = 0
    return redis_cache


def publish_profile(profiles, name):
    return make_profile(
        profiles, name, kind=Organisation.Kind.BUSINESS, district=LAIM, topics=[f"Thema {name}"]
    )


def change_kind(profile):
    profile.organisation.kind = Organisation.Kind.SCIENCE
    profile.organisation.save()


def make_private(section):
    PageViewRestriction.objects.create(
        page=section, restriction_type=PageViewRestriction.PASSWORD, password="x"
    )


def move_deadline():
    """The soonest deadline moves to tomorrow, under a new name, by a publish."""
    programme = FundingDeadline.objects.upcoming(1)[0].page
    revision = programme.get_latest_revision_as_object()
    deadlines = list(revision.deadlines.all())
    deadlines[0].date, deadlines[0].yearly = timezone.localdate() + timedelta(days=1), False
    deadlines[0].label = "Vorgezogene Frist"
    revision.deadlines = deadlines
    revision.save_revision().publish()


def new_consent_text():
    newsletter = german(NewsletterIndexPage.objects).get()
    newsletter.consent_text = "Ja, schickt mir den Newsletter (neu gefasst)."
    newsletter.save_revision().publish()


def rename(section):
    section.slug = "profile"
    section.save_revision().publish()
    return ["/profile/"]


# Each change, and the addresses besides PATHS it must be checked at.
CHANGES = {
    "a profile published in a new district, kind and topic": lambda p: [
        publish_profile(p["profiles"], "Laimer Werkstatt").url
    ],
    "a profile taken offline": lambda p: p["profile"].unpublish(),
    "a place published": lambda p: [make_place(p["places"], "Treff Laim", LAIM).url],
    "an organisation's kind changed": lambda p: change_kind(p["profile"]),
    "the profiles made private": lambda p: make_private(p["profiles"]),
    "a section renamed": lambda p: rename(p["profiles"]),
    "a funding deadline moved": lambda p: move_deadline(),
    "the newsletter's consent text changed": lambda p: new_consent_text(),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_render_with_the_kept_facts_is_a_render_without_them(client, shipped_cache, change):
    profiles = InitiativeIndexPage.objects.get()
    # Published before the facts are kept, so that taking it offline is a change.
    found = {
        "profiles": profiles,
        "places": PlaceIndexPage.objects.get(),
        "profile": publish_profile(profiles, "Laimer Nachbarn"),
    }
    before = {path: client.get(path).content for path in PATHS}  # the facts are kept now
    assert shipped_cache.exists(":1:listing-facts") and shipped_cache.exists(":1:site-frame")
    paths = PATHS + (CHANGES[change](found) or [])
    kept = {path: client.get(path) for path in paths}
    shipped_cache.flushdb()
    for path, response in kept.items():
        fresh = client.get(path)
        assert response.status_code == fresh.status_code, path
        assert page(response) == page(fresh), f"{path} after: {change}"
    assert any(kept[path].content != before[path] for path in PATHS), f"nothing shows: {change}"


def test_the_kept_facts_spare_queries_and_follow_the_language(client, shipped_cache):
    client.get("/initiativen/")
    with CaptureQueriesContext(connection) as kept:
        german = client.get("/initiativen/").content.decode()
    shipped_cache.flushdb()
    with CaptureQueriesContext(connection) as fresh:
        client.get("/initiativen/")
    # The district map's four and the filters' two queries, and the section's two steps.
    assert len(fresh) - len(kept) >= 8
    english = client.get("/en/initiativen/").content.decode()
    assert ">Profile</th>" in german and ">Profiles</th>" in english


def test_a_new_section_is_found_at_once_and_one_taken_offline_is_gone(client, shipped_cache):
    profiles = InitiativeIndexPage.objects.get()
    assert client.get("/initiativen/").status_code == 200
    profiles.unpublish()
    assert client.get("/initiativen/").status_code == 404
    profiles.save_revision().publish()
    assert client.get("/initiativen/").status_code == 200


def test_a_sections_first_page_is_found_at_once(client, shipped_cache, home):
    """A section kept in the site frame while it has no pages: its first page is added and
    published without any change to the section itself."""
    section = home.add_child(instance=ContentPage(title="Neue Rubrik", slug="neue-rubrik"))
    section.save_revision().publish()
    assert client.get("/neue-rubrik/").status_code == 200  # the frame keeps it now
    page = section.add_child(instance=ContentPage(title="Erste Seite", slug="erste-seite"))
    page.save_revision().publish()
    assert client.get("/neue-rubrik/erste-seite/").status_code == 200


def test_the_kept_facts_are_plain_data(client, shipped_cache):
    """A lazy translation kept in the cache comes back as a new class on every read (Django's
    lazy()), which cost the district map 15 ms a render: only numbers, names and records."""
    client.get("/initiativen/")
    kept = shipped_cache.get(":1:listing-facts")
    assert b"district-counts" in kept and b"profile-filters" in kept
    assert b"_lazy_proxy_unpickle" not in kept


def test_the_next_deadlines_are_kept_for_a_day_only(client, shipped_cache):
    soonest = FundingDeadline.objects.upcoming(1)[0]
    client.get("/")  # which deadlines come next is kept now
    after_it = soonest.next_date_from(timezone.localdate()) + timedelta(days=1)
    with time_machine.travel(datetime.combine(after_it, time(12), tzinfo=UTC)):
        kept = page(client.get("/"))
        shipped_cache.flushdb()
        assert kept == page(client.get("/"))


def test_the_footer_form_is_built_once_per_language(client, shipped_cache, monkeypatch):
    """Its fields are the same on every page; only the page it stands on is filled in."""
    client.get("/")
    client.get("/en/")
    built = []
    monkeypatch.setattr(SubscribeForm, "__init__", lambda *a, **k: built.append(1))
    german_footer = page(client.get("/initiativen/?district=17"))
    english_footer = page(client.get("/en/initiativen/"))
    assert built == []
    assert 'value="/initiativen/?district=17" id="footer-source"' in german_footer
    assert "Ihre E-Mail-Adresse" in german_footer and "Your email address" in english_footer
