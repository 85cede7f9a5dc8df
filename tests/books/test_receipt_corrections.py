"""Receipts that stay right: money that went back after a receipt flags it, Finance issues a
corrected receipt (or a cancellation) that names the old one, read back from the PDF; the
numbers of a year have no gaps, also when an issue fails or two treasurers issue at once."""

import datetime
import io
import threading
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.db import connection
from django.urls import reverse
from pypdf import PdfReader

from books import receipts
from books.models import Receipt
from donations.models import Payment
from tests.donations.stripe_events import dispute_event, refund_event
from tests.helpers import staff

BERLIN = datetime.timezone(datetime.timedelta(hours=1))
ISSUED = datetime.datetime(2026, 3, 20, 10, tzinfo=BERLIN)


def text_of(receipt):
    return " ".join(
        " ".join(page.extract_text().split()) for page in PdfReader(io.BytesIO(receipt.pdf)).pages
    )


@pytest.fixture
def finance(client, db):
    return staff(client, "kasse", Group.objects.get(name="Finance"))


@pytest.fixture
def receipted(new_donation, django_capture_on_commit_callbacks):
    """A paid payment of 100 € with its receipt issued."""
    payment = Payment.objects.create(
        donation=new_donation(amount="100"),
        stripe_id="pi_gift",
        payment_intent="pi_gift",
        status=Payment.Status.PAID,
        amount=Decimal(100),
        paid_at=datetime.datetime(2026, 3, 1, 12, tzinfo=BERLIN),
    )
    with time_machine.travel(ISSUED), django_capture_on_commit_callbacks(execute=True):
        receipts.issue_single(payment)
    mail.outbox.clear()
    payment.refresh_from_db()
    return payment


@time_machine.travel(datetime.datetime(2026, 4, 2, 10, tzinfo=BERLIN))
def test_a_partial_refund_flags_the_receipt_and_finance_issues_a_corrected_one(
    receipted, deliver, finance, django_capture_on_commit_callbacks
):
    old = receipted.receipt
    assert deliver(refund_event("pi_gift", 10000, 3000)).status_code == 200
    old.refresh_from_db()
    assert old.flagged_at is not None and "30,00 €" in old.flag_reason
    home = finance.get(reverse("wagtailadmin_home")).content.decode()
    assert "Zuwendungsbestätigungen zu berichtigen" in home
    flagged = finance.get(reverse("receipts:index"), {"to_correct": "true"}).content.decode()
    assert old.number in flagged and "Berichtigte Bestätigung ausstellen" in flagged

    correct = reverse("receipts:correct", args=[old.pk])
    with django_capture_on_commit_callbacks(execute=True):
        finance.post(correct, follow=True)
    new = Receipt.objects.get(replaces=old)
    text = text_of(new)
    assert "Berichtigte Bestätigung: ersetzt die Zuwendungsbestätigung Nr. 2026-00001 vom " \
           "20.03.2026, die damit ungültig ist." in text  # fmt: skip
    assert "70,00 €" in text and "siebzig Euro" in text and "01.03.2026" in text
    assert new.number == "2026-00002"
    receipted.refresh_from_db()
    assert receipted.receipt == new
    (sent,) = mail.outbox
    assert "ersetzt die Bestätigung Nr. 2026-00001" in sent.body
    again = finance.post(correct, follow=True).content.decode()
    assert "schon ersetzt" in again and Receipt.objects.count() == 2
    assert (
        "Zuwendungsbestätigungen zu berichtigen"
        not in finance.get(reverse("wagtailadmin_home")).content.decode()
    )


@time_machine.travel(datetime.datetime(2026, 4, 2, 10, tzinfo=BERLIN))
def test_money_returned_in_full_gets_a_cancellation(
    receipted, deliver, django_capture_on_commit_callbacks
):
    deliver(refund_event("pi_gift", 10000, 10000))
    old = Receipt.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        cancellation = receipts.issue_correction(old)
    assert cancellation.kind == Receipt.Kind.CANCELLATION
    text = text_of(cancellation)
    assert "Widerruf der Zuwendungsbestätigung Nr. 2026-00001" in text
    assert "vom 20.03.2026 über 100,00 € wird widerrufen" in text
    assert "Erstattung von 100,00 € bei Stripe" in text
    assert "Widerruf" in mail.outbox[0].subject


def test_a_dispute_flags_the_receipt_until_the_bank_decides_for_the_alliance(receipted, deliver):
    deliver(dispute_event("pi_gift", 10000))
    receipt = Receipt.objects.get()
    assert receipt.flagged_at is not None and "angefochten" in receipt.flag_reason
    deliver(dispute_event("pi_gift", 10000, kind="charge.dispute.closed", status="won"))
    receipt.refresh_from_db()
    assert (receipt.flagged_at, receipt.flag_reason) == (None, "")


def test_a_receipt_that_fails_leaves_no_gap_in_the_numbers(new_donation, monkeypatch):
    payments = [
        Payment.objects.create(
            donation=new_donation(amount="20"),
            stripe_id=f"pi_{n}",
            status="paid",
            amount=Decimal(20),
            paid_at=datetime.datetime(2026, 1, n + 1, 12, tzinfo=BERLIN),
        )
        for n in range(3)
    ]
    with time_machine.travel(datetime.datetime(2026, 12, 30, 10, tzinfo=BERLIN)):
        first = receipts.issue_single(payments[0])
        real_render = receipts.render
        monkeypatch.setattr(receipts, "render", lambda *args: 1 / 0)
        with pytest.raises(ZeroDivisionError):
            receipts.issue_single(payments[1])
        monkeypatch.setattr(receipts, "render", real_render)
        second = receipts.issue_single(payments[1])
    with time_machine.travel(datetime.datetime(2027, 1, 2, 10, tzinfo=BERLIN)):
        next_year = receipts.issue_single(payments[2])
    assert [first.number, second.number, next_year.number] == [
        "2026-00001", "2026-00002", "2027-00001",
    ]  # fmt: skip


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server database")
def test_two_treasurers_at_once_get_consecutive_numbers(demo_site, new_donation_factory):
    payments = [
        Payment.objects.create(
            donation=new_donation_factory(amount="30"),
            stripe_id=f"pi_t{n}",
            status="paid",
            amount=Decimal(30),
            paid_at=datetime.datetime(2026, 2, 1, 12, tzinfo=BERLIN),
        )
        for n in range(6)
    ]
    start = threading.Barrier(len(payments))
    errors = []

    def issue(payment):
        try:
            start.wait()
            receipts.issue_single(payment)
        except Exception as error:  # reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=issue, args=(p,)) for p in payments]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    year = Receipt.objects.get(payments=payments[0]).year
    assert sorted(Receipt.objects.values_list("serial", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert set(Receipt.objects.values_list("year", flat=True)) == {year}
