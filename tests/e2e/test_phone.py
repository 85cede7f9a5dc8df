"""The site on a phone, in a real browser: a menu button that works with a keyboard and without
JavaScript, nothing that scrolls sideways at 320 px, headings that break between words, targets
a finger can hit, and on a desktop the menu on one row."""

import pytest
from playwright.sync_api import expect

from tests.demo_records import page_addresses

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
# What one taps outside running text (links within a sentence may be smaller, as WCAG allows):
# the site's header and footer, breadcrumbs, buttons, page links, tabs and fields.
TARGETS = (
    ".site-header a, .site-header button, .site-header input, .site-footer a, .site-footer button,"
    " .site-footer input[type=email], .breadcrumb a, .button, .more-link, .pagination a, .tabs a,"
    " main input:not([type=checkbox]):not([type=radio]), main select, .district-map a"
)


def test_the_menu_button_opens_and_closes_the_menu_with_the_keyboard(web, site):
    web.set_viewport_size(PHONE)
    web.goto(site)
    button = web.get_by_role("button", name="Menü")
    menu_link = web.get_by_role("navigation", name="Hauptnavigation").get_by_role("link").first
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(menu_link).to_be_hidden()

    button.focus()
    web.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    expect(menu_link).to_be_visible()
    web.keyboard.press("Tab")  # the menu follows its button
    expect(menu_link).to_be_focused()

    web.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    expect(menu_link).to_be_hidden()


def test_without_javascript_the_menu_button_is_a_link_to_the_menu(browser, site):
    context = browser.new_context(locale="de-DE", viewport=PHONE, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(site)
    menu = tab.get_by_role("navigation", name="Hauptnavigation")
    expect(menu).to_be_hidden()
    tab.get_by_role("link", name="Menü").click()
    expect(menu).to_be_visible()
    expect(menu.get_by_role("link", name="Berichte")).to_be_visible()
    context.close()


def test_no_page_scrolls_sideways_at_320_px(web, site):
    web.set_viewport_size({"width": 320, "height": 640})
    for address in page_addresses():
        web.goto(site + address)
        width = web.evaluate("document.documentElement.scrollWidth")
        assert width <= 320, f"{address} is {width} px wide"


def test_headings_break_between_words_on_a_phone(web, site):
    """No word of a heading is wider than the phone: it would break mid-word."""
    web.set_viewport_size(PHONE)
    for address in page_addresses():
        web.goto(site + address)
        too_wide = web.evaluate(
            """() => [...document.querySelectorAll('main h1, main h2')].filter((heading) => {
                heading.style.overflowWrap = 'normal';
                heading.style.hyphens = 'manual';
                return heading.scrollWidth > heading.clientWidth;
            }).map((heading) => heading.textContent.trim())"""
        )
        assert too_wide == [], address


def test_targets_are_at_least_44_px_high_on_a_phone(web, site):
    web.set_viewport_size(PHONE)
    for address in page_addresses()[:6]:
        web.goto(site + address)
        web.get_by_role("button", name="Menü").click()
        small = web.evaluate(
            """(selector) => [...document.querySelectorAll(selector)]
                .filter((element) => element.checkVisibility())
                .map((element) => [element.outerHTML.slice(0, 80),
                                   element.getBoundingClientRect().height])
                .filter(([, height]) => height < 44)""",
            TARGETS,
        )
        assert small == [], address


def test_the_menu_stands_on_one_row_on_a_desktop(web, site):
    web.goto(site)  # 1280 px wide
    menu = web.get_by_role("navigation", name="Hauptnavigation")
    expect(web.get_by_role("button", name="Menü")).to_be_hidden()
    tops = {round(link.bounding_box()["y"]) for link in menu.get_by_role("link").all()}
    assert len(tops) == 1
