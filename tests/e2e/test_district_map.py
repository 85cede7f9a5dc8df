"""The district map in a browser: a district chosen with the keyboard alone, the table opened
with it, the map and the table passing axe on a phone, and the same filter without JavaScript."""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}


def test_a_district_is_chosen_with_the_keyboard(web, site):
    web.set_viewport_size(PHONE)
    web.goto(site + "/dritte-orte/")
    # The tile's name is what a screen reader says: the district and every listing's count.
    tile = web.get_by_role("link", name=re.compile(r"^16 Ramersdorf-Perlach.*2 Dritte Orte"))
    for _presses in range(60):
        web.keyboard.press("Tab")
        if tile.evaluate("element => element === document.activeElement"):
            break
    expect(tile).to_be_focused()
    web.keyboard.press("Enter")
    expect(web).to_have_url(re.compile(r"\?district=16$"))
    expect(web.locator("main .card__title")).to_have_count(2)
    expect(web.locator(".district-map__tile--16 a")).to_have_attribute("aria-current", "true")

    summary = web.get_by_text("Die Stadtbezirke als Tabelle")
    summary.focus()
    web.keyboard.press("Enter")
    row = web.get_by_role("row", name=re.compile("Ramersdorf-Perlach"))
    expect(row).to_be_visible()
    expect(row.get_by_role("cell")).to_have_text(["0", "2", "2"])
    assert_accessible(web)
    assert web.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_without_javascript_the_select_filters_the_same(browser, site):
    context = browser.new_context(locale="de-DE", viewport=PHONE, java_script_enabled=False)
    web = context.new_page()
    web.goto(site + "/initiativen/")
    web.get_by_label("Stadtbezirk", exact=True).select_option(label="Trudering-Riem")
    web.get_by_role("button", name="Filtern").click()
    expect(web).to_have_url(re.compile(r"district=15"))
    expect(web.locator("main .card__title")).to_have_text(["Trudering im Wandel"])
    web.locator(".district-map__tile--17 a").click()
    expect(web.locator("main .card__title")).to_have_text(["Stadtteilladen Giesing"])
    context.close()
