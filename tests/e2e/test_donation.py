"""A visitor fills in the donation form and is sent on to Stripe Checkout."""

import json
import re

import pytest
from playwright.sync_api import expect

from donations.models import Donation
from tests.donations.stripe_events import WEBHOOK_SECRET, session_event, signature

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
