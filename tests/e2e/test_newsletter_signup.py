"""The whole double opt-in in a browser: subscribe in the footer, open the link from the mail."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from newsletter.models import ConsentRecord, Subscriber
from tests.e2e.axe import assert_accessible

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


def test_choose_topics_then_change_them_through_the_link_in_an_issue(web, site, settings):
    """On a phone: topics chosen on the newsletter page, confirmed, then changed on the page the
    issue links to; both consents are proven."""
    settings.FORM_MIN_FILL_SECONDS = 0
    web.set_viewport_size({"width": 390, "height": 844})
    web.goto(f"{site}/newsletter/")
    form = web.locator("#abonnieren")
    form.get_by_label("E-Mail-Adresse").fill("lena@example.org")
    form.get_by_label("Veranstaltungen").check()
    form.get_by_label("Förderfristen").check()
    form.get_by_label("Ich möchte den Newsletter").check()
    form.get_by_role("button", name="Abonnieren").click()
    expect(web.get_by_role("status")).to_contain_text("Bitte öffnen Sie den Link")
    (message,) = mail.outbox
    web.goto(site + urlsplit(re.search(r"https?://\S+/bestaetigen/\S+/", message.body)[0]).path)
    web.get_by_role("button", name="Ja, abonnieren").click()
    expect(web.get_by_role("status")).to_contain_text("Ihr Abonnement ist bestätigt")

    subscriber = Subscriber.objects.get()
    web.goto(site + subscriber.preferences_path())  # the link in every issue
    assert_accessible(web)
    expect(web.get_by_label("Veranstaltungen")).to_be_checked()
    expect(web.get_by_label("Quartiere")).not_to_be_checked()
    web.get_by_label("Förderfristen").uncheck()
    web.get_by_label("Quartiere").check()
    web.get_by_label("Name (freiwillig)").fill("Lena Łukasiewicz")
    web.get_by_role("button", name="Speichern").click()
    expect(web.get_by_role("status")).to_have_text("Ihre Einstellungen sind gespeichert.")
    expect(web.get_by_label("Quartiere")).to_be_checked()
    assert web.evaluate("document.documentElement.scrollWidth") <= 390
    assert sorted(i.name for i in subscriber.interests.all()) == ["Quartiere", "Veranstaltungen"]
    proofs = ConsentRecord.objects.order_by("confirmed_at")
    assert [[i["name"] for i in proof.interests] for proof in proofs] == [
        ["Veranstaltungen", "Förderfristen"],
        ["Veranstaltungen", "Quartiere"],
    ]
    assert Subscriber.objects.get().name == "Lena Łukasiewicz"
