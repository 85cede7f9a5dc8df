"""The admin's start page says what there is to do, per group: what each group's work is, how
much of it waits, and a link to the list that shows it."""

import datetime
import uuid
from decimal import Decimal

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.utils import timezone

from cms.models import PrivacyRequest
from cms.pages import german
from cms.privacy import note
from donations.models import Donation, DonationPage, Payment, StripeEvent
from events.models import EventPage
from events.services import register
from network.models import ManufakturPage, PartnerApplicationPage
from network.services import apply_as_partner, sign_up
from newsletter.models import Delivery, NewsletterPage, Sending, Subscriber
from tests.demo_records import EVENT_WITH_REGISTRATION, MANUFAKTUR
from tests.factories import application_entries, registration_entries, signup_entries
from tests.helpers import staff


def tasks(client):
    """{area: [(label, figure, link)]} of the start page's to-do panel."""
    panel = BeautifulSoup(client.get("/admin/").content, "html.parser").select_one(".office-tasks")
    return {
        heading.get_text(strip=True): [
            (row.a.get_text(strip=True), row.td.get_text(strip=True), row.a["href"])
            for row in heading.find_next("table").select("tr")
        ]
        for heading in panel.select("h3")
    }


@pytest.fixture
def work(db, django_capture_on_commit_callbacks):
    """Something waiting for each group."""
    apply_as_partner(PartnerApplicationPage.objects.get(), application_entries())
    sign_up(ManufakturPage.objects.get(slug=MANUFAKTUR), signup_entries(email="a@example.org"))
    event = EventPage.objects.get(slug=EVENT_WITH_REGISTRATION)
    event.start = timezone.now() + datetime.timedelta(days=2)
    event.end = event.start + datetime.timedelta(hours=2)
    event.registration_deadline = None
    event.capacity = 1
    event.waitlist = True
    event.save_revision().publish()
    for email in ("a@example.org", "b@example.org"):
        register(event, registration_entries(email=email))
    issue = NewsletterPage.objects.first()
    sending = Sending.objects.create(issue=issue, status=Sending.Status.DONE)
    subscriber = Subscriber.objects.create(email="weg@example.org", status="bounced")
    Delivery.objects.create(
        sending=sending, subscriber=subscriber, email=subscriber.email, status="bounced"
    )
    Delivery.objects.create(sending=sending, email="x@example.org", status="failed")
    page = german(DonationPage.objects).get()
    donation = Donation.objects.create(
        uuid=uuid.uuid4(), page=page, amount=Decimal(20), interval="once",
        name="Jonas", email="jonas@example.org", consented_at=timezone.now(),
    )  # fmt: skip
    Payment.objects.create(donation=donation, stripe_id="in_1", status="failed", amount=20)
    StripeEvent.objects.create(  # kept whole until its payment arrives, as the webhook keeps it
        id="evt_1",
        type="charge.refunded",
        created=timezone.now(),
        waiting_for="pi_x",
        payload={"id": "evt_1", "type": "charge.refunded"},
    )
    note(PrivacyRequest.Kind.ERASE, "weg@example.org", datetime.date(2026, 12, 1))
    note(PrivacyRequest.Kind.EXPORT, "jonas@example.org", datetime.date(2026, 11, 30))
    return event, issue


def test_the_office_sees_what_to_review_and_this_weeks_events(client, work):
    event, _issue = work
    staff(client, "buero", Group.objects.get(name="Office"))
    found = tasks(client)
    assert found["Zu prüfen"] == [
        ("Neue Bündnispartner-Bewerbungen", "1", "/admin/bewerbungen/?status=new"),
        ("Neue Manufaktur-Anmeldungen", "1", "/admin/anmeldungen/?status=new"),
    ]
    [(label, figure, link)] = found["Veranstaltungen dieser Woche"]
    assert figure == "1 von 1 Plätzen, 1 auf der Warteliste"
    assert label.endswith(event.title)
    assert link == f"/admin/veranstaltungen/anmeldungen/?event={event.pk}"
    assert found["Newsletter"][-1][:2] == ("Adressen, die in den letzten 30 Tagen zurückkamen", "1")
    assert found["Datenschutz"] == [  # a month after the first came in (GDPR Art. 12(3))
        ("Offene Datenschutzanfragen", "2, die erste fällig am 30.12.2026", "/admin/datenschutz/")
    ]
    assert "Spenden" not in found  # Finance's work
    for links in found.values():
        for _label, _figure, link in links:
            assert client.get(link).status_code == 200, link


def test_finance_sees_payments_disputes_and_unmatched_events(client, work):
    staff(client, "kasse", Group.objects.get(name="Finance"))
    found = tasks(client)
    assert set(found) == {"Spenden"}
    assert [(label, figure) for label, figure, _link in found["Spenden"]] == [
        ("Fehlgeschlagene Zahlungen der letzten 30 Tage", "1"),
        ("Stripe-Ereignisse ohne passende Zahlung", "1"),
    ]
    for _label, _figure, link in found["Spenden"]:
        assert client.get(link).status_code == 200, link


def test_with_nothing_waiting_the_panel_says_so(client, db):
    staff(client, "redaktion", Group.objects.get(name="Editors"))
    content = client.get("/admin/").content.decode()
    assert "Gerade wartet nichts auf Sie." in content
