"""The English interface in a browser, on a phone: a visitor switches to English on the
donation page and reads it in English, follows the menu to a section without translation and is
told it is in German; both pass axe."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def follow_menu(web, name, path):
    """Open the English menu and follow one of its links, to this path."""
    web.get_by_role("button", name="Menu").click()
    menu = web.get_by_role("navigation", name="Main navigation")
    menu.get_by_role("link", name=name).click()
    expect(web).to_have_url(re.compile(path + "$"))


def assert_fits_and_passes_axe(web):
    assert_accessible(web)
    assert web.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_a_visitor_reads_the_english_pages_and_is_told_where_there_is_none(web, site):
    web.set_viewport_size(PHONE)
    web.goto(site + "/mitmachen/spenden/")
    expect(web.locator("h1")).to_have_text("Spenden")
    web.get_by_role("button", name="Menü").click()
    web.get_by_role("link", name="English").click()

    expect(web).to_have_url(re.compile(r"/en/mitmachen/spenden/$"))
    expect(web.locator("h1")).to_have_text("Donate")
    expect(web.locator("header.article__header")).to_have_attribute("lang", "en")
    expect(web.locator(".language-note")).to_have_count(0)
    assert_fits_and_passes_axe(web)

    follow_menu(web, "Veranstaltungen", "/en/veranstaltungen/")
    expect(web.get_by_role("note")).to_have_text(re.compile("not yet available in English"))
    expect(web.locator("h1")).to_have_attribute("lang", "de")
    assert_fits_and_passes_axe(web)

    follow_menu(web, "About MIN", "/en/ueber-uns/")
    expect(web.locator("h1")).to_have_text("About MIN")
    assert_fits_and_passes_axe(web)
