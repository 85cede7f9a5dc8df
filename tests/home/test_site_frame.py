"""What every page carries: footer from the site settings, navigation, ways to take part."""

import pytest
from bs4 import BeautifulSoup
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from tests.demo_records import ABOUT


@pytest.fixture
def pages(home, report_index, seed_report):
    children = {page.slug: page for page in home.get_children().specific()}
    return [home, report_index, seed_report, children[ABOUT], children["impressum"]]


def test_footer_on_every_page(get_soup, pages):
    year = timezone.now().year
    for page in pages:
        footer = get_soup(page.url).select_one("footer.site-footer")
        text = " ".join(footer.get_text(" ", strip=True).split())
        assert (
            "Gefördert durch das Referat für Klima- und Umweltschutz und das Sozialreferat" in text
        )
        assert "Die BürgerStiftung München organisiert und verwaltet MIN." in text
        assert footer.select_one('a[href="mailto:buero@buergerstiftung-muenchen.de"]')
        assert footer.select_one('a[href="https://www.buergerstiftung-muenchen.de"]')
        assert f"© Münchner Initiative Nachhaltigkeit 2020–{year}" in text
        links = {a.get_text(strip=True): a["href"] for a in footer.select("nav a")}
        assert links["Impressum"] == "/impressum/"
        assert links["Datenschutz"] == "/datenschutz/"


def test_footer_follows_the_settings(get_soup, home, site_settings):
    site_settings.funders = "Gefördert durch die Landeshauptstadt München"
    site_settings.contact_email = "kontakt@m-i-n.net"
    site_settings.copyright_start_year = timezone.now().year
    site_settings.privacy_page = None
    site_settings.save()

    footer = get_soup(home.url).select_one("footer.site-footer")
    text = footer.get_text(" ", strip=True)
    assert "Gefördert durch die Landeshauptstadt München" in text
    assert footer.select_one('a[href="mailto:kontakt@m-i-n.net"]')
    assert f"Nachhaltigkeit {timezone.now().year}" in text
    assert "–" not in text.split("©")[1]
    assert "Datenschutz" not in [a.get_text(strip=True) for a in footer.select("nav a")]


def test_unpublished_legal_page_is_not_linked(get_soup, home, site_settings):
    site_settings.imprint_page.specific.unpublish()
    footer = get_soup(home.url).select_one("footer.site-footer")
    assert "Impressum" not in [a.get_text(strip=True) for a in footer.select("nav a")]


def test_navigation_lists_pages_shown_in_menus(get_soup, home, seed_report):
    soup = get_soup(seed_report.url)
    nav = soup.select_one("nav.site-nav")
    assert [a.get_text(strip=True) for a in nav.select("a")] == [
        "Berichte",
        "Veranstaltungen",
        "Initiativen",
        "Herausforderungen",
        "Wer ist zuständig?",
        "Förderungen",
        "Manufakturen",
        "Über MIN",
    ]
    current = nav.select_one("a[aria-current]")
    assert current.get_text(strip=True) == "Berichte"
    assert current["aria-current"] == "true"

    about = home.get_children().get(slug=ABOUT).specific
    about.show_in_menus = False
    about.save_revision().publish()
    nav = get_soup(home.url).select_one("nav.site-nav")
    assert "Über MIN" not in nav.text


def test_ways_to_take_part_on_every_page(get_soup, pages):
    for page in pages:
        section = get_soup(page.url).select_one("section.participate")
        headings = [h.get_text(strip=True) for h in section.select(".cta__heading")]
        assert headings == [
            "Newsletter abonnieren",
            "Bündnispartner werden",
            "In Manufaktur mitarbeiten",
            "Spenden",
        ], page
        assert [link["href"] for link in section.select("a.button")] == [
            "/newsletter/",
            "/mitmachen/buendnispartner-werden/",
            "/manufakturen/",
            "/mitmachen/spenden/",
        ]


def test_home_page_shows_featured_and_latest_reports(get_soup, home, seed_report):
    soup = get_soup(home.url)
    assert soup.h1.get_text(strip=True) == "Gemeinsam für ein nachhaltiges München"
    featured = soup.select_one(".featured .card__title a")
    assert featured.get_text(strip=True) == seed_report.title
    assert featured["href"] == seed_report.url
    latest = [a.get_text(strip=True) for a in soup.select("#latest-reports-heading ~ ul a")]
    assert len(latest) == 3
    assert seed_report.title not in latest
    assert len(soup.select("section.participate")) == 1


def test_skip_link_and_landmarks(get_soup, seed_report):
    soup = get_soup(seed_report.url)
    skip = soup.select_one("body > a.skip-link")
    assert skip["href"] == "#main"
    assert soup.select_one("main#main")
    assert soup.select_one("header.site-header")
    assert soup.select_one("footer.site-footer")
    assert len(soup.select("h1")) == 1


def test_unknown_address_is_a_friendly_404(db, get_soup):
    soup = get_soup("/gibt-es-nicht/", status=404)
    assert soup.h1.get_text(strip=True) == "Seite nicht gefunden"
    assert soup.select_one("footer.site-footer")


def test_home_query_count_does_not_grow_with_the_featured_challenges(client, home, seed_report):
    def count_queries():
        client.get(home.url)  # fills the caches a first visitor fills
        with CaptureQueriesContext(connection) as queries:
            assert client.get(home.url).status_code == 200
        return len(queries)

    with_five = count_queries()
    seed_report.challenge_links.exclude(pk=seed_report.challenge_links.first().pk).delete()
    assert count_queries() == with_five


def test_every_page_describes_itself_for_search_engines(get_soup, home, seed_report):
    described = {
        "/": home.intro,
        seed_report.url: seed_report.teaser,
        "/mitmachen/spenden/": None,
    }
    for url, source in described.items():
        description = get_soup(url).select_one("meta[name=description]")["content"]
        assert description.strip(), url
        if source:
            assert (
                description.split()[:5]
                == BeautifulSoup(source, "html.parser").get_text().split()[:5]
            )
