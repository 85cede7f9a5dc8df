"""A person's data across the site: exported whole, erased whole (donations anonymised and
kept), and purged when past its retention period; from the command line and from the admin."""

import datetime
import io
import json
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from cms.forms import count
from cms.models import Counter, PrivacyRequest, ReviewStatus
from cms.privacy import purge
from donations.models import Donation, DonationPage, Payment, Receipt
from events.models import EventPage, Registration
from network.models import ManufakturPage, ManufakturSignup, PartnerApplication
from newsletter.models import ConsentRecord, Subscriber
from tests.conftest import staff

EMAIL = "jonas@example.org"


@pytest.fixture
def person(home):
    """Jonas, in every app: subscriber with proof of consent, applicant, volunteer, registrant
    and donor with a receipt."""
    now = timezone.now()
    subscriber = Subscriber.objects.create(
        email=EMAIL, status=Subscriber.Status.CONFIRMED, requested_at=now
    )
    ConsentRecord.objects.create(
        subscriber=subscriber,
        email=EMAIL,
        requested_at=now,
        confirmed_at=now,
        consent_text="Ja, bitte",
        consent_text_version="abc",
        confirmation_mail_version="def",
    )
    PartnerApplication.objects.create(
        organisation_name="Jonas' Initiative",
        sector="civil_society",
        contact_name="Jonas Beispiel",
        email=EMAIL,
        offers="Zeit",
        wants="Austausch",
        consented_at=now,
    )
    ManufakturSignup.objects.create(
        manufaktur=ManufakturPage.objects.first(),
        name="Jonas Beispiel",
        email=EMAIL,
        contribution="Ideen",
        consented_at=now,
    )
    Registration.objects.create(
        event=EventPage.objects.first(),
        name="Jonas Beispiel",
        email=EMAIL,
        status=Registration.Status.CONFIRMED,
        consented_at=now,
    )
    donation = Donation.objects.create(
        uuid="00000000-0000-4000-8000-000000000001",
        page=DonationPage.objects.get(),
        amount=Decimal(50),
        interval="once",
        name="Jonas Beispiel",
        email=EMAIL,
        street="Marienplatz 8",
        postcode="80331",
        city="München",
        consented_at=now,
    )
    receipt = Receipt.objects.create(
        kind="single",
        name="Jonas Beispiel",
        address="Marienplatz 8\n80331 München",
        email=EMAIL,
        total=Decimal(50),
        period_start=now.date(),
        period_end=now.date(),
        pdf=b"%PDF",
    )
    Payment.objects.create(
        donation=donation,
        stripe_id="pi_jonas",
        status="paid",
        amount=Decimal(50),
        paid_at=now,
        receipt=receipt,
    )
    Subscriber.objects.create(email="someone@example.org", requested_at=now)  # not Jonas


def test_the_export_holds_everything_about_the_person(person):
    output = io.StringIO()
    call_command("privacy", "export", "  Jonas@Example.org ", stdout=output)
    data = json.loads(output.getvalue())
    assert data["email"] == EMAIL
    assert {label: len(rows) for label, rows in data["records"].items()} == {
        "newsletter.subscribers": 1,
        "newsletter.consent_records": 1,
        "network.partner_applications": 1,
        "network.manufaktur_signups": 1,
        "events.registrations": 1,
        "donations.donations": 1,
        "donations.payments": 1,
        "donations.receipts": 1,
    }
    assert data["records"]["donations.donations"][0]["street"] == "Marienplatz 8"
    assert "pdf" not in data["records"]["donations.receipts"][0]
    assert "token" not in data["records"]["newsletter.subscribers"][0]
    assert "someone@example.org" not in output.getvalue()
    assert PrivacyRequest.objects.get().kind == "export"


def test_erasure_deletes_all_but_the_tax_records_which_lose_the_name(person):
    output = io.StringIO()
    call_command("privacy", "erase", EMAIL, "--yes", stdout=output)
    assert not Subscriber.objects.filter(email=EMAIL).exists()
    assert not ConsentRecord.objects.exists()
    assert not PartnerApplication.objects.exists()
    assert not ManufakturSignup.objects.exists()
    assert not Registration.objects.exists()
    donation = Donation.objects.get()
    assert (donation.name, donation.email, donation.street, donation.city) == (
        "(anonymisiert)",
        "",
        "",
        "",
    )
    assert Payment.objects.get().amount == 50  # the ledger stays whole
    assert Receipt.objects.get().name == "Jonas Beispiel"  # the legally required copy
    assert Subscriber.objects.filter(email="someone@example.org").exists()
    log = PrivacyRequest.objects.get()
    assert log.kind == "erase" and EMAIL not in json.dumps(log.counts) + log.email_digest
    assert "records erased." in output.getvalue()


def test_erasure_is_all_or_nothing(person, monkeypatch):
    from donations.privacy import DonationData

    def fail(self, email):
        raise RuntimeError("database gone")

    monkeypatch.setattr(DonationData, "erase", fail)
    with pytest.raises(RuntimeError):
        call_command("privacy", "erase", EMAIL, "--yes", stdout=io.StringIO())
    assert Subscriber.objects.filter(email=EMAIL).exists()
    assert Registration.objects.exists()


def test_records_are_purged_after_their_retention_period(person, settings):
    settings.DECIDED_SUBMISSION_RETENTION_DAYS = 30
    settings.REGISTRATION_RETENTION_DAYS = 30
    PartnerApplication.objects.update(status=ReviewStatus.DECLINED)
    event = EventPage.objects.first()
    later = max(timezone.now(), event.end) + datetime.timedelta(days=31)
    with time_machine.travel(later):
        counts = purge()
    assert counts["network.partner_applications"] == 1
    assert counts["events.registrations"] == 1
    assert ManufakturSignup.objects.exists()  # still open: the office has not decided
    assert Donation.objects.exists()  # tax records: ten years
    with time_machine.travel(timezone.now() + datetime.timedelta(days=11 * 366)):
        purge()
    assert not Payment.objects.exists()
    assert not Receipt.objects.exists()
    assert not Donation.objects.exists()


def test_the_office_answers_requests_in_the_admin(client, person):
    staff(client, "buero", Group.objects.get(name="Office"))
    url = reverse("privacy_requests")
    assert client.get(url).status_code == 200
    export = client.post(url, {"email": EMAIL, "kind": "export"})
    assert export["Content-Disposition"] == 'attachment; filename="auskunft.json"'
    assert json.loads(export.content)["records"]["events.registrations"]
    unconfirmed = client.post(url, {"email": EMAIL, "kind": "erase"})
    assert unconfirmed.status_code == 200 and Registration.objects.exists()
    client.post(url, {"email": EMAIL, "kind": "erase", "confirm": "on"})
    assert not Registration.objects.exists()
    assert PrivacyRequest.objects.count() == 2


def test_others_cannot_use_it(client, person):
    staff(client, "kasse", Group.objects.get(name="Finance"))
    assert client.get(reverse("privacy_requests")).status_code in (302, 403)
    assert client.post(
        reverse("privacy_requests"), {"email": EMAIL, "kind": "erase", "confirm": "on"}
    ).status_code in (302, 403)
    assert Registration.objects.exists()


def test_expired_rate_limit_counters_go_with_the_purge(db):
    count("form-rate:newsletter:203.0.113.7", 600)
    count("login-failures:ip:198.51.100.9", 60)
    with time_machine.travel(timezone.now() + datetime.timedelta(seconds=120)):
        assert purge()["cms.Counter"] == 1
    assert list(Counter.objects.values_list("key", flat=True)) == [
        "form-rate:newsletter:203.0.113.7"
    ]
