"""A visitor fills in the donation form and is sent on to Stripe Checkout."""

import json
import re

import pytest
from playwright.sync_api import expect

from cms.pages import german
from donations.models import Donation, DonationPage
from tests.donations.stripe_events import WEBHOOK_SECRET, session_event, signature
from tests.e2e.axe import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def test_fill_the_form_and_reach_checkout(web, site, settings, stripe_server):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(f"{site}/mitmachen/spenden/")
    form = web.locator("#spende")
    form.get_by_label("Anderer Betrag", exact=True).check()
    form.get_by_label("Anderer Betrag in Euro").fill("42,50")
    form.get_by_label("Monatlich").check()
    form.get_by_label("Name").fill("Jonas Beispiel")
    form.get_by_label("E-Mail-Adresse").fill("jonas@example.org")
    form.get_by_label("Ich bin einverstanden").check()
    form.get_by_role("button", name="Weiter zur Zahlung").click()

    expect(web).to_have_url(re.compile(rf"^{stripe_server.url}/checkout/cs_test_"))
    expect(web.get_by_role("heading", level=1)).to_have_text("Stripe Checkout")
    donation = Donation.objects.get()
    assert (str(donation.amount), donation.interval) == ("42.50", "monthly")
    session = stripe_server.checkout_sessions()[0]
    assert session["mode"] == "subscription"

    # Stripe confirms the payment to the webhook, then sends the donor back.
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    body = json.dumps(session_event(donation)).encode()
    confirmation = web.request.post(
        f"{site}/stripe/webhook/",
        data=body,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature(body)},
    )
    assert confirmation.status == 200
    web.goto(session["success_url"])
    expect(web.get_by_role("heading", level=1)).to_have_text("Danke")
    expect(web.get_by_role("status")).to_contain_text("Herzlichen Dank für Ihre Spende!")


def test_the_girocode_takes_the_amount_chosen_in_the_form(web, site, stripe_server):
    page = german(DonationPage.objects).get()
    page.account_holder, page.iban = "BürgerStiftung München", "DE89370400440532013000"
    page.save_revision().publish()
    web.set_viewport_size({"width": 390, "height": 844})
    web.goto(f"{site}/mitmachen/spenden/")
    code = web.locator("#ueberweisung .girocode__image")
    expect(code.locator("svg")).to_be_visible()  # without an amount at first
    form = web.locator("#spende")
    form.get_by_label("Anderer Betrag", exact=True).check()
    form.get_by_label("Anderer Betrag in Euro").fill("1.234,50")
    form.get_by_label("Anderer Betrag in Euro").blur()
    expect(code.locator("img")).to_have_attribute("src", "/mitmachen/spenden/girocode/123450/")
    expect(code.locator("img")).to_have_js_property("complete", True)  # a busy machine is slow
    assert code.locator("img").evaluate("image => image.naturalWidth > 0")
    assert_accessible(web)
