"""How search engines, feed readers and link previews find the reports."""

import xml.etree.ElementTree as ET

import pytest
from django.core import mail
from django.utils import translation
from wagtail.models import Locale

from challenges.models import Challenge
from cms.pages import german
from cms.signal_handlers import use_configured_address
from newsletter.models import NewsletterIndexPage
from organisations.models import Organisation
from tests.factories import make_report

SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
ATOM = "{http://www.w3.org/2005/Atom}"


def test_sitemap_lists_live_pages(client, seed_report, report_index):
    draft = make_report(report_index, "Noch nicht veröffentlicht")
    draft.unpublish()
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    locations = [loc.text for loc in ET.fromstring(response.content).iter(f"{SITEMAP}loc")]
    assert f"http://testserver{seed_report.url}" in locations
    assert "http://testserver/" in locations
    assert not any("noch-nicht" in location for location in locations)


def test_robots_txt_points_to_the_sitemap(client, db):
    response = client.get("/robots.txt")
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    body = response.content.decode()
    assert "Sitemap: http://testserver/sitemap.xml" in body
    assert "Disallow: /admin/" in body


def test_atom_feed_lists_reports_newest_first(client, seed_report):
    response = client.get("/feed/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 5
    titles = [entry.findtext(f"{ATOM}title") for entry in entries]
    assert titles[-1] == seed_report.title
    seed_entry = entries[-1]
    assert seed_entry.find(f"{ATOM}link").get("href") == f"http://testserver{seed_report.url}"
    assert seed_entry.findtext(f"{ATOM}summary") == seed_report.teaser
    assert seed_entry.findtext(f"{ATOM}published").startswith("2023-01-24")


def test_every_page_links_the_feed(get_soup, home):
    link = get_soup(home.url).select_one('link[rel="alternate"][type="application/atom+xml"]')
    assert link["href"] == "/feed/"


def test_report_has_canonical_url_and_open_graph(get_soup, seed_report):
    soup = get_soup(seed_report.url)
    url = f"http://testserver{seed_report.url}"
    assert soup.select_one('link[rel="canonical"]')["href"] == url

    def og(name):
        return soup.select_one(f'meta[property="og:{name}"]')["content"]

    assert og("url") == url
    assert og("title") == seed_report.title
    assert og("type") == "article"
    assert og("description") == seed_report.teaser
    assert og("locale") == "de_DE"
    assert soup.select_one('meta[name="description"]')["content"] == seed_report.teaser


@pytest.mark.parametrize("translated", [False, True], ids=["German page", "translated page"])
def test_english_pages_point_to_the_german_original_unless_translated(
    get_soup, seed_report, translated
):
    if not translated:
        seed_report.get_translation(Locale.objects.get(language_code="en")).unpublish()
    german_url = seed_report.get_url()
    with translation.override("en"):
        english_url = seed_report.get_url()
    soup = get_soup(english_url)
    canonical = english_url if translated else german_url
    assert soup.select_one('link[rel="canonical"]')["href"] == f"http://testserver{canonical}"
    assert soup.select_one('meta[property="og:locale"]')["content"] == (
        "en_GB" if translated else "de_DE"
    )
    alternates = {
        link["hreflang"]: link["href"] for link in soup.select('link[rel="alternate"][hreflang]')
    }
    assert alternates == {
        "de": f"http://testserver{german_url}",
        "en": f"http://testserver{english_url}",
    }


def test_sitemap_lists_challenges_and_departments(client, db):
    locations = [
        loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")
    ]
    challenge = Challenge.objects.first()
    department = Organisation.objects.filter(kind=Organisation.Kind.CITY_DEPARTMENT).first()
    assert f"http://testserver/herausforderungen/{challenge.slug}/" in locations
    assert f"http://testserver/wer-ist-zustaendig/referate/{department.pk}/" in locations


def test_absolute_links_use_the_configured_address(client, db, settings, submit_form):
    """Wherever the server runs (gunicorn on another port), mails and the sitemap name the
    public address."""
    settings.WAGTAILADMIN_BASE_URL = "https://m-i-n.example"
    use_configured_address()
    locations = [
        loc.text for loc in ET.fromstring(client.get("/sitemap.xml").content).iter(f"{SITEMAP}loc")
    ]
    assert locations and all(loc.startswith("https://m-i-n.example/") for loc in locations)
    newsletter = german(NewsletterIndexPage.objects).get()
    submit_form(newsletter.url, {"email": "leser@example.org", "consent": "on"})
    (message,) = mail.outbox
    assert "https://m-i-n.example/newsletter/bestaetigen/" in message.body
