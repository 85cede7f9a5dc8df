"""The whole double opt-in in a browser: subscribe in the footer, open the link from the mail."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from newsletter.models import ConsentRecord, Subscriber

pytestmark = pytest.mark.django_db(transaction=True)


def test_subscribe_in_the_footer_and_confirm_through_the_mail(web, site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(f"{site}/berichte/")
    footer = web.locator("form.footer-newsletter")
    footer.get_by_label("E-Mail-Adresse").fill("jonas@example.org")
    footer.get_by_label("Ich möchte den Newsletter").check()
    footer.get_by_role("button", name="Abonnieren").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Danke")
    expect(web.get_by_role("status")).to_contain_text("Bitte öffnen Sie den Link")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING

    (message,) = mail.outbox
    link = re.search(r"https?://\S+/newsletter/bestaetigen/\S+/", message.body).group()
    web.goto(site + urlsplit(link).path)
    expect(web.get_by_role("heading", level=1)).to_have_text("Abonnement bestätigen")
    assert Subscriber.objects.get().status == Subscriber.Status.PENDING
    web.get_by_role("button", name="Ja, abonnieren").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Danke für Ihr Abonnement")
    expect(web.get_by_role("status")).to_contain_text("Ihr Abonnement ist bestätigt")
    assert Subscriber.objects.get().status == Subscriber.Status.CONFIRMED
    assert ConsentRecord.objects.get().source_url.endswith("/berichte/")


def test_errors_from_the_footer_form_show_on_the_newsletter_page(web, site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(site)
    footer = web.locator("form.footer-newsletter")
    footer.get_by_label("E-Mail-Adresse").fill("jonas@example.org")
    footer.get_by_role("button", name="Abonnieren").click()
    consent = web.locator("#abonnieren").get_by_label("Ich möchte den Newsletter")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(web.locator("#abonnieren").get_by_label("E-Mail-Adresse")).to_have_value(
        "jonas@example.org"
    )
    assert Subscriber.objects.count() == 0
