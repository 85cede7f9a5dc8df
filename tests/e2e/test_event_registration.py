"""A visitor registers for an event, gets the confirmation, and cancels through its link."""

import re
from urllib.parse import urlsplit

import pytest
from django.core import mail
from playwright.sync_api import expect

from events.models import Registration

pytestmark = pytest.mark.django_db(transaction=True)


def test_register_then_cancel_through_the_emailed_link(web, site, settings):
    settings.FORM_MIN_FILL_SECONDS = 0
    web.goto(f"{site}/veranstaltungen/")
    web.get_by_role("link", name=re.compile("Genehmigungen für Nachbarschaftsaktionen")).click()
    expect(web.get_by_role("heading", level=1)).to_contain_text("Genehmigungen")

    with web.expect_download() as download:
        web.get_by_role("link", name="In den Kalender eintragen").click()
    assert download.value.suggested_filename.endswith(".ics")

    form = web.locator("#anmeldung form")
    form.get_by_label("Name").fill("Jonas Beispiel")
    form.get_by_label("E-Mail-Adresse").fill("jonas@example.org")
    form.get_by_role("button", name="Anmelden").click()
    # Without consent the form comes back with the error at the checkbox, entries kept.
    consent = web.get_by_label("Ich bin einverstanden")
    expect(consent).to_have_attribute("aria-invalid", "true")
    expect(web.get_by_label("Name")).to_have_value("Jonas Beispiel")
    consent.check()
    web.locator("#anmeldung form").get_by_role("button", name="Anmelden").click()
    expect(web.get_by_role("heading", level=1)).to_have_text("Danke")
    registration = Registration.objects.get()
    assert registration.status == Registration.Status.CONFIRMED

    (confirmation,) = mail.outbox
    assert confirmation.subject.startswith("Anmeldung bestätigt: Werkstattgespräch")
    link = re.search(r"https?://\S+/absagen/\S+/", confirmation.body).group()
    web.goto(site + urlsplit(link).path)
    expect(
        web.get_by_text("Jonas Beispiel, Sie sind für diese Veranstaltung angemeldet")
    ).to_be_visible()
    web.get_by_role("button", name="Anmeldung absagen").click()
    expect(web.get_by_role("status")).to_contain_text("Ihre Anmeldung ist storniert")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.CANCELLED
    assert mail.outbox[-1].subject.startswith("Abgesagt:")
