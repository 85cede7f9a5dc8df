"""English content where it matters (cms/translations.py): a page's published translation takes
its place at /en/, at the same address; a page without one is shown in German and says so; the
German site, its listings, feeds, search and API show every page once."""

import xml.etree.ElementTree as ET

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation
from wagtail.models import Locale, Page, PageViewRestriction

from cms.pages import german
from donations.models import CampaignTotal, Donation, DonationPage
from events.models import EventPage
from newsletter.models import NewsletterIndexPage, Subscriber
from reports.models import ReportPage
from tests.demo_records import ABOUT, INITIATIVE
from tests.factories import donation_entries, subscription_entries
from tests.helpers import SEED_SLUG, sign_in

pytestmark = pytest.mark.django_db

NOTE = "This page is not yet available in English"

# The demo's English pages (demo/content/english.toml): the German address, the English title.
TRANSLATED = {
    "/": "Together for a sustainable Munich",
    f"/{ABOUT}/": "About MIN",
    "/mitmachen/": "Take part",
    "/mitmachen/spenden/": "Donate",
    "/newsletter/": "Newsletter",
    f"/berichte/{SEED_SLUG}/": "Workshop talk with the city administration on sustainable "
    "neighbourhoods",
}


def english(page):
    return page.get_translation(Locale.objects.get(language_code="en"))


def in_english(page):
    with translation.override("en"):
        return page.get_url()


def language_of(element):
    """The language an element is in: its own lang attribute or its nearest ancestor's."""
    return element.get("lang") or element.find_parent(attrs={"lang": True})["lang"]


@pytest.mark.parametrize("path", TRANSLATED)
def test_a_translated_page_is_english_at_en_and_german_at_its_german_address(get_soup, path):
    english_page = get_soup(f"/en{path}" if path != "/" else "/en/")
    heading = english_page.select_one("h1")
    assert heading.get_text(strip=True) == TRANSLATED[path]
    assert language_of(heading) == "en"
    assert NOTE not in english_page.get_text()
    assert english_page.select_one("html")["lang"] == "en"

    german_page = get_soup(path)
    assert language_of(german_page.select_one("h1")) == "de"
    assert german_page.select_one("html")["lang"] == "de"
    assert TRANSLATED[path] not in german_page.get_text() or path == "/newsletter/"


def test_a_page_without_translation_is_german_at_en_and_says_so(get_soup):
    soup = get_soup("/en/veranstaltungen/")
    note = soup.select_one(".language-note [role=note]")
    assert note.get_text(strip=True).startswith(NOTE)
    assert soup.select_one("h1")["lang"] == "de"
    assert soup.select_one('link[rel="canonical"]')["href"] == "http://testserver/veranstaltungen/"
    assert not get_soup("/veranstaltungen/").select_one(".language-note")


def test_the_english_report_carries_its_own_text_and_the_german_pages_relations(
    get_soup, seed_report
):
    event = german(EventPage.objects).first()
    event.report = seed_report
    event.save_revision().publish()
    event_address = in_english(event)
    soup = get_soup(in_english(seed_report))
    text = soup.get_text(" ", strip=True)
    assert "Simpler and quicker ways should be created for permits" in text  # a result
    assert "Join the exchange with the city" in text  # the contact box
    # Its participants and the event it reports on are the German page's.
    assert "Kreisverwaltungsreferat" in text
    assert soup.select_one(f'#events-heading ~ ul a[href="{event_address}"]')
    for element in soup.select(".prose"):
        assert element["lang"] == "en"
    structured = [script.string for script in soup.select('script[type="application/ld+json"]')]
    assert any('"Article"' in data and '"inLanguage": "en"' in data for data in structured)


def test_every_page_is_listed_once_in_german(client, get_soup, seed_report):
    assert german(ReportPage.objects).filter(slug=SEED_SLUG).count() == 1
    assert ReportPage.objects.filter(slug=SEED_SLUG).count() == 2  # the translation
    for path in ("/berichte/", "/en/berichte/", "/", f"/initiativen/{INITIATIVE}/"):
        links = get_soup(path).select(f'main a[href$="/berichte/{SEED_SLUG}/"]')
        assert len({link["href"] for link in links}) == 1, path
    feed = ET.fromstring(client.get("/feed/").content)
    titles = [e.text for e in feed.iter("{http://www.w3.org/2005/Atom}title")]
    assert titles.count(seed_report.title) == 1
    assert TRANSLATED[f"/berichte/{SEED_SLUG}/"] not in titles
    found = get_soup("/suche/?q=Werkstattgespr%C3%A4ch").select(f'a[href$="{SEED_SLUG}/"]')
    assert len({link["href"] for link in found}) == 1
    sitemap = client.get("/sitemap.xml").content.decode()
    assert sitemap.count(f"/berichte/{SEED_SLUG}/<") == 1


def test_the_api_lists_german_pages_and_the_translations_on_request(client, seed_report):
    german_items = client.get("/api/v2/pages/?type=reports.ReportPage").json()["items"]
    assert [item["meta"]["locale"] for item in german_items] == ["de"] * len(german_items)
    assert [item["id"] for item in german_items].count(seed_report.pk) == 1
    english_items = client.get("/api/v2/pages/?type=reports.ReportPage&locale=en").json()["items"]
    assert [(item["id"], item["meta"]["html_url"]) for item in english_items] == [
        (english(seed_report).pk, f"http://testserver/en/berichte/{SEED_SLUG}/")
    ]
    translations = client.get(f"/api/v2/pages/?translation_of={seed_report.pk}").json()
    assert [item["id"] for item in translations["items"]] == [english(seed_report).pk]


def test_the_english_menu_names_translated_sections_in_english(get_soup):
    menu = get_soup("/en/").select(".site-nav a")
    assert ("About MIN", f"/en/{ABOUT}/") in [(a.get_text(strip=True), a["href"]) for a in menu]
    # A screen reader reads the German names of untranslated sections as German.
    languages = {a.get_text(strip=True): a.get("lang") for a in menu}
    assert (languages["About MIN"], languages["Veranstaltungen"]) == (None, "de")
    current = get_soup(f"/en/{ABOUT}/").select_one(".site-nav a[aria-current]")
    assert (current.get_text(strip=True), current["aria-current"]) == ("About MIN", "page")
    german_menu = get_soup("/").select(".site-nav a")
    assert ("Über MIN", f"/{ABOUT}/") in [(a.get_text(strip=True), a["href"]) for a in german_menu]


def test_links_made_for_one_language_are_not_shown_in_the_other(client, get_soup):
    """The site frame keeps the addresses of one-of-a-kind pages (the challenge tracker): per
    language, so that the English visitor who fills it does not send German ones to /en/."""
    assert get_soup("/en/").select('a[href="/en/mitmachen/spenden/"]')
    german_home = get_soup("/")
    assert german_home.select('a[href="/mitmachen/spenden/"]')
    assert not german_home.select('a[href^="/en/"]:not([hreflang])')


def test_a_donation_on_the_english_page_belongs_to_the_german_page(submit_form, stripe_server):
    donation_page = german(DonationPage.objects).get()
    answer = submit_form(in_english(donation_page), donation_entries())
    assert answer.status_code == 303  # to Stripe's payment page
    assert answer["Location"].startswith(stripe_server.url)
    assert Donation.objects.get().page == donation_page


def test_the_campaign_on_the_english_page_is_the_german_pages(get_soup):
    donation_page = german(DonationPage.objects).get()
    donation_page.goal = 5000
    donation_page.campaign_start = donation_page.first_published_at.date()
    donation_page.campaign_end = donation_page.campaign_start.replace(year=2100)
    donation_page.save_revision().publish()
    CampaignTotal.objects.create(page=donation_page, raised=1234, gifts=3)
    english_page = english(donation_page)
    assert english_page.campaign()["raised"] == 1234
    text = get_soup(in_english(donation_page)).get_text(" ", strip=True)
    assert "1,234 € of 5,000 €" in text


def test_a_sign_up_on_the_english_page_records_the_english_consent(submit_form):
    newsletter_page = german(NewsletterIndexPage.objects).get()
    answer = submit_form(in_english(newsletter_page), subscription_entries())
    assert answer.status_code == 302
    assert answer["Location"].startswith("/en/newsletter/danke/")
    subscriber = Subscriber.objects.get()
    assert subscriber.consent_text == english(newsletter_page).consent_text
    assert subscriber.consent_text.startswith("I would like to receive the newsletter")


def test_an_editor_translates_a_page_and_publishes_it(client, get_soup, db):
    report = german(ReportPage.objects).exclude(slug=SEED_SLUG).first()
    editor = Group.objects.get(name="Editors")
    assert editor.permissions.filter(codename="submit_translation").exists()
    user = editor.user_set.model.objects.create_user("redaktion", "r@example.org", "pw")
    user.groups.add(editor)
    sign_in(client, user)
    german_address, address = report.url, in_english(report)
    assert get_soup(address).select_one(".language-note")

    form = client.get(reverse("simple_translation:submit_page_translation", args=[report.pk]))
    assert form.status_code == 200
    en = Locale.objects.get(language_code="en")
    answer = client.post(
        reverse("simple_translation:submit_page_translation", args=[report.pk]),
        {"locales": [en.pk]},
    )
    draft = report.get_translation(en)
    assert answer.status_code == 302 and not draft.live
    assert client.get(reverse("wagtailadmin_pages:edit", args=[draft.pk])).status_code == 200
    assert get_soup(address).select_one(".language-note")  # a draft changes nothing

    draft = draft.specific
    draft.title = "A report in English"
    draft.save_revision(user=user).publish()
    assert draft.url == address
    soup = get_soup(address)
    assert soup.select_one("h1").get_text(strip=True) == "A report in English"
    assert not soup.select_one(".language-note")
    assert get_soup(german_address).select_one("h1").get_text(strip=True) == report.title


def test_a_translation_taken_offline_leaves_the_german_page_at_en(get_soup, seed_report):
    english(seed_report).unpublish()
    soup = get_soup(in_english(seed_report))
    assert soup.select_one("h1").get_text(strip=True) == seed_report.title
    assert soup.select_one(".language-note")


def test_translations_of_pages_without_german_page_or_alias_are_not_shown(get_soup, seed_report):
    """Wagtail makes aliases of untranslated parents: they are not translations."""
    index = english(seed_report).get_parent()
    assert index.alias_of_id is not None
    assert get_soup("/en/berichte/").select_one(".language-note")
    assert Page.objects.filter(alias_of__isnull=False, live=True).exists()


def test_a_private_sections_translation_is_guarded_like_its_german_page(client):
    """Wagtail checks the restrictions of the tree a page is in, and the English "Mitmachen"
    (a translation, not an alias) has none of the German section's: the donation page stays
    German there, behind the section's password."""
    donation_page = german(DonationPage.objects).get()
    section = donation_page.get_parent()
    assert english(section).alias_of_id is None
    PageViewRestriction.objects.create(page=section, restriction_type="password", password="x")
    body = client.get(in_english(donation_page)).content.decode()
    assert 'name="password"' in body
    assert "support the work of MIN with a donation" not in body


# Nothing is published into nowhere (cms.wagtail_hooks.outside_the_german_tree).


def test_no_page_is_made_in_the_english_tree(admin_client, seed_report):
    english_index = english(seed_report).get_parent()
    add = reverse("wagtailadmin_pages:add", args=["reports", "reportpage", english_index.pk])
    for answer in (admin_client.get(add), admin_client.post(add, {"title": "Nur Englisch"})):
        assert answer.status_code == 302
        assert answer["Location"] == reverse(
            "wagtailadmin_explore", args=[seed_report.get_parent().pk]
        )
    shown = admin_client.get(answer["Location"]).content.decode()
    assert "neue Seiten entstehen im deutschen Bereich" in shown
    assert not ReportPage.objects.filter(title="Nur Englisch").exists()


def test_no_page_is_copied_into_the_english_tree(admin_client, seed_report):
    english_index = english(seed_report).get_parent()
    copy = reverse("wagtailadmin_pages:copy", args=[seed_report.pk])
    answer = admin_client.post(
        copy,
        {"new_title": "Kopie", "new_slug": "kopie", "new_parent_page": english_index.pk},
    )
    assert answer.status_code == 302
    assert not Page.objects.filter(slug="kopie").exists()


def test_the_admins_page_search_says_which_language_a_section_is_in(admin_client):
    found = admin_client.get(reverse("wagtailadmin_pages:search"), {"q": "Berichte"})
    rows = [
        row.get_text(" ", strip=True)
        for row in BeautifulSoup(found.content, "html.parser").select("tbody tr")
        if "Berichte" in row.get_text()
    ]
    assert len(rows) >= 2
    assert any("Deutsch" in row for row in rows) and any("Englisch" in row for row in rows)
