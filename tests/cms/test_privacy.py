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

from books.models import Receipt
from cms.forms import count
from cms.models import Counter, PrivacyRequest, ReviewStatus
from cms.pages import german
from cms.privacy import purge
from donations.models import Donation, DonationPage, Payment
from events.models import EventPage, Registration
from network.models import ManufakturPage, ManufakturSignup, PartnerApplication
from newsletter.models import ConsentRecord, Subscriber
from questionnaires.models import QuestionnairePage, QuestionnaireSubmission
from tests.helpers import staff

EMAIL = "jonas@example.org"


@pytest.fixture
def person(home):
    """Jonas, in every app: subscriber with proof of consent, applicant, volunteer, registrant,
    donor with a receipt and one who answered a questionnaire."""
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
        page=german(DonationPage.objects).get(),
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
        year=now.year,
        serial=1,
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
    QuestionnaireSubmission.objects.create(
        page=QuestionnairePage.objects.get(),
        key="00000000-0000-4000-8000-000000000002",
        form_data={"was_sollen_wir_besser_machen": "Mehr Kaffee"},
        email=EMAIL,
        consented_at=now,
        retention_days=QuestionnairePage.objects.get().retention_days,
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
        "questionnaires.submissions": 1,
    }
    assert data["records"]["donations.donations"][0]["street"] == "Marienplatz 8"
    answers = data["records"]["questionnaires.submissions"][0]["form_data"]
    assert answers == {"was_sollen_wir_besser_machen": "Mehr Kaffee"}
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
    assert not QuestionnaireSubmission.objects.exists()
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
    from books.privacy import DonationData

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
    today = timezone.localdate()
    export = client.post(url, {"email": EMAIL, "kind": "export", "received_on": today})
    assert export["Content-Disposition"] == 'attachment; filename="auskunft.json"'
    assert json.loads(export.content)["records"]["events.registrations"]
    unconfirmed = client.post(url, {"email": EMAIL, "kind": "erase", "received_on": today})
    assert unconfirmed.status_code == 200 and Registration.objects.exists()
    client.post(url, {"email": EMAIL, "kind": "erase", "confirm": "on", "received_on": today})
    assert not Registration.objects.exists()
    assert PrivacyRequest.objects.count() == 2
    assert not PrivacyRequest.objects.filter(handled_at=None).exists()


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


def test_an_open_request_is_noted_then_carried_out_from_its_row(client, person):
    """A request that came by post is noted with its day; the list shows when it is due; the
    office carries it out later from its row, and the log keeps no address."""
    staff(client, "buero", Group.objects.get(name="Office"))
    url = reverse("privacy_requests")
    noted = {"email": EMAIL, "kind": "erase", "received_on": "2026-12-01", "action": "later"}
    client.post(url, noted)  # no confirmation needed to note it
    request = PrivacyRequest.objects.get()
    assert (request.email, request.handled_at, request.due_on) == (
        EMAIL, None, datetime.date(2027, 1, 1)
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert EMAIL in page and "01.01.2027" in page
    prefilled = client.get(f"{url}?open={request.pk}").context["form"]
    assert prefilled.initial["open_request"] == request and prefilled.initial["email"] == EMAIL
    carried_out = {**noted, "action": "now", "confirm": "on", "open_request": request.pk}
    client.post(url, carried_out)
    request.refresh_from_db()
    assert request.handled_at and request.email == "" and request.counts
    assert request.received_on == datetime.date(2026, 12, 1)
    assert PrivacyRequest.objects.count() == 1 and not Registration.objects.exists()
    assert client.post(url, carried_out).status_code == 200  # answered: no longer open
    assert PrivacyRequest.objects.count() == 1


@pytest.mark.parametrize(
    "received, due",
    [("2026-12-15", "2027-01-15"), ("2027-01-31", "2027-02-28"), ("2028-01-31", "2028-02-29")],
)
def test_a_request_is_due_a_month_after_it_came_in(received, due):
    request = PrivacyRequest(received_on=datetime.date.fromisoformat(received))
    assert request.due_on == datetime.date.fromisoformat(due)


def test_a_request_cannot_come_in_tomorrow_nor_a_bad_row_break_the_page(client, person):
    staff(client, "buero", Group.objects.get(name="Office"))
    url = reverse("privacy_requests")
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    answer = client.post(
        url, {"email": EMAIL, "kind": "export", "received_on": tomorrow, "action": "later"}
    )
    assert answer.context["form"].errors["received_on"]
    assert not PrivacyRequest.objects.exists()
    for open_row in ("abc", "99999", "1e3"):
        assert client.get(f"{url}?open={open_row}").status_code == 200
