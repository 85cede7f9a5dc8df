"""WCAG 2.1 AA in a real browser: axe-core finds nothing on any page type or form, also when a
form shows its errors; the donation and newsletter forms work with the keyboard alone; no page
loads anything from another host or trips its Content-Security-Policy."""

import re

import pytest
from playwright.sync_api import expect

from events.models import EventPage
from network.models import ManufakturPage, PartnerApplicationPage
from tests.demo_records import page_addresses
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_the_check_reports_what_it_finds(web, site):
    web.goto(site)
    web.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=x>')")
    with pytest.raises(AssertionError, match="image-alt"):
        assert_accessible(web)


def test_every_page_type_passes_axe(web, site):
    for address in page_addresses():
        web.goto(site + address)
        assert_accessible(web)


def test_every_page_type_passes_axe_on_a_phone(web, site):
    web.set_viewport_size({"width": 390, "height": 844})
    for address in page_addresses()[:4]:
        web.goto(site + address)
        assert_accessible(web)


def test_pages_load_nothing_from_other_hosts_and_break_no_policy(web, site):
    requested, console_errors = [], []
    web.on("request", lambda request: requested.append(request.url))
    web.on("console", lambda message: message.type == "error" and console_errors.append(message))
    for address in page_addresses():
        web.goto(site + address)
        web.mouse.wheel(0, 5000)  # lazy images too
    others = [url for url in requested if not url.startswith(site)]
    assert others == []
    refused = [m.text for m in console_errors if "Content Security Policy" in m.text]
    assert refused == []


def forms_with_errors():
    """Each public form, sent empty: (address, the form's button)."""
    event = EventPage.objects.filter(registration_required=True).order_by("start").first()
    return [
        ("/newsletter/", "#abonnieren button[type=submit]"),
        ("/mitmachen/spenden/", "#spende button[type=submit]"),
        (PartnerApplicationPage.objects.first().url, "main form button[type=submit]"),
        (ManufakturPage.objects.first().url, "main form button[type=submit]"),
        (event.url, "main form button[type=submit]"),
        ("/", "form.footer-newsletter button[type=submit]"),
    ]


def test_every_form_with_its_errors_passes_axe(web, site, settings, stripe_server):
    settings.FORM_MIN_FILL_SECONDS = 0
    for address, button in forms_with_errors():
        web.goto(site + address)
        web.locator(button).click()
        expect(web.locator(".errorlist, .form-errors").first).to_be_visible()
        assert_accessible(web)


def tab_to(web, selector, limit=120):
    """Press Tab until the focus is on selector, as someone without a mouse would."""
    for _press in range(limit):
        web.keyboard.press("Tab")
        if web.evaluate(f"document.activeElement.matches({selector!r})"):
            outline = web.evaluate(
                "getComputedStyle(document.activeElement).outlineStyle + ' ' + "
                "getComputedStyle(document.activeElement).boxShadow"
            )
            assert outline != "none none", f"{selector} shows no focus"
            return
    raise AssertionError(f"Tab never reached {selector}")


def test_donating_with_the_keyboard_alone(web, site, settings, stripe_server):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(f"{site}/mitmachen/spenden/")
    tab_to(web, "#spende input[name=amount]")
    web.keyboard.press("ArrowRight")  # radio buttons: arrows choose
    web.keyboard.press("ArrowRight")
    tab_to(web, "#spende input[name=interval]")
    web.keyboard.press("ArrowRight")
    tab_to(web, "#spende input[name=name]")
    web.keyboard.type("Jonas Beispiel")
    tab_to(web, "#spende input[name=email]")
    web.keyboard.type("jonas@example.org")
    tab_to(web, "#spende input[name=consent]")
    web.keyboard.press("Space")
    tab_to(web, "#spende button[type=submit]")
    web.keyboard.press("Enter")
    expect(web).to_have_url(re.compile(rf"^{stripe_server.url}/checkout/"))
    session = stripe_server.checkout_sessions()[0]
    assert session["mode"] == "subscription"
    assert session["line_items[0][price_data][unit_amount]"] == "5000"


def test_subscribing_with_the_keyboard_alone(web, site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(f"{site}/newsletter/")
    tab_to(web, "#abonnieren input[name=email]")
    web.keyboard.type("lena@example.org")
    tab_to(web, "#abonnieren input[name=consent]")
    web.keyboard.press("Space")
    tab_to(web, "#abonnieren button[type=submit]")
    web.keyboard.press("Enter")
    expect(web.get_by_role("status")).to_contain_text("Bitte öffnen Sie den Link")
